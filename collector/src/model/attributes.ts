/**
 * Attribute values as Sightline stores them, converted from OTLP `AnyValue`.
 *
 * - string, boolean and double map directly;
 * - int64 becomes a `number` when it is a safe integer, otherwise its decimal `string`;
 * - bytes become a base64 `string`;
 * - arrays and key/value lists nest.
 */
export type AttributeValue =
  | string
  | number
  | boolean
  | null
  | AttributeValue[]
  | { [key: string]: AttributeValue };

/** Attribute maps are plain objects keyed by attribute name. Any key may be filtered on. */
export type Attributes = Record<string, AttributeValue>;

/** The instrumentation scope that produced an item. */
export interface InstrumentationScope {
  name: string;
  version?: string;
}

/** The resource an item came from. `service.name` is lifted out because every query uses it. */
export interface ResourceInfo {
  serviceName: string;
  serviceNamespace?: string;
  serviceVersion?: string;
  serviceInstanceId?: string;
  /** All resource attributes, including `service.*`. */
  attributes: Attributes;
}

/** Renders an attribute value as the string used for equality filters (`key=value`). */
export function attributeValueToString(value: AttributeValue): string {
  if (value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

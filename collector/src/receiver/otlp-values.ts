import type { AttributeValue, Attributes, InstrumentationScope, ResourceInfo } from '../model/attributes.js';
import type { ConvertContext } from './convert-context.js';
import { OtlpDecodeError } from './otlp-decode-error.js';
import { HexBytes } from './otlp-reader.js';

/**
 * Conversions shared by every signal. They accept both shapes the receiver produces: messages
 * decoded by protobufjs (bytes as Uint8Array, or HexBytes through OtlpReader; 64-bit integers as
 * Long, or bigint/number through OtlpReader) and OTLP/JSON objects
 * (ids as hex strings, 64-bit integers as decimal strings or numbers, enums as numbers or names).
 */

/** The Long shape protobufjs decodes 64-bit fields into. */
interface LongLike {
  low: number;
  high: number;
  unsigned: boolean;
}

function isLong(value: unknown): value is LongLike {
  return typeof value === 'object' && value !== null && typeof (value as LongLike).low === 'number' && typeof (value as LongLike).high === 'number';
}

const HEX = /^[0-9a-fA-F]*$/;

/**
 * An id as lower-case hex: '' when absent or empty, `null` when malformed (wrong length or not hex).
 * All-zero ids come back as zeros; callers decide whether that is invalid.
 */
export function idToHex(value: unknown, bytes: number): string | null {
  if (value === undefined || value === null) return '';
  if (value instanceof HexBytes) return value.length === 0 ? '' : value.length === bytes ? value.hex : null;
  // protobufjs leaves an absent bytes field as its prototype default, an empty array.
  if (Array.isArray(value) && value.length === 0) return '';
  if (typeof value === 'string') {
    if (value.length === 0) return '';
    if (value.length !== bytes * 2 || !HEX.test(value)) return null;
    return value.toLowerCase();
  }
  if (value instanceof Uint8Array) {
    if (value.length === 0) return '';
    if (value.length !== bytes) return null;
    return Buffer.from(value.buffer, value.byteOffset, value.length).toString('hex');
  }
  return null;
}

export const ZERO_TRACE_ID = '0'.repeat(32);
export const ZERO_SPAN_ID = '0'.repeat(16);

/** An unsigned 64-bit nanosecond timestamp as bigint (0n when absent). */
export function toNanos(value: unknown, field: string): bigint {
  if (typeof value === 'bigint') return value < 0n ? BigInt.asUintN(64, value) : value;
  if (value === undefined || value === null) return 0n;
  if (isLong(value)) return (BigInt(value.high >>> 0) << 32n) | BigInt(value.low >>> 0);
  if (typeof value === 'string') {
    if (!/^\d+$/.test(value)) throw new OtlpDecodeError(`${field} must be an unsigned integer, got "${value.slice(0, 40)}"`);
    return BigInt(value);
  }
  if (typeof value === 'number') {
    if (!Number.isInteger(value) || value < 0) throw new OtlpDecodeError(`${field} must be an unsigned integer, got ${value}`);
    return BigInt(value);
  }
  throw new OtlpDecodeError(`${field} must be an unsigned integer`);
}

/** A 64-bit count (fixed64/uint64) as number (counts beyond 2^53 lose precision, as in JS anyway). */
export function toCount(value: unknown, field: string): number {
  if (value === undefined || value === null) return 0;
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (isLong(value)) return (value.unsigned ? value.high >>> 0 : value.high) * 4294967296 + (value.low >>> 0);
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return Number(value);
  throw new OtlpDecodeError(`${field} must be an integer`);
}

/** A signed int64 as number when safe, else as its decimal string (the attribute model's rule). */
function int64ToValue(value: unknown): number | string {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return value >= -0x1fffffffffffffn && value <= 0x1fffffffffffffn ? Number(value) : value.toString();
  if (isLong(value)) {
    const high = value.unsigned ? value.high >>> 0 : value.high;
    if (high >= -0x200000 && high < 0x200000) return high * 4294967296 + (value.low >>> 0);
    const big = (BigInt(high) << 32n) | BigInt(value.low >>> 0);
    return big.toString();
  }
  if (typeof value === 'string') {
    if (!/^-?\d+$/.test(value)) throw new OtlpDecodeError(`intValue must be an integer, got "${value.slice(0, 40)}"`);
    const n = Number(value);
    return Number.isSafeInteger(n) ? n : BigInt(value).toString();
  }
  throw new OtlpDecodeError('intValue must be an integer');
}

/** A double that OTLP/JSON may send as a number or as "NaN"/"Infinity"/"-Infinity". */
export function toDouble(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return Number(value);
  if (typeof value === 'bigint') return Number(value);
  if (isLong(value)) return toCount(value, 'value');
  return 0;
}

function bytesToBase64(value: unknown): string {
  if (typeof value === 'string') return value; // OTLP/JSON carries bytes as base64 already
  if (value instanceof HexBytes) return Buffer.from(value.hex, 'hex').toString('base64');
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.length).toString('base64');
  return '';
}

interface AnyValueLike {
  stringValue?: unknown;
  boolValue?: unknown;
  intValue?: unknown;
  doubleValue?: unknown;
  arrayValue?: { values?: unknown } | null;
  kvlistValue?: { values?: unknown } | null;
  bytesValue?: unknown;
}

/** OTLP AnyValue → stored value. Strings longer than `maxLength` are cut and counted. */
export function anyValue(value: AnyValueLike | null | undefined, ctx: ConvertContext, maxLength: number, depth = 0): AttributeValue {
  if (value === null || value === undefined) return null;
  // Oneof members are tested as own properties: protobufjs keeps defaults on the prototype. Its
  // default string is '', so a non-empty string (most attributes) is the member that was sent.
  const sent = value.stringValue;
  if ((typeof sent === 'string' && sent !== '') || has(value, 'stringValue')) {
    const s = String(sent);
    if (s.length > maxLength) {
      ctx.truncated.attribute_value++;
      return s.slice(0, maxLength);
    }
    return s;
  }
  if (has(value, 'intValue')) return int64ToValue(value.intValue);
  if (has(value, 'doubleValue')) return toDouble(value.doubleValue);
  if (has(value, 'boolValue')) return value.boolValue === true || value.boolValue === 'true';
  if (depth > 16) return null; // pathological nesting: keep the item, drop the deep value
  if (has(value, 'arrayValue') && value.arrayValue) {
    return asArray(value.arrayValue.values, 'arrayValue.values').map((v) => anyValue(v as AnyValueLike, ctx, maxLength, depth + 1));
  }
  if (has(value, 'kvlistValue') && value.kvlistValue) {
    const out: { [key: string]: AttributeValue } = {};
    for (const kv of asArray(value.kvlistValue.values, 'kvlistValue.values') as KeyValueLike[]) {
      out[String(kv.key ?? '')] = anyValue(kv.value, ctx, maxLength, depth + 1);
    }
    return out;
  }
  if (has(value, 'bytesValue')) return bytesToBase64(value.bytesValue);
  return null;
}

interface KeyValueLike {
  key?: unknown;
  value?: AnyValueLike | null;
}

/** An own, non-null property: how a oneof member (or proto3 optional) is known to be set. */
export function has(obj: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(obj, key) && (obj as Record<string, unknown>)[key] != null;
}

export function asArray(value: unknown, field: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value;
  throw new OtlpDecodeError(`${field} must be an array`);
}

/**
 * KeyValue list → attribute map, keeping at most `maxAttributes` (the rest counted as dropped).
 * Returns the number dropped so callers can add it to the item's dropped count.
 */
export function attributes(list: unknown, ctx: ConvertContext, out: Attributes, field = 'attributes'): number {
  const items = asArray(list, field) as KeyValueLike[];
  const max = ctx.limits.maxAttributes;
  const maxLength = ctx.limits.maxAttributeValueLength;
  const n = items.length;
  const kept = n > max ? max : n;
  for (let i = 0; i < kept; i++) {
    const kv = items[i];
    if (kv === null || typeof kv !== 'object') throw new OtlpDecodeError(`${field}[${i}] must be a KeyValue object`);
    out[String(kv.key ?? '')] = anyValue(kv.value, ctx, maxLength);
  }
  if (n > kept) ctx.truncated.attributes += n - kept;
  return n - kept;
}

interface ResourceLike {
  attributes?: unknown;
}

export const UNKNOWN_SERVICE = 'unknown_service';

export function resourceInfo(resource: ResourceLike | null | undefined, ctx: ConvertContext): ResourceInfo {
  const attrs: Attributes = {};
  if (resource) attributes(resource.attributes, ctx, attrs, 'resource.attributes');
  const info: ResourceInfo = { serviceName: stringAttr(attrs['service.name']) || UNKNOWN_SERVICE, attributes: attrs };
  const namespace = stringAttr(attrs['service.namespace']);
  const version = stringAttr(attrs['service.version']);
  const instance = stringAttr(attrs['service.instance.id']);
  if (namespace) info.serviceNamespace = namespace;
  if (version) info.serviceVersion = version;
  if (instance) info.serviceInstanceId = instance;
  return info;
}

function stringAttr(value: AttributeValue | undefined): string {
  return typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value);
}

interface ScopeLike {
  name?: unknown;
  version?: unknown;
}

export function scopeInfo(scope: ScopeLike | null | undefined): InstrumentationScope {
  if (!scope) return { name: '' };
  const info: InstrumentationScope = { name: String(scope.name ?? '') };
  if (scope.version) info.version = String(scope.version);
  return info;
}

/** An enum sent as a number (protobuf, OTLP/JSON) or by its name (proto3 JSON). */
export function enumValue(value: unknown, names: Record<string, number>, field: string): number {
  if (value === undefined || value === null) return 0;
  if (typeof value === 'number') return value;
  if (typeof value === 'string') {
    const n = names[value];
    if (n !== undefined) return n;
    if (/^\d+$/.test(value)) return Number(value);
  }
  throw new OtlpDecodeError(`${field} has an unknown value ${JSON.stringify(value).slice(0, 40)}`);
}

/**
 * A stable string of a value for deterministic ids (bigint-safe JSON). Attribute values never
 * hold a bigint, so plain JSON.stringify (several times faster than with a replacer function)
 * is tried first; the replacer is only for a value it refuses.
 */
export function stableText(value: unknown): string {
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return JSON.stringify(value, (_key, v) => (typeof v === 'bigint' ? v.toString() : v)) ?? '';
  }
}

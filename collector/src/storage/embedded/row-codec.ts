import { attributeValueToString } from '../../model/attributes.js';
import type { Attributes, AttributeValue } from '../../model/attributes.js';
import type { AttributeFilter, TimeRange } from '../time-range.js';
import type { SqlParam } from './duckdb-database.js';

/**
 * Attributes are searchable as one string column, `attr_text`: every attribute rendered as
 * `<RS>key<US>value` and the list closed by `<RS>`. A filter `key=value` becomes a substring test
 * for `<RS>key<US>value<RS>`, which DuckDB runs fast on a plain VARCHAR (much faster to load
 * than a LIST column) and which needs no schema change per key. The ASCII record/unit separators
 * practically never occur in attribute keys or values.
 */
const RECORD_SEPARATOR = '\u001e';
const KEY_VALUE_SEPARATOR = '\u001f';

/** The `attr_text` value for these attribute maps (later maps may repeat keys: either matches). */
export function attributeText(...maps: Attributes[]): string {
  let text = RECORD_SEPARATOR;
  for (const map of maps) {
    for (const key in map) text += key + KEY_VALUE_SEPARATOR + attributeValueToString(map[key]) + RECORD_SEPARATOR;
  }
  return text;
}

/**
 * Memoises a rendering of objects that many items share (the receiver gives every span of one
 * OTLP ResourceSpans the same resource object), so each is rendered once per batch, not per span.
 * Assumes the objects are not mutated after they are first written.
 */
export function memoByIdentity<T extends object, R = string>(render: (value: T) => R): (value: T) => R {
  const cache = new WeakMap<T, R>();
  return (value) => {
    let rendered = cache.get(value);
    if (rendered === undefined) {
      rendered = render(value);
      cache.set(value, rendered);
    }
    return rendered;
  };
}

/** The `attr_text` entry for one `key=value` (for an extra entry appended at write time). */
export function attributeTextEntry(key: string, value: string): string {
  return key + KEY_VALUE_SEPARATOR + value + RECORD_SEPARATOR;
}

/** What an `attr_text` must contain for `key=value` to match. */
export function attributeFilterEntry(filter: AttributeFilter): string {
  return RECORD_SEPARATOR + attributeTextEntry(filter.key, filter.value);
}

/** SQL conditions requiring every filter to match an attribute in `column` (an `attr_text`); parameters pushed onto `params`. */
export function attributeFilterSql(column: string, filters: readonly AttributeFilter[] | undefined, params: SqlParam[]): string[] {
  return (filters ?? []).map((filter) => {
    params.push(attributeFilterEntry(filter));
    return `contains(${column}, ?)`;
  });
}

/** `column` within the half-open range, as SQL with literal bigints (safe: digits only). */
export function rangeSql(column: string, range: TimeRange): string {
  return `${column} >= ${BigInt(range.startUnixNano)} AND ${column} < ${BigInt(range.endUnixNano)}`;
}

/**
 * JSON for the `doc` columns. Callers turn bigints into decimal strings first (and back on read):
 * a replacer function would be called for every key and triple the cost of the write path.
 * Non-finite doubles (NaN, ±Infinity) cannot be written in JSON and come back as null.
 */
export function encodeJson(value: unknown): string {
  return JSON.stringify(value);
}

export function decodeJson<T>(text: string): T {
  return JSON.parse(text) as T;
}

/** A log body rendered as the text that the `text` filter searches. */
export function bodyText(body: AttributeValue): string {
  return attributeValueToString(body);
}

export function toNumber(value: unknown): number {
  return typeof value === 'bigint' ? Number(value) : (value as number);
}

export function toBigInt(value: unknown): bigint {
  return typeof value === 'bigint' ? value : BigInt(value as number);
}

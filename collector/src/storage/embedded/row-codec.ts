import { attributeValueToString } from '../../model/attributes.js';
import type { Attributes, AttributeValue } from '../../model/attributes.js';
import type { AttributeFilter, TimeRange } from '../time-range.js';
import type { SqlParam } from './duckdb-database.js';

/**
 * Separates key from value in the `attr_kv` list columns. A control character that OTLP
 * producers practically never put in attribute keys, so `a=b` + `c` cannot collide with `a` + `b=c`.
 */
const KEY_VALUE_SEPARATOR = '\u001f';

/** `key<US>value` as stored in `attr_kv` and as searched for by an attribute filter. */
export function keyValueEntry(key: string, value: string): string {
  return key + KEY_VALUE_SEPARATOR + value;
}

/**
 * Every attribute of every map rendered as `key<US>value` (the form `key=value` filters compare
 * against), duplicates removed. One list column filters on any key without a schema change.
 */
export function attributeEntries(...maps: Attributes[]): string[] {
  const entries = new Set<string>();
  for (const map of maps) {
    for (const key of Object.keys(map)) entries.add(keyValueEntry(key, attributeValueToString(map[key])));
  }
  return [...entries];
}

/**
 * SQL condition requiring every filter to match an entry of `column`; parameters are pushed onto
 * `params` (DuckDB `?` placeholders, in order).
 */
export function attributeFilterSql(column: string, filters: readonly AttributeFilter[] | undefined, params: SqlParam[]): string[] {
  return (filters ?? []).map((filter) => {
    params.push(keyValueEntry(filter.key, filter.value));
    return `list_contains(${column}, ?)`;
  });
}

/** `column` within the half-open range, as SQL with literal bigints (safe: digits only). */
export function rangeSql(column: string, range: TimeRange): string {
  return `${column} >= ${BigInt(range.startUnixNano)} AND ${column} < ${BigInt(range.endUnixNano)}`;
}

/** JSON that keeps non-finite doubles (which JSON.stringify would turn into null). */
export function encodeJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) => {
    if (typeof inner === 'number' && !Number.isFinite(inner)) return { $number: String(inner) };
    if (typeof inner === 'bigint') return { $bigint: inner.toString() };
    return inner;
  });
}

export function decodeJson<T>(text: string): T {
  return JSON.parse(text, (_key, inner: unknown) => {
    if (inner !== null && typeof inner === 'object' && !Array.isArray(inner)) {
      const record = inner as Record<string, unknown>;
      const keys = Object.keys(record);
      if (keys.length === 1 && typeof record.$number === 'string') return Number(record.$number);
      if (keys.length === 1 && typeof record.$bigint === 'string') return BigInt(record.$bigint);
    }
    return inner;
  }) as T;
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

/**
 * `trace_parts.trace_key`: the trace id's low 64 bits as a number when they are hex (W3C ids),
 * else 0. Finding a trace's parts then scans one number column, and compares strings only on
 * the few rows whose key matches.
 */
export const TRACE_KEY_SQL = (column: string): string => `coalesce(TRY_CAST('0x' || right(${column}, 16) AS UBIGINT), 0)`;

const HEX_32 = /^[0-9a-f]{32}$/;

/**
 * A condition (followed by `AND `) on `trace_key` for `traceId`, or '' when the id is not 32
 * lowercase hex digits (there the string test alone decides; such ids only come from tests).
 */
export function traceKeyCondition(traceId: string): string {
  return HEX_32.test(traceId) ? `trace_key = ${BigInt(`0x${traceId.slice(16)}`)} AND ` : '';
}

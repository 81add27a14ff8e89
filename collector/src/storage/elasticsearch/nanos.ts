/**
 * Nanosecond timestamps in Elasticsearch: `date_nanos` fields take ISO-8601 strings with nine
 * fraction digits (exact), and accept only 1970..2262, so values outside are clamped. The exact
 * bigint also travels as a decimal string in `_source` (JSON numbers lose precision past 2^53).
 */
const MAX_DATE_NANOS = 9_223_372_036_854_775_807n;
const NANOS_PER_MS = 1_000_000n;

export function clampNanos(unixNano: bigint): bigint {
  if (unixNano < 0n) return 0n;
  return unixNano > MAX_DATE_NANOS ? MAX_DATE_NANOS : unixNano;
}

/** `2026-11-21T19:17:16.123456789Z` for a `date_nanos` field or range bound. */
export function nanosToIso(unixNano: bigint): string {
  const clamped = clampNanos(unixNano);
  const ms = clamped / NANOS_PER_MS;
  const subMs = clamped % NANOS_PER_MS;
  const iso = new Date(Number(ms)).toISOString(); // 2026-11-21T19:17:16.123Z
  return `${iso.slice(0, -1)}${String(subMs).padStart(6, '0')}Z`;
}

/**
 * Nanosecond timestamps in Elasticsearch: `date_nanos` fields take ISO-8601 strings with nine
 * fraction digits (exact), and accept only 1970..2262, so values outside are clamped. The exact
 * bigint also travels as a decimal string in `_source` (JSON numbers lose precision past 2^53).
 */
const MAX_DATE_NANOS = 9_223_372_036_854_775_807n;

export function clampNanos(unixNano: bigint): bigint {
  if (unixNano < 0n) return 0n;
  return unixNano > MAX_DATE_NANOS ? MAX_DATE_NANOS : unixNano;
}

/** The date-and-seconds part of the last second rendered: spans of a batch share their seconds. */
let lastSecond = -1;
let lastSecondIso = '';

/** `2026-11-21T19:17:16.123456789Z` for a `date_nanos` field or range bound. */
export function nanosToIso(unixNano: bigint): string {
  // Two writes per span: decimal digits and a cached seconds prefix instead of bigint division
  // and a Date per call.
  const digits = clampNanos(unixNano).toString().padStart(10, '0');
  const second = Number(digits.slice(0, -9));
  if (second !== lastSecond) {
    lastSecondIso = new Date(second * 1000).toISOString().slice(0, 19); // 2026-11-21T19:17:16
    lastSecond = second;
  }
  return `${lastSecondIso}.${digits.slice(-9)}Z`;
}

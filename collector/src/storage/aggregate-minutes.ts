import type { TimeRange } from './time-range.js';

/**
 * Time math both aggregate backends share: rows are per minute (`minuteUnixMs`, integer ms), reads
 * take a nanosecond range and an optional step.
 */
const NANOS_PER_MS = 1_000_000n;
const MINUTE_MS = 60_000;

/** Smallest integer ms whose instant is at or after `unixNano` (bigint division truncates toward zero). */
function ceilMs(unixNano: bigint): bigint {
  const ms = unixNano / NANOS_PER_MS;
  return unixNano % NANOS_PER_MS > 0n ? ms + 1n : ms;
}

/**
 * [from, to) in ms such that a row whose minute starts at m (ms) is in `range` iff from <= m < to:
 * m*1e6 >= start  <=>  m >= ceil(start/1e6), and likewise for the end.
 */
export function minuteBoundsMs(range: TimeRange): [bigint, bigint] {
  return [ceilMs(range.startUnixNano), ceilMs(range.endUnixNano)];
}

/** The step actually used: whole ms, at least one minute (rows are per minute); steps align to the epoch. */
export function effectiveStepMs(stepMs: number): number {
  return Math.max(MINUTE_MS, Math.floor(stepMs));
}

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

/**
 * Rollup widths both backends keep: 15-minute buckets of minute rows (a day is 96 rows per series
 * instead of 1,440), each also as three 5-minute parts for steps that cut a bucket (e.g. the
 * 24-minute steps of a 24 h sparkline).
 */
export const ROLLUP_MS = 900_000;
export const SUB_ROLLUP_MS = 300_000;

/** Start of the 15-minute rollup bucket holding a minute. */
export function rollupBucketOf(minuteUnixMs: number): number {
  return Math.floor(minuteUnixMs / ROLLUP_MS) * ROLLUP_MS;
}

/** [from, to) ms ranges, ascending, adjacent ones merged. */
export type MsRanges = [number, number][];

/** Appends [from, to) to ascending `ranges`, merging it into the last range when they touch. */
export function addRange(ranges: MsRanges, from: number, to: number): void {
  const last = ranges[ranges.length - 1];
  if (last !== undefined && last[1] === from) last[1] = to;
  else ranges.push([from, to]);
}

/** Which rows a query over minutes [fromMs, toMs) reads: minute rows, 15-minute and 5-minute rollups. */
export interface RollupPlan {
  minutes: MsRanges;
  coarse: MsRanges;
  fine: MsRanges;
}

/**
 * Of each fresh (up-to-date) 15-minute bucket lying wholly in [fromMs, toMs): its rollup row when
 * it lies inside one step (steps align to multiples of the step, as `minute_ms // step * step` and
 * the composite histogram do), else its 5-minute rows that lie inside one step; minute rows for
 * everything else. Each minute is read from exactly one of the three.
 */
export function planRollups(fromMs: number, toMs: number, stepMs: number | undefined, freshBuckets: readonly number[]): RollupPlan {
  const step = stepMs === undefined ? undefined : effectiveStepMs(stepMs);
  const plan: RollupPlan = { minutes: [], coarse: [], fine: [] };
  const withinOneStep = (start: number, width: number): boolean =>
    step === undefined || Math.floor(start / step) === Math.floor((start + width - 1) / step);
  const covered: MsRanges = [];
  // A step shorter than 5 minutes cuts every rollup row.
  if (step === undefined || step >= SUB_ROLLUP_MS) {
    for (const start of [...new Set(freshBuckets)].sort((a, b) => a - b)) {
      if (start < fromMs || start + ROLLUP_MS > toMs) continue;
      if (withinOneStep(start, ROLLUP_MS)) {
        addRange(plan.coarse, start, start + ROLLUP_MS);
        addRange(covered, start, start + ROLLUP_MS);
        continue;
      }
      for (let part = start; part < start + ROLLUP_MS; part += SUB_ROLLUP_MS) {
        if (!withinOneStep(part, SUB_ROLLUP_MS)) continue;
        addRange(plan.fine, part, part + SUB_ROLLUP_MS);
        addRange(covered, part, part + SUB_ROLLUP_MS);
      }
    }
  }
  covered.sort((a, b) => a[0] - b[0]);
  let at = fromMs;
  for (const [from, to] of covered) {
    if (from > at) addRange(plan.minutes, at, from);
    at = Math.max(at, to);
  }
  if (at < toMs) addRange(plan.minutes, at, toMs);
  return plan;
}

/**
 * Histogram metric series → a heatmap: one column per step, one row per bucket, each cell the
 * number of observations that fell in that bucket during that step.
 *
 * The series API gives, per step, the histogram's counts as the streams reported them. For
 * cumulative histograms (the OpenTelemetry SDK's default, and what Sightline's instrumentation
 * sends) those are totals since the process started, so a step's observations are the increase
 * over the previous step, as Prometheus' `increase()` computes it: when any bucket went down the
 * process restarted (a counter reset), and the step's counts are new observations as they stand.
 * The first step of a series has nothing to compare with and only serves as the baseline.
 */
export interface HistogramSeriesInput {
  points: { timeMs: number; histogram?: { explicitBounds: number[]; bucketCounts: number[] } }[];
}

/** Bucket i of an explicit-bounds histogram holds values in (lower, upper]; the outer ones are open-ended. */
export interface HeatmapBucket {
  lower: number;
  upper: number;
}

export interface Heatmap {
  /** Start of each step with observations, ascending. */
  times: number[];
  /** Lowest bucket first. */
  buckets: HeatmapBucket[];
  /** counts[t][b]: observations in bucket b during the step starting at times[t]. */
  counts: number[][];
  /** Largest cell count (0 when there are no observations). */
  max: number;
  /** Series left out because their bucket bounds differ from the first one's (counts of different buckets cannot be added). */
  skippedSeries: number;
}

const sameBounds = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((bound, i) => bound === b[i]);

/** Adds up the per-step increases of every series that shares the first histogram's bounds. */
export function toHistogramHeatmap(series: readonly HistogramSeriesInput[]): Heatmap {
  let bounds: number[] | undefined;
  let skippedSeries = 0;
  const byTime = new Map<number, number[]>();
  for (const one of series) {
    const points = one.points.filter((p) => p.histogram).sort((a, b) => a.timeMs - b.timeMs);
    if (points.length === 0) continue;
    bounds ??= points[0].histogram!.explicitBounds;
    if (!points.every((p) => sameBounds(p.histogram!.explicitBounds, bounds!))) {
      skippedSeries++;
      continue;
    }
    let previous: number[] | undefined;
    for (const point of points) {
      const current = point.histogram!.bucketCounts;
      if (previous) {
        const reset = current.some((count, i) => count < (previous![i] ?? 0));
        const cells = byTime.get(point.timeMs) ?? new Array<number>(bounds.length + 1).fill(0);
        current.forEach((count, i) => {
          if (i < cells.length) cells[i] += reset ? count : count - (previous![i] ?? 0);
        });
        byTime.set(point.timeMs, cells);
      }
      previous = current;
    }
  }
  const times = [...byTime.keys()].sort((a, b) => a - b);
  const counts = times.map((time) => byTime.get(time)!);
  const buckets: HeatmapBucket[] = bounds
    ? Array.from({ length: bounds.length + 1 }, (_, i) => ({ lower: i === 0 ? -Infinity : bounds![i - 1], upper: i === bounds!.length ? Infinity : bounds![i] }))
    : [];
  let max = 0;
  for (const column of counts) for (const count of column) if (count > max) max = count;
  return { times, buckets, counts, max, skippedSeries };
}

/** A bucket as text: "≤ 10", "10–25", "> 1000" (values through `format`, e.g. with the unit). */
export function bucketLabel(bucket: HeatmapBucket, format: (value: number) => string): string {
  if (bucket.lower === -Infinity && bucket.upper === Infinity) return 'all';
  if (bucket.lower === -Infinity) return `≤ ${format(bucket.upper)}`;
  if (bucket.upper === Infinity) return `> ${format(bucket.lower)}`;
  return `${format(bucket.lower)}–${format(bucket.upper)}`;
}

/**
 * A cell's colour: light to dark blue by the square root of its share of the largest count, so a
 * few busy cells do not wash out the rest; empty cells get none.
 */
export function heatColor(count: number, max: number): string | null {
  if (count <= 0 || max <= 0) return null;
  const t = Math.sqrt(Math.min(1, count / max));
  const mix = (from: number, to: number) => Math.round(from + (to - from) * t);
  // #dbeafe → #1e3a8a
  return `rgb(${mix(0xdb, 0x1e)}, ${mix(0xea, 0x3a)}, ${mix(0xfe, 0x8a)})`;
}

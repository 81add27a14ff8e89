/**
 * Log-scale latency histogram shared by span metrics, service-graph edges, storage and queries.
 *
 * Bucket `i` holds durations in (BASE^i, BASE^(i+1)] microseconds with BASE = 2^(1/16)
 * (OpenTelemetry exponential-histogram scale 4). A quantile read from a bucket is reported as the
 * bucket's geometric midpoint, so it is within ±2.2% of the exact value — comfortably inside the
 * ~5% the service pages promise. Durations at or below 1 µs land in bucket 0; the top bucket is
 * capped so a clock-skewed span cannot create an unbounded index.
 *
 * Histograms are sparse: only non-empty buckets are kept, keyed by index, so one minute of one
 * operation usually costs a few dozen numbers.
 */
export const BUCKETS_PER_OCTAVE = 16;
export const BASE = 2 ** (1 / BUCKETS_PER_OCTAVE);
/** 2^40 µs ≈ 12.7 days: anything longer is clamped into the last bucket. */
export const MAX_BUCKET_INDEX = 40 * BUCKETS_PER_OCTAVE - 1;

/** Sparse bucket counts keyed by bucket index. */
export type SparseHistogram = Record<number, number>;

export function bucketIndexForNanos(durationNano: number): number {
  const micros = durationNano / 1000;
  if (!(micros > 1)) return 0;
  const index = Math.ceil(Math.log2(micros) * BUCKETS_PER_OCTAVE) - 1;
  return Math.min(Math.max(index, 0), MAX_BUCKET_INDEX);
}

export function bucketLowerBoundNanos(index: number): number {
  return index === 0 ? 0 : BASE ** index * 1000;
}

export function bucketUpperBoundNanos(index: number): number {
  return BASE ** (index + 1) * 1000;
}

/** The value a quantile falling in this bucket is reported as (geometric midpoint). */
export function bucketRepresentativeNanos(index: number): number {
  return BASE ** (index + 0.5) * 1000;
}

export function recordDuration(histogram: SparseHistogram, durationNano: number, count = 1): void {
  const index = bucketIndexForNanos(durationNano);
  histogram[index] = (histogram[index] ?? 0) + count;
}

/** Adds `source` into `target` in place and returns `target`. */
export function mergeHistogram(target: SparseHistogram, source: SparseHistogram): SparseHistogram {
  for (const key of Object.keys(source)) {
    const index = Number(key);
    target[index] = (target[index] ?? 0) + source[index];
  }
  return target;
}

export function histogramCount(histogram: SparseHistogram): number {
  let total = 0;
  for (const key of Object.keys(histogram)) total += histogram[Number(key)];
  return total;
}

/**
 * Quantile `q` (0..1) in nanoseconds, or `undefined` for an empty histogram.
 * Uses the nearest-rank definition over bucket counts.
 */
export function quantileNanos(histogram: SparseHistogram, q: number): number | undefined {
  const indexes = Object.keys(histogram).map(Number).sort((a, b) => a - b);
  let total = 0;
  for (const index of indexes) total += histogram[index];
  if (total === 0) return undefined;
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (const index of indexes) {
    seen += histogram[index];
    if (seen >= rank) return bucketRepresentativeNanos(index);
  }
  return bucketRepresentativeNanos(indexes[indexes.length - 1]);
}

/**
 * Quantile of an explicit-bucket histogram by linear interpolation within the bucket, as
 * Prometheus' `histogram_quantile` does: the first bucket starts at 0 (when its bound is positive),
 * and a rank in the +Inf bucket answers the highest finite bound. `null` for an empty histogram.
 */
export function explicitHistogramQuantile(explicitBounds: readonly number[], bucketCounts: readonly number[], q: number): number | null {
  let total = 0;
  for (const count of bucketCounts) total += count;
  if (total <= 0) return null;
  const rank = q * total;
  let seen = 0;
  for (let index = 0; index < bucketCounts.length; index++) {
    const count = bucketCounts[index];
    if (seen + count >= rank && count > 0) {
      if (index >= explicitBounds.length) return explicitBounds.length > 0 ? explicitBounds[explicitBounds.length - 1] : null;
      const upper = explicitBounds[index];
      const lower = index === 0 ? (upper > 0 ? 0 : upper) : explicitBounds[index - 1];
      return lower + (upper - lower) * ((rank - seen) / count);
    }
    seen += count;
  }
  return explicitBounds.length > 0 ? explicitBounds[explicitBounds.length - 1] : null;
}

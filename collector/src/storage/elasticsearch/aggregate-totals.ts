import type { SparseHistogram } from '../../model/latency-histogram.js';
import type { AggregateTotals } from '../aggregate-store.js';

/** What the TOTALS_AGGS aggregations (aggregate-queries.ts) answer for one group of rows. */
export interface TotalsBucket {
  doc_count: number;
  calls: { value: number | null };
  errors: { value: number | null };
  durationSumNano: { value: number | null };
  histogram: { buckets: { buckets: { key: number; count: { value: number } }[] } };
}

export interface GroupBucket extends TotalsBucket {
  key: Record<string, string | number>;
}

/** The group's totals, histogram merged. */
export function totals(bucket: TotalsBucket): AggregateTotals {
  const histogram: SparseHistogram = {};
  for (const entry of bucket.histogram.buckets.buckets) histogram[entry.key] = entry.count.value;
  return {
    calls: bucket.calls.value ?? 0,
    errors: bucket.errors.value ?? 0,
    durationSumNano: bucket.durationSumNano.value ?? 0,
    histogram,
  };
}

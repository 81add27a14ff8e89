import type { Target } from '../../src/grafana-model.js';

/**
 * The Elasticsearch search Grafana's Elasticsearch data source builds for a dashboard target,
 * for the subset our dashboards use: a Lucene query over a time range, then either `count` under
 * nested terms / date_histogram bucket aggregations, or documents (`raw_data`, `logs`).
 */
interface Agg {
  id: string;
  type: string;
  field: string;
  settings?: Record<string, string>;
}

export function grafanaEsSearch(target: Target, query: string, range: { fromMs: number; toMs: number }): Record<string, unknown> {
  const timeField = String(target.timeField);
  const filter = [
    { range: { [timeField]: { gte: range.fromMs, lte: range.toMs, format: 'epoch_millis' } } },
    { query_string: { analyze_wildcard: true, query: query || '*' } },
  ];
  const metrics = target.metrics as Array<{ type: string; settings?: Record<string, string> }>;
  const documents = metrics.find((m) => m.type === 'raw_data' || m.type === 'logs');
  if (documents) {
    return {
      size: Number(documents.settings?.size ?? documents.settings?.limit ?? 500),
      query: { bool: { filter } },
      sort: [{ [timeField]: { order: 'desc', unmapped_type: 'boolean' } }, { _doc: { order: 'desc' } }],
    };
  }
  const intervalMs = Math.max(1000, Math.round((range.toMs - range.fromMs) / 100));
  let aggs: Record<string, unknown> | undefined;
  for (const agg of [...(target.bucketAggs as Agg[])].reverse()) {
    const body =
      agg.type === 'terms'
        ? { terms: { field: agg.field, size: Number(agg.settings?.size ?? 10), order: { _count: 'desc' }, min_doc_count: Number(agg.settings?.min_doc_count ?? 1) } }
        : { date_histogram: { field: agg.field, fixed_interval: `${intervalMs}ms`, min_doc_count: 0, extended_bounds: { min: range.fromMs, max: range.toMs }, format: 'epoch_millis' } };
    aggs = { [agg.id]: aggs ? { ...body, aggs } : body };
  }
  return { size: 0, query: { bool: { filter } }, aggs };
}

/** Grafana's Lucene formatting of a variable value: All → the variable's allValue, one value escaped. */
export function luceneValue(value: string): string {
  return value.replace(/([+\-=&|><!(){}[\]^"~*?:\\/ ])/g, '\\$1');
}

/** Number of leaf buckets holding documents in an aggregation response (0 = the panel is empty). */
export function nonEmptyLeafBuckets(aggregations: unknown): number {
  if (!aggregations || typeof aggregations !== 'object') return 0;
  let count = 0;
  for (const value of Object.values(aggregations as Record<string, unknown>)) {
    const buckets = (value as { buckets?: Array<Record<string, unknown>> })?.buckets;
    if (!Array.isArray(buckets)) continue;
    for (const bucket of buckets) {
      const nested = nonEmptyLeafBuckets(bucket);
      count += nested > 0 ? nested : Number(bucket.doc_count ?? 0) > 0 && !Object.values(bucket).some((v) => (v as { buckets?: unknown })?.buckets) ? 1 : 0;
    }
  }
  return count;
}

import type { ServiceGraphEdgeRow, SpanMetricsRow } from '../../model/aggregates.js';
import type { SparseHistogram } from '../../model/latency-histogram.js';
import type {
  AggregateReader,
  AggregateTotals,
  AggregateWriter,
  ServiceGraphEdgeGroup,
  ServiceGraphQuery,
  SpanMetricsGroup,
  SpanMetricsQuery,
} from '../aggregate-store.js';
import { spanMetricsRequest, serviceGraphRequest } from './aggregate-queries.js';
import type { SearchRequest } from './search-request.js';
import { edgeRowToDoc, spanMetricsRowToDoc } from './documents.js';
import { indexName } from './index-names.js';
import { search } from './store-context.js';
import type { StoreContext } from './store-context.js';

interface TotalsBucket {
  doc_count: number;
  calls: { value: number | null };
  errors: { value: number | null };
  durationSumNano: { value: number | null };
  histogram: { buckets: { buckets: { key: number; count: { value: number } }[] } };
}

interface GroupBucket extends TotalsBucket {
  key: Record<string, string | number>;
}

function totals(bucket: TotalsBucket): AggregateTotals {
  const histogram: SparseHistogram = {};
  for (const entry of bucket.histogram.buckets.buckets) histogram[entry.key] = entry.count.value;
  return {
    calls: bucket.calls.value ?? 0,
    errors: bucket.errors.value ?? 0,
    durationSumNano: bucket.durationSumNano.value ?? 0,
    histogram,
  };
}

/** Span metrics and service-graph edges: one document per row, histograms as nested bucket pairs. */
export class ElasticsearchAggregateStore implements AggregateReader, AggregateWriter {
  constructor(private readonly context: StoreContext) {}

  async writeSpanMetrics(rows: readonly SpanMetricsRow[]): Promise<void> {
    const { prefix } = this.context;
    await this.context.bulk.write(
      'span-metrics',
      rows.map((row) => ({ index: indexName(prefix, 'span-metrics', row.minuteUnixMs), id: row.id, doc: spanMetricsRowToDoc(row) })),
    );
  }

  async writeServiceGraphEdges(rows: readonly ServiceGraphEdgeRow[]): Promise<void> {
    const { prefix } = this.context;
    await this.context.bulk.write(
      'edges',
      rows.map((row) => ({ index: indexName(prefix, 'edges', row.minuteUnixMs), id: row.id, doc: edgeRowToDoc(row) })),
    );
  }

  async querySpanMetrics(query: SpanMetricsQuery): Promise<SpanMetricsGroup[]> {
    if (query.groupBy.length === 0 && query.stepMs === undefined) {
      const response = await search(this.context, spanMetricsRequest(this.context.prefix, query));
      const total = (response?.aggregations as { total: TotalsBucket } | undefined)?.total;
      return total && total.doc_count > 0 ? [totals(total)] : [];
    }
    const buckets = await this.compositeBuckets((after) => spanMetricsRequest(this.context.prefix, query, after));
    return buckets.map((bucket) => ({ ...(bucket.key as Partial<SpanMetricsGroup>), ...totals(bucket) }));
  }

  async queryServiceGraph(query: ServiceGraphQuery): Promise<ServiceGraphEdgeGroup[]> {
    const buckets = await this.compositeBuckets((after) => serviceGraphRequest(this.context.prefix, query, after));
    return buckets.map((bucket) => ({
      ...(bucket.key as unknown as Pick<ServiceGraphEdgeGroup, 'client' | 'server' | 'serverKind' | 'timeUnixMs'>),
      ...totals(bucket),
    }));
  }

  private async compositeBuckets(request: (after?: Record<string, unknown>) => SearchRequest): Promise<GroupBucket[]> {
    const buckets: GroupBucket[] = [];
    let after: Record<string, unknown> | undefined;
    for (;;) {
      const response = await search(this.context, request(after));
      const groups = (response?.aggregations as
        | { groups: { buckets: GroupBucket[]; after_key?: Record<string, unknown> } }
        | undefined)?.groups;
      buckets.push(...(groups?.buckets ?? []));
      if (!groups?.after_key || groups.buckets.length === 0) return buckets;
      after = groups.after_key;
    }
  }
}

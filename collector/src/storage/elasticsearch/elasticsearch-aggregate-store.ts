import type { ServiceGraphEdgeRow, SpanMetricsRow } from '../../model/aggregates.js';
import type {
  AggregateReader,
  AggregateWriter,
  ServiceGraphEdgeGroup,
  ServiceGraphQuery,
  SpanMetricsGroup,
  SpanMetricsQuery,
} from '../aggregate-store.js';
import type { TimeRange } from '../time-range.js';
import { minuteBounds, spanMetricsRequest, serviceGraphRequest } from './aggregate-queries.js';
import { planRollups, ROLLUP_MS } from '../aggregate-minutes.js';
import type { RollupPlan } from '../aggregate-minutes.js';
import { freshBucketsRequest } from './aggregate-rollups.js';
import type { AggregateTable } from './aggregate-rollups.js';
import { totals } from './aggregate-totals.js';
import type { GroupBucket, TotalsBucket } from './aggregate-totals.js';
import { RollupCompactor } from './rollup-compactor.js';
import type { SearchRequest } from './search-request.js';
import { edgeRowToDoc, spanMetricsRowToDoc } from './documents.js';
import { indexName, MS_PER_DAY } from './index-names.js';
import { search } from './store-context.js';
import type { StoreContext } from './store-context.js';

/** How long a table's fresh buckets are reused (see freshCache). */
const FRESH_CACHE_MS = 5_000;

/**
 * Span metrics and service-graph edges: one document per row, histograms as nested bucket pairs,
 * plus 15- and 5-minute rollups that long-range reads use where they are fresh (aggregate-rollups.ts).
 */
export class ElasticsearchAggregateStore implements AggregateReader, AggregateWriter {
  /** Builds rollups of the buckets this process wrote, once they have been quiet for a while. */
  readonly compactor: RollupCompactor;
  /**
   * Fresh buckets per table and days, kept a few seconds: RED and map pages ask several aggregate
   * queries at once. This process's own writes and rebuilds clear it; another collector's show
   * after at most FRESH_CACHE_MS (like rows, which show after a refresh). A bucket wrongly taken
   * as fresh is read from its rollup (missing newer rows for a moment), never counted twice.
   */
  private readonly freshCache = new Map<string, { atMs: number; buckets: Promise<number[]> }>();

  constructor(private readonly context: StoreContext) {
    this.compactor = new RollupCompactor(context, () => this.freshCache.clear());
  }

  async writeSpanMetrics(rows: readonly SpanMetricsRow[]): Promise<void> {
    const { prefix } = this.context;
    await this.context.bulk.write(
      'span-metrics',
      rows.map((row) => ({ index: indexName(prefix, 'span-metrics', row.minuteUnixMs), id: row.id, doc: spanMetricsRowToDoc(row) })),
    );
    await this.compactor.markStale('span-metrics', rows);
    this.freshCache.clear();
  }

  async writeServiceGraphEdges(rows: readonly ServiceGraphEdgeRow[]): Promise<void> {
    const { prefix } = this.context;
    await this.context.bulk.write(
      'edges',
      rows.map((row) => ({ index: indexName(prefix, 'edges', row.minuteUnixMs), id: row.id, doc: edgeRowToDoc(row) })),
    );
    await this.compactor.markStale('edges', rows);
    this.freshCache.clear();
  }

  async querySpanMetrics(query: SpanMetricsQuery): Promise<SpanMetricsGroup[]> {
    const plan = await this.plan('span-metrics', query.range, query.stepMs);
    if (query.groupBy.length === 0 && query.stepMs === undefined) {
      const response = await search(this.context, spanMetricsRequest(this.context.prefix, query, undefined, plan));
      const total = (response?.aggregations as { total: TotalsBucket } | undefined)?.total;
      return total && total.doc_count > 0 ? [totals(total)] : [];
    }
    const buckets = await this.compositeBuckets((after) => spanMetricsRequest(this.context.prefix, query, after, plan));
    return buckets.map((bucket) => ({ ...(bucket.key as Partial<SpanMetricsGroup>), ...totals(bucket) }));
  }

  async queryServiceGraph(query: ServiceGraphQuery): Promise<ServiceGraphEdgeGroup[]> {
    const plan = await this.plan('edges', query.range, query.stepMs);
    const buckets = await this.compositeBuckets((after) => serviceGraphRequest(this.context.prefix, query, after, plan));
    return buckets.map((bucket) => ({
      ...(bucket.key as unknown as Pick<ServiceGraphEdgeGroup, 'client' | 'server' | 'serverKind' | 'timeUnixMs'>),
      ...totals(bucket),
    }));
  }

  /** Which rows to read: minute rows, and the fresh rollups of the range's whole 15-minute buckets. */
  private async plan(table: AggregateTable, range: TimeRange, stepMs: number | undefined): Promise<RollupPlan> {
    const [from, to] = minuteBounds(range);
    if (to - from < ROLLUP_MS) return planRollups(from, to, stepMs, []);
    return planRollups(from, to, stepMs, await this.freshBuckets(table, from, to));
  }

  /** Fresh buckets of the whole days around [from, to) (cached; planRollups keeps those inside). */
  private freshBuckets(table: AggregateTable, from: number, to: number): Promise<number[]> {
    const dayFrom = Math.floor(from / MS_PER_DAY) * MS_PER_DAY;
    const dayTo = Math.ceil(to / MS_PER_DAY) * MS_PER_DAY;
    const key = `${table}|${dayFrom}|${dayTo}`;
    const now = Date.now();
    const cached = this.freshCache.get(key);
    if (cached !== undefined && now - cached.atMs < FRESH_CACHE_MS) return cached.buckets;
    const buckets = search<{ stateBucketMs: number }>(this.context, freshBucketsRequest(this.context.prefix, table, dayFrom, dayTo)).then(
      (response) => (response?.hits.hits ?? []).map((hit) => hit._source!.stateBucketMs),
    );
    if (this.freshCache.size > 100) this.freshCache.clear();
    this.freshCache.set(key, { atMs: now, buckets });
    buckets.catch(() => this.freshCache.delete(key));
    return buckets;
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

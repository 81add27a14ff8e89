import type { MetricPoint } from '../../model/metric-point.js';
import type { MetricDescriptor, MetricReader, MetricSeries, MetricSeriesQuery, MetricWriter } from '../metric-store.js';
import type { TimeRange } from '../time-range.js';
import { metricPointFromDoc, metricPointToJson } from './documents.js';
import type { Doc } from './documents.js';
import { indexName, nanosToMs } from './index-names.js';
import { listMetricsRequest, metricPointsRequest } from './metric-queries.js';
import { buildMetricSeries } from '../embedded/metric-series.js';
import { MAX_PAGE } from './span-queries.js';
import { search } from './store-context.js';
import type { StoreContext } from './store-context.js';

interface MetricBuckets {
  metrics: {
    buckets: {
      key: { name: string };
      services: { buckets: { key: string }[] };
      attributeKeys: { buckets: { key: string }[] };
      latest: { hits: { hits: { _source?: Doc }[] } };
    }[];
    after_key?: Record<string, unknown>;
  };
}

/** Metric points: one document per point in `<prefix>-metrics-<day>`. */
export class ElasticsearchMetricStore implements MetricReader, MetricWriter {
  constructor(private readonly context: StoreContext) {}

  async writeMetricPoints(points: readonly MetricPoint[]): Promise<void> {
    const { prefix } = this.context;
    await this.context.bulk.write(
      'metrics',
      points.map((point) => ({
        index: indexName(prefix, 'metrics', nanosToMs(point.timeUnixNano)),
        id: point.pointId,
        json: metricPointToJson(point),
      })),
    );
  }

  async listMetrics(range: TimeRange): Promise<MetricDescriptor[]> {
    const descriptors: MetricDescriptor[] = [];
    let after: Record<string, unknown> | undefined;
    for (;;) {
      const response = await search(this.context, listMetricsRequest(this.context.prefix, range, after));
      const metrics = (response?.aggregations as MetricBuckets | undefined)?.metrics;
      for (const bucket of metrics?.buckets ?? []) {
        const latest = bucket.latest.hits.hits[0]._source as Doc;
        descriptors.push({
          name: bucket.key.name,
          description: latest.description as string,
          unit: latest.unit as string,
          type: latest.type as MetricDescriptor['type'],
          services: bucket.services.buckets.map((service) => service.key).sort(),
          attributeKeys: bucket.attributeKeys.buckets.map((key) => key.key).sort(),
        });
      }
      if (!metrics?.after_key || metrics.buckets.length === 0) break;
      after = metrics.after_key;
    }
    return descriptors.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  async queryMetricSeries(query: MetricSeriesQuery): Promise<MetricSeries[]> {
    const points: MetricPoint[] = [];
    let after: unknown[] | undefined;
    for (;;) {
      const response = await search<Doc>(this.context, metricPointsRequest(this.context.prefix, query, after));
      const hits = response?.hits.hits ?? [];
      for (const hit of hits) points.push(metricPointFromDoc(hit._source as Doc));
      if (hits.length < MAX_PAGE) break;
      after = hits[hits.length - 1].sort as unknown[];
    }
    // The embedded store's pure series builder: both backends answer with the same rules.
    return buildMetricSeries(points, query.groupBy ?? [], query.stepMs);
  }
}

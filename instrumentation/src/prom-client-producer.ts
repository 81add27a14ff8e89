import { ValueType } from '@opentelemetry/api';
import type { Attributes, HrTime } from '@opentelemetry/api';
import { hrTime } from '@opentelemetry/core';
import { AggregationTemporality, DataPointType } from '@opentelemetry/sdk-metrics';
import type { CollectionResult, MetricData, MetricProducer } from '@opentelemetry/sdk-metrics';
import { emptyResource } from '@opentelemetry/resources';
import type { PromMetricJson, PromRegistryLike } from './prom-client-registry.js';

/** The instrumentation scope of the bridged prom-client series. */
export const PROM_CLIENT_SCOPE = '@sightline/instrumentation/prom-client';
const SCOPE = { name: PROM_CLIENT_SCOPE, version: '0.1.0' };

/**
 * Reads the app's prom-client registry at every OTLP metric export and hands its series to the
 * OTel reader as cumulative points: apps keep their prom-client code, and the same numbers reach
 * Sightline. Counters become monotonic sums, gauges gauges, histograms explicit-bucket histograms;
 * summaries (no OTLP equivalent in the SDK) become a gauge per quantile plus `_sum`/`_count` sums.
 */
export class PromClientMetricProducer implements MetricProducer {
  private readonly startTime: HrTime = hrTime();

  // The reader merges producers' scopes under the SDK's own resource; ours is never used.
  private readonly resource = emptyResource();

  constructor(private readonly registry: PromRegistryLike) {}

  async collect(): Promise<CollectionResult> {
    const empty = { resource: this.resource, scopeMetrics: [] };
    let json: PromMetricJson[];
    try {
      json = await this.registry.getMetricsAsJSON();
    } catch (error) {
      return { resourceMetrics: empty, errors: [error] };
    }
    const now = hrTime();
    const metrics = json.flatMap((metric) => convertPromMetric(metric, this.startTime, now));
    return { resourceMetrics: { resource: this.resource, scopeMetrics: [{ scope: SCOPE, metrics }] }, errors: [] };
  }
}

export function convertPromMetric(metric: PromMetricJson, startTime: HrTime, endTime: HrTime): MetricData[] {
  const descriptor = (name: string) => ({ name, description: metric.help, unit: '', valueType: ValueType.DOUBLE });
  const point = (value: number, labels: Record<string, string | number>) => ({
    startTime,
    endTime,
    attributes: toAttributes(labels),
    value,
  });
  switch (metric.type) {
    case 'counter':
      return [
        {
          descriptor: descriptor(metric.name),
          aggregationTemporality: AggregationTemporality.CUMULATIVE,
          dataPointType: DataPointType.SUM,
          isMonotonic: true,
          dataPoints: metric.values.map((v) => point(v.value, v.labels)),
        },
      ];
    case 'gauge':
      return [
        {
          descriptor: descriptor(metric.name),
          aggregationTemporality: AggregationTemporality.CUMULATIVE,
          dataPointType: DataPointType.GAUGE,
          dataPoints: metric.values.map((v) => point(v.value, v.labels)),
        },
      ];
    case 'histogram':
      return [convertHistogram(metric, startTime, endTime)];
    case 'summary': {
      const quantiles = metric.values.filter((v) => (v.metricName ?? metric.name) === metric.name);
      const sums = metric.values.filter((v) => v.metricName === `${metric.name}_sum`);
      const counts = metric.values.filter((v) => v.metricName === `${metric.name}_count`);
      const sum = (name: string, values: typeof sums): MetricData => ({
        descriptor: descriptor(name),
        aggregationTemporality: AggregationTemporality.CUMULATIVE,
        dataPointType: DataPointType.SUM,
        isMonotonic: true,
        dataPoints: values.map((v) => point(v.value, v.labels)),
      });
      return [
        {
          descriptor: descriptor(metric.name),
          aggregationTemporality: AggregationTemporality.CUMULATIVE,
          dataPointType: DataPointType.GAUGE,
          dataPoints: quantiles.filter((v) => Number.isFinite(v.value)).map((v) => point(v.value, v.labels)),
        },
        sum(`${metric.name}_sum`, sums),
        sum(`${metric.name}_count`, counts),
      ];
    }
    default:
      return [];
  }
}

/** prom-client buckets are cumulative `le` counters; OTLP wants per-bucket counts with an overflow bucket. */
function convertHistogram(metric: PromMetricJson, startTime: HrTime, endTime: HrTime): MetricData {
  const series = new Map<string, { labels: Record<string, string | number>; buckets: Array<[number, number]>; sum: number; count: number }>();
  for (const v of metric.values) {
    const { le, ...labels } = v.labels;
    const key = JSON.stringify(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)));
    let entry = series.get(key);
    if (!entry) series.set(key, (entry = { labels, buckets: [], sum: 0, count: 0 }));
    if (v.metricName === `${metric.name}_bucket` && le !== undefined) {
      entry.buckets.push([le === '+Inf' ? Number.POSITIVE_INFINITY : Number(le), v.value]);
    } else if (v.metricName === `${metric.name}_sum`) {
      entry.sum = v.value;
    } else if (v.metricName === `${metric.name}_count`) {
      entry.count = v.value;
    }
  }
  return {
    descriptor: { name: metric.name, description: metric.help, unit: '', valueType: ValueType.DOUBLE },
    aggregationTemporality: AggregationTemporality.CUMULATIVE,
    dataPointType: DataPointType.HISTOGRAM,
    dataPoints: [...series.values()].map(({ labels, buckets, sum, count }) => {
      buckets.sort(([a], [b]) => a - b);
      const boundaries = buckets.filter(([le]) => Number.isFinite(le)).map(([le]) => le);
      const counts: number[] = [];
      let previous = 0;
      for (const [le, cumulative] of buckets) {
        if (!Number.isFinite(le)) continue;
        counts.push(cumulative - previous);
        previous = cumulative;
      }
      counts.push(Math.max(0, count - previous));
      return { startTime, endTime, attributes: toAttributes(labels), value: { buckets: { boundaries, counts }, sum, count } };
    }),
  };
}

function toAttributes(labels: Record<string, string | number>): Attributes {
  const attributes: Attributes = {};
  for (const [key, value] of Object.entries(labels)) attributes[key] = value;
  return attributes;
}

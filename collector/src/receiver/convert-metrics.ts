import type { Attributes, InstrumentationScope, ResourceInfo } from '../model/attributes.js';
import type { AggregationTemporality, MetricPoint, MetricType } from '../model/metric-point.js';
import { contentId } from './content-hash.js';
import type { ConvertContext } from './convert-context.js';
import { asArray, attributes, has, enumValue, resourceInfo, scopeInfo, stableText, toCount, toDouble, toNanos } from './otlp-values.js';

const TEMPORALITIES: Record<string, number> = {
  AGGREGATION_TEMPORALITY_UNSPECIFIED: 0, AGGREGATION_TEMPORALITY_DELTA: 1, AGGREGATION_TEMPORALITY_CUMULATIVE: 2,
};
const TEMPORALITY_NAMES: AggregationTemporality[] = ['unspecified', 'delta', 'cumulative'];

interface PointLike {
  attributes?: unknown; startTimeUnixNano?: unknown; timeUnixNano?: unknown; asDouble?: unknown; asInt?: unknown;
  count?: unknown; sum?: unknown; min?: unknown; max?: unknown; bucketCounts?: unknown; explicitBounds?: unknown;
  scale?: unknown; zeroCount?: unknown; positive?: BucketsLike | null; negative?: BucketsLike | null; quantileValues?: unknown;
  flags?: unknown;
}
interface BucketsLike { offset?: unknown; bucketCounts?: unknown }
interface DataLike { dataPoints?: unknown; aggregationTemporality?: unknown; isMonotonic?: unknown }
interface MetricLike {
  name?: unknown; description?: unknown; unit?: unknown;
  gauge?: DataLike | null; sum?: DataLike | null; histogram?: DataLike | null; exponentialHistogram?: DataLike | null; summary?: DataLike | null;
}
interface ScopeMetricsLike { scope?: { name?: unknown; version?: unknown } | null; metrics?: unknown }
interface ResourceMetricsLike { resource?: { attributes?: unknown } | null; scopeMetrics?: unknown }
export interface MetricsRequestLike { resourceMetrics?: unknown }

/** The per-metric fields every one of its points shares, computed once per metric. */
type MetricInfo = Pick<MetricPoint, 'name' | 'description' | 'unit' | 'type' | 'temporality' | 'monotonic' | 'resource' | 'scope'> & {
  /** Resource + scope + name + type, the fixed part of every point id of this metric. */
  key: string;
};

/** ExportMetricsServiceRequest → one MetricPoint per valid data point, of all five types. */
export function convertMetrics(request: MetricsRequestLike, ctx: ConvertContext): MetricPoint[] {
  const out: MetricPoint[] = [];
  for (const rm of asArray(request.resourceMetrics, 'resourceMetrics') as ResourceMetricsLike[]) {
    const resource = resourceInfo(rm.resource, ctx);
    const resourceKey = stableText(resource.attributes);
    for (const sm of asArray(rm.scopeMetrics, 'scopeMetrics') as ScopeMetricsLike[]) {
      const scope = scopeInfo(sm.scope);
      for (const m of asArray(sm.metrics, 'metrics') as MetricLike[]) convertMetric(m, resource, scope, resourceKey, ctx, out);
    }
  }
  return out;
}

function convertMetric(m: MetricLike, resource: ResourceInfo, scope: InstrumentationScope, resourceKey: string, ctx: ConvertContext, out: MetricPoint[]): void {
  let type: MetricType;
  let data: DataLike;
  if (m.gauge) [type, data] = ['gauge', m.gauge];
  else if (m.sum) [type, data] = ['sum', m.sum];
  else if (m.histogram) [type, data] = ['histogram', m.histogram];
  else if (m.exponentialHistogram) [type, data] = ['exponential_histogram', m.exponentialHistogram];
  else if (m.summary) [type, data] = ['summary', m.summary];
  else return; // a metric without data carries no points
  const points = asArray(data.dataPoints, 'dataPoints') as PointLike[];
  const name = String(m.name ?? '');
  if (!name) {
    for (let i = 0; i < points.length; i++) ctx.reject('of a metric without a name');
    return;
  }
  const temporality = TEMPORALITY_NAMES[enumValue(data.aggregationTemporality, TEMPORALITIES, 'aggregationTemporality')] ?? 'unspecified';
  const info: MetricInfo = {
    name,
    description: String(m.description ?? ''),
    unit: String(m.unit ?? ''),
    type,
    temporality,
    monotonic: data.isMonotonic === true,
    resource,
    scope,
    key: `${resourceKey}\u001f${scope.name}\u001f${scope.version ?? ''}\u001f${name}\u001f${type}`,
  };
  for (const p of points) {
    const point = convertPoint(p, info, ctx);
    if (point) out.push(point);
  }
}

function convertPoint(p: PointLike, info: MetricInfo, ctx: ConvertContext): MetricPoint | undefined {
  const time = toNanos(p.timeUnixNano, 'timeUnixNano');
  if (time === 0n) return void ctx.reject('without time_unix_nano');
  const outside = ctx.checkWindow(time);
  if (outside) return void ctx.reject(`with a ${outside}`);
  const start = toNanos(p.startTimeUnixNano, 'startTimeUnixNano');
  const attrs: Attributes = {};
  attributes(p.attributes, ctx, attrs);

  const point: MetricPoint = {
    pointId: contentId(`${info.key}\u001f${stableText(attrs)}\u001f${start}\u001f${time}`),
    name: info.name,
    description: info.description,
    unit: info.unit,
    type: info.type,
    temporality: info.temporality,
    monotonic: info.monotonic,
    timeUnixNano: time,
    startTimeUnixNano: start,
    resource: info.resource,
    scope: info.scope,
    attributes: attrs,
  };
  switch (info.type) {
    case 'gauge':
    case 'sum':
      if (has(p, 'asDouble')) point.value = toDouble(p.asDouble);
      else if (has(p, 'asInt')) point.value = toCount(p.asInt, 'asInt');
      else if ((Number(p.flags ?? 0) & 1) === 0) return void ctx.reject('without a value (asDouble or asInt)');
      break;
    case 'histogram': {
      const bounds = (asArray(p.explicitBounds, 'explicitBounds')).map(toDouble);
      const counts = (asArray(p.bucketCounts, 'bucketCounts')).map((c) => toCount(c, 'bucketCounts'));
      if (counts.length !== 0 && counts.length !== bounds.length + 1) return void ctx.reject('histogram points whose bucket_counts length is not explicit_bounds length + 1');
      point.histogram = { count: toCount(p.count, 'count'), explicitBounds: bounds, bucketCounts: counts };
      if (has(p, 'sum')) point.histogram.sum = toDouble(p.sum);
      if (has(p, 'min')) point.histogram.min = toDouble(p.min);
      if (has(p, 'max')) point.histogram.max = toDouble(p.max);
      break;
    }
    case 'exponential_histogram': {
      const buckets = (b: BucketsLike | null | undefined) => ({
        offset: Number(b?.offset ?? 0),
        bucketCounts: asArray(b?.bucketCounts, 'bucketCounts').map((c) => toCount(c, 'bucketCounts')),
      });
      point.exponentialHistogram = {
        count: toCount(p.count, 'count'),
        scale: Number(p.scale ?? 0),
        zeroCount: toCount(p.zeroCount, 'zeroCount'),
        positive: buckets(p.positive),
        negative: buckets(p.negative),
      };
      if (has(p, 'sum')) point.exponentialHistogram.sum = toDouble(p.sum);
      if (has(p, 'min')) point.exponentialHistogram.min = toDouble(p.min);
      if (has(p, 'max')) point.exponentialHistogram.max = toDouble(p.max);
      break;
    }
    case 'summary':
      point.summary = {
        count: toCount(p.count, 'count'),
        sum: toDouble(p.sum ?? 0),
        quantiles: (asArray(p.quantileValues, 'quantileValues') as { quantile?: unknown; value?: unknown }[]).map((q) => ({
          quantile: toDouble(q.quantile ?? 0),
          value: toDouble(q.value ?? 0),
        })),
      };
      break;
  }
  return point;
}

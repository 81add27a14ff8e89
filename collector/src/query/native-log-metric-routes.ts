import type { LogQuery } from '../storage/log-store.js';
import { logToApi } from './api-json.js';
import type { ApiLogsResponse, ApiLogVolumeResponse, ApiMetricSeriesResponse, ApiMetricsResponse } from './api-types.js';
import { explicitHistogramQuantile } from './histogram-quantile.js';
import { badParameter } from './query-errors.js';
import { alignToStep, normalizeTraceId, parseKeyValueFilters, parseSeverity, resolveRange, resolveStepMs, type ResolvedRange } from './params.js';
import { attrParam, limitParam, rangeParams, rangeValues, stepParam, stringValue, textParam, type NativeRoute, type ParamSpec, type QueryValues } from './route-spec.js';

const logFilterParams: Record<string, ParamSpec> = {
  service: textParam('Service name'),
  severity: textParam('Minimum severity: trace, debug, info, warn, error, fatal, or an OTLP severity number 1..24'),
  text: textParam('Case-insensitive substring of the body'),
  traceId: textParam('Only records correlated to this trace (32 hex)'),
  spanId: textParam('Only records written inside this span (16 hex)'),
  attr: attrParam,
  ...rangeParams,
};

function logQuery(query: QueryValues, resolved: ResolvedRange, limit: number): LogQuery {
  const logQuery: LogQuery = { range: resolved.range, limit };
  const service = stringValue(query, 'service');
  const minSeverityNumber = parseSeverity(stringValue(query, 'severity'));
  const text = stringValue(query, 'text');
  const traceId = stringValue(query, 'traceId');
  const spanId = stringValue(query, 'spanId');
  const attributes = parseKeyValueFilters(query.attr as string | string[] | undefined, 'attr');
  if (service !== undefined) logQuery.serviceName = service;
  if (minSeverityNumber !== undefined) logQuery.minSeverityNumber = minSeverityNumber;
  if (text !== undefined) logQuery.text = text;
  if (traceId !== undefined) logQuery.traceId = normalizeTraceId(traceId);
  if (spanId !== undefined) {
    if (!/^[0-9a-fA-F]{16}$/.test(spanId)) throw badSpanId(spanId);
    logQuery.spanId = spanId.toLowerCase();
  }
  if (attributes.length > 0) logQuery.attributes = attributes;
  return logQuery;
}

const badSpanId = (value: string) => badParameter(`spanId must be 16 hex characters (got ${JSON.stringify(value)})`);

const searchLogs: NativeRoute = {
  url: '/logs',
  operationId: 'searchLogs',
  tag: 'logs',
  summary: 'Search log records, newest first',
  query: { ...logFilterParams, limit: limitParam(100, 5000) },
  response: 'LogsResponse',
  async handler({ query, storage }) {
    const resolved = resolveRange(rangeValues(query));
    const limit = Number(query.limit ?? 100);
    const logs = await storage.logs.searchLogs(logQuery(query, resolved, limit));
    const response: ApiLogsResponse = { startMs: resolved.startMs, endMs: resolved.endMs, limit, logs: logs.map(logToApi) };
    return response;
  },
};

const logVolume: NativeRoute = {
  url: '/logs/volume',
  operationId: 'getLogVolume',
  tag: 'logs',
  summary: 'Number of log records per step and severity (same filters as /logs)',
  query: { ...logFilterParams, step: stepParam },
  response: 'LogVolumeResponse',
  async handler({ query, storage }) {
    const base = resolveRange(rangeValues(query));
    const stepMs = resolveStepMs(stringValue(query, 'step'), base);
    const resolved = alignToStep(base, stepMs);
    const buckets = await storage.logs.logVolume(logQuery(query, resolved, 1), stepMs);
    const response: ApiLogVolumeResponse = {
      startMs: resolved.startMs,
      endMs: resolved.endMs,
      stepMs,
      buckets: buckets
        .map((bucket) => ({ timeMs: bucket.timeUnixMs, severityText: bucket.severityText, count: bucket.count }))
        .sort((a, b) => a.timeMs - b.timeMs || a.severityText.localeCompare(b.severityText)),
    };
    return response;
  },
};

const listMetrics: NativeRoute = {
  url: '/metrics',
  operationId: 'listMetrics',
  tag: 'metrics',
  summary: 'Metric names with points in the range: type, unit, reporting services and attribute keys',
  query: rangeParams,
  response: 'MetricsResponse',
  async handler({ query, storage }) {
    const resolved = resolveRange(rangeValues(query));
    const metrics = await storage.metrics.listMetrics(resolved.range);
    const response: ApiMetricsResponse = { startMs: resolved.startMs, endMs: resolved.endMs, metrics };
    return response;
  },
};

const PERCENTILES = { p50: 0.5, p90: 0.9, p95: 0.95, p99: 0.99 } as const;

const metricSeries: NativeRoute = {
  url: '/metrics/:name/series',
  operationId: 'getMetricSeries',
  tag: 'metrics',
  summary: 'Series of one metric per step, filtered and grouped by attributes; histograms as bucket series plus percentiles',
  description:
    'gauge: mean per step; sum (delta): total per step; sum (cumulative): latest value of each stream, added across streams. ' +
    'Histogram points carry their buckets and p50/p90/p95/p99 interpolated within the buckets.',
  params: { name: { schema: { type: 'string' }, description: 'Metric name', required: true } },
  query: {
    filter: { ...attrParam, description: 'key=value on a point or resource attribute (service.name included); repeatable.' },
    groupBy: { schema: { type: 'array', items: { type: 'string' } }, description: 'Attribute key to split series by; repeatable or comma-separated.' },
    step: stepParam,
    ...rangeParams,
  },
  response: 'MetricSeriesResponse',
  async handler({ query, params, storage }) {
    const base = resolveRange(rangeValues(query));
    const stepMs = resolveStepMs(stringValue(query, 'step'), base);
    const resolved = alignToStep(base, stepMs);
    const groupByValues = query.groupBy === undefined ? [] : Array.isArray(query.groupBy) ? query.groupBy : [String(query.groupBy)];
    const groupBy = groupByValues.flatMap((value) => value.split(',')).map((key) => key.trim()).filter((key) => key !== '');
    const [descriptors, series] = await Promise.all([
      storage.metrics.listMetrics(resolved.range),
      storage.metrics.queryMetricSeries({
        name: params.name,
        range: resolved.range,
        filters: parseKeyValueFilters(query.filter as string | string[] | undefined, 'filter'),
        groupBy,
        stepMs,
      }),
    ]);
    const descriptor = descriptors.find((metric) => metric.name === params.name);
    const response: ApiMetricSeriesResponse = {
      startMs: resolved.startMs,
      endMs: resolved.endMs,
      name: params.name,
      type: descriptor?.type ?? null,
      unit: descriptor?.unit ?? '',
      stepMs,
      series: series.map((one) => ({
        group: one.group,
        points: one.points.map((point) => {
          const out: ApiMetricSeriesResponse['series'][number]['points'][number] = { timeMs: point.timeUnixMs };
          if (point.value !== undefined) out.value = point.value;
          if (point.histogram) {
            const { explicitBounds, bucketCounts } = point.histogram;
            out.histogram = point.histogram;
            out.percentiles = {
              p50: explicitHistogramQuantile(explicitBounds, bucketCounts, PERCENTILES.p50),
              p90: explicitHistogramQuantile(explicitBounds, bucketCounts, PERCENTILES.p90),
              p95: explicitHistogramQuantile(explicitBounds, bucketCounts, PERCENTILES.p95),
              p99: explicitHistogramQuantile(explicitBounds, bucketCounts, PERCENTILES.p99),
            };
          }
          return out;
        }),
      })),
    };
    return response;
  },
};

export const logMetricRoutes: NativeRoute[] = [searchLogs, logVolume, listMetrics, metricSeries];

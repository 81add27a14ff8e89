import {
  bucketLowerBoundNanos,
  bucketUpperBoundNanos,
  histogramCount,
  mergeHistogram,
  type SparseHistogram,
} from '../model/latency-histogram.js';
import type { AggregateTotals, SpanMetricsGroup } from '../storage/aggregate-store.js';
import type { Storage } from '../storage/storage.js';
import {
  addTotals,
  callStats,
  emptyTotals,
  hasIncomingSpans,
  INCOMING_KINDS,
  quantileMs,
  roundMs,
  spanKindName,
  totalsPerService,
} from './aggregate-stats.js';
import type {
  ApiLatencyHistogramResponse,
  ApiOperationsResponse,
  ApiRedResponse,
  ApiService,
  ApiServiceMapEdge,
  ApiServiceMapNode,
  ApiServiceMapResponse,
  ApiServicesResponse,
} from './api-types.js';
import { alignToStep, resolveRange, resolveStepMs, stepStarts, type ResolvedRange } from './params.js';
import { badParameter } from './query-errors.js';
import { rangeParams, rangeValues, stepParam, stringValue, textParam, type NativeRoute } from './route-spec.js';

function perSecond(calls: number, resolved: ResolvedRange): number {
  const seconds = (resolved.endMs - resolved.startMs) / 1000;
  return seconds > 0 ? calls / seconds : 0;
}

const services: NativeRoute = {
  url: '/services',
  operationId: 'listServices',
  tag: 'services',
  summary: 'Services with calls, errors, error rate and latency percentiles over the range',
  description:
    'Read from the span-metric aggregates. A service is measured by its SERVER and CONSUMER spans (what its callers saw); ' +
    'a service that has none in the range (a batch job, a pure client) is measured by all of its spans instead (basis "all"). ' +
    'With step, each service also gets a sparkline (one point per step, empty steps included).',
  query: { ...rangeParams, step: { ...stepParam, description: `${stepParam.description} Without step, no sparkline.` } },
  response: 'ServicesResponse',
  async handler({ query, storage }) {
    const stepText = stringValue(query, 'step');
    let resolved = resolveRange(rangeValues(query));
    const stepMs = stepText === undefined ? undefined : resolveStepMs(stepText, resolved);
    if (stepMs !== undefined) resolved = alignToStep(resolved, stepMs);
    const groups = await storage.aggregates.querySpanMetrics({ range: resolved.range, groupBy: ['serviceName', 'spanKind'] });
    const byService = new Map<string, SpanMetricsGroup[]>();
    for (const group of groups) {
      const name = group.serviceName ?? '';
      const list = byService.get(name);
      if (list) list.push(group);
      else byService.set(name, [group]);
    }
    const totals = totalsPerService(groups);
    const sparklines = stepMs !== undefined ? await sparklineTotals(storage, resolved, stepMs, byService) : undefined;
    const steps = stepMs !== undefined ? stepStarts(resolved, stepMs) : [];
    const list: ApiService[] = [...totals.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, total]) => {
        const service: ApiService = {
          name,
          ...callStats(total),
          rate: perSecond(total.calls, resolved),
          basis: hasIncomingSpans(byService.get(name) ?? []) ? 'incoming' : 'all',
        };
        if (sparklines) {
          service.sparkline = steps.map((timeMs) => {
            const step = sparklines.get(`${name}\u0000${timeMs}`) ?? emptyTotals();
            return { timeMs, calls: step.calls, errors: step.errors, p95Ms: quantileMs(step.histogram, 0.95) };
          });
        }
        return service;
      });
    const response: ApiServicesResponse = { startMs: resolved.startMs, endMs: resolved.endMs, services: list };
    if (stepMs !== undefined) response.stepMs = stepMs;
    return response;
  },
};

/**
 * Per-step totals keyed `service\u0000stepStart`. Kept to one group per service per step (the
 * incoming kinds filtered in the backend) because a 24 h range at a 5 m step is already ~300 steps
 * per service; the few services without incoming spans get a query of their own.
 */
async function sparklineTotals(
  storage: Storage,
  resolved: ResolvedRange,
  stepMs: number,
  byService: Map<string, SpanMetricsGroup[]>,
): Promise<Map<string, AggregateTotals>> {
  const allKindServices = [...byService.entries()].filter(([, groups]) => !hasIncomingSpans(groups)).map(([name]) => name);
  const [incoming, ...others] = await Promise.all([
    storage.aggregates.querySpanMetrics({ range: resolved.range, groupBy: ['serviceName'], spanKinds: [...INCOMING_KINDS], stepMs }),
    ...allKindServices.map((serviceName) =>
      storage.aggregates.querySpanMetrics({ range: resolved.range, serviceName, groupBy: ['serviceName'], stepMs }),
    ),
  ]);
  const result = new Map<string, AggregateTotals>();
  for (const group of [...incoming, ...others.flat()]) {
    result.set(`${group.serviceName ?? ''}\u0000${group.timeUnixMs ?? resolved.startMs}`, group);
  }
  return result;
}

const operations: NativeRoute = {
  url: '/services/:service/operations',
  operationId: 'listOperations',
  tag: 'services',
  summary: "A service's operations (span name × kind) with calls, errors and latency percentiles",
  params: { service: { schema: { type: 'string' }, description: 'Service name', required: true } },
  query: rangeParams,
  response: 'OperationsResponse',
  async handler({ query, params, storage }) {
    const resolved = resolveRange(rangeValues(query));
    const groups = await storage.aggregates.querySpanMetrics({
      range: resolved.range,
      serviceName: params.service,
      groupBy: ['operation', 'spanKind'],
    });
    const response: ApiOperationsResponse = {
      startMs: resolved.startMs,
      endMs: resolved.endMs,
      service: params.service,
      operations: groups
        .map((group) => ({
          name: group.operation ?? '',
          spanKind: group.spanKind ?? 0,
          spanKindName: spanKindName(group.spanKind ?? 0),
          ...callStats(group),
          rate: perSecond(group.calls, resolved),
        }))
        .sort((a, b) => a.name.localeCompare(b.name) || a.spanKind - b.spanKind),
    };
    return response;
  },
};

const serviceMap: NativeRoute = {
  url: '/service-map',
  operationId: 'getServiceMap',
  tag: 'services',
  summary: 'Service map: nodes (services and uninstrumented peers) and client → server edges over the range',
  description:
    'Edges come from the service-graph aggregates (durations measured on the client side). Service nodes carry the ' +
    "service's own numbers (as in /services); peer nodes (databases, queues, external hosts) carry the totals of their incoming edges.",
  query: rangeParams,
  response: 'ServiceMapResponse',
  async handler({ query, storage }) {
    const resolved = resolveRange(rangeValues(query));
    const [edgeGroups, metricGroups] = await Promise.all([
      storage.aggregates.queryServiceGraph({ range: resolved.range }),
      storage.aggregates.querySpanMetrics({ range: resolved.range, groupBy: ['serviceName', 'spanKind'] }),
    ]);
    const serviceTotals = totalsPerService(metricGroups);
    const nodes = new Map<string, { kind: ApiServiceMapNode['kind']; totals: AggregateTotals }>();
    for (const [name, totals] of serviceTotals) nodes.set(name, { kind: 'service', totals });
    const edges: ApiServiceMapEdge[] = [];
    for (const edge of edgeGroups) {
      edges.push({
        client: edge.client,
        server: edge.server,
        serverKind: edge.serverKind,
        ...callStats(edge),
        rate: perSecond(edge.calls, resolved),
      });
      if (!nodes.has(edge.client)) nodes.set(edge.client, { kind: 'service', totals: emptyTotals() });
      const server = nodes.get(edge.server);
      if (!server) {
        nodes.set(edge.server, { kind: edge.serverKind, totals: addTotals(emptyTotals(), edge) });
      } else if (server.kind !== 'service') {
        addTotals(server.totals, edge);
      }
    }
    const response: ApiServiceMapResponse = {
      startMs: resolved.startMs,
      endMs: resolved.endMs,
      nodes: [...nodes.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([id, node]) => ({ id, kind: node.kind, ...callStats(node.totals), rate: perSecond(node.totals.calls, resolved) })),
      edges: edges.sort((a, b) => a.client.localeCompare(b.client) || a.server.localeCompare(b.server)),
    };
    return response;
  },
};

/**
 * Kinds measured for a service page: with an operation, every kind of that operation; without,
 * SERVER/CONSUMER when the service has them, else all (the /services rule).
 */
async function serviceKinds(
  context: Parameters<NativeRoute['handler']>[0],
  service: string,
  operation: string | undefined,
  resolved: ResolvedRange,
): Promise<number[] | undefined> {
  if (operation !== undefined) return undefined;
  const kinds = await context.storage.aggregates.querySpanMetrics({
    range: resolved.range,
    serviceName: service,
    groupBy: ['spanKind'],
  });
  return hasIncomingSpans(kinds) ? [...INCOMING_KINDS] : undefined;
}

const latencyHistogram: NativeRoute = {
  url: '/latency-histogram',
  operationId: 'getLatencyHistogram',
  tag: 'services',
  summary: 'Latency distribution of a service (optionally one operation): log-scale buckets and p50/p90/p95/p99',
  description:
    'Buckets are the span-metric histogram buckets (bounds grow by 2^(1/16), so percentiles are within ~2% of exact). ' +
    'Without operation, the service is measured by its SERVER/CONSUMER spans (all spans if it has none); with operation, every span of that name.',
  query: {
    service: { ...textParam('Service name'), required: true },
    operation: textParam('Operation (span name)'),
    ...rangeParams,
  },
  response: 'LatencyHistogramResponse',
  async handler(context) {
    const { query, storage } = context;
    const service = stringValue(query, 'service');
    if (!service) throw badParameter('service is required');
    const operation = stringValue(query, 'operation');
    const resolved = resolveRange(rangeValues(query));
    const spanKinds = await serviceKinds(context, service, operation, resolved);
    const groups = await storage.aggregates.querySpanMetrics({
      range: resolved.range,
      serviceName: service,
      ...(operation !== undefined ? { operation } : {}),
      ...(spanKinds ? { spanKinds } : {}),
      groupBy: [],
    });
    const histogram: SparseHistogram = {};
    for (const group of groups) mergeHistogram(histogram, group.histogram);
    const response: ApiLatencyHistogramResponse = {
      startMs: resolved.startMs,
      endMs: resolved.endMs,
      service,
      count: histogramCount(histogram),
      buckets: Object.keys(histogram)
        .map(Number)
        .sort((a, b) => a - b)
        .filter((index) => histogram[index] > 0)
        .map((index) => ({
          lowerMs: roundMs(bucketLowerBoundNanos(index) / 1e6),
          upperMs: roundMs(bucketUpperBoundNanos(index) / 1e6),
          count: histogram[index],
        })),
      p50Ms: quantileMs(histogram, 0.5),
      p90Ms: quantileMs(histogram, 0.9),
      p95Ms: quantileMs(histogram, 0.95),
      p99Ms: quantileMs(histogram, 0.99),
    };
    if (operation !== undefined) response.operation = operation;
    return response;
  },
};

const red: NativeRoute = {
  url: '/red',
  operationId: 'getRedSeries',
  tag: 'services',
  summary: 'RED time series (rate, error rate, p50/p95/p99) per step, for everything, a service, or one operation',
  description:
    'With service, the kind rule of /latency-histogram; without service, the SERVER/CONSUMER spans of every service (the request rate of the system). ' +
    'rate is calls per second within the step. Every step of the range is present; empty steps have calls 0 and null percentiles.',
  query: { service: textParam('Service name'), operation: textParam('Operation (needs service)'), step: stepParam, ...rangeParams },
  response: 'RedResponse',
  async handler(context) {
    const { query, storage } = context;
    const service = stringValue(query, 'service');
    const operation = stringValue(query, 'operation');
    if (operation !== undefined && service === undefined) throw badParameter('operation needs service');
    const base = resolveRange(rangeValues(query));
    const stepMs = resolveStepMs(stringValue(query, 'step'), base);
    const resolved = alignToStep(base, stepMs);
    const spanKinds = service !== undefined ? await serviceKinds(context, service, operation, resolved) : undefined;
    const groups = await storage.aggregates.querySpanMetrics({
      range: resolved.range,
      ...(service !== undefined ? { serviceName: service } : {}),
      ...(operation !== undefined ? { operation } : {}),
      ...(spanKinds ? { spanKinds } : service === undefined ? { spanKinds: [...INCOMING_KINDS] } : {}),
      groupBy: [],
      stepMs,
    });
    const byStep = new Map<number, AggregateTotals>();
    for (const group of groups) {
      const time = group.timeUnixMs ?? resolved.startMs;
      byStep.set(time, addTotals(byStep.get(time) ?? emptyTotals(), group));
    }
    const response: ApiRedResponse = {
      startMs: resolved.startMs,
      endMs: resolved.endMs,
      stepMs,
      points: stepStarts(resolved, stepMs).map((timeMs) => {
        const stats = callStats(byStep.get(timeMs) ?? emptyTotals());
        return { timeMs, ...stats, rate: stats.calls / (stepMs / 1000) };
      }),
    };
    if (service !== undefined) response.service = service;
    if (operation !== undefined) response.operation = operation;
    return response;
  },
};

export const serviceRoutes: NativeRoute[] = [services, operations, serviceMap, latencyHistogram, red];

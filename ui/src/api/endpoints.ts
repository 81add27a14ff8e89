import { getJson, type QueryValue } from './client';
import {
  latencyHistogramResponseSchema,
  logsResponseSchema,
  logVolumeResponseSchema,
  metricSeriesResponseSchema,
  metricsResponseSchema,
  operationsResponseSchema,
  redResponseSchema,
  serviceMapResponseSchema,
  servicesResponseSchema,
  traceResponseSchema,
  traceSearchResponseSchema,
  type TraceResponse,
} from './schemas';
import type { ResolvedRange } from '../time/time-range';

/** The native API's routes, one function each; the only place that knows URLs and parameter names. */
const BASE = '/api/v1';
const enc = encodeURIComponent;

const rangeParams = (range: ResolvedRange) => ({ start: Math.floor(range.fromMs), end: Math.ceil(range.toMs) });

export const api = {
  services: (range: ResolvedRange, stepMs: number | undefined, signal?: AbortSignal) =>
    getJson(`${BASE}/services`, { ...rangeParams(range), step: stepMs ? `${stepMs}ms` : undefined }, servicesResponseSchema, signal),

  operations: (service: string, range: ResolvedRange, signal?: AbortSignal) =>
    getJson(`${BASE}/services/${enc(service)}/operations`, rangeParams(range), operationsResponseSchema, signal),

  red: (params: { service?: string; operation?: string; stepMs?: number }, range: ResolvedRange, signal?: AbortSignal) =>
    getJson(
      `${BASE}/red`,
      { ...rangeParams(range), service: params.service, operation: params.operation, step: params.stepMs ? `${params.stepMs}ms` : undefined },
      redResponseSchema,
      signal,
    ),

  latencyHistogram: (params: { service: string; operation?: string }, range: ResolvedRange, signal?: AbortSignal) =>
    getJson(`${BASE}/latency-histogram`, { ...rangeParams(range), ...params }, latencyHistogramResponseSchema, signal),

  searchTraces: (params: TraceSearchParams, range: ResolvedRange, signal?: AbortSignal) =>
    getJson(`${BASE}/traces`, { ...rangeParams(range), ...params }, traceSearchResponseSchema, signal),

  trace: (traceId: string, signal?: AbortSignal): Promise<TraceResponse> => {
    const early = prefetchedTraces.get(traceId);
    if (early) {
      prefetchedTraces.delete(traceId);
      return early;
    }
    return getJson(`${BASE}/traces/${enc(traceId)}`, {}, traceResponseSchema, signal);
  },

  serviceMap: (range: ResolvedRange, signal?: AbortSignal) => getJson(`${BASE}/service-map`, rangeParams(range), serviceMapResponseSchema, signal),

  logs: (params: LogSearchParams, range: ResolvedRange | null, signal?: AbortSignal) =>
    getJson(`${BASE}/logs`, { ...(range ? rangeParams(range) : {}), ...params }, logsResponseSchema, signal),

  logVolume: (params: LogSearchParams, range: ResolvedRange, stepMs: number, signal?: AbortSignal) =>
    getJson(`${BASE}/logs/volume`, { ...rangeParams(range), ...params, limit: undefined, step: `${stepMs}ms` }, logVolumeResponseSchema, signal),

  metrics: (range: ResolvedRange, signal?: AbortSignal) => getJson(`${BASE}/metrics`, rangeParams(range), metricsResponseSchema, signal),

  metricSeries: (params: MetricSeriesParams, range: ResolvedRange, stepMs: number, signal?: AbortSignal) =>
    getJson(`${BASE}/metrics/${enc(params.name)}/series`, { ...rangeParams(range), ...params, name: undefined, step: `${stepMs}ms` }, metricSeriesResponseSchema, signal),
};

/**
 * A trace page opened directly (a shared link) starts fetching its trace while the app's code is
 * still loading, instead of after the trace view has rendered: for big traces the API answer is
 * most of the wait. The view's first request takes the prefetched promise.
 */
const prefetchedTraces = new Map<string, Promise<TraceResponse>>();

export function prefetchTraceForPath(pathname: string): void {
  const match = /^\/traces\/([0-9a-fA-F]{16,32})\/?$/.exec(pathname);
  if (!match || prefetchedTraces.has(match[1])) return;
  // index.html's inline script may have started the request even before this bundle loaded.
  const early = (window as { __sightlinePrefetch?: { traceId: string; response: Promise<Response> } }).__sightlinePrefetch;
  const pending = early?.traceId === match[1] ? early.response : undefined;
  const promise = getJson(`${BASE}/traces/${match[1]}`, {}, traceResponseSchema, undefined, pending);
  promise.catch(() => undefined); // the view reports the error when it takes the promise
  prefetchedTraces.set(match[1], promise);
}

export interface TraceSearchParams extends Record<string, QueryValue> {
  service?: string;
  operation?: string;
  /** `key=value` each. */
  attr?: readonly string[];
  minDuration?: string;
  maxDuration?: string;
  minTraceDuration?: string;
  maxTraceDuration?: string;
  status?: 'error' | 'ok';
  limit?: number;
}

export interface LogSearchParams extends Record<string, QueryValue> {
  service?: string;
  /** Minimum severity: trace, debug, info, warn, error, fatal (or an OTLP number). */
  severity?: string;
  text?: string;
  traceId?: string;
  attr?: readonly string[];
  limit?: number;
}

export interface MetricSeriesParams extends Record<string, QueryValue> {
  name: string;
  /** `key=value` on a point or resource attribute (`service.name=checkout` included). */
  filter?: readonly string[];
  groupBy?: readonly string[];
}

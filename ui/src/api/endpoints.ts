import { getJson, type QueryValue, type ReadResponse, type ResponseCheck } from './client';
import type { z } from 'zod';
import type * as Schemas from './schemas';
import type { TraceResponse } from './schemas';
import { traceResponseCheck } from './trace-response-check';
import type { ResolvedRange } from '../time/time-range';

/**
 * The zod schemas (and zod itself, 86 KB) load in a chunk of their own, on the first request that
 * needs one, or early from main.tsx on pages other than a trace: a trace page, whose first screen
 * waits on the biggest answer, checks it without zod (trace-response-check.ts) and never waits
 * for that code to be parsed.
 */
let schemas: Promise<typeof Schemas> | undefined;
export const loadSchemas = () =>
  (schemas ??= import('./schemas').catch((error: unknown) => {
    schemas = undefined; // a failed chunk load is tried again by the next request
    throw error;
  }));
type SchemaName = { [K in keyof typeof Schemas]: (typeof Schemas)[K] extends z.ZodType ? K : never }[keyof typeof Schemas];
// A zod schema is a ResponseCheck of its output. TypeScript cannot see that through the generic K,
// but checks it schema by schema where the loaded module is taken as this mapped type; indexing
// the mapped type by K then keeps each schema's own output type (no cast needed).
type SchemaChecks = { [K in SchemaName]: ResponseCheck<z.output<(typeof Schemas)[K]>> };
const check = <K extends SchemaName>(name: K) => loadSchemas().then((loaded: SchemaChecks) => loaded[name]);

/** The native API's routes, one function each; the only place that knows URLs and parameter names. */
const BASE = '/api/v1';
const enc = encodeURIComponent;

const rangeParams = (range: ResolvedRange) => ({ start: Math.floor(range.fromMs), end: Math.ceil(range.toMs) });

export const api = {
  services: (range: ResolvedRange, stepMs: number | undefined, signal?: AbortSignal) =>
    getJson(`${BASE}/services`, { ...rangeParams(range), step: stepMs ? `${stepMs}ms` : undefined }, check('servicesResponseSchema'), signal),

  operations: (service: string, range: ResolvedRange, signal?: AbortSignal) =>
    getJson(`${BASE}/services/${enc(service)}/operations`, rangeParams(range), check('operationsResponseSchema'), signal),

  red: (params: { service?: string; operation?: string; stepMs?: number }, range: ResolvedRange, signal?: AbortSignal) =>
    getJson(
      `${BASE}/red`,
      { ...rangeParams(range), service: params.service, operation: params.operation, step: params.stepMs ? `${params.stepMs}ms` : undefined },
      check('redResponseSchema'),
      signal,
    ),

  latencyHistogram: (params: { service: string; operation?: string }, range: ResolvedRange, signal?: AbortSignal) =>
    getJson(`${BASE}/latency-histogram`, { ...rangeParams(range), ...params }, check('latencyHistogramResponseSchema'), signal),

  searchTraces: (params: TraceSearchParams, range: ResolvedRange, signal?: AbortSignal) =>
    getJson(`${BASE}/traces`, { ...rangeParams(range), ...params }, check('traceSearchResponseSchema'), signal),

  trace: (traceId: string, signal?: AbortSignal): Promise<TraceResponse> => {
    const early = prefetchedTraces.get(traceId);
    if (early) {
      prefetchedTraces.delete(traceId);
      return early;
    }
    return getJson(`${BASE}/traces/${enc(traceId)}`, {}, traceResponseCheck, signal);
  },

  serviceMap: (range: ResolvedRange, signal?: AbortSignal) => getJson(`${BASE}/service-map`, rangeParams(range), check('serviceMapResponseSchema'), signal),

  logs: (params: LogSearchParams, range: ResolvedRange | null, signal?: AbortSignal) =>
    getJson(`${BASE}/logs`, { ...(range ? rangeParams(range) : {}), ...params }, check('logsResponseSchema'), signal),

  logVolume: (params: LogSearchParams, range: ResolvedRange, stepMs: number, signal?: AbortSignal) =>
    getJson(`${BASE}/logs/volume`, { ...rangeParams(range), ...params, limit: undefined, step: `${stepMs}ms` }, check('logVolumeResponseSchema'), signal),

  metrics: (range: ResolvedRange, signal?: AbortSignal) => getJson(`${BASE}/metrics`, rangeParams(range), check('metricsResponseSchema'), signal),

  metricSeries: (params: MetricSeriesParams, range: ResolvedRange, stepMs: number, signal?: AbortSignal) =>
    getJson(`${BASE}/metrics/${enc(params.name)}/series`, { ...rangeParams(range), ...params, name: undefined, step: `${stepMs}ms` }, check('metricSeriesResponseSchema'), signal),
};

/**
 * A trace page opened directly (a shared link) starts fetching its trace while the app's code is
 * still loading, instead of after the trace view has rendered: for big traces the API answer is
 * most of the wait. The view's first request takes the prefetched promise.
 */
const prefetchedTraces = new Map<string, Promise<TraceResponse>>();

/** Returns whether `pathname` is a trace's page. */
export function prefetchTraceForPath(pathname: string): boolean {
  const match = /^\/traces\/([0-9a-fA-F]{16,32})\/?$/.exec(pathname);
  if (!match) return false;
  if (prefetchedTraces.has(match[1])) return true;
  // index.html's inline script may have started the request even before this bundle loaded.
  const early = (window as { __sightlinePrefetch?: { traceId: string; response: Promise<ReadResponse> } }).__sightlinePrefetch;
  const pending = early?.traceId === match[1] ? early.response : undefined;
  const promise = getJson(`${BASE}/traces/${match[1]}`, {}, traceResponseCheck, undefined, pending);
  promise.catch(() => undefined); // the view reports the error when it takes the promise
  prefetchedTraces.set(match[1], promise);
  return true;
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

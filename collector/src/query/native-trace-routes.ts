import type { LogRecord } from '../model/log-record.js';
import type { Span } from '../model/span.js';
import type { TraceApiJson, TraceQuery } from '../storage/span-store.js';
import type { Storage } from '../storage/storage.js';
import { JsonText, logToApi, nsToMs, traceSpansToApi, traceSummaryToApi } from './api-json.js';
import { roundMs } from './aggregate-stats.js';
import type { ApiTraceResponse, ApiTraceSearchResponse } from './api-types.js';
import { normalizeTraceId, optionalDurationNs, parseKeyValueFilters, parseTagFilters, resolveRange } from './params.js';
import { badParameter, QueryError } from './query-errors.js';
import { attrParam, limitParam, rangeParams, rangeValues, stringValue, textParam, type NativeRoute } from './route-spec.js';

const duration = (what: string) =>
  textParam(`${what}: a duration like 250ms, 1.5s, 2m (bare number: ms).`);

const searchTraces: NativeRoute = {
  url: '/traces',
  operationId: 'searchTraces',
  tag: 'traces',
  summary: 'Search traces; results are trace summaries, most recent first',
  description:
    'service, operation, attr/tags and minDuration/maxDuration apply to one and the same span of the trace; ' +
    'minTraceDuration/maxTraceDuration to the whole trace (first start to last end); status=error keeps traces with an error span, status=ok those without.',
  query: {
    service: textParam('Service name'),
    operation: textParam('Operation (span name)'),
    attr: attrParam,
    tags: textParam('Attribute filters as a JSON object ({"http.route":"/cart"}) or logfmt (http.route=/cart k="v w").'),
    minDuration: duration('Minimum span duration'),
    maxDuration: duration('Maximum span duration'),
    minTraceDuration: duration('Minimum trace duration'),
    maxTraceDuration: duration('Maximum trace duration'),
    status: { schema: { type: 'string', enum: ['error', 'ok'] }, description: 'error: traces with an error span; ok: traces without' },
    withService: {
      schema: { type: 'array', items: { type: 'string' } },
      description:
        'Only traces that also involve this service (repeatable), e.g. both ends of a service-map edge. Applied to the ' +
        'summaries of an over-fetched search (10 × limit, at most 2,000), so a page may hold fewer than limit traces.',
    },
    limit: limitParam(20, 1000),
    ...rangeParams,
  },
  response: 'TraceSearchResponse',
  async handler({ query, storage }) {
    const resolved = resolveRange(rangeValues(query));
    const limit = Number(query.limit ?? 20);
    const traceQuery: TraceQuery = { range: resolved.range, limit };
    const service = stringValue(query, 'service');
    const operation = stringValue(query, 'operation');
    if (service !== undefined) traceQuery.serviceName = service;
    if (operation !== undefined) traceQuery.operation = operation;
    const attributes = [
      ...parseKeyValueFilters(query.attr as string | string[] | undefined, 'attr'),
      ...parseTagFilters(stringValue(query, 'tags'), 'tags'),
    ];
    if (attributes.length > 0) traceQuery.attributes = attributes;
    const bounds = {
      minSpanDurationNano: optionalDurationNs(stringValue(query, 'minDuration'), 'minDuration'),
      maxSpanDurationNano: optionalDurationNs(stringValue(query, 'maxDuration'), 'maxDuration'),
      minTraceDurationNano: optionalDurationNs(stringValue(query, 'minTraceDuration'), 'minTraceDuration'),
      maxTraceDurationNano: optionalDurationNs(stringValue(query, 'maxTraceDuration'), 'maxTraceDuration'),
    };
    for (const [key, value] of Object.entries(bounds)) if (value !== undefined) traceQuery[key as keyof typeof bounds] = value;
    if ((bounds.minSpanDurationNano ?? 0) > (bounds.maxSpanDurationNano ?? Infinity)) throw badParameter('minDuration is above maxDuration');
    if ((bounds.minTraceDurationNano ?? 0) > (bounds.maxTraceDurationNano ?? Infinity)) {
      throw badParameter('minTraceDuration is above maxTraceDuration');
    }
    const status = stringValue(query, 'status');
    if (status === 'error' || status === 'ok') traceQuery.status = status;
    const withServices = (Array.isArray(query.withService) ? query.withService : query.withService === undefined ? [] : [String(query.withService)])
      .filter((name) => name !== '');
    if (withServices.length > 0) traceQuery.limit = Math.min(limit * 10, 2000);
    let summaries = await storage.spans.findTraces(traceQuery);
    if (withServices.length > 0) {
      summaries = summaries.filter((summary) => withServices.every((name) => summary.services.includes(name))).slice(0, limit);
    }
    const response: ApiTraceSearchResponse = {
      startMs: resolved.startMs,
      endMs: resolved.endMs,
      limit,
      traces: summaries.map(traceSummaryToApi),
    };
    return response;
  },
};

const getTrace: NativeRoute = {
  url: '/traces/:traceId',
  operationId: 'getTrace',
  tag: 'traces',
  summary: 'One trace by id (no time range needed): every span, and the logs correlated to it',
  params: { traceId: { schema: { type: 'string' }, description: '32 (or 16) hex characters', required: true } },
  response: 'TraceResponse',
  extraErrors: [404],
  async handler({ params, storage, earlyTraces }) {
    const traceId = normalizeTraceId(params.traceId);
    return earlyTraces?.take(traceId) ?? loadTraceAnswer(storage, traceId);
  },
};

/** The trace-by-id answer: JSON text where the store renders it, else built from span objects; 404 if no span. */
export async function loadTraceAnswer(storage: Storage, traceId: string): Promise<JsonText | ApiTraceResponse> {
  const spanReader = storage.spans;
  if (spanReader.getTraceApiJson) {
    const [trace, logs] = await Promise.all([spanReader.getTraceApiJson(traceId), storage.logs.getLogsForTrace(traceId)]);
    if (!trace) throw traceNotFound(traceId);
    return traceResponseFromJson(traceId, trace, logs);
  }
  const [spans, logs] = await Promise.all([spanReader.getTrace(traceId), storage.logs.getLogsForTrace(traceId)]);
  if (spans.length === 0) throw traceNotFound(traceId);
  return traceResponseFromSpans(traceId, spans, logs);
}

const traceNotFound = (traceId: string) => new QueryError('SL_QUERY_TRACE_NOT_FOUND', `trace ${traceId} not found`);

/** The trace-by-id answer built from span objects (every backend can give these). */
export function traceResponseFromSpans(traceId: string, spans: readonly Span[], logs: readonly LogRecord[]): ApiTraceResponse {
  const trace = traceSpansToApi(spans);
  return { traceId, resources: trace.resources, spans: trace.spans, logs: logs.map(logToApi), ...traceTimesAndServices(trace) };
}

/**
 * The same answer from a trace the backend rendered as JSON itself: the span text is copied
 * through, never parsed, so a 10,000-span trace costs no object per span, no `JSON.stringify` of
 * megabytes and none of the garbage both leave behind.
 */
export function traceResponseFromJson(traceId: string, trace: TraceApiJson, logs: readonly LogRecord[]): JsonText {
  const resources: ApiTraceResponse['resources'] = trace.resources.map((resource) => ({ serviceName: resource.serviceName, attributes: resource.attributes }));
  const head = `{"traceId":${JSON.stringify(traceId)},"resources":${JSON.stringify(resources)},"spans":[`;
  // The last fields' object without its opening brace: its closing one closes the answer.
  const tail = `],"logs":${JSON.stringify(logs.map(logToApi))},${JSON.stringify(traceTimesAndServices(trace)).slice(1)}`;
  return new JsonText(Buffer.concat([Buffer.from(head), ...trace.spanJson, Buffer.from(tail)]));
}

/** The answer's last fields, in its key order, from the trace's bounds and service names. */
function traceTimesAndServices(
  trace: Pick<TraceApiJson, 'startTimeUnixNano' | 'endTimeUnixNano' | 'serviceNames'>,
): Pick<ApiTraceResponse, 'startTimeMs' | 'durationMs' | 'services'> {
  return {
    startTimeMs: nsToMs(trace.startTimeUnixNano),
    durationMs: roundMs(Number(trace.endTimeUnixNano - trace.startTimeUnixNano) / 1e6),
    services: [...new Set(trace.serviceNames)].sort(),
  };
}

export const traceRoutes: NativeRoute[] = [searchTraces, getTrace];

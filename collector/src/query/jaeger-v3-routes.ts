import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Span } from '../model/span.js';
import type { Storage } from '../storage/storage.js';
import type { TraceQuery } from '../storage/span-store.js';
import { spanKindFromName, spanKindName } from './aggregate-stats.js';
import { applyTagFilters, findFullTraces, operationsOf, serviceNames } from './jaeger-search.js';
import { toOtlpTracesData } from './otlp-json.js';
import { normalizeTraceId, optionalDurationNs, parseTagFilters, resolveRange } from './params.js';
import { answerErrorsWith, forbidContentSniffing } from './http-scope.js';
import { badParameter } from './query-errors.js';
import { stringValue } from './route-spec.js';

/** api_v3's error body (`GRPCGatewayError` in Jaeger's HTTP gateway). */
export interface JaegerV3Error {
  error: { httpCode: number; message: string };
}

function sendV3Error(reply: FastifyReply, httpCode: number, message: string): FastifyReply {
  const body: JaegerV3Error = { error: { httpCode, message } };
  return reply.code(httpCode).send(body);
}

function sendTraces(reply: FastifyReply, spans: readonly Span[]): FastifyReply {
  return reply.type('application/json; charset=utf-8').send(JSON.stringify({ result: toOtlpTracesData(spans) }));
}

type Query = Record<string, string | string[] | undefined>;

/** Jaeger api_v3 over HTTP (OTLP-JSON results), mounted at `/jaeger/api/v3`. */
export async function registerJaegerV3(scope: FastifyInstance, storage: Storage): Promise<void> {
  forbidContentSniffing(scope);
  answerErrorsWith(scope, sendV3Error, 'jaeger api_v3 failure');
  scope.setNotFoundHandler((request, reply) => sendV3Error(reply, 404, `no route ${request.method} ${request.url.split('?')[0]}`));

  scope.get('/services', async () => ({ services: await serviceNames(storage) }));

  scope.get<{ Querystring: Query }>('/operations', async (request) => {
    const service = stringValue(request.query, 'service');
    if (service === undefined) throw badParameter('service is required');
    const kindText = stringValue(request.query, 'span_kind') ?? stringValue(request.query, 'spanKind');
    const kind = kindText === undefined ? undefined : spanKindFromName(kindText);
    if (kindText !== undefined && kind === undefined) throw badParameter(`unsupported span_kind ${JSON.stringify(kindText)}`);
    const operations = (await operationsOf(storage, service))
      .filter((op) => kind === undefined || op.spanKind === kind)
      .map((op) => ({ name: op.name, spanKind: op.spanKind === 0 ? '' : spanKindName(op.spanKind) }));
    return { operations };
  });

  scope.get<{ Querystring: Query }>('/traces', async (request, reply) => {
    const query = request.query;
    // Jaeger requires both bounds; Sightline defaults them like the native API (the last hour).
    const resolved = resolveRange({ start: stringValue(query, 'query.start_time_min'), end: stringValue(query, 'query.start_time_max') });
    const depthText = stringValue(query, 'query.search_depth') ?? stringValue(query, 'query.num_traces');
    const depth = depthText === undefined ? 20 : Number(depthText);
    if (!Number.isInteger(depth) || depth < 1) throw badParameter(`query.search_depth must be a positive integer (got ${JSON.stringify(depthText)})`);
    const traceQuery: TraceQuery = { range: resolved.range, limit: Math.min(depth, 1500) };
    const service = stringValue(query, 'query.service_name');
    const operation = stringValue(query, 'query.operation_name');
    if (service !== undefined) traceQuery.serviceName = service;
    if (operation !== undefined) traceQuery.operation = operation;
    const conditions = applyTagFilters(traceQuery, parseTagFilters(stringValue(query, 'query.attributes'), 'query.attributes'));
    const minDuration = optionalDurationNs(stringValue(query, 'query.duration_min'), 'query.duration_min', 'us');
    const maxDuration = optionalDurationNs(stringValue(query, 'query.duration_max'), 'query.duration_max', 'us');
    if (minDuration !== undefined) traceQuery.minSpanDurationNano = minDuration;
    if (maxDuration !== undefined) traceQuery.maxSpanDurationNano = maxDuration;
    const traces = await findFullTraces(storage, traceQuery, conditions);
    return sendTraces(reply, traces.flat());
  });

  scope.get<{ Params: { traceId: string } }>('/traces/:traceId', async (request, reply) => {
    const traceId = normalizeTraceId(request.params.traceId, { allowShort: true });
    const spans = await storage.spans.getTrace(traceId);
    if (spans.length === 0) return sendV3Error(reply, 404, 'trace not found');
    return sendTraces(reply, spans);
  });
}

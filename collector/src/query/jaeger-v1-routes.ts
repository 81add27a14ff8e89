import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Storage } from '../storage/storage.js';
import type { TraceQuery } from '../storage/span-store.js';
import { spanKindFromName, spanKindName } from './aggregate-stats.js';
import { applyTagFilters, findFullTraces, operationsOf, serviceNames } from './jaeger-search.js';
import { toJaegerTrace } from './jaeger-v1-model.js';
import { normalizeTraceId, optionalDurationNs, parseKeyValueFilters, parseTagFilters, resolveRange } from './params.js';
import { answerErrorsWith, forbidContentSniffing } from './http-scope.js';
import { badParameter } from './query-errors.js';
import { rangeValues, stringValue } from './route-spec.js';

/** Jaeger's response envelope (`structuredResponse` in its HTTP handler). */
export interface JaegerEnvelope<T> {
  data: T;
  total: number;
  limit: number;
  offset: number;
  errors: { code: number; msg: string }[] | null;
}

function envelope<T>(data: T, total = Array.isArray(data) ? data.length : 0): JaegerEnvelope<T> {
  return { data, total, limit: 0, offset: 0, errors: null };
}

function sendJaegerError(reply: FastifyReply, code: number, msg: string): FastifyReply {
  const body: JaegerEnvelope<null> = { data: null, total: 0, limit: 0, offset: 0, errors: [{ code, msg }] };
  return reply.code(code).send(body);
}

type Query = Record<string, string | string[] | undefined>;

function many(query: Query, name: string): string[] {
  const value = query[name];
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/** `tag=key:value` (Jaeger UI's repeatable form) besides `tags` (JSON or logfmt). */
function tagParams(query: Query): { key: string; value: string }[] {
  const filters = parseTagFilters(stringValue(query, 'tags'), 'tags');
  for (const tag of many(query, 'tag')) {
    const at = tag.indexOf(':');
    if (at <= 0) throw badParameter(`tag must be key:value (got ${JSON.stringify(tag)})`);
    filters.push({ key: tag.slice(0, at), value: tag.slice(at + 1) });
  }
  return filters;
}

function limitOf(query: Query, fallback: number): number {
  const text = stringValue(query, 'limit');
  if (text === undefined) return fallback;
  const limit = Number(text);
  if (!Number.isInteger(limit) || limit < 0) throw badParameter(`limit must be a non-negative integer (got ${JSON.stringify(text)})`);
  return Math.min(limit === 0 ? fallback : limit, 1500);
}

async function getTraceById(storage: Storage, rawId: string) {
  const traceId = normalizeTraceId(rawId, { allowShort: true });
  return storage.spans.getTrace(traceId);
}

/** Jaeger v1 HTTP API (the one Jaeger UI and Grafana's Jaeger data source call), mounted at `/jaeger`. */
export async function registerJaegerV1(scope: FastifyInstance, storage: Storage): Promise<void> {
  forbidContentSniffing(scope);
  answerErrorsWith(scope, sendJaegerError, 'jaeger API failure');

  scope.get('/api/services', async () => envelope(await serviceNames(storage)));

  scope.get<{ Params: { service: string } }>('/api/services/:service/operations', async (request) => {
    const names = [...new Set((await operationsOf(storage, request.params.service)).map((op) => op.name))];
    return envelope(names);
  });

  scope.get<{ Querystring: Query }>('/api/operations', async (request) => {
    const service = stringValue(request.query, 'service');
    if (service === undefined) throw badParameter("parameter 'service' is required");
    const kindText = stringValue(request.query, 'spanKind');
    const kind = kindText === undefined ? undefined : spanKindFromName(kindText);
    if (kindText !== undefined && kind === undefined) throw badParameter(`unsupported spanKind ${JSON.stringify(kindText)}`);
    const operations = (await operationsOf(storage, service))
      .filter((op) => kind === undefined || op.spanKind === kind)
      .map((op) => ({ name: op.name, spanKind: op.spanKind === 0 ? '' : spanKindName(op.spanKind) }));
    return envelope(operations);
  });

  scope.get<{ Querystring: Query }>('/api/traces', async (request) => {
    const query = request.query;
    const ids = many(query, 'traceID');
    if (ids.length > 0) {
      const traces = await Promise.all(ids.map((id) => getTraceById(storage, id)));
      const found = traces.filter((spans) => spans.length > 0).map(toJaegerTrace);
      return envelope(found);
    }
    const service = stringValue(query, 'service');
    if (service === undefined) throw badParameter("parameter 'service' is required");
    const resolved = resolveRange(rangeValues(query), { numericUnit: 'us' });
    const traceQuery: TraceQuery = { range: resolved.range, limit: limitOf(query, 20), serviceName: service };
    const operation = stringValue(query, 'operation');
    if (operation !== undefined) traceQuery.operation = operation;
    const conditions = applyTagFilters(traceQuery, tagParams(query));
    const minDuration = optionalDurationNs(stringValue(query, 'minDuration'), 'minDuration', 'us');
    const maxDuration = optionalDurationNs(stringValue(query, 'maxDuration'), 'maxDuration', 'us');
    if (minDuration !== undefined) traceQuery.minSpanDurationNano = minDuration;
    if (maxDuration !== undefined) traceQuery.maxSpanDurationNano = maxDuration;
    const traces = await findFullTraces(storage, traceQuery, conditions);
    return envelope(traces.map(toJaegerTrace));
  });

  scope.get<{ Params: { traceId: string } }>('/api/traces/:traceId', async (request, reply) => {
    const spans = await getTraceById(storage, request.params.traceId);
    if (spans.length === 0) return sendJaegerError(reply, 404, 'trace not found');
    return envelope([toJaegerTrace(spans)]);
  });

  scope.get<{ Querystring: Query }>('/api/dependencies', async (request) => {
    const endText = stringValue(request.query, 'endTs');
    const lookbackText = stringValue(request.query, 'lookback');
    for (const [name, text] of [['endTs', endText], ['lookback', lookbackText]] as const) {
      if (text !== undefined && !/^\d+$/.test(text)) throw badParameter(`${name} must be milliseconds (got ${JSON.stringify(text)})`);
    }
    const endMs = endText === undefined ? Date.now() : Number(endText);
    const lookbackMs = lookbackText === undefined ? 86_400_000 : Number(lookbackText);
    if (lookbackMs <= 0) throw badParameter('lookback must be positive');
    const edges = await storage.aggregates.queryServiceGraph({
      range: { startUnixNano: BigInt(endMs - lookbackMs) * 1_000_000n, endUnixNano: BigInt(endMs) * 1_000_000n },
    });
    const callCounts = new Map<string, { parent: string; child: string; callCount: number }>();
    for (const edge of edges) {
      const key = `${edge.client}\u0000${edge.server}`;
      const link = callCounts.get(key) ?? { parent: edge.client, child: edge.server, callCount: 0 };
      link.callCount += edge.calls;
      callCounts.set(key, link);
    }
    return envelope([...callCounts.values()].sort((a, b) => a.parent.localeCompare(b.parent) || a.child.localeCompare(b.child)));
  });

  scope.setNotFoundHandler((request, reply) => sendJaegerError(reply, 404, `no route ${request.method} ${request.url.split('?')[0]}`));
}

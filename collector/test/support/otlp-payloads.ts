import { gzipSync } from 'node:zlib';
import { loadOtlpTypes } from '../../src/receiver/otlp-proto.js';
import type { Signal } from '../../src/receiver/signal.js';

/**
 * Small OTLP payload builders for tests. Builders return OTLP/JSON objects (hex ids, int64 as
 * decimal strings, enums as numbers); `toProtobuf` turns the same object into protobuf bytes, so
 * one fixture serves both encodings. `postOtlp` sends either.
 */

export type Json = Record<string, unknown>;
type AttrValue = string | number | boolean;

let counter = 0;
/** A fresh random-looking hex id of `bytes` bytes (never all zero). */
export function hexId(bytes: 16 | 8): string {
  counter++;
  const random = Array.from({ length: bytes * 2 }, () => Math.floor(Math.random() * 16).toString(16)).join('');
  return (counter.toString(16) + random).slice(0, bytes * 2).padStart(bytes * 2, '1');
}

export function kv(attributes: Record<string, AttrValue> = {}): Json[] {
  return Object.entries(attributes).map(([key, value]) => ({
    key,
    value:
      typeof value === 'string'
        ? { stringValue: value }
        : typeof value === 'boolean'
          ? { boolValue: value }
          : Number.isInteger(value)
            ? { intValue: String(value) }
            : { doubleValue: value },
  }));
}

/** Nanoseconds since the epoch as a decimal string (full precision). */
export function nanos(ms: number, extraNanos = 0): string {
  return (BigInt(Math.floor(ms)) * 1_000_000n + BigInt(extraNanos)).toString();
}

export interface SpanSpec {
  traceId?: string;
  spanId?: string;
  parentSpanId?: string;
  name?: string;
  kind?: number;
  /** Start, Unix ms (default now - 1s). */
  startMs?: number;
  durationMs?: number;
  statusCode?: number;
  statusMessage?: string;
  attributes?: Record<string, AttrValue>;
  events?: { name: string; timeMs?: number; attributes?: Record<string, AttrValue> }[];
  /** Overrides of raw OTLP fields (for invalid input). */
  raw?: Json;
}

export function span(spec: SpanSpec = {}): Json {
  const start = spec.startMs ?? Date.now() - 1000;
  const end = start + (spec.durationMs ?? 25);
  return {
    traceId: spec.traceId ?? hexId(16),
    spanId: spec.spanId ?? hexId(8),
    ...(spec.parentSpanId ? { parentSpanId: spec.parentSpanId } : {}),
    name: spec.name ?? 'GET /items',
    kind: spec.kind ?? 2,
    startTimeUnixNano: nanos(start),
    endTimeUnixNano: nanos(end),
    attributes: kv(spec.attributes),
    events: (spec.events ?? []).map((e) => ({ name: e.name, timeUnixNano: nanos(e.timeMs ?? start), attributes: kv(e.attributes) })),
    status: { code: spec.statusCode ?? 0, ...(spec.statusMessage ? { message: spec.statusMessage } : {}) },
    ...spec.raw,
  };
}

export function traceRequest(spans: Json[], serviceName = 'checkout', resource: Record<string, AttrValue> = {}): Json {
  return {
    resourceSpans: [
      {
        resource: { attributes: kv({ 'service.name': serviceName, ...resource }) },
        scopeSpans: [{ scope: { name: 'test-scope', version: '1.0.0' }, spans }],
      },
    ],
  };
}

export interface LogSpec {
  body?: string;
  timeMs?: number;
  severityNumber?: number;
  severityText?: string;
  traceId?: string;
  spanId?: string;
  attributes?: Record<string, AttrValue>;
  raw?: Json;
}

export function logRecord(spec: LogSpec = {}): Json {
  const time = spec.timeMs ?? Date.now() - 1000;
  return {
    timeUnixNano: nanos(time),
    observedTimeUnixNano: nanos(time),
    severityNumber: spec.severityNumber ?? 9,
    ...(spec.severityText !== undefined ? { severityText: spec.severityText } : {}),
    body: { stringValue: spec.body ?? 'hello' },
    attributes: kv(spec.attributes),
    ...(spec.traceId ? { traceId: spec.traceId } : {}),
    ...(spec.spanId ? { spanId: spec.spanId } : {}),
    ...spec.raw,
  };
}

export function logsRequest(records: Json[], serviceName = 'checkout'): Json {
  return {
    resourceLogs: [
      { resource: { attributes: kv({ 'service.name': serviceName }) }, scopeLogs: [{ scope: { name: 'test-logger' }, logRecords: records }] },
    ],
  };
}

/** A request with one metric of each of the five types, one point each, at `timeMs`. */
export function metricsRequest(serviceName = 'checkout', timeMs = Date.now() - 1000): Json {
  const t = nanos(timeMs);
  const s = nanos(timeMs - 60_000);
  const attributes = kv({ route: '/items' });
  return {
    resourceMetrics: [
      {
        resource: { attributes: kv({ 'service.name': serviceName }) },
        scopeMetrics: [
          {
            scope: { name: 'test-meter' },
            metrics: [
              { name: 'queue.depth', unit: '1', gauge: { dataPoints: [{ attributes, timeUnixNano: t, asDouble: 4.5 }] } },
              { name: 'http.requests', unit: '1', sum: { aggregationTemporality: 2, isMonotonic: true, dataPoints: [{ attributes, startTimeUnixNano: s, timeUnixNano: t, asInt: '42' }] } },
              { name: 'http.duration', unit: 'ms', histogram: { aggregationTemporality: 2, dataPoints: [{ attributes, startTimeUnixNano: s, timeUnixNano: t, count: '3', sum: 30, min: 5, max: 15, explicitBounds: [10, 20], bucketCounts: ['2', '1', '0'] }] } },
              { name: 'payload.size', unit: 'By', exponentialHistogram: { aggregationTemporality: 1, dataPoints: [{ attributes, startTimeUnixNano: s, timeUnixNano: t, count: '2', sum: 300, scale: 2, zeroCount: '0', positive: { offset: 10, bucketCounts: ['1', '1'] } }] } },
              { name: 'gc.pause', unit: 'ms', summary: { dataPoints: [{ attributes, startTimeUnixNano: s, timeUnixNano: t, count: '10', sum: 55, quantileValues: [{ quantile: 0.5, value: 4 }, { quantile: 0.99, value: 12 }] }] } },
            ],
          },
        ],
      },
    ],
  };
}

const ID_FIELDS = new Set(['traceId', 'spanId', 'parentSpanId']);

/** Hex ids → bytes, recursively, so protobufjs `fromObject` encodes them as OTLP expects. */
function withBinaryIds(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withBinaryIds);
  if (value === null || typeof value !== 'object') return value;
  const out: Json = {};
  for (const [key, v] of Object.entries(value)) out[key] = ID_FIELDS.has(key) && typeof v === 'string' ? Buffer.from(v, 'hex') : withBinaryIds(v);
  return out;
}

export function toProtobuf(signal: Signal, request: Json): Buffer {
  const types = loadOtlpTypes();
  const type = signal === 'traces' ? types.traceRequest : signal === 'logs' ? types.logsRequest : types.metricsRequest;
  return Buffer.from(type.encode(type.fromObject(withBinaryIds(request) as Json)).finish());
}

export interface PostOptions {
  encoding?: 'json' | 'protobuf';
  gzip?: boolean;
  headers?: Record<string, string>;
}

export interface OtlpResponse {
  status: number;
  headers: Headers;
  /** Decoded Export*ServiceResponse (200) or Status (errors), in either encoding; `{}` when empty. */
  body: Json;
}

/** POSTs an OTLP request (a builder's object, or raw bytes) and decodes the answer. */
export async function postOtlp(otlpUrl: string, signal: Signal, request: Json | Buffer, options: PostOptions = {}): Promise<OtlpResponse> {
  const encoding = options.encoding ?? 'json';
  let body: Buffer = Buffer.isBuffer(request) ? request : encoding === 'json' ? Buffer.from(JSON.stringify(request)) : toProtobuf(signal, request);
  const headers: Record<string, string> = { 'content-type': encoding === 'json' ? 'application/json' : 'application/x-protobuf', ...options.headers };
  if (options.gzip) {
    body = gzipSync(body);
    headers['content-encoding'] = 'gzip';
  }
  const response = await fetch(`${otlpUrl}/v1/${signal}`, { method: 'POST', headers, body: new Uint8Array(body) });
  return { status: response.status, headers: response.headers, body: decodeAnswer(signal, response.headers.get('content-type') ?? '', Buffer.from(await response.arrayBuffer()), response.status) };
}

function decodeAnswer(signal: Signal, contentType: string, bytes: Buffer, status: number): Json {
  if (bytes.length === 0) return {};
  if (contentType.includes('json')) return JSON.parse(bytes.toString('utf8')) as Json;
  const types = loadOtlpTypes();
  const type = status !== 200 ? types.status : signal === 'traces' ? types.traceResponse : signal === 'logs' ? types.logsResponse : types.metricsResponse;
  return type.toObject(type.decode(bytes), { longs: String, defaults: false }) as Json;
}

/** The value of one series (with these labels) on a Prometheus /metrics page; 0 when absent. */
export async function scrapeValue(httpUrl: string, name: string, labels: Record<string, string> = {}): Promise<number> {
  const text = await (await fetch(`${httpUrl}/metrics`)).text();
  let total = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const match = /^([a-z_:]+)(\{[^}]*\})?\s+(\S+)/.exec(line);
    if (!match || match[1] !== name) continue;
    const labelText = match[2] ?? '';
    if (Object.entries(labels).every(([k, v]) => labelText.includes(`${k}="${v}"`))) total += Number(match[3]);
  }
  return total;
}

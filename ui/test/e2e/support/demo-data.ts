/**
 * OTLP/JSON fixtures for the UI's end-to-end tests and benchmark: a small shop (frontend →
 * checkout → payment, checkout → postgres) with correlated logs, fast and slow traces, errors,
 * and one trace whose attribute and log hold markup that must be shown as text.
 */
import { randomBytes } from 'node:crypto';

type Json = Record<string, unknown>;
type Attr = string | number | boolean;

export const hex = (bytes: number) => randomBytes(bytes).toString('hex');
const nanos = (ms: number) => (BigInt(Math.round(ms * 1000)) * 1000n).toString();
const kv = (attributes: Record<string, Attr>) =>
  Object.entries(attributes).map(([key, value]) => ({
    key,
    value: typeof value === 'string' ? { stringValue: value } : typeof value === 'boolean' ? { boolValue: value } : Number.isInteger(value) ? { intValue: String(value) } : { doubleValue: value },
  }));

export interface SpanSpec {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  startMs: number;
  durationMs: number;
  error?: string;
  attributes?: Record<string, Attr>;
}

export interface LogSpec {
  service: string;
  timeMs: number;
  severityNumber: number;
  severityText: string;
  body: string;
  traceId?: string;
  spanId?: string;
  attributes?: Record<string, Attr>;
}

function otlpSpan(s: SpanSpec): Json {
  return {
    traceId: s.traceId,
    spanId: s.spanId,
    ...(s.parentSpanId ? { parentSpanId: s.parentSpanId } : {}),
    name: s.name,
    kind: s.kind,
    startTimeUnixNano: nanos(s.startMs),
    endTimeUnixNano: nanos(s.startMs + s.durationMs),
    attributes: kv(s.attributes ?? {}),
    status: s.error ? { code: 2, message: s.error } : { code: 0 },
  };
}

/** Groups spans by service into one OTLP export request. */
export function tracesRequest(spans: readonly SpanSpec[]): Json {
  const byService = new Map<string, SpanSpec[]>();
  for (const s of spans) byService.set(s.service, [...(byService.get(s.service) ?? []), s]);
  return {
    resourceSpans: [...byService].map(([service, list]) => ({
      resource: { attributes: kv({ 'service.name': service, 'service.version': '1.4.2', 'host.name': `${service}-7f9c` }) },
      scopeSpans: [{ scope: { name: '@sightline/e2e', version: '1.0.0' }, spans: list.map(otlpSpan) }],
    })),
  };
}

export function logsRequest(logs: readonly LogSpec[]): Json {
  const byService = new Map<string, LogSpec[]>();
  for (const l of logs) byService.set(l.service, [...(byService.get(l.service) ?? []), l]);
  return {
    resourceLogs: [...byService].map(([service, list]) => ({
      resource: { attributes: kv({ 'service.name': service }) },
      scopeLogs: [
        {
          scope: { name: 'pino' },
          logRecords: list.map((l) => ({
            timeUnixNano: nanos(l.timeMs),
            observedTimeUnixNano: nanos(l.timeMs),
            severityNumber: l.severityNumber,
            severityText: l.severityText,
            body: { stringValue: l.body },
            attributes: kv(l.attributes ?? {}),
            ...(l.traceId ? { traceId: l.traceId, spanId: l.spanId } : {}),
          })),
        },
      ],
    })),
  };
}

/**
 * A cumulative explicit-bucket histogram (as the OpenTelemetry SDK exports by default) reported
 * once a minute: `counts[i]` are the bucket counts since the start at the i-th report.
 */
export function histogramMetricRequest(service: string, name: string, startMs: number, bounds: number[], counts: number[][]): Json {
  return {
    resourceMetrics: [
      {
        resource: { attributes: kv({ 'service.name': service }) },
        scopeMetrics: [
          {
            scope: { name: '@sightline/e2e' },
            metrics: [
              {
                name,
                unit: 'ms',
                histogram: {
                  aggregationTemporality: 2,
                  dataPoints: counts.map((bucketCounts, i) => ({
                    startTimeUnixNano: nanos(startMs - 1_000),
                    timeUnixNano: nanos(startMs + i * 60_000),
                    count: String(bucketCounts.reduce((a, b) => a + b, 0)),
                    sum: bucketCounts.reduce((sum, count, b) => sum + count * (bounds[b] ?? bounds[bounds.length - 1] * 2), 0),
                    explicitBounds: bounds,
                    bucketCounts: bucketCounts.map(String),
                  })),
                },
              },
            ],
          },
        ],
      },
    ],
  };
}

export interface ShopTrace {
  traceId: string;
  rootSpanId: string;
  durationMs: number;
  failed: boolean;
  spans: SpanSpec[];
  logs: LogSpec[];
}

/**
 * One checkout request: frontend GET /checkout → checkout POST /orders → (postgres INSERT, payment
 * charge). `durationMs` is the root's duration; a failed one has payment return an error.
 */
export function shopTrace(startMs: number, durationMs: number, failed: boolean, extraAttributes: Record<string, Attr> = {}): ShopTrace {
  const traceId = hex(16);
  const id = { root: hex(8), feClient: hex(8), coServer: hex(8), db: hex(8), coClient: hex(8), payServer: hex(8) };
  const d = durationMs;
  const spans: SpanSpec[] = [
    { service: 'frontend', traceId, spanId: id.root, name: 'GET /checkout', kind: 2, startMs, durationMs: d, attributes: { 'http.request.method': 'GET', 'http.route': '/checkout', 'http.response.status_code': failed ? 502 : 200, ...extraAttributes }, error: failed ? 'upstream failed' : undefined },
    { service: 'frontend', traceId, spanId: id.feClient, parentSpanId: id.root, name: 'POST /orders', kind: 3, startMs: startMs + d * 0.05, durationMs: d * 0.9, attributes: { 'server.address': 'checkout', 'http.request.method': 'POST' }, error: failed ? '502' : undefined },
    { service: 'checkout', traceId, spanId: id.coServer, parentSpanId: id.feClient, name: 'POST /orders', kind: 2, startMs: startMs + d * 0.07, durationMs: d * 0.85, attributes: { 'http.route': '/orders', 'cart.id': 42 }, error: failed ? 'payment declined' : undefined },
    { service: 'checkout', traceId, spanId: id.db, parentSpanId: id.coServer, name: 'INSERT orders', kind: 3, startMs: startMs + d * 0.1, durationMs: d * 0.2, attributes: { 'db.system': 'postgresql', 'db.name': 'orders', 'db.statement': 'INSERT INTO orders VALUES ($1, $2)' } },
    { service: 'checkout', traceId, spanId: id.coClient, parentSpanId: id.coServer, name: 'POST /charge', kind: 3, startMs: startMs + d * 0.35, durationMs: d * 0.55, attributes: { 'server.address': 'payment' }, error: failed ? '402' : undefined },
    { service: 'payment', traceId, spanId: id.payServer, parentSpanId: id.coClient, name: 'POST /charge', kind: 2, startMs: startMs + d * 0.37, durationMs: d * 0.5, attributes: { 'http.route': '/charge', 'payment.amount': 99.5 }, error: failed ? 'card declined' : undefined },
  ];
  const logs: LogSpec[] = [
    { service: 'checkout', timeMs: startMs + d * 0.12, severityNumber: 9, severityText: 'INFO', body: `order placed for cart 42 (trace ${traceId.slice(0, 6)})`, traceId, spanId: id.coServer, attributes: { 'cart.id': 42 } },
    failed
      ? { service: 'payment', timeMs: startMs + d * 0.8, severityNumber: 17, severityText: 'ERROR', body: 'card declined by issuer', traceId, spanId: id.payServer }
      : { service: 'payment', timeMs: startMs + d * 0.8, severityNumber: 9, severityText: 'INFO', body: 'payment captured', traceId, spanId: id.payServer },
  ];
  return { traceId, rootSpanId: id.root, durationMs, failed, spans, logs };
}

/** The malicious strings the XSS test plants; if any of them runs, it sets a window flag. */
export const XSS_ATTRIBUTE = '<img src=x onerror="window.__sightlineXss=1">';
export const XSS_LOG_BODY = '<script>window.__sightlineXss=2</script><b>bold?</b>';

/**
 * A wide, fairly deep synthetic trace of `spanCount` spans across `serviceCount` services
 * (fan-out ~8), for the UI benchmark. Spans are sent in chunks to stay under request limits.
 */
export function bigTrace(
  spanCount: number,
  startMs: number,
  serviceCount = 12,
  serviceName: (n: number) => string = (n) => `svc-${n}`,
): { traceId: string; spans: SpanSpec[]; logs: LogSpec[] } {
  const traceId = hex(16);
  const spans: SpanSpec[] = [];
  const total = 2_000;
  spans.push({ service: serviceName(0), traceId, spanId: hex(8), name: 'GET /big', kind: 2, startMs, durationMs: total });
  for (let i = 1; i < spanCount; i++) {
    const parent = spans[Math.floor((i - 1) / 8)];
    const slot = (i - 1) % 8;
    const width = parent.durationMs / 8;
    spans.push({
      service: serviceName(i % serviceCount),
      traceId,
      spanId: hex(8),
      parentSpanId: parent.spanId,
      name: `op-${i % 40}`,
      kind: i % 3 === 0 ? 3 : 1,
      startMs: parent.startMs + slot * width + width * 0.05,
      durationMs: width * 0.9,
      attributes: { 'item.index': i, 'http.route': `/r/${i % 17}` },
      error: i % 997 === 0 ? 'boom' : undefined,
    });
  }
  const logs: LogSpec[] = spans
    .filter((_, i) => i % 50 === 0)
    .map((s) => ({ service: s.service, timeMs: s.startMs + 0.1, severityNumber: 9, severityText: 'INFO', body: `work on ${s.name}`, traceId, spanId: s.spanId }));
  return { traceId, spans, logs };
}

import { randomBytes } from 'node:crypto';

/**
 * Realistic OTLP/JSON traffic for the dashboard checks: a browser-facing service calling a
 * checkout service that calls a payment service and a PostgreSQL database, some requests failing,
 * each service logging (with trace context) what it did.
 */
export const SERVICES = { frontend: 'web-frontend', checkout: 'checkout-service', payment: 'payment-service' } as const;
export const DATABASE = { system: 'postgresql', name: 'orders' } as const;

const SERVER = 2;
const CLIENT = 3;
const STATUS_OK = 1;
const STATUS_ERROR = 2;

type AnyValue = { stringValue: string } | { intValue: string } | { boolValue: boolean };
const attr = (key: string, value: string | number | boolean): { key: string; value: AnyValue } => ({
  key,
  value: typeof value === 'string' ? { stringValue: value } : typeof value === 'number' ? { intValue: String(value) } : { boolValue: value },
});

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: Array<ReturnType<typeof attr>>;
  status: { code: number; message?: string };
}

interface OtlpLog {
  timeUnixNano: string;
  observedTimeUnixNano: string;
  severityNumber: number;
  severityText: string;
  body: { stringValue: string };
  traceId: string;
  spanId: string;
  attributes: Array<ReturnType<typeof attr>>;
}

const hex = (bytes: number) => randomBytes(bytes).toString('hex');
const nanos = (ms: number) => (BigInt(Math.round(ms * 1000)) * 1000n).toString();

export interface GeneratedTraffic {
  traces: unknown;
  logs: unknown;
  traceIds: string[];
  /** Trace ids of the requests that failed. */
  failedTraceIds: string[];
}

/** `count` checkout requests ending around now; every `failEvery`-th fails in the payment service. */
export function checkoutTraffic(count: number, failEvery = 4): GeneratedTraffic {
  const spans = new Map<string, OtlpSpan[]>(Object.values(SERVICES).map((service) => [service, []]));
  const logs = new Map<string, OtlpLog[]>(Object.values(SERVICES).map((service) => [service, []]));
  const traceIds: string[] = [];
  const failedTraceIds: string[] = [];
  const now = Date.now();

  for (let i = 0; i < count; i++) {
    const traceId = hex(16);
    const failed = i % failEvery === failEvery - 1;
    traceIds.push(traceId);
    if (failed) failedTraceIds.push(traceId);
    // Durations spread over several latency buckets: 12..90 ms at the edge.
    const start = now - 20_000 + i * (15_000 / count);
    const total = 12 + ((i * 7) % 79);
    const status = (error: boolean) => (error ? { code: STATUS_ERROR, message: 'payment declined' } : { code: STATUS_OK });

    const feServer = { id: hex(8) };
    const feClient = { id: hex(8) };
    const coServer = { id: hex(8) };
    const coDb = { id: hex(8) };
    const coPayClient = { id: hex(8) };
    const payServer = { id: hex(8) };
    const span = (service: string, id: string, parent: string | undefined, name: string, kind: number, from: number, to: number, attributes: Array<ReturnType<typeof attr>>, error = false) =>
      spans.get(service)!.push({ traceId, spanId: id, parentSpanId: parent, name, kind, startTimeUnixNano: nanos(from), endTimeUnixNano: nanos(to), attributes, status: status(error) });
    const log = (service: string, spanId: string, at: number, severityNumber: number, severityText: string, body: string) =>
      logs.get(service)!.push({ timeUnixNano: nanos(at), observedTimeUnixNano: nanos(at), severityNumber, severityText, body: { stringValue: body }, traceId, spanId, attributes: [attr('order.index', i)] });

    span(SERVICES.frontend, feServer.id, undefined, 'POST /checkout', SERVER, start, start + total, [attr('http.request.method', 'POST'), attr('http.route', '/checkout'), attr('http.response.status_code', failed ? 502 : 200)], failed);
    span(SERVICES.frontend, feClient.id, feServer.id, 'POST', CLIENT, start + 1, start + total - 1, [attr('http.request.method', 'POST'), attr('server.address', 'checkout'), attr('server.port', 8080)], failed);
    span(SERVICES.checkout, coServer.id, feClient.id, 'POST /api/orders', SERVER, start + 1.5, start + total - 1.5, [attr('http.request.method', 'POST'), attr('http.route', '/api/orders'), attr('http.response.status_code', failed ? 502 : 201)], failed);
    span(SERVICES.checkout, coDb.id, coServer.id, 'INSERT orders', CLIENT, start + 2, start + 4, [attr('db.system', DATABASE.system), attr('db.name', DATABASE.name), attr('db.namespace', DATABASE.name), attr('db.operation.name', 'INSERT'), attr('server.address', 'postgres')]);
    span(SERVICES.checkout, coPayClient.id, coServer.id, 'POST', CLIENT, start + 4, start + total - 2, [attr('http.request.method', 'POST'), attr('server.address', 'payment'), attr('server.port', 8080)], failed);
    span(SERVICES.payment, payServer.id, coPayClient.id, 'POST /charge', SERVER, start + 4.5, start + total - 2.5, [attr('http.request.method', 'POST'), attr('http.route', '/charge'), attr('http.response.status_code', failed ? 402 : 200)], failed);

    log(SERVICES.frontend, feServer.id, start + 0.5, 9, 'INFO', `checkout requested (order ${i})`);
    log(SERVICES.checkout, coServer.id, start + 2, 9, 'INFO', `creating order ${i}`);
    log(SERVICES.payment, payServer.id, start + 5, failed ? 17 : 9, failed ? 'ERROR' : 'INFO', failed ? `payment declined for order ${i}` : `charged order ${i}`);
    if (failed) log(SERVICES.checkout, coServer.id, start + total - 2, 13, 'WARN', `payment failed for order ${i}, answering 502`);
  }

  // One span that ends before it starts: the collector rejects it, so rejection panels have data.
  spans.get(SERVICES.frontend)!.push({
    traceId: hex(16), spanId: hex(8), name: 'GET /broken-clock', kind: SERVER,
    startTimeUnixNano: nanos(now - 1000), endTimeUnixNano: nanos(now - 2000), attributes: [], status: { code: STATUS_OK },
  });

  const resource = (service: string) => ({ attributes: [attr('service.name', service), attr('service.version', '1.0.0'), attr('service.instance.id', `${service}-1`)] });
  const scope = { name: 'sightline-dashboard-test', version: '1.0.0' };
  return {
    traces: { resourceSpans: [...spans].map(([service, list]) => ({ resource: resource(service), scopeSpans: [{ scope, spans: list }] })) },
    logs: { resourceLogs: [...logs].map(([service, list]) => ({ resource: resource(service), scopeLogs: [{ scope, logRecords: list }] })) },
    traceIds,
    failedTraceIds,
  };
}

/** POSTs traffic to a collector's OTLP/HTTP receiver (JSON encoding); throws on a non-2xx answer. */
export async function sendTraffic(otlpUrl: string, traffic: GeneratedTraffic): Promise<void> {
  for (const [path, body] of [['/v1/traces', traffic.traces], ['/v1/logs', traffic.logs]] as const) {
    const response = await fetch(`${otlpUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (!response.ok) throw new Error(`POST ${path}: ${response.status} ${await response.text()}`);
  }
}

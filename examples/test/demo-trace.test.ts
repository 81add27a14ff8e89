// The demo as a user runs it, against the real collector: one checkout is one trace across
// gateway → orders → inventory / payments (HTTP) and → notifications (queue), logs correlated.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestCollector } from '../../collector/test/support/start-collector.js';
import type { TestCollector } from '../../collector/test/support/start-collector.js';
import { eventually, getJson } from '../../instrumentation/test/support/eventually.js';
import { newTraceparent } from '../../instrumentation/test/support/ids.js';
import { startDemo } from './demo-services.js';
import type { RunningDemo } from './demo-services.js';

interface ApiSpan {
  spanId: string;
  parentSpanId?: string;
  name: string;
  kindName: string;
  serviceName: string;
  isError: boolean;
  attributes: Record<string, unknown>;
}
interface ApiTrace {
  spans: ApiSpan[];
  logs: Array<{ body: unknown; serviceName: string; severityText: string; spanId?: string; attributes: Record<string, unknown> }>;
  services: string[];
}

const checkoutBody = { customerId: 'cust-test', items: [{ sku: 'sku-mouse', quantity: 1 }, { sku: 'sku-cable', quantity: 2 }] };

async function checkout(gatewayUrl: string, traceparent: string): Promise<Response> {
  return fetch(`${gatewayUrl}/api/checkout`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', traceparent },
    body: JSON.stringify(checkoutBody),
  });
}

async function fetchTrace(collector: TestCollector, traceId: string, done: (t: ApiTrace) => boolean): Promise<ApiTrace> {
  return eventually(async () => {
    const res = await fetch(`${collector.httpUrl}/api/v1/traces/${traceId}`);
    if (!res.ok) return undefined;
    const trace = (await res.json()) as ApiTrace;
    return done(trace) ? trace : undefined;
  }, `trace ${traceId}`);
}

/** The span's parent, which must exist in the same trace. */
function parentOf(trace: ApiTrace, span: ApiSpan): ApiSpan {
  const parent = trace.spans.find((s) => s.spanId === span.parentSpanId);
  assert.ok(parent, `parent of ${span.serviceName} ${span.kindName} "${span.name}" is in the trace`);
  return parent;
}

describe('demo services → real collector', () => {
  let collector: TestCollector;
  let demo: RunningDemo;

  before(async () => {
    collector = await startTestCollector();
    demo = await startDemo(collector.otlpUrl, { PAYMENTS_ERROR_RATE: '0', PAYMENTS_DECLINE_RATE: '0' });
  });
  after(async () => {
    await demo?.stop();
    await collector?.stop();
  });

  it('one checkout is one trace: gateway → orders → inventory + payments, and orders → queue → notifications', async () => {
    const { traceId, parentSpanId, header } = newTraceparent();
    const response = await checkout(demo.urls.gateway, header);
    assert.equal(response.status, 201, await response.clone().text());

    const expected = ['gateway', 'inventory', 'notifications', 'orders', 'payments'];
    // Each process exports on its own schedule: wait for every span the assertions look at.
    const has = (t: ApiTrace, service: string, kind: string) => t.spans.some((s) => s.serviceName === service && s.kindName === kind);
    const trace = await fetchTrace(
      collector,
      traceId,
      (t) =>
        ['gateway', 'orders', 'inventory', 'payments'].every((s) => has(t, s, 'server')) &&
        has(t, 'notifications', 'consumer') &&
        has(t, 'orders', 'producer') &&
        t.spans.filter((s) => s.kindName === 'client').length >= 4,
    );
    assert.deepEqual(trace.services, expected);

    const server = (service: string) => trace.spans.find((s) => s.serviceName === service && s.kindName === 'server');
    const gateway = server('gateway');
    assert.ok(gateway);
    assert.equal(gateway.parentSpanId, parentSpanId);
    assert.equal(gateway.name, 'POST /api/checkout', 'HTTP server spans are named by Fastify route');
    assert.equal(gateway.attributes['http.route'], '/api/checkout');
    // Each downstream SERVER span hangs under a CLIENT span of its caller.
    for (const [callee, caller] of [['orders', 'gateway'], ['inventory', 'orders'], ['payments', 'orders']]) {
      const span = server(callee);
      assert.ok(span, `${callee} server span`);
      const parent = parentOf(trace, span);
      assert.equal(parent.kindName, 'client', `${callee}'s parent is a client span`);
      assert.equal(parent.serviceName, caller, `${callee} is called by ${caller}`);
    }
    // Messaging: the CONSUMER span in notifications is a child of the orders PRODUCER span.
    const consumer = trace.spans.find((s) => s.kindName === 'consumer');
    assert.ok(consumer);
    assert.equal(consumer.serviceName, 'notifications');
    assert.equal(consumer.attributes['messaging.system'], 'demo-queue');
    const producer = parentOf(trace, consumer);
    assert.equal(producer.kindName, 'producer');
    assert.equal(producer.serviceName, 'orders');
    assert.equal(producer.attributes['messaging.destination.name'], 'order-events');
    // The uninstrumented database appears as CLIENT spans with db attributes.
    assert.ok(trace.spans.some((s) => s.serviceName === 'orders' && s.kindName === 'client' && s.attributes['db.system'] === 'postgresql'));
  });

  it('returns each service\'s logs correlated by trace id (pino and winston)', async () => {
    const { traceId, header } = newTraceparent();
    assert.equal((await checkout(demo.urls.gateway, header)).status, 201);
    const trace = await fetchTrace(
      collector,
      traceId,
      (t) =>
        ['orders', 'inventory', 'payments', 'notifications'].every((s) => t.logs.some((l) => l.serviceName === s)) &&
        t.logs.every((l) => t.spans.some((s) => s.spanId === l.spanId)),
    );
    const bodies = trace.logs.map((l) => `${l.serviceName}: ${JSON.stringify(l.body)}`).join('\n');
    assert.match(bodies, /orders: "order created"/);
    assert.match(bodies, /inventory: "reserved stock"/); // winston
    assert.match(bodies, /payments: "charge approved"/);
    // notifications bounces 2% of e-mails on purpose: either outcome is a log correlated to the trace.
    assert.match(bodies, /notifications: "(e-mail sent for order.created|notification failed)"/);
    for (const log of trace.logs) assert.ok(trace.spans.some((s) => s.spanId === log.spanId), 'every log points at a span of the trace');
  });

  it('a failing payments service: retries, an error trace, and an error log with a stack trace', async () => {
    await fetch(`${demo.urls.payments}/admin/chaos`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ errorRate: 1 }) });
    try {
      const { traceId, header } = newTraceparent();
      assert.equal((await checkout(demo.urls.gateway, header)).status, 502);
      const trace = await fetchTrace(
        collector,
        traceId,
        (t) =>
          t.spans.filter((s) => s.serviceName === 'payments' && s.kindName === 'server').length >= 3 &&
          t.spans.some((s) => s.serviceName === 'gateway' && s.kindName === 'server') &&
          t.logs.some((l) => l.serviceName === 'orders' && JSON.stringify(l.body).includes('payment failed after retries')),
      );
      const attempts = trace.spans.filter((s) => s.serviceName === 'payments' && s.kindName === 'server');
      assert.equal(attempts.length, 3, 'one call and two retries');
      assert.ok(attempts.every((s) => s.isError));
      assert.ok(trace.spans.some((s) => s.serviceName === 'gateway' && s.kindName === 'server' && s.isError));
      const errorLog = trace.logs.find((l) => l.serviceName === 'orders' && JSON.stringify(l.body).includes('payment failed after retries'));
      assert.ok(errorLog, 'orders logs the failure');
      assert.match(JSON.stringify(errorLog.attributes), /stack/, 'with the stack trace');
    } finally {
      await fetch(`${demo.urls.payments}/admin/chaos`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ errorRate: 0 }) });
    }
  });

  it('serves /metrics for Prometheus and sends OTLP and prom-client metrics to the collector', async () => {
    const gatewayText = await (await fetch(`${demo.urls.gateway}/metrics`)).text();
    assert.match(gatewayText, /# TYPE demo_requests_total counter/);
    const paymentsText = await (await fetch(`${demo.urls.payments}/metrics`)).text();
    assert.match(paymentsText, /payments_charges_total\{outcome="approved"\} \d+/);

    const wanted: Array<[string, string]> = [
      ['demo_requests_total', 'gateway'],
      ['payments_charges_total', 'payments'],
      ['http.server.request.duration', 'gateway'],
      ['http.client.request.duration', 'orders'],
    ];
    await eventually(async () => {
      const { metrics } = await getJson<{ metrics: Array<{ name: string; services: string[] }> }>(`${collector.httpUrl}/api/v1/metrics`);
      return wanted.every(([name, service]) => metrics.some((m) => m.name === name && m.services.includes(service))) ? true : undefined;
    }, `metrics ${wanted.map((w) => w.join('@')).join(', ')}`);
  });
});

import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { Registry } from 'prom-client';
import { resolveDeriveSettings } from '../../src/derive/derive-settings.js';
import { ServiceGraphProcessor } from '../../src/derive/service-graph-processor.js';
import {
  SERVICE_GRAPH_REQUEST_DURATION_SECONDS,
  SERVICE_GRAPH_REQUEST_FAILED_TOTAL,
  SERVICE_GRAPH_REQUEST_TOTAL,
  SERVICE_GRAPH_UNPAIRED_TOTAL,
} from '../../src/telemetry/metric-names.js';
import { MemoryAggregateWriter, SpanKind, T0_MS, span } from './test-spans.js';

const WAIT_MS = 10_000;
const processors: ServiceGraphProcessor[] = [];
after(async () => {
  for (const p of processors) await p.shutdown().catch(() => undefined);
});

function setup(overrides: Parameters<typeof resolveDeriveSettings>[0] = {}) {
  const clock = { now: 0 };
  const writer = new MemoryAggregateWriter();
  const registry = new Registry();
  const processor = new ServiceGraphProcessor(
    writer,
    registry,
    resolveDeriveSettings({
      flushIntervalMs: 3_600_000,
      serviceGraphWaitMs: WAIT_MS,
      instanceId: 'test-instance',
      now: () => clock.now,
      log: () => undefined,
      ...overrides,
    }),
  );
  processors.push(processor);
  return { clock, writer, registry, processor };
}

const gatewayClient = span({ service: 'gateway', kind: SpanKind.CLIENT, spanId: 'c1', parentSpanId: 'r1', durationMs: 40 });
const ordersServer = span({ service: 'orders', kind: SpanKind.SERVER, spanId: 's1', parentSpanId: 'c1', durationMs: 35 });

describe('service graph processor', () => {
  it('pairs a client span with its server child in another service (same batch)', async () => {
    const { writer, processor } = setup();
    processor.consume([gatewayClient, ordersServer]);
    await processor.flush();
    assert.deepEqual(writer.edgeTotals(), { 'gateway->orders(service)': { calls: 1, errors: 0 } });
    const [row] = writer.edges.values();
    assert.equal(row.minuteUnixMs, T0_MS);
    assert.equal(row.durationSumNano, 40e6, 'duration measured on the client side');
  });

  it('pairs when the server span arrives first, in an earlier batch', async () => {
    const { clock, writer, processor } = setup();
    processor.consume([ordersServer]);
    await processor.flush();
    assert.equal(writer.edges.size, 0);
    clock.now = WAIT_MS - 1;
    processor.consume([gatewayClient]);
    await processor.flush();
    assert.deepEqual(writer.edgeTotals(), { 'gateway->orders(service)': { calls: 1, errors: 0 } });
  });

  it('pairs when the client span arrives first, in an earlier batch', async () => {
    const { clock, writer, processor } = setup();
    processor.consume([gatewayClient]);
    clock.now = WAIT_MS - 1;
    processor.consume([ordersServer]);
    await processor.flush();
    assert.deepEqual(writer.edgeTotals(), { 'gateway->orders(service)': { calls: 1, errors: 0 } });
    assert.equal(processor.stats().pendingClients, 0);
  });

  it('pairs a whole trace delivered shuffled across batches', async () => {
    const trace = [
      span({ service: 'gateway', kind: SpanKind.SERVER, spanId: '1' }),
      span({ service: 'gateway', kind: SpanKind.CLIENT, spanId: '2', parentSpanId: '1' }),
      span({ service: 'orders', kind: SpanKind.SERVER, spanId: '3', parentSpanId: '2' }),
      span({ service: 'orders', kind: SpanKind.INTERNAL, spanId: '4', parentSpanId: '3' }),
      span({ service: 'orders', kind: SpanKind.CLIENT, spanId: '5', parentSpanId: '4' }),
      span({ service: 'inventory', kind: SpanKind.SERVER, spanId: '6', parentSpanId: '5', error: true }),
      span({ service: 'orders', kind: SpanKind.CLIENT, spanId: '7', parentSpanId: '4' }),
      span({ service: 'payments', kind: SpanKind.SERVER, spanId: '8', parentSpanId: '7' }),
    ];
    const { writer, processor } = setup();
    for (const batch of [[trace[7], trace[2]], [trace[5], trace[0]], [trace[4]], [trace[6], trace[1], trace[3]]]) {
      processor.consume(batch);
    }
    await processor.flush();
    assert.deepEqual(writer.edgeTotals(), {
      'gateway->orders(service)': { calls: 1, errors: 0 },
      'orders->inventory(service)': { calls: 1, errors: 1 },
      'orders->payments(service)': { calls: 1, errors: 0 },
    });
  });

  it('makes no edge when parent and child are in the same service', async () => {
    const { clock, writer, processor, registry } = setup();
    processor.consume([
      span({ service: 'orders', kind: SpanKind.CLIENT, spanId: 'c1' }),
      span({ service: 'orders', kind: SpanKind.SERVER, spanId: 's1', parentSpanId: 'c1' }),
    ]);
    clock.now = WAIT_MS * 2;
    await processor.flush();
    assert.equal(writer.edges.size, 0);
    assert.equal(await unpairedCount(registry), 0);
  });

  it('counts a call as failed when either side is an error', async () => {
    const { writer, processor } = setup();
    processor.consume([
      span({ service: 'a', kind: SpanKind.CLIENT, spanId: 'c1', error: true }),
      span({ service: 'b', kind: SpanKind.SERVER, spanId: 's1', parentSpanId: 'c1' }),
      span({ service: 'a', kind: SpanKind.CLIENT, spanId: 'c2' }),
      span({ service: 'b', kind: SpanKind.SERVER, spanId: 's2', parentSpanId: 'c2', error: true }),
      span({ service: 'a', kind: SpanKind.CLIENT, spanId: 'c3' }),
      span({ service: 'b', kind: SpanKind.SERVER, spanId: 's3', parentSpanId: 'c3' }),
    ]);
    await processor.flush();
    assert.deepEqual(writer.edgeTotals(), { 'a->b(service)': { calls: 3, errors: 2 } });
  });

  it('records a database call at once, without waiting for a server span', async () => {
    const { writer, processor } = setup();
    processor.consume([
      span({
        service: 'orders',
        kind: SpanKind.CLIENT,
        spanId: 'd1',
        attributes: { 'db.system': 'postgresql', 'db.name': 'orders', 'server.address': 'pg.internal' },
      }),
      span({ service: 'inventory', kind: SpanKind.CLIENT, spanId: 'd2', attributes: { 'db.system.name': 'redis' }, error: true }),
      span({ service: 'orders', kind: SpanKind.CLIENT, spanId: 'd3', attributes: { 'db.system': 'mongodb', 'db.namespace': 'carts' } }),
      span({
        service: 'catalog',
        kind: SpanKind.CLIENT,
        spanId: 'd4',
        attributes: { 'db.system': 'redis', 'db.namespace': '0', 'server.address': 'cache.internal' },
      }),
    ]);
    await processor.flush();
    assert.equal(processor.stats().pendingClients, 0);
    assert.deepEqual(writer.edgeTotals(), {
      'orders->postgresql/orders(database)': { calls: 1, errors: 0 },
      'inventory->redis(database)': { calls: 1, errors: 1 },
      'orders->mongodb/carts(database)': { calls: 1, errors: 0 },
      'catalog->redis/cache.internal(database)': { calls: 1, errors: 0 },
    });
  });

  it('after the window, links unpaired client spans to the peers their attributes name', async () => {
    const { clock, writer, processor, registry } = setup();
    processor.consume([
      span({
        service: 'orders',
        kind: SpanKind.PRODUCER,
        spanId: 'p1',
        attributes: { 'messaging.system': 'kafka', 'messaging.destination.name': 'order-events' },
      }),
      span({ service: 'payments', kind: SpanKind.CLIENT, spanId: 'e1', attributes: { 'server.address': 'api.stripe.com', 'server.port': 443 } }),
      span({ service: 'payments', kind: SpanKind.CLIENT, spanId: 'e2', attributes: { 'url.full': 'https://fraud.example.com:8443/check' } }),
      span({ service: 'gateway', kind: SpanKind.CLIENT, spanId: 'e3', attributes: { 'peer.service': 'legacy-auth' } }),
      span({ service: 'gateway', kind: SpanKind.CLIENT, spanId: 'e4' }),
    ]);
    clock.now = WAIT_MS - 1;
    await processor.flush();
    assert.equal(writer.edges.size, 0, 'nothing before the window ends');
    clock.now = WAIT_MS;
    await processor.flush();
    assert.deepEqual(writer.edgeTotals(), {
      'orders->kafka/order-events(messaging)': { calls: 1, errors: 0 },
      'payments->api.stripe.com(external)': { calls: 1, errors: 0 },
      'payments->fraud.example.com(external)': { calls: 1, errors: 0 },
      'gateway->legacy-auth(service)': { calls: 1, errors: 0 },
    });
    assert.equal(await unpairedCount(registry), 1);
  });

  it('prefers an instrumented server over the peer attributes of the client', async () => {
    const { clock, writer, processor } = setup();
    processor.consume([
      span({ service: 'gateway', kind: SpanKind.CLIENT, spanId: 'c1', attributes: { 'server.address': 'orders.internal' } }),
    ]);
    processor.consume([span({ service: 'orders', kind: SpanKind.SERVER, spanId: 's1', parentSpanId: 'c1' })]);
    clock.now = WAIT_MS * 3;
    await processor.flush();
    assert.deepEqual(writer.edgeTotals(), { 'gateway->orders(service)': { calls: 1, errors: 0 } });
  });

  it('pairs a producer with every consumer, through parents and span links', async () => {
    const { clock, writer, processor } = setup();
    const otherTrace = 'b'.repeat(32);
    processor.consume([
      span({ service: 'billing', kind: SpanKind.CONSUMER, spanId: 'k1', parentSpanId: 'p1' }),
      span({ service: 'orders', kind: SpanKind.PRODUCER, spanId: 'p1', attributes: { 'messaging.system': 'kafka' } }),
    ]);
    processor.consume([
      span({ service: 'notifications', kind: SpanKind.CONSUMER, spanId: 'k2', parentSpanId: 'p1' }),
      // a batch consumer in a trace of its own, linking to the producer
      span({
        service: 'warehouse',
        kind: SpanKind.CONSUMER,
        traceId: otherTrace,
        spanId: 'k3',
        links: [{ traceId: 'a'.repeat(31) + '1', spanId: 'p1' }],
      }),
    ]);
    clock.now = WAIT_MS * 2;
    await processor.flush();
    assert.deepEqual(writer.edgeTotals(), {
      'orders->billing(service)': { calls: 1, errors: 0 },
      'orders->notifications(service)': { calls: 1, errors: 0 },
      'orders->warehouse(service)': { calls: 1, errors: 0 },
    });
  });

  it('forgets a server span whose client never came, and settles waiting clients at shutdown', async () => {
    const { clock, writer, processor, registry } = setup();
    processor.consume([span({ service: 'orders', kind: SpanKind.SERVER, spanId: 's9', parentSpanId: 'c9' })]);
    clock.now = WAIT_MS;
    processor.consume([span({ service: 'gateway', kind: SpanKind.CLIENT, spanId: 'c9' })]);
    assert.equal(processor.stats().pendingServers, 0);
    processor.consume([span({ service: 'gateway', kind: SpanKind.CLIENT, spanId: 'c8', attributes: { 'peer.service': 'cdn' } })]);
    await processor.shutdown();
    await processor.shutdown();
    assert.deepEqual(writer.edgeTotals(), { 'gateway->cdn(service)': { calls: 1, errors: 0 } });
    assert.equal(await unpairedCount(registry), 1);
  });

  it('bounds the pairing store, settling the oldest spans early', async () => {
    const { writer, processor } = setup({ maxPendingSpans: 3 });
    for (let i = 0; i < 5; i++) {
      processor.consume([span({ service: 'a', kind: SpanKind.CLIENT, spanId: `c${i}`, attributes: { 'peer.service': 'x' } })]);
    }
    assert.equal(processor.stats().pendingClients, 3);
    assert.equal(processor.stats().evicted, 2);
    await processor.flush();
    assert.deepEqual(writer.edgeTotals(), { 'a->x(service)': { calls: 2, errors: 0 } });
  });

  it('writes deterministic row ids, rewritten in place across flushes', async () => {
    const ids: string[] = [];
    for (let run = 0; run < 2; run++) {
      const { writer, processor } = setup();
      processor.consume([gatewayClient, ordersServer]);
      await processor.flush();
      processor.consume([
        span({ service: 'gateway', kind: SpanKind.CLIENT, spanId: 'c2', startMs: 100 }),
        span({ service: 'orders', kind: SpanKind.SERVER, spanId: 's2', parentSpanId: 'c2' }),
      ]);
      await processor.flush();
      assert.equal(writer.edges.size, 1);
      const [row] = writer.edges.values();
      assert.equal(row.calls, 2);
      ids.push(row.id);
    }
    assert.equal(ids[0], ids[1]);
  });

  it('exposes request, failed and duration series by client, server and server kind', async () => {
    const { registry, processor } = setup();
    processor.consume([
      gatewayClient,
      ordersServer,
      span({ service: 'gateway', kind: SpanKind.CLIENT, spanId: 'c2', durationMs: 700, error: true }),
      span({ service: 'orders', kind: SpanKind.SERVER, spanId: 's2', parentSpanId: 'c2' }),
      span({ service: 'orders', kind: SpanKind.CLIENT, spanId: 'd1', attributes: { 'db.system': 'postgresql' } }),
    ]);
    const metrics = await registry.getMetricsAsJSON();
    const values = (name: string) => metrics.find((m) => m.name === name)!.values;
    const labels = { client: 'gateway', server: 'orders', server_kind: 'service' };
    assert.deepEqual(
      values(SERVICE_GRAPH_REQUEST_TOTAL).map((v) => [v.labels, v.value]),
      [
        [labels, 2],
        [{ client: 'orders', server: 'postgresql', server_kind: 'database' }, 1],
      ],
    );
    assert.equal(values(SERVICE_GRAPH_REQUEST_FAILED_TOTAL).find((v) => v.labels.server === 'orders')?.value, 1);
    const buckets = values(SERVICE_GRAPH_REQUEST_DURATION_SECONDS).filter(
      (v) => v.labels.server === 'orders' && (v as { metricName?: string }).metricName?.endsWith('_bucket'),
    );
    const le = (bound: number | string) => buckets.find((b) => b.labels.le === bound)?.value;
    assert.equal(le(0.05), 1);
    assert.equal(le(1), 2);
    assert.equal(le('+Inf'), 2);
  });
});

async function unpairedCount(registry: Registry): Promise<number> {
  const metric = (await registry.getMetricsAsJSON()).find((m) => m.name === SERVICE_GRAPH_UNPAIRED_TOTAL);
  return metric?.values[0]?.value ?? 0;
}

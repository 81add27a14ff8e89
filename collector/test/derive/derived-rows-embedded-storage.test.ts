import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Registry } from 'prom-client';
import { resolveDeriveSettings } from '../../src/derive/derive-settings.js';
import { ServiceGraphProcessor } from '../../src/derive/service-graph-processor.js';
import { SpanMetricsProcessor } from '../../src/derive/span-metrics-processor.js';
import { quantileNanos } from '../../src/model/latency-histogram.js';
import { EmbeddedStorage } from '../../src/storage/embedded/embedded-storage.js';
import { SpanKind, T0_MS, span } from './test-spans.js';

/** Derived rows written through the real embedded store come back through its aggregate reader. */
describe('derived rows in the embedded store', () => {
  let dataDir: string;
  let storage: EmbeddedStorage;
  const range = { startUnixNano: BigInt(T0_MS) * 1_000_000n, endUnixNano: BigInt(T0_MS + 3_600_000) * 1_000_000n };

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'sightline-derive-'));
    storage = new EmbeddedStorage({ dataDir, threads: 1 });
    await storage.init();
  });
  after(async () => {
    await storage.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('adds up rewritten and late rows without double counting', async () => {
    const settings = resolveDeriveSettings({ flushIntervalMs: 3_600_000, instanceId: 'embedded-test', now: () => 0, log: () => undefined });
    const registry = new Registry();
    const metrics = new SpanMetricsProcessor(storage.aggregates, registry, settings);
    const graph = new ServiceGraphProcessor(storage.aggregates, registry, settings);
    const batches = [
      [
        span({ service: 'gateway', name: 'GET /', kind: SpanKind.SERVER, spanId: '1', durationMs: 20 }),
        span({ service: 'gateway', name: 'GET', kind: SpanKind.CLIENT, spanId: '2', parentSpanId: '1', durationMs: 15 }),
      ],
      [
        span({ service: 'orders', name: 'GET /orders', kind: SpanKind.SERVER, spanId: '3', parentSpanId: '2', durationMs: 12, error: true }),
        span({ service: 'orders', name: 'SELECT', kind: SpanKind.CLIENT, spanId: '4', parentSpanId: '3', attributes: { 'db.system': 'postgresql', 'db.name': 'orders' } }),
      ],
      [span({ service: 'gateway', name: 'GET /', kind: SpanKind.SERVER, spanId: '5', startMs: 61_000, durationMs: 40 })],
    ];
    for (const batch of batches) {
      metrics.consume(batch);
      graph.consume(batch);
      await metrics.flush(); // every flush rewrites the same rows
      await graph.flush();
    }
    await metrics.shutdown();
    await graph.shutdown();
    await storage.flush();

    const perService = await storage.aggregates.querySpanMetrics({ range, groupBy: ['serviceName'] });
    assert.deepEqual(
      perService.map((g) => [g.serviceName, g.calls, g.errors]),
      [
        ['gateway', 3, 0],
        ['orders', 2, 1],
      ],
    );
    const gatewayServer = await storage.aggregates.querySpanMetrics({
      range,
      serviceName: 'gateway',
      spanKinds: [SpanKind.SERVER],
      groupBy: [],
      stepMs: 60_000,
    });
    assert.deepEqual(gatewayServer.map((g) => [g.timeUnixMs! - T0_MS, g.calls]), [[0, 1], [60_000, 1]]);
    const p99 = quantileNanos(gatewayServer[1].histogram, 0.99)!;
    assert.ok(Math.abs(p99 - 40e6) / 40e6 < 0.05);

    const edges = await storage.aggregates.queryServiceGraph({ range });
    assert.deepEqual(
      edges.map((e) => [e.client, e.server, e.serverKind, e.calls, e.errors]).sort(),
      [
        ['gateway', 'orders', 'service', 1, 1],
        ['orders', 'postgresql/orders', 'database', 1, 0],
      ],
    );
  });
});

import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { Registry } from 'prom-client';
import { resolveDeriveSettings, type DeriveSettings } from '../../src/derive/derive-settings.js';
import { ServiceGraphProcessor } from '../../src/derive/service-graph-processor.js';
import { SpanMetricsProcessor } from '../../src/derive/span-metrics-processor.js';
import {
  DERIVE_DROPPED_CALLS_TOTAL,
  SERVICE_GRAPH_EVICTED_SPANS_TOTAL,
  SPAN_METRICS_DROPPED_SPANS_TOTAL,
} from '../../src/telemetry/metric-names.js';
import { MemoryAggregateWriter, SpanKind, span } from './test-spans.js';

const stops: (() => Promise<void>)[] = [];
after(async () => {
  for (const stop of stops) await stop().catch(() => undefined);
});

function settings(overrides: Partial<DeriveSettings>): DeriveSettings {
  return resolveDeriveSettings({ flushIntervalMs: 3_600_000, instanceId: 'loss-test', now: () => 0, log: () => undefined, ...overrides });
}

/** The value of one series in the registry's exposition text (0 when absent). */
async function scrape(registry: Registry, name: string, labels = ''): Promise<number> {
  const text = await registry.metrics();
  const line = text.split('\n').find((l) => l.startsWith(labels ? `${name}{${labels}} ` : `${name} `));
  return line === undefined ? 0 : Number(line.split(' ').at(-1));
}

describe("the derivers' losses on /metrics", () => {
  it('counts spans left out of span metrics when the series limit is reached', async () => {
    const registry = new Registry();
    const processor = new SpanMetricsProcessor(new MemoryAggregateWriter(), registry, settings({ maxSeries: 1 }));
    stops.push(() => processor.shutdown());
    processor.consume([
      span({ service: 'a', kind: SpanKind.SERVER, spanId: '1' }),
      span({ service: 'b', kind: SpanKind.SERVER, spanId: '2' }),
      span({ service: 'c', kind: SpanKind.SERVER, spanId: '3' }),
    ]);
    assert.equal(await scrape(registry, SPAN_METRICS_DROPPED_SPANS_TOTAL), 2);
    assert.equal(processor.stats().droppedSpans, 2);
  });

  it('counts calls of aggregate rows dropped when more rows wait to be written than allowed, per processor', async () => {
    const registry = new Registry();
    const writer = new MemoryAggregateWriter();
    // Two open cells at most, one row waiting for a retry at most: the evicted cells overflow it.
    const tight = settings({ maxOpenCells: 1, maxPendingRows: 1 });
    const spanMetrics = new SpanMetricsProcessor(writer, registry, tight);
    const serviceGraph = new ServiceGraphProcessor(writer, registry, tight);
    stops.push(() => spanMetrics.shutdown(), () => serviceGraph.shutdown());
    const calls = [1, 2, 3].map((minute) => [
      span({ service: 'gateway', kind: SpanKind.CLIENT, spanId: `c${minute}`, startMs: minute * 60_000 }),
      span({ service: 'orders', kind: SpanKind.SERVER, spanId: `s${minute}`, parentSpanId: `c${minute}`, startMs: minute * 60_000 }),
    ]);
    for (const batch of calls) {
      spanMetrics.consume(batch);
      serviceGraph.consume(batch);
    }
    const spanMetricsLost = spanMetrics.stats().droppedCalls;
    const serviceGraphLost = serviceGraph.stats().droppedCalls;
    assert.ok(spanMetricsLost > 0 && serviceGraphLost > 0, 'the tight limits must have dropped rows');
    assert.equal(await scrape(registry, DERIVE_DROPPED_CALLS_TOTAL, 'processor="span-metrics"'), spanMetricsLost);
    assert.equal(await scrape(registry, DERIVE_DROPPED_CALLS_TOTAL, 'processor="service-graph"'), serviceGraphLost);
  });

  it('counts client and server spans evicted from a full pairing store', async () => {
    const registry = new Registry();
    const processor = new ServiceGraphProcessor(new MemoryAggregateWriter(), registry, settings({ maxPendingSpans: 1 }));
    stops.push(() => processor.shutdown());
    processor.consume([
      span({ service: 'gateway', kind: SpanKind.CLIENT, spanId: 'c1' }),
      span({ service: 'gateway', kind: SpanKind.CLIENT, spanId: 'c2' }),
      span({ service: 'gateway', kind: SpanKind.CLIENT, spanId: 'c3' }),
      span({ service: 'orders', kind: SpanKind.SERVER, spanId: 's1', parentSpanId: 'x1' }),
      span({ service: 'orders', kind: SpanKind.SERVER, spanId: 's2', parentSpanId: 'x2' }),
    ]);
    assert.equal(await scrape(registry, SERVICE_GRAPH_EVICTED_SPANS_TOTAL, 'side="client"'), 2);
    assert.equal(await scrape(registry, SERVICE_GRAPH_EVICTED_SPANS_TOTAL, 'side="server"'), 1);
    assert.equal(processor.stats().evicted, 3);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Registry } from 'prom-client';
import { createDerivers } from '../../src/derive/create-derivers.js';
import { SPAN_CALLS_TOTAL, SERVICE_GRAPH_REQUEST_TOTAL } from '../../src/telemetry/metric-names.js';
import { MemoryAggregateWriter, SpanKind, span } from './test-spans.js';

describe('createDerivers', () => {
  it('returns the span-metrics and service-graph processors, writing through the given writer and registry', async () => {
    const writer = new MemoryAggregateWriter();
    const registry = new Registry();
    const derivers = createDerivers({ writer, registry, options: { flushIntervalMs: 60_000, serviceGraphWaitMs: 1_000 } });
    assert.deepEqual(derivers.map((d) => d.name), ['span-metrics', 'service-graph']);
    const batch = [
      span({ service: 'gateway', kind: SpanKind.CLIENT, spanId: 'c1' }),
      span({ service: 'orders', kind: SpanKind.SERVER, spanId: 's1', parentSpanId: 'c1' }),
    ];
    for (const d of derivers) d.consume(batch);
    for (const d of derivers) await d.shutdown();
    assert.equal(writer.spanMetrics.size, 2);
    assert.deepEqual(writer.edgeTotals(), { 'gateway->orders(service)': { calls: 1, errors: 0 } });
    const text = await registry.metrics();
    assert.match(text, new RegExp(`${SPAN_CALLS_TOTAL}\\{`));
    assert.match(text, new RegExp(`${SERVICE_GRAPH_REQUEST_TOTAL}\\{client="gateway",server="orders",server_kind="service"\\} 1`));
    // a second set on the same registry shares the series instead of throwing
    const again = createDerivers({ writer, registry });
    for (const d of again) await d.shutdown();
  });
});

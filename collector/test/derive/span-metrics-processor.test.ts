import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { Registry } from 'prom-client';
import { mergeHistogram, quantileNanos, type SparseHistogram } from '../../src/model/latency-histogram.js';
import { resolveDeriveSettings } from '../../src/derive/derive-settings.js';
import { SpanMetricsProcessor } from '../../src/derive/span-metrics-processor.js';
import { SPAN_CALLS_TOTAL, SPAN_DURATION_SECONDS } from '../../src/telemetry/metric-names.js';
import { MemoryAggregateWriter, SpanKind, StatusCode, T0_MS, span } from './test-spans.js';

const processors: SpanMetricsProcessor[] = [];
after(async () => {
  for (const p of processors) await p.shutdown().catch(() => undefined);
});

function setup(overrides: Parameters<typeof resolveDeriveSettings>[0] = {}) {
  const writer = new MemoryAggregateWriter();
  const registry = new Registry();
  const warnings: string[] = [];
  const settings = resolveDeriveSettings({
    flushIntervalMs: 3_600_000,
    instanceId: 'test-instance',
    now: () => 0,
    log: (m) => warnings.push(m),
    ...overrides,
  });
  const processor = new SpanMetricsProcessor(writer, registry, settings);
  processors.push(processor);
  return { writer, registry, processor, warnings };
}

/** Seeded durations (ms), log-uniform over 1 ms .. 2.2 s. */
function durations(count: number, seed: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    seed = (seed * 16807) % 2147483647;
    out.push(Math.exp((seed / 2147483647) * 7.7));
  }
  return out;
}

describe('span metrics processor', () => {
  it('counts calls and errors per service × operation × kind × status per minute', async () => {
    const { writer, processor } = setup();
    processor.consume([
      span({ service: 'orders', name: 'GET /orders', kind: SpanKind.SERVER, spanId: '1', startMs: 1_000 }),
      span({ service: 'orders', name: 'GET /orders', kind: SpanKind.SERVER, spanId: '2', startMs: 59_999 }),
      span({ service: 'orders', name: 'GET /orders', kind: SpanKind.SERVER, spanId: '3', startMs: 5_000, error: true }),
      span({ service: 'orders', name: 'GET /orders', kind: SpanKind.SERVER, spanId: '4', startMs: 60_000 }),
      span({ service: 'orders', name: 'SELECT', kind: SpanKind.CLIENT, spanId: '5', startMs: 2_000 }),
      span({ service: 'payments', name: 'GET /orders', kind: SpanKind.SERVER, spanId: '6', startMs: 2_000 }),
    ]);
    await processor.flush();
    const rows = [...writer.spanMetrics.values()].map((r) => ({
      minute: r.minuteUnixMs - T0_MS,
      key: `${r.serviceName}|${r.operation}|${r.spanKind}|${r.statusCode}`,
      calls: r.calls,
      errors: r.errors,
    }));
    rows.sort((a, b) => a.minute - b.minute || a.key.localeCompare(b.key));
    assert.deepEqual(rows, [
      { minute: 0, key: `orders|GET /orders|${SpanKind.SERVER}|${StatusCode.UNSET}`, calls: 2, errors: 0 },
      { minute: 0, key: `orders|GET /orders|${SpanKind.SERVER}|${StatusCode.ERROR}`, calls: 1, errors: 1 },
      { minute: 0, key: `orders|SELECT|${SpanKind.CLIENT}|${StatusCode.UNSET}`, calls: 1, errors: 0 },
      { minute: 0, key: `payments|GET /orders|${SpanKind.SERVER}|${StatusCode.UNSET}`, calls: 1, errors: 0 },
      { minute: 60_000, key: `orders|GET /orders|${SpanKind.SERVER}|${StatusCode.UNSET}`, calls: 1, errors: 0 },
    ]);
  });

  it('keeps duration sums and histograms whose p50/p95/p99 are within 5% of exact', async () => {
    const { writer, processor } = setup();
    const ms = durations(5_000, 7);
    // Three flushes in between: the stored rows must still add up to the whole minute.
    for (let part = 0; part < 4; part++) {
      processor.consume(
        ms.slice(part * 1250, (part + 1) * 1250).map((d, i) =>
          span({ service: 'catalog', name: 'GET /products', kind: SpanKind.SERVER, spanId: `${part}${i}`, startMs: i, durationMs: d }),
        ),
      );
      await processor.flush();
    }
    const histogram: SparseHistogram = {};
    let calls = 0;
    let sum = 0;
    for (const row of writer.spanMetrics.values()) {
      mergeHistogram(histogram, row.histogram);
      calls += row.calls;
      sum += row.durationSumNano;
    }
    assert.equal(calls, 5_000);
    const exactSum = ms.reduce((a, d) => a + Math.round(d * 1e6), 0);
    assert.ok(Math.abs(sum - exactSum) < 1e-6 * exactSum);
    const sorted = ms.map((d) => Math.round(d * 1e6)).sort((a, b) => a - b);
    for (const q of [0.5, 0.95, 0.99]) {
      const exact = sorted[Math.ceil(q * sorted.length) - 1];
      const estimate = quantileNanos(histogram, q)!;
      assert.ok(Math.abs(estimate - exact) / exact < 0.05, `p${q * 100}: ${estimate} vs ${exact}`);
    }
  });

  it('rewrites the same row id with cumulative totals, so a minute costs one row per series', async () => {
    const { writer, processor } = setup();
    processor.consume([span({ service: 'a', kind: SpanKind.SERVER, spanId: '1' })]);
    await processor.flush();
    const [first] = writer.spanMetrics.values();
    processor.consume([span({ service: 'a', kind: SpanKind.SERVER, spanId: '2', startMs: 30_000 })]);
    await processor.flush();
    assert.equal(writer.spanMetrics.size, 1);
    assert.equal(writer.spanMetrics.get(first.id)?.calls, 2);
  });

  it('retries a failed write under the same ids and never counts twice', async () => {
    const { writer, processor } = setup();
    processor.consume([span({ service: 'a', kind: SpanKind.SERVER, spanId: '1' })]);
    writer.failNext = 1;
    await assert.rejects(processor.flush(), /storage unavailable/);
    assert.equal(writer.spanMetrics.size, 0);
    processor.consume([span({ service: 'a', kind: SpanKind.SERVER, spanId: '2' })]);
    await processor.flush();
    await processor.flush();
    assert.deepEqual([...writer.spanMetrics.values()].map((r) => r.calls), [2]);
  });

  it('derives the same row ids from the same instance id and input', async () => {
    const input = [
      span({ service: 'a', kind: SpanKind.SERVER, spanId: '1' }),
      span({ service: 'b', kind: SpanKind.CLIENT, spanId: '2', startMs: 61_000 }),
    ];
    const ids: string[][] = [];
    for (const instanceId of ['same', 'same', 'other']) {
      const { writer, processor } = setup({ instanceId });
      processor.consume(input);
      await processor.flush();
      ids.push([...writer.spanMetrics.keys()].sort());
    }
    assert.deepEqual(ids[0], ids[1]);
    assert.equal(ids[0].length, 2);
    assert.equal(ids[0].filter((id) => ids[2].includes(id)).length, 0);
  });

  it('opens a new row (new id) when a late span arrives for a minute already closed', async () => {
    let now = 0;
    const { writer, processor } = setup({ now: () => now, idleCloseMs: 1_000 });
    processor.consume([span({ service: 'a', kind: SpanKind.SERVER, spanId: '1' })]);
    await processor.flush();
    now = 5_000;
    await processor.flush(); // idle and written: forgotten
    processor.consume([span({ service: 'a', kind: SpanKind.SERVER, spanId: '2' })]);
    await processor.flush();
    const rows = [...writer.spanMetrics.values()];
    assert.equal(rows.length, 2);
    assert.equal(rows[0].minuteUnixMs, rows[1].minuteUnixMs);
    assert.equal(rows.reduce((a, r) => a + r.calls, 0), 2);
  });

  it('caps distinct series and counts the spans left out', async () => {
    const { writer, processor, warnings } = setup({ maxSeries: 2 });
    processor.consume(
      ['a', 'b', 'c', 'c'].map((op, i) => span({ service: 's', name: op, kind: SpanKind.SERVER, spanId: String(i + 1) })),
    );
    await processor.flush();
    assert.equal(writer.spanMetrics.size, 2);
    assert.equal(processor.stats().droppedSpans, 2);
    assert.match(warnings.join('\n'), /2 spans left out/);
  });

  it('keeps memory bounded: past maxOpenCells the oldest cells are written out, nothing lost', async () => {
    const { writer, processor } = setup({ maxOpenCells: 10 });
    for (let minute = 0; minute < 50; minute++) {
      processor.consume([span({ service: 'a', kind: SpanKind.SERVER, spanId: String(minute + 1), startMs: minute * 60_000 })]);
    }
    assert.ok(processor.stats().openCells <= 10);
    await processor.flush();
    const perMinute = new Map<number, number>();
    for (const row of writer.spanMetrics.values()) perMinute.set(row.minuteUnixMs, (perMinute.get(row.minuteUnixMs) ?? 0) + row.calls);
    assert.equal(perMinute.size, 50);
    assert.ok([...perMinute.values()].every((calls) => calls === 1));
  });

  it('exposes the calls counter and duration histogram with OTel-style labels', async () => {
    const { registry, processor } = setup();
    processor.consume([
      span({ service: 'orders', name: 'GET /orders', kind: SpanKind.SERVER, spanId: '1', durationMs: 3 }),
      span({ service: 'orders', name: 'GET /orders', kind: SpanKind.SERVER, spanId: '2', durationMs: 30 }),
      span({ service: 'orders', name: 'GET /orders', kind: SpanKind.SERVER, spanId: '3', durationMs: 300, error: true }),
    ]);
    const text = await registry.metrics();
    const ok = 'operation="GET /orders",service="orders",span_kind="SPAN_KIND_SERVER",status_code="STATUS_CODE_UNSET"';
    const calls = (await registry.getMetricsAsJSON()).find((m) => m.name === SPAN_CALLS_TOTAL)!;
    assert.equal(calls.type, 'counter');
    const byStatus = Object.fromEntries(calls.values.map((v) => [v.labels.status_code, v.value]));
    assert.deepEqual(byStatus, { STATUS_CODE_UNSET: 2, STATUS_CODE_ERROR: 1 });
    assert.match(text, new RegExp(`# TYPE ${SPAN_DURATION_SECONDS} histogram`));
    const sample = (suffix: string, extra = '') => {
      const labels = extra === '' ? `{${sortedLabels(ok)}}` : `{${sortedLabels(`${ok},${extra}`)}}`;
      const line = text.split('\n').find((l) => l.startsWith(`${SPAN_DURATION_SECONDS}${suffix}`) && sameLabels(l, labels));
      assert.ok(line, `no ${suffix} ${extra} in\n${text}`);
      return Number(line.split(' ').pop());
    };
    assert.equal(sample('_bucket', 'le="0.005"'), 1);
    assert.equal(sample('_bucket', 'le="0.05"'), 2);
    assert.equal(sample('_bucket', 'le="+Inf"'), 2);
    assert.equal(sample('_count'), 2);
    assert.ok(Math.abs(sample('_sum') - 0.033) < 1e-9);
  });
});

function sortedLabels(labels: string): string {
  return labels.split(/,(?=[a-z_]+=)/).sort().join(',');
}

function sameLabels(line: string, labels: string): boolean {
  const open = line.indexOf('{');
  const close = line.lastIndexOf('}');
  return open >= 0 && sortedLabels(line.slice(open + 1, close)) === labels.slice(1, -1);
}

import assert from 'node:assert/strict';
import { describe } from 'node:test';
import type { Span } from '../../src/model/span.js';
import type { TraceQuery, TraceSummary } from '../../src/storage/span-store.js';
import type { ConformanceContext } from './conformance-context.js';

const T1 = '4bf92f3577b34da6a3ce929d0e0e4736'; // frontend → payments (error), 3 spans, ~50 ms, at B+1s
const T2 = '0af7651916cd43dd8448eb211c80319c'; // frontend → checkout, 10 ms, at B+60s
const T3 = '5b8efff798038103d269b633813fc60c'; // checkout consumer, 200 ms, at B+120s
const T4 = 'eee19b7ec3c1b174b1a6c4b5e4a1d8e2'; // spans 25 h before B and 2 h after B
const T5 = '9f3c4a1b2d5e6f708192a3b4c5d6e7f8'; // payments, root never arrived, error, at B+300s

const bySpanId = (a: Span, b: Span): number => (a.spanId < b.spanId ? -1 : a.spanId > b.spanId ? 1 : 0);

export function registerSpanConformance(ctx: ConformanceContext): void {
  const spansOf = (traceId: string): Span[] => ctx.fixtures.spans.filter((span) => span.traceId === traceId).sort(bySpanId);
  /** The main search window: every trace but T4. */
  const window = (): TraceQuery => ({ range: ctx.range(-60_000, 1_800_000), limit: 20 });
  const ids = async (query: Partial<TraceQuery>): Promise<string[]> =>
    (await ctx.storage().spans.findTraces({ ...window(), ...query })).map((trace) => trace.traceId);

  describe('spans: trace by id', () => {
    ctx.check('spans.roundTrip', 'returns every field as written (ns timestamps, typed attributes, events, links)', async () => {
      for (const traceId of [T1, T2, T3, T5]) {
        const stored = (await ctx.storage().spans.getTrace(traceId)).sort(bySpanId);
        assert.deepEqual(stored, spansOf(traceId));
      }
    });
    ctx.check('spans.getTrace', 'finds a trace whose spans are days apart, with no time range', async () => {
      const stored = (await ctx.storage().spans.getTrace(T4)).sort(bySpanId);
      assert.deepEqual(stored, spansOf(T4));
    });
    ctx.check('spans.getTrace', 'returns an empty array for an unknown trace', async () => {
      assert.deepEqual(await ctx.storage().spans.getTrace('ffffffffffffffffffffffffffffffff'), []);
    });
    ctx.check('spans.idempotent', 'stores a span written several times (and twice in one batch) once', async () => {
      assert.equal((await ctx.storage().spans.getTrace(T1)).length, 3);
      const [summary] = await ctx.storage().spans.findTraces({ ...window(), serviceName: 'frontend', operation: 'GET /checkout' });
      assert.equal(summary?.spanCount, 3);
    });
  });

  describe('spans: trace search', () => {
    ctx.check('findTraces', 'returns summaries, most recent first', async () => {
      const found = await ctx.storage().spans.findTraces(window());
      assert.deepEqual(found.map((trace) => trace.traceId), [T5, T3, T2, T1]);
      const expectedT1: TraceSummary = {
        traceId: T1,
        rootServiceName: 'frontend',
        rootOperation: 'GET /checkout',
        startTimeUnixNano: ctx.fixtures.baseUnixNano + 1_000_000_123n,
        durationNano: 50_000_333,
        spanCount: 3,
        errorCount: 1,
        services: ['frontend', 'payments'],
      };
      assert.deepEqual(found[3], expectedT1);
    });
    ctx.check('findTraces.missingRoot', 'summarises a trace whose root is missing from its earliest span', async () => {
      const [summary] = await ctx.storage().spans.findTraces({ ...window(), limit: 1 });
      assert.deepEqual(summary, {
        traceId: T5,
        rootServiceName: 'payments',
        rootOperation: 'POST /refund',
        startTimeUnixNano: ctx.fixtures.baseUnixNano + 300_000_000_000n,
        durationNano: 20_000_000,
        spanCount: 2,
        errorCount: 1,
        services: ['payments'],
      });
    });
    ctx.check('findTraces.limit', 'honours the limit, keeping the most recent', async () => {
      assert.deepEqual(await ids({ limit: 2 }), [T5, T3]);
    });
    ctx.check('findTraces.range', 'only traces with spans in the range', async () => {
      assert.deepEqual(await ids({ range: ctx.range(50_000, 130_000) }), [T3, T2]);
      assert.deepEqual(await ids({ range: ctx.range(-3_600_000, -1_800_000) }), []);
    });
    ctx.check('findTraces.service', 'filters by service', async () => {
      assert.deepEqual(await ids({ serviceName: 'payments' }), [T5, T1]);
      assert.deepEqual(await ids({ serviceName: 'nobody' }), []);
    });
    ctx.check('findTraces.operation', 'filters by service and operation on the same span', async () => {
      assert.deepEqual(await ids({ serviceName: 'frontend', operation: 'GET /products' }), [T2]);
      assert.deepEqual(await ids({ serviceName: 'frontend', operation: 'POST /pay' }), [T1]);
      assert.deepEqual(await ids({ serviceName: 'checkout', operation: 'POST /pay' }), []);
    });
    ctx.check('findTraces.attributes', 'filters by span attributes of every type, all on the same span', async () => {
      assert.deepEqual(await ids({ attributes: [{ key: 'http.status_code', value: '500' }] }), [T1]);
      assert.deepEqual(await ids({ attributes: [{ key: 'sampled', value: 'true' }] }), [T1]);
      assert.deepEqual(await ids({ attributes: [{ key: 'ratio', value: '0.25' }] }), [T1]);
      assert.deepEqual(await ids({ attributes: [{ key: 'http.method', value: 'POST' }, { key: 'http.status_code', value: '500' }] }), [T1]);
      assert.deepEqual(await ids({ attributes: [{ key: 'http.method', value: 'GET' }, { key: 'http.status_code', value: '500' }] }), []);
      assert.deepEqual(await ids({ attributes: [{ key: 'item.id', value: 'sku-42' }] }), [T2]);
    });
    ctx.check('findTraces.attributes', 'filters by resource attributes', async () => {
      assert.deepEqual(await ids({ attributes: [{ key: 'deployment.environment', value: 'staging' }] }), [T3, T2]);
      assert.deepEqual(
        await ids({ serviceName: 'payments', attributes: [{ key: 'service.version', value: '2.0.0' }] }),
        [T5, T1],
      );
    });
    ctx.check('findTraces.spanDuration', 'filters by span duration bounds', async () => {
      assert.deepEqual(await ids({ minSpanDurationNano: 150_000_000 }), [T3]);
      assert.deepEqual(await ids({ maxSpanDurationNano: 5_000_000 }), [T2]);
      assert.deepEqual(await ids({ serviceName: 'payments', maxSpanDurationNano: 25_000_000 }), [T5]);
      assert.deepEqual(await ids({ minSpanDurationNano: 4_000_000, maxSpanDurationNano: 4_000_000 }), [T2]);
    });
    ctx.check('findTraces.traceDuration', 'filters by whole-trace duration bounds', async () => {
      assert.deepEqual(await ids({ minTraceDurationNano: 100_000_000 }), [T3]);
      assert.deepEqual(await ids({ maxTraceDurationNano: 15_000_000 }), [T2]);
      assert.deepEqual(await ids({ minTraceDurationNano: 15_000_000, maxTraceDurationNano: 60_000_000 }), [T5, T1]);
    });
    ctx.check('findTraces.status', 'filters by status', async () => {
      assert.deepEqual(await ids({ status: 'error' }), [T5, T1]);
      assert.deepEqual(await ids({ status: 'ok' }), [T3, T2]);
      assert.deepEqual(await ids({ status: 'ok', serviceName: 'payments' }), []);
    });
  });

  describe('spans: services and operations', () => {
    ctx.check('services', 'lists services with spans in the range, sorted', async () => {
      assert.deepEqual(await ctx.storage().spans.getServices(ctx.range(-60_000, 1_800_000)), ['checkout', 'frontend', 'payments']);
      assert.deepEqual(await ctx.storage().spans.getServices(ctx.range(100_000, 200_000)), ['checkout']);
      assert.deepEqual(await ctx.storage().spans.getServices(ctx.range(-3_600_000, -1_800_000)), []);
    });
    ctx.check('operations', 'lists (operation, kind) pairs of a service, sorted by operation', async () => {
      assert.deepEqual(await ctx.storage().spans.getOperations('frontend', ctx.range(-60_000, 1_800_000)), [
        { name: 'GET /checkout', spanKind: 2 },
        { name: 'GET /products', spanKind: 2 },
        { name: 'POST /pay', spanKind: 3 },
      ]);
      assert.deepEqual(await ctx.storage().spans.getOperations('checkout', ctx.range(-60_000, 1_800_000)), [
        { name: 'GET /stock', spanKind: 2 },
        { name: 'process orders', spanKind: 5 },
        { name: 'reserve stock', spanKind: 1 },
      ]);
      assert.deepEqual(await ctx.storage().spans.getOperations('nobody', ctx.range(-60_000, 1_800_000)), []);
    });
  });
}

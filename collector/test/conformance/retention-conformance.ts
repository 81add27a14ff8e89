import assert from 'node:assert/strict';
import { describe } from 'node:test';
import type { Storage } from '../../src/storage/storage.js';
import type { ConformanceContext } from './conformance-context.js';

export function registerRetentionConformance(ctx: ConformanceContext): void {
  describe('retention', () => {
    let storage: Storage | undefined;
    const retained = async (): Promise<Storage> => {
      if (storage) return storage;
      const fresh = await ctx.freshStorage();
      const data = ctx.fixtures.retention;
      await fresh.spans.writeSpans(data.spans);
      await fresh.logs.writeLogs(data.logs);
      await fresh.metrics.writeMetricPoints(data.points);
      await fresh.aggregates.writeSpanMetrics(data.spanMetrics);
      await fresh.aggregates.writeServiceGraphEdges(data.serviceGraphEdges);
      await fresh.flush();
      await fresh.deleteOlderThan(data.cutoffUnixNano);
      await fresh.flush();
      storage = fresh;
      return fresh;
    };
    const everything = () => ctx.range(-30 * 86_400_000, 86_400_000);

    ctx.check('retention', 'deletes spans and trace summaries older than the cutoff, keeps the rest', async () => {
      const store = await retained();
      assert.deepEqual(await store.spans.getTrace('0dd00000000000000000000000000001'), []);
      assert.equal((await store.spans.getTrace('0e0000000000000000000000000000a1')).length, 1, 'a span exactly at the cutoff stays');
      assert.equal((await store.spans.getTrace('0e0000000000000000000000000000b2')).length, 1);
      const found = await store.spans.findTraces({ range: everything(), limit: 10 });
      assert.deepEqual(found.map((trace) => trace.traceId), ['0e0000000000000000000000000000b2', '0e0000000000000000000000000000a1']);
    });
    ctx.check('retention', 'deletes old logs and metric points', async () => {
      const store = await retained();
      const logs = await store.logs.searchLogs({ range: everything(), limit: 10 });
      assert.deepEqual(logs.map((log) => log.logId), ['ret-log-new']);
      const series = await store.metrics.queryMetricSeries({ name: 'retention.gauge', range: everything(), stepMs: 86_400_000 });
      assert.deepEqual(series.flatMap((s) => s.points.map((point) => point.value)), [2]);
    });
    ctx.check('retention', 'deletes old span-metric and service-graph rows', async () => {
      const store = await retained();
      const metrics = await store.aggregates.querySpanMetrics({ range: everything(), groupBy: [] });
      assert.deepEqual(metrics.map((group) => group.calls), [3]);
      const edges = await store.aggregates.queryServiceGraph({ range: everything() });
      assert.deepEqual(edges.map((edge) => edge.calls), [3]);
    });
  });

  describe('lifecycle', () => {
    ctx.check('lifecycle', 'reports healthy, and close() is safe to call twice', async () => {
      const store = await ctx.freshStorage();
      assert.equal((await store.health()).ready, true);
      await store.close();
      await store.close();
    });
  });
}

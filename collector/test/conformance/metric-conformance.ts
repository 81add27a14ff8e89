import assert from 'node:assert/strict';
import { describe } from 'node:test';
import type { MetricSeries, MetricSeriesQuery } from '../../src/storage/metric-store.js';
import type { ConformanceContext } from './conformance-context.js';

export function registerMetricConformance(ctx: ConformanceContext): void {
  const series = (name: string, query: Partial<MetricSeriesQuery> = {}): Promise<MetricSeries[]> =>
    ctx.storage().metrics.queryMetricSeries({ name, range: ctx.range(-60_000, 1_800_000), stepMs: 60_000, ...query });
  const sorted = (found: MetricSeries[]): MetricSeries[] =>
    [...found].sort((a, b) => JSON.stringify(a.group).localeCompare(JSON.stringify(b.group)));

  describe('metrics', () => {
    ctx.check('metrics.list', 'lists metrics with points in the range, with services and attribute keys', async () => {
      const listed = await ctx.storage().metrics.listMetrics(ctx.range(-60_000, 1_800_000));
      assert.deepEqual(listed, [
        { name: 'gc.pause', description: 'GC pause', unit: 's', type: 'summary', services: ['payments'], attributeKeys: [] },
        { name: 'http.server.duration', description: 'Request duration', unit: 'ms', type: 'histogram', services: ['frontend'], attributeKeys: ['http.route'] },
        { name: 'http.server.requests', description: 'Requests served', unit: '{request}', type: 'sum', services: ['frontend'], attributeKeys: ['http.route'] },
        { name: 'orders.placed', description: 'Orders placed since start', unit: '{order}', type: 'sum', services: ['checkout'], attributeKeys: ['region'] },
        { name: 'process.memory.usage', description: 'Resident memory', unit: 'By', type: 'gauge', services: ['checkout', 'frontend'], attributeKeys: ['memory.type'] },
        { name: 'rpc.duration', description: 'RPC duration', unit: 'ms', type: 'exponential_histogram', services: ['payments'], attributeKeys: ['rpc.method'] },
      ]);
      assert.deepEqual(await ctx.storage().metrics.listMetrics(ctx.range(-1_800_000, -900_000)), []);
    });
    ctx.check('metrics.gauge', 'gauge steps hold the mean of their points', async () => {
      const base = ctx.fixtures.baseUnixMs;
      assert.deepEqual(await series('process.memory.usage'), [
        { group: {}, points: [{ timeUnixMs: base, value: 1300 / 3 }, { timeUnixMs: base + 60_000, value: 50 }] },
      ]);
      assert.deepEqual(await series('process.memory.usage', { filters: [{ key: 'memory.type', value: 'heap' }] }), [
        { group: {}, points: [{ timeUnixMs: base, value: 150 }, { timeUnixMs: base + 60_000, value: 50 }] },
      ]);
    });
    ctx.check('metrics.groupBy', 'splits series by point or resource attributes', async () => {
      const base = ctx.fixtures.baseUnixMs;
      assert.deepEqual(sorted(await series('process.memory.usage', { groupBy: ['service.name'] })), [
        { group: { 'service.name': 'checkout' }, points: [{ timeUnixMs: base + 60_000, value: 50 }] },
        { group: { 'service.name': 'frontend' }, points: [{ timeUnixMs: base, value: 1300 / 3 }] },
      ]);
      assert.deepEqual(sorted(await series('http.server.requests', { groupBy: ['http.route'] })), [
        { group: { 'http.route': '/checkout' }, points: [{ timeUnixMs: base, value: 8 }] },
        { group: { 'http.route': '/products' }, points: [{ timeUnixMs: base, value: 7 }, { timeUnixMs: base + 60_000, value: 2 }] },
      ]);
      assert.deepEqual(sorted(await series('orders.placed', { groupBy: ['deployment.environment', 'missing.key'] })), [
        {
          group: { 'deployment.environment': 'staging', 'missing.key': '' },
          points: [{ timeUnixMs: base, value: 37 }, { timeUnixMs: base + 60_000, value: 15 }],
        },
      ]);
    });
    ctx.check('metrics.deltaSum', 'delta sums add up within a step', async () => {
      const base = ctx.fixtures.baseUnixMs;
      assert.deepEqual(await series('http.server.requests'), [
        { group: {}, points: [{ timeUnixMs: base, value: 15 }, { timeUnixMs: base + 60_000, value: 2 }] },
      ]);
      assert.deepEqual(await series('http.server.requests', { range: ctx.range(60_000, 120_000) }), [
        { group: {}, points: [{ timeUnixMs: base + 60_000, value: 2 }] },
      ]);
      assert.deepEqual(await series('http.server.requests', { stepMs: 3_600_000 }), [
        { group: {}, points: [{ timeUnixMs: base, value: 17 }] },
      ]);
    });
    ctx.check('metrics.cumulativeSum', 'cumulative sums take each stream\'s latest value in a step, added across streams', async () => {
      const base = ctx.fixtures.baseUnixMs;
      assert.deepEqual(await series('orders.placed'), [
        { group: {}, points: [{ timeUnixMs: base, value: 37 }, { timeUnixMs: base + 60_000, value: 15 }] },
      ]);
      assert.deepEqual(sorted(await series('orders.placed', { groupBy: ['region'], filters: [{ key: 'service.name', value: 'checkout' }] })), [
        { group: { region: 'eu' }, points: [{ timeUnixMs: base, value: 12 }, { timeUnixMs: base + 60_000, value: 15 }] },
        { group: { region: 'us' }, points: [{ timeUnixMs: base, value: 25 }] },
      ]);
    });
    ctx.check('metrics.histogram', 'histograms come back as bucket series, streams combined', async () => {
      const base = ctx.fixtures.baseUnixMs;
      assert.deepEqual(await series('http.server.duration'), [
        {
          group: {},
          points: [{ timeUnixMs: base, histogram: { explicitBounds: [10, 100], bucketCounts: [6, 3, 1], count: 10, sum: 420 } }],
        },
      ]);
    });
    ctx.check('metrics.series', 'returns an empty array when nothing matches', async () => {
      assert.deepEqual(await series('no.such.metric'), []);
      assert.deepEqual(await series('process.memory.usage', { filters: [{ key: 'memory.type', value: 'swap' }] }), []);
    });
  });
}

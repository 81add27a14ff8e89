import assert from 'node:assert/strict';
import { describe } from 'node:test';
import type { ServiceGraphEdgeGroup, SpanMetricsGroup, SpanMetricsQuery } from '../../src/storage/aggregate-store.js';
import type { ConformanceContext } from './conformance-context.js';

/** Groups in a stable order (the contract does not fix one), histogram keys normalised. */
function normalise<T extends { histogram: Record<number, number> }>(groups: T[]): T[] {
  return groups
    .map((group) => ({ ...group, histogram: { ...group.histogram } }))
    .sort((a, b) => JSON.stringify(sortKey(a)).localeCompare(JSON.stringify(sortKey(b))));
}

function sortKey(group: object): unknown[] {
  const record = group as Record<string, unknown>;
  return ['serviceName', 'operation', 'spanKind', 'statusCode', 'client', 'server', 'timeUnixMs'].map((key) => record[key] ?? null);
}

export function registerAggregateConformance(ctx: ConformanceContext): void {
  const spanMetrics = async (query: Partial<SpanMetricsQuery>): Promise<SpanMetricsGroup[]> =>
    normalise(await ctx.storage().aggregates.querySpanMetrics({ range: ctx.range(-60_000, 1_800_000), groupBy: [], ...query }));

  describe('aggregates: span metrics', () => {
    ctx.check('spanMetrics.total', 'adds every partial row of the range into one total, histograms merged', async () => {
      assert.deepEqual(await spanMetrics({}), [
        {
          calls: 43,
          errors: 5,
          durationSumNano: 1_286_000_000,
          histogram: { 90: 20, 100: 10, 110: 7, 120: 2, 128: 2, 130: 2 },
        },
      ]);
    });
    ctx.check('spanMetrics.idempotent', 'a row rewritten with the same id replaces the stored one', async () => {
      const [group] = await spanMetrics({ serviceName: 'frontend', operation: 'GET /checkout', range: ctx.range(0, 60_000) });
      assert.deepEqual(group, { calls: 15, errors: 1, durationSumNano: 800_000_000, histogram: { 100: 6, 110: 7, 120: 2 } });
    });
    ctx.check('spanMetrics.groupBy', 'groups by service, operation, kind and status', async () => {
      assert.deepEqual(
        (await spanMetrics({ groupBy: ['serviceName'] })).map(({ serviceName, calls }) => ({ serviceName, calls })),
        [{ serviceName: 'frontend', calls: 41 }, { serviceName: 'payments', calls: 2 }],
      );
      assert.deepEqual(
        (await spanMetrics({ serviceName: 'frontend', groupBy: ['operation'] })).map(({ operation, calls, errors }) => ({ operation, calls, errors })),
        [
          { operation: 'GET /checkout', calls: 19, errors: 1 },
          { operation: 'GET /products', calls: 20, errors: 0 },
          { operation: 'POST /pay', calls: 2, errors: 2 },
        ],
      );
      assert.deepEqual(
        (await spanMetrics({ groupBy: ['spanKind', 'statusCode'] })).map(({ spanKind, statusCode, calls }) => ({ spanKind, statusCode, calls })),
        [
          { spanKind: 2, statusCode: 0, calls: 39 },
          { spanKind: 2, statusCode: 2, calls: 2 },
          { spanKind: 3, statusCode: 2, calls: 2 },
        ],
      );
    });
    ctx.check('spanMetrics.steps', 'splits into time steps with kind filters', async () => {
      const base = ctx.fixtures.baseUnixMs;
      assert.deepEqual(await spanMetrics({ serviceName: 'frontend', spanKinds: [2], groupBy: ['operation'], stepMs: 60_000 }), [
        { operation: 'GET /checkout', timeUnixMs: base, calls: 15, errors: 1, durationSumNano: 800_000_000, histogram: { 100: 6, 110: 7, 120: 2 } },
        { operation: 'GET /checkout', timeUnixMs: base + 60_000, calls: 4, errors: 0, durationSumNano: 150_000_000, histogram: { 100: 4 } },
        { operation: 'GET /products', timeUnixMs: base, calls: 20, errors: 0, durationSumNano: 200_000_000, histogram: { 90: 20 } },
      ]);
      const wide = await spanMetrics({ stepMs: 3_600_000 });
      assert.deepEqual(wide.map(({ timeUnixMs, calls }) => ({ timeUnixMs, calls })), [{ timeUnixMs: base, calls: 43 }]);
    });
    ctx.check('spanMetrics.range', 'includes a row when its minute starts in the range', async () => {
      const start = ctx.fixtures.baseUnixNano + 1n; // the first minute starts just before: excluded
      const groups = await ctx.storage().aggregates.querySpanMetrics({
        range: { startUnixNano: start, endUnixNano: start + 3_600_000_000_000n },
        groupBy: [],
      });
      assert.deepEqual(groups.map(({ calls }) => calls), [4]);
      assert.deepEqual(await spanMetrics({ range: ctx.range(-1_800_000, -900_000) }), []);
      assert.deepEqual(await spanMetrics({ serviceName: 'nobody', groupBy: ['operation'] }), []);
    });
  });

  describe('aggregates: service graph', () => {
    const graph = async (stepMs?: number): Promise<ServiceGraphEdgeGroup[]> =>
      normalise(await ctx.storage().aggregates.queryServiceGraph({ range: ctx.range(-60_000, 1_800_000), stepMs }));

    ctx.check('serviceGraph.edges', 'one group per edge, rows added, histograms merged, rewrites replaced', async () => {
      assert.deepEqual(await graph(), [
        { client: 'frontend', server: 'payments', serverKind: 'service', calls: 6, errors: 1, durationSumNano: 208_000_000, histogram: { 129: 1, 130: 4, 131: 1 } },
        { client: 'payments', server: 'postgresql', serverKind: 'database', calls: 4, errors: 0, durationSumNano: 24_000_000, histogram: { 90: 4 } },
      ]);
    });
    ctx.check('serviceGraph.steps', 'splits edges into time steps', async () => {
      const base = ctx.fixtures.baseUnixMs;
      assert.deepEqual(
        (await graph(60_000)).map(({ client, server, timeUnixMs, calls }) => ({ client, server, timeUnixMs, calls })),
        [
          { client: 'frontend', server: 'payments', timeUnixMs: base, calls: 5 },
          { client: 'frontend', server: 'payments', timeUnixMs: base + 60_000, calls: 1 },
          { client: 'payments', server: 'postgresql', timeUnixMs: base, calls: 4 },
        ],
      );
    });
    ctx.check('serviceGraph.range', 'returns an empty array for a range without rows', async () => {
      assert.deepEqual(await ctx.storage().aggregates.queryServiceGraph({ range: ctx.range(-1_800_000, -900_000) }), []);
    });
  });
}

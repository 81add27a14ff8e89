import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { SpanMetricsRow } from '../../src/model/aggregates.js';
import { planRollups } from '../../src/storage/aggregate-minutes.js';
import { ElasticsearchStorage } from '../../src/storage/elasticsearch/elasticsearch-storage.js';
import { ES_URL, elasticsearchUnavailable, uniquePrefix } from './elasticsearch-server.js';

const M = 60_000;
const B = 1_795_132_800_000; // 2026-11-20T00:00:00Z, a 15-minute (and day) boundary

describe('Elasticsearch rollup plan', () => {
  it('reads whole fresh buckets from 15-minute rows, the rest from minute rows', () => {
    assert.deepEqual(planRollups(B + 5 * M, B + 60 * M, undefined, [B, B + 15 * M, B + 30 * M, B + 45 * M]), {
      minutes: [[B + 5 * M, B + 15 * M]],
      coarse: [[B + 15 * M, B + 60 * M]],
      fine: [],
    });
  });

  it('uses 5-minute rows where a step cuts a 15-minute bucket, minute rows where it cuts a 5-minute one', () => {
    // 24-minute steps from the epoch: B is a multiple of 24 minutes, so steps start at B, B+24m, B+48m.
    assert.deepEqual(planRollups(B, B + 60 * M, 24 * M, [B, B + 15 * M, B + 30 * M, B + 45 * M]), {
      minutes: [[B + 20 * M, B + 25 * M], [B + 45 * M, B + 50 * M]],
      coarse: [[B, B + 15 * M], [B + 30 * M, B + 45 * M]],
      fine: [[B + 15 * M, B + 20 * M], [B + 25 * M, B + 30 * M], [B + 50 * M, B + 60 * M]],
    });
  });

  it('reads only minute rows for steps under 5 minutes or without fresh buckets', () => {
    const minutesOnly = { minutes: [[B, B + 60 * M]], coarse: [], fine: [] };
    assert.deepEqual(planRollups(B, B + 60 * M, M, [B]), minutesOnly);
    assert.deepEqual(planRollups(B, B + 60 * M, 15 * M, []), minutesOnly);
  });
});

const unavailable = await elasticsearchUnavailable('elasticsearch rollups');

/** Rows of one series: `minutes` minute rows from `fromMs`, each with `calls` calls of 2 ms and 40 ms. */
function rows(idPrefix: string, fromMs: number, minutes: number, calls: number): SpanMetricsRow[] {
  return Array.from({ length: minutes }, (_, i) => ({
    id: `${idPrefix}-${i}`,
    minuteUnixMs: fromMs + i * M,
    serviceName: 'orders',
    operation: 'GET /orders',
    spanKind: 2,
    statusCode: 0,
    calls: 2 * calls,
    errors: i % 2,
    durationSumNano: calls * 42_000_000,
    histogram: { 10: calls, 30: calls },
  })) as SpanMetricsRow[];
}

describe('Elasticsearch rollups on a real server', { skip: unavailable }, () => {
  let storage: ElasticsearchStorage;
  const range = { startUnixNano: BigInt(B) * 1_000_000n, endUnixNano: BigInt(B + 60 * M) * 1_000_000n };
  const queries = [
    { range, groupBy: [] as never[] },
    { range, groupBy: ['serviceName'] as const, stepMs: 15 * M },
    { range, groupBy: ['operation'] as const, stepMs: 24 * M },
    { range, groupBy: [] as never[], stepMs: 5 * M },
  ];
  const answers = async () => Promise.all(queries.map((query) => storage.aggregates.querySpanMetrics({ ...query, groupBy: [...query.groupBy] })));
  const count = async (query: Record<string, unknown>) => {
    await storage.flush();
    return (await storage.elasticsearchClient.count({ index: `${storage.indexPrefix}-span-metrics-*`, query })).count;
  };

  before(async () => {
    storage = new ElasticsearchStorage({ nodes: [ES_URL], indexPrefix: uniquePrefix('rollups') });
    await storage.init();
  });

  after(async () => {
    storage?.aggregates.compactor.stop();
    await storage?.deleteEverything();
    await storage?.close();
  });

  it('answers the same from rollups as from minute rows, and stays exact when a rolled-up bucket gets new rows', async () => {
    await storage.aggregates.writeSpanMetrics(rows('a', B, 60, 3));
    await storage.flush();
    const fromMinutes = await answers();
    assert.equal(fromMinutes[0][0].calls, 360);

    await storage.aggregates.compactor.compact(0);
    assert.equal(await count({ term: { rollupMs: 900_000 } }), 4, 'one 15-minute row per bucket');
    assert.equal(await count({ term: { rollupMs: 300_000 } }), 12, 'three 5-minute rows per bucket');
    assert.equal(await count({ term: { fresh: true } }), 4, 'every bucket fresh');
    assert.deepEqual(await answers(), fromMinutes);

    // Late rows (new ids) in the first bucket: that bucket is read from minute rows again.
    await storage.aggregates.writeSpanMetrics(rows('late', B, 5, 1));
    assert.equal(await count({ term: { fresh: true } }), 3, 'the written bucket is stale again');
    const withLate = await answers();
    assert.equal(withLate[0][0].calls, 370);
    assert.equal(withLate[0][0].histogram[10], 185);

    await storage.aggregates.compactor.compact(0);
    await storage.flush();
    assert.deepEqual(await answers(), withLate);
  });
});

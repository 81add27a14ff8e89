import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { SpanKind, StatusCode } from '../../src/model/span.js';
import { EmbeddedStorage } from '../../src/storage/embedded/embedded-storage.js';
import { spanKey } from '../../src/storage/embedded/span-rows.js';
import type { EmbeddedStorageOptions } from '../../src/storage/embedded/embedded-storage.js';
import { loadFixtures } from '../conformance/fixtures.js';
import { runStorageConformance } from '../conformance/storage-conformance.js';

const tempDirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sightline-embedded-'));
  tempDirs.push(dir);
  return dir;
}
after(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

/** Runs `test` on a store opened in a fresh folder, and closes the store whatever happens. */
async function withOpenStorage(
  options: Omit<EmbeddedStorageOptions, 'dataDir'>,
  test: (storage: EmbeddedStorage) => Promise<void>,
): Promise<void> {
  const storage = new EmbeddedStorage({ ...options, dataDir: tempDir() });
  await storage.init();
  try {
    await test(storage);
  } finally {
    await storage.close();
  }
}

/** Opens the store in `dataDir`, runs `use`, and closes the store whatever happens. */
async function withStorageIn<T>(dataDir: string, use: (storage: EmbeddedStorage) => Promise<T>): Promise<T> {
  const storage = new EmbeddedStorage({ dataDir });
  await storage.init();
  try {
    return await use(storage);
  } finally {
    await storage.close();
  }
}

runStorageConformance('embedded', async () => new EmbeddedStorage({ dataDir: tempDir(), threads: 1 }));

describe('embedded storage specifics', () => {
  it('keeps everything across close and reopen of the same data folder', async () => {
    const dataDir = tempDir();
    const fixtures = loadFixtures();
    const traceId = fixtures.spans[0].traceId;
    const expected = fixtures.spans.filter((span) => span.traceId === traceId);

    const first = new EmbeddedStorage({ dataDir });
    await first.init();
    await first.spans.writeSpans(fixtures.spans);
    await first.logs.writeLogs(fixtures.logs);
    await first.aggregates.writeSpanMetrics(fixtures.spanMetrics);
    await first.close();

    const reopened = new EmbeddedStorage({ dataDir });
    await reopened.init();
    try {
      const bySpanId = (a: { spanId: string }, b: { spanId: string }) => a.spanId.localeCompare(b.spanId);
      assert.deepEqual((await reopened.spans.getTrace(traceId)).sort(bySpanId), [...expected].sort(bySpanId));
      assert.equal((await reopened.logs.getLogsForTrace(traceId)).length, 2);
      // Writing the same spans after the restart still does not duplicate them.
      await reopened.spans.writeSpans(fixtures.spans);
      assert.equal((await reopened.spans.getTrace(traceId)).length, expected.length);
      const [summary] = await reopened.spans.findTraces({
        range: { startUnixNano: fixtures.baseUnixNano, endUnixNano: fixtures.baseUnixNano + 10_000_000_000n },
        limit: 1,
      });
      assert.equal(summary?.spanCount, expected.length);
    } finally {
      await reopened.close();
    }
  });

  it('answers aggregates from 15-minute rollups and stays exact when rolled-up minutes are rewritten', async () => {
    await withOpenStorage({ compactionIntervalMs: 3_600_000 }, async (storage) => {
      const fixtures = loadFixtures();
      const base = fixtures.baseUnixNano;
      const range = { startUnixNano: base - 3_600_000_000_000n, endUnixNano: base + 3_600_000_000_000n };
      const total = async (stepMs?: number) =>
        (await storage.aggregates.querySpanMetrics({ range, groupBy: [], stepMs })).reduce((sum, group) => sum + group.calls, 0);
      await storage.aggregates.writeSpanMetrics(fixtures.spanMetrics.filter((row) => row.id !== 'sm-old'));
      assert.equal(await total(), 43, 'from minute rows before any rollup');
      await storage.flush();
      assert.equal(await total(), 43, 'from the rollup');
      assert.equal(await total(900_000), 43);

      const rewritten = { ...fixtures.spanMetrics[0], calls: 100 };
      await storage.aggregates.writeSpanMetrics([rewritten]);
      assert.equal(await total(), 133, 'the rewritten bucket is read from minute rows until rebuilt');
      assert.equal(await total(900_000), 133);
      await storage.flush();
      assert.equal(await total(), 133, 'and the rebuilt rollup agrees');
      const [group] = await storage.aggregates.querySpanMetrics({
        range,
        groupBy: [],
        serviceName: 'frontend',
        operation: 'GET /checkout',
      });
      assert.deepEqual({ ...group.histogram }, { 100: 10, 110: 7, 120: 2 });
    });
  });

  it('answers steps that are not whole rollup buckets exactly, mixing rollup and minute rows', async () => {
    await withOpenStorage({ compactionIntervalMs: 3_600_000 }, async (storage) => {
      // Three hours of minute rows for two services, each minute with its own calls and buckets.
      const firstMinute = 1_700_000_000_000 - (1_700_000_000_000 % 3_600_000);
      const rows = Array.from({ length: 180 }, (_, m) =>
        ['a', 'b'].map((serviceName, s) => ({
          id: `${m}-${serviceName}`,
          minuteUnixMs: firstMinute + m * 60_000,
          serviceName,
          operation: 'op',
          spanKind: SpanKind.SERVER,
          statusCode: StatusCode.UNSET,
          calls: m + 1 + s,
          errors: m % 2,
          durationSumNano: (m + 1) * 1_000,
          histogram: { [100 + (m % 7)]: m + 1, [200 + s]: 1 },
        })),
      ).flat();
      await storage.aggregates.writeSpanMetrics(rows);
      const range = { startUnixNano: BigInt(firstMinute) * 1_000_000n, endUnixNano: BigInt(firstMinute + 180 * 60_000) * 1_000_000n };
      const steps = [60_000, 300_000, 1_440_000, 2_100_000, 3_600_000];
      const query = (stepMs: number) => storage.aggregates.querySpanMetrics({ range, groupBy: ['serviceName'], stepMs });
      const fromMinutes = await Promise.all(steps.map(query));
      await storage.flush();
      for (const [i, stepMs] of steps.entries()) {
        assert.deepEqual(await query(stepMs), fromMinutes[i], `step ${stepMs} ms after rollup`);
        const expectedSteps = new Set(rows.map((row) => Math.floor(row.minuteUnixMs / stepMs) * stepMs));
        assert.equal(fromMinutes[i].length, expectedSteps.size * 2, `step ${stepMs}: one group per service per step`);
      }
      const [first] = fromMinutes[2];
      assert.equal(first.timeUnixMs, Math.floor(firstMinute / 1_440_000) * 1_440_000);
    });
  });

  it('searches slice by slice yet returns exactly the newest traces of the whole range', async () => {
    await withOpenStorage({}, async (storage) => {
      const [template] = loadFixtures().spans;
      const base = 1_700_000_000_000_000_000n;
      const minute = 60_000_000_000n;
      // 60 traces, one every 4 minutes; each has a root (service a) and a child (service b)
      // starting 37 minutes later, so many traces straddle slice boundaries.
      const spans = Array.from({ length: 60 }, (_, i) => {
        const traceId = i.toString(16).padStart(32, '0');
        const start = base + BigInt(i * 4) * minute;
        const root = { ...template, traceId, spanId: '1'.padStart(16, '0'), parentSpanId: '', isRoot: true, startTimeUnixNano: start, endTimeUnixNano: start + 1000n, durationNano: 1000, resource: { serviceName: 'a', attributes: {} } };
        const childStart = start + 37n * minute;
        const child = { ...root, spanId: '2'.padStart(16, '0'), parentSpanId: root.spanId, isRoot: false, startTimeUnixNano: childStart, endTimeUnixNano: childStart + 1000n, resource: { serviceName: 'b', attributes: {} } };
        return [root, child];
      }).flat();
      await storage.spans.writeSpans(spans);
      for (const [fromMinute, toMinute, limit, serviceName] of [
        [0, 400, 10, undefined], [0, 400, 5, 'b'], [100, 160, 7, 'a'], [100, 160, 50, undefined], [200, 290, 3, 'b'], [230, 235, 20, undefined],
      ] as const) {
        const range = { startUnixNano: base + BigInt(fromMinute) * minute, endUnixNano: base + BigInt(toMinute) * minute };
        const expected = [...new Set(
          spans
            .filter((span) => span.startTimeUnixNano >= range.startUnixNano && span.startTimeUnixNano < range.endUnixNano)
            .filter((span) => serviceName === undefined || span.resource.serviceName === serviceName)
            .map((span) => span.traceId),
        )]
          .sort((x, y) => (x < y ? 1 : -1)) // trace ids grow with start time
          .slice(0, limit);
        const found = await storage.spans.findTraces({ range, limit, serviceName });
        assert.deepEqual(found.map((trace) => trace.traceId), expected, `${fromMinute}-${toMinute} limit ${limit} ${serviceName ?? ''}`);
      }
    });
  });

  it('finds the logs of a trace whose spans were never stored', async () => {
    await withOpenStorage({}, async (storage) => {
      const [log] = loadFixtures().logs;
      const orphan = { ...log, logId: 'orphan-log', traceId: 'abcdefabcdefabcdefabcdefabcdef01' };
      await storage.logs.writeLogs([orphan]);
      assert.deepEqual(await storage.logs.getLogsForTrace(orphan.traceId), [orphan]);
    });
  });

  it('summarises the logs of a data file written before per-trace log windows existed', async () => {
    const dataDir = tempDir();
    const { logs } = loadFixtures();
    const traceId = logs[0].traceId;
    const expected = await withStorageIn(dataDir, async (storage) => {
      await storage.logs.writeLogs(logs);
      return storage.logs.getLogsForTrace(traceId);
    });
    assert.ok(expected.length > 0);
    // What an older version left behind: the logs without their per-trace windows.
    const legacy = await DuckDBInstance.create(join(dataDir, 'sightline.duckdb'));
    const connection = await legacy.connect();
    await connection.run('DROP TABLE log_traces');
    connection.closeSync();
    legacy.closeSync();
    assert.deepEqual(await withStorageIn(dataDir, (storage) => storage.logs.getLogsForTrace(traceId)), expected);
  });

  it('drops the primary key of a logs table written before logs were deduplicated by time window, keeping every log', async () => {
    const dataDir = tempDir();
    const { logs } = loadFixtures();
    const range = { startUnixNano: 0n, endUnixNano: 2n ** 62n };
    const expected = await withStorageIn(dataDir, async (storage) => {
      await storage.logs.writeLogs(logs);
      return storage.logs.searchLogs({ range, limit: 1000 });
    });
    assert.ok(expected.length > 1);
    // What an older version left behind: the same logs in a table keyed by log_id.
    const legacy = await DuckDBInstance.create(join(dataDir, 'sightline.duckdb'));
    const connection = await legacy.connect();
    await connection.run('CREATE TABLE keyed AS SELECT * FROM logs LIMIT 0');
    await connection.run('ALTER TABLE keyed ADD PRIMARY KEY (log_id)');
    await connection.run('INSERT INTO keyed SELECT * FROM logs');
    await connection.run('DROP TABLE logs');
    await connection.run('ALTER TABLE keyed RENAME TO logs');
    const constraints = `SELECT count(*) FROM duckdb_constraints() WHERE table_name = 'logs' AND constraint_type = 'PRIMARY KEY'`;
    assert.equal(Number((await connection.runAndReadAll(constraints)).getRows()[0][0]), 1);
    connection.closeSync();
    legacy.closeSync();
    await withStorageIn(dataDir, async (storage) => {
      assert.deepEqual(await storage.logs.searchLogs({ range, limit: 1000 }), expected);
      // A retried batch is still stored once.
      await storage.logs.writeLogs(logs);
      assert.deepEqual(await storage.logs.searchLogs({ range, limit: 1000 }), expected);
    });
    const reopened = await DuckDBInstance.create(join(dataDir, 'sightline.duckdb'));
    const check = await reopened.connect();
    assert.equal(Number((await check.runAndReadAll(constraints)).getRows()[0][0]), 0);
    check.closeSync();
    reopened.closeSync();
  });

  it('keeps exact summaries of traces that retention cuts, whether a cut part straddles the cutoff or not', async () => {
    await withOpenStorage({}, async (storage) => {
      const [template] = loadFixtures().spans;
      const at = (traceId: string, spanId: string, seconds: number) => ({
        ...template,
        traceId,
        spanId,
        parentSpanId: '',
        isRoot: spanId.endsWith('1'),
        startTimeUnixNano: template.startTimeUnixNano + BigInt(seconds) * 1_000_000_000n,
        endTimeUnixNano: template.startTimeUnixNano + BigInt(seconds) * 1_000_000_000n + 1_000n,
      });
      const straddling = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa01';
      const split = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa02';
      // One batch (one part) across the cutoff; and a trace whose parts lie each on one side.
      await storage.spans.writeSpans([at(straddling, '0000000000000001', 0), at(straddling, '0000000000000002', 20)]);
      await storage.spans.writeSpans([at(split, '0000000000000001', 0)]);
      await storage.spans.writeSpans([at(split, '0000000000000002', 20), at(split, '0000000000000003', 21)]);
      await storage.deleteOlderThan(template.startTimeUnixNano + 10_000_000_000n);
      const range = { startUnixNano: template.startTimeUnixNano - 1_000_000_000_000n, endUnixNano: template.startTimeUnixNano + 1_000_000_000_000n };
      const found = await storage.spans.findTraces({ range, limit: 10 });
      const counts = Object.fromEntries(found.map((trace) => [trace.traceId, [trace.spanCount, trace.startTimeUnixNano]]));
      const later = (seconds: number) => template.startTimeUnixNano + BigInt(seconds) * 1_000_000_000n;
      assert.deepEqual(counts, { [straddling]: [1, later(20)], [split]: [2, later(20)] });
      assert.equal((await storage.spans.getTrace(split)).length, 2);
    });
  });

  it('rejects use before init and after close with a clear error', async () => {
    const storage = new EmbeddedStorage({ dataDir: tempDir() });
    await assert.rejects(storage.spans.getTrace('4bf92f3577b34da6a3ce929d0e0e4736'), /not open/);
    await storage.init();
    await storage.close();
    await assert.rejects(storage.spans.writeSpans(loadFixtures().spans), /not open/);
    assert.equal((await storage.health()).ready, false);
  });

  it('serialises overlapping writes and reads without losing spans', async () => {
    await withOpenStorage({}, async (storage) => {
      const fixtures = loadFixtures();
      const batches = Array.from({ length: 8 }, (_, batch) =>
        fixtures.spans.map((span) => ({ ...span, spanId: `${batch.toString(16).padStart(2, '0')}${span.spanId.slice(2)}` })),
      );
      const reads = batches.map(() => storage.spans.getTrace(fixtures.spans[0].traceId));
      await Promise.all([...batches.map((batch) => storage.spans.writeSpans(batch)), ...reads]);
      const stored = await storage.spans.getTrace(fixtures.spans[0].traceId);
      assert.equal(stored.length, 3 * batches.length);
    });
  });

  it('reads back names, ids and resources with quotes, control characters and non-ASCII text unchanged', async () => {
    await withOpenStorage({}, async (storage) => {
      const [template] = loadFixtures().spans;
      const odd = 'say "hi"\\ \n\t\u0001 ünïcødé 🚀 </script>';
      const span = {
        ...template,
        traceId: 'not-hex-trace-id',
        spanId: `span ${odd}`,
        parentSpanId: odd,
        name: odd,
        durationNano: 1e20,
        resource: { serviceName: odd, attributes: { 'service.name': odd, [odd]: [odd, 1.5, true] } },
        attributes: { [odd]: odd },
      };
      await storage.spans.writeSpans([span]);
      assert.deepEqual(await storage.spans.getTrace(span.traceId), [span]);
    });
  });

  it('stores spans whose strings hold the packing separator (U+001D) beside ordinary ones, keyed alike', async () => {
    const dataDir = tempDir();
    const [template] = loadFixtures().spans;
    const separated = { ...template, spanId: '00000000000000aa', name: 'a\u001db', attributes: { 'k\u001d': 'v\u001dw' } };
    const ordinary = { ...template, spanId: '00000000000000bb', name: 'plain' };
    const odd = { ...template, traceId: 'Not-Hex', spanId: 'x' };
    await withStorageIn(dataDir, async (storage) => {
      // A retried copy in the same batch is written once.
      await storage.spans.writeSpans([separated, ordinary, odd, ordinary]);
      const byId = (a: { spanId: string }, b: { spanId: string }) => a.spanId.localeCompare(b.spanId);
      assert.deepEqual((await storage.spans.getTrace(template.traceId)).sort(byId), [separated, ordinary]);
      assert.deepEqual(await storage.spans.getTrace(odd.traceId), [odd]);
      // Written again through either path, nothing is duplicated.
      await storage.spans.writeSpans([separated, ordinary, odd]);
      assert.equal((await storage.spans.getTrace(template.traceId)).length, 2);
      assert.equal((await storage.spans.getTrace(odd.traceId)).length, 1);
    });
    // The key SQL computes for packed spans is the one spanKey computes in JS for the others.
    const file = await DuckDBInstance.create(join(dataDir, 'sightline.duckdb'));
    const connection = await file.connect();
    const rows = (await connection.runAndReadAll('SELECT trace_id, span_id, span_key FROM spans')).getRowsJS();
    connection.closeSync();
    file.closeSync();
    assert.equal(rows.length, 3);
    for (const [traceId, spanId, key] of rows) assert.equal(key, spanKey(traceId as string, spanId as string));
  });

  it('moves the one-row-per-trace summaries of a data file written before summary parts into parts', async () => {
    const dataDir = tempDir();
    const fixtures = loadFixtures();
    const range = { startUnixNano: fixtures.baseUnixNano - 86_400_000_000_000n, endUnixNano: fixtures.baseUnixNano + 86_400_000_000_000n };
    const expected = await withStorageIn(dataDir, async (storage) => {
      await storage.spans.writeSpans(fixtures.spans);
      return storage.spans.findTraces({ range, limit: 100 });
    });
    assert.ok(expected.length > 1);
    // What an older version left behind: one summary row per trace in `traces` (primary key), no parts.
    const legacy = await DuckDBInstance.create(join(dataDir, 'sightline.duckdb'));
    const connection = await legacy.connect();
    await connection.run(`CREATE TABLE traces (trace_id VARCHAR PRIMARY KEY, start_ns BIGINT NOT NULL, end_ns BIGINT NOT NULL,
      last_start_ns BIGINT NOT NULL, span_count BIGINT NOT NULL, error_count BIGINT NOT NULL, services VARCHAR[] NOT NULL,
      root_rank BIGINT NOT NULL, root_service VARCHAR NOT NULL, root_operation VARCHAR NOT NULL)`);
    await connection.run(`INSERT INTO traces SELECT trace_id, min(start_ns), max(end_ns), max(last_start_ns), sum(span_count), sum(error_count),
      list_sort(list_distinct(flatten(list(services)))), min(root_rank), arg_min(root_service, root_rank), arg_min(root_operation, root_rank)
      FROM trace_parts GROUP BY trace_id`);
    await connection.run('DROP TABLE trace_parts');
    connection.closeSync();
    legacy.closeSync();
    await withStorageIn(dataDir, async (storage) => {
      assert.deepEqual(await storage.spans.findTraces({ range, limit: 100 }), expected);
      const traceId = fixtures.spans[0].traceId;
      assert.equal((await storage.spans.getTrace(traceId)).length, fixtures.spans.filter((span) => span.traceId === traceId).length);
      // Writing the same spans again still counts each once.
      await storage.spans.writeSpans(fixtures.spans);
      assert.deepEqual(await storage.spans.findTraces({ range, limit: 100 }), expected);
    });
  });

  it('reads a trace too big for one result string (over 10,000 spans) whole', async () => {
    await withOpenStorage({}, async (storage) => {
      const [template] = loadFixtures().spans;
      const spans = Array.from({ length: 12_001 }, (_, i) => ({
        ...template,
        spanId: i.toString(16).padStart(16, '0'),
        name: `op-${i}`,
        startTimeUnixNano: template.startTimeUnixNano + BigInt(i),
      }));
      for (let i = 0; i < spans.length; i += 5_000) await storage.spans.writeSpans(spans.slice(i, i + 5_000));
      const stored = await storage.spans.getTrace(template.traceId);
      assert.equal(stored.length, spans.length);
      assert.deepEqual(stored.sort((a, b) => a.spanId.localeCompare(b.spanId)), spans);
    });
  });
});

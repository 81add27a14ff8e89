/**
 * Wall and CPU time of the embedded store's read calls behind the benchmark's queries, in one
 * process and without HTTP, against a data folder `npm run bench:ingest -- --keep-data` left:
 *
 *   node --import tsx bench/ingest/read-costs.ts <data-dir> [runs=200] [duckdb-threads]
 *
 * A diagnostic: it splits trace by id into its storage calls (the summary lookup, the spans,
 * the correlated logs) and times the aggregate reads of the service map and RED. CPU is process
 * CPU (includes DuckDB's threads), which varies less than wall time on a shared machine.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { summarize } from './stats.js';
import { EmbeddedStorage } from '../../collector/src/storage/embedded/embedded-storage.js';
import type { SpanReader, TraceQuery } from '../../collector/src/storage/span-store.js';
import type { TimeRange } from '../../collector/src/storage/time-range.js';

const dataDir = process.argv[2];
if (!dataDir) {
  console.error('usage: node --import tsx bench/ingest/read-costs.ts <data-dir> [runs=200] [duckdb-threads]');
  process.exit(2);
}
const runs = Number(process.argv[3] ?? 200);
const threads = process.argv[4] === undefined ? undefined : Number(process.argv[4]);

// A sample of trace ids straight from the file (before the store opens it).
const sampler = await DuckDBInstance.create(`${dataDir}/sightline.duckdb`, { access_mode: 'READ_ONLY' });
const samplerConnection = await sampler.connect();
// Trace summaries are `trace_parts` (several per trace) since the append-only summaries; older files have `traces`.
const [[partsTables]] = (await samplerConnection.runAndReadAll(
  `SELECT count(*) FROM information_schema.tables WHERE table_name = 'trace_parts'`,
)).getRowsJS();
const summaries = Number(partsTables) > 0 ? 'trace_parts' : 'traces';
const sampled = (await samplerConnection.runAndReadAll(`SELECT DISTINCT trace_id FROM (SELECT trace_id FROM ${summaries} USING SAMPLE ${runs} ROWS)`)).getRowsJS();
const latest = (await samplerConnection.runAndReadAll(`SELECT max(start_ns) FROM ${summaries}`)).getRowsJS()[0][0] as bigint;
samplerConnection.closeSync();
sampler.closeSync();
const traceIds = sampled.map((row) => row[0] as string);

const storage = new EmbeddedStorage({ dataDir, compactionIntervalMs: 3_600_000, threads });
await storage.init();

const cpuMs = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};

async function measure(name: string, times: number, call: (i: number) => Promise<unknown>): Promise<void> {
  await call(0); // warm-up
  const wall: number[] = [];
  const cpu0 = cpuMs();
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    await call(i);
    wall.push(performance.now() - started);
  }
  const s = summarize(wall);
  console.log(`${name.padEnd(30)} wall p50 ${String(s.p50Ms).padStart(6)} p95 ${String(s.p95Ms).padStart(6)} p99 ${String(s.p99Ms).padStart(6)} ms   cpu ${((cpuMs() - cpu0) / times).toFixed(2).padStart(6)} ms/call`);
}

const endNs = latest + 60_000_000_000n;
const range: TimeRange = { startUnixNano: endNs - 86_460_000_000_000n, endUnixNano: endNs };
console.log(`${traceIds.length} sampled traces; 24 h range ending at the newest trace`);
// What the native API's trace-by-id calls: the trace's API JSON (or its spans) and its logs, together.
const spanReader: SpanReader = storage.spans;
const readTrace = (traceId: string) => (spanReader.getTraceApiJson ? spanReader.getTraceApiJson(traceId) : spanReader.getTrace(traceId));
await measure('trace by id (spans + logs)', traceIds.length, (i) => Promise.all([readTrace(traceIds[i]), storage.logs.getLogsForTrace(traceIds[i])]));
await measure(spanReader.getTraceApiJson ? '  getTraceApiJson' : '  getTrace', traceIds.length, (i) => readTrace(traceIds[i]));
await measure('  getLogsForTrace', traceIds.length, (i) => storage.logs.getLogsForTrace(traceIds[i]));
const aggregateRuns = Math.min(runs, 40);
await measureAggregates('as found');
const flushStarted = performance.now();
await storage.flush();
console.log(`flush (rollup compaction of stale buckets): ${Math.round(performance.now() - flushStarted)} ms`);
await measureAggregates('after flush');
// The searches bench:ingest times (query-bench.ts), through the store.
const ms = 1_000_000;
const searches: [string, Omit<TraceQuery, 'range'>][] = [
  ['service=orders', { serviceName: 'orders', limit: 20 }],
  ['web-gateway POST /api/checkout error', { serviceName: 'web-gateway', operation: 'POST /api/checkout', status: 'error', limit: 20 }],
  ['catalog route=/products >=20ms', { serviceName: 'catalog', attributes: [{ key: 'http.route', value: '/products' }], minSpanDurationNano: 20 * ms, limit: 20 }],
  ['payments method=paypal', { serviceName: 'payments', attributes: [{ key: 'app.payment.method', value: 'paypal' }], limit: 20 }],
  ['trace >= 200ms', { minTraceDurationNano: 200 * ms, limit: 20 }],
  ['status=error limit 50', { status: 'error', limit: 50 }],
];
for (const [name, query] of searches) await measure(`search ${name}`, aggregateRuns, () => storage.spans.findTraces({ ...query, range }));
await storage.close();

async function measureAggregates(when: string): Promise<void> {
  await measure(`service map (${when})`, aggregateRuns, () =>
    Promise.all([
      storage.aggregates.queryServiceGraph({ range }),
      storage.aggregates.querySpanMetrics({ range, groupBy: ['serviceName', 'spanKind'] }),
    ]));
  await measure(`RED, all, step 15m (${when})`, aggregateRuns, () =>
    storage.aggregates.querySpanMetrics({ range, groupBy: [], stepMs: 900_000, spanKinds: [2, 5] }));
}

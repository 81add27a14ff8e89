// Query latency of the Elasticsearch backend at a given number of stored spans (default 1,000,000,
// spread over the last 24 h, plus 24 h of span-metrics and service-graph rows). Loads the data
// through ElasticsearchStorage (reporting write throughput and CPU per span), then times each
// query shape `--repeat` times and prints p50/p95/p99. Results: bench-results/elasticsearch-queries.json.
//
//   node scripts/elasticsearch.mjs start
//   node --import tsx scripts/lib/elasticsearch-query-bench.ts [--spans 1000000] [--repeat 50] [--keep]
//
// --keep leaves the indices (prefix sightline-bench-query) for a re-run, which then skips loading.
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ElasticsearchStorage } from '../../collector/src/storage/elasticsearch/elasticsearch-storage.js';
import type { TimeRange } from '../../collector/src/storage/time-range.js';
import { makeAggregateRows, makeSpans, SPANS_PER_TRACE, traceIdOf } from './sample-traffic.js';

const { values } = parseArgs({
  options: {
    spans: { type: 'string', default: '1000000' },
    repeat: { type: 'string', default: '50' },
    keep: { type: 'boolean', default: false },
    url: { type: 'string', default: process.env.SIGHTLINE_ES_URL ?? 'http://127.0.0.1:9200' },
  },
});
const totalSpans = Number(values.spans);
const repeat = Number(values.repeat);
const BATCH = 5000;
const HOUR_NS = 3_600_000_000_000n;

const storage = new ElasticsearchStorage({ nodes: [values.url], indexPrefix: 'sightline-bench-query' });
await storage.init();
const client = storage.elasticsearchClient;

async function elasticsearchCpuMs(): Promise<number> {
  const stats = await client.nodes.stats({ node_id: '_local', metric: 'process' });
  return Object.values(stats.nodes)[0].process?.cpu?.total_in_millis ?? 0;
}

async function storedSpans(): Promise<number> {
  const response = await client.count({ index: 'sightline-bench-query-spans-*', ignore_unavailable: true, allow_no_indices: true });
  return response.count;
}

// The data sits in the 24 h before `endNs`; the window is fixed per run of loads (see below).
const endNs = (BigInt(Date.now()) * 1_000_000n / HOUR_NS) * HOUR_NS;
const startNs = endNs - 24n * HOUR_NS;
const load: Record<string, number> = {};
const already = await storedSpans();
if (already >= totalSpans) {
  console.log(`[bench] reusing ${already} stored spans`);
} else {
  await storage.deleteEverything();
  await storage.init();
  console.log(`[bench] loading ${totalSpans} spans over 24 h...`);
  const cpuBefore = process.cpuUsage();
  const esCpuBefore = await elasticsearchCpuMs();
  const started = performance.now();
  for (let first = 0; first < totalSpans; first += BATCH) {
    await storage.spans.writeSpans(makeSpans(Math.min(BATCH, totalSpans - first), first, startNs, endNs, totalSpans));
  }
  await storage.flush();
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  load.spansPerSecond = Math.round(totalSpans / seconds);
  load.writerCpuUsPerSpan = Math.round((cpu.user + cpu.system) / totalSpans);
  load.elasticsearchCpuUsPerSpan = Math.round((((await elasticsearchCpuMs()) - esCpuBefore) * 1000) / totalSpans);
  console.log(
    `[bench] wrote ${totalSpans} spans in ${seconds.toFixed(0)} s: ${load.spansPerSecond} spans/s; CPU per span: ` +
      `writer ${load.writerCpuUsPerSpan} µs, Elasticsearch ${load.elasticsearchCpuUsPerSpan} µs`,
  );
  const rows = makeAggregateRows(Number(startNs / 1_000_000n), Number(endNs / 1_000_000n));
  for (let i = 0; i < rows.spanMetrics.length; i += BATCH) await storage.aggregates.writeSpanMetrics(rows.spanMetrics.slice(i, i + BATCH));
  for (let i = 0; i < rows.edges.length; i += BATCH) await storage.aggregates.writeServiceGraphEdges(rows.edges.slice(i, i + BATCH));
  await storage.flush();
  console.log(`[bench] wrote ${rows.spanMetrics.length} span-metrics rows and ${rows.edges.length} edge rows`);
}
// Let merges triggered by the load settle a little so the first queries do not measure them.
await client.indices.forcemerge({ index: 'sightline-bench-query-*', max_num_segments: 1 }).catch(() => undefined);

const stats = (samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  return { p50: +at(0.5).toFixed(1), p95: +at(0.95).toFixed(1), p99: +at(0.99).toFixed(1), max: +sorted[sorted.length - 1].toFixed(1) };
};

async function time(name: string, run: (i: number) => Promise<unknown>): Promise<void> {
  await run(0); // warm-up
  const samples: number[] = [];
  let size = 0;
  for (let i = 1; i <= repeat; i++) {
    const started = performance.now();
    const result = await run(i);
    samples.push(performance.now() - started);
    size = Array.isArray(result) ? result.length : 0;
  }
  results[name] = { ...stats(samples), results: size };
  console.log(`[bench] ${name}: p50 ${results[name].p50} ms, p95 ${results[name].p95} ms, p99 ${results[name].p99} ms (${size} results)`);
}

const results: Record<string, ReturnType<typeof stats> & { results: number }> = {};
const traces = Math.floor(totalSpans / SPANS_PER_TRACE);
const day: TimeRange = { startUnixNano: startNs, endUnixNano: endNs };
const lastHour: TimeRange = { startUnixNano: endNs - HOUR_NS, endUnixNano: endNs };

await time('trace by id', (i) => storage.spans.getTrace(traceIdOf((i * 7919) % traces)));
await time('search 1 h, service', () => storage.spans.findTraces({ range: lastHour, serviceName: 'checkout', limit: 20 }));
await time('search 24 h, no filter', () => storage.spans.findTraces({ range: day, limit: 20 }));
await time('search 24 h, attribute + error', () =>
  storage.spans.findTraces({ range: day, attributes: [{ key: 'http.response.status_code', value: '500' }], status: 'error', limit: 20 }),
);
await time('search 24 h, min duration', () =>
  storage.spans.findTraces({ range: day, serviceName: 'frontend', minSpanDurationNano: 45_000_000, limit: 20 }),
);
await time('services 24 h', () => storage.spans.getServices(day));
await time('service map 24 h', () => storage.aggregates.queryServiceGraph({ range: day }));
await time('RED 24 h (5 min steps)', () =>
  storage.aggregates.querySpanMetrics({ range: day, serviceName: 'frontend', spanKinds: [2, 5], groupBy: ['statusCode'], stepMs: 300_000 }),
);
await time('latency histogram 24 h', () =>
  storage.aggregates.querySpanMetrics({ range: day, serviceName: 'frontend', operation: 'GET /api/orders/:id', groupBy: [] }),
);

mkdirSync('bench-results', { recursive: true });
writeFileSync(
  'bench-results/elasticsearch-queries.json',
  `${JSON.stringify({ date: new Date().toISOString(), storedSpans: await storedSpans(), repeat, load, queries: results }, null, 2)}\n`,
);
if (!values.keep) await storage.deleteEverything();
await storage.close();

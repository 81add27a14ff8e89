/**
 * CPU cost per span of the Elasticsearch backend alone: the bench's traffic (same span density
 * in time as `bench:ingest` at 1M spans over 24 h, logs included) is decoded and converted first,
 * untimed; then span and log batches are written through `ElasticsearchStorage`, with the
 * derivers writing span metrics and edges on their 5 s cadence (here: every 50,000 spans, about
 * 5 s of traffic at 10,000 spans/s). Prints the collector's CPU per span for writing (building
 * documents, serialising, HTTP) and Elasticsearch's CPU per span (from `_nodes/stats`, until its
 * refreshes and merges have settled), and where its indexing time went by signal.
 *
 *   node --import tsx bench/ingest/es-store-costs.ts [spans=100000] [--es-url http://127.0.0.1:9200] [--record file]
 *   node --import tsx bench/ingest/es-store-costs.ts --replay file [--refresh-interval 5s]
 *
 * `--record` also saves every bulk body sent; `--replay` sends saved bodies again (2 at a time,
 * as the writer does) into fresh indices shaped by this checkout's templates, and prints only
 * Elasticsearch's cost: document changes compared without the collector's CPU in the picture.
 *
 * Uses an index prefix of its own and deletes it afterwards. A diagnostic, not a test: figures
 * grow when the cores are contended, so compare runs taken under similar load.
 */
import { randomFillSync } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { Registry } from 'prom-client';
import type { LogRecord } from '../../collector/src/model/log-record.js';
import type { Span } from '../../collector/src/model/span.js';
import { defaultConfig } from '../../collector/src/config/collector-config.js';
import { createDerivers } from '../../collector/src/derive/create-derivers.js';
import { ConvertContext } from '../../collector/src/receiver/convert-context.js';
import { convertLogs } from '../../collector/src/receiver/convert-logs.js';
import { convertTraces } from '../../collector/src/receiver/convert-spans.js';
import { decodeRequest } from '../../collector/src/receiver/otlp-codec.js';
import { ElasticsearchStorage } from '../../collector/src/storage/elasticsearch/elasticsearch-storage.js';
import { encodeGroup, instantiate, TEMPLATE_EPOCH_NS } from './otlp-templates.js';
import { seededRandom } from './traffic-model.js';

const { values: flags, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    'es-url': { type: 'string', default: 'http://127.0.0.1:9200' },
    record: { type: 'string' },
    'refresh-interval': { type: 'string' },
    replay: { type: 'string' },
  },
});
const esUrl = flags['es-url']!;
const N = Number(positionals[0] ?? 100_000);
const FLUSH_EVERY_SPANS = 50_000;
const TRACES_PER_GROUP = 250;
const DAY_NS = 86_400_000_000_000n;
// The bench's timeline at 1M spans: each group of 250 traces covers 1/656 of a day.
const GROUP_SPAN_NS = DAY_NS / 656n;
const replayed = flags.replay === undefined ? undefined : (JSON.parse(readFileSync(flags.replay, 'utf8')) as { prefix: string; bodies: string[] });
const prefix = replayed?.prefix ?? `es-store-costs-${process.pid}`;

async function nodeCpuMs(): Promise<number> {
  const stats = (await (await fetch(`${esUrl}/_nodes/_local/stats/process`)).json()) as { nodes: Record<string, { process: { cpu: { total_in_millis: number } } }> };
  return Object.values(stats.nodes)[0].process.cpu.total_in_millis;
}

async function indexingBySignal(): Promise<Record<string, { indexMs: number; docs: number; refreshMs: number; mergeMs: number }>> {
  const stats = (await (await fetch(`${esUrl}/${prefix}-*/_stats/indexing,refresh,merge?level=indices`)).json()) as { indices: Record<string, { primaries: any }> };
  const out: Record<string, { indexMs: number; docs: number; refreshMs: number; mergeMs: number }> = {};
  for (const [name, index] of Object.entries(stats.indices)) {
    const signal = name.slice(prefix.length + 1).replace(/-\d{4}\.\d{2}\.\d{2}$/, '');
    const entry = (out[signal] ??= { indexMs: 0, docs: 0, refreshMs: 0, mergeMs: 0 });
    entry.indexMs += index.primaries.indexing.index_time_in_millis;
    entry.docs += index.primaries.indexing.index_total;
    entry.refreshMs += index.primaries.refresh.total_time_in_millis;
    entry.mergeMs += index.primaries.merges.total_time_in_millis;
  }
  return out;
}

/** Waits until Elasticsearch has used under 5% of a core for two seconds in a row (refreshes and merges done). */
async function settle(): Promise<void> {
  let quiet = 0;
  for (let i = 0; i < 40 && quiet < 2; i++) {
    const before = await nodeCpuMs();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    quiet = (await nodeCpuMs()) - before < 50 ? quiet + 1 : 0;
  }
}

async function printIndexing(spanCount: number): Promise<void> {
  const perSpan = (ms: number) => ((ms * 1000) / spanCount).toFixed(1);
  for (const [signal, s] of Object.entries(await indexingBySignal()).sort()) {
    console.log(`  ${signal.padEnd(14)} index ${perSpan(s.indexMs)} µs/span, refresh ${perSpan(s.refreshMs)}, merge ${perSpan(s.mergeMs)}; ${(s.docs / spanCount).toFixed(3)} docs/span`);
  }
}

if (replayed !== undefined) {
  const storage = new ElasticsearchStorage({ nodes: [esUrl], indexPrefix: prefix, refreshInterval: flags['refresh-interval'] });
  await storage.init(); // this checkout's templates
  try {
    await storage.deleteEverything();
    await storage.init();
    await settle();
    const es0 = await nodeCpuMs();
    const t0 = performance.now();
    let next = 0;
    const send = async () => {
      while (next < replayed.bodies.length) {
        const body = replayed.bodies[next++];
        const response = await fetch(`${esUrl}/_bulk?filter_path=items.*.status`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body });
        const items = ((await response.json()) as { items?: Record<string, { status: number }>[] }).items ?? [];
        // 409: in recordings made before lookups were batched, a lookup `create` that found its document already there.
        const failed = items.filter((item) => Object.values(item).some(({ status }) => status >= 300 && status !== 409));
        if (!response.ok || failed.length > 0) throw new Error(`bulk replay failed (${response.status}): ${JSON.stringify(failed[0])}`);
      }
    };
    await Promise.all([send(), send()]);
    const wallMs = performance.now() - t0;
    await storage.flush(); // the refresh a longer interval would still owe, counted too
    await settle();
    const esMs = (await nodeCpuMs()) - es0;
    const spans = (await indexingBySignal()).spans?.docs ?? 1;
    console.log(`replayed ${replayed.bodies.length} bulk requests (${spans} spans) in ${(wallMs / 1000).toFixed(1)} s; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    console.log(`Elasticsearch CPU ${((esMs * 1000) / spans).toFixed(1)} µs/span (until settled)`);
    await printIndexing(spans);
  } finally {
    await storage.deleteEverything();
    await storage.close();
  }
  process.exit(0);
}

// --- traffic, decoded and converted up front ---
const random = seededRandom(20261121);
const groups = Array.from({ length: 12 }, (_, g) => encodeGroup(g, TRACES_PER_GROUP, Number(GROUP_SPAN_NS) / TRACES_PER_GROUP, random));
const startNs = BigInt(Date.now()) * 1_000_000n - DAY_NS / 2n;
const limits = defaultConfig().limits;
const spanBatches: Span[][] = [];
const logBatches: LogRecord[][] = [];
let spanCount = 0;
let logCount = 0;
for (let k = 0; spanCount < N; k++) {
  const group = groups[k % groups.length];
  const ids = Buffer.alloc(group.traceCount * 16);
  randomFillSync(ids);
  const delta = startNs + BigInt(k) * GROUP_SPAN_NS - TEMPLATE_EPOCH_NS;
  for (const request of group.requests) {
    const body = instantiate(request, ids, delta);
    if (request.path === '/v1/traces') {
      const spans = convertTraces(decodeRequest('traces', 'protobuf', body) as never, new ConvertContext(limits));
      spanBatches.push(spans);
      spanCount += spans.length;
    } else if (request.path === '/v1/logs') {
      const logs = convertLogs(decodeRequest('logs', 'protobuf', body) as never, new ConvertContext(limits));
      logBatches.push(logs);
      logCount += logs.length;
    }
  }
}

/** Requests regrouped into the pipeline's write batches. */
function rebatch<T>(batches: T[][], size: number): T[][] {
  const out: T[][] = [];
  let current: T[] = [];
  for (const batch of batches) {
    for (const item of batch) {
      current.push(item);
      if (current.length >= size) {
        out.push(current);
        current = [];
      }
    }
  }
  if (current.length > 0) out.push(current);
  return out;
}
const batchSize = defaultConfig().queue.batchSize;
const spanWrites = rebatch(spanBatches, batchSize);
const logWrites = rebatch(logBatches, Math.max(1, Math.round((batchSize * logCount) / spanCount)));
console.log(`${spanCount} spans, ${logCount} logs; ${spanWrites.length} span writes of up to ${batchSize}; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);

// --- the measured part ---
const storage = new ElasticsearchStorage({ nodes: [esUrl], indexPrefix: prefix, refreshInterval: flags['refresh-interval'] });
await storage.init();
const recorded: string[] = [];
if (flags.record !== undefined) {
  const transport = storage.elasticsearchClient.transport;
  const request = transport.request.bind(transport);
  transport.request = ((params: { path: string; bulkBody?: unknown }, options?: unknown) => {
    if (params.path === '/_bulk' && typeof params.bulkBody === 'string') recorded.push(params.bulkBody);
    return request(params as never, options as never);
  }) as typeof transport.request;
}
const derivers = createDerivers({ writer: storage.aggregates, registry: new Registry(), options: { flushIntervalMs: 3_600_000 } });
try {
  await settle();
  const cpu0 = process.cpuUsage();
  const es0 = await nodeCpuMs();
  const t0 = performance.now();
  let sinceFlush = 0;
  for (let i = 0; i < spanWrites.length; i++) {
    const spans = spanWrites[i];
    for (const deriver of derivers) deriver.consume(spans);
    const logs = logWrites[i] ?? [];
    await Promise.all([storage.spans.writeSpans(spans), logs.length > 0 ? storage.logs.writeLogs(logs) : undefined]);
    sinceFlush += spans.length;
    if (sinceFlush >= FLUSH_EVERY_SPANS || i === spanWrites.length - 1) {
      await Promise.all(derivers.map((deriver) => deriver.flush()));
      sinceFlush = 0;
    }
  }
  for (const logs of logWrites.slice(spanWrites.length)) await storage.logs.writeLogs(logs);
  const writeMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  await storage.flush(); // the refresh a longer interval would still owe, counted too
  await settle();
  const esMs = (await nodeCpuMs()) - es0;
  const perSpan = (ms: number) => ((ms * 1000) / spanCount).toFixed(1);
  console.log(`writes took ${(writeMs / 1000).toFixed(1)} s wall (${Math.round(spanCount / (writeMs / 1000))} spans/s)`);
  console.log(`collector CPU ${perSpan((cpu.user + cpu.system) / 1000)} µs/span (documents, serialising, HTTP, derive)`);
  console.log(`Elasticsearch CPU ${perSpan(esMs)} µs/span (until settled)`);
  await printIndexing(spanCount);
  if (flags.record !== undefined) {
    writeFileSync(flags.record, JSON.stringify({ prefix, bodies: recorded }));
    console.log(`recorded ${recorded.length} bulk bodies in ${flags.record}`);
  }
} finally {
  for (const deriver of derivers) await deriver.shutdown().catch(() => undefined);
  await storage.deleteEverything();
  await storage.close();
}

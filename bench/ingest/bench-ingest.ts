#!/usr/bin/env node
/**
 * `npm run bench:ingest`: how fast the collector ingests realistic OTLP traffic, and how fast it
 * answers queries once it holds `--spans` spans. A benchmark, not a test: it prints figures and
 * writes them to bench-results/ingest-<storage>.json; it asserts nothing.
 *
 *   --duration 30      seconds of the sustained-throughput phase
 *   --spans 1000000    spans stored before the query phase (the load continues until then)
 *   --concurrency 8    parallel keep-alive connections
 *   --storage embedded embedded | elasticsearch (passed to the collector it starts) | discard:
 *                      the collector with a storage that keeps nothing (bench-only entry,
 *                      discard-collector.ts): receiver, validation, pipeline and derive as in
 *                      production, so its rate is the ceiling any store can reach on this machine;
 *                      only phase 1 runs (nothing is stored to fill or query)
 *   --cpu-prof DIR     run the collector child with `node --cpu-prof` writing into DIR (summarise
 *                      it with profile-stages.ts)
 *   --node-args=...    more Node options for the collector child, space-separated (e.g.
 *                      --node-args=--perf-basic-prof; the = is needed for a value starting with -)
 *   --url URL          use a running collector: its OTLP base URL (query API: --http-url, default port 16686)
 *   --repeat 20        runs of each query
 *   --keep-data        leave the collector's data folder in place (its path is printed), e.g. to
 *                      EXPLAIN the stored data afterwards
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, cpus, totalmem, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { STORAGE_WRITTEN_ITEMS_TOTAL, STORAGE_WRITE_DURATION_SECONDS, STORAGE_DROPPED_ITEMS_TOTAL, SPAN_CALLS_TOTAL } from '../../collector/src/telemetry/metric-names.js';
import { processUsage, scrape, startCollector, sumSeries, threadCpu, type StartedCollector } from './collector-process.js';
import { LoadDriver } from './load-driver.js';
import { encodeGroup, type TemplateGroup } from './otlp-templates.js';
import { hasQueryApi, runQueryBench, type QueryResults } from './query-bench.js';
import { round, sleep, summarize } from './stats.js';
import { seededRandom } from './traffic-model.js';

const DAY_NS = 86_400_000_000_000n;
const TEMPLATE_GROUPS = 12;
const TRACES_PER_GROUP = 250;

const { values: flags } = parseArgs({
  options: {
    duration: { type: 'string', default: '30' },
    spans: { type: 'string', default: '1000000' },
    concurrency: { type: 'string', default: '8' },
    storage: { type: 'string', default: 'embedded' },
    url: { type: 'string' },
    'http-url': { type: 'string' },
    repeat: { type: 'string', default: '20' },
    'max-fill-seconds': { type: 'string', default: '600' },
    'keep-data': { type: 'boolean', default: false },
    'cpu-prof': { type: 'string' },
    'node-args': { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});

if (flags.help) {
  console.log('usage: npm run bench:ingest -- [--duration s] [--spans n] [--concurrency n] [--storage embedded|elasticsearch|discard] [--url otlp-url --http-url query-url] [--repeat n] [--keep-data] [--cpu-prof dir] [--node-args="..."]');
  process.exit(0);
}

const durationS = positive('duration');
const targetSpans = positive('spans');
const concurrency = positive('concurrency');
const repeat = positive('repeat');
const maxFillS = positive('max-fill-seconds');
const storage = flags.storage!;
if (storage !== 'embedded' && storage !== 'elasticsearch' && storage !== 'discard') fail(`--storage must be embedded, elasticsearch or discard (got ${storage})`);
const discard = storage === 'discard';
if (discard && flags.url !== undefined) fail('--storage discard starts its own collector: drop --url');

function positive(name: keyof typeof flags): number {
  const value = Number(flags[name]);
  if (!Number.isFinite(value) || value <= 0) fail(`--${name} must be a positive number (got ${String(flags[name])})`);
  return value;
}

function fail(message: string): never {
  console.error(`bench:ingest: ${message}`);
  process.exit(2);
}

const log = (message: string) => console.log(`[bench] ${message}`);

/**
 * One signal's storage writes between two scrapes: how many, how big, how long (queue wait behind
 * other writes included) and the share of the phase one was in flight. Batches shrink when the
 * store keeps up; a share near 100% for spans and logs together means the single write
 * connection is what limits throughput.
 */
function storageWrites(before: string, after: string, signal: string, seconds: number) {
  const delta = (name: string) => sumSeries(after, name, { signal }) - sumSeries(before, name, { signal });
  const writes = delta(`${STORAGE_WRITE_DURATION_SECONDS}_count`);
  const writeSeconds = delta(`${STORAGE_WRITE_DURATION_SECONDS}_sum`);
  return {
    writes,
    itemsPerWrite: writes ? Math.round(delta(STORAGE_WRITTEN_ITEMS_TOTAL) / writes) : null,
    meanMs: writes ? round((writeSeconds * 1000) / writes, 1) : null,
    busyShare: round(writeSeconds / seconds, 3),
  };
}

async function main(): Promise<void> {
  // --- traffic templates (before the collector starts: encoding must not compete with it) ---
  const nowNs = BigInt(Date.now()) * 1_000_000n;
  const random = seededRandom(20261121);
  const probe = encodeGroup(0, TRACES_PER_GROUP, 1, seededRandom(1));
  const spansPerGroup = probe.spanCount;
  const groupsInTimeline = Math.max(1, Math.ceil(targetSpans / spansPerGroup));
  const groupSpanNs = DAY_NS / BigInt(groupsInTimeline);
  const started = performance.now();
  const groups: TemplateGroup[] = [];
  for (let g = 0; g < TEMPLATE_GROUPS; g++) groups.push(encodeGroup(g, TRACES_PER_GROUP, Number(groupSpanNs) / TRACES_PER_GROUP, random));
  const avgSpans = groups.reduce((a, g) => a + g.spanCount, 0) / groups.length;
  const avgLogs = groups.reduce((a, g) => a + g.logCount, 0) / groups.length;
  log(`encoded ${TEMPLATE_GROUPS} template groups × ${TRACES_PER_GROUP} traces (${round(avgSpans / TRACES_PER_GROUP, 1)} spans, ${round(avgLogs / TRACES_PER_GROUP, 1)} logs per trace) in ${Math.round(performance.now() - started)} ms`);

  // --- collector ---
  let collector: StartedCollector | undefined;
  let dataDir: string | undefined;
  let otlpUrl = flags.url;
  let httpUrl = flags['http-url'];
  if (otlpUrl === undefined) {
    dataDir = mkdtempSync(join(tmpdir(), 'sightline-bench-'));
    const profDir = flags['cpu-prof'];
    if (profDir !== undefined) mkdirSync(profDir, { recursive: true });
    const nodeArgs = [...(flags['node-args']?.split(/\s+/).filter(Boolean) ?? []), ...(profDir === undefined ? [] : ['--cpu-prof', '--cpu-prof-dir', profDir])];
    collector = await startCollector(
      [...(discard ? [] : ['--storage', storage]), '--data-dir', dataDir, '--log-level', 'warn'],
      { entry: discard ? 'discard' : 'bin', nodeArgs },
    );
    otlpUrl = collector.otlpUrl;
    httpUrl = collector.httpUrl;
    log(`started collector pid ${collector.pid} (${storage}, data in ${dataDir}): OTLP ${otlpUrl}, API ${httpUrl}`);
  } else {
    httpUrl ??= otlpUrl.replace(/:\d+$/, ':16686');
    log(`using running collector: OTLP ${otlpUrl}, API ${httpUrl}`);
  }

  const rss = { peakBytes: 0, lastBytes: 0 };
  const sampleRss = () => {
    if (!collector) return;
    const usage = processUsage(collector.pid);
    if (usage) {
      rss.lastBytes = usage.rssBytes;
      rss.peakBytes = Math.max(rss.peakBytes, usage.rssBytes);
    }
  };
  const rssTimer = setInterval(sampleRss, 500);

  const driver = new LoadDriver(otlpUrl, groups, { startNs: nowNs - DAY_NS, groupSpanNs, groupsInTimeline }, concurrency);
  try {
    // --- phase 1: sustained throughput ---
    const before = await scrape(httpUrl!);
    const writtenBefore = sumSeries(before, STORAGE_WRITTEN_ITEMS_TOTAL, { signal: 'traces' });
    const cpuBefore = collector ? processUsage(collector.pid)?.cpuSeconds ?? 0 : 0;
    const threadsBefore = collector ? threadCpu(collector.pid) : {};
    const benchCpuBefore = process.cpuUsage();
    log(`phase 1: sending for ${durationS} s over ${concurrency} connections...`);
    const phaseStart = performance.now();
    const phaseEnd = phaseStart + durationS * 1000;
    const progress = setInterval(() => log(`  ${Math.round((performance.now() - phaseStart) / 1000)} s: ${driver.counters.spansAccepted.toLocaleString('en')} spans accepted`), 10_000);
    await driver.run(() => performance.now() >= phaseEnd);
    clearInterval(progress);
    const phaseSeconds = (performance.now() - phaseStart) / 1000;
    const after = await scrape(httpUrl!);
    const writtenDuring = sumSeries(after, STORAGE_WRITTEN_ITEMS_TOTAL, { signal: 'traces' }) - writtenBefore;
    const collectorCpu = collector ? (processUsage(collector.pid)?.cpuSeconds ?? 0) - cpuBefore : undefined;
    const benchCpu = process.cpuUsage(benchCpuBefore);
    const threadsAfter = collector ? threadCpu(collector.pid) : {};
    sampleRss();
    const c = driver.counters;
    const throughput = {
      seconds: round(phaseSeconds, 1),
      concurrency,
      spansAccepted: c.spansAccepted,
      acceptedSpansPerSecond: Math.round(c.spansAccepted / phaseSeconds),
      writtenSpansPerSecond: Math.round(writtenDuring / phaseSeconds),
      storageWrites: { traces: storageWrites(before, after, 'traces', phaseSeconds), logs: storageWrites(before, after, 'logs', phaseSeconds) },
      logsAccepted: c.logsAccepted,
      spansRejected: c.spansRejected,
      backPressureResponses: c.backPressureResponses,
      failedRequests: c.failedRequests,
      requests: c.requests,
      traceRequestLatency: summarize(c.traceRequestLatenciesMs),
      collectorRssMb: round(rss.lastBytes / 2 ** 20, 0),
      collectorPeakRssMb: round(rss.peakBytes / 2 ** 20, 0),
      collectorCpuCoresUsed: collectorCpu === undefined ? null : round(collectorCpu / phaseSeconds, 2),
      // On a shared machine wall-clock rates depend on the neighbours; CPU cost per span does not (much).
      spansPerCollectorCpuSecond: collectorCpu ? Math.round(c.spansAccepted / collectorCpu) : null,
      collectorCpuMicrosPerSpan: collectorCpu ? round((collectorCpu * 1e6) / Math.max(1, c.spansAccepted), 1) : null,
      generatorCpuCoresUsed: round((benchCpu.user + benchCpu.system) / 1e6 / phaseSeconds, 2),
      // The generator runs in this process (it shares the cores with the collector): its cost per span.
      generatorCpuMicrosPerSpan: round((benchCpu.user + benchCpu.system) / Math.max(1, c.spansAccepted), 1),
      // Where the collector's CPU went, per accepted span (threads grouped by name; main = JS main thread).
      collectorCpuMicrosPerSpanByThread: Object.fromEntries(
        Object.entries(threadsAfter)
          .map(([name, seconds]) => [name, round(((seconds - (threadsBefore[name] ?? 0)) * 1e6) / Math.max(1, c.spansAccepted), 1)] as const)
          .filter(([, micros]) => micros > 0)
          .sort((a, b) => b[1] - a[1]),
      ),
    };
    log(`phase 1: ${throughput.acceptedSpansPerSecond.toLocaleString('en')} spans/s accepted, ${throughput.writtenSpansPerSecond.toLocaleString('en')} spans/s written, ${c.spansRejected} rejected, ${c.backPressureResponses} back-pressure answers, request p50 ${throughput.traceRequestLatency.p50Ms} ms p99 ${throughput.traceRequestLatency.p99Ms} ms, collector RSS ${throughput.collectorRssMb} MB`);
    for (const [signal, writes] of Object.entries(throughput.storageWrites)) {
      log(`  ${signal} writes: ${writes.writes} of ${writes.itemsPerWrite} items, ${writes.meanMs} ms each on average (queue wait included); in flight ${Math.round(writes.busyShare * 100)}% of the phase`);
    }

    // --- phase 2: fill up to --spans stored spans ---
    const fillStart = performance.now();
    if (c.spansAccepted < targetSpans && !discard) {
      log(`phase 2: loading up to ${targetSpans.toLocaleString('en')} spans...`);
      const progress2 = setInterval(() => log(`  ${c.spansAccepted.toLocaleString('en')} spans accepted`), 10_000);
      await driver.run(() => c.spansAccepted >= targetSpans || performance.now() - fillStart > maxFillS * 1000);
      clearInterval(progress2);
    }
    const fillSeconds = (performance.now() - fillStart) / 1000;
    log(`waiting until everything accepted is written...`);
    const written = await waitForWrites(httpUrl!, c.spansAccepted);
    if (!discard) await sleep(7_000); // derived aggregates flush every 5 s
    const metricsText = await scrape(httpUrl!);
    sampleRss();
    const load = {
      spansAccepted: c.spansAccepted,
      spansWritten: written,
      spansDroppedByStorage: sumSeries(metricsText, STORAGE_DROPPED_ITEMS_TOTAL, { signal: 'traces' }),
      logsAccepted: c.logsAccepted,
      spanMetricsCalls: sumSeries(metricsText, SPAN_CALLS_TOTAL),
      fillSeconds: round(fillSeconds, 1),
      overallAcceptedSpansPerSecond: Math.round(c.spansAccepted / (phaseSeconds + fillSeconds)),
      collectorRssMb: round(rss.lastBytes / 2 ** 20, 0),
      collectorPeakRssMb: round(rss.peakBytes / 2 ** 20, 0),
      failureSamples: c.failureSamples,
    };
    log(`stored ${written.toLocaleString('en')} spans (${c.logsAccepted.toLocaleString('en')} logs); peak collector RSS ${load.collectorPeakRssMb} MB`);

    // --- phase 3: queries ---
    let queries: QueryResults | { skipped: string };
    if (discard) {
      queries = { skipped: 'storage discard keeps nothing to query' };
    } else if (await hasQueryApi(httpUrl!)) {
      log(`phase 3: queries over the last 24 h, ${repeat} runs each...`);
      const nowMs = Date.now();
      queries = await runQueryBench(httpUrl!, shuffle(driver.sampledTraceIds), { startMs: nowMs - 86_400_000 - 60_000, endMs: nowMs + 60_000 }, repeat);
    } else {
      queries = { skipped: `no query API at ${httpUrl}/api/v1` };
    }

    const results = {
      benchmark: 'ingest',
      storage,
      when: new Date().toISOString(),
      machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGb: round(totalmem() / 2 ** 30, 1), loadAverage1m: round(loadavg()[0], 2), node: process.version, note: 'shared machine: other work ran at the same time; generator and collector share the cores' },
      traffic: { spansPerTrace: round(avgSpans / TRACES_PER_GROUP, 2), logsPerTrace: round(avgLogs / TRACES_PER_GROUP, 2), timeline: 'spread over the last 24 h', encoding: 'application/x-protobuf, uncompressed' },
      throughput,
      load,
      queries,
      targets: {
        acceptedSpansPerSecond: '>= 50000',
        traceByIdP99Ms: '<= 50',
        searchP95Ms: '<= 300',
        serviceMapAndRed24hMs: '<= 100',
      },
    };
    const outDir = fileURLToPath(new URL('../../bench-results/', import.meta.url));
    mkdirSync(outDir, { recursive: true });
    const outFile = join(outDir, `ingest-${storage}.json`);
    writeFileSync(outFile, `${JSON.stringify(results, null, 2)}\n`);
    printSummary(results.throughput, results.load, queries);
    log(`results written to ${outFile}`);
  } finally {
    clearInterval(rssTimer);
    driver.close();
    if (collector) {
      log('stopping collector...');
      await collector.stop();
    }
    if (dataDir && flags['keep-data']) log(`data kept in ${dataDir}`);
    else if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

async function waitForWrites(httpUrl: string, accepted: number): Promise<number> {
  const deadline = performance.now() + 180_000;
  let written = 0;
  let dropped = 0;
  while (performance.now() < deadline) {
    const text = await scrape(httpUrl);
    written = sumSeries(text, STORAGE_WRITTEN_ITEMS_TOTAL, { signal: 'traces' });
    dropped = sumSeries(text, STORAGE_DROPPED_ITEMS_TOTAL, { signal: 'traces' });
    if (written + dropped >= accepted) return written;
    await sleep(500);
  }
  log(`gave up waiting: ${written} of ${accepted} spans written after 180 s`);
  return written;
}

function shuffle<T>(items: readonly T[]): T[] {
  const out = [...items];
  const random = seededRandom(7);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

function printSummary(throughput: Record<string, unknown>, load: Record<string, unknown>, queries: QueryResults | { skipped: string }): void {
  const t = throughput as { acceptedSpansPerSecond: number; writtenSpansPerSecond: number; spansRejected: number; traceRequestLatency: { p50Ms: number; p99Ms: number }; collectorRssMb: number; collectorPeakRssMb: number; collectorCpuCoresUsed: number | null; generatorCpuCoresUsed: number; spansPerCollectorCpuSecond: number | null; collectorCpuMicrosPerSpan: number | null; generatorCpuMicrosPerSpan: number; collectorCpuMicrosPerSpanByThread?: Record<string, number> };
  console.log('\n=== Sightline ingest benchmark ===');
  console.log(`accepted spans/s (sustained) : ${t.acceptedSpansPerSecond.toLocaleString('en')}   (written to storage: ${t.writtenSpansPerSecond.toLocaleString('en')}/s)   target >= 50,000`);
  console.log(`rejected spans               : ${t.spansRejected}`);
  console.log(`request latency              : p50 ${t.traceRequestLatency.p50Ms} ms, p99 ${t.traceRequestLatency.p99Ms} ms`);
  console.log(`collector RSS                : ${t.collectorRssMb} MB (peak ${t.collectorPeakRssMb} MB); CPU cores used: collector ${t.collectorCpuCoresUsed}, generator ${t.generatorCpuCoresUsed}`);
  console.log(`spans per collector CPU-s    : ${t.spansPerCollectorCpuSecond?.toLocaleString('en') ?? 'n/a'} (machine load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores)`);
  const byThread = Object.entries(t.collectorCpuMicrosPerSpanByThread ?? {}).map(([name, micros]) => `${name} ${micros}`).join(', ');
  console.log(`CPU µs per accepted span     : collector ${t.collectorCpuMicrosPerSpan ?? 'n/a'}, generator ${t.generatorCpuMicrosPerSpan}`);
  if (byThread) console.log(`collector CPU µs per span     : ${byThread}`);
  console.log(`stored spans                 : ${(load.spansWritten as number).toLocaleString('en')}`);
  if ('skipped' in queries) {
    console.log(`queries                      : skipped (${queries.skipped})`);
    return;
  }
  const line = (name: string, s: { p50Ms: number | null; p95Ms: number | null; p99Ms: number | null }, target: string) =>
    console.log(`${name.padEnd(29)}: p50 ${s.p50Ms} ms, p95 ${s.p95Ms} ms, p99 ${s.p99Ms} ms   ${target}`);
  line('trace by id', queries.traceById, 'target p99 <= 50 ms');
  line('trace search (24 h)', queries.search, 'target p95 <= 300 ms');
  line('service map (24 h)', queries.serviceMap, 'target <= 100 ms');
  line('RED series (24 h)', queries.red, 'target <= 100 ms');
  line('latency histogram (24 h)', queries.latencyHistogram, '');
  console.log(`service map: ${queries.serviceMap.nodes} nodes, ${queries.serviceMap.edges} edges; trace by id: ${queries.traceById.notFound} not found, ${queries.traceById.spansPerTraceAvg} spans/trace`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`bench:ingest failed: ${(error as Error).stack ?? String(error)}`);
    process.exit(1);
  },
);

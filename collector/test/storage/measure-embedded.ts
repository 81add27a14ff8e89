/**
 * Measures the embedded store directly (no HTTP, no collector): bulk write throughput, then at
 * the stored size trace-by-id, trace search, service/operation lists, RED and service-map
 * latency. A measurement script, not a test: run it by hand and read the figures.
 *
 *   node --import tsx collector/test/storage/measure-embedded.ts --spans 1000000 --batch 5000
 *
 * Prints figures and writes bench-results/embedded-storage.json. The official end-to-end
 * benchmark (through OTLP/HTTP) is `npm run bench:ingest`.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, statSync, readdirSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { ServiceGraphEdgeRow, SpanMetricsRow } from '../../src/model/aggregates.js';
import { recordDuration } from '../../src/model/latency-histogram.js';
import type { LogRecord } from '../../src/model/log-record.js';
import type { Span } from '../../src/model/span.js';
import type { TraceQuery } from '../../src/storage/span-store.js';
import { EmbeddedStorage } from '../../src/storage/embedded/embedded-storage.js';

const { values: args } = parseArgs({
  options: {
    spans: { type: 'string', default: '1000000' },
    batch: { type: 'string', default: '5000' },
    dir: { type: 'string' },
    keep: { type: 'boolean', default: false },
    threads: { type: 'string' },
  },
});
const TOTAL_SPANS = Number(args.spans);
const BATCH = Number(args.batch);
const DAY_NS = 86_400_000_000_000n;
const SERVICES = ['frontend', 'checkout', 'payments', 'inventory', 'shipping', 'email', 'recommendations', 'ads'];
const OPERATIONS = ['GET /', 'GET /product/:id', 'POST /cart', 'POST /checkout', 'GET /recommendations', 'charge', 'SELECT products', 'send'];

const random = Math.random;
const hex = (chars: number): string => randomBytes(chars / 2).toString('hex');
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];

/** One resource object per service instance, shared by its spans as the OTLP receiver does. */
const resources = new Map<string, Span['resource']>();
function resourceOf(service: string, instance: number): Span['resource'] {
  const key = `${service}-${instance}`;
  let resource = resources.get(key);
  if (!resource) {
    resource = {
      serviceName: service,
      serviceVersion: '1.2.3',
      serviceInstanceId: key,
      attributes: {
        'service.name': service,
        'service.version': '1.2.3',
        'service.instance.id': key,
        'host.name': `node-${instance}`,
        'process.runtime.name': 'nodejs',
        'process.runtime.version': '20.20.2',
        'deployment.environment': 'prod',
      },
    };
    resources.set(key, resource);
  }
  return resource;
}
const scope = { name: '@opentelemetry/instrumentation-http', version: '0.52.0' };

/** A realistic trace: a frontend root and 4-9 children across services, with attributes and events. */
function makeTrace(startNs: bigint): Span[] {
  const traceId = hex(32);
  const spanCount = 5 + Math.floor(random() * 5);
  const spans: Span[] = [];
  const error = random() < 0.05;
  for (let i = 0; i < spanCount; i++) {
    const service = i === 0 ? 'frontend' : pick(SERVICES);
    const start = startNs + BigInt(i * 1_500_000);
    const duration = Math.floor(200_000 + random() * 80_000_000);
    const isError = error && i === spanCount - 1;
    spans.push({
      traceId,
      spanId: hex(16),
      parentSpanId: i === 0 ? '' : spans[Math.floor(random() * i)].spanId,
      name: i === 0 ? pick(OPERATIONS.slice(0, 5)) : pick(OPERATIONS),
      kind: i === 0 ? 2 : (pick([2, 3, 1]) as 1 | 2 | 3),
      startTimeUnixNano: start,
      endTimeUnixNano: start + BigInt(duration),
      durationNano: duration,
      statusCode: isError ? 2 : 0,
      statusMessage: isError ? 'upstream failed' : undefined,
      resource: resourceOf(service, Math.floor(random() * 3)),
      scope,
      attributes: {
        'http.method': pick(['GET', 'POST']),
        'http.route': pick(OPERATIONS),
        'http.status_code': isError ? 500 : 200,
        'net.peer.name': pick(SERVICES),
        'user.id': `user-${Math.floor(random() * 10_000)}`,
        'cart.items': Math.floor(random() * 10),
        'feature.flag': random() < 0.5,
      },
      events: random() < 0.3 ? [{ timeUnixNano: start + 1000n, name: 'cache.miss', attributes: { key: `k${Math.floor(random() * 100)}` } }] : [],
      links: [],
      isRoot: i === 0,
      isError,
    });
  }
  return spans;
}

/** One correlated log per trace, as an instrumented service writes while handling the request. */
function logFor(span: Span): LogRecord {
  const time = span.startTimeUnixNano + 1_000n;
  return {
    logId: hex(32),
    timeUnixNano: time,
    observedTimeUnixNano: time,
    severityNumber: span.isError ? 17 : 9,
    severityText: span.isError ? 'ERROR' : 'INFO',
    body: span.isError ? `request failed: ${span.name} upstream error` : `handled ${span.name} for user-${Math.floor(random() * 10_000)}`,
    traceId: span.traceId,
    spanId: span.spanId,
    resource: span.resource,
    scope: { name: 'pino' },
    attributes: { 'http.route': span.name, 'log.source': 'app' },
  };
}

function aggregateRows(nowMs: number): { metrics: SpanMetricsRow[]; edges: ServiceGraphEdgeRow[] } {
  const metrics: SpanMetricsRow[] = [];
  const edges: ServiceGraphEdgeRow[] = [];
  const firstMinute = Math.floor(nowMs / 60_000) * 60_000 - 1440 * 60_000;
  for (let m = 0; m < 1440; m++) {
    const minute = firstMinute + m * 60_000;
    for (const service of SERVICES) {
      for (const operation of OPERATIONS.slice(0, 5)) {
        for (const status of [0, 2] as const) {
          const histogram = {};
          const calls = status === 0 ? 50 : 2;
          for (let c = 0; c < 12; c++) recordDuration(histogram, 1_000_000 + random() * 60_000_000, Math.ceil(calls / 12));
          metrics.push({ id: `${minute}-${service}-${operation}-${status}`, minuteUnixMs: minute, serviceName: service, operation, spanKind: 2, statusCode: status, calls, errors: status === 2 ? calls : 0, durationSumNano: calls * 20_000_000, histogram });
        }
      }
      const histogram = {};
      for (let c = 0; c < 12; c++) recordDuration(histogram, 1_000_000 + random() * 60_000_000, 4);
      edges.push({ id: `${minute}-frontend-${service}`, minuteUnixMs: minute, client: 'frontend', server: service, serverKind: 'service', calls: 48, errors: 1, durationSumNano: 48 * 20_000_000, histogram });
    }
  }
  return { metrics, edges };
}

function percentile(samples: number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return Number(sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)].toFixed(2));
}

async function time(run: () => Promise<unknown>, times: number): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const start = performance.now();
    await run();
    samples.push(performance.now() - start);
  }
  return samples;
}

function dirSizeMb(dir: string): number {
  return Number((readdirSync(dir).reduce((sum, name) => sum + statSync(join(dir, name)).size, 0) / 1_048_576).toFixed(1));
}

const dataDir = args.dir ?? mkdtempSync(join(tmpdir(), 'sightline-measure-'));
const storage = new EmbeddedStorage({ dataDir, threads: args.threads ? Number(args.threads) : undefined });
await storage.init();
const nowNs = BigInt(Date.now()) * 1_000_000n;
const startNs = nowNs - DAY_NS;
const sampleTraceIds: string[] = [];

// Traces spread evenly over the last 24 h, arriving in time order (as live traffic does).
let written = 0;
let writeMs = 0;
let generateMs = 0;
/** CPU time of the writes (this process: JS and DuckDB's threads): steadier than wall time on a shared machine. */
let writeCpuMs = 0;
let logWriteMs = 0;
let logsWritten = 0;
const batchMs: number[] = [];
const traceByIdDuringIngest: number[] = [];
async function timedLookup(traceId: string): Promise<number> {
  const start = performance.now();
  await storage.spans.getTrace(traceId);
  return performance.now() - start;
}
const traceStep = (DAY_NS * 7n) / BigInt(TOTAL_SPANS);
let traceIndex = 0;
/** How long the JS thread (which also serves every read) is held up while writing. */
const loopDelay = monitorEventLoopDelay({ resolution: 1 });
loopDelay.enable();
while (written < TOTAL_SPANS) {
  const generateStart = performance.now();
  const batch: Span[] = [];
  const logs: LogRecord[] = [];
  while (batch.length < BATCH && written + batch.length < TOTAL_SPANS) {
    const trace = makeTrace(startNs + BigInt(traceIndex++) * traceStep);
    if (random() < 0.01) sampleTraceIds.push(trace[0].traceId);
    batch.push(...trace);
    logs.push(logFor(trace[trace.length - 1]));
  }
  generateMs += performance.now() - generateStart;
  const writeStart = performance.now();
  const cpuBefore = process.cpuUsage();
  // Every 5th batch, a trace-by-id lookup runs while the write is in flight (live collectors
  // serve reads during ingest); its latency is reported apart.
  const lookup = batchMs.length % 5 === 4 && sampleTraceIds.length > 0 ? timedLookup(pick(sampleTraceIds)) : undefined;
  await storage.spans.writeSpans(batch);
  if (lookup) traceByIdDuringIngest.push(await lookup);
  const cpu = process.cpuUsage(cpuBefore);
  writeCpuMs += (cpu.user + cpu.system) / 1000;
  const elapsed = performance.now() - writeStart;
  batchMs.push(elapsed);
  const logStart = performance.now();
  await storage.logs.writeLogs(logs);
  logWriteMs += performance.now() - logStart;
  logsWritten += logs.length;
  writeMs += elapsed;
  written += batch.length;
  if (batchMs.length % 40 === 0) console.log(`  ${written} spans, ${Math.round(written / (writeMs / 1000))} spans/s so far`);
}
loopDelay.disable();
const spansPerSecond = Math.round(written / (writeMs / 1000));
const stored = (await storage.spans.findTraces({ range: { startUnixNano: 0n, endUnixNano: nowNs * 2n }, limit: 1_000_000 })).reduce((sum, trace) => sum + trace.spanCount, 0);
const spansPerCpuSecond = Math.round(written / (writeCpuMs / 1000));
console.log(`wrote ${written} spans (${stored} stored) in ${(writeMs / 1000).toFixed(1)} s of writes: ${spansPerSecond} spans/s wall, ${spansPerCpuSecond} spans per CPU-second (batch ${BATCH}; generation ${(generateMs / 1000).toFixed(1)} s not counted)`);

const aggregateStart = performance.now();
const { metrics, edges } = aggregateRows(Date.now());
for (let i = 0; i < metrics.length; i += 5000) await storage.aggregates.writeSpanMetrics(metrics.slice(i, i + 5000));
for (let i = 0; i < edges.length; i += 5000) await storage.aggregates.writeServiceGraphEdges(edges.slice(i, i + 5000));
console.log(`wrote ${metrics.length} span-metric rows and ${edges.length} edge rows (24 h) in ${((performance.now() - aggregateStart) / 1000).toFixed(1)} s`);

const day = { startUnixNano: startNs, endUnixNano: nowNs + 1n };
const traceById = await time(async () => storage.spans.getTrace(pick(sampleTraceIds)), 400);
const searches: Partial<TraceQuery>[] = [
  {},
  { serviceName: 'payments' },
  { serviceName: 'checkout', operation: 'POST /checkout' },
  { attributes: [{ key: 'http.status_code', value: '500' }] },
  { serviceName: 'frontend', minSpanDurationNano: 70_000_000 },
  { status: 'error' },
  { minTraceDurationNano: 90_000_000 },
  { range: { startUnixNano: nowNs - 3_600_000_000_000n, endUnixNano: nowNs } },
];
const searchSamples: number[] = [];
const perSearch: Record<string, number> = {};
for (const search of searches) {
  const samples = await time(async () => storage.spans.findTraces({ range: day, limit: 20, ...search }), 10);
  perSearch[JSON.stringify(search, (_k, v: unknown) => (typeof v === "bigint" ? String(v) : v))] = percentile(samples, 0.5);
  searchSamples.push(...samples);
}
const logsForTrace = await time(async () => storage.logs.getLogsForTrace(pick(sampleTraceIds)), 100);
const logSearch = await time(async () => storage.logs.searchLogs({ range: day, limit: 100, text: 'upstream', minSeverityNumber: 17 }), 10);
const services = await time(async () => storage.spans.getServices(day), 10);
const operations = await time(async () => storage.spans.getOperations('payments', day), 10);
const serviceListBeforeRollup = await time(async () => storage.aggregates.querySpanMetrics({ range: day, groupBy: ['serviceName'] }), 3);
const compactStart = performance.now();
await storage.flush();
const compactMs = performance.now() - compactStart;
const serviceList = await time(async () => storage.aggregates.querySpanMetrics({ range: day, groupBy: ['serviceName'] }), 10);
const red = await time(async () => storage.aggregates.querySpanMetrics({ range: day, serviceName: 'checkout', spanKinds: [2, 5], groupBy: [], stepMs: 900_000 }), 10);
const redAllServices = await time(async () => storage.aggregates.querySpanMetrics({ range: day, spanKinds: [2, 5], groupBy: ['serviceName'], stepMs: 900_000 }), 10);
const serviceMap = await time(async () => storage.aggregates.queryServiceGraph({ range: day }), 10);
// Steps that are not whole 15-minute buckets: the services page's sparklines (24 min is the
// default step for 24 h: about 60 points) and a 5-minute step.
const redAllServicesStep24m = await time(async () => storage.aggregates.querySpanMetrics({ range: day, spanKinds: [2, 5], groupBy: ['serviceName'], stepMs: 1_440_000 }), 10);
const redAllServicesStep5m = await time(async () => storage.aggregates.querySpanMetrics({ range: day, spanKinds: [2, 5], groupBy: ['serviceName'], stepMs: 300_000 }), 10);
await storage.close();
const reopenStart = performance.now();
const reopened = new EmbeddedStorage({ dataDir });
await reopened.init();
const reopenMs = performance.now() - reopenStart;
const firstLookupStart = performance.now();
await reopened.spans.getTrace(sampleTraceIds[0]);
const firstLookupMs = performance.now() - firstLookupStart;
await reopened.close();

const result = {
  benchmark: 'embedded-storage',
  when: new Date().toISOString(),
  machine: { cpus: cpus().length, loadAverage1m: Number(loadavg()[0].toFixed(2)), node: process.version, note: 'shared machine; direct calls, no HTTP' },
  spans: written,
  storedSpans: stored,
  batchSize: BATCH,
  write: {
    spansPerSecond, spansPerCpuSecond, batchP50Ms: percentile(batchMs, 0.5), batchP99Ms: percentile(batchMs, 0.99),
    eventLoopDelayMs: { p99: Number((loopDelay.percentile(99) / 1e6).toFixed(1)), max: Number((loopDelay.max / 1e6).toFixed(1)) },
  },
  queries: {
    traceByIdMs: { p50: percentile(traceById, 0.5), p99: percentile(traceById, 0.99) },
    traceByIdDuringIngestMs: traceByIdDuringIngest.length > 0
      ? { p50: percentile(traceByIdDuringIngest, 0.5), max: percentile(traceByIdDuringIngest, 1), samples: traceByIdDuringIngest.length }
      : undefined,
    searchMs: { p50: percentile(searchSamples, 0.5), p95: percentile(searchSamples, 0.95), medianPerSearch: perSearch },
    logsForTraceMs: { p50: percentile(logsForTrace, 0.5), p99: percentile(logsForTrace, 0.99) },
    logSearchMs: { p50: percentile(logSearch, 0.5) },
    servicesMs: { p50: percentile(services, 0.5) },
    operationsMs: { p50: percentile(operations, 0.5) },
    serviceList24hBeforeRollupMs: { p50: percentile(serviceListBeforeRollup, 0.5) },
    rollupCompactionMs: Number(compactMs.toFixed(1)),
    serviceList24hMs: { p50: percentile(serviceList, 0.5), max: percentile(serviceList, 1) },
    red24hStep15mMs: { p50: percentile(red, 0.5), max: percentile(red, 1) },
    redAllServices24hStep15mMs: { p50: percentile(redAllServices, 0.5), max: percentile(redAllServices, 1) },
    redAllServices24hStep24mMs: { p50: percentile(redAllServicesStep24m, 0.5), max: percentile(redAllServicesStep24m, 1) },
    redAllServices24hStep5mMs: { p50: percentile(redAllServicesStep5m, 0.5), max: percentile(redAllServicesStep5m, 1) },
    serviceMap24hMs: { p50: percentile(serviceMap, 0.5), max: percentile(serviceMap, 1) },
  },
  logs: { written: logsWritten, perSecond: Math.round(logsWritten / (logWriteMs / 1000)) },
  aggregateRows: { spanMetrics: metrics.length, edges: edges.length },
  reopen: { openMs: Number(reopenMs.toFixed(1)), firstTraceByIdMs: Number(firstLookupMs.toFixed(1)) },
  diskMb: dirSizeMb(dataDir),
};
console.log(JSON.stringify(result, null, 2));
const resultsDir = join(process.cwd(), 'bench-results');
mkdirSync(resultsDir, { recursive: true });
writeFileSync(join(resultsDir, 'embedded-storage.json'), `${JSON.stringify(result, null, 2)}\n`);
if (!args.keep && !args.dir) rmSync(dataDir, { recursive: true, force: true });

/**
 * CPU cost per span of each ingest stage, in one process, without HTTP: decode (protobufjs),
 * convert (validation into the span model), derive (span metrics + service graph) and the
 * embedded store (rendering, appender, SQL; CPU includes DuckDB's own threads). A diagnostic
 * next to `npm run bench:ingest`, which measures the whole collector:
 *
 *   node --import tsx bench/ingest/stage-costs.ts [spans=100000] [all|derive|store|logs|ingest] [store-batch-size]
 *
 * `logs` writes the logs that come with those spans through the log store (figures per span).
 *
 * `ingest` runs decode → convert → derive request by request, as the receiver does, three
 * rounds over the bodies, while the last 100,000 converted spans stay referenced (as a full
 * pipeline queue holds them): its figures include the garbage collection that retention causes,
 * which the stage-at-a-time passes above do not see the same way.
 *
 * Figures are process CPU time (user + system) per span: on a shared machine they vary less
 * than wall-clock time, but still grow when the cores are contended.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Span } from '../../collector/src/model/span.js';
import { randomFillSync } from 'node:crypto';
import { Registry } from 'prom-client';
import { encodeGroup, instantiate, TEMPLATE_EPOCH_NS } from './otlp-templates.js';
import { seededRandom } from './traffic-model.js';
import { decodeRequest } from '../../collector/src/receiver/otlp-codec.js';
import { convertTraces } from '../../collector/src/receiver/convert-spans.js';
import { convertLogs } from '../../collector/src/receiver/convert-logs.js';
import { ConvertContext } from '../../collector/src/receiver/convert-context.js';
import { defaultConfig } from '../../collector/src/config/collector-config.js';
import { createDerivers } from '../../collector/src/derive/create-derivers.js';
import { EmbeddedStorage } from '../../collector/src/storage/embedded/embedded-storage.js';

const N = Number(process.argv[2] ?? 100000);
const only = process.argv[3] ?? 'all';
const random = seededRandom(1);
const groups = Array.from({ length: 4 }, (_, g) => encodeGroup(g, 250, 1e9, random));
const nowNs = BigInt(Date.now()) * 1_000_000n;
const bodies: Buffer[] = [];
const logBodies: Buffer[] = [];
let spans = 0; let k = 0;
while (spans < N) {
  const g = groups[k % groups.length];
  const ids = Buffer.alloc(g.traceCount * 16); randomFillSync(ids);
  const delta = nowNs - 3_600_000_000_000n - TEMPLATE_EPOCH_NS + BigInt(k) * 1_000_000_000n;
  for (const r of g.requests) {
    if (r.path === '/v1/traces') { bodies.push(instantiate(r, ids, delta)); spans += r.items; }
    if (r.path === '/v1/logs') logBodies.push(instantiate(r, ids, delta));
  }
  k++;
}
const limits = defaultConfig().limits;
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const time = async (name: string, fn: () => unknown) => {
  const c0 = cpu(); const t0 = performance.now();
  await fn();
  const c = cpu() - c0; const t = performance.now() - t0;
  console.log(`${name.padEnd(22)} wall ${(t * 1000 / spans).toFixed(1).padStart(6)} µs/span  cpu ${(c * 1000 / spans).toFixed(1).padStart(6)} µs/span`);
};
console.log(`${bodies.length} requests, ${spans} spans (${(spans / bodies.length).toFixed(0)}/req)`);
if (only === 'ingest') {
  await ingestRounds();
  process.exit(0);
}
let decoded: Record<string, unknown>[] = [];
await time('decode', () => { decoded = bodies.map((b) => decodeRequest('traces', 'protobuf', b)); });
let converted: Span[][] = [];
await time('convert', () => { converted = decoded.map((m) => convertTraces(m, new ConvertContext(limits))); });
decoded = [];
const dir = mkdtempSync(join(tmpdir(), 'sightline-stage-costs-'));
const storage = new EmbeddedStorage({ dataDir: dir });
await storage.init();
if (only === 'logs') {
  // The logs the same traffic carries, through the log store in write-batch-sized batches (figures per span, as above).
  const logs = logBodies.flatMap((body) => convertLogs(decodeRequest('logs', 'protobuf', body), new ConvertContext(limits)));
  const batchSize = Number(process.argv[4] ?? defaultConfig().queue.batchSize);
  console.log(`${logs.length} logs (${(logs.length / spans).toFixed(2)} per span)`);
  await time('store logs', async () => { for (let i = 0; i < logs.length; i += batchSize) await storage.logs.writeLogs(logs.slice(i, i + batchSize)); });
}
if (only === 'all' || only === 'derive') {
  const procs = createDerivers({ writer: storage.aggregates, registry: new Registry(), options: {} });
  await time('derive', () => { for (const batch of converted) for (const p of procs) p.consume(batch); });
  for (const p of procs) await p.shutdown();
}
if (only === 'all' || only === 'store') {
  // Batches of up to the write batch size, as the pipeline takes them from a full queue.
  const batchSize = Number(process.argv[4] ?? defaultConfig().queue.batchSize);
  const batches: Span[][] = []; let cur: Span[] = [];
  for (const b of converted) { for (const s of b) { cur.push(s); if (cur.length >= batchSize) { batches.push(cur); cur = []; } } }
  if (cur.length) batches.push(cur);
  console.log(`store batches: ${batches.length} of ${batchSize}`);
  await time('store', async () => { for (const b of batches) await storage.spans.writeSpans(b); });
}
// Closing checkpoints what the writes left in the WAL: part of the store's cost per span.
await time('close (checkpoint)', () => storage.close());
rmSync(dir, { recursive: true, force: true });

/** Request by request through decode, convert and derive, with a queue's worth of spans held. */
async function ingestRounds(): Promise<void> {
  const noWrites = { writeSpanMetrics: async () => undefined, writeServiceGraphEdges: async () => undefined };
  const procs = createDerivers({ writer: noWrites as never, registry: new Registry(), options: {} });
  const held: Span[][] = [];
  let heldSpans = 0;
  const usec = () => { const u = process.cpuUsage(); return u.user + u.system; };
  for (let round = 1; round <= 3; round++) {
    const cost = { decode: 0, convert: 0, derive: 0 };
    const wall0 = performance.now();
    for (const body of bodies) {
      const t0 = usec();
      const message = decodeRequest('traces', 'protobuf', body);
      const t1 = usec();
      const batch = convertTraces(message, new ConvertContext(limits));
      const t2 = usec();
      for (const p of procs) p.consume(batch);
      const t3 = usec();
      cost.decode += t1 - t0; cost.convert += t2 - t1; cost.derive += t3 - t2;
      held.push(batch); heldSpans += batch.length;
      while (heldSpans > 100_000) heldSpans -= held.shift()!.length;
    }
    const wall = (performance.now() - wall0) * 1000;
    const per = (us: number) => (us / spans).toFixed(1).padStart(5);
    console.log(`ingest round ${round}: cpu µs/span decode ${per(cost.decode)}  convert ${per(cost.convert)}  derive ${per(cost.derive)}  total ${per(cost.decode + cost.convert + cost.derive)}  (wall ${per(wall)})`);
  }
  for (const p of procs) await p.shutdown();
}

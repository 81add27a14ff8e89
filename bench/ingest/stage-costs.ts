/**
 * CPU cost per span of each ingest stage, in one process, without HTTP: decode (protobufjs),
 * convert (validation into the span model), derive (span metrics + service graph) and the
 * embedded store (rendering, appender, SQL; CPU includes DuckDB's own threads). A diagnostic
 * next to `npm run bench:ingest`, which measures the whole collector:
 *
 *   node --import tsx bench/ingest/stage-costs.ts [spans=100000] [all|derive|store]
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
let spans = 0; let k = 0;
while (spans < N) {
  const g = groups[k % groups.length];
  const ids = Buffer.alloc(g.traceCount * 16); randomFillSync(ids);
  const delta = nowNs - 3_600_000_000_000n - TEMPLATE_EPOCH_NS + BigInt(k) * 1_000_000_000n;
  for (const r of g.requests) if (r.path === '/v1/traces') { bodies.push(instantiate(r, ids, delta)); spans += r.items; }
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
let decoded: Record<string, unknown>[] = [];
await time('decode', () => { decoded = bodies.map((b) => decodeRequest('traces', 'protobuf', b)); });
let converted: Span[][] = [];
await time('convert', () => { converted = decoded.map((m) => convertTraces(m, new ConvertContext(limits))); });
decoded = [];
const dir = mkdtempSync(join(tmpdir(), 'sightline-stage-costs-'));
const storage = new EmbeddedStorage({ dataDir: dir });
await storage.init();
if (only === 'all' || only === 'derive') {
  const procs = createDerivers({ writer: storage.aggregates, registry: new Registry(), options: {} });
  await time('derive', () => { for (const batch of converted) for (const p of procs) p.consume(batch); });
  for (const p of procs) await p.shutdown();
}
if (only === 'all' || only === 'store') {
  // Batches of up to the write batch size, as the pipeline takes them from a full queue.
  const batchSize = defaultConfig().queue.batchSize;
  const batches: Span[][] = []; let cur: Span[] = [];
  for (const b of converted) { for (const s of b) { cur.push(s); if (cur.length >= batchSize) { batches.push(cur); cur = []; } } }
  if (cur.length) batches.push(cur);
  console.log(`store batches: ${batches.length} of ${batchSize}`);
  await time('store', async () => { for (const b of batches) await storage.spans.writeSpans(b); });
}
await storage.close();
rmSync(dir, { recursive: true, force: true });

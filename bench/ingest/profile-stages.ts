/**
 * Where the collector's main thread spent its CPU, by ingest stage, from a `.cpuprofile` written
 * by `bench:ingest --cpu-prof DIR` (or any `node --cpu-prof` run of the collector):
 *
 *   node --import tsx bench/ingest/profile-stages.ts <file.cpuprofile> [spans accepted] [main-thread CPU µs/span]
 *
 * Each sample goes to the innermost frame that belongs to a stage (a collector module or a
 * library; Node's own helpers such as Buffer or streams count for whoever called them), so
 * protobufjs called from the receiver is "decode", Fastify's routing is "http", a Buffer slice
 * in the reader is "decode". With the spans accepted while profiling, it prints µs per span.
 * Only the JS main thread is profiled: DuckDB's and V8's helper threads are not in it.
 *
 * The profiler samples on the wall clock: on a shared machine the thread is often waiting for a
 * core, and those waits land in whatever ran next. Pass the main thread's CPU µs per span (the
 * bench prints it per thread) to scale the stages to CPU time; the shares are the same.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** First matching rule wins; tested against "url functionName". */
const STAGES: [stage: string, pattern: RegExp][] = [
  ['response encode', /\/receiver\/otlp-codec\.js (encodeResponse|encodeStatus)/],
  ['decode', /\/receiver\/(otlp-reader|otlp-codec|otlp-proto)\.js|node_modules\/(protobufjs|@protobufjs|long)\//],
  ['convert + validate', /\/receiver\/(convert-[a-z]+|otlp-values|severity|content-hash)\.js/],
  ['read body / gunzip', /\/receiver\/read-body\.js|node:zlib/],
  ['receiver handler', /\/receiver\/otlp-receiver\.js/],
  ['derive', /\/derive\/[a-z-]+\.js|\/model\/latency-histogram\.js/],
  ['pipeline', /\/pipeline\/[a-z-]+\.js/],
  ['self-metrics', /\/telemetry\/|node_modules\/prom-client\//],
  ['storage', /\/storage\/|@duckdb|discard-storage/],
  ['http (fastify + node)', /node_modules\/(fastify|@fastify|find-my-way|avvio|light-my-request|fast-json-stringify|fast-querystring|toad-cache|secure-json-parse|abstract-logging|pino|process-warning|rfdc|fast-decode-uri-component)\/|node:_http|node:net|node:internal\/(http|streams|stream_base_commons|net)|node:stream|node:events/],
  ['startup (module loading)', /node:internal\/modules|node_modules\/tsx\//],
];
const SPECIAL = new Map([['(garbage collector)', 'GC'], ['(program)', 'program (native, unattributed)'], ['(idle)', 'idle'], ['(root)', 'other']]);

const [file, spansArg, mainCpuArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: node --import tsx bench/ingest/profile-stages.ts <file.cpuprofile> [spans accepted] [main-thread CPU µs/span]');
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const parent = new Map<number, number>();
const byId = new Map<number, ProfileNode>();
for (const node of profile.nodes) {
  byId.set(node.id, node);
  for (const child of node.children ?? []) parent.set(child, node.id);
}

const stageOfNode = new Map<number, string>();
function stageOf(id: number): string {
  const known = stageOfNode.get(id);
  if (known !== undefined) return known;
  let stage = SPECIAL.get(byId.get(id)!.callFrame.functionName);
  for (let at: number | undefined = id; stage === undefined && at !== undefined; at = parent.get(at)) {
    const frame = byId.get(at)!.callFrame;
    const text = `${frame.url} ${frame.functionName}`;
    stage = STAGES.find(([, pattern]) => pattern.test(text))?.[0];
  }
  stage ??= 'other';
  stageOfNode.set(id, stage);
  return stage;
}

const micros = new Map<string, number>();
let total = 0;
for (let i = 0; i < profile.samples.length; i++) {
  const dt = profile.timeDeltas[i] ?? 0;
  const stage = stageOf(profile.samples[i]);
  micros.set(stage, (micros.get(stage) ?? 0) + dt);
  if (stage !== 'idle') total += dt;
}
const spans = spansArg === undefined ? undefined : Number(spansArg);
const mainCpu = mainCpuArg === undefined ? undefined : Number(mainCpuArg);
// Sampled µs per span → CPU µs per span (1 when no CPU figure was given).
const scale = spans && mainCpu ? (mainCpu * spans) / total : 1;
const unit = mainCpu ? 'CPU µs/span' : 'µs/span (wall)';
console.log(`main thread busy ${(total / 1e6).toFixed(2)} s${spans ? `, ${spans.toLocaleString('en')} spans: ${((total * scale) / spans).toFixed(1)} ${unit}` : ''}`);
for (const [stage, us] of [...micros].sort((a, b) => b[1] - a[1])) {
  const share = stage === 'idle' ? '' : `${((100 * us) / total).toFixed(1).padStart(5)}%`;
  const perSpan = spans && stage !== 'idle' ? `  ${((us * scale) / spans).toFixed(2).padStart(6)} ${unit}` : '';
  console.log(`  ${stage.padEnd(32)} ${(us / 1e6).toFixed(2).padStart(7)} s ${share.padStart(6)}${perSpan}`);
}

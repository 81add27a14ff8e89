#!/usr/bin/env node
/**
 * Elasticsearch's side of `bench:ingest --storage elasticsearch`: runs the ingest benchmark (built
 * collector, same flags) against a local Elasticsearch under an index prefix of its own, and
 * samples the node's CPU and per-index indexing, refresh and merge times at the start and end of
 * the sustained phase and once everything is written. Prints Elasticsearch CPU µs per span document
 * indexed (the backlog a queue hides is not free), and where its indexing time
 * went by signal, so a mapping or setting change can be judged by cost per span, not by a
 * throughput figure that swings with the neighbours. A benchmark, not a test.
 *
 *   node --import tsx bench/ingest/es-cost.ts [--es-url http://127.0.0.1:9200] [--keep-indices] -- <bench:ingest flags>
 *
 * The collector must be built (`npm run build -w @sightline/collector`). The prefix's indices and
 * templates are deleted afterwards unless --keep-indices. Writes bench-results/ingest-es-cost.json.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { round } from './stats.js';

const dashDash = process.argv.indexOf('--');
const ownArgs = dashDash === -1 ? process.argv.slice(2) : process.argv.slice(2, dashDash);
const benchArgs = dashDash === -1 ? [] : process.argv.slice(dashDash + 1);
const { values: flags } = parseArgs({
  args: ownArgs,
  options: {
    'es-url': { type: 'string', default: 'http://127.0.0.1:9200' },
    'keep-indices': { type: 'boolean', default: false },
  },
});
const esUrl = flags['es-url']!;
const prefix = process.env.SIGHTLINE_ES_INDEX_PREFIX ?? `bench-es-cost-${process.pid}`;
const log = (message: string) => console.log(`[es-cost] ${message}`);

interface Sample {
  atMs: number;
  cpuMs: number;
  gcMs: number;
  /** Per signal (the index name without prefix and day): indexing, refresh, merge and flush ms, docs indexed. */
  bySignal: Record<string, { indexMs: number; refreshMs: number; mergeMs: number; flushMs: number; docs: number }>;
}

async function getJson(path: string, init?: RequestInit): Promise<any> {
  const response = await fetch(`${esUrl}${path}`, init);
  if (!response.ok && init?.method !== 'DELETE') throw new Error(`${path}: HTTP ${response.status} ${await response.text()}`);
  return response.json();
}

async function sample(): Promise<Sample> {
  const [nodes, stats] = await Promise.all([
    getJson('/_nodes/_local/stats/process,jvm'),
    getJson(`/${prefix}-*/_stats/indexing,refresh,merge,flush?level=indices&expand_wildcards=all`).catch(() => ({ indices: {} })),
  ]);
  const node = Object.values(nodes.nodes as Record<string, any>)[0];
  const collectors = node.jvm.gc.collectors as Record<string, { collection_time_in_millis: number }>;
  const bySignal: Sample['bySignal'] = {};
  for (const [name, index] of Object.entries(stats.indices as Record<string, any>)) {
    const signal = name.slice(prefix.length + 1).replace(/-\d{4}\.\d{2}\.\d{2}$/, '');
    const p = index.primaries;
    const entry = (bySignal[signal] ??= { indexMs: 0, refreshMs: 0, mergeMs: 0, flushMs: 0, docs: 0 });
    entry.indexMs += p.indexing.index_time_in_millis;
    entry.refreshMs += p.refresh.total_time_in_millis;
    entry.mergeMs += p.merges.total_time_in_millis;
    entry.flushMs += p.flush.total_time_in_millis;
    entry.docs += p.indexing.index_total;
  }
  return {
    atMs: performance.now(),
    cpuMs: node.process.cpu.total_in_millis,
    gcMs: Object.values(collectors).reduce((sum, c) => sum + c.collection_time_in_millis, 0),
    bySignal,
  };
}

/** Per span document indexed between the samples (what Elasticsearch actually stored). */
function difference(start: Sample, end: Sample) {
  const spans = (end.bySignal.spans?.docs ?? 0) - (start.bySignal.spans?.docs ?? 0);
  const perSpan = (ms: number) => round((ms * 1000) / Math.max(1, spans), 1);
  const signals = [...new Set([...Object.keys(start.bySignal), ...Object.keys(end.bySignal)])].sort();
  const zero = { indexMs: 0, refreshMs: 0, mergeMs: 0, flushMs: 0, docs: 0 };
  return {
    seconds: round((end.atMs - start.atMs) / 1000, 1),
    spansIndexed: spans,
    spansIndexedPerSecond: Math.round(spans / ((end.atMs - start.atMs) / 1000)),
    esCpuCoresUsed: round((end.cpuMs - start.cpuMs) / (end.atMs - start.atMs), 2),
    esCpuMicrosPerSpan: perSpan(end.cpuMs - start.cpuMs),
    esGcMicrosPerSpan: perSpan(end.gcMs - start.gcMs),
    // Wall time summed over indexing threads (not CPU), per span indexed: where indexing went.
    microsPerSpanBySignal: Object.fromEntries(
      signals.map((signal) => {
        const a = start.bySignal[signal] ?? zero;
        const b = end.bySignal[signal] ?? zero;
        return [
          signal,
          {
            index: perSpan(b.indexMs - a.indexMs),
            refresh: perSpan(b.refreshMs - a.refreshMs),
            merge: perSpan(b.mergeMs - a.mergeMs),
            flush: perSpan(b.flushMs - a.flushMs),
            docsPerSpan: round((b.docs - a.docs) / Math.max(1, spans), 3),
          },
        ];
      }),
    ),
  };
}

async function cleanUp(): Promise<void> {
  if (flags['keep-indices']) return log(`indices kept under ${prefix}-*`);
  await getJson(`/${prefix}-*?expand_wildcards=all`, { method: 'DELETE' }).catch(() => undefined);
  await getJson(`/_index_template/${prefix}-*`, { method: 'DELETE' }).catch(() => undefined);
  log(`deleted ${prefix}-* indices and templates`);
}

async function main(): Promise<void> {
  await sample(); // fail early when Elasticsearch is not there
  log(`index prefix ${prefix}; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  const bench = fileURLToPath(new URL('./bench-ingest.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', bench, '--storage', 'elasticsearch', ...benchArgs], {
    env: { ...process.env, SIGHTLINE_ES_INDEX_PREFIX: prefix, SIGHTLINE_ES_URL: esUrl },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let phaseStart: Promise<Sample> | undefined;
  let phaseEnd: Promise<Sample> | undefined;
  let loadEnd: Promise<Sample> | undefined;
  let buffered = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    process.stdout.write(chunk);
    buffered += chunk.toString();
    let newline: number;
    while ((newline = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      if (phaseStart === undefined && line.includes('phase 1: sending')) phaseStart = sample();
      const done = /phase 1: ([\d,]+) spans\/s accepted/.exec(line);
      if (done && phaseEnd === undefined) phaseEnd = sample();
      if (loadEnd === undefined && /\[bench\] stored [\d,]+ spans/.test(line)) loadEnd = sample();
    }
  });
  const code = await new Promise<number>((resolve) => child.on('exit', (exitCode) => resolve(exitCode ?? 1)));
  try {
    if (phaseStart === undefined || phaseEnd === undefined) throw new Error(`bench:ingest exited (${code}) before phase 1 ended`);
    const outDir = fileURLToPath(new URL('../../bench-results/', import.meta.url));
    const results = JSON.parse(readFileSync(join(outDir, 'ingest-elasticsearch.json'), 'utf8'));
    const es = difference(await phaseStart, await phaseEnd);
    // Everything from the first span to all of it written (and the aggregates flushed): no backlog left uncounted.
    const whole = loadEnd === undefined ? undefined : difference(await phaseStart, await loadEnd);
    const collectorMicros = results.throughput.spansPerCollectorCpuSecond ? round(1e6 / results.throughput.spansPerCollectorCpuSecond, 1) : null;
    const out = { when: new Date().toISOString(), prefix, benchArgs, acceptedSpansPerSecond: results.throughput.acceptedSpansPerSecond, collectorCpuMicrosPerSpan: collectorMicros, loadAverage1m: results.machine.loadAverage1m, elasticsearch: { sustainedPhase: es, wholeLoad: whole } };
    mkdirSync(outDir, { recursive: true });
    writeFileSync(join(outDir, 'ingest-es-cost.json'), `${JSON.stringify(out, null, 2)}\n`);
    console.log(`\n=== Elasticsearch cost (per span document indexed) ===`);
    console.log(`accepted spans/s: ${out.acceptedSpansPerSecond}; collector CPU µs/accepted span: ${collectorMicros}`);
    for (const [name, d] of [['sustained phase', es], ['whole load', whole]] as const) {
      if (d === undefined) continue;
      console.log(`${name}: ${d.spansIndexed} spans indexed in ${d.seconds} s (${d.spansIndexedPerSecond}/s); ES CPU µs/span ${d.esCpuMicrosPerSpan} (GC ${d.esGcMicrosPerSpan}); ES cores used ${d.esCpuCoresUsed}`);
      for (const [signal, s] of Object.entries(d.microsPerSpanBySignal)) {
        console.log(`  ${signal.padEnd(14)} index ${s.index} µs/span, refresh ${s.refresh}, merge ${s.merge}, flush ${s.flush}; ${s.docsPerSpan} docs/span`);
      }
    }
  } finally {
    await cleanUp();
  }
  process.exitCode = code;
}

main().catch((error: unknown) => {
  console.error(`es-cost failed: ${(error as Error).stack ?? String(error)}`);
  process.exitCode = 1;
});

import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const COLLECTOR_BIN = fileURLToPath(new URL('../../collector/dist/bin/sightline-collector.js', import.meta.url));
/** The built collector with a storage that keeps nothing (`--storage discard`: the ceiling without a store). */
const DISCARD_COLLECTOR = fileURLToPath(new URL('./discard-collector.ts', import.meta.url));

export interface CollectorLaunch {
  /** `discard`: the bench-only entry with a discarding Storage instead of the `sightline-collector` bin. */
  entry?: 'bin' | 'discard';
  /** Extra Node options for the child, e.g. `--cpu-prof`. */
  nodeArgs?: string[];
}

export interface StartedCollector {
  otlpUrl: string;
  httpUrl: string;
  pid: number;
  stop(): Promise<void>;
}

/**
 * Starts the built collector (`collector/dist/bin/sightline-collector.js`, or the discard entry) as
 * a child process on ephemeral ports, with this process's environment, and waits for the URLs it
 * prints. Its own process, so its CPU and RSS are its own.
 */
export async function startCollector(args: string[], launch: CollectorLaunch = {}): Promise<StartedCollector> {
  const entry = launch.entry === 'discard' ? ['--import', 'tsx', DISCARD_COLLECTOR] : [COLLECTOR_BIN];
  const child = spawn(process.execPath, [...(launch.nodeArgs ?? []), ...entry, '--otlp-port', '0', '--http-port', '0', '--host', '127.0.0.1', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const urls = await new Promise<{ otlpUrl: string; httpUrl: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`collector did not start within 60 s:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const otlp = /OTLP\/HTTP receiver on (http:\/\/\S+)/.exec(output);
      const httpUrl = /query API and \/metrics on (http:\/\/\S+)/.exec(output);
      if (otlp && httpUrl) {
        clearTimeout(timer);
        resolve({ otlpUrl: otlp[1], httpUrl: httpUrl[1] });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      process.stderr.write(`[collector] ${chunk.toString()}`);
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`collector exited with code ${code}:\n${output}`));
    });
  });
  child.stdout!.removeAllListeners('data');
  child.stdout!.resume();
  return { ...urls, pid: child.pid!, stop: () => stopChild(child) };
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.removeAllListeners('exit');
    child.on('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Resident set size (bytes) and CPU seconds (user + system) of a local process, from /proc. */
export function processUsage(pid: number): { rssBytes: number; cpuSeconds: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime
    return { rssBytes: rssKb * 1024, cpuSeconds: ticks / 100 };
  } catch {
    return undefined;
  }
}

/**
 * CPU seconds of a local process per thread group, from /proc: `main` (the JS main thread, which
 * runs HTTP, decoding and derivation), and the other threads by name (`node` for worker_threads,
 * DuckDB's workers, libuv and V8 helpers). Tells which thread limits the throughput.
 */
export function threadCpu(pid: number): Record<string, number> {
  const out: Record<string, number> = {};
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      try {
        const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
        const name = Number(tid) === pid ? 'main' : stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')).trim() || 'other';
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        out[name] = (out[name] ?? 0) + (Number(fields[11]) + Number(fields[12])) / 100;
      } catch {
        // the thread ended meanwhile
      }
    }
  } catch {
    // the process ended
  }
  return out;
}

/** Sum of the samples of a Prometheus series whose labels include `labels`. */
export function sumSeries(metricsText: string, name: string, labels: Record<string, string> = {}): number {
  let total = 0;
  for (const line of metricsText.split('\n')) {
    if (!line.startsWith(name)) continue;
    const rest = line.slice(name.length);
    if (rest[0] !== '{' && rest[0] !== ' ') continue;
    if (!Object.entries(labels).every(([k, v]) => rest.includes(`${k}="${v}"`))) continue;
    total += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return total;
}

export async function scrape(httpUrl: string): Promise<string> {
  const response = await fetch(`${httpUrl}/metrics`);
  return response.text();
}

import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { DEMO_SERVICES, portOf } from './topology.js';
import type { DemoService } from './topology.js';

/**
 * Starting and stopping the demo shop's processes, shared by every launcher: `npm start`
 * (scripts/start.mjs), the examples' end-to-end test and the dashboards' Prometheus suite. Each
 * service is its own Node process started the way a user starts one:
 * `node --import @sightline/instrumentation/register services/<name>.js`.
 */

export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface DemoProcess {
  name: DemoService;
  child: ChildProcess;
  exited: Promise<ProcessExit>;
}

export interface DemoLaunchOptions {
  /** The built demo: examples/dist. */
  distDir: string;
  /** The whole environment of every process (OTLP endpoint, `<NAME>_PORT`, ...); OTEL_SERVICE_NAME is added per process. */
  env: NodeJS.ProcessEnv;
  /** Start the traffic generator once every service answers its health check. */
  traffic: boolean;
  /** Working directory of the processes (the register hook resolves from there). */
  cwd: string;
  /** Called right after each spawn, e.g. to route its output (stdout/stderr are pipes) or watch for an early exit. */
  onSpawn?(process: DemoProcess): void;
  /** Own process groups, so a terminal's Ctrl-C reaches only the launcher, which then stops them in order. */
  detached?: boolean;
  /** How long the services get to answer /healthz (six processes loading the OTel SDK at once on a small machine). */
  healthTimeoutMs?: number;
}

export interface LaunchedDemo {
  /** Stops the traffic first, then every service (SIGTERM: they flush their telemetry; SIGKILL after `graceMs`). */
  stop(graceMs?: number): Promise<void>;
}

/** The environment entries that put each named process on the given port. */
export function demoPortEnv(ports: Readonly<Record<string, number>>): Record<string, string> {
  return Object.fromEntries(Object.entries(ports).map(([name, port]) => [`${name.toUpperCase()}_PORT`, String(port)]));
}

export async function launchDemo(options: DemoLaunchOptions): Promise<LaunchedDemo> {
  const processes: DemoProcess[] = [];
  const start = (name: DemoService, args: string[]) => {
    const child = spawn(process.execPath, args, {
      cwd: options.cwd,
      env: { ...options.env, OTEL_SERVICE_NAME: name },
      stdio: ['ignore', options.onSpawn ? 'pipe' : 'ignore', options.onSpawn ? 'pipe' : 'ignore'],
      detached: options.detached ?? false,
    });
    const exited = new Promise<ProcessExit>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    const entry: DemoProcess = { name, child, exited };
    processes.push(entry);
    options.onSpawn?.(entry);
    return entry;
  };
  const demo: LaunchedDemo = {
    async stop(graceMs = 8000) {
      await stopProcesses(processes.filter((p) => p.name === 'traffic'), 3000);
      await stopProcesses(processes.filter((p) => p.name !== 'traffic'), graceMs);
    },
  };
  try {
    const started = DEMO_SERVICES.map((service) => {
      const script = join(options.distDir, service.script);
      return start(service.name, service.instrumented ? ['--import', '@sightline/instrumentation/register', script] : [script]);
    });
    const deadline = Date.now() + (options.healthTimeoutMs ?? 60_000);
    for (const entry of started) await waitUntilHealthy(entry, portOf(entry.name, options.env), deadline);
    if (options.traffic) start('traffic', [join(options.distDir, 'traffic.js')]);
  } catch (error) {
    await demo.stop(2000);
    throw error;
  }
  return demo;
}

async function waitUntilHealthy(entry: DemoProcess, port: number, deadline: number): Promise<void> {
  const url = `http://127.0.0.1:${port}/healthz`;
  let exit: ProcessExit | undefined;
  void entry.exited.then((result) => (exit = result));
  for (;;) {
    const ok = await fetch(url, { signal: AbortSignal.timeout(1000) }).then((response) => response.ok, () => false);
    if (ok) return;
    if (exit) throw new Error(`demo service ${entry.name} exited (${exit.signal ?? `code ${exit.code}`}) before answering ${url}`);
    if (Date.now() > deadline) throw new Error(`demo service ${entry.name} did not answer ${url} in time`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** SIGTERM to each process still running, SIGKILL to any still there after `graceMs`; resolves once all have exited. */
export async function stopProcesses(entries: readonly Pick<DemoProcess, 'child' | 'exited'>[], graceMs: number): Promise<void> {
  await Promise.all(
    entries.map(async ({ child, exited }) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    }),
  );
}

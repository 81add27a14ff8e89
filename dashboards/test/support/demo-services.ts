import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_SERVICES } from '../../../examples/src/lib/topology.js';
import { freePort } from './prometheus-server.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const DIST = join(ROOT, 'examples/dist');

export const demoBuilt = (): boolean => DEMO_SERVICES.every((s) => existsSync(join(DIST, s.script))) && existsSync(join(DIST, 'traffic.js'));

export interface RunningDemo {
  /** Prometheus job name (= service) → host:port of its /metrics, for the instrumented services. */
  scrapeTargets: Record<string, string[]>;
  stop(): Promise<void>;
}

/**
 * The built demo services (examples/dist) and their traffic generator on free 127.0.0.1 ports,
 * instrumented with `--import @sightline/instrumentation/register`, sending OTLP to `otlpUrl`.
 */
export async function startDemo(otlpUrl: string, rps = 5): Promise<RunningDemo> {
  const ports: Record<string, number> = {};
  for (const name of [...DEMO_SERVICES.map((s) => s.name), 'traffic']) ports[name] = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: otlpUrl, OTEL_METRIC_EXPORT_INTERVAL: '5000', TRAFFIC_RPS: String(rps), LOG_LEVEL: 'warn' };
  for (const [name, port] of Object.entries(ports)) {
    env[`${name.toUpperCase()}_PORT`] = String(port);
    env[`${name.toUpperCase()}_URL`] = `http://127.0.0.1:${port}`;
  }
  const children: ChildProcess[] = [];
  const stop = async () => {
    await Promise.all(
      children.reverse().map(async (child) => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }),
    );
  };
  const launch = (name: string, args: string[]) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...env, OTEL_SERVICE_NAME: name }, stdio: 'ignore' });
    children.push(child);
  };
  try {
    for (const service of DEMO_SERVICES) {
      const script = join(DIST, service.script);
      launch(service.name, service.instrumented ? ['--import', '@sightline/instrumentation/register', script] : [script]);
    }
    for (const service of DEMO_SERVICES) await waitFor(`http://127.0.0.1:${ports[service.name]}/healthz`, service.name);
    launch('traffic', [join(DIST, 'traffic.js')]);
  } catch (error) {
    await stop();
    throw error;
  }
  const scrapeTargets = Object.fromEntries(DEMO_SERVICES.filter((s) => s.instrumented).map((s) => [s.name, [`127.0.0.1:${ports[s.name]}`]]));
  return { scrapeTargets, stop };
}

async function waitFor(url: string, name: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url, { signal: AbortSignal.timeout(1000) })).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`demo service ${name} did not answer ${url} within 30 s`);
}

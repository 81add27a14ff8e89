import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { demoPortEnv, launchDemo } from '../../../examples/src/lib/demo-launcher.js';
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
  const demo = await launchDemo({
    distDir: DIST,
    cwd: ROOT,
    traffic: true,
    env: { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: otlpUrl, OTEL_METRIC_EXPORT_INTERVAL: '5000', TRAFFIC_RPS: String(rps), LOG_LEVEL: 'warn', ...demoPortEnv(ports) },
  });
  const scrapeTargets = Object.fromEntries(DEMO_SERVICES.filter((s) => s.instrumented).map((s) => [s.name, [`127.0.0.1:${ports[s.name]}`]]));
  return { scrapeTargets, stop: () => demo.stop(5000) };
}

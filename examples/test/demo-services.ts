import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../instrumentation/test/support/free-port.js';
import { startNode } from '../../instrumentation/test/support/node-process.js';
import type { NodeProcess } from '../../instrumentation/test/support/node-process.js';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
export const DEMO_SERVICES = ['queue', 'inventory', 'payments', 'orders', 'notifications', 'gateway'] as const;
const UNINSTRUMENTED = new Set(['queue']);

export interface RunningDemo {
  urls: Record<(typeof DEMO_SERVICES)[number], string>;
  processes: NodeProcess[];
  stop(): Promise<void>;
}

/**
 * Starts every demo service as its own process, the way a user runs them
 * (`node --import @sightline/instrumentation/register services/<name>.js`), on free ports.
 */
export async function startDemo(otlpUrl: string, extraEnv: NodeJS.ProcessEnv = {}): Promise<RunningDemo> {
  if (!existsSync(`${dist}services/gateway.js`)) throw new Error('examples are not built: run `npm run build -w @sightline/examples` first');
  const env: NodeJS.ProcessEnv = {
    OTEL_EXPORTER_OTLP_ENDPOINT: otlpUrl,
    OTEL_BSP_SCHEDULE_DELAY: '100',
    OTEL_BLRP_SCHEDULE_DELAY: '100',
    OTEL_METRIC_EXPORT_INTERVAL: '500',
    LOG_LEVEL: 'info',
    ...extraEnv,
  };
  const urls = {} as RunningDemo['urls'];
  for (const name of DEMO_SERVICES) {
    const port = await freePort();
    env[`${name.toUpperCase()}_PORT`] = String(port);
    urls[name] = `http://127.0.0.1:${port}`;
  }
  const processes = DEMO_SERVICES.map((name) =>
    startNode(
      UNINSTRUMENTED.has(name) ? [`${dist}services/${name}.js`] : ['--import', '@sightline/instrumentation/register', `${dist}services/${name}.js`],
      { ...env, OTEL_SERVICE_NAME: name },
    ),
  );
  const stop = async () => {
    await Promise.all(processes.map((p) => p.stop()));
  };
  try {
    // Generous: six Node processes loading the OTel SDK at once on a small shared machine.
    const deadline = Date.now() + 60_000;
    for (const name of DEMO_SERVICES) {
      for (;;) {
        const ok = await fetch(`${urls[name]}/healthz`).then((r) => r.ok, () => false);
        if (ok) break;
        if (Date.now() > deadline) {
          const p = processes[DEMO_SERVICES.indexOf(name)];
          throw new Error(`${name} did not become healthy:\n${p.stdout()}\n${p.stderr()}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { urls, processes, stop };
}

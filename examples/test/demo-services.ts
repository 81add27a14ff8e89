import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../instrumentation/test/support/free-port.js';
import { startNode } from '../../instrumentation/test/support/node-process.js';
import type { NodeProcess } from '../../instrumentation/test/support/node-process.js';
import { DEMO_SERVICES } from '../src/lib/topology.js';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));

export interface RunningDemo {
  urls: Record<(typeof DEMO_SERVICES)[number]['name'], string>;
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
  for (const { name } of DEMO_SERVICES) {
    const port = await freePort();
    env[`${name.toUpperCase()}_PORT`] = String(port);
    urls[name] = `http://127.0.0.1:${port}`;
  }
  const processes = DEMO_SERVICES.map(({ name, script, instrumented }) =>
    startNode(
      instrumented ? ['--import', '@sightline/instrumentation/register', `${dist}${script}`] : [`${dist}${script}`],
      { ...env, OTEL_SERVICE_NAME: name },
    ),
  );
  const stop = async () => {
    await Promise.all(processes.map((p) => p.stop()));
  };
  try {
    // Generous: six Node processes loading the OTel SDK at once on a small shared machine.
    const deadline = Date.now() + 60_000;
    for (const [index, { name }] of DEMO_SERVICES.entries()) {
      for (;;) {
        const ok = await fetch(`${urls[name]}/healthz`).then((r) => r.ok, () => false);
        if (ok) break;
        if (Date.now() > deadline) {
          const p = processes[index];
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

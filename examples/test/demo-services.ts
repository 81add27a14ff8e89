import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../instrumentation/test/support/free-port.js';
import { demoPortEnv, launchDemo } from '../src/lib/demo-launcher.js';
import { DEMO_SERVICES } from '../src/lib/topology.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dist = fileURLToPath(new URL('../dist/', import.meta.url));

type ServiceName = (typeof DEMO_SERVICES)[number]['name'];

export interface RunningDemo {
  urls: Record<ServiceName, string>;
  stop(): Promise<void>;
}

/** Every demo service (no traffic generator) on free ports, exporting quickly to `otlpUrl`. */
export async function startDemo(otlpUrl: string, extraEnv: NodeJS.ProcessEnv = {}): Promise<RunningDemo> {
  if (!existsSync(`${dist}services/gateway.js`)) throw new Error('examples are not built: run `npm run build -w @sightline/examples` first');
  const ports = {} as Record<ServiceName, number>;
  for (const { name } of DEMO_SERVICES) ports[name] = await freePort();
  // Each process's output, to explain a service that never became healthy.
  const output = new Map<string, string>();
  try {
    const demo = await launchDemo({
      distDir: dist,
      cwd: root,
      traffic: false,
      env: {
        ...process.env,
        OTEL_EXPORTER_OTLP_ENDPOINT: otlpUrl,
        OTEL_BSP_SCHEDULE_DELAY: '100',
        OTEL_BLRP_SCHEDULE_DELAY: '100',
        OTEL_METRIC_EXPORT_INTERVAL: '500',
        LOG_LEVEL: 'info',
        ...demoPortEnv(ports),
        ...extraEnv,
      },
      onSpawn({ name, child }) {
        const append = (chunk: Buffer) => output.set(name, (output.get(name) ?? '') + chunk.toString());
        child.stdout?.on('data', append);
        child.stderr?.on('data', append);
      },
    });
    const urls = Object.fromEntries(DEMO_SERVICES.map(({ name }) => [name, `http://127.0.0.1:${ports[name]}`])) as RunningDemo['urls'];
    return { urls, stop: () => demo.stop(5000) };
  } catch (error) {
    const printed = [...output].map(([name, text]) => `--- ${name}\n${text}`).join('\n');
    throw new Error(`${(error as Error).message}\n${printed}`);
  }
}

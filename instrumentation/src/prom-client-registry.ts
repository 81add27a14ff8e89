import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

/** The parts of a prom-client `Registry` the bridge and the /metrics handler use. */
export interface PromRegistryLike {
  getMetricsAsJSON(): Promise<PromMetricJson[]>;
  metrics(): Promise<string>;
  readonly contentType: string;
}

export interface PromMetricJson {
  name: string;
  help: string;
  type: 'counter' | 'gauge' | 'histogram' | 'summary' | string;
  values: Array<{ value: number; labels: Record<string, string | number>; metricName?: string }>;
}

let cached: PromRegistryLike | null | undefined;

/**
 * The default registry of the prom-client the APP uses. An app may carry its own copy of
 * prom-client, and each copy has its own default registry, so resolve the module from the app's
 * entry point first and fall back to ours. Returns null when prom-client cannot be loaded.
 */
export function appPromRegistry(): PromRegistryLike | null {
  if (cached !== undefined) return cached;
  const bases = [process.argv[1] ? resolve(process.argv[1]) : undefined, join(process.cwd(), 'noop.js'), import.meta.url];
  for (const base of bases) {
    if (!base) continue;
    try {
      const promClient = createRequire(base)('prom-client') as { register?: PromRegistryLike };
      if (promClient.register) return (cached = promClient.register);
    } catch {
      // Not resolvable from here; try the next base.
    }
  }
  return (cached = null);
}

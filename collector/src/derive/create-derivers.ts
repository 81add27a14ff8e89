import type { Registry } from 'prom-client';
import type { AggregateWriter } from '../storage/aggregate-store.js';
import { resolveDeriveSettings } from './derive-settings.js';
import type { SpanProcessor } from './processor.js';
import { ServiceGraphProcessor } from './service-graph-processor.js';
import { SpanMetricsProcessor } from './span-metrics-processor.js';

export interface DeriveOptions {
  /** How often partial per-minute aggregates are written out (ms). */
  flushIntervalMs?: number;
  /** How long a client span waits for its server span (and vice versa) before it is paired as unmatched (ms). */
  serviceGraphWaitMs?: number;
}

export interface DeriveDeps {
  writer: AggregateWriter;
  /** prom-client registry of `GET /metrics`: span metrics and service-graph series are exposed here. */
  registry: Registry;
  options?: DeriveOptions;
}

/**
 * The processors that derive aggregates from spans at ingest: span metrics and the service graph.
 * Defaults: flush every 5 s, pairing window 10 s.
 */
export function createDerivers(deps: DeriveDeps): SpanProcessor[] {
  const settings = resolveDeriveSettings({
    flushIntervalMs: deps.options?.flushIntervalMs,
    serviceGraphWaitMs: deps.options?.serviceGraphWaitMs,
  });
  return [
    new SpanMetricsProcessor(deps.writer, deps.registry, settings),
    new ServiceGraphProcessor(deps.writer, deps.registry, settings),
  ];
}

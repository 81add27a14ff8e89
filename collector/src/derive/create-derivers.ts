import type { Registry } from 'prom-client';
import type { AggregateWriter } from '../storage/aggregate-store.js';
import type { SpanProcessor } from './processor.js';

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
 *
 * PLACEHOLDER: the derive work replaces this body.
 */
export function createDerivers(deps: DeriveDeps): SpanProcessor[] {
  void deps;
  return [];
}

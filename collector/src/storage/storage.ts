import type { AggregateReader, AggregateWriter } from './aggregate-store.js';
import type { LogReader, LogWriter } from './log-store.js';
import type { MetricReader, MetricWriter } from './metric-store.js';
import type { SpanReader, SpanWriter } from './span-store.js';

/** Whether the backend can currently take writes and answer reads; shown on /readyz and /metrics. */
export interface StorageHealth {
  ready: boolean;
  /** Why not, when not ready (e.g. "elasticsearch unreachable: ECONNREFUSED"). */
  message?: string;
}

/**
 * One storage backend: every signal's reader and writer plus lifecycle.
 *
 * Backends: `embedded` (default, nothing to install) and `elasticsearch`. The conformance suite in
 * `collector/test/conformance/` runs the same fixtures against each.
 */
export interface Storage {
  readonly name: string;
  readonly spans: SpanReader & SpanWriter;
  readonly logs: LogReader & LogWriter;
  readonly metrics: MetricReader & MetricWriter;
  readonly aggregates: AggregateReader & AggregateWriter;

  /** Creates tables/indices/templates as needed. Called once before any other method. */
  init(): Promise<void>;

  /**
   * Deletes data older than `cutoffUnixNano` (retention). A backend MAY delete at a coarser grain
   * (whole daily indices), never *newer* data than asked.
   */
  deleteOlderThan(cutoffUnixNano: bigint): Promise<void>;

  /**
   * Makes everything written so far visible to readers (tests and benchmarks call it; a no-op
   * for a backend whose writes are immediately visible).
   */
  flush(): Promise<void>;

  health(): Promise<StorageHealth>;

  /** Releases resources. Safe to call twice. */
  close(): Promise<void>;
}

import type { Span } from '../model/span.js';

/**
 * Something that derives data from spans as they are ingested (span metrics, service graph).
 *
 * The pipeline calls `consume` with every accepted batch, synchronously and in arrival order;
 * it MUST NOT throw and MUST stay cheap (no I/O): processors keep in-memory state and write it out
 * on their own timer through the storage's AggregateWriter. `flush` writes out everything held
 * (graceful shutdown, tests); `shutdown` flushes and stops timers; both are safe to call twice.
 */
export interface SpanProcessor {
  readonly name: string;
  consume(spans: readonly Span[]): void;
  flush(): Promise<void>;
  shutdown(): Promise<void>;
}

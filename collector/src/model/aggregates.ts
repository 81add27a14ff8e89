import type { SparseHistogram } from './latency-histogram.js';
import type { SpanKind, StatusCode } from './span.js';

/**
 * Span metrics derived at ingest: one row per service × operation × kind × status per minute
 * *per flush*. The deriver flushes partial minutes (so fresh data shows within seconds); readers
 * add up every row of a minute. Row ids are deterministic, so rewriting a row after a retry
 * replaces it instead of counting it twice.
 */
export interface SpanMetricsRow {
  id: string;
  /** Start of the minute, Unix epoch milliseconds. */
  minuteUnixMs: number;
  serviceName: string;
  operation: string;
  spanKind: SpanKind;
  statusCode: StatusCode;
  calls: number;
  errors: number;
  durationSumNano: number;
  histogram: SparseHistogram;
}

/** What is on the server side of a service-graph edge. */
export type PeerKind = 'service' | 'database' | 'messaging' | 'external';

/**
 * Service-graph edges derived at ingest: client → server per minute per flush (same flush and
 * id rules as {@link SpanMetricsRow}). `server` is a service name when both sides are instrumented,
 * otherwise the uninstrumented peer's name (from `peer.service`, `db.system`/`db.name`,
 * `messaging.system`/destination, `server.address`) with `serverKind` saying what it is.
 * Durations are measured on the client side (what the caller waited).
 */
export interface ServiceGraphEdgeRow {
  id: string;
  minuteUnixMs: number;
  client: string;
  server: string;
  serverKind: PeerKind;
  calls: number;
  errors: number;
  durationSumNano: number;
  histogram: SparseHistogram;
}

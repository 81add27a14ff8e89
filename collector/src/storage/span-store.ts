import type { ResourceInfo } from '../model/attributes.js';
import type { Span } from '../model/span.js';
import type { AttributeFilter, TimeRange } from './time-range.js';

/**
 * Writes spans.
 *
 * Writes MUST be idempotent: a span is identified by (traceId, spanId) and writing it again
 * replaces (or leaves unchanged) the stored copy, never duplicates it — the pipeline retries whole
 * batches after a failure. A resolved promise means the spans are durable enough to be counted as
 * written (for a backend that refreshes, they MAY become visible to readers a little later).
 * A rejected promise means none or only some were written; the caller retries the batch.
 */
export interface SpanWriter {
  writeSpans(spans: readonly Span[]): Promise<void>;
}

export interface TraceQuery {
  range: TimeRange;
  /** Some span of the trace belongs to this service... */
  serviceName?: string;
  /** ...and (same span) has this name. */
  operation?: string;
  /** ...and (same span) has every one of these attributes (span or resource attributes). */
  attributes?: AttributeFilter[];
  /** ...and (same span) lasted at least / at most this long. */
  minSpanDurationNano?: number;
  maxSpanDurationNano?: number;
  /** The whole trace (first start to last end) lasted at least / at most this long. */
  minTraceDurationNano?: number;
  maxTraceDurationNano?: number;
  /** 'error': the trace has at least one error span. 'ok': it has none. */
  status?: 'error' | 'ok';
  /** Maximum number of traces returned; most recent first. */
  limit: number;
}

/** One trace found by a search, summarised. */
export interface TraceSummary {
  traceId: string;
  /** The root span's service and name; when the root has not arrived, the earliest span's. */
  rootServiceName: string;
  rootOperation: string;
  startTimeUnixNano: bigint;
  /** Earliest start to latest end across the trace's spans. */
  durationNano: number;
  spanCount: number;
  errorCount: number;
  /** Distinct service names, sorted. */
  services: string[];
}

/**
 * A trace already rendered by the backend as the native query API's span JSON (see
 * {@link SpanReader.getTraceApiJson}).
 */
export interface TraceApiJson {
  /** The trace's resources in order of first use (by the spans in API order); a span's `resourceIndex` points into it. */
  resources: ResourceInfo[];
  /**
   * UTF-8 JSON text of every span exactly as the query API's `spanToApi` renders it (with
   * `resourceIndex` into {@link resources}), comma-separated, in API order (start time, then span
   * id): the elements of the API's `spans` array, in pieces to be concatenated.
   */
  spanJson: Uint8Array[];
  /** Earliest start and latest end across the trace's spans. */
  startTimeUnixNano: bigint;
  endTimeUnixNano: bigint;
  /** Distinct service names of the spans, in no particular order. */
  serviceNames: string[];
}

/**
 * Reads spans.
 *
 * An empty array (never `undefined`, never an error) means "nothing matched".
 */
export interface SpanReader {
  /**
   * Every stored span of the trace, in no particular order. Needs no time range: a backend MUST
   * find the trace without scanning every stored span (an index on trace id, or a trace-id →
   * time lookup). `traceId` is 32 lower-case hex characters.
   */
  getTrace(traceId: string): Promise<Span[]>;

  /**
   * Optional fast path for the native API's trace-by-id: the trace already rendered as the API's
   * JSON, so a big trace is answered without building and serialising an object per span.
   * `undefined` when the trace is unknown. Same spans as {@link getTrace}; a backend without it
   * is answered through `getTrace`.
   */
  getTraceApiJson?(traceId: string): Promise<TraceApiJson | undefined>;

  /** Traces matching the query, most recent (by trace start) first, at most `limit`. */
  findTraces(query: TraceQuery): Promise<TraceSummary[]>;

  /** Distinct service names with spans in the range, sorted. */
  getServices(range: TimeRange): Promise<string[]>;

  /** Distinct (operation, span kind) pairs of a service in the range, sorted by operation. */
  getOperations(serviceName: string, range: TimeRange): Promise<{ name: string; spanKind: number }[]>;
}

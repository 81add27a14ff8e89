import type { PeerKind, ServiceGraphEdgeRow, SpanMetricsRow } from '../model/aggregates.js';
import type { SparseHistogram } from '../model/latency-histogram.js';
import type { TimeRange } from './time-range.js';

/**
 * Writes the aggregates derived at ingest. Idempotent by row `id`: writing a row with an id
 * already stored replaces it.
 */
export interface AggregateWriter {
  writeSpanMetrics(rows: readonly SpanMetricsRow[]): Promise<void>;
  writeServiceGraphEdges(rows: readonly ServiceGraphEdgeRow[]): Promise<void>;
}

/** Totals of a group of span-metric or edge rows, histograms merged. */
export interface AggregateTotals {
  calls: number;
  errors: number;
  durationSumNano: number;
  histogram: SparseHistogram;
}

export interface SpanMetricsQuery {
  /** Rows whose minute starts in the range. */
  range: TimeRange;
  serviceName?: string;
  operation?: string;
  /** Only spans of these kinds (e.g. SERVER and CONSUMER for a service's "incoming" RED). Default: all. */
  spanKinds?: number[];
  /** Dimensions to group by; an empty list gives one total. */
  groupBy: ('serviceName' | 'operation' | 'spanKind' | 'statusCode')[];
  /** When set, also split into time steps of this width (ms, a multiple of 60,000). */
  stepMs?: number;
}

export interface SpanMetricsGroup extends AggregateTotals {
  /** Values of the `groupBy` dimensions; absent keys were not grouped on. */
  serviceName?: string;
  operation?: string;
  spanKind?: number;
  statusCode?: number;
  /** Start of the step (Unix ms) when `stepMs` was given. */
  timeUnixMs?: number;
}

export interface ServiceGraphQuery {
  range: TimeRange;
  /** When set, also split into time steps of this width (ms, a multiple of 60,000). */
  stepMs?: number;
}

export interface ServiceGraphEdgeGroup extends AggregateTotals {
  client: string;
  server: string;
  serverKind: PeerKind;
  timeUnixMs?: number;
}

/**
 * Reads aggregates. These answer service lists, RED charts, latency histograms and the service
 * map: a backend MUST answer them from the aggregate rows alone (never by scanning spans).
 */
export interface AggregateReader {
  querySpanMetrics(query: SpanMetricsQuery): Promise<SpanMetricsGroup[]>;
  /** One group per (client, server, serverKind) — and per step when `stepMs` is set. */
  queryServiceGraph(query: ServiceGraphQuery): Promise<ServiceGraphEdgeGroup[]>;
}

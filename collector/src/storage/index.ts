export type { TimeRange, AttributeFilter } from './time-range.js';
export type { SpanReader, SpanWriter, TraceQuery, TraceSummary } from './span-store.js';
export type { LogReader, LogWriter, LogQuery, LogVolumeBucket } from './log-store.js';
export type {
  MetricReader,
  MetricWriter,
  MetricDescriptor,
  MetricSeriesQuery,
  MetricSeries,
  MetricSeriesPoint,
} from './metric-store.js';
export type {
  AggregateReader,
  AggregateWriter,
  AggregateTotals,
  SpanMetricsQuery,
  SpanMetricsGroup,
  ServiceGraphQuery,
  ServiceGraphEdgeGroup,
} from './aggregate-store.js';
export type { Storage, StorageHealth } from './storage.js';

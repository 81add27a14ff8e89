// Public entry point of @sightline/collector. Lists every export by name (no `export *`).
export { createCollector } from './app.js';
export type { Collector, CollectorOptions, CollectorUrls } from './app.js';
export { defaultConfig, mergeConfig } from './config/collector-config.js';
export type {
  CollectorConfig,
  CollectorConfigOverrides,
  ElasticsearchConfig,
  QueueConfig,
  ReceiverLimits,
  StorageKind,
} from './config/collector-config.js';
export { parseConfig } from './config/parse-config.js';
export * as metricNames from './telemetry/metric-names.js';
export type {
  AttributeValue,
  Attributes,
  InstrumentationScope,
  ResourceInfo,
  Span,
  SpanEvent,
  SpanLink,
  LogRecord,
  MetricPoint,
  MetricType,
  SpanMetricsRow,
  ServiceGraphEdgeRow,
  PeerKind,
  SparseHistogram,
} from './model/index.js';
export { SpanKind, StatusCode } from './model/index.js';
export type {
  Storage,
  StorageHealth,
  TimeRange,
  AttributeFilter,
  SpanReader,
  SpanWriter,
  TraceQuery,
  TraceSummary,
  LogReader,
  LogWriter,
  LogQuery,
  MetricReader,
  MetricWriter,
  AggregateReader,
  AggregateWriter,
} from './storage/index.js';

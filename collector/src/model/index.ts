export type { AttributeValue, Attributes, InstrumentationScope, ResourceInfo } from './attributes.js';
export { attributeValueToString } from './attributes.js';
export type { Span, SpanEvent, SpanLink } from './span.js';
export { SpanKind, StatusCode } from './span.js';
export type { LogRecord } from './log-record.js';
export type {
  MetricPoint,
  MetricType,
  AggregationTemporality,
  HistogramValue,
  ExponentialHistogramValue,
  SummaryValue,
} from './metric-point.js';
export type { SpanMetricsRow, ServiceGraphEdgeRow, PeerKind } from './aggregates.js';
export type { SparseHistogram } from './latency-histogram.js';
export {
  BASE,
  BUCKETS_PER_OCTAVE,
  MAX_BUCKET_INDEX,
  bucketIndexForNanos,
  bucketLowerBoundNanos,
  bucketUpperBoundNanos,
  bucketRepresentativeNanos,
  recordDuration,
  mergeHistogram,
  histogramCount,
  quantileNanos,
} from './latency-histogram.js';

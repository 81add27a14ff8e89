import type { Attributes, InstrumentationScope, ResourceInfo } from './attributes.js';

export type MetricType = 'gauge' | 'sum' | 'histogram' | 'exponential_histogram' | 'summary';
export type AggregationTemporality = 'unspecified' | 'delta' | 'cumulative';

export interface HistogramValue {
  count: number;
  sum?: number;
  min?: number;
  max?: number;
  /** Upper bounds; `bucketCounts` has one more entry (the +Inf bucket). */
  explicitBounds: number[];
  bucketCounts: number[];
}

export interface ExponentialHistogramValue {
  count: number;
  sum?: number;
  min?: number;
  max?: number;
  scale: number;
  zeroCount: number;
  positive: { offset: number; bucketCounts: number[] };
  negative: { offset: number; bucketCounts: number[] };
}

export interface SummaryValue {
  count: number;
  sum: number;
  quantiles: { quantile: number; value: number }[];
}

/** One data point of one metric, flattened with its metric's metadata. */
export interface MetricPoint {
  /** Deterministic id (hash of name, resource, attributes and time) so a retried write never duplicates. */
  pointId: string;
  name: string;
  description: string;
  unit: string;
  type: MetricType;
  temporality: AggregationTemporality;
  monotonic: boolean;
  timeUnixNano: bigint;
  startTimeUnixNano: bigint;
  resource: ResourceInfo;
  scope: InstrumentationScope;
  attributes: Attributes;
  /** Set for gauge and sum. */
  value?: number;
  histogram?: HistogramValue;
  exponentialHistogram?: ExponentialHistogramValue;
  summary?: SummaryValue;
}

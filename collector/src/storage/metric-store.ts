import type { MetricPoint, MetricType } from '../model/metric-point.js';
import type { AttributeFilter, TimeRange } from './time-range.js';

/** Writes metric points. Idempotent by `pointId` (see {@link SpanWriter} for the rules). */
export interface MetricWriter {
  writeMetricPoints(points: readonly MetricPoint[]): Promise<void>;
}

export interface MetricDescriptor {
  name: string;
  description: string;
  unit: string;
  type: MetricType;
  /** Distinct services that reported it in the range, sorted. */
  services: string[];
  /** Distinct point-attribute keys seen, sorted (what a user can filter and group by). */
  attributeKeys: string[];
}

export interface MetricSeriesQuery {
  name: string;
  range: TimeRange;
  /** Each filter must match a point attribute, or a resource attribute (`service.name` included). */
  filters?: AttributeFilter[];
  /** Attribute keys (point or resource, `service.name` included) to split series by. Empty: one series. */
  groupBy?: string[];
  /** Width of each output step in milliseconds. */
  stepMs: number;
}

export interface MetricSeriesPoint {
  /** Start of the step, Unix epoch milliseconds. */
  timeUnixMs: number;
  /**
   * gauge: mean of the points in the step;
   * sum, delta: total of the deltas in the step;
   * sum, cumulative: the latest value of each stream (distinct resource + attributes) in the step,
   * added across the streams of the group.
   */
  value?: number;
  /** Histograms: explicit bounds and counts, combined across streams by the same rules as sums. */
  histogram?: { explicitBounds: number[]; bucketCounts: number[]; count: number; sum: number };
}

export interface MetricSeries {
  /** The group's values of the `groupBy` keys ('' where a stream lacks the key). */
  group: Record<string, string>;
  points: MetricSeriesPoint[];
}

/** Reads metric points. Empty array means nothing matched. */
export interface MetricReader {
  /** Metrics that have points in the range, sorted by name. */
  listMetrics(range: TimeRange): Promise<MetricDescriptor[]>;
  /** One series per group, each with its non-empty steps in time order. */
  queryMetricSeries(query: MetricSeriesQuery): Promise<MetricSeries[]>;
}

/**
 * Response types of the native query API (`/api/v1`). The OpenAPI document served at
 * `/api/v1/openapi.json` describes the same shapes (see `api-schemas.ts`); a test validates every
 * route's responses against it, so the two cannot drift apart silently.
 *
 * Conventions: times are Unix epoch milliseconds (`...Ms`, numbers) and, where nanosecond precision
 * matters (spans, logs), also nanoseconds as decimal strings (`...UnixNano`). Durations and
 * latency percentiles are milliseconds. Attribute values are JSON data, never markup.
 */
import type { AttributeValue, Attributes } from '../model/attributes.js';

/** Every error response (HTTP 4xx/5xx). */
export interface ApiError {
  statusCode: number;
  /** One of the `SL_QUERY_*` codes (or `FST_*` for errors raised by the HTTP layer). */
  code: string;
  error: string;
  message: string;
}

/** The window a response covers, after defaults were applied. */
export interface ApiRange {
  startMs: number;
  endMs: number;
}

export interface ApiCallStats {
  calls: number;
  errors: number;
  /** errors / calls, 0 when there were no calls. */
  errorRate: number;
  /** Percentiles in milliseconds, null when there were no calls. */
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
}

export interface ApiSparklinePoint {
  timeMs: number;
  calls: number;
  errors: number;
  p95Ms: number | null;
}

export interface ApiService extends ApiCallStats {
  name: string;
  /** Calls per second over the range. */
  rate: number;
  /** `incoming`: numbers from SERVER/CONSUMER spans; `all`: the service has none, so all of its spans. */
  basis: 'incoming' | 'all';
  /** Present when `step` was given: one point per step, empty steps included. */
  sparkline?: ApiSparklinePoint[];
}

export interface ApiServicesResponse extends ApiRange {
  stepMs?: number;
  services: ApiService[];
}

export interface ApiOperation extends ApiCallStats {
  name: string;
  /** OTLP span kind number (0..5) and its name. */
  spanKind: number;
  spanKindName: string;
  rate: number;
}

export interface ApiOperationsResponse extends ApiRange {
  service: string;
  operations: ApiOperation[];
}

export interface ApiTraceSummary {
  traceId: string;
  rootServiceName: string;
  rootOperation: string;
  startTimeUnixNano: string;
  startTimeMs: number;
  durationMs: number;
  spanCount: number;
  errorCount: number;
  services: string[];
}

export interface ApiTraceSearchResponse extends ApiRange {
  limit: number;
  traces: ApiTraceSummary[];
}

export interface ApiSpanEvent {
  timeUnixNano: string;
  timeMs: number;
  name: string;
  attributes: Attributes;
}

export interface ApiSpanLink {
  traceId: string;
  spanId: string;
  traceState?: string;
  attributes: Attributes;
}

/** The process that emitted telemetry: its service name and resource attributes. */
export interface ApiResource {
  serviceName: string;
  attributes: Attributes;
}

export interface ApiSpan {
  traceId: string;
  spanId: string;
  /** Empty string for a root span. */
  parentSpanId: string;
  traceState?: string;
  name: string;
  kind: number;
  kindName: string;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  startTimeMs: number;
  durationMs: number;
  status: { code: number; codeName: 'UNSET' | 'OK' | 'ERROR'; message?: string };
  serviceName: string;
  /**
   * Index into the trace response's `resources`. A resource is sent once per trace, not once per
   * span: repeated on every span it was about a quarter of a big trace's bytes.
   */
  resourceIndex: number;
  scope: { name: string; version?: string };
  attributes: Attributes;
  events: ApiSpanEvent[];
  links: ApiSpanLink[];
  droppedAttributesCount?: number;
  droppedEventsCount?: number;
  droppedLinksCount?: number;
  isRoot: boolean;
  isError: boolean;
}

export interface ApiLogRecord {
  logId: string;
  timeUnixNano: string;
  timeMs: number;
  observedTimeUnixNano: string;
  severityNumber: number;
  severityText: string;
  body: AttributeValue;
  /** Empty strings when the record was written outside a span. */
  traceId: string;
  spanId: string;
  serviceName: string;
  resource: ApiResource;
  scope: { name: string; version?: string };
  attributes: Attributes;
}

export interface ApiTraceResponse {
  traceId: string;
  /** Each distinct resource of the trace's spans once, in order of first use; spans refer to theirs by `resourceIndex`. */
  resources: ApiResource[];
  /** Sorted by start time. */
  spans: ApiSpan[];
  /** Logs correlated to the trace, oldest first. */
  logs: ApiLogRecord[];
  startTimeMs: number;
  durationMs: number;
  services: string[];
}

export interface ApiServiceMapNode extends ApiCallStats {
  /** Service name, or the uninstrumented peer's name. */
  id: string;
  kind: 'service' | 'database' | 'messaging' | 'external';
  rate: number;
}

export interface ApiServiceMapEdge extends ApiCallStats {
  client: string;
  server: string;
  serverKind: 'service' | 'database' | 'messaging' | 'external';
  /** Calls per second over the range. */
  rate: number;
}

export interface ApiServiceMapResponse extends ApiRange {
  nodes: ApiServiceMapNode[];
  edges: ApiServiceMapEdge[];
}

export interface ApiLatencyBucket {
  lowerMs: number;
  upperMs: number;
  count: number;
}

export interface ApiLatencyHistogramResponse extends ApiRange {
  service: string;
  operation?: string;
  count: number;
  /** Non-empty buckets, ascending; bounds grow by 2^(1/16) (log scale). */
  buckets: ApiLatencyBucket[];
  p50Ms: number | null;
  p90Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
}

export interface ApiRedPoint {
  timeMs: number;
  calls: number;
  errors: number;
  /** Calls per second in the step. */
  rate: number;
  errorRate: number;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
}

export interface ApiRedResponse extends ApiRange {
  service?: string;
  operation?: string;
  stepMs: number;
  /** One point per step, empty steps included (calls 0, percentiles null). */
  points: ApiRedPoint[];
}

export interface ApiLogsResponse extends ApiRange {
  limit: number;
  /** Newest first. */
  logs: ApiLogRecord[];
}

export interface ApiLogVolumeResponse extends ApiRange {
  stepMs: number;
  /** Non-empty (step, severity) buckets in time order. */
  buckets: { timeMs: number; severityText: string; count: number }[];
}

export interface ApiMetricDescriptor {
  name: string;
  description: string;
  unit: string;
  type: 'gauge' | 'sum' | 'histogram' | 'exponential_histogram' | 'summary';
  services: string[];
  attributeKeys: string[];
}

export interface ApiMetricsResponse extends ApiRange {
  metrics: ApiMetricDescriptor[];
}

export interface ApiMetricSeriesPoint {
  timeMs: number;
  value?: number;
  histogram?: { explicitBounds: number[]; bucketCounts: number[]; count: number; sum: number };
  /** Histograms: percentiles interpolated within the buckets (as Prometheus' histogram_quantile). */
  percentiles?: { p50: number | null; p90: number | null; p95: number | null; p99: number | null };
}

export interface ApiMetricSeriesResponse extends ApiRange {
  name: string;
  /** null when the metric has no points in the range. */
  type: ApiMetricDescriptor['type'] | null;
  unit: string;
  stepMs: number;
  series: { group: Record<string, string>; points: ApiMetricSeriesPoint[] }[];
}

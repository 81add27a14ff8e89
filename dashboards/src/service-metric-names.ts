/**
 * Series the instrumented services expose to Prometheus on their own `GET /metrics`: the OTel
 * metrics @sightline/instrumentation records (HTTP server durations per the HTTP semantic
 * conventions, Node.js runtime metrics of @opentelemetry/instrumentation-runtime-node), named as
 * OpenTelemetry JS's Prometheus exporter (`PrometheusSerializer`) names them: the OTel name with
 * every character outside [a-zA-Z0-9_:] replaced by `_`, `_total` added to monotonic sums, no unit
 * suffix; attribute keys become labels the same way. Prometheus's `job` label names the service
 * (one scrape job per service).
 */
import { ATTR_HTTP_REQUEST_METHOD, ATTR_HTTP_RESPONSE_STATUS_CODE, ATTR_HTTP_ROUTE, METRIC_HTTP_SERVER_REQUEST_DURATION } from '@opentelemetry/semantic-conventions';
import {
  ATTR_V8JS_GC_TYPE,
  ATTR_V8JS_HEAP_SPACE_NAME,
  METRIC_NODEJS_EVENTLOOP_DELAY_MAX,
  METRIC_NODEJS_EVENTLOOP_DELAY_P50,
  METRIC_NODEJS_EVENTLOOP_DELAY_P99,
  METRIC_NODEJS_EVENTLOOP_UTILIZATION,
  METRIC_V8JS_GC_DURATION,
  METRIC_V8JS_MEMORY_HEAP_SPACE_PHYSICAL_SIZE,
  METRIC_V8JS_MEMORY_HEAP_USED,
} from '@opentelemetry/semantic-conventions/incubating';

/** OTel metric or attribute name → Prometheus name, as the OTel JS Prometheus exporter sanitizes it. */
export function prometheusName(otelName: string): string {
  return otelName.replace(/[^a-zA-Z0-9_:]/g, '_');
}

export const SERVICE_SERIES = {
  /** Gauges (seconds). */
  eventLoopDelayP50: prometheusName(METRIC_NODEJS_EVENTLOOP_DELAY_P50),
  eventLoopDelayP99: prometheusName(METRIC_NODEJS_EVENTLOOP_DELAY_P99),
  eventLoopDelayMax: prometheusName(METRIC_NODEJS_EVENTLOOP_DELAY_MAX),
  /** Gauge (0..1). */
  eventLoopUtilization: prometheusName(METRIC_NODEJS_EVENTLOOP_UTILIZATION),
  /** Gauges (bytes), label: heap space. */
  heapUsed: prometheusName(METRIC_V8JS_MEMORY_HEAP_USED),
  heapSpacePhysicalSize: prometheusName(METRIC_V8JS_MEMORY_HEAP_SPACE_PHYSICAL_SIZE),
  /** Histogram (seconds), label: GC type. */
  gcDuration: prometheusName(METRIC_V8JS_GC_DURATION),
  /** Histogram (seconds), labels: method, route, status. */
  httpServerDuration: prometheusName(METRIC_HTTP_SERVER_REQUEST_DURATION),
} as const;

export const SERVICE_LABELS = {
  gcType: prometheusName(ATTR_V8JS_GC_TYPE),
  heapSpace: prometheusName(ATTR_V8JS_HEAP_SPACE_NAME),
  method: prometheusName(ATTR_HTTP_REQUEST_METHOD),
  route: prometheusName(ATTR_HTTP_ROUTE),
  status: prometheusName(ATTR_HTTP_RESPONSE_STATUS_CODE),
} as const;

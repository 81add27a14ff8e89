/**
 * Every Prometheus series the collector exposes on `GET /metrics`, by name.
 *
 * Dashboards (`dashboards/`) and their tests import these constants: renaming a series here
 * breaks the dashboard checks instead of silently emptying a panel.
 */

// --- The collector's own health -------------------------------------------------------------

/** Counter, labels: signal (traces|logs|metrics). Items (spans, log records, metric points) that arrived. */
export const ITEMS_RECEIVED_TOTAL = 'sightline_receiver_items_received_total';
/** Counter, labels: signal. Items that passed validation and entered the pipeline. */
export const ITEMS_ACCEPTED_TOTAL = 'sightline_receiver_items_accepted_total';
/** Counter, labels: signal, reason. Items rejected by validation or back-pressure. */
export const ITEMS_REJECTED_TOTAL = 'sightline_receiver_items_rejected_total';
/** Counter, labels: signal, what (attribute_value|attributes|events|links). Truncations and drops made to fit limits. */
export const ITEMS_TRUNCATED_TOTAL = 'sightline_receiver_truncations_total';
/** Counter, labels: signal, status_code. OTLP export requests answered. */
export const REQUESTS_TOTAL = 'sightline_receiver_requests_total';
/** Gauge, labels: signal. Items waiting in the pipeline queue. */
export const QUEUE_ITEMS = 'sightline_pipeline_queue_items';
/** Gauge, labels: signal. Approximate bytes waiting in the pipeline queue. */
export const QUEUE_BYTES = 'sightline_pipeline_queue_bytes';
/** Gauge. Capacity of the queue in items (per signal), for "how full" panels. */
export const QUEUE_CAPACITY_ITEMS = 'sightline_pipeline_queue_capacity_items';
/** Histogram (seconds), labels: signal. Time one batch write to storage took. */
export const STORAGE_WRITE_DURATION_SECONDS = 'sightline_storage_write_duration_seconds';
/** Counter, labels: signal. Items written to storage. */
export const STORAGE_WRITTEN_ITEMS_TOTAL = 'sightline_storage_written_items_total';
/** Counter, labels: signal. Failed batch writes (each retried). */
export const STORAGE_WRITE_ERRORS_TOTAL = 'sightline_storage_write_errors_total';
/** Counter, labels: signal. Items that could not be stored after every retry (or were refused by the store). */
export const STORAGE_DROPPED_ITEMS_TOTAL = 'sightline_storage_dropped_items_total';
/** Gauge, labels: backend. 1 when the storage backend is healthy, 0 when not. */
export const STORAGE_UP = 'sightline_storage_up';

// --- Span metrics (RED per service × operation × kind × status), derived at ingest -----------

/** Counter, labels: service, operation, span_kind, status_code. */
export const SPAN_CALLS_TOTAL = 'sightline_spanmetrics_calls_total';
/** Histogram (seconds), labels: service, operation, span_kind, status_code. */
export const SPAN_DURATION_SECONDS = 'sightline_spanmetrics_duration_seconds';

// --- Service graph, derived at ingest ------------------------------------------------------

/** Counter, labels: client, server, server_kind. */
export const SERVICE_GRAPH_REQUEST_TOTAL = 'sightline_service_graph_request_total';
/** Counter, labels: client, server, server_kind. */
export const SERVICE_GRAPH_REQUEST_FAILED_TOTAL = 'sightline_service_graph_request_failed_total';
/** Histogram (seconds), labels: client, server, server_kind. Measured on the client side. */
export const SERVICE_GRAPH_REQUEST_DURATION_SECONDS = 'sightline_service_graph_request_duration_seconds';
/** Counter. Client spans whose server span never arrived within the pairing window (and had no peer attributes). */
export const SERVICE_GRAPH_UNPAIRED_TOTAL = 'sightline_service_graph_unpaired_spans_total';

/** Counter, labels: side (client|server). Spans pushed out of the pairing store before their wait was over, because it was full. */
export const SERVICE_GRAPH_EVICTED_SPANS_TOTAL = 'sightline_service_graph_evicted_spans_total';

// --- Losses of the derivers (a non-zero rate means the derived aggregates undercount) ----------

/** Counter. Spans left out of span metrics (stored rows and `SPAN_CALLS_TOTAL`): too many distinct service/operation/kind/status sets. */
export const SPAN_METRICS_DROPPED_SPANS_TOTAL = 'sightline_spanmetrics_dropped_spans_total';
/** Counter, labels: processor (span-metrics|service-graph). Calls in per-minute rows dropped because too many rows waited for a write retry. */
export const DERIVE_DROPPED_CALLS_TOTAL = 'sightline_derive_dropped_calls_total';

/** Bucket bounds (seconds) for the Prometheus histograms above: coarse, cheap to scrape. */
export const PROMETHEUS_DURATION_BUCKETS_SECONDS = [
  0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
] as const;

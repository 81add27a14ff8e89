/**
 * Series the instrumented demo services expose on their own `GET /metrics` (the prom-client
 * registry served by @sightline/instrumentation's metrics handler), as Prometheus scrapes them.
 *
 * The runtime series are prom-client's default metrics (names as prom-client 15 defines them).
 * Prometheus's `job` label names the service: the scrape configuration has one job per service.
 */
export const NODEJS_EVENTLOOP_LAG_P50_SECONDS = 'nodejs_eventloop_lag_p50_seconds';
export const NODEJS_EVENTLOOP_LAG_P99_SECONDS = 'nodejs_eventloop_lag_p99_seconds';
export const NODEJS_EVENTLOOP_LAG_MAX_SECONDS = 'nodejs_eventloop_lag_max_seconds';
export const NODEJS_HEAP_SIZE_USED_BYTES = 'nodejs_heap_size_used_bytes';
export const NODEJS_HEAP_SIZE_TOTAL_BYTES = 'nodejs_heap_size_total_bytes';
export const NODEJS_EXTERNAL_MEMORY_BYTES = 'nodejs_external_memory_bytes';
/** Histogram (seconds), label: kind (major|minor|incremental|weakcb). */
export const NODEJS_GC_DURATION_SECONDS = 'nodejs_gc_duration_seconds';
export const PROCESS_CPU_SECONDS_TOTAL = 'process_cpu_seconds_total';
export const PROCESS_RESIDENT_MEMORY_BYTES = 'process_resident_memory_bytes';

/**
 * HTTP server RED. Histogram (seconds) named after OTel's `http.server.request.duration` as the
 * OTel Prometheus conventions spell it, labels: http_request_method, http_route,
 * http_response_status_code.
 */
export const HTTP_SERVER_REQUEST_DURATION_SECONDS = 'http_server_request_duration_seconds';
export const HTTP_LABELS = { method: 'http_request_method', route: 'http_route', status: 'http_response_status_code' } as const;

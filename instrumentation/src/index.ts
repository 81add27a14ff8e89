export { runningInstrumentation, shutdown, start } from './start.js';
export type { SightlineHandle } from './start.js';
export type { SightlineOptions, ResolvedConfig, OtlpProtocol, SamplerName, BatchOptions, SignalExportOptions } from './options.js';
export type { SignalStats } from './export-budget.js';
export { metricsHandler, sightlineMetrics } from './metrics-handler.js';
export type { MetricsPluginOptions } from './metrics-handler.js';
export { resolveConfig } from './resolve-config.js';
export { PromClientMetricProducer } from './prom-client-producer.js';

// Public entry point of @sightline/collector. Lists every export by name.
export * as metricNames from './telemetry/metric-names.js';
export type * from './model/index.js';
export type * from './storage/index.js';

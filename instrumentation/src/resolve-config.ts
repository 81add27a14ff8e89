import { KNOWN_PROTOCOLS, KNOWN_SAMPLERS, readEnvConfig } from './env-config.js';
import type { EnvBatch, EnvConfig, SignalName } from './env-config.js';
import type {
  BatchOptions,
  OtlpProtocol,
  ResolvedConfig,
  ResolvedSignal,
  SamplerName,
  SightlineOptions,
  SignalExportOptions,
} from './options.js';
import { serviceNameFromPackageJson } from './service-name.js';

export const DEFAULT_ENDPOINT = 'http://localhost:4318';
const DEFAULT_TIMEOUT_MILLIS = 10_000;
const DEFAULT_METRIC_INTERVAL_MILLIS = 15_000;
// Short enough that a trace shows up in the UI within seconds, long enough to batch under load.
const DEFAULT_BATCH: Required<BatchOptions> = {
  maxQueueSize: 2048,
  maxExportBatchSize: 512,
  scheduledDelayMillis: 1000,
  exportTimeoutMillis: 10_000,
};
/** Chatty, low-value spans for a service map: off unless asked for by name. */
export const NOISY_INSTRUMENTATIONS = [
  '@opentelemetry/instrumentation-fs',
  '@opentelemetry/instrumentation-dns',
  '@opentelemetry/instrumentation-net',
] as const;

export type ConfigResolution =
  | { kind: 'disabled' }
  | { kind: 'invalid'; problems: string[] }
  | { kind: 'ok'; config: ResolvedConfig };

/** Options first, environment second, defaults last; all problems collected, nothing thrown. */
export function resolveConfig(options: SightlineOptions = {}, env: EnvConfig = readEnvConfig()): ConfigResolution {
  if (options.disabled ?? env.sdkDisabled) return { kind: 'disabled' };
  const problems: string[] = [];

  const resourceAttributes: Record<string, string> = { ...env.resourceAttributes, ...options.resourceAttributes };
  const serviceName =
    options.serviceName ?? env.serviceName ?? env.resourceAttributes['service.name'] ?? serviceNameFromPackageJson() ?? 'unknown_service:node';
  if (options.serviceVersion) resourceAttributes['service.version'] = options.serviceVersion;
  delete resourceAttributes['service.name'];

  const baseEndpoint = options.endpoint ?? env.endpoint ?? DEFAULT_ENDPOINT;
  const baseProtocol = options.protocol ?? env.protocol ?? 'http/protobuf';
  const baseHeaders = { ...env.headers, ...options.headers };

  const signal = (name: SignalName, own: SignalExportOptions | undefined): ResolvedSignal => {
    const envSignal = env.signals[name];
    const url = own?.url ?? envSignal.endpoint ?? joinSignalPath(baseEndpoint, name);
    if (!isHttpUrl(url)) problems.push(`${name} endpoint "${url}" is not an http(s) URL`);
    const protocol = own?.protocol ?? options.protocol ?? envSignal.protocol ?? baseProtocol;
    if (!KNOWN_PROTOCOLS.includes(protocol as OtlpProtocol)) {
      problems.push(`${name} protocol "${protocol}" is not supported (use http/protobuf or http/json)`);
    }
    const timeoutMillis = own?.timeoutMillis ?? envSignal.timeoutMillis ?? env.timeoutMillis ?? DEFAULT_TIMEOUT_MILLIS;
    if (!(timeoutMillis > 0)) problems.push(`${name} export timeout must be a positive number of milliseconds`);
    return {
      enabled: own?.enabled ?? !envSignal.exporterNone,
      url,
      protocol: protocol as OtlpProtocol,
      headers: { ...baseHeaders, ...envSignal.headers, ...own?.headers },
      timeoutMillis,
    };
  };
  const batch = (own: BatchOptions | undefined, fromEnv: EnvBatch, label: string): Required<BatchOptions> => {
    const merged: Required<BatchOptions> = {
      maxQueueSize: own?.maxQueueSize ?? fromEnv.maxQueueSize ?? DEFAULT_BATCH.maxQueueSize,
      maxExportBatchSize: own?.maxExportBatchSize ?? fromEnv.maxExportBatchSize ?? DEFAULT_BATCH.maxExportBatchSize,
      scheduledDelayMillis: own?.scheduledDelayMillis ?? fromEnv.scheduledDelayMillis ?? DEFAULT_BATCH.scheduledDelayMillis,
      exportTimeoutMillis: own?.exportTimeoutMillis ?? fromEnv.exportTimeoutMillis ?? DEFAULT_BATCH.exportTimeoutMillis,
    };
    for (const [key, value] of Object.entries(merged)) {
      if (!Number.isFinite(value) || value < 0 || (key !== 'scheduledDelayMillis' && value === 0)) {
        problems.push(`${label}.${key} must be a positive number (got ${String(value)})`);
      }
    }
    merged.maxExportBatchSize = Math.min(merged.maxExportBatchSize, merged.maxQueueSize);
    return merged;
  };

  // The spec's default: no compression. Compressing costs the host CPU on every export, which matters
  // more than bytes when the collector is near (same host or cluster); set gzip for a remote one.
  const compression = options.compression ?? (env.compression as 'gzip' | 'none' | undefined) ?? 'none';
  if (compression !== 'gzip' && compression !== 'none') problems.push(`compression "${String(compression)}" must be gzip or none`);

  const sampler = (options.sampler ?? env.sampler ?? 'parentbased_always_on') as SamplerName;
  if (!KNOWN_SAMPLERS.includes(sampler)) problems.push(`sampler "${sampler}" is not one of ${KNOWN_SAMPLERS.join(', ')}`);
  const samplerArg = options.samplerArg ?? (env.samplerArg === undefined ? 1 : Number(env.samplerArg));
  if (!(samplerArg >= 0 && samplerArg <= 1)) problems.push(`sampler argument must be between 0 and 1 (got ${String(samplerArg)})`);

  const exportIntervalMillis = options.metrics?.exportIntervalMillis ?? env.metricExportIntervalMillis ?? DEFAULT_METRIC_INTERVAL_MILLIS;
  if (!(exportIntervalMillis > 0)) problems.push('metric export interval must be a positive number of milliseconds');

  const propagators = env.propagators ?? ['tracecontext', 'baggage'];
  const unknownPropagators = propagators.filter((p) => !['tracecontext', 'baggage', 'none'].includes(p));
  if (unknownPropagators.length > 0) problems.push(`propagators ${unknownPropagators.join(', ')} are not supported (use tracecontext, baggage)`);

  const config: ResolvedConfig = {
    serviceName,
    resourceAttributes,
    compression,
    traces: { ...signal('traces', options.traces), ...batch(options.traces, env.bsp, 'traces') },
    metrics: { ...signal('metrics', options.metrics), exportIntervalMillis },
    logs: {
      ...signal('logs', options.logs),
      ...batch(options.logs, env.blrp, 'logs'),
      console: options.logs?.console ?? env.consoleLogs ?? false,
    },
    sampler,
    samplerArg,
    promClient: options.promClient ?? env.promClient ?? true,
    propagators: propagators.filter((p) => p !== 'none'),
    instrumentations: instrumentationConfig(options, env),
    flushOnSignals: options.flushOnSignals ?? true,
  };
  return problems.length > 0 ? { kind: 'invalid', problems } : { kind: 'ok', config };
}

function instrumentationConfig(options: SightlineOptions, env: EnvConfig): ResolvedConfig['instrumentations'] {
  const result: ResolvedConfig['instrumentations'] = {};
  const enabledByEnv = new Set((env.enabledInstrumentations ?? []).map((n) => `@opentelemetry/instrumentation-${n}`));
  for (const name of NOISY_INSTRUMENTATIONS) {
    if (!enabledByEnv.has(name)) result[name] = { enabled: false };
  }
  return { ...result, ...options.instrumentations };
}

function joinSignalPath(base: string, signal: SignalName): string {
  return `${base.replace(/\/+$/, '')}/v1/${signal}`;
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

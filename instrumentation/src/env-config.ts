import type { OtlpProtocol, SamplerName } from './options.js';

/**
 * The `OTEL_*` environment variables Sightline understands, read once and kept as raw strings where
 * the spec allows several forms; validation happens in resolve-config.ts so every problem is
 * reported in one warning.
 */
export interface EnvConfig {
  sdkDisabled: boolean;
  serviceName?: string;
  resourceAttributes: Record<string, string>;
  endpoint?: string;
  protocol?: string;
  headers: Record<string, string>;
  timeoutMillis?: number;
  compression?: string;
  signals: Record<SignalName, EnvSignal>;
  sampler?: string;
  samplerArg?: string;
  propagators?: string[];
  bsp: EnvBatch;
  blrp: EnvBatch;
  metricExportIntervalMillis?: number;
  consoleLogs?: boolean;
  promClient?: boolean;
  enabledInstrumentations?: string[];
  disabledInstrumentations?: string[];
}

export type SignalName = 'traces' | 'metrics' | 'logs';

export interface EnvSignal {
  endpoint?: string;
  protocol?: string;
  headers: Record<string, string>;
  timeoutMillis?: number;
  /** `OTEL_<SIGNAL>_EXPORTER=none` turns a signal off. */
  exporterNone: boolean;
}

export interface EnvBatch {
  maxQueueSize?: number;
  maxExportBatchSize?: number;
  scheduledDelayMillis?: number;
  exportTimeoutMillis?: number;
}

export const KNOWN_PROTOCOLS: readonly OtlpProtocol[] = ['http/protobuf', 'http/json'];
export const KNOWN_SAMPLERS: readonly SamplerName[] = [
  'always_on',
  'always_off',
  'traceidratio',
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
];

export function readEnvConfig(env: NodeJS.ProcessEnv = process.env): EnvConfig {
  const str = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value ? value : undefined;
  };
  const num = (name: string): number | undefined => {
    const value = str(name);
    if (value === undefined) return undefined;
    const parsed = Number(value);
    return Number.isFinite(parsed) && parsed >= 0 ? parsed : Number.NaN;
  };
  const bool = (name: string): boolean | undefined => {
    const value = str(name)?.toLowerCase();
    if (value === undefined) return undefined;
    return value === 'true' || value === '1';
  };
  const list = (name: string): string[] | undefined =>
    str(name)
      ?.split(',')
      .map((item) => item.trim())
      .filter(Boolean);

  const signal = (name: SignalName): EnvSignal => {
    const upper = name.toUpperCase();
    return {
      endpoint: str(`OTEL_EXPORTER_OTLP_${upper}_ENDPOINT`),
      protocol: str(`OTEL_EXPORTER_OTLP_${upper}_PROTOCOL`),
      headers: parseKeyValueList(str(`OTEL_EXPORTER_OTLP_${upper}_HEADERS`)),
      timeoutMillis: num(`OTEL_EXPORTER_OTLP_${upper}_TIMEOUT`),
      exporterNone: str(`OTEL_${upper}_EXPORTER`)?.toLowerCase() === 'none',
    };
  };
  const batch = (prefix: string): EnvBatch => ({
    maxQueueSize: num(`${prefix}_MAX_QUEUE_SIZE`),
    maxExportBatchSize: num(`${prefix}_MAX_EXPORT_BATCH_SIZE`),
    scheduledDelayMillis: num(`${prefix}_SCHEDULE_DELAY`),
    exportTimeoutMillis: num(`${prefix}_EXPORT_TIMEOUT`),
  });

  return {
    sdkDisabled: bool('OTEL_SDK_DISABLED') ?? false,
    serviceName: str('OTEL_SERVICE_NAME'),
    resourceAttributes: parseKeyValueList(str('OTEL_RESOURCE_ATTRIBUTES')),
    endpoint: str('OTEL_EXPORTER_OTLP_ENDPOINT'),
    protocol: str('OTEL_EXPORTER_OTLP_PROTOCOL'),
    headers: parseKeyValueList(str('OTEL_EXPORTER_OTLP_HEADERS')),
    timeoutMillis: num('OTEL_EXPORTER_OTLP_TIMEOUT'),
    compression: str('OTEL_EXPORTER_OTLP_COMPRESSION'),
    signals: { traces: signal('traces'), metrics: signal('metrics'), logs: signal('logs') },
    sampler: str('OTEL_TRACES_SAMPLER'),
    samplerArg: str('OTEL_TRACES_SAMPLER_ARG'),
    propagators: list('OTEL_PROPAGATORS'),
    bsp: batch('OTEL_BSP'),
    blrp: batch('OTEL_BLRP'),
    metricExportIntervalMillis: num('OTEL_METRIC_EXPORT_INTERVAL'),
    consoleLogs: bool('SIGHTLINE_CONSOLE_LOGS'),
    promClient: bool('SIGHTLINE_PROM_CLIENT'),
    enabledInstrumentations: list('OTEL_NODE_ENABLED_INSTRUMENTATIONS'),
    disabledInstrumentations: list('OTEL_NODE_DISABLED_INSTRUMENTATIONS'),
  };
}

/** `key1=value1,key2=value2` with percent-encoded values, as the spec defines for headers and resources. */
export function parseKeyValueList(raw: string | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  if (!raw) return result;
  for (const pair of raw.split(',')) {
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    const key = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    try {
      result[key] = decodeURIComponent(value);
    } catch {
      result[key] = value;
    }
  }
  return result;
}

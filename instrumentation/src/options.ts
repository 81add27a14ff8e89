/**
 * Options accepted by {@link start}. Every field is optional: options given in code win over the
 * `OTEL_*` environment variables, which win over the defaults below.
 */
export type OtlpProtocol = 'http/protobuf' | 'http/json';

export type SamplerName =
  | 'always_on'
  | 'always_off'
  | 'traceidratio'
  | 'parentbased_always_on'
  | 'parentbased_always_off'
  | 'parentbased_traceidratio';

export interface SignalExportOptions {
  /** Full URL of the signal's OTLP endpoint, e.g. `http://localhost:4318/v1/traces`. */
  url?: string;
  protocol?: OtlpProtocol;
  headers?: Record<string, string>;
  timeoutMillis?: number;
  /** `false` turns the signal off entirely. */
  enabled?: boolean;
}

export interface BatchOptions {
  /** Items waiting to be exported; when full, new items are dropped (counted, warned once). */
  maxQueueSize?: number;
  maxExportBatchSize?: number;
  scheduledDelayMillis?: number;
  exportTimeoutMillis?: number;
}

export interface SightlineOptions {
  /** Turns everything off (same as `OTEL_SDK_DISABLED=true`). */
  disabled?: boolean;
  serviceName?: string;
  serviceVersion?: string;
  /** Extra resource attributes (merged over `OTEL_RESOURCE_ATTRIBUTES`). */
  resourceAttributes?: Record<string, string>;
  /** Base URL of the collector's OTLP/HTTP receiver; `/v1/<signal>` is appended. */
  endpoint?: string;
  protocol?: OtlpProtocol;
  headers?: Record<string, string>;
  compression?: 'gzip' | 'none';
  traces?: SignalExportOptions & BatchOptions;
  metrics?: SignalExportOptions & { exportIntervalMillis?: number };
  logs?: SignalExportOptions & BatchOptions & {
    /** Also export `console.*` calls as log records (off by default). */
    console?: boolean;
  };
  sampler?: SamplerName;
  /** Ratio for the `*traceidratio` samplers, 0..1. */
  samplerArg?: number;
  /** Bridge the default prom-client registry into the OTLP metrics (on by default). */
  promClient?: boolean;
  /**
   * Per-instrumentation config for `@opentelemetry/auto-instrumentations-node`, keyed by package name,
   * e.g. `{ '@opentelemetry/instrumentation-fs': { enabled: true } }`.
   */
  instrumentations?: Record<string, { enabled?: boolean } & Record<string, unknown>>;
  /** Flush on SIGTERM/SIGINT (on by default). */
  flushOnSignals?: boolean;
}

/** Fully resolved configuration: every decision made, nothing left to read from the environment. */
export interface ResolvedConfig {
  serviceName: string;
  resourceAttributes: Record<string, string>;
  compression: 'gzip' | 'none';
  traces: ResolvedSignal & Required<BatchOptions>;
  metrics: ResolvedSignal & { exportIntervalMillis: number };
  logs: ResolvedSignal & Required<BatchOptions> & { console: boolean };
  sampler: SamplerName;
  samplerArg: number;
  promClient: boolean;
  propagators: string[];
  instrumentations: Record<string, { enabled?: boolean } & Record<string, unknown>>;
  flushOnSignals: boolean;
}

export interface ResolvedSignal {
  enabled: boolean;
  url: string;
  protocol: OtlpProtocol;
  headers: Record<string, string>;
  timeoutMillis: number;
}

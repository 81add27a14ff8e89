/** The three OTLP signals; used as the `signal` label of every self-metric. */
export type Signal = 'traces' | 'logs' | 'metrics';
export const SIGNALS: readonly Signal[] = ['traces', 'logs', 'metrics'];

/** The wire encodings OTLP/HTTP allows. */
export type OtlpEncoding = 'protobuf' | 'json';

import type { DeriveOptions } from '../derive/create-derivers.js';

export type StorageKind = 'embedded' | 'elasticsearch';

/** Elasticsearch connection settings, passed through to the Elasticsearch storage backend. */
export interface ElasticsearchConfig {
  /** One or more node URLs. */
  nodes: string[];
  username?: string;
  password?: string;
  apiKey?: string;
  /** PEM file of the CA that signed the cluster's certificate. */
  caFile?: string;
  /** Prefix of every index and template name. */
  indexPrefix: string;
  /** How soon writes become searchable (`index.refresh_interval` of new daily indices); default 5s. */
  refreshInterval?: string;
}

/** Per-request and per-item limits the OTLP receiver enforces. */
export interface ReceiverLimits {
  /** Body size on the wire (compressed or not). Larger: 413. */
  maxRequestBytes: number;
  /** Body size after decompression. Larger: 413, decompression stops there. */
  maxDecompressedBytes: number;
  /** Attributes kept per span, event, link, log record, data point or resource; the rest are dropped and counted. */
  maxAttributes: number;
  /** Characters kept of a string attribute value; longer values are truncated and counted. */
  maxAttributeValueLength: number;
  maxEventsPerSpan: number;
  maxLinksPerSpan: number;
  /** Characters kept of a string log body. */
  maxLogBodyLength: number;
  /** Items whose time is older than now minus this are rejected (0 = no limit). */
  maxPastAgeMs: number;
  /** Items whose time is later than now plus this are rejected (0 = no limit). */
  maxFutureSkewMs: number;
}

/** The bounded queue of each signal and how it is written to storage. */
export interface QueueConfig {
  /** Items (spans, log records, metric points) waiting per signal. */
  maxItems: number;
  /** Approximate bytes (decoded request size) waiting per signal. */
  maxBytes: number;
  /** Most items in one storage write. */
  batchSize: number;
  /** Retries of a failed batch write before its items are dropped (and counted). */
  maxWriteRetries: number;
  retryInitialMs: number;
  retryMaxMs: number;
}

export interface CollectorConfig {
  host: string;
  /** OTLP/HTTP receiver port (0 = ephemeral). */
  otlpPort: number;
  /** Query API, UI and /metrics port (0 = ephemeral). */
  httpPort: number;
  dataDir: string;
  storage: StorageKind;
  /** Data older than this is deleted (at start and hourly). */
  retentionMs: number;
  limits: ReceiverLimits;
  queue: QueueConfig;
  elasticsearch: ElasticsearchConfig;
  /** Folder of the built UI; undefined = `../ui/dist` beside the collector package when it exists. */
  uiDir?: string;
  derive?: DeriveOptions;
  /** Fastify logger level ('silent' turns request logs off). */
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
}

const MIB = 1024 * 1024;
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** Defaults live in code; flags and `SIGHTLINE_*` variables override them (see parse-config.ts). */
export function defaultConfig(): CollectorConfig {
  return {
    host: '0.0.0.0',
    otlpPort: 4318,
    httpPort: 16686,
    dataDir: './.sightline-data',
    storage: 'embedded',
    retentionMs: 7 * DAY_MS,
    limits: {
      maxRequestBytes: 16 * MIB,
      maxDecompressedBytes: 64 * MIB,
      maxAttributes: 128,
      maxAttributeValueLength: 16_384,
      maxEventsPerSpan: 1000,
      maxLinksPerSpan: 1000,
      maxLogBodyLength: 65_536,
      maxPastAgeMs: 7 * DAY_MS,
      maxFutureSkewMs: HOUR_MS,
    },
    queue: {
      maxItems: 100_000,
      maxBytes: 64 * MIB,
      batchSize: 20_000,
      maxWriteRetries: 8,
      retryInitialMs: 100,
      retryMaxMs: 10_000,
    },
    elasticsearch: { nodes: ['http://localhost:9200'], indexPrefix: 'sightline' },
    logLevel: 'warn',
  };
}

/** A partial configuration: every key optional, nested groups merged key by key. */
export type CollectorConfigOverrides = Partial<Omit<CollectorConfig, 'limits' | 'queue' | 'elasticsearch'>> & {
  limits?: Partial<ReceiverLimits>;
  queue?: Partial<QueueConfig>;
  elasticsearch?: Partial<ElasticsearchConfig>;
};

export function mergeConfig(base: CollectorConfig, overrides: CollectorConfigOverrides): CollectorConfig {
  return {
    ...base,
    ...overrides,
    limits: { ...base.limits, ...overrides.limits },
    queue: { ...base.queue, ...overrides.queue },
    elasticsearch: { ...base.elasticsearch, ...overrides.elasticsearch },
  };
}

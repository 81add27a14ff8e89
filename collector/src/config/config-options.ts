import type { CollectorConfig } from './collector-config.js';
import {
  parseDuration,
  parseNonNegativeInt,
  parsePort,
  parsePositiveInt,
  parseSize,
  parseUrlList,
} from './config-values.js';

/** One configurable setting: its flag, its environment variable, and how it lands in the config. */
export interface ConfigOption {
  flag: string;
  env: string;
  /** Shown in --help and the README. */
  defaultText: string;
  description: string;
  /** Parses the text (throws a short reason) and stores it into the config. */
  apply(config: CollectorConfig, text: string): void;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export const CONFIG_OPTIONS: readonly ConfigOption[] = [
  { flag: 'otlp-port', env: 'SIGHTLINE_OTLP_PORT', defaultText: '4318', description: 'OTLP/HTTP receiver port (POST /v1/traces, /v1/metrics, /v1/logs)', apply: (c, t) => { c.otlpPort = parsePort(t); } },
  { flag: 'http-port', env: 'SIGHTLINE_HTTP_PORT', defaultText: '16686', description: 'query API, UI, /metrics, /healthz, /readyz port', apply: (c, t) => { c.httpPort = parsePort(t); } },
  { flag: 'host', env: 'SIGHTLINE_HOST', defaultText: '0.0.0.0', description: 'address both ports listen on', apply: (c, t) => { if (!t.trim()) throw new Error('must not be empty'); c.host = t.trim(); } },
  { flag: 'data-dir', env: 'SIGHTLINE_DATA_DIR', defaultText: './.sightline-data', description: 'folder of the embedded store', apply: (c, t) => { if (!t.trim()) throw new Error('must not be empty'); c.dataDir = t; } },
  { flag: 'storage', env: 'SIGHTLINE_STORAGE', defaultText: 'embedded', description: 'storage backend: embedded | elasticsearch', apply: (c, t) => { if (t !== 'embedded' && t !== 'elasticsearch') throw new Error(`"${t}" is not a storage backend (embedded or elasticsearch)`); c.storage = t; } },
  { flag: 'retention', env: 'SIGHTLINE_RETENTION', defaultText: '7d', description: 'delete data older than this (checked at start and hourly)', apply: (c, t) => { const ms = parseDuration(t); if (ms <= 0) throw new Error('must be more than 0'); c.retentionMs = ms; } },
  { flag: 'ui-dir', env: 'SIGHTLINE_UI_DIR', defaultText: '../ui/dist (if built)', description: 'folder of the built UI served on the HTTP port', apply: (c, t) => { c.uiDir = t; } },
  { flag: 'log-level', env: 'SIGHTLINE_LOG_LEVEL', defaultText: 'warn', description: `collector log level: ${LOG_LEVELS.join(' | ')}`, apply: (c, t) => { const level = LOG_LEVELS.find((l) => l === t); if (!level) throw new Error(`"${t}" is not one of ${LOG_LEVELS.join(', ')}`); c.logLevel = level; } },
  { flag: 'max-request-bytes', env: 'SIGHTLINE_MAX_REQUEST_BYTES', defaultText: '16MiB', description: 'largest OTLP request body on the wire (413 above)', apply: (c, t) => { c.limits.maxRequestBytes = parseSize(t); } },
  { flag: 'max-decompressed-bytes', env: 'SIGHTLINE_MAX_DECOMPRESSED_BYTES', defaultText: '64MiB', description: 'largest body after gzip/deflate decompression (413 above)', apply: (c, t) => { c.limits.maxDecompressedBytes = parseSize(t); } },
  { flag: 'max-attributes', env: 'SIGHTLINE_MAX_ATTRIBUTES', defaultText: '128', description: 'attributes kept per span/event/link/log/point/resource (extra dropped, counted)', apply: (c, t) => { c.limits.maxAttributes = parsePositiveInt(t); } },
  { flag: 'max-attribute-value-length', env: 'SIGHTLINE_MAX_ATTRIBUTE_VALUE_LENGTH', defaultText: '16384', description: 'characters kept of a string attribute value (truncated, counted)', apply: (c, t) => { c.limits.maxAttributeValueLength = parsePositiveInt(t); } },
  { flag: 'max-events-per-span', env: 'SIGHTLINE_MAX_EVENTS_PER_SPAN', defaultText: '1000', description: 'span events kept per span (extra dropped, counted)', apply: (c, t) => { c.limits.maxEventsPerSpan = parseNonNegativeInt(t); } },
  { flag: 'max-links-per-span', env: 'SIGHTLINE_MAX_LINKS_PER_SPAN', defaultText: '1000', description: 'span links kept per span (extra dropped, counted)', apply: (c, t) => { c.limits.maxLinksPerSpan = parseNonNegativeInt(t); } },
  { flag: 'max-log-body-length', env: 'SIGHTLINE_MAX_LOG_BODY_LENGTH', defaultText: '65536', description: 'characters kept of a string log body (truncated, counted)', apply: (c, t) => { c.limits.maxLogBodyLength = parsePositiveInt(t); } },
  { flag: 'max-past-age', env: 'SIGHTLINE_MAX_PAST_AGE', defaultText: 'the retention', description: 'reject items timestamped earlier than now minus this (0 = accept any)', apply: (c, t) => { c.limits.maxPastAgeMs = parseDuration(t); } },
  { flag: 'max-future-skew', env: 'SIGHTLINE_MAX_FUTURE_SKEW', defaultText: '1h', description: 'reject items timestamped later than now plus this (0 = accept any)', apply: (c, t) => { c.limits.maxFutureSkewMs = parseDuration(t); } },
  { flag: 'queue-max-items', env: 'SIGHTLINE_QUEUE_MAX_ITEMS', defaultText: '100000', description: 'items waiting per signal before 429/503', apply: (c, t) => { c.queue.maxItems = parsePositiveInt(t); } },
  { flag: 'queue-max-bytes', env: 'SIGHTLINE_QUEUE_MAX_BYTES', defaultText: '64MiB', description: 'decoded request bytes waiting per signal before 429/503', apply: (c, t) => { c.queue.maxBytes = parseSize(t); } },
  { flag: 'write-batch-size', env: 'SIGHTLINE_WRITE_BATCH_SIZE', defaultText: '20000', description: 'most items per storage write', apply: (c, t) => { c.queue.batchSize = parsePositiveInt(t); } },
  { flag: 'write-retries', env: 'SIGHTLINE_WRITE_RETRIES', defaultText: '8', description: 'retries of a failed storage write (exponential backoff) before dropping it', apply: (c, t) => { c.queue.maxWriteRetries = parseNonNegativeInt(t); } },
  { flag: 'es-url', env: 'SIGHTLINE_ES_URL', defaultText: 'http://localhost:9200', description: 'Elasticsearch node URLs, comma-separated', apply: (c, t) => { c.elasticsearch.nodes = parseUrlList(t); } },
  { flag: 'es-username', env: 'SIGHTLINE_ES_USERNAME', defaultText: '', description: 'Elasticsearch basic-auth user', apply: (c, t) => { c.elasticsearch.username = t; } },
  { flag: 'es-password', env: 'SIGHTLINE_ES_PASSWORD', defaultText: '', description: 'Elasticsearch basic-auth password', apply: (c, t) => { c.elasticsearch.password = t; } },
  { flag: 'es-api-key', env: 'SIGHTLINE_ES_API_KEY', defaultText: '', description: 'Elasticsearch API key (instead of user/password)', apply: (c, t) => { c.elasticsearch.apiKey = t; } },
  { flag: 'es-ca-file', env: 'SIGHTLINE_ES_CA_FILE', defaultText: '', description: 'PEM file of the CA of the Elasticsearch certificate', apply: (c, t) => { c.elasticsearch.caFile = t; } },
  { flag: 'es-index-prefix', env: 'SIGHTLINE_ES_INDEX_PREFIX', defaultText: 'sightline', description: 'prefix of Sightline\'s Elasticsearch indices', apply: (c, t) => { if (!/^[a-z0-9][a-z0-9_-]*$/.test(t)) throw new Error(`"${t}" is not a valid index prefix (lower-case letters, digits, - and _)`); c.elasticsearch.indexPrefix = t; } },
  { flag: 'es-refresh-interval', env: 'SIGHTLINE_ES_REFRESH_INTERVAL', defaultText: '5s', description: 'how soon new data is searchable in Elasticsearch (daily indices made from now on); longer costs Elasticsearch less CPU per span', apply: (c, t) => { if (!/^[1-9]\d*(ms|s|m)$/.test(t)) throw new Error(`"${t}" is not a refresh interval (e.g. 5s, 30s, 1m)`); c.elasticsearch.refreshInterval = t; } },
];

/** How the collector reaches an Elasticsearch cluster and lays out its indices. */
export interface ElasticsearchStorageOptions {
  /** Node URLs, e.g. ["https://es1:9200", "https://es2:9200"]. */
  nodes: string[];
  /** Basic auth. */
  username?: string;
  password?: string;
  /** API key (the base64 "id:key" form Elasticsearch returns as `encoded`). Wins over basic auth. */
  apiKey?: string;
  /** PEM file of the CA that signed the cluster's HTTP certificate. */
  caFile?: string;
  /** Index and template names start with this. Default "sightline". */
  indexPrefix?: string;
  /** Primary shards per daily index. Default 1 (a day of one signal is rarely > 50 GB). */
  numberOfShards?: number;
  /** Default "0-1": a replica as soon as the cluster has a second node. */
  autoExpandReplicas?: string;
  /** How soon writes become searchable. Default "5s" (fewer, larger segments at high ingest). */
  refreshInterval?: string;
  /**
   * 'async' (default): the translog is fsynced every 5 s, not on every bulk request — a quarter less
   * Elasticsearch CPU per span in our measurement, at the risk of losing the last 5 s of writes if a
   * node crashes before replicating them. 'request': fsync before every bulk answer.
   */
  translogDurability?: 'request' | 'async';
  /** Per-request timeout in ms (a slow cluster makes writes fail and the pipeline retry). Default 30,000. */
  requestTimeoutMs?: number;
  /** Bulk tuning; defaults were chosen by measurement (see README). */
  bulkMaxDocs?: number;
  bulkMaxBytes?: number;
  bulkConcurrency?: number;
  /** Called when the cluster refuses documents for good (mapping/parsing errors): count and report them. */
  onDocumentsRejected?: (signal: string, count: number, reason: string) => void;
}

export const DEFAULTS = {
  indexPrefix: 'sightline',
  numberOfShards: 1,
  autoExpandReplicas: '0-1',
  refreshInterval: '5s',
  translogDurability: 'async',
  requestTimeoutMs: 30_000,
  bulkMaxDocs: 2000,
  bulkMaxBytes: 10 * 1024 * 1024,
  bulkConcurrency: 2,
} as const;


import { Client } from '@elastic/elasticsearch';
import type { Storage, StorageHealth } from '../storage.js';
import { BulkWriter } from './bulk-writer.js';
import { clientOptions } from './client-options.js';
import { describeConnectionError } from './connection-errors.js';
import { ElasticsearchAggregateStore } from './elasticsearch-aggregate-store.js';
import { ElasticsearchLogStore } from './elasticsearch-log-store.js';
import { ElasticsearchMetricStore } from './elasticsearch-metric-store.js';
import { DEFAULTS } from './elasticsearch-options.js';
import type { ElasticsearchStorageOptions } from './elasticsearch-options.js';
import { ElasticsearchSpanStore } from './elasticsearch-span-store.js';
import { MS_PER_DAY, parseIndexName, SIGNALS } from './index-names.js';
import { indexTemplate, templateName } from './index-templates.js';
import type { StoreContext } from './store-context.js';

const HEALTH_TIMEOUT_MS = 3000;

/**
 * The Elasticsearch backend: daily indices per signal (`<prefix>-<signal>-YYYY.MM.DD`) shaped by
 * composable index templates, bulk writes with deterministic ids, reads through search and
 * aggregations (no scripts). Retention deletes whole daily indices.
 */
export class ElasticsearchStorage implements Storage {
  readonly name = 'elasticsearch';
  readonly spans: ElasticsearchSpanStore;
  readonly logs: ElasticsearchLogStore;
  readonly metrics: ElasticsearchMetricStore;
  readonly aggregates: ElasticsearchAggregateStore;
  readonly indexPrefix: string;
  /** Documents the cluster refused for good, per signal (also reported through `onDocumentsRejected`). */
  readonly rejectedDocuments = new Map<string, number>();

  private readonly client: Client;
  private closed = false;
  private templatesInstalled = false;
  private installingTemplates: Promise<void> | undefined;
  private lastRejectionWarningMs = 0;

  constructor(private readonly options: ElasticsearchStorageOptions) {
    if (options.nodes.length === 0) throw new Error('elasticsearch storage needs at least one node URL');
    this.indexPrefix = options.indexPrefix ?? DEFAULTS.indexPrefix;
    this.client = new Client(clientOptions(options));
    const bulk = new BulkWriter(this.client, {
      maxDocsPerRequest: options.bulkMaxDocs ?? DEFAULTS.bulkMaxDocs,
      maxBytesPerRequest: options.bulkMaxBytes ?? DEFAULTS.bulkMaxBytes,
      concurrency: options.bulkConcurrency ?? DEFAULTS.bulkConcurrency,
      maxItemRetries: 5,
      initialBackoffMs: 100,
      onRejected: (signal, count, reason) => this.recordRejection(signal, count, reason),
      // Never index into a daily index before its template exists (it would get dynamic mappings).
      beforeWrite: () => this.ensureTemplates(),
    });
    const context: StoreContext = { client: this.client, prefix: this.indexPrefix, bulk, lookupsWritten: new Set(), resourceCache: new Map() };
    this.spans = new ElasticsearchSpanStore(context);
    this.logs = new ElasticsearchLogStore(context);
    this.metrics = new ElasticsearchMetricStore(context);
    this.aggregates = new ElasticsearchAggregateStore(context);
  }

  /** The underlying client, for tools (tests, benchmarks) that manage indices directly. */
  get elasticsearchClient(): Client {
    return this.client;
  }

  /**
   * Installs the index templates. A cluster that cannot be reached yet (started after the
   * collector, e.g. in docker compose) is not fatal: the templates are installed before the first
   * write that gets through, and writes reject until then (so the pipeline queues and retries).
   * A cluster that answers no (bad credentials, missing privileges, an untrusted TLS certificate)
   * is fatal, with a message naming the setting to fix.
   */
  async init(): Promise<void> {
    this.templatesInstalled = false;
    try {
      await this.ensureTemplates();
    } catch (error) {
      const problem = describeConnectionError(error, this.options);
      if (problem.permanent) throw new Error(problem.message, { cause: error });
      process.emitWarning(`${problem.message} (at start); templates will be installed when it answers`);
    }
  }

  private ensureTemplates(): Promise<void> {
    if (this.templatesInstalled) return Promise.resolve();
    this.installingTemplates ??= this.installTemplates().finally(() => {
      this.installingTemplates = undefined;
    });
    return this.installingTemplates;
  }

  private async installTemplates(): Promise<void> {
    const settings = {
      numberOfShards: this.options.numberOfShards ?? DEFAULTS.numberOfShards,
      autoExpandReplicas: this.options.autoExpandReplicas ?? DEFAULTS.autoExpandReplicas,
      refreshInterval: this.options.refreshInterval ?? DEFAULTS.refreshInterval,
      translogDurability: this.options.translogDurability ?? DEFAULTS.translogDurability,
    };
    for (const signal of SIGNALS) {
      await this.client.indices.putIndexTemplate({
        name: templateName(this.indexPrefix, signal),
        ...indexTemplate(this.indexPrefix, signal, settings),
      } as never);
    }
    this.templatesInstalled = true;
  }

  /** Deletes the daily indices whose whole day ends at or before the cutoff. */
  async deleteOlderThan(cutoffUnixNano: bigint): Promise<void> {
    const expired = (await this.dailyIndices()).filter(
      ({ dayStartMs }) => BigInt(dayStartMs + MS_PER_DAY) * 1_000_000n <= cutoffUnixNano,
    );
    for (let i = 0; i < expired.length; i += 50) {
      const names = expired.slice(i, i + 50).map(({ name }) => name);
      await this.client.indices.delete({ index: names.join(','), ignore_unavailable: true });
    }
  }

  async flush(): Promise<void> {
    await this.client.indices.refresh({ index: `${this.indexPrefix}-*`, ignore_unavailable: true, allow_no_indices: true });
  }

  async health(): Promise<StorageHealth> {
    try {
      const health = await this.client.cluster.health({}, { requestTimeout: HEALTH_TIMEOUT_MS, maxRetries: 0 });
      if (health.status === 'red') return { ready: false, message: `elasticsearch cluster ${health.cluster_name} is red` };
      return { ready: true };
    } catch (error) {
      return { ready: false, message: describeConnectionError(error, this.options).message };
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // Before the client closes, so no rollup pass starts against a closed connection.
    this.aggregates.compactor.stop();
    await this.client.close();
  }

  /** Removes every index and template of this prefix (tests, benchmarks, `sightline reset`). */
  async deleteEverything(): Promise<void> {
    const names = (await this.dailyIndices()).map(({ name }) => name);
    for (let i = 0; i < names.length; i += 50) {
      await this.client.indices.delete({ index: names.slice(i, i + 50).join(','), ignore_unavailable: true });
    }
    this.templatesInstalled = false;
    for (const signal of SIGNALS) {
      await this.client.indices.deleteIndexTemplate({ name: templateName(this.indexPrefix, signal) }, { ignore: [404] });
    }
  }

  private async dailyIndices(): Promise<{ name: string; dayStartMs: number }[]> {
    const rows = await this.client.cat.indices({ index: `${this.indexPrefix}-*`, format: 'json', h: 'index' });
    const found: { name: string; dayStartMs: number }[] = [];
    for (const row of rows) {
      const name = row.index ?? '';
      const parsed = parseIndexName(this.indexPrefix, name);
      if (parsed) found.push({ name, dayStartMs: parsed.dayStartMs });
    }
    return found;
  }

  private recordRejection(signal: string, count: number, reason: string): void {
    this.rejectedDocuments.set(signal, (this.rejectedDocuments.get(signal) ?? 0) + count);
    this.options.onDocumentsRejected?.(signal, count, reason);
    // One warning a minute, not one per batch.
    const now = Date.now();
    if (now - this.lastRejectionWarningMs > 60_000) {
      this.lastRejectionWarningMs = now;
      process.emitWarning(`elasticsearch refused ${count} ${signal} documents (${reason}); see sightline_storage_dropped_items_total`);
    }
  }
}

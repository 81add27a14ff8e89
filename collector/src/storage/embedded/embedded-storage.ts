import type { Storage, StorageHealth } from '../storage.js';
import { EmbeddedAggregateStore } from './embedded-aggregate-store.js';
import { EmbeddedLogStore } from './embedded-log-store.js';
import { EmbeddedMetricStore } from './embedded-metric-store.js';
import { EmbeddedSpanStore, recomputeTraceSummariesSql } from './embedded-span-store.js';
import { DuckDbDatabase, inTransaction } from './duckdb-database.js';
import { FILL_LOG_TRACES, SCHEMA_STATEMENTS, STAGING_STATEMENTS, dropLegacyAggregateTables, dropLogsPrimaryKey, logTracesMissing, moveLegacyTraceSummaries } from './schema.js';

export interface EmbeddedStorageOptions {
  /** Folder holding the database file (`sightline.duckdb`); created when missing. */
  dataDir: string;
  /** DuckDB worker threads; default one per core. */
  threads?: number;
  /** How often aggregate rollups are brought up to date in the background. Default 5 s. */
  compactionIntervalMs?: number;
}

/**
 * The default backend: a DuckDB file under `dataDir`, nothing to install (the engine ships in the
 * `@duckdb/node-api` npm package). Columnar storage keeps 1M+ spans small and scans fast; a trace's
 * summary row (primary key) gives its time window for trace-by-id; write-time trace summaries answer
 * searches; aggregate tables with 15- and 5-minute rollups answer service lists, RED and the service map.
 */
export class EmbeddedStorage implements Storage {
  readonly name = 'embedded';
  readonly spans: EmbeddedSpanStore;
  readonly logs: EmbeddedLogStore;
  readonly metrics: EmbeddedMetricStore;
  readonly aggregates: EmbeddedAggregateStore;
  private readonly db: DuckDbDatabase;
  private state: 'new' | 'open' | 'closed' = 'new';
  private compactionTimer?: NodeJS.Timeout;
  private compacting?: Promise<unknown>;
  private readonly compactionIntervalMs: number;

  constructor(options: EmbeddedStorageOptions) {
    this.db = new DuckDbDatabase({ dataDir: options.dataDir, threads: options.threads });
    this.compactionIntervalMs = options.compactionIntervalMs ?? 5_000;
    this.spans = new EmbeddedSpanStore(this.db);
    this.logs = new EmbeddedLogStore(this.db);
    this.metrics = new EmbeddedMetricStore(this.db);
    this.aggregates = new EmbeddedAggregateStore(this.db);
  }

  async init(): Promise<void> {
    if (this.state !== 'new') return;
    await this.db.open();
    this.state = 'open';
    await this.db.write(async (connection) => {
      await dropLegacyAggregateTables(connection);
      const fillLogTraces = await logTracesMissing(connection);
      for (const statement of SCHEMA_STATEMENTS) await connection.run(statement);
      await moveLegacyTraceSummaries(connection);
      await dropLogsPrimaryKey(connection);
      if (fillLogTraces) await connection.run(FILL_LOG_TRACES);
      for (const statement of STAGING_STATEMENTS) await connection.run(statement);
    });
    this.compactionTimer = setInterval(() => {
      // Background upkeep; a failure here only means queries read minute rows a while longer.
      if (this.compacting) return;
      this.compacting = this.aggregates
        .compact(false)
        .catch(() => undefined)
        .finally(() => (this.compacting = undefined));
    }, this.compactionIntervalMs);
    this.compactionTimer.unref();
  }

  async deleteOlderThan(cutoffUnixNano: bigint): Promise<void> {
    const cutoff = BigInt(cutoffUnixNano);
    // Aggregate rows cover a whole minute: delete only minutes that end at or before the cutoff.
    const cutoffMs = cutoff / 1_000_000n;
    await this.db.write(async (connection) => {
      await inTransaction(connection, async () => {
        await connection.run(`DELETE FROM spans WHERE start_ns < ${cutoff}`);
        // Summary parts of spans all deleted go; a trace with a part straddling the cutoff gets its
        // summary rebuilt from the spans left (other traces' remaining parts are still exact).
        await connection.run(`DELETE FROM trace_parts WHERE last_start_ns < ${cutoff}`);
        const straddling = `SELECT DISTINCT trace_id FROM trace_parts WHERE start_ns < ${cutoff}`;
        for (const statement of recomputeTraceSummariesSql(straddling)) await connection.run(statement);
        await connection.run(`DELETE FROM logs WHERE time_ns < ${cutoff}`);
        // A trace whose logs are only partly deleted keeps its (now too early) first time: its
        // window still covers every remaining log.
        await connection.run(`DELETE FROM log_traces WHERE last_ns < ${cutoff}`);
        await connection.run(`DELETE FROM metric_points WHERE time_ns < ${cutoff}`);
        await connection.run(
          'DELETE FROM resources WHERE resource_id NOT IN (SELECT resource_id FROM spans UNION SELECT resource_id FROM logs)',
        );
        for (const table of ['span_metrics', 'service_graph_edges']) {
          await connection.run(`DELETE FROM ${table} WHERE minute_ms + 60000 <= ${cutoffMs}`);
          // Rollup buckets reaching back before the cutoff are dropped; compaction rebuilds
          // the one straddling it from the minute rows that remain.
          await connection.run(`DELETE FROM ${table}_rollup WHERE bucket_ms < ${cutoffMs}`);
          await connection.run(`DELETE FROM ${table}_rollup5 WHERE bucket_ms < ${cutoffMs}`);
          await connection.run(`DELETE FROM ${table}_rollup_state WHERE bucket_ms < ${cutoffMs}`);
        }
      });
    });
  }

  async flush(): Promise<void> {
    // Writes are visible when their promise resolves; waiting for queued writes is enough for
    // correctness. Rolling up every stale aggregate bucket also makes the next reads fast.
    if (this.state === 'open') await this.aggregates.compact(true);
  }

  async health(): Promise<StorageHealth> {
    if (this.state !== 'open') return { ready: false, message: `embedded storage is ${this.state === 'new' ? 'not initialised' : 'closed'}` };
    try {
      await this.db.query('SELECT 1');
      return { ready: true };
    } catch (error) {
      return { ready: false, message: `embedded storage: ${(error as Error).message}` };
    }
  }

  async close(): Promise<void> {
    if (this.state === 'closed') return;
    this.state = 'closed';
    clearInterval(this.compactionTimer);
    await this.compacting;
    await this.db.close();
  }
}

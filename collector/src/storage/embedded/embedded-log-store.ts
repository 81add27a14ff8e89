import type { LogRecord } from '../../model/log-record.js';
import type { LogQuery, LogReader, LogVolumeBucket, LogWriter } from '../log-store.js';
import { appendChunks, renderChunks, runScript } from './duckdb-database.js';
import { CLEAR_STAGED_RESOURCES, ResourceCache, STORE_STAGED_RESOURCES, attributeConditions, stageResources } from './resource-rows.js';
import type { DuckDbDatabase, Row, SqlParam } from './duckdb-database.js';
import { LOG_COLUMN_TYPES, LOG_SELECT_COLUMNS, logRowFiller, rowToLog, uniqueLogs } from './log-rows.js';
import { rangeSql, toBigInt, toNumber } from './row-codec.js';
import { foldLogTracesSql } from './schema.js';

/** Folds the staged logs into the per-trace log windows, in the batch's transaction. */
const UPSERT_LOG_TRACES = foldLogTracesSql('stage_logs');

/**
 * An upper bound no row count reaches: `LIMIT` with it changes no result but is a fence that
 * filter pushdown does not cross (see `getLogsForTrace`).
 */
const FENCE_LIMIT = '9223372036854775807';

export class EmbeddedLogStore implements LogReader, LogWriter {
  private readonly resources: ResourceCache;

  constructor(private readonly db: DuckDbDatabase) {
    this.resources = new ResourceCache(db);
  }

  async writeLogs(logs: readonly LogRecord[]): Promise<void> {
    if (logs.length === 0) return;
    const unique = uniqueLogs(logs);
    const chunks = await renderChunks(LOG_COLUMN_TYPES, unique.length, logRowFiller(unique));
    let earliest = logs[0].timeUnixNano;
    let latest = earliest;
    for (const log of logs) {
      if (log.timeUnixNano < earliest) earliest = log.timeUnixNano;
      if (log.timeUnixNano > latest) latest = log.timeUnixNano;
    }
    await this.db.write(async (connection) => {
      await appendChunks(connection, 'stage_logs', chunks);
      await stageResources(connection, new Set(logs.map((log) => log.resource)));
      // Logs already stored (a retried batch) are dropped from the stage: a stored copy has the
      // same id and time, so only row groups within the batch's time window are probed.
      await runScript(
        connection,
        [
          `DELETE FROM stage_logs WHERE log_id IN (
             SELECT s.log_id FROM stage_logs s JOIN logs t ON t.log_id = s.log_id
             WHERE t.time_ns >= ${earliest} AND t.time_ns <= ${latest})`,
          'INSERT INTO logs SELECT * FROM stage_logs',
          UPSERT_LOG_TRACES,
          STORE_STAGED_RESOURCES,
        ],
        `DELETE FROM stage_logs; ${CLEAR_STAGED_RESOURCES}`,
      );
    });
  }

  async searchLogs(query: LogQuery): Promise<LogRecord[]> {
    const { where, params } = await logConditions(this.db, query);
    const limit = Math.max(0, Math.floor(query.limit));
    const rows = await this.db.query(
      `SELECT ${LOG_SELECT_COLUMNS} FROM logs l WHERE ${where} ORDER BY l.time_ns DESC, l.log_id LIMIT ${limit}`,
      params,
    );
    return this.withResources(rows);
  }

  async getLogsForTrace(traceId: string): Promise<LogRecord[]> {
    // The trace's log window (a primary-key probe) bounds the scan: zone maps on time_ns skip
    // the rest of the table. No window: the trace has no logs, and nothing is scanned.
    const [window] = await this.db.query('SELECT first_ns, last_ns FROM log_traces WHERE trace_id = ?', [traceId]);
    if (!window) return [];
    // The trace id is tested above the LIMIT fence, on the few rows of the window: pushed into
    // the scan, DuckDB tests it first (it looks the more selective) on every row of the row
    // groups the window touches, decoding their whole trace_id column (measured ~3x the CPU).
    const rows = await this.db.query(
      `SELECT ${LOG_SELECT_COLUMNS}
       FROM (SELECT * FROM logs WHERE time_ns >= ${toBigInt(window.first_ns)} AND time_ns <= ${toBigInt(window.last_ns)} LIMIT ${FENCE_LIMIT}) l
       WHERE l.trace_id = ? ORDER BY l.time_ns, l.log_id`,
      [traceId],
    );
    return this.withResources(rows);
  }

  /** Logs from their rows, resources from the cache rather than a join (~half the CPU of a trace's logs query). */
  private async withResources(rows: readonly Row[]): Promise<LogRecord[]> {
    const resourceOf = await this.resources.resolve(rows.map((row) => row.resource_id));
    return rows.map((row) => rowToLog(row, resourceOf));
  }

  async logVolume(query: LogQuery, stepMs: number): Promise<LogVolumeBucket[]> {
    const step = Math.max(1, Math.floor(stepMs));
    const { where, params } = await logConditions(this.db, query);
    const rows = await this.db.query(
      `SELECT (l.time_ns // 1000000) // ${step} * ${step} AS bucket, upper(l.severity_text) AS severity, count(*) AS n
       FROM logs l WHERE ${where} GROUP BY bucket, severity ORDER BY bucket, severity`,
      params,
    );
    return rows.map((row) => ({
      timeUnixMs: toNumber(row.bucket),
      severityText: row.severity as string,
      count: toNumber(row.n),
    }));
  }
}

async function logConditions(db: DuckDbDatabase, query: LogQuery): Promise<{ where: string; params: SqlParam[] }> {
  const params: SqlParam[] = [];
  const conditions = [rangeSql('l.time_ns', query.range)];
  if (query.serviceName !== undefined) {
    conditions.push('l.service_name = ?');
    params.push(query.serviceName);
  }
  if (query.minSeverityNumber !== undefined) conditions.push(`l.severity_number >= ${Math.floor(query.minSeverityNumber)}`);
  if (query.text !== undefined && query.text !== '') {
    conditions.push('contains(lower(l.body_text), lower(?))');
    params.push(query.text);
  }
  if (query.traceId !== undefined) {
    conditions.push('l.trace_id = ?');
    params.push(query.traceId);
  }
  if (query.spanId !== undefined) {
    conditions.push('l.span_id = ?');
    params.push(query.spanId);
  }
  conditions.push(...(await attributeConditions(db, 'l.attr_text', 'l.resource_id', query.attributes, params)));
  return { where: conditions.join(' AND '), params };
}

import type { LogRecord } from '../../model/log-record.js';
import type { LogQuery, LogReader, LogVolumeBucket, LogWriter } from '../log-store.js';
import { appendColumns, inTransaction } from './duckdb-database.js';
import type { DuckDbDatabase, SqlParam } from './duckdb-database.js';
import { LOG_COLUMN_TYPES, LOG_SELECT_COLUMNS, logsToColumns, rowToLog } from './log-rows.js';
import { attributeFilterSql, rangeSql, toNumber } from './row-codec.js';
import { traceWindow } from './embedded-span-store.js';

/** How far outside its trace's spans a correlated log is looked for first (clock skew, late flushes). */
const LOG_WINDOW_MARGIN_NANO = 3_600_000_000_000n;

export class EmbeddedLogStore implements LogReader, LogWriter {
  constructor(private readonly db: DuckDbDatabase) {}

  async writeLogs(logs: readonly LogRecord[]): Promise<void> {
    if (logs.length === 0) return;
    const columns = logsToColumns(logs);
    await this.db.write(async (connection) => {
      await connection.run('DELETE FROM stage_logs');
      await appendColumns(connection, 'stage_logs', LOG_COLUMN_TYPES, columns);
      await inTransaction(connection, async () => {
        await connection.run('INSERT OR IGNORE INTO logs SELECT * FROM stage_logs');
      });
    });
  }

  async searchLogs(query: LogQuery): Promise<LogRecord[]> {
    const { where, params } = logConditions(query);
    const limit = Math.max(0, Math.floor(query.limit));
    const rows = await this.db.query(
      `SELECT ${LOG_SELECT_COLUMNS} FROM logs WHERE ${where} ORDER BY time_ns DESC, log_id LIMIT ${limit}`,
      params,
    );
    return rows.map(rowToLog);
  }

  async getLogsForTrace(traceId: string): Promise<LogRecord[]> {
    // With the trace's spans stored, its logs lie near its time window: zone maps on time_ns
    // skip the rest of the table. Logs whose trace has no stored spans need the full scan.
    const window = await traceWindow(this.db, traceId);
    const near = window
      ? `time_ns >= ${window.firstStartNano - LOG_WINDOW_MARGIN_NANO} AND time_ns <= ${window.endNano + LOG_WINDOW_MARGIN_NANO} AND `
      : '';
    let rows = await this.db.query(
      `SELECT ${LOG_SELECT_COLUMNS} FROM logs WHERE ${near}trace_id = ? ORDER BY time_ns, log_id`,
      [traceId],
    );
    if (rows.length === 0 && window) {
      rows = await this.db.query(`SELECT ${LOG_SELECT_COLUMNS} FROM logs WHERE trace_id = ? ORDER BY time_ns, log_id`, [traceId]);
    }
    return rows.map(rowToLog);
  }

  async logVolume(query: LogQuery, stepMs: number): Promise<LogVolumeBucket[]> {
    const step = Math.max(1, Math.floor(stepMs));
    const { where, params } = logConditions(query);
    const rows = await this.db.query(
      `SELECT (time_ns // 1000000) // ${step} * ${step} AS bucket, upper(severity_text) AS severity, count(*) AS n
       FROM logs WHERE ${where} GROUP BY bucket, severity ORDER BY bucket, severity`,
      params,
    );
    return rows.map((row) => ({
      timeUnixMs: toNumber(row.bucket),
      severityText: row.severity as string,
      count: toNumber(row.n),
    }));
  }
}

function logConditions(query: LogQuery): { where: string; params: SqlParam[] } {
  const params: SqlParam[] = [];
  const conditions = [rangeSql('time_ns', query.range)];
  if (query.serviceName !== undefined) {
    conditions.push('service_name = ?');
    params.push(query.serviceName);
  }
  if (query.minSeverityNumber !== undefined) conditions.push(`severity_number >= ${Math.floor(query.minSeverityNumber)}`);
  if (query.text !== undefined && query.text !== '') {
    conditions.push('contains(lower(body_text), lower(?))');
    params.push(query.text);
  }
  if (query.traceId !== undefined) {
    conditions.push('trace_id = ?');
    params.push(query.traceId);
  }
  if (query.spanId !== undefined) {
    conditions.push('span_id = ?');
    params.push(query.spanId);
  }
  conditions.push(...attributeFilterSql('attr_text', query.attributes, params));
  return { where: conditions.join(' AND '), params };
}

import { BIGINT, UTINYINT, VARCHAR } from '@duckdb/node-api';
import type { DuckDBType, DuckDBValue } from '@duckdb/node-api';
import type { LogRecord } from '../../model/log-record.js';
import { attributeText, bodyText, decodeJson, encodeJson, toBigInt, toNumber } from './row-codec.js';
import type { Row } from './duckdb-database.js';

/** Column types of `logs` / `stage_logs`, in table order. */
export const LOG_COLUMN_TYPES: readonly DuckDBType[] = [
  VARCHAR, BIGINT, BIGINT, UTINYINT, VARCHAR, VARCHAR, VARCHAR, VARCHAR, VARCHAR, VARCHAR, VARCHAR,
];

type LogDoc = Pick<LogRecord, 'body' | 'resource' | 'scope' | 'attributes'>;

/** Logs as appender columns; duplicates (same logId) keep the last. */
export function logsToColumns(logs: readonly LogRecord[]): DuckDBValue[][] {
  const unique = new Map<string, LogRecord>();
  for (const log of logs) unique.set(log.logId, log);
  const columns: DuckDBValue[][] = LOG_COLUMN_TYPES.map(() => []);
  for (const log of unique.values()) {
    const doc: LogDoc = { body: log.body, resource: log.resource, scope: log.scope, attributes: log.attributes };
    const row: DuckDBValue[] = [
      log.logId,
      log.timeUnixNano,
      log.observedTimeUnixNano,
      log.severityNumber,
      log.severityText,
      bodyText(log.body),
      log.traceId,
      log.spanId,
      log.resource.serviceName,
      attributeText(log.attributes, log.resource.attributes),
      encodeJson(doc),
    ];
    for (let i = 0; i < row.length; i++) columns[i].push(row[i]);
  }
  return columns;
}

export const LOG_SELECT_COLUMNS = 'log_id, time_ns, observed_ns, severity_number, severity_text, trace_id, span_id, doc';

export function rowToLog(row: Row): LogRecord {
  const doc = decodeJson<LogDoc>(row.doc as string);
  return {
    ...doc,
    logId: row.log_id as string,
    timeUnixNano: toBigInt(row.time_ns),
    observedTimeUnixNano: toBigInt(row.observed_ns),
    severityNumber: toNumber(row.severity_number),
    severityText: row.severity_text as string,
    traceId: row.trace_id as string,
    spanId: row.span_id as string,
  };
}

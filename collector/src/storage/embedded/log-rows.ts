import { BIGINT, UBIGINT, UTINYINT, VARCHAR } from '@duckdb/node-api';
import type { DuckDBType, DuckDBValue } from '@duckdb/node-api';
import type { LogRecord } from '../../model/log-record.js';
import { attributeText, bodyText, decodeJson, toBigInt, toNumber } from './row-codec.js';
import { resourceId } from './resource-rows.js';
import type { ResourceInfo } from '../../model/attributes.js';
import type { Row } from './duckdb-database.js';

/** Column types of `logs` / `stage_logs`, in table order. */
export const LOG_COLUMN_TYPES: readonly DuckDBType[] = [
  VARCHAR, BIGINT, BIGINT, UTINYINT, VARCHAR, VARCHAR, VARCHAR, VARCHAR, VARCHAR, UBIGINT, VARCHAR, VARCHAR,
];

type LogDoc = Pick<LogRecord, 'body' | 'scope' | 'attributes'>;

/** Logs as appender columns; duplicates (same logId) keep the last. */
export function logsToColumns(logs: readonly LogRecord[]): DuckDBValue[][] {
  const unique = new Map<string, LogRecord>();
  for (const log of logs) unique.set(log.logId, log);
  const columns: DuckDBValue[][] = LOG_COLUMN_TYPES.map(() => []);
  for (const log of unique.values()) {
    // A LogDoc as JSON; the resource is stored once in `resources`.
    const doc = `{"body":${JSON.stringify(log.body)},"scope":${JSON.stringify(log.scope)},"attributes":${JSON.stringify(log.attributes)}}`;
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
      resourceId(log.resource),
      attributeText(log.attributes),
      doc,
    ];
    for (let i = 0; i < row.length; i++) columns[i].push(row[i]);
  }
  return columns;
}

/** Columns a log is rebuilt from, for `FROM logs l JOIN resources r`. */
export const LOG_SELECT_COLUMNS =
  'l.log_id, l.time_ns, l.observed_ns, l.severity_number, l.severity_text, l.trace_id, l.span_id, l.doc, l.resource_id, r.doc AS resource_doc';

export function rowToLog(row: Row, resourceOf: (id: unknown, doc: unknown) => ResourceInfo): LogRecord {
  const doc = decodeJson<LogDoc>(row.doc as string);
  return {
    ...doc,
    resource: resourceOf(row.resource_id, row.resource_doc),
    logId: row.log_id as string,
    timeUnixNano: toBigInt(row.time_ns),
    observedTimeUnixNano: toBigInt(row.observed_ns),
    severityNumber: toNumber(row.severity_number),
    severityText: row.severity_text as string,
    traceId: row.trace_id as string,
    spanId: row.span_id as string,
  };
}

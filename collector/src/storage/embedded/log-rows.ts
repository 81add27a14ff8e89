import { BIGINT, UBIGINT, UTINYINT, VARCHAR } from '@duckdb/node-api';
import type { DuckDBType } from '@duckdb/node-api';
import type { LogRecord } from '../../model/log-record.js';
import { attributeText, bodyText, decodeJson, toBigInt, toNumber } from './row-codec.js';
import { resourceId } from './resource-rows.js';
import type { ResourceInfo } from '../../model/attributes.js';
import type { ChunkFiller, Row } from './duckdb-database.js';

/** Column types of `logs` / `stage_logs`, in table order. */
export const LOG_COLUMN_TYPES: readonly DuckDBType[] = [
  VARCHAR, BIGINT, BIGINT, UTINYINT, VARCHAR, VARCHAR, VARCHAR, VARCHAR, VARCHAR, UBIGINT, VARCHAR, VARCHAR,
];

type LogDoc = Pick<LogRecord, 'body' | 'scope' | 'attributes'>;

/** The logs to write, deduplicated by logId (a later copy wins). */
export function uniqueLogs(logs: readonly LogRecord[]): LogRecord[] {
  const unique = new Map<string, LogRecord>();
  for (const log of logs) unique.set(log.logId, log);
  return [...unique.values()];
}

/** Writes `logs` as `logs` rows straight into data chunk vectors (see `renderChunks`), in {@link LOG_COLUMN_TYPES} order. */
export function logRowFiller(logs: readonly LogRecord[]): ChunkFiller {
  return (vectors, offset, from, to) => {
    const [logId, time, observed, severityNumber, severityText, body, traceId, spanId, service, resource, attrText, doc] = vectors;
    for (let row = from; row < to; row++) {
      const log = logs[offset + row];
      logId.setItem(row, log.logId);
      time.setItem(row, log.timeUnixNano);
      observed.setItem(row, log.observedTimeUnixNano);
      severityNumber.setItem(row, log.severityNumber);
      severityText.setItem(row, log.severityText);
      body.setItem(row, bodyText(log.body));
      traceId.setItem(row, log.traceId);
      spanId.setItem(row, log.spanId);
      service.setItem(row, log.resource.serviceName);
      resource.setItem(row, resourceId(log.resource));
      attrText.setItem(row, attributeText(log.attributes));
      // A LogDoc as JSON; the resource is stored once in `resources`.
      doc.setItem(row, `{"body":${JSON.stringify(log.body)},"scope":${JSON.stringify(log.scope)},"attributes":${JSON.stringify(log.attributes)}}`);
    }
  };
}

/** Columns a log is rebuilt from, for `FROM logs l` (its resource is looked up by `resource_id`). */
export const LOG_SELECT_COLUMNS = 'l.log_id, l.time_ns, l.observed_ns, l.severity_number, l.severity_text, l.trace_id, l.span_id, l.doc, l.resource_id';

export function rowToLog(row: Row, resourceOf: (id: unknown) => ResourceInfo): LogRecord {
  const doc = decodeJson<LogDoc>(row.doc as string);
  return {
    ...doc,
    resource: resourceOf(row.resource_id),
    logId: row.log_id as string,
    timeUnixNano: toBigInt(row.time_ns),
    observedTimeUnixNano: toBigInt(row.observed_ns),
    severityNumber: toNumber(row.severity_number),
    severityText: row.severity_text as string,
    traceId: row.trace_id as string,
    spanId: row.span_id as string,
  };
}

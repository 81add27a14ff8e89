import type { LogRecord } from '../model/log-record.js';
import type { AttributeFilter, TimeRange } from './time-range.js';

/** Writes log records. Idempotent by `logId` (see {@link SpanWriter} for the rules). */
export interface LogWriter {
  writeLogs(logs: readonly LogRecord[]): Promise<void>;
}

export interface LogQuery {
  range: TimeRange;
  serviceName?: string;
  /** Records with severityNumber >= this (e.g. 17 = ERROR and worse). */
  minSeverityNumber?: number;
  /** Case-insensitive substring of the body (rendered as text). */
  text?: string;
  traceId?: string;
  spanId?: string;
  /** Each filter must match a log or resource attribute. */
  attributes?: AttributeFilter[];
  /** Maximum number of records; most recent first. */
  limit: number;
}

/** Log volume per time bucket and severity, for histograms. */
export interface LogVolumeBucket {
  timeUnixMs: number;
  severityText: string;
  count: number;
}

/** Reads log records. Empty array means nothing matched. */
export interface LogReader {
  /** Records matching the query, newest first. */
  searchLogs(query: LogQuery): Promise<LogRecord[]>;
  /** Every record correlated to the trace, oldest first. No time range needed (like `getTrace`). */
  getLogsForTrace(traceId: string): Promise<LogRecord[]>;
  /**
   * Counts of records matching `query` (its `limit` ignored) per `stepMs` bucket and severity
   * text (upper-cased). Buckets with no records are omitted.
   */
  logVolume(query: LogQuery, stepMs: number): Promise<LogVolumeBucket[]>;
}

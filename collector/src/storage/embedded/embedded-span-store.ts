import type { Span } from '../../model/span.js';
import type { SpanReader, SpanWriter, TraceQuery, TraceSummary } from '../span-store.js';
import type { TimeRange } from '../time-range.js';
import { appendColumns, inTransaction } from './duckdb-database.js';
import type { DuckDbDatabase, Row, SqlParam } from './duckdb-database.js';
import { attributeFilterSql, rangeSql, toBigInt, toNumber } from './row-codec.js';
import { SPAN_COLUMN_TYPES, SPAN_SELECT_COLUMNS, rowToSpan, spansToColumns } from './span-rows.js';

/** Which staged span is the trace's "root" for the summary: a root span first, else the earliest. */
const ROOT_ORDER = 'ORDER BY is_root DESC, start_ns, span_key';

/**
 * Folds the staged (new, deduplicated) spans into the per-trace summaries. Runs in the same
 * transaction as the insert, so a summary never counts a span twice nor misses one.
 */
const UPSERT_TRACE_SUMMARIES = `
INSERT INTO traces
SELECT trace_id, min(start_ns), max(end_ns), max(start_ns), count(*), count(*) FILTER (WHERE is_error),
       list_sort(list_distinct(list(service_name))), bool_or(is_root),
       first(start_ns ${ROOT_ORDER}), first(service_name ${ROOT_ORDER}), first(name ${ROOT_ORDER})
FROM stage_spans GROUP BY trace_id
ON CONFLICT (trace_id) DO UPDATE SET
  start_ns = least(traces.start_ns, excluded.start_ns),
  end_ns = greatest(traces.end_ns, excluded.end_ns),
  last_start_ns = greatest(traces.last_start_ns, excluded.last_start_ns),
  span_count = traces.span_count + excluded.span_count,
  error_count = traces.error_count + excluded.error_count,
  services = list_sort(list_distinct(list_concat(traces.services, excluded.services))),
  has_root = traces.has_root OR excluded.has_root,
  root_start_ns = CASE WHEN ${takesRoot()} THEN excluded.root_start_ns ELSE traces.root_start_ns END,
  root_service = CASE WHEN ${takesRoot()} THEN excluded.root_service ELSE traces.root_service END,
  root_operation = CASE WHEN ${takesRoot()} THEN excluded.root_operation ELSE traces.root_operation END`;

function takesRoot(): string {
  return `((excluded.has_root AND NOT traces.has_root) OR
           (excluded.has_root = traces.has_root AND excluded.root_start_ns < traces.root_start_ns))`;
}

/** Recomputes summaries of `traceFilter`'s traces from their remaining spans (after retention). */
export function recomputeTraceSummariesSql(traceFilter: string): string {
  return `
INSERT OR REPLACE INTO traces
SELECT trace_id, min(start_ns), max(end_ns), max(start_ns), count(*), count(*) FILTER (WHERE is_error),
       list_sort(list_distinct(list(service_name))), bool_or(is_root),
       first(start_ns ${ROOT_ORDER}), first(service_name ${ROOT_ORDER}), first(name ${ROOT_ORDER})
FROM spans WHERE trace_id IN (${traceFilter}) GROUP BY trace_id`;
}

export class EmbeddedSpanStore implements SpanReader, SpanWriter {
  constructor(private readonly db: DuckDbDatabase) {}

  async writeSpans(spans: readonly Span[]): Promise<void> {
    if (spans.length === 0) return;
    const columns = spansToColumns(spans);
    await this.db.write(async (connection) => {
      await connection.run('DELETE FROM stage_spans');
      await appendColumns(connection, 'stage_spans', SPAN_COLUMN_TYPES, columns);
      await inTransaction(connection, async () => {
        // Spans already stored (a retried batch) are dropped from the stage: written once, counted once.
        await connection.run(
          `DELETE FROM stage_spans WHERE span_key IN (
             SELECT s.span_key FROM stage_spans s JOIN spans t ON t.span_key = s.span_key)`,
        );
        await connection.run('INSERT INTO spans SELECT * FROM stage_spans');
        await connection.run(UPSERT_TRACE_SUMMARIES);
      });
    });
  }

  async getTrace(traceId: string): Promise<Span[]> {
    const window = await traceWindow(this.db, traceId);
    if (!window) return [];
    const rows = await this.db.query(
      `SELECT ${SPAN_SELECT_COLUMNS} FROM spans
       WHERE start_ns >= ${window.firstStartNano} AND start_ns <= ${window.lastStartNano} AND trace_id = ?`,
      [traceId],
    );
    return rows.map(rowToSpan);
  }

  async findTraces(query: TraceQuery): Promise<TraceSummary[]> {
    const params: SqlParam[] = [];
    const spanConditions: string[] = [];
    if (query.serviceName !== undefined) {
      spanConditions.push('service_name = ?');
      params.push(query.serviceName);
    }
    if (query.operation !== undefined) {
      spanConditions.push('name = ?');
      params.push(query.operation);
    }
    spanConditions.push(...attributeFilterSql('attr_text', query.attributes, params));
    if (query.minSpanDurationNano !== undefined) spanConditions.push(`duration_ns >= ${Number(query.minSpanDurationNano)}`);
    if (query.maxSpanDurationNano !== undefined) spanConditions.push(`duration_ns <= ${Number(query.maxSpanDurationNano)}`);

    const traceConditions: string[] = [];
    if (query.minTraceDurationNano !== undefined) traceConditions.push(`end_ns - start_ns >= ${Math.ceil(query.minTraceDurationNano)}`);
    if (query.maxTraceDurationNano !== undefined) traceConditions.push(`end_ns - start_ns <= ${Math.floor(query.maxTraceDurationNano)}`);
    if (query.status === 'error') traceConditions.push('error_count > 0');
    if (query.status === 'ok') traceConditions.push('error_count = 0');

    const start = BigInt(query.range.startUnixNano);
    const end = BigInt(query.range.endUnixNano);
    const traceFilter = traceConditions.map((condition) => ` AND ${condition}`).join('');
    const order = `ORDER BY start_ns DESC, trace_id LIMIT ${Math.max(0, Math.floor(query.limit))}`;
    let sql: string;
    if (spanConditions.length > 0) {
      // A span of the trace must match every span filter and start in the range.
      sql = `SELECT * FROM traces WHERE trace_id IN (
               SELECT trace_id FROM spans WHERE ${rangeSql('start_ns', query.range)} AND ${spanConditions.join(' AND ')})
             ${traceFilter} ${order}`;
    } else {
      // No span filter: the summary settles most traces (all span starts inside the range, or
      // none can be). Only traces straddling a range edge are checked against their spans.
      sql = `WITH candidates AS (
               SELECT * FROM traces WHERE start_ns < ${end} AND last_start_ns >= ${start} ${traceFilter}),
             straddling AS (
               SELECT trace_id FROM candidates WHERE start_ns < ${start} OR last_start_ns >= ${end}),
             confirmed AS (
               SELECT DISTINCT trace_id FROM spans
               WHERE ${rangeSql('start_ns', query.range)} AND trace_id IN (SELECT trace_id FROM straddling))
             SELECT * FROM candidates
             WHERE (start_ns >= ${start} AND last_start_ns < ${end}) OR trace_id IN (SELECT trace_id FROM confirmed)
             ${order}`;
    }
    const rows = await this.db.query(sql, params);
    return rows.map(rowToSummary);
  }

  async getServices(range: TimeRange): Promise<string[]> {
    const rows = await this.db.query(
      `SELECT DISTINCT service_name FROM spans WHERE ${rangeSql('start_ns', range)} ORDER BY service_name`,
    );
    return rows.map((row) => row.service_name as string);
  }

  async getOperations(serviceName: string, range: TimeRange): Promise<{ name: string; spanKind: number }[]> {
    const rows = await this.db.query(
      `SELECT DISTINCT name, kind FROM spans WHERE service_name = ? AND ${rangeSql('start_ns', range)} ORDER BY name, kind`,
      [serviceName],
    );
    return rows.map((row) => ({ name: row.name as string, spanKind: toNumber(row.kind) }));
  }
}

/** Where a trace's spans lie in time, from its summary (a primary-key lookup); undefined when unknown. */
export async function traceWindow(
  db: DuckDbDatabase,
  traceId: string,
): Promise<{ firstStartNano: bigint; lastStartNano: bigint; endNano: bigint } | undefined> {
  const [row] = await db.query('SELECT start_ns, last_start_ns, end_ns FROM traces WHERE trace_id = ?', [traceId]);
  if (!row) return undefined;
  return { firstStartNano: toBigInt(row.start_ns), lastStartNano: toBigInt(row.last_start_ns), endNano: toBigInt(row.end_ns) };
}

function rowToSummary(row: Row): TraceSummary {
  const start = toBigInt(row.start_ns);
  return {
    traceId: row.trace_id as string,
    rootServiceName: row.root_service as string,
    rootOperation: row.root_operation as string,
    startTimeUnixNano: start,
    durationNano: Number(toBigInt(row.end_ns) - start),
    spanCount: toNumber(row.span_count),
    errorCount: toNumber(row.error_count),
    services: row.services as string[],
  };
}

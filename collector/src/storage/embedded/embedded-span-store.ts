import type { Span } from '../../model/span.js';
import type { SpanReader, SpanWriter, TraceApiJson, TraceQuery, TraceSummary } from '../span-store.js';
import type { TimeRange } from '../time-range.js';
import { appendChunks, renderChunks, runScript } from './duckdb-database.js';
import type { DuckDbDatabase, Row, SqlParam } from './duckdb-database.js';
import { rangeSql, toBigInt, toNumber } from './row-codec.js';
import { CLEAR_STAGED_RESOURCES, STORE_STAGED_RESOURCES, attributeConditions, stageResources } from './resource-rows.js';
import {
  PACKED_SPAN_COLUMN_TYPES, SPAN_COLUMN_TYPES, SPAN_TUPLE_SQL, packedSpanRowFiller, spanRowFiller, stagedSpans, tupleToSpan,
} from './span-rows.js';
import type { SpanTuple } from './span-rows.js';
import { readTraceApiJson } from './trace-api-json.js';
import { TRACE_KEY_SQL, traceKeyCondition } from './trace-key.js';
import type { ResourceInfo } from '../../model/attributes.js';

/**
 * Which span names the trace in its summary: a root span first, else the earliest. As one number
 * (lower wins) so plain `arg_min` picks it: root spans are shifted 2^62 ns (~146 years) earlier.
 */
const ROOT_RANK = 'start_ns - CASE WHEN is_root THEN 4611686018427387904 ELSE 0 END';


/** The part summary of each trace among `source`'s spans (in `trace_parts` column order). */
function summarisePartsSql(source: string, where = ''): string {
  return `SELECT ${TRACE_KEY_SQL('trace_id')}, trace_id, min(start_ns), max(end_ns), max(start_ns), count(*), count(*) FILTER (WHERE is_error),
       list_sort(list(DISTINCT service_name)), min(${ROOT_RANK}),
       arg_min(service_name, ${ROOT_RANK}), arg_min(name, ${ROOT_RANK})
FROM ${source} ${where} GROUP BY trace_id`;
}

/**
 * Adds one summary part per trace of the staged (new, deduplicated) spans. Runs in the same
 * transaction as the insert, so the parts of a trace never count a span twice nor miss one.
 * Append-only: an upsert of the trace's one summary row (ON CONFLICT DO UPDATE through the
 * primary-key index) cost ~20 µs per trace and batch, 3.5 µs per span, plus the index at every
 * checkpoint; reads merge a trace's few parts instead (see {@link mergedTracesSql}).
 */
export const APPEND_TRACE_PARTS = `INSERT INTO trace_parts ${summarisePartsSql('staged_spans')}`;

/**
 * Whole-trace summaries (the columns of the old one-row-per-trace `traces` table) merged from the
 * parts of the traces `traceIds` (a subquery) selects.
 */
function mergedTracesSql(traceIds: string): string {
  return `SELECT trace_id, min(start_ns) AS start_ns, max(end_ns) AS end_ns, max(last_start_ns) AS last_start_ns,
       sum(span_count)::BIGINT AS span_count, sum(error_count)::BIGINT AS error_count,
       list_sort(list_distinct(flatten(list(services)))) AS services, min(root_rank) AS root_rank,
       arg_min(root_service, root_rank) AS root_service, arg_min(root_operation, root_rank) AS root_operation
FROM trace_parts WHERE trace_id IN (${traceIds}) GROUP BY trace_id`;
}

/** Spans per string a trace is read in (a 10,000-span trace is ~6 MB of JSON). */
const SPANS_PER_PART = 10_000;

/** The first (newest) slice of a trace search; each further slice is four times wider. */
const FIRST_SEARCH_SLICE_NANO = 15n * 60n * 1_000_000_000n;

/** Summaries of traces with a span matching `spanConditions` starting in `range`, newest first. */
function searchSql(range: TimeRange, spanConditions: string[], traceFilter: string, partFilter: string, limit: number): string {
  const start = BigInt(range.startUnixNano);
  const end = BigInt(range.endUnixNano);
  const order = `ORDER BY start_ns DESC, trace_id LIMIT ${limit}`;
  if (spanConditions.length > 0) {
    return `SELECT * FROM (${mergedTracesSql(`SELECT trace_id FROM spans WHERE ${rangeSql('start_ns', range)} AND ${spanConditions.join(' AND ')}`)})
            WHERE true ${traceFilter} ${order}`;
  }
  // No span filter: the summary settles most traces (all span starts inside the range, or none
  // can be). Only traces straddling a range edge are checked against their spans. A trace with a
  // span starting in the range has a part whose span starts overlap the range, so the parts
  // overlapping it name every candidate; `partFilter` (a condition every trace that passes
  // `traceFilter` has a part meeting) leaves fewer traces to merge.
  return `WITH candidates AS (
            SELECT * FROM (${mergedTracesSql(`SELECT trace_id FROM trace_parts WHERE start_ns < ${end} AND last_start_ns >= ${start}${partFilter}`)})
            WHERE true ${traceFilter}),
          straddling AS (
            SELECT trace_id FROM candidates WHERE start_ns < ${start} OR last_start_ns >= ${end}),
          confirmed AS (
            SELECT DISTINCT trace_id FROM spans
            WHERE ${rangeSql('start_ns', range)} AND trace_id IN (SELECT trace_id FROM straddling))
          SELECT * FROM candidates
          WHERE (start_ns >= ${start} AND last_start_ns < ${end}) OR trace_id IN (SELECT trace_id FROM confirmed)
          ${order}`;
}

/**
 * Statements that rebuild the summary parts of the traces `traceFilter` selects from their
 * remaining spans (after retention): one part each, none for a trace left without spans.
 */
export function recomputeTraceSummariesSql(traceFilter: string): string[] {
  return [
    `CREATE OR REPLACE TEMP TABLE recompute_traces AS ${traceFilter}`,
    'DELETE FROM trace_parts WHERE trace_id IN (SELECT trace_id FROM recompute_traces)',
    `INSERT INTO trace_parts ${summarisePartsSql('spans', 'WHERE trace_id IN (SELECT trace_id FROM recompute_traces)')}`,
    'DROP TABLE recompute_traces',
  ];
}

export class EmbeddedSpanStore implements SpanReader, SpanWriter {
  constructor(private readonly db: DuckDbDatabase) {}

  async writeSpans(spans: readonly Span[]): Promise<void> {
    if (spans.length === 0) return;
    const staged = stagedSpans(spans);
    const packed = await renderChunks(PACKED_SPAN_COLUMN_TYPES, staged.packed.spans.length, packedSpanRowFiller(staged.packed));
    const unpacked = await renderChunks(SPAN_COLUMN_TYPES, staged.unpacked.spans.length, spanRowFiller(staged.unpacked));
    let earliest = spans[0].startTimeUnixNano;
    let latest = earliest;
    for (const span of spans) {
      if (span.startTimeUnixNano < earliest) earliest = span.startTimeUnixNano;
      if (span.startTimeUnixNano > latest) latest = span.startTimeUnixNano;
    }
    await this.db.write(async (connection) => {
      await appendChunks(connection, 'stage_packed_spans', packed);
      await appendChunks(connection, 'stage_spans', unpacked);
      await stageResources(connection, new Set(spans.map((span) => span.resource)));
      // One round trip. Spans already stored (a retried batch) are dropped from the stage, so each
      // span is written and counted once; a stored copy has the same start time, so only row
      // groups within the batch's time window are probed (zone maps on start_ns).
      const stored = (stage: string) => `DELETE FROM ${stage} WHERE span_key IN (
           SELECT s.span_key FROM ${stage} s JOIN spans t ON t.span_key = s.span_key
           WHERE t.start_ns >= ${earliest} AND t.start_ns <= ${latest})`;
      await runScript(connection, [
        stored('stage_packed_spans'),
        ...(unpacked.length > 0 ? [stored('stage_spans')] : []),
        'INSERT INTO spans SELECT * FROM staged_spans',
        APPEND_TRACE_PARTS,
        STORE_STAGED_RESOURCES,
      ], `DELETE FROM stage_packed_spans; DELETE FROM stage_spans; ${CLEAR_STAGED_RESOURCES}`);
    });
  }

  async getTrace(traceId: string): Promise<Span[]> {
    const window = await traceWindow(this.db, traceId);
    return window ? this.spansIn(traceId, window) : [];
  }

  async getTraceApiJson(traceId: string): Promise<TraceApiJson | undefined> {
    const window = await traceWindow(this.db, traceId);
    if (!window) return undefined;
    return readTraceApiJson(this.db, traceId, window, () => this.spansIn(traceId, window));
  }

  /** The spans of a trace whose summary gave `window`. */
  private async spansIn(traceId: string, window: TraceWindow): Promise<Span[]> {
    // A few strings for the whole trace (see SPAN_TUPLE_SQL): part 0 holds its resources as a JSON
    // object by id (a resource is shared by thousands of spans, so it is read once), the other
    // parts the spans, at most ~SPANS_PER_PART each so no single string grows without bound.
    const parts = Math.max(1, Math.ceil(window.spanCount / SPANS_PER_PART));
    const rows = await this.db.query(
      `WITH t AS MATERIALIZED (
         SELECT * FROM spans
         WHERE start_ns >= ${window.firstStartNano} AND start_ns <= ${window.lastStartNano} AND trace_id = ?)
       SELECT 0 AS part, string_agg(to_json(resource_id::VARCHAR) || ':' || doc, ',') AS json FROM resources
       WHERE resource_id IN (SELECT DISTINCT resource_id FROM t)
       UNION ALL
       SELECT 1 + hash(span_key) % ${parts} AS part, string_agg(${SPAN_TUPLE_SQL}, ',') AS json FROM t GROUP BY part`,
      [traceId],
    );
    let resources = new Map<string, ResourceInfo>();
    const spans: Span[] = [];
    for (const row of rows) {
      if (toNumber(row.part) === 0) resources = new Map(Object.entries(JSON.parse(`{${(row.json as string | null) ?? ''}}`) as Record<string, ResourceInfo>));
    }
    for (const row of rows) {
      if (toNumber(row.part) === 0 || row.json === null) continue;
      for (const tuple of JSON.parse(`[${row.json as string}]`) as SpanTuple[]) spans.push(tupleToSpan(traceId, tuple, resources));
    }
    return spans;
  }

  async findTraces(query: TraceQuery): Promise<TraceSummary[]> {
    const limit = Math.max(0, Math.floor(query.limit));
    if (limit === 0) return [];
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
    spanConditions.push(...(await attributeConditions(this.db, 'attr_text', 'resource_id', query.attributes, params)));
    if (query.minSpanDurationNano !== undefined) spanConditions.push(`duration_ns >= ${Number(query.minSpanDurationNano)}`);
    if (query.maxSpanDurationNano !== undefined) spanConditions.push(`duration_ns <= ${Number(query.maxSpanDurationNano)}`);

    const traceConditions: string[] = [];
    if (query.minTraceDurationNano !== undefined) traceConditions.push(`end_ns - start_ns >= ${Math.ceil(query.minTraceDurationNano)}`);
    if (query.maxTraceDurationNano !== undefined) traceConditions.push(`end_ns - start_ns <= ${Math.floor(query.maxTraceDurationNano)}`);
    if (query.status === 'error') traceConditions.push('error_count > 0');
    if (query.status === 'ok') traceConditions.push('error_count = 0');
    const traceFilter = traceConditions.map((condition) => ` AND ${condition}`).join('');
    // A trace with an error has a part with one: merging only those traces' parts makes an
    // error search cheaper (the traces with an error are a small share of those in a range).
    const partFilter = query.status === 'error' ? ' AND error_count > 0' : '';

    // Newest first, so search the newest slice of the range first and widen it only when needed.
    // A trace absent from a slice's answer has every matching span before the slice, so it
    // started before the slice: once `limit` traces starting inside the slice are found, no
    // trace outside can outrank them.
    const start = BigInt(query.range.startUnixNano);
    const end = BigInt(query.range.endUnixNano);
    for (let width = FIRST_SEARCH_SLICE_NANO; ; width *= 4n) {
      const sliceStart = end - width > start ? end - width : start;
      const sql = searchSql({ startUnixNano: sliceStart, endUnixNano: end }, spanConditions, traceFilter, partFilter, limit);
      const rows = await this.db.query(sql, params);
      const last = rows[rows.length - 1];
      if (sliceStart === start || (rows.length === limit && toBigInt(last.start_ns) >= sliceStart)) return rows.map(rowToSummary);
    }
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

/** Where a trace's spans lie in time (first and last span start), and how many there are. */
export interface TraceWindow {
  firstStartNano: bigint;
  lastStartNano: bigint;
  spanCount: number;
}

/** A trace's {@link TraceWindow}, from its summary (a primary-key lookup); undefined when unknown. */
async function traceWindow(db: DuckDbDatabase, traceId: string): Promise<TraceWindow | undefined> {
  const [row] = await db.query(
    `SELECT min(start_ns) AS start_ns, max(last_start_ns) AS last_start_ns, sum(span_count) AS span_count
     FROM trace_parts WHERE ${traceKeyCondition(traceId)}trace_id = ?`,
    [traceId],
  );
  if (!row || row.start_ns === null) return undefined;
  return {
    firstStartNano: toBigInt(row.start_ns),
    lastStartNano: toBigInt(row.last_start_ns),
    spanCount: toNumber(row.span_count),
  };
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

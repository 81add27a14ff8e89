import type { DuckDBConnection } from '@duckdb/node-api';
import { TRACE_KEY_SQL } from './trace-key.js';
import { CREATE_PACKED_STAGE, STAGED_SPANS_VIEW } from './span-rows.js';
import { EDGE_ROLLUP, SPAN_METRICS_ROLLUP, rollupSchemaStatements } from './aggregate-rollup.js';

/**
 * Tables of the embedded store. Times are Unix epoch nanoseconds in BIGINT (exact, good until
 * 2262); aggregate minutes are Unix ms; aggregate histograms are
 * `DOUBLE[]` of (bucket, count) pairs (see histogram-pairs.ts). Attributes live twice: the full typed values inside `doc`
 * (JSON, for faithful round trips) and rendered into `attr_text` (see `attributeText`: one string
 * any key can be filtered on by substring, no schema change per key).
 *
 * Spans and logs reference their resource in `resources` (stored once; see resource-rows.ts);
 * a resource-attribute filter matches through it.
 *
 * Idempotency: spans are keyed by `span_key` (trace id's low 64 bits ‖ span id) and logs by their
 * deterministic `log_id`, both deduplicated against the stored rows of the batch's time window
 * while writing (a retried copy has the same time; zone maps skip the rest); metric points and
 * aggregates have a PRIMARY KEY on their deterministic id. (A primary key on `logs` cost ~10 µs
 * per log in index upkeep at insert, commit and checkpoint; files that have one lose it on open,
 * see {@link dropLogsPrimaryKey}.) `trace_parts` summarises each trace at write time so searches never
 * aggregate raw spans: one part per trace and write batch (append-only, no index to maintain;
 * `trace_key` is the trace id's low 64 bits, a number to scan for instead of a string), merged
 * by trace id when read. Files from before the parts held one `traces` row per trace, moved
 * into parts on open ({@link moveLegacyTraceSummaries}).
 *
 * `log_traces` is the same for logs: per trace id, the time span of its logs. Logs of a trace are
 * then read from that window only, and a trace without logs (the common case) costs one
 * primary-key probe instead of a scan of every log.
 *
 * Trace by id needs no index on `spans`: the summary parts (a scan of one number column) give the trace's time
 * window, and since spans are appended roughly in time order, DuckDB's per-row-group min/max
 * (zone maps) on `start_ns` skip everything outside it. An ART index on `spans.trace_id` was
 * measured to cost more at ingest (index maintenance and checkpoints) than it saves.
 */
export const SCHEMA_STATEMENTS: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS spans (
    trace_id VARCHAR NOT NULL,
    span_id VARCHAR NOT NULL,
    span_key UHUGEINT NOT NULL,
    parent_span_id VARCHAR NOT NULL,
    name VARCHAR NOT NULL,
    kind UTINYINT NOT NULL,
    start_ns BIGINT NOT NULL,
    end_ns BIGINT NOT NULL,
    duration_ns DOUBLE NOT NULL,
    status_code UTINYINT NOT NULL,
    service_name VARCHAR NOT NULL,
    resource_id UBIGINT NOT NULL,
    is_root BOOLEAN NOT NULL,
    is_error BOOLEAN NOT NULL,
    attr_text VARCHAR NOT NULL,
    doc VARCHAR NOT NULL
  )`,
  `CREATE TABLE IF NOT EXISTS trace_parts (
    trace_key UBIGINT NOT NULL,
    trace_id VARCHAR NOT NULL,
    start_ns BIGINT NOT NULL,
    end_ns BIGINT NOT NULL,
    last_start_ns BIGINT NOT NULL,
    span_count BIGINT NOT NULL,
    error_count BIGINT NOT NULL,
    services VARCHAR[] NOT NULL,
    root_rank BIGINT NOT NULL,
    root_service VARCHAR NOT NULL,
    root_operation VARCHAR NOT NULL
  )`,
  `CREATE TABLE IF NOT EXISTS logs (
    log_id VARCHAR NOT NULL,
    time_ns BIGINT NOT NULL,
    observed_ns BIGINT NOT NULL,
    severity_number UTINYINT NOT NULL,
    severity_text VARCHAR NOT NULL,
    body_text VARCHAR NOT NULL,
    trace_id VARCHAR NOT NULL,
    span_id VARCHAR NOT NULL,
    service_name VARCHAR NOT NULL,
    resource_id UBIGINT NOT NULL,
    attr_text VARCHAR NOT NULL,
    doc VARCHAR NOT NULL
  )`,
  `CREATE TABLE IF NOT EXISTS log_traces (
    trace_id VARCHAR PRIMARY KEY,
    first_ns BIGINT NOT NULL,
    last_ns BIGINT NOT NULL
  )`,
  `CREATE TABLE IF NOT EXISTS resources (
    resource_id UBIGINT PRIMARY KEY,
    attr_text VARCHAR NOT NULL,
    doc VARCHAR NOT NULL
  )`,
  `CREATE TABLE IF NOT EXISTS metric_points (
    point_id VARCHAR PRIMARY KEY,
    name VARCHAR NOT NULL,
    description VARCHAR NOT NULL,
    unit VARCHAR NOT NULL,
    type VARCHAR NOT NULL,
    time_ns BIGINT NOT NULL,
    service_name VARCHAR NOT NULL,
    attr_text VARCHAR NOT NULL,
    attr_keys VARCHAR[] NOT NULL,
    doc VARCHAR NOT NULL
  )`,
  `CREATE TABLE IF NOT EXISTS span_metrics (
    id VARCHAR PRIMARY KEY,
    minute_ms BIGINT NOT NULL,
    service_name VARCHAR NOT NULL,
    operation VARCHAR NOT NULL,
    span_kind UTINYINT NOT NULL,
    status_code UTINYINT NOT NULL,
    calls BIGINT NOT NULL,
    errors BIGINT NOT NULL,
    duration_sum_ns DOUBLE NOT NULL,
    hist DOUBLE[] NOT NULL
  )`,
  `CREATE TABLE IF NOT EXISTS service_graph_edges (
    id VARCHAR PRIMARY KEY,
    minute_ms BIGINT NOT NULL,
    client VARCHAR NOT NULL,
    server VARCHAR NOT NULL,
    server_kind VARCHAR NOT NULL,
    calls BIGINT NOT NULL,
    errors BIGINT NOT NULL,
    duration_sum_ns DOUBLE NOT NULL,
    hist DOUBLE[] NOT NULL
  )`,
  ...rollupSchemaStatements(SPAN_METRICS_ROLLUP),
  ...rollupSchemaStatements(EDGE_ROLLUP),
];

/** Per-connection staging tables (TEMP: never persisted) that batches are bulk-appended into. */
export const STAGING_STATEMENTS: readonly string[] = [
  `CREATE TEMP TABLE IF NOT EXISTS stage_spans AS SELECT * FROM spans LIMIT 0`,
  CREATE_PACKED_STAGE,
  STAGED_SPANS_VIEW,
  `CREATE TEMP TABLE IF NOT EXISTS stage_resources AS SELECT * FROM resources LIMIT 0`,
  `CREATE TEMP TABLE IF NOT EXISTS stage_logs AS SELECT * FROM logs LIMIT 0`,
  `CREATE TEMP TABLE IF NOT EXISTS stage_metric_points AS SELECT * FROM metric_points LIMIT 0`,
  `CREATE TEMP TABLE IF NOT EXISTS stage_span_metrics AS SELECT * FROM span_metrics LIMIT 0`,
  `CREATE TEMP TABLE IF NOT EXISTS stage_service_graph_edges AS SELECT * FROM service_graph_edges LIMIT 0`,
];

/**
 * Aggregate tables written before histograms became `DOUBLE[]` pairs held BLOBs. They are
 * dropped (and recreated empty by the schema statements): aggregates are derived data, and a
 * file mixing both encodings could not be read. Spans, logs and metric points are untouched.
 * Files from before the 5-minute rollup level lose their (rebuildable) rollups: their freshness
 * markers would otherwise vouch for 5-minute rows that were never written.
 */
export async function dropLegacyAggregateTables(connection: DuckDBConnection): Promise<void> {
  const count = async (sql: string): Promise<number> => Number((await connection.runAndReadAll(sql)).getRows()[0][0]);
  const blobs = await count(
    `SELECT count(*) FROM information_schema.columns WHERE table_schema = 'main' AND column_name = 'hist' AND data_type = 'BLOB'`,
  );
  for (const table of ['span_metrics', 'service_graph_edges']) {
    const tables = `SELECT count(*) FROM information_schema.tables WHERE table_schema = 'main' AND table_name =`;
    const withoutSubRollup = (await count(`${tables} '${table}_rollup_state'`)) > 0 && (await count(`${tables} '${table}_rollup5'`)) === 0;
    const drop = blobs > 0 ? ['', '_rollup', '_rollup5', '_rollup_state'] : withoutSubRollup ? ['_rollup', '_rollup_state'] : [];
    for (const suffix of drop) await connection.run(`DROP TABLE IF EXISTS ${table}${suffix}`);
  }
}

/**
 * Folds the logs of `source` into the per-trace log windows (`log_traces`). Only min/max: a log
 * folded twice (a retried batch) changes nothing.
 */
export function foldLogTracesSql(source: string): string {
  return `INSERT INTO log_traces
SELECT trace_id, min(time_ns), max(time_ns) FROM ${source} WHERE trace_id <> '' GROUP BY trace_id
ON CONFLICT (trace_id) DO UPDATE SET
  first_ns = least(log_traces.first_ns, excluded.first_ns),
  last_ns = greatest(log_traces.last_ns, excluded.last_ns)`;
}

/**
 * Summarises the logs of a file written before `log_traces` existed: run it when
 * {@link logTracesMissing} said so before the schema statements created the table.
 */
export const FILL_LOG_TRACES = foldLogTracesSql('logs');

/** Whether the file holds a `logs` table but no `log_traces` (a file from before the summary). */
export async function logTracesMissing(connection: DuckDBConnection): Promise<boolean> {
  const rows = (await connection.runAndReadAll(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' AND table_name IN ('logs', 'log_traces')`,
  )).getRows();
  return rows.length === 1 && rows[0][0] === 'logs';
}

/**
 * Moves the one-row-per-trace summaries of a file written before `trace_parts` into parts (one
 * each) and drops the old table. Run after the schema statements created `trace_parts`.
 */
export async function moveLegacyTraceSummaries(connection: DuckDBConnection): Promise<void> {
  const rows = (await connection.runAndReadAll(
    `SELECT count(*) FROM information_schema.tables WHERE table_schema = 'main' AND table_name = 'traces'`,
  )).getRows();
  if (Number(rows[0][0]) === 0) return;
  await connection.run(`BEGIN TRANSACTION;
INSERT INTO trace_parts SELECT ${TRACE_KEY_SQL('trace_id')}, trace_id, start_ns, end_ns, last_start_ns, span_count, error_count,
  services, root_rank, root_service, root_operation FROM traces;
DROP TABLE traces;
COMMIT`);
}

/**
 * Rebuilds a `logs` table written with a PRIMARY KEY on `log_id` (files from before logs were
 * deduplicated by time window) without it: DuckDB cannot drop a primary key in place. One copy
 * of the table, once.
 */
export async function dropLogsPrimaryKey(connection: DuckDBConnection): Promise<void> {
  const rows = (await connection.runAndReadAll(
    `SELECT count(*) FROM duckdb_constraints() WHERE schema_name = 'main' AND table_name = 'logs' AND constraint_type = 'PRIMARY KEY'`,
  )).getRows();
  if (Number(rows[0][0]) === 0) return;
  const create = SCHEMA_STATEMENTS.find((statement) => statement.includes('CREATE TABLE IF NOT EXISTS logs ('));
  if (!create) throw new Error('embedded schema: no logs table');
  await connection.run(`BEGIN TRANSACTION;
ALTER TABLE logs RENAME TO logs_with_primary_key;
${create};
INSERT INTO logs SELECT * FROM logs_with_primary_key ORDER BY time_ns;
DROP TABLE logs_with_primary_key;
COMMIT`);
}

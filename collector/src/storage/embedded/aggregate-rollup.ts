import { BIGINT, DOUBLE, UTINYINT, VARCHAR } from '@duckdb/node-api';
import type { DuckDBConnection, DuckDBType, DuckDBValue } from '@duckdb/node-api';
import { appendColumns, inTransaction } from './duckdb-database.js';
import type { DuckDbDatabase } from './duckdb-database.js';
import { HISTOGRAM_TYPE, HistogramAccumulator } from './histogram-pairs.js';

/**
 * Rollups of the per-minute aggregate tables into 15-minute rows.
 *
 * Why: RED and service-map queries over 24 h would otherwise merge the histograms of every
 * minute row (1,440 rows per series per day). The rollup holds one row per series per 15 minutes
 * with totals added and histograms merged, so a day is 96 rows per series; queries with no step
 * or a step that is a multiple of 15 minutes read those.
 *
 * Correctness under rewrites: a rollup bucket is used only while its marker row exists in
 * `<table>_rollup_state`. Every write of minute rows deletes the markers of the buckets it touches
 * in the same transaction; such buckets are read from the minute rows until the next compaction
 * rebuilds them. Nothing is ever counted twice (a bucket is read either from its rollup row or
 * from its minute rows); a write landing between a query's marker lookup and its read may show
 * up one query later.
 */
export const ROLLUP_MS = 900_000;

export interface RollupTable {
  table: 'span_metrics' | 'service_graph_edges';
  /** Dimension columns, in table order, with their types. */
  dimensions: readonly string[];
  dimensionTypes: readonly DuckDBType[];
}

export const SPAN_METRICS_ROLLUP: RollupTable = {
  table: 'span_metrics',
  dimensions: ['service_name', 'operation', 'span_kind', 'status_code'],
  dimensionTypes: [VARCHAR, VARCHAR, UTINYINT, UTINYINT],
};
export const EDGE_ROLLUP: RollupTable = {
  table: 'service_graph_edges',
  dimensions: ['client', 'server', 'server_kind'],
  dimensionTypes: [VARCHAR, VARCHAR, VARCHAR],
};

const VALUE_COLUMNS = 'calls, errors, duration_sum_ns, hist';

export function rollupSchemaStatements(rollup: RollupTable): string[] {
  const { table, dimensions } = rollup;
  return [
    `CREATE TABLE IF NOT EXISTS ${table}_rollup AS
       SELECT minute_ms AS bucket_ms, ${dimensions.join(', ')}, ${VALUE_COLUMNS} FROM ${table} LIMIT 0`,
    `CREATE TABLE IF NOT EXISTS ${table}_rollup_state (bucket_ms BIGINT PRIMARY KEY)`,
  ];
}

export function rollupStagingStatements(rollup: RollupTable): string[] {
  return [`CREATE TEMP TABLE IF NOT EXISTS stage_${rollup.table}_rollup AS SELECT * FROM ${rollup.table}_rollup LIMIT 0`];
}

/** Run inside the write transaction after staging rows: marks the touched buckets stale. */
export function invalidateRollupSql(rollup: RollupTable): string {
  return `DELETE FROM ${rollup.table}_rollup_state WHERE bucket_ms IN (
            SELECT DISTINCT minute_ms // ${ROLLUP_MS} * ${ROLLUP_MS} FROM stage_${rollup.table})`;
}

export function bucketOf(minuteUnixMs: number): number {
  return Math.floor(minuteUnixMs / ROLLUP_MS) * ROLLUP_MS;
}

/**
 * SQL of the rows a query should aggregate for minutes in [fromMs, toMs): rollup rows for the
 * up-to-date 15-minute buckets lying wholly in the window and, when grouping by `stepMs` (steps
 * aligned to multiples of the step, as `minute_ms // step * step` does), wholly inside one step;
 * minute rows for the rest. So any step is served mostly from rollups: a 24-minute step (a
 * 24 h sparkline's default) reads minute rows only for the buckets a step boundary cuts through.
 * Columns: minute_ms (a bucket start for rollup rows), the dimensions and the values.
 *
 * The up-to-date buckets are looked up first (a small table) so that both parts become plain
 * `minute_ms`/`bucket_ms` ranges: DuckDB's zone maps then skip the minute rows the rollup covers
 * instead of anti-joining every minute row of the window.
 */
export async function aggregateSourceSql(
  db: DuckDbDatabase,
  rollup: RollupTable,
  fromMs: bigint,
  toMs: bigint,
  stepMs: number | undefined,
): Promise<string> {
  const { table, dimensions } = rollup;
  const columns = `${dimensions.join(', ')}, ${VALUE_COLUMNS}`;
  const minutesIn = (ranges: [bigint, bigint][]): string =>
    `SELECT minute_ms, ${columns} FROM ${table} WHERE ${
      ranges.length === 0 ? 'false' : ranges.map(([from, to]) => `(minute_ms >= ${from} AND minute_ms < ${to})`).join(' OR ')
    }`;
  const step = stepMs === undefined ? undefined : BigInt(Math.max(60_000, Math.floor(stepMs)));
  // A step shorter than a bucket: every bucket is cut by step boundaries.
  if (step !== undefined && step < BigInt(ROLLUP_MS)) return minutesIn([[fromMs, toMs]]);
  const rows = await db.query(
    `SELECT bucket_ms FROM ${table}_rollup_state WHERE bucket_ms >= ${fromMs} AND bucket_ms + ${ROLLUP_MS} <= ${toMs} ORDER BY bucket_ms`,
  );
  const withinOneStep = (bucket: bigint): boolean =>
    step === undefined || bucket / step === (bucket + BigInt(ROLLUP_MS) - 1n) / step;
  const fresh = rows.map((row) => BigInt(row.bucket_ms as bigint)).filter(withinOneStep);
  if (fresh.length === 0) return minutesIn([[fromMs, toMs]]);
  // Runs of consecutive fresh buckets, and the minute ranges around them.
  const runs: [bigint, bigint][] = [];
  for (const bucket of fresh) {
    const last = runs[runs.length - 1];
    if (last && last[1] === bucket) last[1] = bucket + BigInt(ROLLUP_MS);
    else runs.push([bucket, bucket + BigInt(ROLLUP_MS)]);
  }
  const gaps: [bigint, bigint][] = [];
  let cursor = fromMs;
  for (const [runStart, runEnd] of runs) {
    if (runStart > cursor) gaps.push([cursor, runStart]);
    cursor = runEnd;
  }
  if (cursor < toMs) gaps.push([cursor, toMs]);
  const rolled = runs.map(([from, to]) => `(bucket_ms >= ${from} AND bucket_ms < ${to})`).join(' OR ');
  return `${minutesIn(gaps)}
          UNION ALL
          SELECT bucket_ms AS minute_ms, ${columns} FROM ${table}_rollup WHERE ${rolled}`;
}

/**
 * Rebuilds the rollup rows of stale buckets. `skip` says which buckets to leave for later (still
 * being written to: rebuilding them now would be wasted work). At most `maxBuckets` per call.
 * Returns how many buckets were rebuilt.
 */
export async function compactRollup(
  connection: DuckDBConnection,
  rollup: RollupTable,
  skip: (bucketMs: number) => boolean,
  maxBuckets = 200,
): Promise<number> {
  const { table, dimensions, dimensionTypes } = rollup;
  const bucketExpression = `minute_ms // ${ROLLUP_MS} * ${ROLLUP_MS}`;
  const stale = await connection.runAndReadAll(
    `SELECT DISTINCT ${bucketExpression} AS bucket FROM ${table}
     WHERE ${bucketExpression} NOT IN (SELECT bucket_ms FROM ${table}_rollup_state) ORDER BY bucket`,
  );
  const buckets = stale
    .getRowObjectsJS()
    .map((row) => Number(row.bucket as bigint))
    .filter((bucket) => !skip(bucket))
    .slice(0, maxBuckets);
  if (buckets.length === 0) return 0;
  const list = buckets.join(', ');
  const dims = dimensions.join(', ');
  const grouped = await connection.runAndReadAll(
    `SELECT ${bucketExpression} AS bucket_ms, ${dims}, sum(calls) AS calls, sum(errors) AS errors,
            sum(duration_sum_ns) AS duration_sum_ns, flatten(list(hist)) AS hists
     FROM ${table}
     WHERE minute_ms >= ${buckets[0]} AND minute_ms < ${buckets[buckets.length - 1] + ROLLUP_MS}
       AND ${bucketExpression} IN (${list})
     GROUP BY ${bucketExpression}, ${dims}`,
  );
  const types: DuckDBType[] = [BIGINT, ...dimensionTypes, BIGINT, BIGINT, DOUBLE, HISTOGRAM_TYPE];
  const columns: DuckDBValue[][] = types.map(() => []);
  for (const row of grouped.getRowObjectsJS()) {
    const accumulator = new HistogramAccumulator();
    accumulator.add(row.hists as number[]);
    const values: DuckDBValue[] = [
      row.bucket_ms as bigint,
      ...dimensions.map((dimension) => row[dimension] as DuckDBValue),
      BigInt(row.calls as bigint),
      BigInt(row.errors as bigint),
      Number(row.duration_sum_ns),
      accumulator.encode(),
    ];
    values.forEach((value, i) => columns[i].push(value));
  }
  await connection.run(`DELETE FROM stage_${table}_rollup`);
  await appendColumns(connection, `stage_${table}_rollup`, types, columns);
  await inTransaction(connection, async () => {
    await connection.run(`DELETE FROM ${table}_rollup WHERE bucket_ms IN (${list})`);
    await connection.run(`INSERT INTO ${table}_rollup SELECT * FROM stage_${table}_rollup`);
    await connection.run(`INSERT OR IGNORE INTO ${table}_rollup_state SELECT unnest([${list}]::BIGINT[])`);
  });
  return buckets.length;
}

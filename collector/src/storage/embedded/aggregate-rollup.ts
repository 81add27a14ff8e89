import { UTINYINT, VARCHAR } from '@duckdb/node-api';
import type { DuckDBConnection, DuckDBType } from '@duckdb/node-api';
import { effectiveStepMs, planRollups, ROLLUP_MS, SUB_ROLLUP_MS } from '../aggregate-minutes.js';
import type { MsRanges } from '../aggregate-minutes.js';
import { inTransaction } from './duckdb-database.js';
import type { DuckDbDatabase } from './duckdb-database.js';

/**
 * Rollups of the per-minute aggregate tables into 15-minute rows.
 *
 * Why: RED and service-map queries over 24 h would otherwise merge the histograms of every
 * minute row (1,440 rows per series per day). The rollup holds one row per series per 15 minutes
 * with totals added and histograms merged, so a day is 96 rows per series; queries with no step
 * or a step that is a multiple of 15 minutes read those. Each bucket is also rolled up into three
 * 5-minute rows (`<table>_rollup5`), rebuilt with it, so steps that are not multiples of 15 minutes
 * (a 5-minute step; the 24-minute default of a 24 h sparkline) read 5-minute rows where a step
 * boundary cuts a 15-minute bucket, and minute rows only where it cuts a 5-minute one.
 *
 * Correctness under rewrites: a rollup bucket is used only while its marker row exists in
 * `<table>_rollup_state`. Every write of minute rows deletes the markers of the buckets it touches
 * in the same transaction; such buckets are read from the minute rows until the next compaction
 * rebuilds them. Nothing is ever counted twice (a bucket is read either from its rollup row or
 * from its minute rows); a write landing between a query's marker lookup and its read may show
 * up one query later. Widths and which rows a query reads: aggregate-minutes.ts (both backends).
 */

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
    `CREATE TABLE IF NOT EXISTS ${table}_rollup5 AS SELECT * FROM ${table}_rollup LIMIT 0`,
    `CREATE TABLE IF NOT EXISTS ${table}_rollup_state (bucket_ms BIGINT PRIMARY KEY)`,
  ];
}

/** Run inside the write transaction after staging rows: marks the touched buckets stale. */
export function invalidateRollupSql(rollup: RollupTable): string {
  return `DELETE FROM ${rollup.table}_rollup_state WHERE bucket_ms IN (
            SELECT DISTINCT minute_ms // ${ROLLUP_MS} * ${ROLLUP_MS} FROM stage_${rollup.table})`;
}

/**
 * SQL of the rows a query should aggregate for minutes in [fromMs, toMs), as `planRollups` plans
 * them from the up-to-date buckets (those with a marker row). Columns: minute_ms (a bucket start
 * for rollup rows), the dimensions and the values.
 *
 * The up-to-date buckets are looked up first (a small table) so that every part becomes plain
 * `minute_ms`/`bucket_ms` ranges: DuckDB's zone maps then skip the minute rows the rollups cover
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
  const inRanges = (column: string, ranges: MsRanges, unit = 60_000): string => {
    if (ranges.length === 0) return 'false';
    const ors = ranges.map(([from, to]) => `(${column} >= ${from} AND ${column} < ${to})`).join(' OR ');
    if (ranges.length <= 4) return ors;
    const units: number[] = [];
    for (const [from, to] of ranges) for (let at = Math.floor(from / unit); at * unit < to && units.length <= 5_000; at++) units.push(at);
    if (units.length > 5_000) return ors;
    // Many short ranges: one bounding range (for zone maps) and a hashed IN list, much cheaper
    // per row than a long chain of ORs.
    return `${column} >= ${ranges[0][0]} AND ${column} < ${ranges[ranges.length - 1][1]} AND ${column} // ${unit} IN (${units.join(', ')})`;
  };
  // A step shorter than 5 minutes cuts every rollup row: no need to look the buckets up.
  const freshBuckets =
    stepMs !== undefined && effectiveStepMs(stepMs) < SUB_ROLLUP_MS
      ? []
      : await db.query(
          `SELECT bucket_ms FROM ${table}_rollup_state WHERE bucket_ms >= ${fromMs} AND bucket_ms + ${ROLLUP_MS} <= ${toMs} ORDER BY bucket_ms`,
        );
  const plan = planRollups(Number(fromMs), Number(toMs), stepMs, freshBuckets.map((row) => Number(row.bucket_ms)));
  const parts = [`SELECT minute_ms, ${columns} FROM ${table} WHERE ${inRanges('minute_ms', plan.minutes)}`];
  if (plan.coarse.length > 0) parts.push(`SELECT bucket_ms AS minute_ms, ${columns} FROM ${table}_rollup WHERE ${inRanges('bucket_ms', plan.coarse, ROLLUP_MS)}`);
  if (plan.fine.length > 0) parts.push(`SELECT bucket_ms AS minute_ms, ${columns} FROM ${table}_rollup5 WHERE ${inRanges('bucket_ms', plan.fine, SUB_ROLLUP_MS)}`);
  return parts.join('\n          UNION ALL\n          ');
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
  const { table } = rollup;
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
  await inTransaction(connection, async () => {
    for (const [suffix, widthMs] of [['', ROLLUP_MS], ['5', SUB_ROLLUP_MS]] as const) {
      await connection.run(`DELETE FROM ${table}_rollup${suffix} WHERE ${bucketExpression.replace('minute_ms', 'bucket_ms')} IN (${list})`);
      await connection.run(`INSERT INTO ${table}_rollup${suffix} ${rollupSelectSql(rollup, widthMs, buckets)}`);
    }
    await connection.run(`INSERT OR IGNORE INTO ${table}_rollup_state SELECT unnest([${list}]::BIGINT[])`);
  });
  return buckets.length;
}

/**
 * The minute rows of `buckets` summed per series into `widthMs` parts, in rollup-table column
 * order. Entirely in SQL (histogram pairs un-nested, summed per bucket index and re-listed in
 * index order), so compaction runs on DuckDB's threads and never holds up the JS event loop that
 * every query shares; rows without histogram entries keep an empty list.
 */
function rollupSelectSql(rollup: RollupTable, widthMs: number, buckets: readonly number[]): string {
  const { table, dimensions } = rollup;
  const dims = dimensions.join(', ');
  const part = `minute_ms // ${widthMs} * ${widthMs}`;
  const source = `SELECT * FROM ${table}
     WHERE minute_ms >= ${buckets[0]} AND minute_ms < ${buckets[buckets.length - 1] + ROLLUP_MS}
       AND minute_ms // ${ROLLUP_MS} * ${ROLLUP_MS} IN (${buckets.join(', ')})`;
  return `
    WITH source AS (${source}),
    totals AS (
      SELECT ${part} AS bucket_ms, ${dims}, sum(calls) AS calls, sum(errors) AS errors, sum(duration_sum_ns) AS duration_sum_ns
      FROM source GROUP BY ALL),
    pairs AS (
      SELECT ${part} AS bucket_ms, ${dims},
             unnest(list_transform(range(0, len(hist) // 2), i -> hist[2 * i + 1])) AS bucket_index,
             unnest(list_transform(range(0, len(hist) // 2), i -> hist[2 * i + 2])) AS count
      FROM source),
    merged AS (
      SELECT bucket_ms, ${dims}, flatten(list([bucket_index, total] ORDER BY bucket_index)) AS hist
      FROM (SELECT bucket_ms, ${dims}, bucket_index, sum(count) AS total FROM pairs GROUP BY ALL)
      GROUP BY ALL)
    SELECT t.bucket_ms, ${dimensions.map((d) => `t.${d}`).join(', ')}, t.calls, t.errors, t.duration_sum_ns, coalesce(m.hist, []::DOUBLE[])
    FROM totals t LEFT JOIN merged m
      ON m.bucket_ms = t.bucket_ms AND ${dimensions.map((d) => `m.${d} = t.${d}`).join(' AND ')}`;
}

import { BIGINT, DOUBLE, INTEGER, LIST, UTINYINT, VARCHAR, listValue } from '@duckdb/node-api';
import type { DuckDBType, DuckDBValue } from '@duckdb/node-api';
import type { PeerKind, ServiceGraphEdgeRow, SpanMetricsRow } from '../../model/aggregates.js';
import type { SparseHistogram } from '../../model/latency-histogram.js';
import type {
  AggregateReader,
  AggregateWriter,
  ServiceGraphEdgeGroup,
  ServiceGraphQuery,
  SpanMetricsGroup,
  SpanMetricsQuery,
} from '../aggregate-store.js';
import type { TimeRange } from '../time-range.js';
import { appendColumns, inTransaction } from './duckdb-database.js';
import type { DuckDbDatabase, Row, SqlParam } from './duckdb-database.js';
import { toNumber } from './row-codec.js';

const SPAN_METRICS_TYPES: readonly DuckDBType[] = [
  VARCHAR, BIGINT, VARCHAR, VARCHAR, UTINYINT, UTINYINT, BIGINT, BIGINT, DOUBLE, LIST(INTEGER), LIST(BIGINT),
];
const EDGE_TYPES: readonly DuckDBType[] = [
  VARCHAR, BIGINT, VARCHAR, VARCHAR, VARCHAR, BIGINT, BIGINT, DOUBLE, LIST(INTEGER), LIST(BIGINT),
];

/** Sparse histogram as two parallel lists (bucket index ascending, count), mergeable in SQL. */
function histogramLists(histogram: SparseHistogram): [DuckDBValue, DuckDBValue] {
  const indexes = Object.keys(histogram).map(Number).sort((a, b) => a - b);
  return [listValue(indexes), listValue(indexes.map((index) => BigInt(Math.round(histogram[index]))))];
}

function lastById<T extends { id: string }>(rows: readonly T[]): T[] {
  const unique = new Map<string, T>();
  for (const row of rows) unique.set(row.id, row);
  return [...unique.values()];
}

function toColumns(rows: DuckDBValue[][], width: number): DuckDBValue[][] {
  const columns: DuckDBValue[][] = Array.from({ length: width }, () => []);
  for (const row of rows) for (let i = 0; i < width; i++) columns[i].push(row[i]);
  return columns;
}

/** Minutes whose start (ms) lies in the half-open nanosecond range. */
function minuteRangeSql(range: TimeRange): string {
  const ceilMs = (ns: bigint): bigint => (ns + 999_999n) / 1_000_000n - (ns < 0n ? 1n : 0n);
  return `minute_ms >= ${ceilMs(BigInt(range.startUnixNano))} AND minute_ms < ${ceilMs(BigInt(range.endUnixNano))}`;
}

/**
 * Sums the rows of `table` matching `where`, grouped by `groupColumns` (SQL expressions aliased
 * g0, g1, ...), histograms merged bucket by bucket in SQL: the reader never ships raw rows to JS.
 */
async function sumGroups(
  db: DuckDbDatabase,
  table: string,
  where: string,
  params: SqlParam[],
  groupColumns: string[],
): Promise<{ keys: unknown[]; calls: number; errors: number; durationSumNano: number; histogram: SparseHistogram }[]> {
  const aliases = groupColumns.map((_, i) => `g${i}`);
  const selected = groupColumns.map((expression, i) => `${expression} AS g${i}`);
  const groupList = aliases.length > 0 ? aliases.join(', ') : '';
  const groupBy = groupList ? `GROUP BY ${groupList}` : '';
  const sql = `
WITH matched AS (
  SELECT ${[...selected, 'calls', 'errors', 'duration_sum_ns', 'hist_idx', 'hist_cnt'].join(', ')}
  FROM ${table} WHERE ${where}
),
totals AS (
  SELECT ${groupList ? `${groupList}, ` : ''}sum(calls) AS calls, sum(errors) AS errors, sum(duration_sum_ns) AS duration_sum
  FROM matched ${groupBy}
),
buckets AS (
  SELECT ${groupList ? `${groupList}, ` : ''}idx, sum(cnt) AS cnt FROM (
    SELECT ${groupList ? `${groupList}, ` : ''}unnest(hist_idx) AS idx, unnest(hist_cnt) AS cnt FROM matched
  ) GROUP BY ${groupList ? `${groupList}, ` : ''}idx
),
histograms AS (
  SELECT ${groupList ? `${groupList}, ` : ''}list(idx ORDER BY idx) AS idx, list(cnt ORDER BY idx) AS cnt
  FROM buckets ${groupBy}
)
SELECT totals.*, histograms.idx, histograms.cnt FROM totals
${groupList ? `LEFT JOIN histograms USING (${groupList})` : ', histograms'}
WHERE totals.calls IS NOT NULL
ORDER BY ${groupList || '1'}`;
  const rows = await db.query(sql, params);
  return rows.map((row: Row) => {
    const histogram: SparseHistogram = {};
    const indexes = (row.idx as number[] | null) ?? [];
    const counts = (row.cnt as unknown[] | null) ?? [];
    indexes.forEach((index, i) => (histogram[index] = toNumber(counts[i])));
    return {
      keys: aliases.map((alias) => row[alias]),
      calls: toNumber(row.calls),
      errors: toNumber(row.errors),
      durationSumNano: toNumber(row.duration_sum),
      histogram,
    };
  });
}

function stepExpression(stepMs: number | undefined): string | undefined {
  if (stepMs === undefined) return undefined;
  const step = Math.max(60_000, Math.floor(stepMs));
  return `minute_ms // ${step} * ${step}`;
}

export class EmbeddedAggregateStore implements AggregateReader, AggregateWriter {
  constructor(private readonly db: DuckDbDatabase) {}

  async writeSpanMetrics(rows: readonly SpanMetricsRow[]): Promise<void> {
    if (rows.length === 0) return;
    const values = lastById(rows).map((row): DuckDBValue[] => [
      row.id, BigInt(row.minuteUnixMs), row.serviceName, row.operation, row.spanKind, row.statusCode,
      BigInt(Math.round(row.calls)), BigInt(Math.round(row.errors)), row.durationSumNano, ...histogramLists(row.histogram),
    ]);
    await this.replaceRows('span_metrics', SPAN_METRICS_TYPES, toColumns(values, SPAN_METRICS_TYPES.length));
  }

  async writeServiceGraphEdges(rows: readonly ServiceGraphEdgeRow[]): Promise<void> {
    if (rows.length === 0) return;
    const values = lastById(rows).map((row): DuckDBValue[] => [
      row.id, BigInt(row.minuteUnixMs), row.client, row.server, row.serverKind,
      BigInt(Math.round(row.calls)), BigInt(Math.round(row.errors)), row.durationSumNano, ...histogramLists(row.histogram),
    ]);
    await this.replaceRows('service_graph_edges', EDGE_TYPES, toColumns(values, EDGE_TYPES.length));
  }

  async querySpanMetrics(query: SpanMetricsQuery): Promise<SpanMetricsGroup[]> {
    const params: SqlParam[] = [];
    const conditions = [minuteRangeSql(query.range)];
    if (query.serviceName !== undefined) {
      conditions.push('service_name = ?');
      params.push(query.serviceName);
    }
    if (query.operation !== undefined) {
      conditions.push('operation = ?');
      params.push(query.operation);
    }
    if (query.spanKinds !== undefined) {
      if (query.spanKinds.length === 0) return [];
      conditions.push(`span_kind IN (${query.spanKinds.map((kind) => Math.floor(kind)).join(', ')})`);
    }
    const dimensionColumns = { serviceName: 'service_name', operation: 'operation', spanKind: 'span_kind', statusCode: 'status_code' };
    const dimensions = [...new Set(query.groupBy)];
    const groupColumns = dimensions.map((dimension) => dimensionColumns[dimension]);
    const step = stepExpression(query.stepMs);
    if (step) groupColumns.push(step);
    const groups = await sumGroups(this.db, 'span_metrics', conditions.join(' AND '), params, groupColumns);
    return groups.map(({ keys, ...totals }) => {
      const group: SpanMetricsGroup = { ...totals };
      dimensions.forEach((dimension, i) => {
        if (dimension === 'serviceName' || dimension === 'operation') group[dimension] = keys[i] as string;
        else group[dimension] = toNumber(keys[i]);
      });
      if (step) group.timeUnixMs = toNumber(keys[dimensions.length]);
      return group;
    });
  }

  async queryServiceGraph(query: ServiceGraphQuery): Promise<ServiceGraphEdgeGroup[]> {
    const groupColumns = ['client', 'server', 'server_kind'];
    const step = stepExpression(query.stepMs);
    if (step) groupColumns.push(step);
    const groups = await sumGroups(this.db, 'service_graph_edges', minuteRangeSql(query.range), [], groupColumns);
    return groups.map(({ keys, ...totals }) => {
      const group: ServiceGraphEdgeGroup = {
        client: keys[0] as string,
        server: keys[1] as string,
        serverKind: keys[2] as PeerKind,
        ...totals,
      };
      if (step) group.timeUnixMs = toNumber(keys[3]);
      return group;
    });
  }

  private async replaceRows(table: string, types: readonly DuckDBType[], columns: DuckDBValue[][]): Promise<void> {
    await this.db.write(async (connection) => {
      await connection.run(`DELETE FROM stage_${table}`);
      await appendColumns(connection, `stage_${table}`, types, columns);
      await inTransaction(connection, async () => {
        await connection.run(`INSERT OR REPLACE INTO ${table} SELECT * FROM stage_${table}`);
      });
    });
  }
}

import { addRange, ROLLUP_MS, SUB_ROLLUP_MS } from '../aggregate-minutes.js';
import type { MsRanges, RollupPlan } from '../aggregate-minutes.js';
import { indicesForRange } from './index-names.js';
import type { Clause } from './query-clauses.js';
import { composite, searchRequest } from './search-request.js';
import type { SearchRequest } from './search-request.js';

/**
 * Rollups of the per-minute aggregate rows (span metrics, service-graph edges) into 15-minute and
 * 5-minute rows, the Elasticsearch counterpart of the embedded store's (aggregate-rollup.ts); the
 * widths and the read plan (`planRollups`) are shared with it in ../aggregate-minutes.ts.
 *
 * Why: a 24 h RED or service-map query otherwise merges the nested histograms of 1,440 minute rows
 * per series; the nested aggregation's cost grows with those rows. A 15-minute rollup row holds a
 * series' totals with the histogram merged, so a day is 96 rows per series.
 *
 * Layout, in the table's own daily index (a bucket never crosses a day):
 * - rollup rows: the minute-row fields plus `rollupMs` (900,000 or 300,000), `minuteUnixMs` = the
 *   bucket start; id `r<minutes>-<bucket start>-<series>` so rebuilding replaces them;
 * - one state document per 15-minute bucket (`state-<bucket start>`: `stateBucketMs`, `fresh`).
 *
 * Never counted twice: a query reads each 15-minute bucket either from its rollup rows (when its
 * state says fresh) or from its minute rows, never both. Writers mark a bucket stale *after* its
 * minute rows are written (a second bulk request); the compactor reads the state (real-time GET,
 * with its sequence number), refreshes, sums the minute rows, writes and refreshes the rollup rows,
 * and only then marks the bucket fresh *if its state did not change meanwhile* (`if_seq_no`), so
 * a row written during a rebuild keeps the bucket stale. A state becomes visible to searches only
 * after the rollups it vouches for. The one window: rows written but their stale mark not yet
 * visible read as the (older) rollup until the next refresh — the usual near-real-time delay.
 */
export type AggregateTable = 'span-metrics' | 'edges';

/** The dimensions of each table's rows: a rollup row is one per dimensions and bucket. */
export const TABLE_DIMENSIONS: Record<AggregateTable, readonly string[]> = {
  'span-metrics': ['serviceName', 'operation', 'spanKind', 'statusCode'],
  edges: ['client', 'server', 'serverKind'],
};

export function stateDocId(bucketMs: number): string {
  return `state-${bucketMs}`;
}

function rangesClause(ranges: MsRanges): Clause {
  const clauses = ranges.map(([from, to]) => ({ range: { minuteUnixMs: { gte: from, lt: to } } }));
  return clauses.length === 1 ? clauses[0] : { bool: { should: clauses, minimum_should_match: 1 } };
}

const NOT_ROLLUP: Clause = { bool: { must_not: { exists: { field: 'rollupMs' } } } };

/** The rows a plan reads: one clause to AND with the query's other filters. */
export function planClause(plan: RollupPlan): Clause {
  const parts: Clause[] = [];
  if (plan.minutes.length > 0) parts.push({ bool: { filter: [rangesClause(plan.minutes), NOT_ROLLUP] } });
  if (plan.coarse.length > 0) parts.push({ bool: { filter: [{ term: { rollupMs: ROLLUP_MS } }, rangesClause(plan.coarse)] } });
  if (plan.fine.length > 0) parts.push({ bool: { filter: [{ term: { rollupMs: SUB_ROLLUP_MS } }, rangesClause(plan.fine)] } });
  if (parts.length === 0) return { match_none: {} };
  return parts.length === 1 ? parts[0] : { bool: { should: parts, minimum_should_match: 1 } };
}

/** Fresh 15-minute buckets of a table lying wholly in [fromMs, toMs). */
export function freshBucketsRequest(prefix: string, table: AggregateTable, fromMs: number, toMs: number): SearchRequest {
  const range = { startUnixNano: BigInt(fromMs) * 1_000_000n, endUnixNano: BigInt(toMs) * 1_000_000n };
  return searchRequest(indicesForRange(prefix, table, range), {
    size: 10_000,
    _source: ['stateBucketMs'],
    query: {
      bool: { filter: [{ term: { fresh: true } }, { range: { stateBucketMs: { gte: fromMs, lte: toMs - ROLLUP_MS } } }] },
    },
  });
}

/**
 * The minute rows of some 15-minute buckets of one daily index, summed per series and 5-minute
 * part (what the compactor turns into rollup rows), paged by the composite `after` key.
 */
export function rollupSourceRequest(
  index: string,
  table: AggregateTable,
  bucketStarts: readonly number[],
  totalsAggs: Record<string, unknown>,
  after?: Record<string, unknown>,
): SearchRequest {
  const ranges: MsRanges = [];
  for (const start of [...bucketStarts].sort((a, b) => a - b)) addRange(ranges, start, start + ROLLUP_MS);
  const sources: Record<string, unknown>[] = TABLE_DIMENSIONS[table].map((field) => ({ [field]: { terms: { field } } }));
  sources.push({ part: { histogram: { field: 'minuteUnixMs', interval: SUB_ROLLUP_MS } } });
  return searchRequest([index], {
    size: 0,
    query: { bool: { filter: [rangesClause(ranges), NOT_ROLLUP] } },
    aggs: { groups: { composite: composite(1000, sources, after), aggs: totalsAggs } },
  });
}

import type { TimeRange } from '../time-range.js';
import type { ServiceGraphQuery, SpanMetricsQuery } from '../aggregate-store.js';
import { effectiveStepMs, minuteBoundsMs } from '../aggregate-minutes.js';
import { indicesForRange } from './index-names.js';
import { filtered, term } from './query-clauses.js';
import type { Clause } from './query-clauses.js';
import { planClause } from './aggregate-rollups.js';
import type { RollupPlan } from '../aggregate-minutes.js';
import { composite, searchRequest } from './search-request.js';
import type { SearchRequest } from './search-request.js';

/**
 * Groups per composite page: a day of 5-minute steps × a few statuses fits in one round trip,
 * while groups × histogram buckets stays under the default `search.max_buckets` (65,536).
 */
const COMPOSITE_PAGE = 1000;

/** [from, to) in ms: rows whose minute (integer ms) starts in the range. */
export function minuteBounds(range: TimeRange): [number, number] {
  const [from, to] = minuteBoundsMs(range);
  return [Number(from), Number(to)];
}

/** Without fresh rollups: the minute rows of the whole range. */
function minutesOnly(range: TimeRange): RollupPlan {
  const [from, to] = minuteBounds(range);
  return { minutes: from < to ? [[from, to]] : [], coarse: [], fine: [] };
}

/**
 * Totals of a group of rows: counts summed, and the latency histogram merged by summing the
 * nested `{i, c}` pairs per bucket index — no scripts, exact.
 */
export const TOTALS_AGGS = {
  calls: { sum: { field: 'calls' } },
  errors: { sum: { field: 'errors' } },
  durationSumNano: { sum: { field: 'durationSumNano' } },
  histogram: {
    nested: { path: 'histogram' },
    aggs: {
      // A histogram with interval 1 over the bucket index: one bucket per index, cheaper than
      // `terms` (no ordinals, no ranking), sorted by index.
      buckets: {
        histogram: { field: 'histogram.i', interval: 1, min_doc_count: 1 },
        aggs: { count: { sum: { field: 'histogram.c' } } },
      },
    },
  },
};

const GROUP_FIELDS = { serviceName: 'serviceName', operation: 'operation', spanKind: 'spanKind', statusCode: 'statusCode' } as const;

function stepSource(stepMs: number): Record<string, unknown> {
  return { timeUnixMs: { histogram: { field: 'minuteUnixMs', interval: effectiveStepMs(stepMs) } } };
}

/**
 * Span metrics grouped by the asked dimensions (and time step) through a composite aggregation,
 * paged by its `after` key; with no dimension and no step, one plain total. Reads the rows `plan`
 * names: minute rows, and fresh rollups where they fit the step (see aggregate-rollups.ts).
 */
export function spanMetricsRequest(
  prefix: string,
  query: SpanMetricsQuery,
  after?: Record<string, unknown>,
  plan: RollupPlan = minutesOnly(query.range),
): SearchRequest {
  const clauses: Clause[] = [planClause(plan)];
  if (query.serviceName !== undefined) clauses.push(term('serviceName', query.serviceName));
  if (query.operation !== undefined) clauses.push(term('operation', query.operation));
  if (query.spanKinds !== undefined) clauses.push({ terms: { spanKind: query.spanKinds } });
  const sources: Record<string, unknown>[] = [...new Set(query.groupBy)].map((dimension) => ({
    [dimension]: { terms: { field: GROUP_FIELDS[dimension] } },
  }));
  if (query.stepMs !== undefined) sources.push(stepSource(query.stepMs));
  const aggs =
    sources.length === 0
      ? { total: { filter: { match_all: {} }, aggs: TOTALS_AGGS } }
      : { groups: { composite: composite(COMPOSITE_PAGE, sources, after), aggs: TOTALS_AGGS } };
  return searchRequest(indicesForRange(prefix, 'span-metrics', query.range), {
    size: 0,
    query: filtered(clauses),
    aggs,
  });
}

/** Service-graph edges grouped by (client, server, serverKind) and time step when asked. */
export function serviceGraphRequest(
  prefix: string,
  query: ServiceGraphQuery,
  after?: Record<string, unknown>,
  plan: RollupPlan = minutesOnly(query.range),
): SearchRequest {
  const sources: Record<string, unknown>[] = [
    { client: { terms: { field: 'client' } } },
    { server: { terms: { field: 'server' } } },
    { serverKind: { terms: { field: 'serverKind' } } },
  ];
  if (query.stepMs !== undefined) sources.push(stepSource(query.stepMs));
  return searchRequest(indicesForRange(prefix, 'edges', query.range), {
    size: 0,
    query: filtered([planClause(plan)]),
    aggs: { groups: { composite: composite(COMPOSITE_PAGE, sources, after), aggs: TOTALS_AGGS } },
  });
}

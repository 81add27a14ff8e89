import type { TimeRange } from '../time-range.js';
import type { MetricSeriesQuery } from '../metric-store.js';
import { indicesForRange } from './index-names.js';
import { attributeClauses, filtered, nanosRange, term } from './query-clauses.js';
import { composite, searchRequest } from './search-request.js';
import type { SearchRequest } from './search-request.js';
import { MAX_PAGE } from './span-queries.js';

export function listMetricsRequest(prefix: string, range: TimeRange, after?: Record<string, unknown>): SearchRequest {
  return searchRequest(indicesForRange(prefix, 'metrics', range), {
    size: 0,
    query: filtered([nanosRange('time', range)]),
    aggs: {
      metrics: {
        composite: composite(500, [{ name: { terms: { field: 'name' } } }], after),
        aggs: {
          services: { terms: { field: 'serviceName', size: 1000 } },
          attributeKeys: { terms: { field: 'attributeKeys', size: 1000 } },
          latest: {
            top_hits: { size: 1, sort: [{ time: 'desc' }], _source: ['description', 'unit', 'type'] },
          },
        },
      },
    },
  });
}

/**
 * The points of one metric in the range (filters applied), oldest first, paged. Series are
 * computed from them in the collector (the shared `buildMetricSeries`): per-stream "latest cumulative value in
 * the step" has no aggregation equivalent without scripts, and one metric's points over a chart's
 * range are few enough to fetch.
 */
export function metricPointsRequest(prefix: string, query: MetricSeriesQuery, searchAfter?: unknown[]): SearchRequest {
  return searchRequest(indicesForRange(prefix, 'metrics', query.range), {
    size: MAX_PAGE,
    query: filtered([term('name', query.name), nanosRange('time', query.range), ...attributeClauses(query.filters)]),
    _source: [
      'pointId', 'name', 'description', 'unit', 'type', 'temporality', 'monotonic', 'timeUnixNano', 'startTimeUnixNano',
      'resource', 'scope', 'attributes', 'value', 'valueText', 'histogram', 'exponentialHistogram', 'summary',
    ],
    sort: [{ time: { order: 'asc', format: 'strict_date_optional_time_nanos' } }, { pointId: 'asc' }],
    ...(searchAfter === undefined ? {} : { search_after: searchAfter }),
  });
}

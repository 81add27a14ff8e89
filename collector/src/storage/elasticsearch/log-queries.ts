import type { LogQuery } from '../log-store.js';
import { indicesForRange } from './index-names.js';
import { attributeClauses, filtered, nanosRange, term } from './query-clauses.js';
import type { Clause, ResourceMatches } from './query-clauses.js';
import { composite, searchRequest } from './search-request.js';
import type { SearchRequest } from './search-request.js';
import { MAX_PAGE } from './span-queries.js';

/** Escapes the wildcard query's special characters so user text matches literally. */
export function escapeWildcard(text: string): string {
  return text.replace(/[\\*?]/g, (char) => `\\${char}`);
}

/** `resources`: the resources having each filtered attribute (a record's resource attributes are not on it). */
export function logMatchClauses(query: LogQuery, resources?: ResourceMatches): Clause[] {
  const clauses: Clause[] = [nanosRange('time', query.range)];
  if (query.serviceName !== undefined) clauses.push(term('serviceName', query.serviceName));
  if (query.minSeverityNumber !== undefined) clauses.push({ range: { severityNumber: { gte: query.minSeverityNumber } } });
  if (query.traceId !== undefined) clauses.push(term('traceId', query.traceId));
  if (query.spanId !== undefined) clauses.push(term('spanId', query.spanId));
  // bodyText is stored lower-cased, so a lower-cased pattern makes the match case-insensitive.
  if (query.text !== undefined && query.text !== '') {
    clauses.push({ wildcard: { bodyText: { value: `*${escapeWildcard(query.text.toLowerCase())}*` } } });
  }
  clauses.push(...attributeClauses(query.attributes, resources));
  return clauses;
}

export function searchLogsRequest(prefix: string, query: LogQuery, resources?: ResourceMatches): SearchRequest {
  return searchRequest(indicesForRange(prefix, 'logs', query.range), {
    size: Math.min(MAX_PAGE, Math.max(0, query.limit)),
    query: filtered(logMatchClauses(query, resources)),
    sort: [{ time: 'desc' }, { logId: 'asc' }],
  });
}

/** A trace's logs in the days the lookup named, oldest first, paged by (time, log id). */
export function traceLogsRequest(indices: string[], traceId: string, searchAfter?: unknown[]): SearchRequest {
  return searchRequest(indices, {
    size: MAX_PAGE,
    query: filtered([term('traceId', traceId)]),
    sort: [{ time: { order: 'asc', format: 'strict_date_optional_time_nanos' } }, { logId: 'asc' }],
    ...(searchAfter === undefined ? {} : { search_after: searchAfter }),
  });
}

export function logVolumeRequest(
  prefix: string,
  query: LogQuery,
  stepMs: number,
  after?: Record<string, unknown>,
  resources?: ResourceMatches,
): SearchRequest {
  return searchRequest(indicesForRange(prefix, 'logs', query.range), {
    size: 0,
    query: filtered(logMatchClauses(query, resources)),
    aggs: {
      volume: {
        composite: composite(
          1000,
          [
            { time: { date_histogram: { field: 'time', fixed_interval: `${Math.max(1, Math.floor(stepMs))}ms` } } },
            { severity: { terms: { field: 'severityGroup' } } },
          ],
          after,
        ),
      },
    },
  });
}

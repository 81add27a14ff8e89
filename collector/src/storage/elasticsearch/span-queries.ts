import type { TimeRange } from '../time-range.js';
import type { TraceQuery } from '../span-store.js';
import { indexPattern, indicesForRange } from './index-names.js';
import { attributeClauses, filtered, nanosRange, term } from './query-clauses.js';
import type { Clause, ResourceMatches } from './query-clauses.js';
import { composite, searchRequest } from './search-request.js';
import type { SearchRequest } from './search-request.js';

/** Lookup document ids: one per (trace, day) and signal, written with the spans (logs) themselves. */
export type LookupSignal = 'spans' | 'logs';
export function lookupDocId(signal: LookupSignal, traceId: string): string {
  return `${signal === 'spans' ? 's' : 'l'}-${traceId}`;
}

/** The field of a batched lookup document that lists a signal's trace ids (see PendingLookups). */
export function lookupField(signal: LookupSignal): string {
  return signal === 'spans' ? 'spanTraceIds' : 'logTraceIds';
}

/** Largest page a search may return (the default `index.max_result_window`). */
export const MAX_PAGE = 10_000;

const DAY_NANO = 86_400_000_000_000n;

/**
 * Which days hold a trace's spans (logs): the daily lookup indices having a lookup document that
 * lists one of the traces — batched documents (`spanTraceIds` / `logTraceIds`), or one document
 * per trace and day as older versions wrote them (by id) — instead of a trace-id search through
 * every day's span index. The days come as index-name buckets, however many documents match.
 */
export function traceDaysRequest(prefix: string, signal: LookupSignal, traceIds: readonly string[]): SearchRequest {
  return searchRequest([indexPattern(prefix, 'trace-lookup')], {
    size: 0,
    query: {
      bool: {
        should: [{ terms: { [lookupField(signal)]: traceIds } }, { ids: { values: traceIds.map((traceId) => lookupDocId(signal, traceId)) } }],
        minimum_should_match: 1,
      },
    },
    aggs: { days: { terms: { field: '_index', size: 10_000 } } },
  });
}

/** Every span of one trace in the given daily indices, paged by span id. */
export function traceSpansRequest(indices: string[], traceId: string, searchAfter?: string): SearchRequest {
  return searchRequest(indices, {
    size: MAX_PAGE,
    query: filtered([term('traceId', traceId)]),
    sort: [{ spanId: 'asc' }],
    ...(searchAfter === undefined ? {} : { search_after: [searchAfter] }),
  });
}

/**
 * The resources of the days around `range` that have one attribute term, paged by resource id
 * (a resource has one document per day it had spans). Resolves a span attribute filter to the
 * resources it may match through (see resourceToDoc).
 */
export function resourceIdsRequest(prefix: string, range: TimeRange, attributeTerm: string, searchAfter?: string): SearchRequest {
  const around = { startUnixNano: range.startUnixNano - DAY_NANO, endUnixNano: range.endUnixNano + DAY_NANO };
  return searchRequest(indicesForRange(prefix, 'resources', around), {
    size: MAX_PAGE,
    _source: false,
    query: filtered([term('attributeTerms', attributeTerm)]),
    sort: [{ resourceId: 'asc' }],
    ...(searchAfter === undefined ? {} : { search_after: [searchAfter] }),
  });
}

/**
 * The span-level conditions of a trace search: they must all hold on one span. `resources`: the
 * resources having each filtered attribute (a span's resource attributes are not on the span).
 */
export function spanMatchClauses(query: TraceQuery, resources?: ResourceMatches): Clause[] {
  const clauses: Clause[] = [nanosRange('startTime', query.range)];
  if (query.serviceName !== undefined) clauses.push(term('serviceName', query.serviceName));
  if (query.operation !== undefined) clauses.push(term('name', query.operation));
  clauses.push(...attributeClauses(query.attributes, resources));
  if (query.minSpanDurationNano !== undefined || query.maxSpanDurationNano !== undefined) {
    const bounds: Record<string, number> = {};
    if (query.minSpanDurationNano !== undefined) bounds.gte = query.minSpanDurationNano;
    if (query.maxSpanDurationNano !== undefined) bounds.lte = query.maxSpanDurationNano;
    clauses.push({ range: { durationNano: bounds } });
  }
  return clauses;
}

/**
 * How a trace search finds candidate traces: which spans drive it (newest first, collapsed per
 * trace), over which windows, and which span-level check the summaries must then confirm.
 *
 * Normally the driving spans are those matching every span-level condition. For `status: error`
 * they are the error spans instead (rare, so far fewer traces to summarise), searched a day past
 * either end of the range (a trace's error span may lie outside it), and the span-level
 * conditions are confirmed per trace by a filter in the summary aggregation. Either way every
 * result has a driving span that started no earlier than the trace, which is what the
 * early-stop bound in findTraces relies on.
 */
export interface CandidatePlan {
  driver: Clause[];
  windows: TimeRange[];
  /** Set when the driver is not the span-level match: summaries must count a span matching this. */
  confirm?: Clause[];
}

export function candidatePlan(query: TraceQuery, resources?: ResourceMatches): CandidatePlan {
  const windows = searchWindows(query.range);
  if (query.status !== 'error') return { driver: spanMatchClauses(query, resources).slice(1), windows };
  const widened = windows.map((window, index) => ({
    startUnixNano: index === windows.length - 1 ? window.startUnixNano - DAY_NANO : window.startUnixNano,
    endUnixNano: window.endUnixNano + DAY_NANO,
  }));
  return { driver: [term('isError', true)], windows: widened, confirm: spanMatchClauses(query, resources) };
}

/**
 * One page of candidate traces: driving spans in the window, newest first, collapsed to one hit
 * per trace (its newest driving span). Field collapsing keeps this a top-k sort instead of a
 * terms aggregation over every trace id in the range.
 */
export function traceCandidatesRequest(prefix: string, driver: Clause[], window: TimeRange, from: number, size: number): SearchRequest {
  return searchRequest(indicesForRange(prefix, 'spans', window), {
    from,
    size,
    _source: ['traceId', 'startTimeUnixNano'],
    query: filtered([nanosRange('startTime', window), ...driver]),
    collapse: { field: 'traceId' },
    sort: [{ startTime: 'desc' }],
  });
}

const MIN_WINDOW_NANO = 60_000_000_000n;

/**
 * The sub-ranges a trace search tries, newest first and each 4× wider, all ending at the range's
 * end, the last being the whole range: e.g. 24 h → 22.5 min, 1.5 h, 6 h, 24 h.
 */
export function searchWindows(range: TimeRange): TimeRange[] {
  const windows: TimeRange[] = [range];
  let width = range.endUnixNano - range.startUnixNano;
  while (windows.length < 4 && width / 4n >= MIN_WINDOW_NANO) {
    width /= 4n;
    windows.unshift({ startUnixNano: range.endUnixNano - width, endUnixNano: range.endUnixNano });
  }
  return windows;
}

/**
 * Per-trace totals of the given traces over all their spans: first and last span (exact ns from
 * `_source`), span and error counts, services and the root span.
 */
export function traceSummariesRequest(indices: string[], traceIds: readonly string[], confirm?: Clause[]): SearchRequest {
  return searchRequest(indices, {
    size: 0,
    query: filtered([{ terms: { traceId: traceIds } }]),
    aggs: {
      traces: {
        terms: { field: 'traceId', size: traceIds.length },
        aggs: {
          errors: { filter: term('isError', true) },
          ...(confirm === undefined ? {} : { confirmed: { filter: filtered(confirm) } }),
          services: { terms: { field: 'serviceName', size: 1000 } },
          first: {
            top_hits: { size: 1, sort: [{ startTime: 'asc' }], _source: ['startTimeUnixNano', 'serviceName', 'name'] },
          },
          last: { top_hits: { size: 1, sort: [{ endTime: 'desc' }], _source: ['endTimeUnixNano'] } },
          root: {
            filter: term('isRoot', true),
            aggs: {
              span: { top_hits: { size: 1, sort: [{ startTime: 'asc' }], _source: ['serviceName', 'name'] } },
            },
          },
        },
      },
    },
  });
}

export function servicesRequest(prefix: string, range: TimeRange): SearchRequest {
  return searchRequest(indicesForRange(prefix, 'spans', range), {
    size: 0,
    query: filtered([nanosRange('startTime', range)]),
    aggs: { services: { terms: { field: 'serviceName', size: 10_000 } } },
  });
}

export function operationsRequest(
  prefix: string,
  serviceName: string,
  range: TimeRange,
  after?: Record<string, unknown>,
): SearchRequest {
  return searchRequest(indicesForRange(prefix, 'spans', range), {
    size: 0,
    query: filtered([nanosRange('startTime', range), term('serviceName', serviceName)]),
    aggs: {
      operations: {
        composite: composite(1000, [{ name: { terms: { field: 'name' } } }, { kind: { terms: { field: 'kind' } } }], after),
      },
    },
  });
}

/**
 * A search request as the query builders produce it: plain JSON (index list + body fields), so
 * tests can pin it in snapshot files without a server, and the client sends it as is.
 */
export interface SearchRequest {
  index: string[];
  /** Missing daily indices are normal (a quiet day): never an error. */
  ignore_unavailable: true;
  allow_no_indices: true;
  size: number;
  query: Record<string, unknown>;
  sort?: unknown[];
  _source?: boolean | string[];
  aggs?: Record<string, unknown>;
  collapse?: Record<string, unknown>;
  from?: number;
  search_after?: unknown[];
  track_total_hits?: boolean;
}

export function searchRequest(
  index: string[],
  body: Omit<SearchRequest, 'index' | 'ignore_unavailable' | 'allow_no_indices'>,
): SearchRequest {
  return { index, ignore_unavailable: true, allow_no_indices: true, track_total_hits: false, ...body };
}

/** A composite aggregation's body: `size` groups per page, resumed `after` the previous page's key. */
export function composite(size: number, sources: readonly Record<string, unknown>[], after: Record<string, unknown> | undefined): Record<string, unknown> {
  return { size, sources, ...(after === undefined ? {} : { after }) };
}

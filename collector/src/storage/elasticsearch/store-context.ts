import type { Client, estypes } from '@elastic/elasticsearch';
import type { ResourceInfo } from '../../model/attributes.js';
import type { BulkOperation, BulkWriter } from './bulk-writer.js';
import { resourceIdOf, resourceToDoc } from './documents.js';
import { dayStartOfIndex, indexName } from './index-names.js';
import type { SearchRequest } from './search-request.js';
import type { AttributeFilter, TimeRange } from '../time-range.js';
import { attributeTerm } from './attribute-terms.js';
import type { ResourceMatches } from './query-clauses.js';
import { lookupDocId, MAX_PAGE, resourceIdsRequest, traceDaysRequest } from './span-queries.js';
import type { LookupSignal } from './span-queries.js';

/** What the per-signal stores share: the client, the index prefix and the bulk writer. */
export interface StoreContext {
  client: Client;
  prefix: string;
  bulk: BulkWriter;
  /** (day, signal, trace) lookup documents known written, so a busy trace is not re-sent every batch. */
  lookupsWritten: Set<string>;
}

const LOOKUP_CACHE_LIMIT = 200_000;

export function rememberLookups(context: StoreContext, keys: Iterable<string>): void {
  if (context.lookupsWritten.size > LOOKUP_CACHE_LIMIT) context.lookupsWritten.clear();
  for (const key of keys) context.lookupsWritten.add(key);
}

/**
 * Queues the trace → day lookup document for a `signal` item of `traceId` written at `unixMs`,
 * unless it is known written or already queued in this batch (`lookups` is keyed `index/id`).
 */
export function queueTraceLookup(
  context: StoreContext,
  lookups: Map<string, BulkOperation>,
  signal: LookupSignal,
  traceId: string,
  unixMs: number,
): void {
  const index = indexName(context.prefix, 'trace-lookup', unixMs);
  const id = lookupDocId(signal, traceId);
  const key = `${index}/${id}`;
  if (context.lookupsWritten.has(key) || lookups.has(key)) return;
  lookups.set(key, { index, id, doc: { traceId }, createOnly: true });
}

/** Queues the resource document of a span written at `unixMs`, once per resource and day (like lookups). */
export function queueResource(context: StoreContext, lookups: Map<string, BulkOperation>, resource: ResourceInfo, unixMs: number): void {
  const index = indexName(context.prefix, 'resources', unixMs);
  const id = resourceIdOf(resource);
  const key = `${index}/${id}`;
  if (context.lookupsWritten.has(key) || lookups.has(key)) return;
  lookups.set(key, { index, id, doc: resourceToDoc(resource), createOnly: true });
}

// The client's request types are stricter than plain JSON; our builders produce valid DSL.
export async function search<T = Record<string, unknown>>(
  context: StoreContext,
  request: SearchRequest,
): Promise<estypes.SearchResponse<T> | undefined> {
  if (request.index.length === 0) return undefined;
  return context.client.search<T>(request as never);
}

/** The daily `signal` indices that hold this trace, from the lookup indices. */
export async function traceIndices(
  context: StoreContext,
  lookup: LookupSignal,
  traceIds: readonly string[],
): Promise<string[]> {
  if (traceIds.length === 0) return [];
  const response = await search(context, traceDaysRequest(context.prefix, lookup, traceIds));
  const indices = new Set<string>();
  for (const hit of response?.hits.hits ?? []) {
    const dayStartMs = dayStartOfIndex(hit._index);
    if (dayStartMs !== undefined) indices.add(indexName(context.prefix, lookup, dayStartMs));
  }
  return [...indices].sort();
}

/** For each attribute filter, the resources (in the days around `range`) that have the attribute. */
export async function resourceMatches(
  context: StoreContext,
  range: TimeRange,
  filters: readonly AttributeFilter[] | undefined,
): Promise<ResourceMatches> {
  const terms = [...new Set((filters ?? []).map((filter) => attributeTerm(filter.key, filter.value)))];
  const entries = await Promise.all(
    terms.map(async (attribute): Promise<[string, string[]]> => {
      const ids = new Set<string>();
      let after: string | undefined;
      for (;;) {
        const hits = (await search(context, resourceIdsRequest(context.prefix, range, attribute, after)))?.hits.hits ?? [];
        for (const hit of hits) ids.add(hit._id as string);
        if (hits.length < MAX_PAGE) return [attribute, [...ids].sort()];
        after = hits[hits.length - 1].sort?.[0] as string;
      }
    }),
  );
  return new Map(entries);
}

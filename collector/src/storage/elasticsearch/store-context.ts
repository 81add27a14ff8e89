import type { Client, estypes } from '@elastic/elasticsearch';
import type { ResourceInfo } from '../../model/attributes.js';
import type { BulkOperation, BulkWriter } from './bulk-writer.js';
import { resourceFromDoc, resourceIdOf, resourceToDoc } from './documents.js';
import type { Doc } from './documents.js';
import { dayStartOfIndex, indexName } from './index-names.js';
import type { SearchRequest } from './search-request.js';
import type { AttributeFilter, TimeRange } from '../time-range.js';
import { attributeTerm } from './attribute-terms.js';
import type { ResourceMatches } from './query-clauses.js';
import { lookupDocId, lookupField, MAX_PAGE, resourceIdsRequest, traceDaysRequest } from './span-queries.js';
import type { LookupSignal } from './span-queries.js';

/** What the per-signal stores share: the client, the index prefix and the bulk writer. */
export interface StoreContext {
  client: Client;
  prefix: string;
  bulk: BulkWriter;
  /** (day, signal, trace) lookup documents known written, so a busy trace is not re-sent every batch. */
  lookupsWritten: Set<string>;
  /** Resources read back by id. Ids are content hashes, so an entry never goes stale. */
  resourceCache: Map<string, ResourceInfo>;
}

const RESOURCE_CACHE_LIMIT = 10_000;

const LOOKUP_CACHE_LIMIT = 200_000;

export function rememberLookups(context: StoreContext, lookups: PendingLookups): void {
  if (context.lookupsWritten.size > LOOKUP_CACHE_LIMIT) context.lookupsWritten.clear();
  for (const key of lookups.queued) context.lookupsWritten.add(key);
}

/**
 * The lookup and resource documents one write adds beside its items. Trace → day lookups go as
 * one document per daily lookup index and signal, listing the batch's new trace ids
 * (`spanTraceIds` / `logTraceIds`), under an id Elasticsearch generates: one document instead of
 * one per trace (each with its own id check, translog entry and stored fields) — and a retried
 * write adding a second copy only lists the same days twice.
 */
export class PendingLookups {
  /** `index/lookup id` of every (day, signal, trace) and `index/resource id` queued: see lookupsWritten. */
  readonly queued = new Set<string>();
  private readonly traceIds = new Map<string, { index: string; field: string; ids: string[] }>();
  private readonly resources: BulkOperation[] = [];

  /** False when already queued in this write (or `known`, i.e. written before). */
  add(key: string, known: ReadonlySet<string>): boolean {
    if (known.has(key) || this.queued.has(key)) return false;
    this.queued.add(key);
    return true;
  }

  addTrace(index: string, signal: LookupSignal, traceId: string): void {
    const field = lookupField(signal);
    const group = `${index}|${field}`;
    let entry = this.traceIds.get(group);
    if (entry === undefined) this.traceIds.set(group, (entry = { index, field, ids: [] }));
    entry.ids.push(traceId);
  }

  addResource(operation: BulkOperation): void {
    this.resources.push(operation);
  }

  operations(): BulkOperation[] {
    const lookups = [...this.traceIds.values()].map(({ index, field, ids }): BulkOperation => ({ index, doc: { [field]: ids } }));
    return [...lookups, ...this.resources];
  }
}

/**
 * Queues the trace → day lookup of a `signal` item of `traceId` written at `unixMs`, unless it is
 * known written or already queued in this write.
 */
export function queueTraceLookup(
  context: StoreContext,
  lookups: PendingLookups,
  signal: LookupSignal,
  traceId: string,
  unixMs: number,
): void {
  const index = indexName(context.prefix, 'trace-lookup', unixMs);
  if (lookups.add(`${index}/${lookupDocId(signal, traceId)}`, context.lookupsWritten)) lookups.addTrace(index, signal, traceId);
}

/**
 * Queues the resource document of a span written at `unixMs`, once per resource and day (like
 * lookups). Written with `index`, not `create`: a document an older version wrote under the same
 * id lacks the resource itself, which reads now need.
 */
export function queueResource(context: StoreContext, lookups: PendingLookups, resource: ResourceInfo, unixMs: number): void {
  const index = indexName(context.prefix, 'resources', unixMs);
  const id = resourceIdOf(resource);
  if (!lookups.add(`${index}/${id}`, context.lookupsWritten)) return;
  lookups.addResource({ index, id, doc: resourceToDoc(resource) });
  // Reads in this process then resolve it without a round trip (ids are content hashes).
  if (context.resourceCache.size >= RESOURCE_CACHE_LIMIT) context.resourceCache.clear();
  context.resourceCache.set(id, resource);
}

/**
 * Span or log hits as items, each with its resource: inline in documents of older versions, else
 * resolved by `resourceId` from the cache, else with one multi-get from the resources index of
 * each hit's day (where the writer put it, beside the item). A resource not found reads as its
 * service only (see spanFromDoc).
 */
export async function itemsWithResources<T>(
  context: StoreContext,
  hits: readonly { _index: string; _source?: Doc }[],
  fromDoc: (doc: Doc, resource: ResourceInfo | undefined) => T,
): Promise<T[]> {
  const { resourceCache } = context;
  // This read's own map: clearing the bounded cache below must not lose what these hits need.
  const resolved = new Map<string, ResourceInfo>();
  const wanted = new Map<string, { _index: string; _id: string }>();
  for (const hit of hits) {
    const source = hit._source;
    const id = source?.resourceId;
    if (source === undefined || source.resource !== undefined || typeof id !== 'string' || resolved.has(id)) continue;
    const cached = resourceCache.get(id);
    if (cached !== undefined) {
      resolved.set(id, cached);
      continue;
    }
    const dayStartMs = dayStartOfIndex(hit._index);
    if (dayStartMs === undefined) continue;
    const index = indexName(context.prefix, 'resources', dayStartMs);
    wanted.set(`${index}/${id}`, { _index: index, _id: id });
  }
  if (wanted.size > 0) {
    const response = await context.client.mget<{ resource?: Doc }>({ docs: [...wanted.values()], _source_includes: ['resource'] });
    if (resourceCache.size + wanted.size > RESOURCE_CACHE_LIMIT) resourceCache.clear();
    for (const doc of response.docs) {
      const stored = 'found' in doc && doc.found ? doc._source?.resource : undefined;
      if (stored === undefined) continue;
      const resource = resourceFromDoc(stored);
      resourceCache.set(doc._id, resource);
      resolved.set(doc._id, resource);
    }
  }
  return hits.map((hit) => fromDoc(hit._source as Doc, resolved.get((hit._source as Doc).resourceId as string)));
}

// The client's request types are stricter than plain JSON; our builders produce valid DSL.
export async function search<T = Record<string, unknown>>(
  context: StoreContext,
  request: SearchRequest,
): Promise<estypes.SearchResponse<T> | undefined> {
  if (request.index.length === 0) return undefined;
  return context.client.search<T>(request as never);
}

/** The daily `signal` indices that hold these traces, from the lookup indices. */
export async function traceIndices(
  context: StoreContext,
  lookup: LookupSignal,
  traceIds: readonly string[],
): Promise<string[]> {
  if (traceIds.length === 0) return [];
  const response = await search(context, traceDaysRequest(context.prefix, lookup, traceIds));
  const days = (response?.aggregations as { days?: { buckets: { key: string }[] } } | undefined)?.days?.buckets ?? [];
  const indices = new Set<string>();
  for (const { key } of days) {
    const dayStartMs = dayStartOfIndex(key);
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

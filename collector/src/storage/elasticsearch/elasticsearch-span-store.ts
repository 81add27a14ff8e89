import type { Span } from '../../model/span.js';
import type { SpanReader, SpanWriter, TraceQuery, TraceSummary } from '../span-store.js';
import type { TimeRange } from '../time-range.js';
import type { BulkOperation } from './bulk-writer.js';
import { spanDocId, spanFromDoc, spanToJson } from './documents.js';
import type { Doc } from './documents.js';
import { indexName, nanosToMs, recentIndices } from './index-names.js';
import {
  MAX_PAGE,
  candidatePlan,
  operationsRequest,
  servicesRequest,
  traceCandidatesRequest,
  traceSpansRequest,
  traceSummariesRequest,
} from './span-queries.js';
import type { Clause } from './query-clauses.js';
import { PendingLookups, queueResource, queueTraceLookup, rememberLookups, itemsWithResources, resourceMatches, search, traceIndices } from './store-context.js';
import type { StoreContext } from './store-context.js';

interface TopHit {
  hits: { hits: { _source?: Doc }[] };
}

interface SummaryBucket {
  key: string;
  doc_count: number;
  errors: { doc_count: number };
  confirmed?: { doc_count: number };
  services: { buckets: { key: string }[] };
  first: TopHit;
  last: TopHit;
  root: { doc_count: number; span: TopHit };
}

/** Spans: one document per span in `<prefix>-spans-<day>`, plus a trace → day lookup document. */
export class ElasticsearchSpanStore implements SpanReader, SpanWriter {
  constructor(private readonly context: StoreContext) {}

  async writeSpans(spans: readonly Span[]): Promise<void> {
    const { prefix } = this.context;
    const operations: BulkOperation[] = [];
    const lookups = new PendingLookups();
    for (const span of spans) {
      const startMs = nanosToMs(span.startTimeUnixNano);
      operations.push({ index: indexName(prefix, 'spans', startMs), id: spanDocId(span), json: spanToJson(span) });
      queueTraceLookup(this.context, lookups, 'spans', span.traceId, startMs);
      queueResource(this.context, lookups, span.resource, startMs);
    }
    // Lookups and resources travel in the same requests, so they become visible with the spans that point to them.
    await this.context.bulk.write('spans', [...operations, ...lookups.operations()]);
    rememberLookups(this.context, lookups);
  }

  /**
   * Yesterday's and today's span indices are searched while the lookup runs (one round trip for
   * recent traces); any older day the lookup names is searched after.
   */
  async getTrace(traceId: string): Promise<Span[]> {
    const recent = recentIndices(this.context.prefix, 'spans', Date.now());
    const [indices, recentSpans] = await Promise.all([
      traceIndices(this.context, 'spans', [traceId]),
      this.spansIn(recent, traceId),
    ]);
    const older = indices.filter((index) => !recent.includes(index));
    return older.length === 0 ? recentSpans : [...recentSpans, ...(await this.spansIn(older, traceId))];
  }

  private async spansIn(indices: string[], traceId: string): Promise<Span[]> {
    const spans: Span[] = [];
    let after: string | undefined;
    for (;;) {
      const response = await search<Doc>(this.context, traceSpansRequest(indices, traceId, after));
      const hits = response?.hits.hits ?? [];
      spans.push(...(await itemsWithResources(this.context, hits, spanFromDoc)));
      if (hits.length < MAX_PAGE) return spans;
      after = (hits[hits.length - 1]._source as Doc).spanId as string;
    }
  }

  /**
   * Candidates come newest driving span first (collapsed per trace; see `candidatePlan`);
   * summaries are then computed over whole traces and sorted by trace start. A trace not fetched
   * yet has no driving span newer than the last candidate seen (or, once a window is exhausted,
   * than the window's start),
   * so it started before that bound: every summary starting at or after it is final. The search
   * first looks at the newest slice of the range and widens it only when that slice cannot fill
   * `limit` final answers — most searches ("latest traces of X") never touch the older data.
   */
  async findTraces(query: TraceQuery): Promise<TraceSummary[]> {
    if (query.limit <= 0) return [];
    const plan = candidatePlan(query, await resourceMatches(this.context, query.range, query.attributes));
    const found: TraceSummary[] = [];
    const seen = new Set<string>();
    const finalCount = (bound: bigint) => found.filter((summary) => summary.startTimeUnixNano >= bound).length;
    for (const window of plan.windows) {
      // Pages grow when trace-level conditions may discard most candidates: fewer round trips.
      let pageSize = Math.min(MAX_PAGE, Math.max(query.limit * 2, 100));
      for (let from = 0; from < MAX_PAGE; from += pageSize, pageSize = Math.min(pageSize * 2, 2000)) {
        const size = Math.min(pageSize, MAX_PAGE - from);
        const request = traceCandidatesRequest(this.context.prefix, plan.driver, window, from, size);
        const hits = (await search<Doc>(this.context, request))?.hits.hits ?? [];
        const traceIds = hits.map((hit) => (hit._source as Doc).traceId as string).filter((id) => !seen.has(id));
        for (const id of traceIds) seen.add(id);
        const summaries = await this.summarise(traceIds, plan.confirm);
        found.push(...summaries.filter((summary) => matchesTraceConditions(summary, query)));
        if (hits.length < size) {
          // Window exhausted: anything unseen has all its driving spans before the window.
          if (finalCount(window.startUnixNano) >= query.limit) return finish(found, query.limit);
          break;
        }
        const bound = BigInt((hits[hits.length - 1]._source as Doc).startTimeUnixNano as string) + 1n;
        if (finalCount(bound) >= query.limit) return finish(found, query.limit);
      }
    }
    return finish(found, query.limit);
  }

  /** Whole-trace summaries; with `confirm`, only traces having a span that satisfies it. */
  private async summarise(traceIds: string[], confirm?: Clause[]): Promise<TraceSummary[]> {
    if (traceIds.length === 0) return [];
    const indices = await traceIndices(this.context, 'spans', traceIds);
    const response = await search(this.context, traceSummariesRequest(indices, traceIds, confirm));
    const aggregations = response?.aggregations as { traces: { buckets: SummaryBucket[] } } | undefined;
    const buckets = aggregations?.traces.buckets ?? [];
    return buckets.filter((bucket) => confirm === undefined || (bucket.confirmed?.doc_count ?? 0) > 0).map(summaryFromBucket);
  }

  async getServices(range: TimeRange): Promise<string[]> {
    const response = await search(this.context, servicesRequest(this.context.prefix, range));
    const aggregations = response?.aggregations as { services: { buckets: { key: string }[] } } | undefined;
    return (aggregations?.services.buckets ?? []).map((bucket) => bucket.key).sort();
  }

  async getOperations(serviceName: string, range: TimeRange): Promise<{ name: string; spanKind: number }[]> {
    const operations: { name: string; spanKind: number }[] = [];
    let after: Record<string, unknown> | undefined;
    for (;;) {
      const response = await search(this.context, operationsRequest(this.context.prefix, serviceName, range, after));
      const composite = (response?.aggregations as
        | { operations: { buckets: { key: { name: string; kind: number } }[]; after_key?: Record<string, unknown> } }
        | undefined)?.operations;
      for (const bucket of composite?.buckets ?? []) operations.push({ name: bucket.key.name, spanKind: bucket.key.kind });
      if (!composite?.after_key || composite.buckets.length === 0) break;
      after = composite.after_key;
    }
    return operations.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.spanKind - b.spanKind));
  }
}

function summaryFromBucket(bucket: SummaryBucket): TraceSummary {
  const first = bucket.first.hits.hits[0]._source as Doc;
  const last = bucket.last.hits.hits[0]._source as Doc;
  const root = bucket.root.doc_count > 0 ? (bucket.root.span.hits.hits[0]._source as Doc) : first;
  const start = BigInt(first.startTimeUnixNano as string);
  const end = BigInt(last.endTimeUnixNano as string);
  return {
    traceId: bucket.key,
    rootServiceName: root.serviceName as string,
    rootOperation: root.name as string,
    startTimeUnixNano: start,
    durationNano: Number(end > start ? end - start : 0n),
    spanCount: bucket.doc_count,
    errorCount: bucket.errors.doc_count,
    services: bucket.services.buckets.map((service) => service.key).sort(),
  };
}

function matchesTraceConditions(summary: TraceSummary, query: TraceQuery): boolean {
  if (query.minTraceDurationNano !== undefined && summary.durationNano < query.minTraceDurationNano) return false;
  if (query.maxTraceDurationNano !== undefined && summary.durationNano > query.maxTraceDurationNano) return false;
  if (query.status === 'error' && summary.errorCount === 0) return false;
  if (query.status === 'ok' && summary.errorCount > 0) return false;
  return true;
}

function finish(found: TraceSummary[], limit: number): TraceSummary[] {
  return found.sort(compareNewestFirst).slice(0, limit);
}

function compareNewestFirst(a: TraceSummary, b: TraceSummary): number {
  if (a.startTimeUnixNano !== b.startTimeUnixNano) return a.startTimeUnixNano > b.startTimeUnixNano ? -1 : 1;
  return a.traceId < b.traceId ? -1 : a.traceId > b.traceId ? 1 : 0;
}

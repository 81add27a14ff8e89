import { attributeValueToString } from '../model/attributes.js';
import type { Span } from '../model/span.js';
import type { Storage } from '../storage/storage.js';
import type { AttributeFilter } from '../storage/time-range.js';
import type { TraceQuery } from '../storage/span-store.js';
import { spanKindFromName } from './aggregate-stats.js';

/** How far back Jaeger's range-less calls (services, operations) look: the default retention. */
export const JAEGER_METADATA_LOOKBACK_MS = 7 * 24 * 3_600_000;

export function metadataRange(now = Date.now()): { startUnixNano: bigint; endUnixNano: bigint } {
  return { startUnixNano: BigInt(now - JAEGER_METADATA_LOOKBACK_MS) * 1_000_000n, endUnixNano: BigInt(now + 60_000) * 1_000_000n };
}

export async function serviceNames(storage: Storage): Promise<string[]> {
  const groups = await storage.aggregates.querySpanMetrics({ range: metadataRange(), groupBy: ['serviceName'] });
  return [...new Set(groups.map((group) => group.serviceName ?? ''))].filter((name) => name !== '').sort();
}

export async function operationsOf(storage: Storage, service: string): Promise<{ name: string; spanKind: number }[]> {
  const groups = await storage.aggregates.querySpanMetrics({
    range: metadataRange(),
    serviceName: service,
    groupBy: ['operation', 'spanKind'],
  });
  return groups
    .map((group) => ({ name: group.operation ?? '', spanKind: group.spanKind ?? 0 }))
    .sort((a, b) => a.name.localeCompare(b.name) || a.spanKind - b.spanKind);
}

/** Conditions of a Jaeger search that the storage query cannot express. */
export interface JaegerSpanConditions {
  /** From the `span.kind` tag: the matching span has this kind (-1: a kind name Jaeger does not know). */
  spanKind?: number;
}

/**
 * Jaeger's status and kind tags are not stored as attributes (they are derived from the OTLP
 * status and kind), so `error=true` / `otel.status_code=ERROR` become the search's status
 * condition and `span.kind=server` (as Jaeger tags every span) a kind condition on the same span
 * as the other filters, which {@link findFullTraces} applies.
 */
export function applyTagFilters(query: TraceQuery, filters: readonly AttributeFilter[]): JaegerSpanConditions {
  const attributes: AttributeFilter[] = [];
  const conditions: JaegerSpanConditions = {};
  for (const filter of filters) {
    const value = filter.value.toLowerCase();
    if (filter.key === 'error' && (value === 'true' || value === 'false')) query.status = value === 'true' ? 'error' : 'ok';
    else if (filter.key === 'otel.status_code' && value === 'error') query.status = 'error';
    else if (filter.key === 'span.kind') conditions.spanKind = spanKindFromName(filter.value) ?? -1;
    else attributes.push(filter);
  }
  if (attributes.length > 0) query.attributes = attributes;
  return conditions;
}

/** Traces looked at per trace wanted when a kind condition filters the storage's answer, and at most. */
const KIND_FILTER_OVERFETCH = 4;
const MAX_CANDIDATES = 1500;

/**
 * Runs a search and loads every found trace (Jaeger's search answers whole traces). A kind
 * condition is checked on the loaded spans: the storage finds candidates with every other
 * condition, several times the limit of them, and the traces where one span meets all of them
 * together with the kind are kept (so a search for a rare kind among many traces may return fewer
 * than `limit`).
 */
export async function findFullTraces(storage: Storage, query: TraceQuery, conditions: JaegerSpanConditions = {}): Promise<Span[][]> {
  const { spanKind } = conditions;
  const candidates = spanKind === undefined ? query : { ...query, limit: Math.min(query.limit * KIND_FILTER_OVERFETCH, MAX_CANDIDATES) };
  const summaries = await storage.spans.findTraces(candidates);
  const traces = (await Promise.all(summaries.map((summary) => storage.spans.getTrace(summary.traceId)))).filter((spans) => spans.length > 0);
  if (spanKind === undefined) return traces;
  return traces.filter((spans) => spans.some((span) => span.kind === spanKind && matchesSpanConditions(span, query))).slice(0, query.limit);
}

/** The same-span conditions of a trace query, checked on one loaded span. */
function matchesSpanConditions(span: Span, query: TraceQuery): boolean {
  if (query.serviceName !== undefined && span.resource.serviceName !== query.serviceName) return false;
  if (query.operation !== undefined && span.name !== query.operation) return false;
  if (query.minSpanDurationNano !== undefined && span.durationNano < query.minSpanDurationNano) return false;
  if (query.maxSpanDurationNano !== undefined && span.durationNano > query.maxSpanDurationNano) return false;
  // Compared as the stores compare them: the whole value rendered by attributeValueToString.
  return (query.attributes ?? []).every((filter) => {
    const value = span.attributes[filter.key] ?? span.resource.attributes[filter.key];
    return value !== undefined && attributeValueToString(value) === filter.value;
  });
}

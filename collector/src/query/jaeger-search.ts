import type { Span } from '../model/span.js';
import type { Storage } from '../storage/storage.js';
import type { AttributeFilter } from '../storage/time-range.js';
import type { TraceQuery } from '../storage/span-store.js';

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

/**
 * Jaeger's status tags are not stored as attributes (they are derived from the OTLP status), so
 * `error=true` / `otel.status_code=ERROR` become the search's status condition.
 */
export function applyTagFilters(query: TraceQuery, filters: readonly AttributeFilter[]): void {
  const attributes: AttributeFilter[] = [];
  for (const filter of filters) {
    const value = filter.value.toLowerCase();
    if (filter.key === 'error' && (value === 'true' || value === 'false')) query.status = value === 'true' ? 'error' : 'ok';
    else if (filter.key === 'otel.status_code' && value === 'error') query.status = 'error';
    else attributes.push(filter);
  }
  if (attributes.length > 0) query.attributes = attributes;
}

/** Runs a search and loads every found trace (Jaeger's search answers whole traces). */
export async function findFullTraces(storage: Storage, query: TraceQuery): Promise<Span[][]> {
  const summaries = await storage.spans.findTraces(query);
  const traces = await Promise.all(summaries.map((summary) => storage.spans.getTrace(summary.traceId)));
  return traces.filter((spans) => spans.length > 0);
}

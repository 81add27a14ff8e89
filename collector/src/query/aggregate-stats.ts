import { mergeHistogram, quantileNanos, type SparseHistogram } from '../model/latency-histogram.js';
import { SpanKind } from '../model/span.js';
import type { AggregateTotals, SpanMetricsGroup } from '../storage/aggregate-store.js';
import type { ApiCallStats } from './api-types.js';

export function emptyTotals(): AggregateTotals {
  return { calls: 0, errors: 0, durationSumNano: 0, histogram: {} };
}

export function addTotals(target: AggregateTotals, source: AggregateTotals): AggregateTotals {
  target.calls += source.calls;
  target.errors += source.errors;
  target.durationSumNano += source.durationSumNano;
  mergeHistogram(target.histogram, source.histogram);
  return target;
}

export function quantileMs(histogram: SparseHistogram, q: number): number | null {
  const ns = quantileNanos(histogram, q);
  return ns === undefined ? null : roundMs(ns / 1e6);
}

/** Milliseconds rounded to the microsecond, so responses do not carry float noise. */
export function roundMs(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

/** Calls, errors and latency percentiles of a group of aggregate rows, as the API reports them. */
export function callStats(totals: AggregateTotals): ApiCallStats {
  return {
    calls: totals.calls,
    errors: totals.errors,
    errorRate: totals.calls > 0 ? totals.errors / totals.calls : 0,
    p50Ms: quantileMs(totals.histogram, 0.5),
    p95Ms: quantileMs(totals.histogram, 0.95),
    p99Ms: quantileMs(totals.histogram, 0.99),
  };
}

/** The kinds that measure what a service's callers experienced. */
export const INCOMING_KINDS: readonly number[] = [SpanKind.SERVER, SpanKind.CONSUMER];

/**
 * A service's RED numbers come from its SERVER and CONSUMER spans (requests it handled). A service
 * that has none (a batch job, a pure client) falls back to all of its spans so it still shows up
 * with numbers. Groups must carry `serviceName` and `spanKind`; the result is keyed by service.
 */
export function totalsPerService(groups: readonly SpanMetricsGroup[]): Map<string, AggregateTotals> {
  const servicesWithIncoming = new Set<string>();
  for (const group of groups) {
    if (group.calls > 0 && INCOMING_KINDS.includes(group.spanKind ?? -1)) servicesWithIncoming.add(group.serviceName ?? '');
  }
  const totals = new Map<string, AggregateTotals>();
  for (const group of groups) {
    const service = group.serviceName ?? '';
    if (servicesWithIncoming.has(service) && !INCOMING_KINDS.includes(group.spanKind ?? -1)) continue;
    let target = totals.get(service);
    if (!target) totals.set(service, (target = emptyTotals()));
    addTotals(target, group);
  }
  return totals;
}

/** Whether the service has SERVER/CONSUMER spans in these (serviceName, spanKind) groups. */
export function hasIncomingSpans(groups: readonly SpanMetricsGroup[]): boolean {
  return groups.some((group) => group.calls > 0 && INCOMING_KINDS.includes(group.spanKind ?? -1));
}

const KIND_NAMES: Record<number, string> = {
  0: 'unspecified',
  1: 'internal',
  2: 'server',
  3: 'client',
  4: 'producer',
  5: 'consumer',
};

/** Lower-case kind name as Jaeger spells it (`server`, `client`...); `unspecified` for 0. */
export function spanKindName(kind: number): string {
  return KIND_NAMES[kind] ?? 'unspecified';
}

export function spanKindFromName(name: string): number | undefined {
  const lower = name.toLowerCase().replace(/^span_kind_/, '');
  for (const [number, kindName] of Object.entries(KIND_NAMES)) if (kindName === lower) return Number(number);
  return undefined;
}

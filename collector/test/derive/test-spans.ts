import type { Attributes } from '../../src/model/attributes.js';
import type { ServiceGraphEdgeRow, SpanMetricsRow } from '../../src/model/aggregates.js';
import { SpanKind, StatusCode, type Span } from '../../src/model/span.js';
import type { AggregateWriter } from '../../src/storage/aggregate-store.js';

/** 2026-01-01T00:00:00Z: a minute boundary. */
export const T0_MS = Date.UTC(2026, 0, 1);

export interface SpanSpec {
  service: string;
  name?: string;
  kind: SpanKind;
  traceId?: string;
  spanId: string;
  parentSpanId?: string;
  /** Offset of the start from T0, ms. */
  startMs?: number;
  durationMs?: number;
  error?: boolean;
  attributes?: Attributes;
  links?: { traceId: string; spanId: string }[];
}

export const TRACE_A = 'a'.repeat(31) + '1';

export function span(spec: SpanSpec): Span {
  const start = BigInt(T0_MS + (spec.startMs ?? 0)) * 1_000_000n;
  const durationNano = Math.round((spec.durationMs ?? 10) * 1e6);
  return {
    traceId: spec.traceId ?? TRACE_A,
    spanId: spec.spanId.padStart(16, '0'),
    parentSpanId: spec.parentSpanId === undefined ? '' : spec.parentSpanId.padStart(16, '0'),
    name: spec.name ?? `${spec.service} op`,
    kind: spec.kind,
    startTimeUnixNano: start,
    endTimeUnixNano: start + BigInt(durationNano),
    durationNano,
    statusCode: spec.error ? StatusCode.ERROR : StatusCode.UNSET,
    resource: { serviceName: spec.service, attributes: { 'service.name': spec.service } },
    scope: { name: 'test' },
    attributes: spec.attributes ?? {},
    events: [],
    links: (spec.links ?? []).map((l) => ({ traceId: l.traceId, spanId: l.spanId.padStart(16, '0'), attributes: {} })),
    isRoot: spec.parentSpanId === undefined,
    isError: spec.error ?? false,
  };
}

/**
 * An AggregateWriter that keeps rows in memory, replacing by id as the contract says. It stands in
 * for the storage the processors write to; `failNext` makes the next writes reject.
 */
export class MemoryAggregateWriter implements AggregateWriter {
  readonly spanMetrics = new Map<string, SpanMetricsRow>();
  readonly edges = new Map<string, ServiceGraphEdgeRow>();
  writes = 0;
  failNext = 0;

  async writeSpanMetrics(rows: readonly SpanMetricsRow[]): Promise<void> {
    this.maybeFail();
    for (const row of rows) this.spanMetrics.set(row.id, structuredClone(row));
  }

  async writeServiceGraphEdges(rows: readonly ServiceGraphEdgeRow[]): Promise<void> {
    this.maybeFail();
    for (const row of rows) this.edges.set(row.id, structuredClone(row));
  }

  /** Edge totals by "client->server(kind)". */
  edgeTotals(): Record<string, { calls: number; errors: number }> {
    const totals: Record<string, { calls: number; errors: number }> = {};
    for (const row of this.edges.values()) {
      const key = `${row.client}->${row.server}(${row.serverKind})`;
      totals[key] ??= { calls: 0, errors: 0 };
      totals[key].calls += row.calls;
      totals[key].errors += row.errors;
    }
    return totals;
  }

  private maybeFail(): void {
    this.writes++;
    if (this.failNext > 0) {
      this.failNext--;
      throw new Error('storage unavailable');
    }
  }
}

export { SpanKind, StatusCode };

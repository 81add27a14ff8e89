import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ServiceGraphEdgeRow, SpanMetricsRow } from '../../src/model/aggregates.js';
import type { ResourceInfo } from '../../src/model/attributes.js';
import type { LogRecord } from '../../src/model/log-record.js';
import type { MetricPoint } from '../../src/model/metric-point.js';
import type { Span } from '../../src/model/span.js';

const FIXTURE_DIR = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');

/** Fixture times are written as `B+<n>ns` / `B-<n>ms`: an offset from the base time of the run. */
const RELATIVE_TIME = /^B([+-]\d+)(ns|ms)$/;

/**
 * Base time of a run: the start of the previous hour, so fixtures sit at realistic, recent times
 * (a backend with daily indices and retention sees ordinary data) and on minute boundaries (so
 * per-minute aggregate expectations hold).
 */
export function defaultBaseUnixMs(now = Date.now()): number {
  return Math.floor(now / 3_600_000) * 3_600_000 - 3_600_000;
}

export interface Fixtures {
  baseUnixMs: number;
  baseUnixNano: bigint;
  spans: Span[];
  logs: LogRecord[];
  points: MetricPoint[];
  spanMetrics: SpanMetricsRow[];
  serviceGraphEdges: ServiceGraphEdgeRow[];
  staleSpanMetrics: SpanMetricsRow[];
  staleServiceGraphEdges: ServiceGraphEdgeRow[];
  retention: {
    cutoffUnixNano: bigint;
    spans: Span[];
    logs: LogRecord[];
    points: MetricPoint[];
    spanMetrics: SpanMetricsRow[];
    serviceGraphEdges: ServiceGraphEdgeRow[];
  };
}

export function loadFixtures(baseUnixMs = defaultBaseUnixMs()): Fixtures {
  const baseUnixNano = BigInt(baseUnixMs) * 1_000_000n;
  const resources = readJson('resources.json', baseUnixMs) as Record<string, ResourceInfo>;
  const withResource = <T>(item: Record<string, unknown>): T => {
    const resource = resources[item.resource as string];
    if (!resource) throw new Error(`fixture names unknown resource ${String(item.resource)}`);
    return { ...item, resource: structuredClone(resource) } as T;
  };
  const toSpan = (item: Record<string, unknown>): Span => {
    const span = withResource<Span>(item);
    span.durationNano = Number(span.endTimeUnixNano - span.startTimeUnixNano);
    span.isRoot = span.parentSpanId === '';
    span.isError = span.statusCode === 2;
    return span;
  };
  const spans = readJson('spans.json', baseUnixMs) as { spans: Record<string, unknown>[] };
  const logs = readJson('logs.json', baseUnixMs) as { logs: Record<string, unknown>[] };
  const metrics = readJson('metrics.json', baseUnixMs) as { points: Record<string, unknown>[] };
  const aggregates = readJson('aggregates.json', baseUnixMs) as {
    spanMetrics: SpanMetricsRow[];
    serviceGraphEdges: ServiceGraphEdgeRow[];
    staleVersions: { spanMetrics: SpanMetricsRow[]; serviceGraphEdges: ServiceGraphEdgeRow[] };
  };
  const retention = readJson('retention.json', baseUnixMs) as {
    cutoff: bigint;
    spans: Record<string, unknown>[];
    logs: Record<string, unknown>[];
    points: Record<string, unknown>[];
    spanMetrics: SpanMetricsRow[];
    serviceGraphEdges: ServiceGraphEdgeRow[];
  };
  return {
    baseUnixMs,
    baseUnixNano,
    spans: spans.spans.map(toSpan),
    logs: logs.logs.map((item) => withResource<LogRecord>(item)),
    points: metrics.points.map((item) => withResource<MetricPoint>(item)),
    spanMetrics: aggregates.spanMetrics,
    serviceGraphEdges: aggregates.serviceGraphEdges,
    staleSpanMetrics: aggregates.staleVersions.spanMetrics,
    staleServiceGraphEdges: aggregates.staleVersions.serviceGraphEdges,
    retention: {
      cutoffUnixNano: retention.cutoff,
      spans: retention.spans.map(toSpan),
      logs: retention.logs.map((item) => withResource<LogRecord>(item)),
      points: retention.points.map((item) => withResource<MetricPoint>(item)),
      spanMetrics: retention.spanMetrics,
      serviceGraphEdges: retention.serviceGraphEdges,
    },
  };
}

function readJson(name: string, baseUnixMs: number): unknown {
  const text = readFileSync(join(FIXTURE_DIR, name), 'utf8');
  const baseUnixNano = BigInt(baseUnixMs) * 1_000_000n;
  return JSON.parse(text, (key, value: unknown) => {
    if (key === '_comment' || typeof value !== 'string') return value;
    const match = RELATIVE_TIME.exec(value);
    if (!match) return value;
    return match[2] === 'ns' ? baseUnixNano + BigInt(match[1]) : baseUnixMs + Number(match[1]);
  });
}

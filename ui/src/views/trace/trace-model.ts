import { mark } from '../../api/client';
import type { ApiLogRecord, ApiResource, ApiSpan, TraceResponse } from '../../api/schemas';
import { criticalPath, type CriticalSegment } from '../../transforms/critical-path';
import { buildSpanTree, visibleRows, type SpanNode, type SpanTree } from '../../transforms/span-tree';

/** A span as the waterfall needs it: API fields plus start/end in ms relative to the trace start. */
export interface TraceSpan {
  spanId: string;
  parentSpanId: string;
  startMs: number;
  endMs: number;
  api: ApiSpan;
  /** The process that emitted it (the response sends each resource once; spans point at theirs). */
  resource: ApiResource;
}

export interface TraceModel {
  tree: SpanTree<TraceSpan>;
  /** Logs by the span that wrote them, oldest first; logs with no (known) span under ''. */
  logsBySpan: Map<string, ApiLogRecord[]>;
  /** Every span depth-first in start order (the waterfall with nothing collapsed, and the minimap); computed once, on first use. */
  allRows: () => SpanNode<TraceSpan>[];
  /** Span id → its critical-path segments (relative ms); computed on first use (it is optional). */
  criticalBySpan: () => Map<string, CriticalSegment[]>;
  errorCount: number;
  services: string[];
  traceStartMs: number;
  durationMs: number;
}

export function buildTraceModel(trace: TraceResponse): TraceModel {
  mark('model start');
  try {
    return buildModel(trace);
  } finally {
    mark('model built');
  }
}

function buildModel(trace: TraceResponse): TraceModel {
  // Plain loops, one pass each: on a page's first (unoptimized) run, every callback per span counts.
  let traceStartMs = Number.POSITIVE_INFINITY;
  for (const span of trace.spans) if (span.startTimeMs < traceStartMs) traceStartMs = span.startTimeMs;
  const origin = Number.isFinite(traceStartMs) ? traceStartMs : trace.startTimeMs;
  const spans: TraceSpan[] = new Array<TraceSpan>(trace.spans.length);
  let errorCount = 0;
  for (let i = 0; i < spans.length; i++) {
    const api = trace.spans[i];
    const startMs = api.startTimeMs - origin;
    spans[i] = { spanId: api.spanId, parentSpanId: api.parentSpanId, startMs, endMs: startMs + api.durationMs, api, resource: trace.resources[api.resourceIndex] };
    if (api.isError) errorCount++;
  }
  const tree = buildSpanTree(spans);
  const logsBySpan = new Map<string, ApiLogRecord[]>();
  for (const log of trace.logs) {
    const key = tree.byId.has(log.spanId) ? log.spanId : '';
    const list = logsBySpan.get(key);
    if (list) list.push(log);
    else logsBySpan.set(key, [log]);
  }
  for (const list of logsBySpan.values()) list.sort((a, b) => a.timeMs - b.timeMs);
  let criticalBySpan: Map<string, CriticalSegment[]> | undefined;
  const getCriticalBySpan = () => {
    if (criticalBySpan) return criticalBySpan;
    criticalBySpan = new Map();
    for (const segment of criticalPath(tree)) {
      const list = criticalBySpan.get(segment.spanId);
      if (list) list.push(segment);
      else criticalBySpan.set(segment.spanId, [segment]);
    }
    return criticalBySpan;
  };
  let allRows: SpanNode<TraceSpan>[] | undefined;
  return {
    tree,
    logsBySpan,
    allRows: () => (allRows ??= visibleRows(tree, new Set())),
    criticalBySpan: getCriticalBySpan,
    errorCount,
    services: trace.services,
    traceStartMs: origin,
    durationMs: Math.max(tree.endMs - tree.startMs, trace.durationMs, 0),
  };
}

import type { SpanNode, SpanTree, TreeInputSpan } from './span-tree';

/** A stretch of time during which this span (not any child) was what the trace waited on. */
export interface CriticalSegment {
  spanId: string;
  startMs: number;
  endMs: number;
}

/**
 * The critical path: walking back from the end of the root, at each moment the span the request
 * was waiting on — the child that finished last before the current point, else the span itself
 * (Jaeger's algorithm). Children that ran entirely in parallel with a later-finishing sibling are
 * not on it. Iterative, so deep traces are safe. Segments come out in time order.
 */
export function criticalPath<S extends TreeInputSpan>(tree: SpanTree<S>): CriticalSegment[] {
  const segments: CriticalSegment[] = [];
  // The longest-running root is the request; other roots (orphans) are not on its path.
  const root = tree.roots.reduce<SpanNode<S> | undefined>(
    (best, node) => (!best || node.span.endMs - node.span.startMs > best.span.endMs - best.span.startMs ? node : best),
    undefined,
  );
  if (!root) return segments;

  interface Frame {
    node: SpanNode<S>;
    cursor: number;
    next: number;
    children: SpanNode<S>[];
  }
  const frame = (node: SpanNode<S>, limit: number): Frame => ({
    node,
    cursor: Math.min(node.span.endMs, limit),
    next: 0,
    children: [...node.children].sort((a, b) => b.span.endMs - a.span.endMs),
  });
  const stack: Frame[] = [frame(root, root.span.endMs)];
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    const start = top.node.span.startMs;
    if (top.next < top.children.length && top.cursor > start) {
      const child = top.children[top.next++];
      // A child that started after the cursor overlapped a later-finishing sibling already on the path.
      if (child.span.startMs >= top.cursor || child.span.endMs <= start) continue;
      const childEnd = Math.min(child.span.endMs, top.cursor);
      if (childEnd < top.cursor) segments.push({ spanId: top.node.span.spanId, startMs: childEnd, endMs: top.cursor });
      top.cursor = Math.max(child.span.startMs, start);
      stack.push(frame(child, childEnd));
      continue;
    }
    if (top.cursor > start) segments.push({ spanId: top.node.span.spanId, startMs: start, endMs: top.cursor });
    stack.pop();
  }
  return segments.reverse();
}

/** Self time: the part of a span's duration not covered by any of its children. */
export function selfTimeMs<S extends TreeInputSpan>(node: SpanNode<S>): number {
  const intervals = node.children
    .map((c) => [Math.max(c.span.startMs, node.span.startMs), Math.min(c.span.endMs, node.span.endMs)] as const)
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
  let covered = 0;
  let runStart = Number.NaN;
  let runEnd = Number.NaN;
  for (const [a, b] of intervals) {
    if (Number.isNaN(runStart) || a > runEnd) {
      if (!Number.isNaN(runStart)) covered += runEnd - runStart;
      runStart = a;
      runEnd = b;
    } else runEnd = Math.max(runEnd, b);
  }
  if (!Number.isNaN(runStart)) covered += runEnd - runStart;
  return Math.max(0, node.span.endMs - node.span.startMs - covered);
}

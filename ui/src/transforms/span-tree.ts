/**
 * Trace → tree → visible rows, for the waterfall. Everything here is O(n log n) or better and
 * iterative (no recursion), so a 50,000-span trace, or a 10,000-deep chain, builds in milliseconds
 * without blowing the stack.
 */
export interface TreeInputSpan {
  spanId: string;
  parentSpanId: string;
  /** Start and end in ms relative to anything consistent (epoch ms is fine). */
  startMs: number;
  endMs: number;
}

export interface SpanNode<S extends TreeInputSpan> {
  span: S;
  depth: number;
  children: SpanNode<S>[];
  /** The parent id was given but no such span is in the trace (it has not arrived, or was lost). */
  orphan: boolean;
  /** Number of spans below this one (children, grandchildren...), for "12 hidden" badges. */
  descendantCount: number;
}

export interface SpanTree<S extends TreeInputSpan> {
  roots: SpanNode<S>[];
  byId: Map<string, SpanNode<S>>;
  startMs: number;
  endMs: number;
  maxDepth: number;
}

const byStart = <S extends TreeInputSpan>(a: SpanNode<S>, b: SpanNode<S>) =>
  a.span.startMs - b.span.startMs || a.span.endMs - b.span.endMs;

/**
 * The children of a leaf: one shared empty list (most spans of a big trace are leaves, and an
 * array each is 10,000 allocations on a page's first, still unoptimized, run). Frozen, so a push
 * into it would throw instead of giving every leaf that child.
 */
const NO_CHILDREN: SpanNode<never>[] = Object.freeze([]) as unknown as SpanNode<never>[];

/** Depth of a node no walk from a root has reached yet. */
const UNREACHED = -1;

export function buildSpanTree<S extends TreeInputSpan>(spans: readonly S[]): SpanTree<S> {
  const byId = new Map<string, SpanNode<S>>();
  const nodes: SpanNode<S>[] = [];
  let startMs = Number.POSITIVE_INFINITY;
  let endMs = Number.NEGATIVE_INFINITY;
  for (const span of spans) {
    // A duplicate span id (a resent batch) keeps the first copy; the tree must stay a tree.
    if (byId.has(span.spanId)) continue;
    const node: SpanNode<S> = { span, depth: UNREACHED, children: NO_CHILDREN, orphan: false, descendantCount: 0 };
    byId.set(span.spanId, node);
    nodes.push(node);
    if (span.startMs < startMs) startMs = span.startMs;
    if (span.endMs > endMs) endMs = span.endMs;
  }
  const roots: SpanNode<S>[] = [];
  for (const node of nodes) {
    const parentId = node.span.parentSpanId;
    const parent = parentId ? byId.get(parentId) : undefined;
    if (parent && parent !== node) {
      if (parent.children === NO_CHILDREN) parent.children = [node];
      else parent.children.push(node);
    } else {
      node.orphan = Boolean(parentId) && parent !== node;
      roots.push(node);
    }
  }
  // Depth-first from each root, parents before their children: the order descendant counts are
  // summed in, backwards. A parent cycle (a → b → a, from broken ids) leaves spans unreachable
  // from any root; break it by promoting one member of each unreached group to a root.
  const preOrder: SpanNode<S>[] = [];
  let maxDepth = 0;
  const visit = (start: SpanNode<S>) => {
    const stack: SpanNode<S>[] = [start];
    start.depth = 0;
    while (stack.length > 0) {
      const node = stack.pop()!;
      preOrder.push(node);
      const children = node.children;
      if (children.length === 0) continue;
      sortByStart(children);
      const depth = node.depth + 1;
      for (const child of children) {
        if (child.depth !== UNREACHED) continue;
        child.depth = depth;
        if (depth > maxDepth) maxDepth = depth;
        stack.push(child);
      }
    }
  };
  sortByStart(roots);
  for (const root of roots) visit(root);
  if (preOrder.length < byId.size) {
    for (const node of nodes) {
      if (node.depth !== UNREACHED) continue;
      node.orphan = true;
      for (const other of nodes) if (other.children.includes(node)) other.children = other.children.filter((c) => c !== node);
      roots.push(node);
      visit(node);
    }
  }
  countDescendants(preOrder);
  if (!Number.isFinite(startMs)) startMs = endMs = 0;
  return { roots, byId, startMs, endMs, maxDepth };
}

/**
 * Sorts in place by start (then end), skipping the sort when already in order: spans usually come
 * in start order (the API sends them so), and most lists are short, so checking is much cheaper
 * than sorting 10,000 small arrays.
 */
function sortByStart<S extends TreeInputSpan>(list: SpanNode<S>[]): void {
  for (let i = 1; i < list.length; i++) {
    if (byStart(list[i - 1], list[i]) > 0) {
      list.sort(byStart);
      return;
    }
  }
}

/** Sums descendant counts bottom-up: `preOrder` has every parent before its children, so walk it backwards. */
function countDescendants<S extends TreeInputSpan>(preOrder: SpanNode<S>[]): void {
  for (let i = preOrder.length - 1; i >= 0; i--) {
    const node = preOrder[i];
    let count = 0;
    for (const child of node.children) count += 1 + child.descendantCount;
    node.descendantCount = count;
  }
}

/**
 * The rows the waterfall shows: depth-first in start order, skipping the subtrees of collapsed
 * spans. Re-run on every expand/collapse; linear in the number of visible rows.
 */
export function visibleRows<S extends TreeInputSpan>(tree: SpanTree<S>, collapsed: ReadonlySet<string>): SpanNode<S>[] {
  const rows: SpanNode<S>[] = [];
  const stack: SpanNode<S>[] = [];
  for (let i = tree.roots.length - 1; i >= 0; i--) stack.push(tree.roots[i]);
  while (stack.length > 0) {
    const node = stack.pop()!;
    rows.push(node);
    if (collapsed.has(node.span.spanId)) continue;
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]);
  }
  return rows;
}

/** Ids of the span and all its ancestors, so selecting a hidden span can expand its path. */
export function ancestorIds<S extends TreeInputSpan>(tree: SpanTree<S>, spanId: string): string[] {
  const ids: string[] = [];
  const seen = new Set<string>();
  let node = tree.byId.get(spanId);
  while (node && !seen.has(node.span.spanId)) {
    seen.add(node.span.spanId);
    const parent = node.span.parentSpanId ? tree.byId.get(node.span.parentSpanId) : undefined;
    if (!parent) break;
    ids.push(parent.span.spanId);
    node = parent;
  }
  return ids;
}

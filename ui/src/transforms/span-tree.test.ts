import { describe, expect, it } from 'vitest';
import { ancestorIds, buildSpanTree, visibleRows } from './span-tree';

const span = (spanId: string, parentSpanId: string, startMs: number, endMs: number) => ({ spanId, parentSpanId, startMs, endMs });

describe('buildSpanTree', () => {
  it('nests children under parents in start order with depths', () => {
    const tree = buildSpanTree([
      span('c', 'a', 5, 9),
      span('a', '', 0, 10),
      span('b', 'a', 1, 4),
      span('d', 'b', 2, 3),
    ]);
    expect(tree.roots.map((r) => r.span.spanId)).toEqual(['a']);
    expect(tree.byId.get('a')!.children.map((c) => c.span.spanId)).toEqual(['b', 'c']);
    expect(tree.byId.get('d')!.depth).toBe(2);
    expect(tree.byId.get('a')!.descendantCount).toBe(3);
    expect(tree.maxDepth).toBe(2);
    expect([tree.startMs, tree.endMs]).toEqual([0, 10]);
  });

  it('keeps spans whose parent is missing as orphan roots', () => {
    const tree = buildSpanTree([span('a', '', 0, 10), span('x', 'missing', 3, 4)]);
    expect(tree.roots.map((r) => [r.span.spanId, r.orphan])).toEqual([
      ['a', false],
      ['x', true],
    ]);
  });

  it('breaks parent cycles instead of losing spans', () => {
    const tree = buildSpanTree([span('a', 'b', 0, 10), span('b', 'a', 1, 2)]);
    expect(visibleRows(tree, new Set()).length).toBe(2);
  });

  it('ignores duplicate span ids', () => {
    const tree = buildSpanTree([span('a', '', 0, 10), span('a', '', 0, 10)]);
    expect(tree.byId.size).toBe(1);
    expect(tree.roots.length).toBe(1);
  });

  it('handles a 20,000-deep chain without recursion', () => {
    const spans = Array.from({ length: 20_000 }, (_, i) => span(`s${i}`, i === 0 ? '' : `s${i - 1}`, i, 40_000 - i));
    const tree = buildSpanTree(spans);
    expect(tree.maxDepth).toBe(19_999);
    expect(visibleRows(tree, new Set()).length).toBe(20_000);
  });
});

describe('visibleRows', () => {
  const tree = buildSpanTree([span('a', '', 0, 10), span('b', 'a', 1, 4), span('d', 'b', 2, 3), span('c', 'a', 5, 9)]);
  it('lists spans depth-first', () => {
    expect(visibleRows(tree, new Set()).map((n) => n.span.spanId)).toEqual(['a', 'b', 'd', 'c']);
  });
  it('hides the subtree of a collapsed span', () => {
    expect(visibleRows(tree, new Set(['b'])).map((n) => n.span.spanId)).toEqual(['a', 'b', 'c']);
    expect(visibleRows(tree, new Set(['a'])).map((n) => n.span.spanId)).toEqual(['a']);
  });
  it('finds ancestors to expand', () => {
    expect(ancestorIds(tree, 'd')).toEqual(['b', 'a']);
  });
});

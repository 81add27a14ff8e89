import { describe, expect, it } from 'vitest';
import { criticalPath, selfTimeMs } from './critical-path';
import { buildSpanTree } from './span-tree';

const span = (spanId: string, parentSpanId: string, startMs: number, endMs: number) => ({ spanId, parentSpanId, startMs, endMs });

describe('criticalPath', () => {
  it('follows the last-finishing child and the parent in the gaps', () => {
    // a: 0..100; b: 10..40; c: 20..90 (overlaps b, finishes last); d under c: 30..60
    const tree = buildSpanTree([span('a', '', 0, 100), span('b', 'a', 10, 40), span('c', 'a', 20, 90), span('d', 'c', 30, 60)]);
    expect(criticalPath(tree)).toEqual([
      { spanId: 'a', startMs: 0, endMs: 10 },
      { spanId: 'b', startMs: 10, endMs: 20 },
      { spanId: 'c', startMs: 20, endMs: 30 },
      { spanId: 'd', startMs: 30, endMs: 60 },
      { spanId: 'c', startMs: 60, endMs: 90 },
      { spanId: 'a', startMs: 90, endMs: 100 },
    ]);
  });

  it('clips a child that outlives its parent (async work)', () => {
    const tree = buildSpanTree([span('a', '', 0, 50), span('b', 'a', 10, 80)]);
    expect(criticalPath(tree)).toEqual([
      { spanId: 'a', startMs: 0, endMs: 10 },
      { spanId: 'b', startMs: 10, endMs: 50 },
    ]);
  });

  it('returns nothing for an empty trace', () => {
    expect(criticalPath(buildSpanTree([]))).toEqual([]);
  });
});

describe('selfTimeMs', () => {
  it('subtracts the union of the children', () => {
    const tree = buildSpanTree([span('a', '', 0, 100), span('b', 'a', 10, 40), span('c', 'a', 20, 60)]);
    expect(selfTimeMs(tree.byId.get('a')!)).toBe(50);
  });
});

import { describe, expect, it } from 'vitest';
import { bucketLabel, heatColor, toHistogramHeatmap } from './histogram-heatmap';

const point = (timeMs: number, bucketCounts: number[], explicitBounds = [10, 20]) => ({ timeMs, histogram: { explicitBounds, bucketCounts } });

describe('toHistogramHeatmap', () => {
  it('turns cumulative counts into observations per step and bucket, the first step being the baseline', () => {
    const heatmap = toHistogramHeatmap([{ points: [point(0, [2, 1, 0]), point(60_000, [5, 1, 2]), point(120_000, [6, 4, 2])] }]);
    expect(heatmap.times).toEqual([60_000, 120_000]);
    expect(heatmap.buckets).toEqual([
      { lower: -Infinity, upper: 10 },
      { lower: 10, upper: 20 },
      { lower: 20, upper: Infinity },
    ]);
    expect(heatmap.counts).toEqual([
      [3, 0, 2],
      [1, 3, 0],
    ]);
    expect(heatmap.max).toBe(3);
  });

  it('takes a step whose counts went down (a restart) as new observations', () => {
    const heatmap = toHistogramHeatmap([{ points: [point(0, [50, 20, 5]), point(60_000, [1, 2, 0])] }]);
    expect(heatmap.counts).toEqual([[1, 2, 0]]);
  });

  it('orders points by time and adds up the series that share bounds', () => {
    const heatmap = toHistogramHeatmap([
      { points: [point(60_000, [3, 0, 0]), point(0, [1, 0, 0])] },
      { points: [point(0, [0, 0, 0]), point(60_000, [0, 4, 1])] },
    ]);
    expect(heatmap.times).toEqual([60_000]);
    expect(heatmap.counts).toEqual([[2, 4, 1]]);
    expect(heatmap.skippedSeries).toBe(0);
  });

  it('leaves out series whose buckets differ from the first one', () => {
    const heatmap = toHistogramHeatmap([
      { points: [point(0, [0, 0, 0]), point(60_000, [1, 1, 1])] },
      { points: [point(0, [0, 0]), point(60_000, [7, 7], [100])] },
    ]);
    expect(heatmap.counts).toEqual([[1, 1, 1]]);
    expect(heatmap.skippedSeries).toBe(1);
  });

  it('is empty without two steps to compare or without histogram points', () => {
    expect(toHistogramHeatmap([{ points: [point(0, [4, 2, 1])] }]).times).toEqual([]);
    const none = toHistogramHeatmap([{ points: [{ timeMs: 0 }, { timeMs: 60_000 }] }]);
    expect(none).toEqual({ times: [], buckets: [], counts: [], max: 0, skippedSeries: 0 });
  });
});

describe('bucketLabel and heatColor', () => {
  it('labels open-ended and bounded buckets', () => {
    const format = (v: number) => `${v}ms`;
    expect(bucketLabel({ lower: -Infinity, upper: 10 }, format)).toBe('≤ 10ms');
    expect(bucketLabel({ lower: 10, upper: 25 }, format)).toBe('10ms–25ms');
    expect(bucketLabel({ lower: 1000, upper: Infinity }, format)).toBe('> 1000ms');
  });
  it('leaves empty cells uncoloured and darkens with the count', () => {
    expect(heatColor(0, 10)).toBeNull();
    expect(heatColor(10, 10)).toBe('rgb(30, 58, 138)');
    expect(heatColor(1, 100)).not.toBe(heatColor(50, 100));
  });
});

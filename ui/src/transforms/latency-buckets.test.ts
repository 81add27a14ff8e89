import { describe, expect, it } from 'vitest';
import { brushToRange, domainForBins, logScale, logTicks, regroupBuckets } from './latency-buckets';

const fine = (index: number, count: number) => ({ lowerMs: 2 ** (index / 16) / 1000, upperMs: 2 ** ((index + 1) / 16) / 1000, count });

describe('regroupBuckets', () => {
  it('merges 16-per-octave buckets into 4-per-octave bins and keeps every count', () => {
    // Indexes 160..175 cover one octave (2^10..2^11 µs ≈ 1.02–2.05 ms): 4 bins of 4 buckets.
    const buckets = Array.from({ length: 16 }, (_, i) => fine(160 + i, 1));
    const bins = regroupBuckets(buckets, 4);
    expect(bins.length).toBe(4);
    expect(bins.every((b) => b.count === 4)).toBe(true);
    expect(bins.reduce((s, b) => s + b.count, 0)).toBe(16);
    for (let i = 1; i < bins.length; i++) expect(bins[i].lowerMs).toBeCloseTo(bins[i - 1].upperMs, 9);
  });
  it('drops empty buckets', () => {
    expect(regroupBuckets([{ lowerMs: 1, upperMs: 2, count: 0 }])).toEqual([]);
  });
});

describe('log scale', () => {
  const scale = logScale(1, 1000, 300);
  it('maps decades to equal widths and inverts', () => {
    expect(scale.toX(1)).toBeCloseTo(0);
    expect(scale.toX(10)).toBeCloseTo(100);
    expect(scale.toX(1000)).toBeCloseTo(300);
    expect(scale.toMs(200)).toBeCloseTo(100);
  });
  it('rounds domains to decades and ticks at 1-2-5', () => {
    expect(domainForBins([{ lowerMs: 3, upperMs: 4, count: 1 }, { lowerMs: 40, upperMs: 50, count: 1 }])).toEqual([1, 100]);
    expect(logTicks(1, 100)).toEqual([1, 2, 5, 10, 20, 50, 100]);
  });
  it('turns a brush into a duration range widened to bin edges', () => {
    const bins = [{ lowerMs: 8, upperMs: 16, count: 3 }, { lowerMs: 16, upperMs: 32, count: 2 }];
    const range = brushToRange(scale.toX(10), scale.toX(20), scale, bins)!;
    expect(range.minMs).toBe(8);
    expect(range.maxMs).toBe(32);
    expect(brushToRange(10, 11, scale, bins)).toBeNull();
  });
});

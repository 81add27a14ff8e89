import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  bucketIndexForNanos,
  bucketLowerBoundNanos,
  bucketUpperBoundNanos,
  mergeHistogram,
  quantileNanos,
  recordDuration,
  type SparseHistogram,
} from '../../src/model/latency-histogram.js';

describe('latency histogram', () => {
  it('puts a duration inside the bounds of its bucket', () => {
    for (const nanos of [1_500, 12_345, 999_999, 5_000_000, 1_234_567_890, 60e9]) {
      const index = bucketIndexForNanos(nanos);
      assert.ok(bucketLowerBoundNanos(index) < nanos, `lower bound of ${nanos}`);
      assert.ok(nanos <= bucketUpperBoundNanos(index) * (1 + 1e-12), `upper bound of ${nanos}`);
    }
  });

  it('reads p50/p95/p99 within 5% of the exact values', () => {
    const durations: number[] = [];
    let seed = 42;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    for (let i = 0; i < 20_000; i++) durations.push(Math.exp(random() * 10) * 100_000); // 0.1 ms .. 2.2 s, log-uniform
    const histogram: SparseHistogram = {};
    for (const d of durations) recordDuration(histogram, d);
    durations.sort((a, b) => a - b);
    for (const q of [0.5, 0.95, 0.99]) {
      const exact = durations[Math.ceil(q * durations.length) - 1];
      const estimate = quantileNanos(histogram, q)!;
      assert.ok(Math.abs(estimate - exact) / exact < 0.05, `q${q}: ${estimate} vs ${exact}`);
    }
  });

  it('merges sparse histograms by adding bucket counts', () => {
    const a: SparseHistogram = { 3: 2, 10: 1 };
    mergeHistogram(a, { 10: 4, 20: 1 });
    assert.deepEqual(a, { 3: 2, 10: 5, 20: 1 });
    assert.equal(quantileNanos({}, 0.5), undefined);
  });
});

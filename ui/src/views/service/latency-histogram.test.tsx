import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { LatencyHistogramResponse } from '../../api/schemas';
import { LatencyHistogram } from './latency-histogram';

const fine = (index: number, count: number) => ({ lowerMs: 2 ** (index / 16) / 1000, upperMs: 2 ** ((index + 1) / 16) / 1000, count });
const data: LatencyHistogramResponse = {
  startMs: 0,
  endMs: 3_600_000,
  service: 'web',
  count: 30,
  // ~20 ms and ~1 s
  buckets: [fine(230, 20), fine(318, 10)],
  p50Ms: 20,
  p90Ms: 1000,
  p95Ms: 1000,
  p99Ms: 1000,
};

afterEach(cleanup);

describe('LatencyHistogram', () => {
  it('draws bars on a log axis with p50/p95/p99 markers', () => {
    const { container } = render(<LatencyHistogram data={data} selection={null} onSelect={() => undefined} />);
    expect(container.querySelectorAll('.latency-histogram__bar').length).toBe(2);
    for (const p of ['p50', 'p95', 'p99']) expect(screen.getByTestId(`marker-${p}`)).toBeTruthy();
    const ticks = [...container.querySelectorAll('.latency-histogram__tick')].map((t) => t.textContent);
    expect(ticks).toContain('10ms');
    expect(ticks).toContain('100ms');
    expect(ticks).toContain('1s');
  });

  it('highlights the bars inside a selection', () => {
    const { container } = render(<LatencyHistogram data={data} selection={{ minMs: 500, maxMs: 2000 }} onSelect={() => undefined} />);
    expect(container.querySelectorAll('.latency-histogram__bar.is-selected').length).toBe(1);
    expect(container.querySelector('.latency-histogram__brush')).not.toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { toChartRows } from './metric-series';

describe('toChartRows', () => {
  it('makes one line per series for plain metrics', () => {
    const { rows, lines } = toChartRows(
      [
        { group: { route: '/a' }, points: [{ timeMs: 1, value: 5 }, { timeMs: 2, value: 6 }] },
        { group: { route: '/b' }, points: [{ timeMs: 2, value: 7 }] },
      ],
      false,
      [],
    );
    expect(lines).toEqual([
      { key: 's0', label: 'route=/a' },
      { key: 's1', label: 'route=/b' },
    ]);
    expect(rows).toEqual([
      { timeMs: 1, s0: 5 },
      { timeMs: 2, s0: 6, s1: 7 },
    ]);
  });
  it('makes percentile lines for histograms', () => {
    const { rows, lines } = toChartRows([{ group: {}, points: [{ timeMs: 1, percentiles: { p50: 1, p90: 2, p95: 3, p99: null } }] }], true, ['p50', 'p99']);
    expect(lines.map((l) => l.label)).toEqual(['p50', 'p99']);
    expect(rows).toEqual([{ timeMs: 1, s0_p50: 1, s0_p99: null }]);
  });
});

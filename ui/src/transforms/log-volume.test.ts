import { describe, expect, it } from 'vitest';
import { parseAttributeFilters, pivotLogVolume } from './log-volume';

describe('pivotLogVolume', () => {
  it('makes one row per step with zero-filled severity columns', () => {
    const { rows, severities } = pivotLogVolume(
      [
        { timeMs: 60_000, severityText: 'INFO', count: 3 },
        { timeMs: 60_000, severityText: 'ERROR', count: 1 },
        { timeMs: 180_000, severityText: 'info', count: 2 },
      ],
      0,
      240_000,
      60_000,
    );
    expect(severities).toEqual(['INFO', 'ERROR']);
    expect(rows).toEqual([
      { timeMs: 0, INFO: 0, ERROR: 0 },
      { timeMs: 60_000, INFO: 3, ERROR: 1 },
      { timeMs: 120_000, INFO: 0, ERROR: 0 },
      { timeMs: 180_000, INFO: 2, ERROR: 0 },
    ]);
  });
});

describe('parseAttributeFilters', () => {
  it('splits key=value pairs and unquotes values', () => {
    expect(parseAttributeFilters('http.route=/cart  user="Ada L" x=')).toEqual(['http.route=/cart', 'user=Ada L', 'x=']);
    expect(parseAttributeFilters('')).toEqual([]);
  });
});

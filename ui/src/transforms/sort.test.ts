import { describe, expect, it } from 'vitest';
import { sortBy } from './sort';

describe('sortBy', () => {
  it('sorts numbers both ways with missing values last', () => {
    const rows = [{ v: 3 }, { v: null }, { v: 1 }, { v: 2 }];
    expect(sortBy(rows, (r) => r.v, 'asc').map((r) => r.v)).toEqual([1, 2, 3, null]);
    expect(sortBy(rows, (r) => r.v, 'desc').map((r) => r.v)).toEqual([3, 2, 1, null]);
  });
  it('sorts strings by locale', () => {
    expect(sortBy([{ n: 'b' }, { n: 'a' }], (r) => r.n, 'asc').map((r) => r.n)).toEqual(['a', 'b']);
  });
});

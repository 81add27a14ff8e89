import { describe, expect, it } from 'vitest';
import { rangeFromParams, rangeToParams, resolveRange, stepForRange } from './time-range';

describe('time range in the URL', () => {
  it('round-trips a relative range', () => {
    const params = new URLSearchParams({ range: '6h' });
    const spec = rangeFromParams(params);
    expect(spec).toEqual({ kind: 'relative', key: '6h' });
    expect(rangeToParams(spec)).toEqual({ range: '6h', from: null, to: null });
  });
  it('round-trips an absolute range', () => {
    const spec = rangeFromParams(new URLSearchParams({ from: '1000', to: '61000' }));
    expect(spec).toEqual({ kind: 'absolute', fromMs: 1000, toMs: 61000 });
    expect(resolveRange(spec, 0)).toEqual({ fromMs: 1000, toMs: 61000 });
  });
  it('falls back to the last hour for unknown or inverted values', () => {
    expect(rangeFromParams(new URLSearchParams({ range: '5y' }))).toEqual({ kind: 'relative', key: '1h' });
    expect(rangeFromParams(new URLSearchParams({ from: '9', to: '1' }))).toEqual({ kind: 'relative', key: '1h' });
  });
  it('resolves relative ranges against now', () => {
    expect(resolveRange({ kind: 'relative', key: '15m' }, 1_000_000)).toEqual({ fromMs: 100_000, toMs: 1_000_000 });
  });
});

describe('stepForRange', () => {
  it('uses whole, nice minutes', () => {
    expect(stepForRange({ fromMs: 0, toMs: 15 * 60_000 })).toBe(60_000);
    expect(stepForRange({ fromMs: 0, toMs: 24 * 3600_000 })).toBe(30 * 60_000);
    expect(stepForRange({ fromMs: 0, toMs: 7 * 24 * 3600_000 })).toBe(180 * 60_000);
  });
});

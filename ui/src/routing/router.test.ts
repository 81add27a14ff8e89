import { describe, expect, it } from 'vitest';
import { buildHref, matchPath, withSharedParams } from './router';

describe('router helpers', () => {
  it('matches path parameters and decodes them', () => {
    expect(matchPath('/services/:name', '/services/checkout%20api')).toEqual({ name: 'checkout api' });
    expect(matchPath('/services/:name', '/services')).toBeNull();
    expect(matchPath('/traces/:id', '/logs/abc')).toBeNull();
  });
  it('builds links without empty parameters', () => {
    expect(buildHref('/search', { service: 'a', op: '', limit: 20, x: null })).toBe('/search?service=a&limit=20');
  });
  it('carries the time range between views', () => {
    const current = new URLSearchParams({ range: '6h', sort: 'p99' });
    expect(withSharedParams('/map', current)).toBe('/map?range=6h');
  });
});

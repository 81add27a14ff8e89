import { describe, expect, it } from 'vitest';
import { healthColor, serviceColor, severityGroup } from './colors';

describe('colours', () => {
  it('gives a service the same colour every time', () => {
    expect(serviceColor('checkout')).toBe(serviceColor('checkout'));
    expect(serviceColor('checkout')).toMatch(/^#[0-9a-f]{6}$/);
  });
  it('maps error rates to health', () => {
    expect(healthColor(0)).toBe('#2e9e6b');
    expect(healthColor(0.02)).toBe('#e0a100');
    expect(healthColor(0.5)).toBe('#d64545');
    expect(healthColor(null)).toBe('#94a3b8');
  });
  it('groups severities by number first, then text', () => {
    expect(severityGroup('whatever', 17)).toBe('ERROR');
    expect(severityGroup('Warning')).toBe('WARN');
    expect(severityGroup('')).toBe('INFO');
    expect(severityGroup('CRITICAL')).toBe('FATAL');
  });
});

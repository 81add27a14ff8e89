import { describe, expect, it } from 'vitest';
import { attributeToText, formatCount, formatDurationNanos, formatPercent, formatRate, nanosToMs } from './format';

describe('formatDurationNanos', () => {
  it('picks the unit that keeps the number short', () => {
    expect(formatDurationNanos(850)).toBe('850ns');
    expect(formatDurationNanos(850_000)).toBe('850µs');
    expect(formatDurationNanos(12_345_678)).toBe('12.3ms');
    expect(formatDurationNanos(4_500_000_000)).toBe('4.5s');
    expect(formatDurationNanos(125e9)).toBe('2m 5s');
  });
  it('shows a dash for missing values', () => {
    expect(formatDurationNanos(undefined)).toBe('–');
    expect(formatDurationNanos(Number.NaN)).toBe('–');
  });
});

describe('rates and percentages', () => {
  it('formats rates compactly', () => {
    expect(formatRate(12.44)).toBe('12.4/s');
    expect(formatRate(1530)).toBe('1.53k/s');
    expect(formatRate(0)).toBe('0/s');
    expect(formatRate(0.02)).toBe('1.2/min');
    expect(formatRate(1e-6)).toBe('<0.01/min');
  });
  it('formats ratios as percentages', () => {
    expect(formatPercent(0)).toBe('0%');
    expect(formatPercent(0.125)).toBe('12.5%');
    expect(formatPercent(0.0035)).toBe('0.35%');
  });
});

describe('nanosToMs', () => {
  it('keeps sub-millisecond precision of 19-digit nanosecond strings', () => {
    expect(nanosToMs('1700000000123456789')).toBeCloseTo(1700000000123.456789, 3);
    expect(nanosToMs(2_500_000)).toBe(2.5);
  });
});

describe('attributeToText', () => {
  it('renders strings verbatim and structures as JSON', () => {
    expect(attributeToText('<img src=x>')).toBe('<img src=x>');
    expect(attributeToText([1, 'a'])).toBe('[1,"a"]');
    expect(attributeToText(false)).toBe('false');
  });
});

describe('formatCount', () => {
  it('groups thousands with commas', () => {
    expect(formatCount(0)).toBe('0');
    expect(formatCount(999)).toBe('999');
    expect(formatCount(1_000)).toBe('1,000');
    expect(formatCount(50_000)).toBe('50,000');
    expect(formatCount(1_234_567)).toBe('1,234,567');
    expect(formatCount(-12_345)).toBe('-12,345');
  });
});

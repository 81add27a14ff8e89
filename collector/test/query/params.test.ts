import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  normalizeTraceId,
  parseDurationNs,
  parseInstantNs,
  parseSeverity,
  parseTagFilters,
  resolveRange,
  resolveStepMs,
} from '../../src/query/params.js';
import { QueryError } from '../../src/query/query-errors.js';

const rejects = (fn: () => unknown) => assert.throws(fn, (error: unknown) => error instanceof QueryError && error.statusCode === 400);

describe('query parameter parsing', () => {
  it('reads Go-style durations, with a bare number in the given unit', () => {
    assert.equal(parseDurationNs('1.5s', 'd'), 1.5e9);
    assert.equal(parseDurationNs('100ms', 'd'), 1e8);
    assert.equal(parseDurationNs('1h30m', 'd'), 5400e9);
    assert.equal(parseDurationNs('250us', 'd'), 250e3);
    assert.equal(parseDurationNs('250µs', 'd'), 250e3);
    assert.equal(parseDurationNs('7d', 'd'), 7 * 86_400e9);
    assert.equal(parseDurationNs('20', 'd'), 20e6);
    assert.equal(parseDurationNs('20', 'd', 'us'), 20e3);
    for (const bad of ['', 'fast', '1x', '-1s', '1s2', 's']) rejects(() => parseDurationNs(bad, 'd'));
  });

  it('reads instants as Unix ms/µs or RFC 3339 with nanoseconds', () => {
    assert.equal(parseInstantNs('1700000000000', 't'), 1_700_000_000_000_000_000n);
    assert.equal(parseInstantNs('1700000000000000', 't', 'us'), 1_700_000_000_000_000_000n);
    assert.equal(parseInstantNs('2023-11-14T22:13:20.123456789Z', 't'), 1_700_000_000_123_456_789n);
    assert.equal(parseInstantNs('2023-11-14T23:13:20+01:00', 't'), 1_700_000_000_000_000_000n);
    assert.equal(parseInstantNs('2023-11-14T23:13:20 01:00', 't'), 1_700_000_000_000_000_000n, 'a + decoded as a space');
    for (const bad of ['yesterday', '2023-11-14', '2023-13-40T00:00:00Z', '12.5']) rejects(() => parseInstantNs(bad, 't'));
  });

  it('defaults the range to the last hour and rejects an empty one', () => {
    const range = resolveRange({}, { now: 10_000_000 });
    assert.deepEqual([range.startMs, range.endMs], [10_000_000 - 3_600_000, 10_000_000]);
    assert.equal(resolveRange({ lookback: '15m' }, { now: 10_000_000 }).startMs, 10_000_000 - 900_000);
    assert.equal(resolveRange({ start: '5', lookback: 'custom' }, { now: 10_000_000 }).startMs, 5);
    rejects(() => resolveRange({ start: '10', end: '10' }));
  });

  it('rounds steps up to whole minutes and picks ~60 points by default', () => {
    const hour = resolveRange({}, { now: 7_200_000 });
    assert.equal(resolveStepMs(undefined, hour), 60_000);
    assert.equal(resolveStepMs('90s', hour), 120_000);
    assert.equal(resolveStepMs('1000', hour), 60_000);
    assert.equal(resolveStepMs(undefined, resolveRange({ lookback: '24h' }, { now: 100_000_000 })), 1_440_000);
  });

  it('reads tag filters as JSON or logfmt', () => {
    assert.deepEqual(parseTagFilters('{"a":"1","b":2,"c":true}', 'tags'), [
      { key: 'a', value: '1' },
      { key: 'b', value: '2' },
      { key: 'c', value: 'true' },
    ]);
    assert.deepEqual(parseTagFilters('http.route=/cart error=true msg="a \\"quoted\\" value"', 'tags'), [
      { key: 'http.route', value: '/cart' },
      { key: 'error', value: 'true' },
      { key: 'msg', value: 'a "quoted" value' },
    ]);
    assert.deepEqual(parseTagFilters('', 'tags'), []);
    rejects(() => parseTagFilters('{"a":', 'tags'));
    rejects(() => parseTagFilters('[1]', 'tags'));
    rejects(() => parseTagFilters('novalue', 'tags'));
  });

  it('normalizes trace ids and severities', () => {
    assert.equal(normalizeTraceId('4BF92F3577B34DA6A3CE929D0E0E4736'), '4bf92f3577b34da6a3ce929d0e0e4736');
    assert.equal(normalizeTraceId('1234567890abcdef'), '00000000000000001234567890abcdef');
    assert.equal(normalizeTraceId('abc', { allowShort: true }), '0'.repeat(29) + 'abc');
    rejects(() => normalizeTraceId('abc'));
    rejects(() => normalizeTraceId('0'.repeat(32)));
    assert.equal(parseSeverity('warn'), 13);
    assert.equal(parseSeverity('ERROR'), 17);
    assert.equal(parseSeverity('21'), 21);
    assert.equal(parseSeverity(undefined), undefined);
    rejects(() => parseSeverity('25'));
    rejects(() => parseSeverity('loud'));
  });
});

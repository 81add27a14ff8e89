import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { attributeTerm, attributeTerms } from '../../src/storage/elasticsearch/attribute-terms.js';
import { indicesForRange, parseIndexName } from '../../src/storage/elasticsearch/index-names.js';
import { nanosToIso } from '../../src/storage/elasticsearch/nanos.js';
import { searchWindows } from '../../src/storage/elasticsearch/span-queries.js';
import { decodeNonFinite, encodeNonFinite } from '../../src/storage/elasticsearch/non-finite.js';

describe('Elasticsearch storage helpers', () => {
  it('renders nanosecond timestamps exactly and clamps to the date_nanos range', () => {
    assert.equal(nanosToIso(1_795_217_400_123_456_789n), '2026-11-20T23:30:00.123456789Z');
    assert.equal(nanosToIso(-5n), '1970-01-01T00:00:00.000000000Z');
    assert.equal(nanosToIso(2n ** 70n), '2262-04-11T23:47:16.854775807Z');
  });

  it('names one index per UTC day of the range, or the wildcard for long ranges', () => {
    const day = 86_400_000_000_000n;
    const start = 1_795_217_400_000_000_000n; // 2026-11-20T23:30Z
    assert.deepEqual(indicesForRange('p', 'spans', { startUnixNano: start, endUnixNano: start + day }), [
      'p-spans-2026.11.20',
      'p-spans-2026.11.21',
    ]);
    assert.deepEqual(indicesForRange('p', 'logs', { startUnixNano: 0n, endUnixNano: start }), ['p-logs-*']);
    assert.deepEqual(indicesForRange('p', 'logs', { startUnixNano: start, endUnixNano: start - 1n }), []);
  });

  it('parses only daily indices of its own prefix', () => {
    assert.deepEqual(parseIndexName('sl', 'sl-span-metrics-2026.02.03'), {
      signal: 'span-metrics',
      dayStartMs: Date.UTC(2026, 1, 3),
    });
    assert.equal(parseIndexName('sl', 'sl-other-spans-2026.02.03'), undefined);
    assert.equal(parseIndexName('sl', 'slx-spans-2026.02.03'), undefined);
    assert.equal(parseIndexName('sl', 'sl-spans-latest'), undefined);
  });

  it('keeps attribute terms unambiguous and bounded in length', () => {
    assert.notEqual(attributeTerm('a=b', 'c'), attributeTerm('a', 'b=c'));
    assert.deepEqual(attributeTerms({ n: 200, list: [1, 'x'], flag: true }, { n: 200 }), [
      'n\u001f200',
      'list\u001f[1,"x"]',
      'flag\u001ftrue',
    ]);
    const long = attributeTerm('db.statement', 'x'.repeat(50_000));
    assert.ok(long.length < 400);
    assert.equal(long, attributeTerm('db.statement', 'x'.repeat(50_000)));
    assert.notEqual(long, attributeTerm('db.statement', 'x'.repeat(50_001)));
  });

  it('round-trips non-finite numbers through JSON and leaves ordinary data untouched', () => {
    const plain = { a: 1, b: ['x', { c: 2.5 }] };
    assert.equal(encodeNonFinite(plain), plain);
    const odd = { a: NaN, b: [Infinity, { c: -Infinity }] };
    const stored = JSON.parse(JSON.stringify(encodeNonFinite(odd)));
    assert.deepEqual(stored, { a: { $number: 'NaN' }, b: [{ $number: 'Infinity' }, { c: { $number: '-Infinity' } }] });
    assert.deepEqual(decodeNonFinite(stored), odd);
  });

  it('searches the newest slice of a range first, widening 4x up to the whole range', () => {
    const minute = 60_000_000_000n;
    const end = 1_795_221_000_000_000_000n;
    const day = { startUnixNano: end - 1440n * minute, endUnixNano: end };
    assert.deepEqual(
      searchWindows(day).map((window) => [(end - window.startUnixNano) / minute, window.endUnixNano === end]),
      [[22n, true], [90n, true], [360n, true], [1440n, true]],
    );
    assert.equal(searchWindows(day)[0].startUnixNano, end - 1440n * minute / 64n);
    const short = { startUnixNano: end - 3n * minute, endUnixNano: end };
    assert.deepEqual(searchWindows(short), [short]);
  });
});

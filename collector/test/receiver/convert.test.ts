import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultConfig } from '../../src/config/collector-config.js';
import { ConvertContext } from '../../src/receiver/convert-context.js';
import { convertMetrics } from '../../src/receiver/convert-metrics.js';
import { convertTraces } from '../../src/receiver/convert-spans.js';
import { decodeRequest } from '../../src/receiver/otlp-codec.js';
import { idToHex, toNanos } from '../../src/receiver/otlp-values.js';
import { severityTextFor } from '../../src/receiver/severity.js';
import { metricsRequest, span, toProtobuf, traceRequest } from '../support/otlp-payloads.js';

const limits = { ...defaultConfig().limits, maxPastAgeMs: 0, maxFutureSkewMs: 0 };

describe('OTLP conversion', () => {
  it('keeps fixed64 nanosecond timestamps exact through protobuf', () => {
    const start = '1763700000123456789'; // beyond 2^53: a double would round it
    const request = traceRequest([span({ raw: { startTimeUnixNano: start, endTimeUnixNano: '1763700000123456999' } })]);
    const [converted] = convertTraces(decodeRequest('traces', 'protobuf', toProtobuf('traces', request)), new ConvertContext(limits));
    assert.equal(converted.startTimeUnixNano, 1763700000123456789n);
    assert.equal(converted.durationNano, 210);
    assert.equal(toNanos('18446744073709551615', 't'), 18446744073709551615n);
  });

  it('reads ids as hex from bytes and from OTLP/JSON strings, and refuses malformed ones', () => {
    assert.equal(idToHex(Buffer.from('0102030405060708', 'hex'), 8), '0102030405060708');
    assert.equal(idToHex('0A0B0C0D0E0F1011', 8), '0a0b0c0d0e0f1011');
    assert.equal(idToHex('', 8), '');
    assert.equal(idToHex('xyz', 8), null);
    assert.equal(idToHex(Buffer.alloc(7), 8), null);
  });

  it('derives severity text from the number', () => {
    assert.deepEqual([1, 5, 9, 10, 13, 17, 20, 21, 0].map(severityTextFor), ['TRACE', 'DEBUG', 'INFO', 'INFO2', 'WARN', 'ERROR', 'ERROR4', 'FATAL', '']);
  });

  it('gives metric points deterministic ids that differ by attributes and time', () => {
    const request = metricsRequest('svc', 1_763_700_000_000);
    const first = convertMetrics(decodeRequest('metrics', 'json', Buffer.from(JSON.stringify(request))), new ConvertContext(limits));
    const again = convertMetrics(decodeRequest('metrics', 'protobuf', toProtobuf('metrics', request)), new ConvertContext(limits));
    assert.equal(first.length, 5);
    assert.deepEqual(first.map((p) => p.pointId), again.map((p) => p.pointId), 'same point, same id, whatever the encoding');
    assert.equal(new Set(first.map((p) => p.pointId)).size, 5);
    const later = convertMetrics(decodeRequest('metrics', 'json', Buffer.from(JSON.stringify(metricsRequest('svc', 1_763_700_001_000)))), new ConvertContext(limits));
    assert.notEqual(later[0].pointId, first[0].pointId);
    const histogram = first.find((p) => p.type === 'histogram');
    assert.deepEqual(histogram?.histogram, { count: 3, explicitBounds: [10, 20], bucketCounts: [2, 1, 0], sum: 30, min: 5, max: 15 });
    const exp = first.find((p) => p.type === 'exponential_histogram');
    assert.deepEqual(exp?.exponentialHistogram?.positive, { offset: 10, bucketCounts: [1, 1] });
    assert.equal(first.find((p) => p.type === 'sum')?.temporality, 'cumulative');
    assert.equal(first.find((p) => p.type === 'sum')?.monotonic, true);
    assert.deepEqual(first.find((p) => p.type === 'summary')?.summary?.quantiles, [{ quantile: 0.5, value: 4 }, { quantile: 0.99, value: 12 }]);
  });

  it('rejects spans outside the accepted time window', () => {
    const ctx = new ConvertContext({ ...limits, maxPastAgeMs: 3_600_000, maxFutureSkewMs: 60_000 });
    const spans = convertTraces(traceRequest([span({ startMs: Date.now() - 7_200_000 }), span({ startMs: Date.now() + 600_000 }), span()]), ctx);
    assert.equal(spans.length, 1);
    assert.equal(ctx.rejected, 2);
    assert.match(ctx.rejectionMessage('spans'), /older than the accepted window/);
    assert.match(ctx.rejectionMessage('spans'), /in the future/);
  });
});

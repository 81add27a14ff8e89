import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import protobuf from 'protobufjs';
import { defaultConfig } from '../../src/config/collector-config.js';
import { ConvertContext } from '../../src/receiver/convert-context.js';
import { convertLogs } from '../../src/receiver/convert-logs.js';
import { convertMetrics } from '../../src/receiver/convert-metrics.js';
import { convertTraces } from '../../src/receiver/convert-spans.js';
import { decodeRequest } from '../../src/receiver/otlp-codec.js';
import { OtlpDecodeError } from '../../src/receiver/otlp-decode-error.js';
import { loadOtlpTypes } from '../../src/receiver/otlp-proto.js';
import { OtlpReader } from '../../src/receiver/otlp-reader.js';
import type { Signal } from '../../src/receiver/signal.js';
import { hexId, kv, logRecord, logsRequest, metricsRequest, nanos, span, toProtobuf, traceRequest } from '../support/otlp-payloads.js';

/**
 * decodeRequest reads protobuf through OtlpReader (bigint/number for 64-bit fields, hex for
 * bytes, interned ASCII strings). What the collector makes of a request must be exactly what it
 * made when protobufjs decoded with its stock reader (Long, Buffer): these compare the two.
 */
const limits = { ...defaultConfig().limits, maxPastAgeMs: 0, maxFutureSkewMs: 0, maxAttributeValueLength: 40 };

function stockDecode(signal: Signal, body: Buffer): Record<string, unknown> {
  const types = loadOtlpTypes();
  const type = signal === 'traces' ? types.traceRequest : signal === 'logs' ? types.logsRequest : types.metricsRequest;
  return type.decode(body) as unknown as Record<string, unknown>;
}

function both<T>(signal: Signal, request: Record<string, unknown>, convert: (message: Record<string, unknown>, ctx: ConvertContext) => T) {
  const body = toProtobuf(signal, request);
  const stockCtx = new ConvertContext(limits, 1_763_700_000_000);
  const readerCtx = new ConvertContext(limits, 1_763_700_000_000);
  const stock = convert(stockDecode(signal, body), stockCtx);
  const viaReader = convert(decodeRequest(signal, 'protobuf', body), readerCtx);
  return { stock, viaReader, stockCtx, readerCtx };
}

const edgeAttributes = {
  short: 'GET',
  repeatedKey: 'same',
  accents: 'café ☕ naïve', // non-ASCII: protobufjs's own UTF-8 reader
  long: 'x'.repeat(60), // longer than the interned size and than the value limit (truncated)
  longUnicode: 'é'.repeat(45),
  empty: '',
  small: 7,
  zero: 0,
  negative: -5,
  big: 2 ** 40,
  flag: true,
  ratio: 0.25,
};

const edgeRaw = {
  attributes: [
    ...kv(edgeAttributes),
    { key: 'unsafe', value: { intValue: '9007199254740993' } },
    { key: 'min', value: { intValue: '-9223372036854775808' } },
    { key: 'max', value: { intValue: '9223372036854775807' } },
    { key: 'threeBytes', value: { intValue: '2097151' } },
    { key: 'fourBytes', value: { intValue: '268435455' } },
    { key: 'fiveBytes', value: { intValue: '268435456' } },
    { key: 'blob', value: { bytesValue: Buffer.from([0, 1, 2, 250, 255]).toString('base64') } },
    { key: 'list', value: { arrayValue: { values: [{ stringValue: 'a' }, { intValue: '3' }, { bytesValue: Buffer.from('hi').toString('base64') }] } } },
    { key: 'map', value: { kvlistValue: { values: [{ key: 'inner', value: { stringValue: 'v' } }] } } },
  ],
};

describe('OtlpReader decodes to what the stock protobufjs reader gives', () => {
  it('spans: ids, exact timestamps, every attribute value type, events, links, truncation', () => {
    const traceId = hexId(16);
    const request = traceRequest(
      [
        span({
          traceId,
          parentSpanId: hexId(8),
          statusCode: 2,
          statusMessage: 'boom ✗',
          events: [{ name: 'retry', attributes: { attempt: 2 } }],
          raw: {
            ...edgeRaw,
            startTimeUnixNano: '1763700000123456789',
            endTimeUnixNano: '18446744073709551615',
            traceState: 'k=v',
            links: [{ traceId: hexId(16), spanId: hexId(8), traceState: 'a=b', attributes: [{ key: 'l', value: { intValue: '-1' } }] }],
          },
        }),
        span({ traceId, name: 'second', raw: { startTimeUnixNano: nanos(1_763_699_999_000) } }),
      ],
      'checkout',
      { 'service.version': '1.2.3' },
    );
    const { stock, viaReader, stockCtx, readerCtx } = both('traces', request, convertTraces);
    assert.equal(viaReader.length, 2);
    assert.deepEqual(viaReader, stock);
    assert.deepEqual(readerCtx.truncated, stockCtx.truncated);
    assert.equal(viaReader[0].startTimeUnixNano, 1763700000123456789n);
    assert.equal(viaReader[0].endTimeUnixNano, 18446744073709551615n);
    assert.equal(viaReader[0].attributes.unsafe, '9007199254740993');
    assert.equal(viaReader[0].attributes.min, '-9223372036854775808');
    assert.equal(viaReader[0].attributes.fiveBytes, 268435456);
    assert.equal(viaReader[0].attributes.negative, -5);
    assert.equal(viaReader[0].attributes.blob, Buffer.from([0, 1, 2, 250, 255]).toString('base64'));
    assert.equal(viaReader[0].attributes.accents, 'café ☕ naïve');
    assert.equal(readerCtx.truncated.attribute_value, 2);
  });

  it('writes ids holding every byte value as the same hex (8- and 16-byte ids have their own hex writer)', () => {
    const bytes = Array.from({ length: 256 }, (_, i) => i);
    const hexOf = (from: number, length: number) => Buffer.from(bytes.slice(from, from + length)).toString('hex');
    const spans = [];
    for (let i = 0; i < 256; i += 16) {
      spans.push(span({ traceId: hexOf(i, 16), raw: { spanId: hexOf(i, 8), parentSpanId: hexOf(i + 8, 8) } }));
    }
    const { stock, viaReader } = both('traces', traceRequest(spans), convertTraces);
    assert.equal(viaReader.length, 16);
    assert.deepEqual(viaReader, stock);
    assert.deepEqual(viaReader.map((s) => s.traceId).join(''), hexOf(0, 256));
    assert.equal(viaReader[15].spanId, 'f0f1f2f3f4f5f6f7');
    assert.equal(viaReader[15].parentSpanId, 'f8f9fafbfcfdfeff');
  });

  it('spans with malformed ids are rejected for the same reasons', () => {
    const request = traceRequest([
      span({ raw: { traceId: '00'.repeat(16) } }),
      span({ raw: { spanId: '01'.repeat(7) } }),
      span({ raw: { parentSpanId: '01'.repeat(9) } }),
      span({ raw: { links: [{ traceId: '01'.repeat(3), spanId: '01'.repeat(8) }] } }),
      span(),
    ]);
    const { stock, viaReader, stockCtx, readerCtx } = both('traces', request, convertTraces);
    assert.equal(viaReader.length, 2);
    assert.deepEqual(viaReader, stock);
    assert.deepEqual([...readerCtx.rejectReasons], [...stockCtx.rejectReasons]);
    assert.equal(readerCtx.truncated.links, 1);
  });

  it('logs and metric points of every type', () => {
    const logs = both(
      'logs',
      logsRequest([logRecord({ traceId: hexId(16), spanId: hexId(8), attributes: { n: 12 }, raw: { body: { intValue: '-7' } } }), logRecord({ body: 'plain' })]),
      convertLogs,
    );
    assert.deepEqual(logs.viaReader, logs.stock);
    const metrics = both('metrics', metricsRequest('svc', 1_763_700_000_000), convertMetrics);
    assert.equal(metrics.viaReader.length, 5);
    assert.deepEqual(metrics.viaReader, metrics.stock);
  });

  it('refuses invalid UTF-8 and truncated fields as undecodable', () => {
    const body = toProtobuf('traces', traceRequest([span({ name: 'ab' })]));
    const at = body.indexOf(Buffer.from('ab'));
    const badUtf8 = Buffer.from(body);
    badUtf8[at] = 0xff;
    assert.throws(() => decodeRequest('traces', 'protobuf', badUtf8), OtlpDecodeError);
    assert.throws(() => decodeRequest('traces', 'protobuf', body.subarray(0, body.length - 3)), OtlpDecodeError);
  });

  it('refuses a length prefix the stock reader refuses (2^35 + 2, whose low 32 bits read 2)', () => {
    const body = Buffer.from([0x82, 0x80, 0x80, 0x80, 0x80, 0x01, 0x61, 0x62]);
    for (const read of ['stringVerify', 'bytes'] as const) {
      assert.throws(() => protobuf.Reader.create(body)[read](), /invalid length encoding/);
      assert.throws(() => new OtlpReader(body)[read](), /invalid length encoding/);
    }
  });

  it('decodes a body handed over as a plain Uint8Array the same as a Buffer', () => {
    const body = toProtobuf('traces', traceRequest([span({ attributes: { key: 'value', n: 3 } })]));
    const plain = new Uint8Array(body.byteLength);
    plain.set(body);
    const ctx = () => new ConvertContext(limits, 1_763_700_000_000);
    assert.deepEqual(convertTraces(decodeRequest('traces', 'protobuf', plain as Buffer), ctx()), convertTraces(decodeRequest('traces', 'protobuf', body), ctx()));
  });

  it('keeps strings that share an interning slot apart', () => {
    // Many distinct short keys: whatever the hash collisions, every value must come back as sent.
    const attributes: Record<string, string> = {};
    for (let i = 0; i < 3000; i++) attributes[`k${i}`] = `v${i}`;
    const request = traceRequest([span({ attributes })]);
    for (let round = 0; round < 2; round++) {
      const [converted] = convertTraces(decodeRequest('traces', 'protobuf', toProtobuf('traces', request)), new ConvertContext({ ...limits, maxAttributes: 5000 }));
      assert.deepEqual(converted.attributes, attributes);
    }
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import Fastify, { type FastifyInstance } from 'fastify';
import { JsonText } from '../../src/query/api-json.js';
import { chooseEncoding, COMPRESS_MIN_BYTES, compressLargeResponses, isLoopback } from '../../src/query/compress-large-responses.js';
import { sendJsonTextAsIs } from '../../src/query/http-scope.js';

/** inject() comes from 127.0.0.1 unless told otherwise; compression is for clients elsewhere. */
const REMOTE = '192.0.2.10';
const big = { spans: Array.from({ length: 2_000 }, (_, i) => ({ spanId: i.toString(16).padStart(16, '0'), name: `op-${i % 40}` })) };

describe('compression of large native API answers', () => {
  let app: FastifyInstance;
  before(async () => {
    app = Fastify();
    await app.register(async (scope) => {
      sendJsonTextAsIs(scope);
      compressLargeResponses(scope);
      scope.get('/big', async () => big);
      scope.get('/small', async () => ({ ok: true }));
      scope.get('/big-text', async () => new JsonText(Buffer.from(JSON.stringify(big))));
      scope.get('/small-text', async () => new JsonText(Buffer.from('{"ok":true}')));
    });
    await app.ready();
  });
  after(async () => {
    await app.close();
  });

  it('answers a big response with brotli, else gzip, when accepted, and the body decodes to the same JSON', async () => {
    assert.ok(JSON.stringify(big).length > COMPRESS_MIN_BYTES);
    const br = await app.inject({ url: '/big', remoteAddress: REMOTE, headers: { 'accept-encoding': 'gzip, deflate, br' } });
    assert.equal(br.headers['content-encoding'], 'br');
    assert.equal(br.headers.vary, 'accept-encoding');
    assert.equal(Number(br.headers['content-length']), br.rawPayload.length);
    assert.ok(br.rawPayload.length < JSON.stringify(big).length / 4);
    assert.deepEqual(JSON.parse(brotliDecompressSync(br.rawPayload).toString()), big);
    const gz = await app.inject({ url: '/big', remoteAddress: REMOTE, headers: { 'accept-encoding': 'gzip, br;q=0' } });
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.deepEqual(JSON.parse(gunzipSync(gz.rawPayload).toString()), big);
  });

  it('leaves small answers and clients that accept no encoding alone', async () => {
    const small = await app.inject({ url: '/small', remoteAddress: REMOTE, headers: { 'accept-encoding': 'br' } });
    assert.equal(small.headers['content-encoding'], undefined);
    assert.deepEqual(small.json(), { ok: true });
    const plain = await app.inject({ url: '/big', remoteAddress: REMOTE, headers: { 'accept-encoding': 'identity' } });
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.deepEqual(plain.json(), big);
  });

  it('sends answers already rendered as JSON text (JsonText) as JSON, compressed when big', async () => {
    const small = await app.inject({ url: '/small-text', remoteAddress: REMOTE, headers: { 'accept-encoding': 'br' } });
    assert.match(String(small.headers['content-type']), /^application\/json/);
    assert.equal(small.headers['content-encoding'], undefined);
    assert.deepEqual(small.json(), { ok: true });
    const br = await app.inject({ url: '/big-text', remoteAddress: REMOTE, headers: { 'accept-encoding': 'br' } });
    assert.match(String(br.headers['content-type']), /^application\/json/);
    assert.equal(br.headers['content-encoding'], 'br');
    assert.deepEqual(JSON.parse(brotliDecompressSync(br.rawPayload).toString()), big);
  });

  it('sends big answers to a client on this machine as they are', async () => {
    for (const remoteAddress of ['127.0.0.1', '::1', '::ffff:127.0.0.1']) {
      const local = await app.inject({ url: '/big-text', remoteAddress, headers: { 'accept-encoding': 'gzip, deflate, br' } });
      assert.equal(local.headers['content-encoding'], undefined, remoteAddress);
      assert.equal(local.headers.vary, 'accept-encoding');
      assert.deepEqual(local.json(), big);
    }
    assert.equal(isLoopback('10.0.0.127'), false);
    assert.equal(isLoopback('::ffff:192.0.2.1'), false);
    assert.equal(isLoopback(undefined), false);
  });

  it('reads Accept-Encoding with q-values', () => {
    assert.equal(chooseEncoding('gzip, deflate, br, zstd'), 'br');
    assert.equal(chooseEncoding('GZIP'), 'gzip');
    assert.equal(chooseEncoding('br;q=0, gzip;q=0.5'), 'gzip');
    assert.equal(chooseEncoding('br; q=0.0, gzip;q=0'), undefined);
    assert.equal(chooseEncoding(undefined), undefined);
  });
});

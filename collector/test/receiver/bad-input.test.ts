import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { EmbeddedStorage } from '../../src/storage/embedded/embedded-storage.js';
import { GatedStorage } from '../support/gated-storage.js';
import { hexId, postOtlp, span, toProtobuf, traceRequest } from '../support/otlp-payloads.js';
import { startTestCollector } from '../support/start-collector.js';
import type { TestCollector } from '../support/start-collector.js';

async function stillServes(c: TestCollector): Promise<void> {
  const traceId = hexId(16);
  const response = await postOtlp(c.otlpUrl, 'traces', traceRequest([span({ traceId })]), { encoding: 'protobuf' });
  assert.equal(response.status, 200, 'the collector keeps serving after a bad request');
  await c.flush();
  assert.equal((await c.storage.spans.getTrace(traceId)).length, 1);
}

describe('bad OTLP input gets its status code and the collector keeps serving', () => {
  let c: TestCollector;
  before(async () => {
    c = await startTestCollector({ limits: { maxRequestBytes: 64 * 1024, maxDecompressedBytes: 256 * 1024 } });
  });
  after(() => c.stop());

  it('400 for a body that is not OTLP protobuf, with a message saying why', async () => {
    const response = await postOtlp(c.otlpUrl, 'traces', Buffer.from([0x0a, 0xff, 0xff, 0xff, 0x0f, 0x01]), { encoding: 'protobuf' });
    assert.equal(response.status, 400);
    assert.match(String(response.body.message), /SIGHTLINE_OTLP_UNDECODABLE: .*protobuf/);
    await stillServes(c);
  });

  it('400 for invalid JSON and for JSON of the wrong shape', async () => {
    const broken = await postOtlp(c.otlpUrl, 'traces', Buffer.from('{"resourceSpans": ['));
    assert.equal(broken.status, 400);
    assert.match(String(broken.body.message), /invalid JSON/);
    const wrongShape = await postOtlp(c.otlpUrl, 'traces', { resourceSpans: { not: 'an array' } });
    assert.equal(wrongShape.status, 400);
    assert.match(String(wrongShape.body.message), /resourceSpans must be an array/);
    const badTime = await postOtlp(c.otlpUrl, 'traces', traceRequest([span({ raw: { startTimeUnixNano: 'yesterday' } })]));
    assert.equal(badTime.status, 400);
    assert.match(String(badTime.body.message), /startTimeUnixNano must be an unsigned integer/);
    await stillServes(c);
  });

  it('400 for a body that claims gzip but is not', async () => {
    const response = await postOtlp(c.otlpUrl, 'traces', Buffer.from('not gzip at all'), { encoding: 'protobuf', headers: { 'content-encoding': 'gzip' } });
    assert.equal(response.status, 400);
    assert.match(String(response.body.message), /decompressed/);
  });

  it('413 over the body limit', async () => {
    const big = traceRequest(Array.from({ length: 400 }, () => span({ attributes: { filler: 'x'.repeat(200) } })));
    const response = await postOtlp(c.otlpUrl, 'traces', big, { encoding: 'protobuf' });
    assert.equal(response.status, 413);
    assert.match(String(response.body.message), /larger than 65536 bytes/);
    await stillServes(c);
  });

  it('413 for a gzip bomb, without inflating it all', async () => {
    const bomb = gzipSync(Buffer.alloc(50 * 1024 * 1024)); // 50 MiB of zeros, ~50 KiB compressed
    assert.ok(bomb.length < 64 * 1024);
    const response = await postOtlp(c.otlpUrl, 'traces', bomb, { encoding: 'protobuf', headers: { 'content-encoding': 'gzip' } });
    assert.equal(response.status, 413);
    assert.match(String(response.body.message), /decompressed request body larger than 262144 bytes/);
    await stillServes(c);
  });

  it('415 for other content types and encodings', async () => {
    const text = await fetch(`${c.otlpUrl}/v1/traces`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hi' });
    assert.equal(text.status, 415);
    assert.match(((await text.json()) as { message: string }).message, /unsupported content type "text\/plain"/);
    const brotli = await postOtlp(c.otlpUrl, 'traces', toProtobuf('traces', traceRequest([span()])), { encoding: 'protobuf', headers: { 'content-encoding': 'br' } });
    assert.equal(brotli.status, 415);
    await stillServes(c);
  });

  it('answers CORS preflight for browser senders', async () => {
    const response = await fetch(`${c.otlpUrl}/v1/traces`, { method: 'OPTIONS', headers: { origin: 'http://app.example', 'access-control-request-method': 'POST' } });
    assert.equal(response.status, 204);
    assert.equal(response.headers.get('access-control-allow-origin'), 'http://app.example');
    assert.match(response.headers.get('access-control-allow-methods') ?? '', /POST/);
  });
});

describe('back-pressure: a full queue answers 429 (slow store) or 503 (failing store) with Retry-After', () => {
  let c: TestCollector;
  let gated: GatedStorage;
  const gatedDir = mkdtempSync(join(tmpdir(), 'sightline-gated-'));
  before(async () => {
    gated = new GatedStorage(new EmbeddedStorage({ dataDir: gatedDir }));
    c = await startTestCollector({ queue: { maxItems: 5, batchSize: 5, maxWriteRetries: 1000, retryInitialMs: 20, retryMaxMs: 50 } }, { storage: gated });
  });
  after(async () => {
    gated.pass();
    await c.stop();
    rmSync(gatedDir, { recursive: true, force: true });
  });

  it('429 while storage is slow, then accepts again once it catches up', async () => {
    gated.hold();
    const first = await postOtlp(c.otlpUrl, 'traces', traceRequest(Array.from({ length: 5 }, () => span())));
    assert.equal(first.status, 200);
    // The first batch is being written (held); the queue still counts it, so it is full.
    const refused = await postOtlp(c.otlpUrl, 'traces', traceRequest([span()]), { encoding: 'protobuf' });
    assert.equal(refused.status, 429);
    assert.equal(refused.headers.get('retry-after'), '1');
    gated.pass();
    await c.flush();
    await stillServes(c);
  });

  it('503 while storage is failing and the queue is full, then recovers', async () => {
    gated.fail();
    assert.equal((await postOtlp(c.otlpUrl, 'traces', traceRequest(Array.from({ length: 5 }, () => span())))).status, 200);
    // Wait until the write has failed at least once.
    const attempts = gated.writeAttempts;
    while (gated.writeAttempts < attempts + 2) await new Promise((resolve) => setTimeout(resolve, 10));
    const refused = await postOtlp(c.otlpUrl, 'traces', traceRequest([span()]));
    assert.equal(refused.status, 503);
    assert.equal(refused.headers.get('retry-after'), '5');
    assert.match(String(refused.body.message), /SIGHTLINE_PIPELINE_STORAGE_DOWN/);
    gated.pass();
    await c.flush();
    await stillServes(c);
  });
});

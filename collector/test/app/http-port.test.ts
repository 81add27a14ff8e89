import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { EmbeddedStorage } from '../../src/storage/embedded/embedded-storage.js';
import * as names from '../../src/telemetry/metric-names.js';
import { GatedStorage } from '../support/gated-storage.js';
import { postOtlp, scrapeValue, span, traceRequest } from '../support/otlp-payloads.js';
import { startTestCollector } from '../support/start-collector.js';
import type { TestCollector } from '../support/start-collector.js';

describe('the HTTP port: /metrics, /healthz, /readyz and the UI', () => {
  let c: TestCollector;
  let gated: GatedStorage;
  const uiDir = mkdtempSync(join(tmpdir(), 'sightline-ui-'));
  const storeDir = mkdtempSync(join(tmpdir(), 'sightline-store-'));
  before(async () => {
    writeFileSync(join(uiDir, 'index.html'), '<!doctype html><title>Sightline</title>');
    writeFileSync(join(uiDir, 'app.js'), 'console.log("ui")');
    gated = new GatedStorage(new EmbeddedStorage({ dataDir: storeDir }));
    c = await startTestCollector({ uiDir }, { storage: gated });
  });
  after(async () => {
    await c.stop();
    rmSync(uiDir, { recursive: true, force: true });
    rmSync(storeDir, { recursive: true, force: true });
  });

  it('/healthz answers while the process lives', async () => {
    const response = await fetch(`${c.httpUrl}/healthz`);
    assert.equal(response.status, 200);
  });

  it('/readyz follows storage health, with the reason', async () => {
    const ready = await fetch(`${c.httpUrl}/readyz`);
    assert.equal(ready.status, 200);
    gated.unhealthyReason = 'disk on fire';
    const notReady = await fetch(`${c.httpUrl}/readyz`);
    assert.equal(notReady.status, 503);
    assert.match(JSON.stringify(await notReady.json()), /disk on fire/);
    assert.equal(await scrapeValue(c.httpUrl, names.STORAGE_UP, { backend: 'embedded' }), 0);
    gated.unhealthyReason = undefined;
    assert.equal((await fetch(`${c.httpUrl}/readyz`)).status, 200);
  });

  it('/metrics exposes the self-metrics by their exported names', async () => {
    const response = await postOtlp(c.otlpUrl, 'traces', traceRequest([span(), span()]));
    assert.equal(response.status, 200);
    await c.flush();
    const text = await (await fetch(`${c.httpUrl}/metrics`)).text();
    for (const name of [names.ITEMS_RECEIVED_TOTAL, names.ITEMS_ACCEPTED_TOTAL, names.REQUESTS_TOTAL, names.QUEUE_ITEMS, names.QUEUE_BYTES, names.QUEUE_CAPACITY_ITEMS, names.STORAGE_WRITE_DURATION_SECONDS, names.STORAGE_WRITTEN_ITEMS_TOTAL, names.STORAGE_UP]) {
      assert.ok(text.includes(name), name);
    }
    assert.ok((await scrapeValue(c.httpUrl, names.ITEMS_ACCEPTED_TOTAL, { signal: 'traces' })) >= 2);
    assert.ok((await scrapeValue(c.httpUrl, names.STORAGE_WRITTEN_ITEMS_TOTAL, { signal: 'traces' })) >= 2);
    assert.ok((await scrapeValue(c.httpUrl, names.REQUESTS_TOTAL, { signal: 'traces', status_code: '200' })) >= 1);
  });

  it('serves the built UI with a single-page-app fallback, but not for API paths', async () => {
    const asset = await fetch(`${c.httpUrl}/app.js`);
    assert.equal(asset.status, 200);
    assert.match(await asset.text(), /console.log/);
    const deepLink = await fetch(`${c.httpUrl}/traces/0123456789abcdef0123456789abcdef`);
    assert.equal(deepLink.status, 200);
    assert.match(await deepLink.text(), /<title>Sightline/);
    const api = await fetch(`${c.httpUrl}/api/v1/no-such-endpoint`);
    assert.equal(api.status, 404);
    assert.match(api.headers.get('content-type') ?? '', /json/);
  });

  it("starts a trace deep link's query as its HTML goes out, and the page's API request takes that answer once", async () => {
    const traceId = 'a1'.repeat(16);
    const sent = span({ traceId, name: 'early' });
    assert.equal((await postOtlp(c.otlpUrl, 'traces', traceRequest([sent]))).status, 200);
    await c.flush();
    const readsBefore = gated.traceReads;
    const html = await fetch(`${c.httpUrl}/traces/${traceId.toUpperCase()}`);
    assert.match(await html.text(), /<title>Sightline/);
    // The read ran for the HTML alone: no API request has been made yet.
    assert.equal(gated.traceReads, readsBefore + 1);
    const taken = await fetch(`${c.httpUrl}/api/v1/traces/${traceId}`);
    assert.equal(taken.status, 200);
    const body = (await taken.json()) as { traceId: string; spans: { name: string }[] };
    assert.equal(body.traceId, traceId);
    assert.deepEqual(body.spans.map((s) => s.name), ['early']);
    assert.equal(gated.traceReads, readsBefore + 1, 'the API request took the started answer');
    // Taken once: the next request reads the store again, and sees what arrived since.
    assert.equal((await postOtlp(c.otlpUrl, 'traces', traceRequest([span({ traceId, name: 'later' })]))).status, 200);
    await c.flush();
    const again = (await (await fetch(`${c.httpUrl}/api/v1/traces/${traceId}`)).json()) as { spans: { name: string }[] };
    assert.deepEqual(again.spans.map((s) => s.name).sort(), ['early', 'later']);
    assert.equal(gated.traceReads, readsBefore + 2);
  });

  it('a deep link to a trace that does not exist still gets the page, and its API request the 404', async () => {
    const traceId = 'b2'.repeat(16);
    assert.equal((await fetch(`${c.httpUrl}/traces/${traceId}`)).status, 200);
    const missing = await fetch(`${c.httpUrl}/api/v1/traces/${traceId}`);
    assert.equal(missing.status, 404);
    assert.match(JSON.stringify(await missing.json()), /SL_QUERY_TRACE_NOT_FOUND/);
  });

  it('a deep link whose id is not a trace id gets the page and starts no read', async () => {
    const readsBefore = gated.traceReads;
    for (const id of ['not-a-trace', '0'.repeat(32), 'abc']) {
      const page = await fetch(`${c.httpUrl}/traces/${id}`);
      assert.equal(page.status, 200);
      assert.match(await page.text(), /<title>Sightline/);
    }
    assert.equal(gated.traceReads, readsBefore);
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eventually } from '../conformance/conformance-context.js';
import { ElasticsearchStorage } from '../../src/storage/elasticsearch/elasticsearch-storage.js';
import { hexId, postOtlp, scrapeValue, span, traceRequest } from '../support/otlp-payloads.js';
import { startTestCollector } from '../support/start-collector.js';
import type { TestCollector } from '../support/start-collector.js';
import { ES_URL, elasticsearchUnavailable, uniquePrefix } from './elasticsearch-server.js';
import { TcpProxy } from './tcp-proxy.js';

/**
 * The whole collector on Elasticsearch (`--storage elasticsearch`), through HTTP: OTLP in, query
 * API out; then the cluster goes away behind a proxy: /readyz and /metrics say so, OTLP is
 * accepted up to the queue bound and then refused with 429/503, and when the cluster is back the
 * queued spans are written without a restart.
 */
const unavailable = await elasticsearchUnavailable('collector on elasticsearch');

describe('collector on Elasticsearch', { skip: unavailable }, () => {
  const target = new URL(ES_URL);
  const proxy = new TcpProxy(target.hostname, Number(target.port || 9200));
  const indexPrefix = uniquePrefix('collector');
  let collector: TestCollector;

  before(async () => {
    await proxy.open();
    collector = await startTestCollector({
      storage: 'elasticsearch',
      elasticsearch: { nodes: [`http://127.0.0.1:${proxy.port}`], indexPrefix },
      queue: { maxItems: 50, batchSize: 10, retryInitialMs: 50, retryMaxMs: 500, maxWriteRetries: 1000 },
    });
  });

  after(async () => {
    proxy.pass();
    await proxy.open().catch(() => undefined);
    await collector?.stop();
    await proxy.close();
    const cleaner = new ElasticsearchStorage({ nodes: [ES_URL], indexPrefix });
    await cleaner.deleteEverything();
    await cleaner.close();
  });

  it('stores OTLP spans in Elasticsearch and serves them through the query API', async () => {
    const traceId = hexId(16);
    const rootId = hexId(8);
    const response = await postOtlp(
      collector.otlpUrl,
      'traces',
      traceRequest([
        span({ traceId, spanId: rootId, name: 'GET /checkout', attributes: { 'http.route': '/checkout' } }),
        span({ traceId, parentSpanId: rootId, name: 'SELECT orders', kind: 3, attributes: { 'db.system': 'postgresql' } }),
      ]),
    );
    assert.equal(response.status, 200);
    await collector.flush();
    const trace = (await (await fetch(`${collector.httpUrl}/api/v1/traces/${traceId}`)).json()) as { spans: unknown[]; services: string[] };
    assert.equal(trace.spans.length, 2);
    assert.deepEqual(trace.services, ['checkout']);
    const ready = await fetch(`${collector.httpUrl}/readyz`);
    assert.equal(ready.status, 200);
    assert.equal(((await ready.json()) as { storage: string }).storage, 'elasticsearch');
  });

  it('reports the outage, bounds its queue, and resumes when Elasticsearch returns', async () => {
    await proxy.refuse();
    const ready = await fetch(`${collector.httpUrl}/readyz`);
    assert.equal(ready.status, 503);
    assert.match(((await ready.json()) as { reason: string }).reason, /elasticsearch unreachable/);
    assert.equal(await scrapeValue(collector.httpUrl, 'sightline_storage_up', { backend: 'elasticsearch' }), 0);

    // Accepted while the queue has room, then refused (429 full / 503 storage down): never silently lost.
    const traceId = hexId(16);
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const spans = Array.from({ length: 10 }, (_, j) => span({ traceId, name: `op ${i}-${j}` }));
      statuses.push((await postOtlp(collector.otlpUrl, 'traces', traceRequest(spans))).status);
    }
    assert.ok(statuses.includes(200), `some requests accepted: ${statuses.join(',')}`);
    assert.ok(statuses.some((status) => status === 429 || status === 503), `later ones refused: ${statuses.join(',')}`);
    const accepted = statuses.filter((status) => status === 200).length * 10;

    await proxy.open();
    await eventually(async () => {
      const response = await fetch(`${collector.httpUrl}/readyz`);
      assert.equal(response.status, 200);
    }, 20_000);
    await eventually(async () => {
      await collector.storage.flush();
      assert.equal((await collector.storage.spans.getTrace(traceId)).length, accepted);
    }, 20_000);
  });
});

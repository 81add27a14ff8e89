import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ElasticsearchStorage } from '../../src/storage/elasticsearch/elasticsearch-storage.js';
import { ES_URL, elasticsearchUnavailable, uniquePrefix } from './elasticsearch-server.js';
import { sampleTrace } from './sample-spans.js';
import { TcpProxy } from './tcp-proxy.js';

/**
 * Elasticsearch down or stalled, then back: health says so, writes reject (so the pipeline keeps
 * the batch and retries), and the same storage instance recovers without a restart.
 */
const unavailable = await elasticsearchUnavailable('elasticsearch outage');

describe('Elasticsearch storage through an outage', { skip: unavailable }, () => {
  const target = new URL(ES_URL);
  const proxy = new TcpProxy(target.hostname, Number(target.port || 9200));
  let storage: ElasticsearchStorage;
  const now = BigInt(Date.now()) * 1_000_000n;

  before(async () => {
    await proxy.open();
    storage = new ElasticsearchStorage({
      nodes: [`http://127.0.0.1:${proxy.port}`],
      indexPrefix: uniquePrefix('outage'),
      requestTimeoutMs: 1500,
    });
    await storage.init();
  });

  after(async () => {
    proxy.pass();
    if (proxy.port !== 0) await proxy.open().catch(() => undefined);
    await storage?.deleteEverything().catch(() => undefined);
    await storage?.close();
    await proxy.close();
  });

  it('reports not ready and rejects writes while the cluster is unreachable', async () => {
    await proxy.refuse();
    const health = await storage.health();
    assert.equal(health.ready, false);
    assert.match(health.message ?? '', /^elasticsearch unreachable: /);
    await assert.rejects(storage.spans.writeSpans(sampleTrace(1, now)));
  });

  it('rejects writes that time out on a stalled cluster', async () => {
    await proxy.open();
    proxy.stall();
    assert.equal((await storage.health()).ready, false);
    await assert.rejects(storage.spans.writeSpans(sampleTrace(2, now)));
  });

  it('resumes by itself when the cluster answers again, and a retried batch is stored once', async () => {
    proxy.pass();
    // The client may have marked its only node dead: ask until health recovers (bounded).
    let ready = false;
    for (let attempt = 0; attempt < 40 && !ready; attempt++) {
      ready = (await storage.health()).ready;
      if (!ready) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    assert.equal(ready, true);
    const trace = sampleTrace(1, now);
    await storage.spans.writeSpans(trace);
    await storage.spans.writeSpans(trace); // the pipeline's retry of the same batch
    await storage.flush();
    const stored = await storage.spans.getTrace(trace[0].traceId);
    assert.deepEqual(stored.map((span) => span.spanId).sort(), trace.map((span) => span.spanId).sort());
  });

  it('starts while the cluster is unreachable and installs its templates once it answers', async () => {
    await proxy.refuse();
    const late = new ElasticsearchStorage({
      nodes: [`http://127.0.0.1:${proxy.port}`],
      indexPrefix: uniquePrefix('late'),
      requestTimeoutMs: 1500,
    });
    try {
      await late.init(); // resolves: an unreachable cluster is not a configuration error
      await assert.rejects(late.spans.writeSpans(sampleTrace(3, now)), /not ready for writes/);
      await proxy.open();
      await late.spans.writeSpans(sampleTrace(3, now));
      await late.flush();
      const index = (await late.elasticsearchClient.indices.get({ index: `${late.indexPrefix}-spans-*` })) as Record<
        string,
        { mappings: { properties: Record<string, { type: string }> } }
      >;
      const [mapping] = Object.values(index).map((entry) => entry.mappings.properties);
      assert.equal(mapping.attributeTerms.type, 'keyword', 'the daily index got the template mapping');
      assert.equal((await late.spans.getTrace(sampleTrace(3, now)[0].traceId)).length, 2);
    } finally {
      await proxy.open().catch(() => undefined);
      await late.deleteEverything().catch(() => undefined);
      await late.close();
    }
  });
});

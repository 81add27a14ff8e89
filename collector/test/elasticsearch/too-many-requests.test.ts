import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Client } from '@elastic/elasticsearch';
import { ElasticsearchStorage } from '../../src/storage/elasticsearch/elasticsearch-storage.js';
import { ES_URL, elasticsearchUnavailable, uniquePrefix } from './elasticsearch-server.js';
import { sampleTrace } from './sample-spans.js';

/**
 * A real 429 from the real server: the in-flight requests circuit breaker is lowered so a bulk
 * request of a few hundred KB trips it (small requests still pass), then restored. The write must
 * wait, retry with backoff and succeed — not fail, not drop.
 */
const unavailable = await elasticsearchUnavailable('elasticsearch 429 retries');
const BREAKER = 'network.breaker.inflight_requests.limit';

describe('Elasticsearch storage: 429 Too Many Requests', { skip: unavailable }, () => {
  const admin = new Client({ node: ES_URL });
  let storage: ElasticsearchStorage;

  before(async () => {
    storage = new ElasticsearchStorage({ nodes: [ES_URL], indexPrefix: uniquePrefix('throttle') });
    await storage.init();
  });

  after(async () => {
    await admin.cluster.putSettings({ persistent: { [BREAKER]: null } });
    await storage?.deleteEverything();
    await storage?.close();
    await admin.close();
  });

  it('retries a throttled bulk write until the cluster accepts it', async () => {
    const now = BigInt(Date.now()) * 1_000_000n;
    const spans = Array.from({ length: 250 }, (_, i) => sampleTrace(1000 + i, now + BigInt(i) * 1000n)).flat();
    await admin.cluster.putSettings({ persistent: { [BREAKER]: '50kb' } });
    let settled = false;
    const write = storage.spans.writeSpans(spans).finally(() => (settled = true));
    await new Promise((resolve) => setTimeout(resolve, 600));
    assert.equal(settled, false, 'the write waits while the cluster answers 429');
    await admin.cluster.putSettings({ persistent: { [BREAKER]: null } });
    await write;
    await storage.flush();
    const stored = await storage.spans.getTrace(spans[0].traceId);
    assert.equal(stored.length, 2);
    const count = await admin.count({ index: `${storage.indexPrefix}-spans-*` });
    assert.equal(count.count, spans.length);
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ElasticsearchStorage } from '../../src/storage/elasticsearch/elasticsearch-storage.js';
import { ES_URL, elasticsearchUnavailable, uniquePrefix } from './elasticsearch-server.js';
import { sampleTrace } from './sample-spans.js';

/**
 * A document the cluster refuses for good (here: a duration beyond the `long` range) is counted
 * and reported, the rest of the batch is stored, and the write resolves: retrying could never
 * help, and the other spans must not be held hostage.
 */
const unavailable = await elasticsearchUnavailable('elasticsearch rejections');

describe('Elasticsearch storage: refused documents', { skip: unavailable }, () => {
  const reported: { signal: string; count: number; reason: string }[] = [];
  let storage: ElasticsearchStorage;

  before(async () => {
    storage = new ElasticsearchStorage({
      nodes: [ES_URL],
      indexPrefix: uniquePrefix('rejections'),
      onDocumentsRejected: (signal, count, reason) => reported.push({ signal, count, reason }),
    });
    await storage.init();
  });

  after(async () => {
    await storage?.deleteEverything();
    await storage?.close();
  });

  it('stores the good spans, counts and reports the refused one', async () => {
    const [root, child] = sampleTrace(7, BigInt(Date.now()) * 1_000_000n);
    const broken = { ...child, durationNano: Number.MAX_VALUE };
    await storage.spans.writeSpans([root, broken]);
    await storage.flush();

    assert.deepEqual((await storage.spans.getTrace(root.traceId)).map((span) => span.spanId), [root.spanId]);
    assert.equal(storage.rejectedDocuments.get('spans'), 1);
    assert.equal(reported.length, 1);
    assert.equal(reported[0].signal, 'spans');
    assert.equal(reported[0].count, 1);
    assert.match(reported[0].reason, /parsing|mapper|out of range/i);
  });
});

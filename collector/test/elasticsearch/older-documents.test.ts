import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ElasticsearchStorage } from '../../src/storage/elasticsearch/elasticsearch-storage.js';
import { spanDocId, spanToDoc, logToDoc, resourceToDoc } from '../../src/storage/elasticsearch/documents.js';
import { indexName, MS_PER_DAY } from '../../src/storage/elasticsearch/index-names.js';
import { lookupDocId } from '../../src/storage/elasticsearch/span-queries.js';
import type { LogRecord } from '../../src/model/log-record.js';
import { ES_URL, elasticsearchUnavailable, uniquePrefix } from './elasticsearch-server.js';
import { sampleTrace } from './sample-spans.js';

/**
 * Indices written by older versions stay readable: their span and log documents carry the
 * resource inline, and their trace → day lookups are one document per trace (found by id), while
 * new writes keep the resource on the resource document and batch the lookups. A trace four days
 * old (outside the two recent days searched directly) must be found through either kind.
 */
const unavailable = await elasticsearchUnavailable('elasticsearch older documents');

describe('Elasticsearch storage: documents of older versions', { skip: unavailable }, () => {
  const prefix = uniquePrefix('older-docs');
  let storage: ElasticsearchStorage;
  const fourDaysAgoMs = Date.now() - 4 * MS_PER_DAY;
  const startNs = BigInt(fourDaysAgoMs) * 1_000_000n;

  before(async () => {
    storage = new ElasticsearchStorage({ nodes: [ES_URL], indexPrefix: prefix });
    await storage.init();
  });

  after(async () => {
    await storage?.deleteEverything();
    await storage?.close();
  });

  it('reads an old trace with inline resources through a per-trace lookup document, and a new one through a batched lookup', async () => {
    const client = storage.elasticsearchClient;
    const [oldRoot, oldChild] = sampleTrace(3, startNs);
    const oldSpans = [oldRoot, oldChild];
    const log: LogRecord = {
      logId: 'old-log-1',
      timeUnixNano: startNs + 1_000n,
      observedTimeUnixNano: startNs + 2_000n,
      severityNumber: 9,
      severityText: 'INFO',
      body: 'written by an older version',
      traceId: oldRoot.traceId,
      spanId: oldRoot.spanId,
      resource: oldRoot.resource,
      scope: { name: 'pino' },
      attributes: {},
    };
    const inlineResource = (resource: typeof oldRoot.resource) => (resourceToDoc(resource) as { resource: unknown }).resource;
    const operations = [
      ...oldSpans.flatMap((span) => [
        { index: { _index: indexName(prefix, 'spans', fourDaysAgoMs), _id: spanDocId(span) } },
        { ...spanToDoc(span), resource: inlineResource(span.resource) },
      ]),
      { index: { _index: indexName(prefix, 'logs', fourDaysAgoMs), _id: log.logId } },
      { ...logToDoc(log), resource: inlineResource(log.resource) },
      { create: { _index: indexName(prefix, 'trace-lookup', fourDaysAgoMs), _id: lookupDocId('spans', oldRoot.traceId) } },
      { traceId: oldRoot.traceId },
      { create: { _index: indexName(prefix, 'trace-lookup', fourDaysAgoMs), _id: lookupDocId('logs', oldRoot.traceId) } },
      { traceId: oldRoot.traceId },
    ];
    const response = await client.bulk({ operations, refresh: true });
    assert.equal(response.errors, false);

    // A resource richer than the service alone, so a lost resource could not pass for a resolved one.
    const resource = { serviceName: 'frontend', serviceVersion: '9.1', attributes: { 'service.name': 'frontend', zone: 'eu-2' } };
    const newSpans = sampleTrace(4, startNs + 5_000_000_000n).map((span) => ({ ...span, resource }));
    await storage.spans.writeSpans(newSpans);
    await storage.flush();

    const byId = (spans: { spanId: string }[]) => [...spans].sort((a, b) => (a.spanId < b.spanId ? -1 : 1));
    assert.deepEqual(byId(await storage.spans.getTrace(oldRoot.traceId)), byId(oldSpans));
    assert.deepEqual(byId(await storage.spans.getTrace(newSpans[0].traceId)), byId(newSpans));
    assert.deepEqual(await storage.logs.getLogsForTrace(oldRoot.traceId), [log]);

    // Another collector (nothing cached) resolves the resource from its resource document.
    const reader = new ElasticsearchStorage({ nodes: [ES_URL], indexPrefix: prefix });
    try {
      assert.deepEqual(byId(await reader.spans.getTrace(newSpans[0].traceId)), byId(newSpans));
    } finally {
      await reader.close();
    }
  });
});

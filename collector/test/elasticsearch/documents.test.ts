import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LogRecord } from '../../src/model/log-record.js';
import type { MetricPoint } from '../../src/model/metric-point.js';
import {
  logFromDoc,
  logToDoc,
  logToJson,
  metricPointFromDoc,
  metricPointToDoc,
  metricPointToJson,
  resourceFromDoc,
  resourceIdOf,
  resourceToDoc,
  spanFromDoc,
  spanToDoc,
  spanToJson,
} from '../../src/storage/elasticsearch/documents.js';
import { sampleTrace } from './sample-spans.js';

/** What the writer sends is the document, and it reads back as the item given its resource (kept on the resource document). */
describe('Elasticsearch documents', () => {
  const resource = { serviceName: 'cart', serviceVersion: '2.0', attributes: { 'service.name': 'cart', zone: 'eu-1', odd: NaN } };

  it('serialises spans without their resource and reads them back exactly with the resource document\'s resource', () => {
    const [root, child] = sampleTrace(5, 1_795_217_400_123_456_789n);
    const busy = {
      ...child,
      name: 'GET "/cart" \u2028 \u0001 \ud83d\ude00',
      attributes: { ...child.attributes, ratio: Infinity, list: [1, 'two', { three: NaN }], 'we"ird': 'a\\b' },
      events: [{ timeUnixNano: 1_795_217_400_123_456_999n, name: 'exception', attributes: { 'exception.message': 'boom', n: -Infinity } }],
      links: [{ traceId: 'ab'.repeat(16), spanId: 'cd'.repeat(8), attributes: { why: 'retry' } }],
      traceState: 'k=v',
      statusMessage: 'failed "badly"',
      droppedAttributesCount: 2,
      droppedEventsCount: 1,
      droppedLinksCount: 3,
    };
    const spans = [root, { ...child, resource }, busy];
    for (const span of spans) {
      const doc = JSON.parse(spanToJson(span)) as Record<string, unknown>;
      assert.deepEqual(doc, JSON.parse(JSON.stringify(spanToDoc(span))));
      assert.equal(doc.resource, undefined);
      const stored = JSON.parse(JSON.stringify(resourceToDoc(span.resource))) as { resource: Record<string, unknown> };
      assert.deepEqual(spanFromDoc(doc, resourceFromDoc(stored.resource)), span);
    }
    // A span indexes its own attributes and service.name; its resource's terms are on the resource document.
    const doc = JSON.parse(spanToJson(spans[1])) as { attributeTerms: string[]; resourceId: string };
    assert.ok(doc.attributeTerms.includes('service.name\u001fcart'));
    assert.ok(!doc.attributeTerms.includes('zone\u001feu-1'));
    assert.deepEqual(JSON.parse(JSON.stringify(resourceToDoc(resource))), {
      resourceId: doc.resourceId,
      serviceName: 'cart',
      attributeTerms: ['service.name\u001fcart', 'zone\u001feu-1', 'odd\u001fNaN'],
      resource: { serviceName: 'cart', serviceVersion: '2.0', attributes: { 'service.name': 'cart', zone: 'eu-1', odd: { $number: 'NaN' } } },
    });
  });

  it('reads documents of older versions, which carry their resource inline, and falls back to the service when a resource is lost', () => {
    const [, child] = sampleTrace(5, 1_795_217_400_123_456_789n);
    const span = { ...child, resource };
    const stored = JSON.parse(JSON.stringify(resourceToDoc(resource))) as { resource: Record<string, unknown> };
    const older = { ...(JSON.parse(spanToJson(span)) as Record<string, unknown>), resource: stored.resource };
    assert.deepEqual(spanFromDoc(older), span);
    assert.deepEqual(spanFromDoc(JSON.parse(spanToJson(span))).resource, { serviceName: 'cart', attributes: { 'service.name': 'cart' } });
  });

  it('gives equal resources the same id and different resources different ids', () => {
    const same = { ...resource, attributes: { ...resource.attributes } };
    assert.equal(resourceIdOf(same), resourceIdOf(resource));
    assert.notEqual(resourceIdOf({ ...resource, attributes: { ...resource.attributes, zone: 'eu-2' } }), resourceIdOf(resource));
  });

  it('serialises logs and metric points the same way', () => {
    const log: LogRecord = {
      logId: 'l1',
      timeUnixNano: 1_795_217_400_123_456_789n,
      observedTimeUnixNano: 1_795_217_400_223_456_789n,
      severityNumber: 17,
      severityText: 'error',
      body: { message: 'Card declined', amount: Infinity },
      traceId: '',
      spanId: '',
      resource,
      scope: { name: 'pino' },
      attributes: { 'order.id': 42 },
    };
    assert.deepEqual(JSON.parse(logToJson(log)), JSON.parse(JSON.stringify(logToDoc(log))));
    const stored = JSON.parse(JSON.stringify(resourceToDoc(resource))) as { resource: Record<string, unknown> };
    assert.deepEqual(logFromDoc(JSON.parse(logToJson(log)), resourceFromDoc(stored.resource)), log);

    const point: MetricPoint = {
      pointId: 'p1',
      name: 'http.server.request.duration',
      description: 'duration',
      unit: 's',
      type: 'histogram',
      temporality: 'cumulative',
      monotonic: false,
      timeUnixNano: 1_795_217_400_000_000_001n,
      startTimeUnixNano: 1_795_217_000_000_000_000n,
      resource,
      scope: { name: 'http', version: '1' },
      attributes: { 'http.route': '/cart' },
      histogram: { count: 3, sum: 0.5, explicitBounds: [0.1, 1], bucketCounts: [1, 2, 0] },
    };
    assert.deepEqual(JSON.parse(metricPointToJson(point)), JSON.parse(JSON.stringify(metricPointToDoc(point))));
    assert.deepEqual(metricPointFromDoc(JSON.parse(metricPointToJson(point))), point);
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ITEMS_TRUNCATED_TOTAL, ITEMS_REJECTED_TOTAL } from '../../src/telemetry/metric-names.js';
import { startTestCollector } from '../support/start-collector.js';
import type { TestCollector } from '../support/start-collector.js';
import { hexId, logRecord, logsRequest, metricsRequest, nanos, postOtlp, scrapeValue, span, traceRequest } from '../support/otlp-payloads.js';

describe('OTLP ingest end to end (real collector, embedded store)', () => {
  let c: TestCollector;
  before(async () => {
    c = await startTestCollector({ limits: { maxAttributes: 4, maxAttributeValueLength: 20 } });
  });
  after(() => c.stop());

  for (const encoding of ['protobuf', 'json'] as const) {
    for (const gzip of [false, true]) {
      it(`stores spans sent as ${encoding}${gzip ? ' (gzip)' : ''} with ids, times and attributes intact`, async () => {
        const traceId = hexId(16);
        const root = span({ traceId, name: 'GET /checkout', kind: 2, attributes: { 'http.route': '/checkout', 'http.status_code': 200 } });
        const child = span({ traceId, parentSpanId: root.spanId as string, name: 'SELECT', kind: 3, statusCode: 2, statusMessage: 'boom', events: [{ name: 'exception', attributes: { 'exception.type': 'Err' } }] });
        // A nanosecond-precise start that a double would round.
        (child as { startTimeUnixNano: string }).startTimeUnixNano = nanos(Date.now() - 2000, 123_457);
        const response = await postOtlp(c.otlpUrl, 'traces', traceRequest([root, child], 'checkout', { 'service.version': '1.2.3' }), { encoding, gzip });
        assert.equal(response.status, 200);
        assert.deepEqual(response.body, {});
        await c.flush();
        const spans = await c.storage.spans.getTrace(traceId);
        assert.equal(spans.length, 2);
        const storedRoot = spans.find((s) => s.spanId === root.spanId);
        const storedChild = spans.find((s) => s.spanId === child.spanId);
        assert.ok(storedRoot && storedChild);
        assert.equal(storedRoot.isRoot, true);
        assert.equal(storedRoot.parentSpanId, '');
        assert.equal(storedRoot.resource.serviceName, 'checkout');
        assert.equal(storedRoot.resource.serviceVersion, '1.2.3');
        assert.equal(storedRoot.attributes['http.route'], '/checkout');
        assert.equal(storedRoot.attributes['http.status_code'], 200);
        assert.equal(storedChild.parentSpanId, root.spanId);
        assert.equal(storedChild.isError, true);
        assert.equal(storedChild.statusMessage, 'boom');
        assert.equal(storedChild.kind, 3);
        assert.equal(storedChild.startTimeUnixNano, BigInt((child as { startTimeUnixNano: string }).startTimeUnixNano));
        assert.equal(storedChild.events[0].name, 'exception');
        assert.equal(storedChild.scope.name, 'test-scope');
      });
    }
  }

  it('keeps the good spans of a batch and reports the bad ones in partial_success (JSON)', async () => {
    const traceId = hexId(16);
    const good = span({ traceId });
    const bad = [
      span({ raw: { traceId: '00000000000000000000000000000000' } }),
      span({ raw: { spanId: 'abc' } }),
      span({ raw: { startTimeUnixNano: nanos(Date.now()), endTimeUnixNano: nanos(Date.now() - 5000) } }),
    ];
    const response = await postOtlp(c.otlpUrl, 'traces', traceRequest([good, ...bad]));
    assert.equal(response.status, 200);
    const partial = response.body.partialSuccess as { rejectedSpans: string; errorMessage: string };
    assert.equal(partial.rejectedSpans, '3');
    assert.match(partial.errorMessage, /rejected 3 spans/);
    assert.match(partial.errorMessage, /invalid trace_id/);
    assert.match(partial.errorMessage, /invalid span_id/);
    assert.match(partial.errorMessage, /end_time_unix_nano before start_time_unix_nano/);
    await c.flush();
    assert.equal((await c.storage.spans.getTrace(traceId)).length, 1);
  });

  it('reports partial_success in protobuf responses too', async () => {
    const response = await postOtlp(c.otlpUrl, 'traces', traceRequest([span(), span({ raw: { spanId: Buffer.alloc(8).toString('hex') } })]), { encoding: 'protobuf' });
    assert.equal(response.status, 200);
    const partial = response.body.partialSuccess as { rejectedSpans: string; errorMessage: string };
    assert.equal(partial.rejectedSpans, '1');
    assert.match(partial.errorMessage, /invalid span_id/);
  });

  it('truncates attribute values and counts, and says so (not silently)', async () => {
    const before = await scrapeValue(c.httpUrl, ITEMS_TRUNCATED_TOTAL, { signal: 'traces', what: 'attribute_value' });
    const beforeAttrs = await scrapeValue(c.httpUrl, ITEMS_TRUNCATED_TOTAL, { signal: 'traces', what: 'attributes' });
    const traceId = hexId(16);
    const s = span({ traceId, attributes: { a: 'x'.repeat(50), b: 1, c: 2, d: 3, e: 4, f: 5 } });
    const response = await postOtlp(c.otlpUrl, 'traces', traceRequest([s]));
    assert.equal(response.status, 200);
    const partial = response.body.partialSuccess as { rejectedSpans: string; errorMessage: string };
    assert.equal(partial.rejectedSpans, '0');
    assert.match(partial.errorMessage, /truncated/);
    await c.flush();
    const [stored] = await c.storage.spans.getTrace(traceId);
    assert.equal(stored.attributes.a, 'x'.repeat(20));
    assert.equal(Object.keys(stored.attributes).length, 4);
    assert.equal(stored.droppedAttributesCount, 2);
    assert.equal(await scrapeValue(c.httpUrl, ITEMS_TRUNCATED_TOTAL, { signal: 'traces', what: 'attribute_value' }), before + 1);
    assert.equal(await scrapeValue(c.httpUrl, ITEMS_TRUNCATED_TOTAL, { signal: 'traces', what: 'attributes' }), beforeAttrs + 2);
  });

  it('accepts snake_case field names and enum names in JSON', async () => {
    const traceId = hexId(16);
    const body = {
      resource_spans: [{
        resource: { attributes: [{ key: 'service.name', value: { string_value: 'snake' } }] },
        scope_spans: [{ spans: [{ trace_id: traceId, span_id: hexId(8), name: 'op', kind: 'SPAN_KIND_CLIENT', start_time_unix_nano: nanos(Date.now() - 10), end_time_unix_nano: Number(nanos(Date.now() - 5)), status: { code: 'STATUS_CODE_ERROR' } }] }],
      }],
    };
    const response = await postOtlp(c.otlpUrl, 'traces', body);
    assert.equal(response.status, 200);
    await c.flush();
    const [stored] = await c.storage.spans.getTrace(traceId);
    assert.equal(stored.resource.serviceName, 'snake');
    assert.equal(stored.kind, 3);
    assert.equal(stored.isError, true);
  });

  it('defaults the service name to unknown_service', async () => {
    const traceId = hexId(16);
    const request = { resourceSpans: [{ scopeSpans: [{ spans: [span({ traceId })] }] }] };
    assert.equal((await postOtlp(c.otlpUrl, 'traces', request, { encoding: 'protobuf' })).status, 200);
    await c.flush();
    assert.equal((await c.storage.spans.getTrace(traceId))[0].resource.serviceName, 'unknown_service');
  });

  for (const encoding of ['protobuf', 'json'] as const) {
    it(`stores logs sent as ${encoding}: time falls back to observed time, severity text derived, ids deterministic`, async () => {
      const traceId = hexId(16);
      const observedMs = Date.now() - 3000;
      const records = [
        logRecord({ body: 'payment failed', severityNumber: 17, traceId, spanId: hexId(8), attributes: { order: 'o-1' } }),
        logRecord({ body: 'no time', severityNumber: 10, traceId, raw: { timeUnixNano: '0', observedTimeUnixNano: nanos(observedMs) } }),
        logRecord({ body: 'bad id', raw: { traceId: 'abcdef' } }),
      ];
      const response = await postOtlp(c.otlpUrl, 'logs', logsRequest(records, 'payments'), { encoding });
      assert.equal(response.status, 200);
      const partial = response.body.partialSuccess as { rejectedLogRecords: string; errorMessage: string };
      assert.equal(partial.rejectedLogRecords, '1');
      await c.flush();
      const logs = await c.storage.logs.getLogsForTrace(traceId);
      assert.equal(logs.length, 2);
      const failed = logs.find((l) => l.body === 'payment failed');
      const noTime = logs.find((l) => l.body === 'no time');
      assert.ok(failed && noTime);
      assert.equal(failed.severityText, 'ERROR');
      assert.equal(failed.resource.serviceName, 'payments');
      assert.equal(failed.attributes.order, 'o-1');
      assert.equal(noTime.severityText, 'INFO2');
      assert.equal(noTime.timeUnixNano, BigInt(nanos(observedMs)));
      // Sending the same records again maps to the same ids: no duplicates.
      await postOtlp(c.otlpUrl, 'logs', logsRequest(records.slice(0, 2), 'payments'), { encoding });
      await c.flush();
      const again = await c.storage.logs.getLogsForTrace(traceId);
      assert.deepEqual(again.map((l) => l.logId).sort(), logs.map((l) => l.logId).sort());
    });

    it(`stores metric points of all five types sent as ${encoding}`, async () => {
      const service = `metrics-${encoding}`;
      const timeMs = Date.now() - 2000;
      const response = await postOtlp(c.otlpUrl, 'metrics', metricsRequest(service, timeMs), { encoding });
      assert.equal(response.status, 200);
      assert.deepEqual(response.body, {});
      await c.flush();
      const range = { startUnixNano: BigInt(timeMs - 60_000) * 1_000_000n, endUnixNano: BigInt(timeMs + 60_000) * 1_000_000n };
      const listed = (await c.storage.metrics.listMetrics(range)).filter((m) => m.services.includes(service));
      assert.deepEqual(listed.map((m) => [m.name, m.type]).sort(), [
        ['gc.pause', 'summary'], ['http.duration', 'histogram'], ['http.requests', 'sum'], ['payload.size', 'exponential_histogram'], ['queue.depth', 'gauge'],
      ]);
      const series = await c.storage.metrics.queryMetricSeries({ name: 'http.requests', range, stepMs: 60_000, filters: [{ key: 'service.name', value: service }] });
      assert.equal(series[0].points[0].value, 42);
    });
  }

  it('rejects data points without a time and metrics without a name', async () => {
    const request = metricsRequest('bad-metrics');
    const metrics = ((request.resourceMetrics as { scopeMetrics: { metrics: Record<string, unknown>[] }[] }[])[0].scopeMetrics[0].metrics);
    (metrics[0].gauge as { dataPoints: Record<string, unknown>[] }).dataPoints[0].timeUnixNano = '0';
    metrics[1].name = '';
    const response = await postOtlp(c.otlpUrl, 'metrics', request);
    assert.equal(response.status, 200);
    const partial = response.body.partialSuccess as { rejectedDataPoints: string; errorMessage: string };
    assert.equal(partial.rejectedDataPoints, '2');
    assert.match(partial.errorMessage, /without time_unix_nano/);
    assert.match(partial.errorMessage, /without a name/);
  });

  it('counts rejected items on /metrics', async () => {
    const before = await scrapeValue(c.httpUrl, ITEMS_REJECTED_TOTAL, { signal: 'traces', reason: 'invalid' });
    await postOtlp(c.otlpUrl, 'traces', traceRequest([span({ raw: { traceId: '' } })]));
    assert.equal(await scrapeValue(c.httpUrl, ITEMS_REJECTED_TOTAL, { signal: 'traces', reason: 'invalid' }), before + 1);
  });
});

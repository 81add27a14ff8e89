import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assertMatchesSchema, startQueryHarness, TRACE_A, TRACE_B, type QueryHarness } from './query-fixture.js';
import type {
  ApiLatencyHistogramResponse,
  ApiLogsResponse,
  ApiLogVolumeResponse,
  ApiMetricSeriesResponse,
  ApiMetricsResponse,
  ApiOperationsResponse,
  ApiRedResponse,
  ApiServiceMapResponse,
  ApiServicesResponse,
  ApiTraceResponse,
  ApiTraceSearchResponse,
} from '../../src/query/api-types.js';

let harness: QueryHarness;
before(async () => {
  harness = await startQueryHarness();
});
after(async () => {
  await harness?.close();
});

/** GETs a native route, checks the status and that the body matches its OpenAPI schema. */
async function get<T>(url: string, schema: string, status = 200): Promise<T> {
  const response = await harness.app.inject({ method: 'GET', url });
  assert.equal(response.statusCode, status, `${url}: ${response.body}`);
  assert.match(String(response.headers['content-type']), /^application\/json/);
  assert.equal(response.headers['x-content-type-options'], 'nosniff', `${url}: bodies are never sniffed into markup`);
  const body = response.json() as T;
  assertMatchesSchema(schema, body);
  return body;
}

const byName = <T extends { name: string }>(list: T[], name: string): T => {
  const found = list.find((item) => item.name === name);
  assert.ok(found, `${name} missing from ${list.map((item) => item.name).join(', ')}`);
  return found;
};

describe('native API /api/v1', () => {
  it('GET /services: calls, errors and percentiles from SERVER/CONSUMER spans, falling back to all kinds', async () => {
    const body = await get<ApiServicesResponse>(`/api/v1/services?${harness.range}`, 'ServicesResponse');
    assert.deepEqual(
      body.services.map((s) => s.name),
      ['batch-job', 'cart', 'frontend', 'worker'],
    );
    const frontend = byName(body.services, 'frontend');
    assert.equal(frontend.basis, 'incoming');
    assert.equal(frontend.calls, 2, 'the CLIENT and PRODUCER spans of frontend are not its calls');
    assert.equal(frontend.errors, 1);
    assert.equal(frontend.errorRate, 0.5);
    assert.ok(Math.abs((frontend.p50Ms ?? 0) - 120) / 120 < 0.05, `p50 ${frontend.p50Ms}`);
    assert.ok(Math.abs((frontend.p99Ms ?? 0) - 900) / 900 < 0.05, `p99 ${frontend.p99Ms}`);
    assert.equal(frontend.sparkline, undefined);
    const batch = byName(body.services, 'batch-job');
    assert.equal(batch.basis, 'all');
    assert.equal(batch.calls, 1);
    assert.equal(byName(body.services, 'worker').calls, 1);
  });

  it('GET /services?step= adds a sparkline with every step', async () => {
    const body = await get<ApiServicesResponse>(`/api/v1/services?${harness.range}&step=1m`, 'ServicesResponse');
    assert.equal(body.stepMs, 60_000);
    const frontend = byName(body.services, 'frontend');
    assert.ok(frontend.sparkline);
    assert.equal(frontend.sparkline.length, (body.endMs - body.startMs) / 60_000);
    const base = harness.fixture.baseMs;
    assert.deepEqual(
      frontend.sparkline.filter((p) => p.calls > 0).map((p) => [p.timeMs - base, p.calls, p.errors]),
      [
        [0, 1, 0],
        [120_000, 1, 1],
      ],
    );
  });

  it('GET /services/:service/operations lists name × kind with numbers', async () => {
    const body = await get<ApiOperationsResponse>(`/api/v1/services/cart/operations?${harness.range}`, 'OperationsResponse');
    assert.equal(body.service, 'cart');
    const summary = body.operations.map((op) => `${op.name}|${op.spanKindName}|${op.calls}`).sort();
    assert.deepEqual(summary, ['POST /cart|server|1', 'SELECT carts|client|1', 'compute total|internal|1']);
    const empty = await get<ApiOperationsResponse>(`/api/v1/services/nobody/operations?${harness.range}`, 'OperationsResponse');
    assert.deepEqual(empty.operations, []);
  });

  it('GET /traces searches by service, operation, attributes, durations and status', async () => {
    const search = async (query: string) =>
      (await get<ApiTraceSearchResponse>(`/api/v1/traces?${harness.range}&${query}`, 'TraceSearchResponse')).traces.map((t) => t.traceId);
    assert.deepEqual(await search('service=frontend'), [TRACE_B, TRACE_A], 'most recent first');
    assert.deepEqual(await search('service=cart&operation=POST%20%2Fcart'), [TRACE_A]);
    assert.deepEqual(await search('attr=http.route%3D%2Fcart'), [TRACE_A]);
    assert.deepEqual(await search('attr=http.route%3D%2Fcheckout&attr=http.response.status_code%3D500'), [TRACE_B]);
    assert.deepEqual(await search(`tags=${encodeURIComponent('{"db.system":"postgresql"}')}`), [TRACE_A]);
    assert.deepEqual(await search(`tags=${encodeURIComponent('db.system=postgresql db.name="carts"')}`), [TRACE_A]);
    assert.deepEqual(await search('service=frontend&minDuration=500ms'), [TRACE_B]);
    assert.deepEqual(await search('service=frontend&maxDuration=0.2s&operation=GET%20%2Fcheckout'), [TRACE_A]);
    assert.deepEqual(await search('minTraceDuration=800ms&maxTraceDuration=1s'), [TRACE_B]);
    assert.deepEqual(await search('status=error'), [TRACE_B]);
    assert.ok(!(await search('status=ok')).includes(TRACE_B));
    assert.equal((await search('limit=1')).length, 1);
    assert.deepEqual(await search('service=frontend&withService=worker'), [TRACE_B], 'both ends of the frontend → worker edge');
    assert.deepEqual(await search('service=cart&withService=frontend&withService=cart'), [TRACE_A]);
    assert.deepEqual(await search('service=cart&withService=worker'), []);

    const body = await get<ApiTraceSearchResponse>(`/api/v1/traces?${harness.range}&service=cart`, 'TraceSearchResponse');
    const [summary] = body.traces;
    assert.equal(summary.rootServiceName, 'frontend');
    assert.equal(summary.rootOperation, 'GET /checkout');
    assert.equal(summary.spanCount, 5);
    assert.equal(summary.errorCount, 0);
    assert.deepEqual(summary.services, ['cart', 'frontend']);
    assert.equal(summary.durationMs, 120);
    assert.equal(summary.startTimeUnixNano, (BigInt(harness.fixture.baseMs) * 1_000_000n + 123n).toString());
  });

  it('GET /traces/:traceId returns every span (JSON-safe times) and the correlated logs, no range needed', async () => {
    const body = await get<ApiTraceResponse>(`/api/v1/traces/${TRACE_A.toUpperCase()}`, 'TraceResponse');
    assert.equal(body.traceId, TRACE_A);
    assert.equal(body.spans.length, 5);
    assert.deepEqual(body.services, ['cart', 'frontend']);
    const root = body.spans[0];
    assert.equal(root.parentSpanId, '');
    assert.equal(root.isRoot, true);
    assert.equal(root.kindName, 'server');
    assert.equal(root.traceState, 'congo=t61rcWkgMzE');
    assert.equal(root.startTimeUnixNano, (BigInt(harness.fixture.baseMs) * 1_000_000n + 123n).toString(), 'ns precision kept');
    assert.equal(root.durationMs, 120);
    const cart = body.spans.find((s) => s.name === 'POST /cart' && s.serviceName === 'cart');
    assert.ok(cart);
    assert.equal(cart.attributes['app.user'], '<img src=x onerror=alert(1)>', 'user data comes back as data');
    assert.deepEqual(cart.events.map((e) => [e.name, e.attributes]), [['cart.updated', { items: 3, ratio: 0.5, ok: true }]]);
    assert.equal(cart.events[0].timeMs, harness.fixture.baseMs + 35);
    assert.deepEqual(cart.links, [
      { traceId: TRACE_B, spanId: '2000000000000001', traceState: 'k=v', attributes: { 'link.kind': 'retry-of' } },
    ]);
    // Each resource once per trace, the spans pointing at theirs.
    assert.deepEqual(body.resources.map((r) => r.serviceName).sort(), ['cart', 'frontend']);
    assert.equal(body.resources[cart.resourceIndex].serviceName, 'cart');
    assert.equal(body.resources[cart.resourceIndex].attributes['host.name'], 'cart-1');
    for (const span of body.spans) assert.equal(body.resources[span.resourceIndex].serviceName, span.serviceName);
    assert.deepEqual(body.logs.map((l) => [l.logId, l.severityText, l.spanId]), [
      ['log-1', 'INFO', '00f067aa0ba902b7'],
      ['log-2', 'ERROR', '1000000000000003'],
    ]);

    const failed = await get<ApiTraceResponse>(`/api/v1/traces/${TRACE_B}`, 'TraceResponse');
    const errorSpan = failed.spans.find((s) => s.isError);
    assert.deepEqual(errorSpan?.status, { code: 2, codeName: 'ERROR', message: 'payment declined' });
  });

  it('GET /traces/:traceId answers 404 for an unknown id and 400 for a malformed one', async () => {
    const missing = await get<{ code: string; message: string }>(`/api/v1/traces/${'ab'.repeat(16)}`, 'Error', 404);
    assert.equal(missing.code, 'SL_QUERY_TRACE_NOT_FOUND');
    assert.match(missing.message, /not found/);
    for (const bad of ['xyz', '1234', '0'.repeat(32), 'g'.repeat(32)]) {
      const body = await get<{ code: string }>(`/api/v1/traces/${bad}`, 'Error', 400);
      assert.equal(body.code, 'SL_QUERY_BAD_PARAMETER');
    }
  });

  it('GET /service-map: services and uninstrumented peers as nodes, client → server edges', async () => {
    const body = await get<ApiServiceMapResponse>(`/api/v1/service-map?${harness.range}`, 'ServiceMapResponse');
    const edges = body.edges.map((e) => `${e.client}->${e.server}(${e.serverKind}) ${e.calls}`).sort();
    assert.deepEqual(edges, ['cart->postgresql/carts(database) 1', 'frontend->cart(service) 1', 'frontend->worker(service) 1']);
    const toCart = body.edges.find((e) => e.server === 'cart');
    assert.ok(toCart && Math.abs((toCart.p50Ms ?? 0) - 50) / 50 < 0.05, 'edge latency is what the client waited');
    assert.ok(toCart.rate > 0);
    const nodes = Object.fromEntries(body.nodes.map((n) => [n.id, `${n.kind} ${n.calls}`]));
    assert.deepEqual(nodes, {
      'batch-job': 'service 1',
      cart: 'service 1',
      frontend: 'service 2',
      'postgresql/carts': 'database 1',
      worker: 'service 1',
    });
    assert.equal(body.nodes.find((n) => n.id === 'frontend')?.errorRate, 0.5);
  });

  it('GET /latency-histogram: log-scale buckets and percentiles for a service or one operation', async () => {
    const body = await get<ApiLatencyHistogramResponse>(
      `/api/v1/latency-histogram?service=frontend&${harness.range}`,
      'LatencyHistogramResponse',
    );
    assert.equal(body.count, 2);
    assert.equal(body.buckets.length, 2);
    const [fast, slow] = body.buckets;
    assert.ok(fast.lowerMs < 120 && 120 <= fast.upperMs, JSON.stringify(fast));
    assert.ok(slow.lowerMs < 900 && 900 <= slow.upperMs, JSON.stringify(slow));
    assert.ok(body.p90Ms !== null && body.p90Ms > 800);
    const op = await get<ApiLatencyHistogramResponse>(
      `/api/v1/latency-histogram?service=cart&operation=SELECT%20carts&${harness.range}`,
      'LatencyHistogramResponse',
    );
    assert.equal(op.operation, 'SELECT carts');
    assert.equal(op.count, 1);
    assert.ok(Math.abs((op.p50Ms ?? 0) - 15) / 15 < 0.05);
    const missing = await get<{ message: string }>(`/api/v1/latency-histogram?${harness.range}`, 'Error', 400);
    assert.match(missing.message, /service/);
  });

  it('GET /red: rate, error rate and percentiles per step, empty steps included', async () => {
    const body = await get<ApiRedResponse>(`/api/v1/red?service=frontend&step=60000&${harness.range}`, 'RedResponse');
    assert.equal(body.stepMs, 60_000);
    assert.equal(body.points.length, 11);
    const base = harness.fixture.baseMs;
    const busy = body.points.filter((p) => p.calls > 0);
    assert.deepEqual(busy.map((p) => [p.timeMs - base, p.calls, p.errorRate]), [
      [0, 1, 0],
      [120_000, 1, 1],
    ]);
    assert.equal(busy[0].rate, 1 / 60);
    const quiet = body.points.find((p) => p.calls === 0);
    assert.equal(quiet?.p95Ms, null);
    const all = await get<ApiRedResponse>(`/api/v1/red?step=5m&${harness.range}`, 'RedResponse');
    assert.equal(all.stepMs, 300_000);
    assert.equal(all.points.reduce((sum, p) => sum + p.calls, 0), 4, 'incoming spans of every service');
    await get(`/api/v1/red?operation=x&${harness.range}`, 'Error', 400);
  });

  it('GET /logs filters by service, severity, text, trace id and attributes; newest first', async () => {
    const ids = async (query: string) =>
      (await get<ApiLogsResponse>(`/api/v1/logs?${harness.range}&${query}`, 'LogsResponse')).logs.map((l) => l.logId);
    assert.deepEqual(await ids(''), ['log-4', 'log-3', 'log-2', 'log-1']);
    assert.deepEqual(await ids('service=cart'), ['log-3', 'log-2']);
    assert.deepEqual(await ids('severity=warn'), ['log-4', 'log-3', 'log-2']);
    assert.deepEqual(await ids('severity=17'), ['log-4', 'log-2']);
    assert.deepEqual(await ids('text=PAYMENT'), ['log-4']);
    assert.deepEqual(await ids(`traceId=${TRACE_A}`), ['log-2', 'log-1']);
    assert.deepEqual(await ids('attr=user.tier%3Dgold'), ['log-1']);
    assert.deepEqual(await ids('limit=1'), ['log-4']);
    const [log] = (await get<ApiLogsResponse>(`/api/v1/logs?${harness.range}&text=bold`, 'LogsResponse')).logs;
    assert.equal(log.body, 'payment declined <b>bold</b>');
    assert.equal(log.serviceName, 'frontend');
    assert.equal(log.traceId, TRACE_B);
    await get(`/api/v1/logs?${harness.range}&severity=loud`, 'Error', 400);
  });

  it('GET /logs/volume counts records per step and severity', async () => {
    const body = await get<ApiLogVolumeResponse>(`/api/v1/logs/volume?${harness.range}&step=1m`, 'LogVolumeResponse');
    const base = harness.fixture.baseMs;
    assert.deepEqual(
      body.buckets.map((b) => [b.timeMs - base, b.severityText, b.count]),
      [
        [0, 'ERROR', 1],
        [0, 'INFO', 1],
        [60_000, 'WARN', 1],
        [120_000, 'ERROR', 1],
      ],
    );
  });

  it('GET /metrics lists names with type, unit, services and attribute keys', async () => {
    const body = await get<ApiMetricsResponse>(`/api/v1/metrics?${harness.range}`, 'MetricsResponse');
    assert.deepEqual(
      body.metrics.map((m) => [m.name, m.type, m.unit]),
      [
        ['app.requests', 'sum', '{request}'],
        ['http.server.request.duration', 'histogram', 's'],
        ['process.memory.usage', 'gauge', 'By'],
      ],
    );
    const requests = body.metrics[0];
    assert.deepEqual(requests.services, ['cart', 'frontend']);
    assert.deepEqual(requests.attributeKeys, ['http.route']);
  });

  it('GET /metrics/:name/series filters, groups and steps; histograms carry buckets and percentiles', async () => {
    const base = harness.fixture.baseMs;
    const grouped = await get<ApiMetricSeriesResponse>(
      `/api/v1/metrics/app.requests/series?${harness.range}&step=1m&groupBy=service.name`,
      'MetricSeriesResponse',
    );
    assert.equal(grouped.type, 'sum');
    const totals = Object.fromEntries(
      grouped.series.map((s) => [s.group['service.name'], s.points.map((p) => [p.timeMs - base, p.value])]),
    );
    assert.deepEqual(totals, { frontend: [[0, 13]], cart: [[60_000, 7]] });
    const filtered = await get<ApiMetricSeriesResponse>(
      `/api/v1/metrics/app.requests/series?${harness.range}&step=1m&filter=http.route%3D%2Fhealth`,
      'MetricSeriesResponse',
    );
    assert.deepEqual(filtered.series.map((s) => s.points.map((p) => p.value)), [[3]]);
    const histogram = await get<ApiMetricSeriesResponse>(
      `/api/v1/metrics/http.server.request.duration/series?${harness.range}&step=1m`,
      'MetricSeriesResponse',
    );
    assert.equal(histogram.type, 'histogram');
    const [point] = histogram.series[0].points;
    assert.deepEqual(point.histogram?.bucketCounts, [2, 5, 2, 1, 0]);
    // rank 5 of 10 falls 3/5 into the (0.05, 0.1] bucket.
    assert.ok(Math.abs((point.percentiles?.p50 ?? 0) - 0.08) < 1e-9, String(point.percentiles?.p50));
    const unknown = await get<ApiMetricSeriesResponse>(`/api/v1/metrics/nope/series?${harness.range}`, 'MetricSeriesResponse');
    assert.equal(unknown.type, null);
    assert.deepEqual(unknown.series, []);
  });

  it('answers 400 with a coded error for bad parameters, 404 for unknown routes', async () => {
    const cases = [
      '/api/v1/services?start=yesterday',
      '/api/v1/services?lookback=forever',
      '/api/v1/services?start=2000&end=1000',
      '/api/v1/services?step=-5m',
      '/api/v1/traces?limit=0',
      '/api/v1/traces?limit=abc',
      '/api/v1/traces?status=broken',
      '/api/v1/traces?attr=novalue',
      '/api/v1/traces?tags=%7Bbroken',
      '/api/v1/traces?minDuration=2s&maxDuration=1s',
      '/api/v1/logs?traceId=123',
    ];
    for (const url of cases) {
      const body = await get<{ code: string; statusCode: number; message: string }>(url, 'Error', 400);
      assert.equal(body.code, 'SL_QUERY_BAD_PARAMETER', url);
      assert.ok(body.message.length > 5, url);
    }
    const notFound = await get<{ code: string }>('/api/v1/nothing-here', 'Error', 404);
    assert.equal(notFound.code, 'SL_QUERY_NOT_FOUND');
  });

  it('accepts RFC 3339 times and lookback', async () => {
    const start = new Date(harness.fixture.baseMs - 60_000).toISOString();
    const end = new Date(harness.fixture.baseMs + 600_000).toISOString();
    const body = await get<ApiServicesResponse>(`/api/v1/services?start=${start}&end=${end}`, 'ServicesResponse');
    assert.equal(body.startMs, harness.fixture.baseMs - 60_000);
    assert.equal(body.services.length, 4);
    const recent = await get<ApiServicesResponse>('/api/v1/services?lookback=1h', 'ServicesResponse');
    assert.equal(recent.endMs - recent.startMs, 3_600_000);
    assert.equal(recent.services.length, 4);
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startQueryHarness, TRACE_A, TRACE_B, type QueryHarness } from './query-fixture.js';

/**
 * The exact requests Grafana's Jaeger data source makes (pkg/tsdb/jaeger/client.go and
 * grpc_client.go in grafana/grafana), sent over a real socket to `http://127.0.0.1:<port>/jaeger`.
 */
let harness: QueryHarness;
let base: string;
before(async () => {
  harness = await startQueryHarness();
  const address = await harness.app.listen({ host: '127.0.0.1', port: 0 });
  base = `${address}/jaeger`;
});
after(async () => {
  await harness?.close();
});

async function fetchJson<T>(url: string): Promise<{ status: number; body: T }> {
  const response = await fetch(url);
  return { status: response.status, body: (await response.json()) as T };
}

/** Go's time.Format(time.RFC3339Nano) in a +01:00 zone, as Grafana appends it (not URL-encoded). */
function goRfc3339Nano(ms: number): string {
  const shifted = new Date(ms + 3_600_000).toISOString().replace('Z', '');
  return `${shifted.replace(/\.?0+$/, '')}+01:00`;
}

describe("Grafana's Jaeger data source calls", () => {
  it('health check, services and operations (v1)', async () => {
    const services = await fetchJson<{ data: string[] }>(`${base}/api/services`);
    assert.equal(services.status, 200);
    assert.ok(services.body.data.length > 0, 'Grafana reports "no services" as a failed test');
    const operations = await fetchJson<{ data: string[] }>(`${base}/api/services/${encodeURIComponent('frontend')}/operations`);
    assert.ok(operations.body.data.includes('GET /checkout'));
  });

  it('search (v1): service, tags as JSON converted from logfmt, µs start/end, limit', async () => {
    const startUs = (harness.fixture.baseMs - 60_000) * 1000;
    const endUs = (harness.fixture.baseMs + 600_000) * 1000;
    const params = new URLSearchParams({
      service: 'frontend',
      tags: JSON.stringify({ 'http.route': '/checkout' }),
      minDuration: '100ms',
      limit: '20',
      start: String(startUs),
      end: String(endUs),
    });
    const { status, body } = await fetchJson<{ data: { traceID: string; spans: { startTime: number }[] }[] }>(`${base}/api/traces?${params}`);
    assert.equal(status, 200);
    assert.deepEqual(body.data.map((t) => t.traceID), [TRACE_B, TRACE_A]);
    for (const trace of body.data) assert.ok(trace.spans.length > 0, 'Grafana reads spans[0] of every trace');
  });

  it('trace by id with the optional time parameters (v1)', async () => {
    const { status, body } = await fetchJson<{ data: { spans: unknown[] }[] }>(`${base}/api/traces/${TRACE_A}?start=1&end=2`);
    assert.equal(status, 200);
    assert.equal(body.data[0].spans.length, 5, 'time hints are ignored: ids are looked up directly');
  });

  it('dependencies for the node graph (v1): endTs and lookback in ms', async () => {
    const endTs = Date.now();
    const { body } = await fetchJson<{ data: { parent: string; child: string; callCount: number }[] }>(
      `${base}/api/dependencies?endTs=${endTs}&lookback=${3_600_000}`,
    );
    assert.ok(body.data.some((d) => d.parent === 'frontend' && d.child === 'cart' && d.callCount === 1));
  });

  it('api_v3 search and trace by id with unencoded RFC 3339 times', async () => {
    const attributes = encodeURIComponent(JSON.stringify({ 'db.system': 'postgresql' }));
    const min = goRfc3339Nano(harness.fixture.baseMs - 60_000);
    const max = goRfc3339Nano(harness.fixture.baseMs + 600_000);
    const url = `${base}/api/v3/traces?query.attributes=${attributes}&query.service_name=cart&query.start_time_min=${min}&query.start_time_max=${max}`;
    const { status, body } = await fetchJson<{ result: { resourceSpans: { scopeSpans: { spans: { traceId: string }[] }[] }[] } }>(url);
    assert.equal(status, 200, JSON.stringify(body));
    const traceIds = new Set(body.result.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans.map((span) => span.traceId))));
    assert.deepEqual([...traceIds], [TRACE_A]);
    const byId = await fetchJson<{ result: { resourceSpans: unknown[] } }>(
      `${base}/api/v3/traces/${TRACE_A}?start_time=${min}&end_time=${max}`,
    );
    assert.equal(byId.status, 200);
    assert.equal(byId.body.result.resourceSpans.length, 2);
  });
});

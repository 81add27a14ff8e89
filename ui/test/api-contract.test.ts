/**
 * The UI's contract with the collector, without a browser: every route the UI calls exists in the
 * collector's OpenAPI document, and real responses from a real collector (fed over OTLP) parse with
 * the client's schemas. A server change that would break the UI fails here, naming the field.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { z } from 'zod';
import { metricsRequest, postOtlp } from '../../collector/test/support/otlp-payloads.js';
import { startTestCollector, type TestCollector } from '../../collector/test/support/start-collector.js';
import * as schemas from '../src/api/schemas.js';
import { traceResponseCheck } from '../src/api/trace-response-check.js';
import { logsRequest, shopTrace, tracesRequest } from './e2e/support/demo-data.js';

describe('UI ↔ collector API contract', () => {
  let collector: TestCollector;
  const now = Date.now();
  const trace = shopTrace(now - 5 * 60_000, 120, true);
  const range = `start=${now - 3_600_000}&end=${now}`;

  before(async () => {
    collector = await startTestCollector();
    await postOtlp(collector.otlpUrl, 'traces', tracesRequest(trace.spans));
    await postOtlp(collector.otlpUrl, 'logs', logsRequest(trace.logs));
    await postOtlp(collector.otlpUrl, 'metrics', metricsRequest('checkout', now - 60_000));
    await collector.flush();
  });
  after(() => collector?.stop());

  async function check<T extends z.ZodType>(path: string, schema: T): Promise<z.output<T>> {
    const response = await fetch(`${collector.httpUrl}${path}`);
    assert.equal(response.status, 200, `${path} answered ${response.status}: ${await response.clone().text()}`);
    const result = schema.safeParse(await response.json());
    assert.ok(result.success, `${path}: ${result.success ? '' : JSON.stringify(result.error.issues.slice(0, 5))}`);
    return result.data;
  }

  it('documents every route the UI calls in the OpenAPI document', async () => {
    const doc = (await (await fetch(`${collector.httpUrl}/api/v1/openapi.json`)).json()) as { paths: Record<string, unknown> };
    const paths = Object.keys(doc.paths).map((p) => p.replace(/^\/api\/v1/, ''));
    for (const used of ['/services', '/services/{service}/operations', '/red', '/latency-histogram', '/traces', '/traces/{traceId}', '/service-map', '/logs', '/logs/volume', '/metrics', '/metrics/{name}/series']) {
      assert.ok(paths.includes(used), `${used} is not in the OpenAPI document (${paths.join(', ')})`);
    }
  });

  it('parses services, operations, RED, histogram and service map', async () => {
    const services = await check(`/api/v1/services?${range}&step=60000ms`, schemas.servicesResponseSchema);
    assert.deepEqual(services.services.map((s) => s.name).sort(), ['checkout', 'frontend', 'payment']);
    await check(`/api/v1/services/checkout/operations?${range}`, schemas.operationsResponseSchema);
    await check(`/api/v1/red?${range}&service=checkout&step=60000ms`, schemas.redResponseSchema);
    const histogram = await check(`/api/v1/latency-histogram?${range}&service=frontend`, schemas.latencyHistogramResponseSchema);
    assert.equal(histogram.count, 1);
    const map = await check(`/api/v1/service-map?${range}`, schemas.serviceMapResponseSchema);
    assert.ok(map.edges.some((e) => e.client === 'frontend' && e.server === 'checkout'));
  });

  it('parses trace search and a whole trace with its logs', async () => {
    const search = await check(`/api/v1/traces?${range}&service=payment&status=error&minDuration=10ms`, schemas.traceSearchResponseSchema);
    assert.deepEqual(search.traces.map((t) => t.traceId), [trace.traceId]);
    const full = await check(`/api/v1/traces/${trace.traceId}`, schemas.traceResponseSchema);
    assert.equal(full.spans.length, 6);
    assert.equal(full.logs.length, 2);
    // The sampled schema must agree with a field-by-field check of every span.
    for (const span of full.spans) assert.ok(schemas.spanSchema.safeParse(span).success);
    // The check the client runs on traces (by hand, without zod) accepts the real answer too.
    const body: unknown = await (await fetch(`${collector.httpUrl}/api/v1/traces/${trace.traceId}`)).json();
    assert.ok(traceResponseCheck.safeParse(body).success);
  });

  it('parses logs, log volume, metric list and metric series', async () => {
    const logs = await check(`/api/v1/logs?${range}&severity=error`, schemas.logsResponseSchema);
    assert.deepEqual(logs.logs.map((l) => l.body), ['card declined by issuer']);
    await check(`/api/v1/logs/volume?${range}&step=60000ms`, schemas.logVolumeResponseSchema);
    const metrics = await check(`/api/v1/metrics?${range}`, schemas.metricsResponseSchema);
    assert.ok(metrics.metrics.length > 0);
    for (const metric of metrics.metrics) {
      await check(`/api/v1/metrics/${encodeURIComponent(metric.name)}/series?${range}&step=60000ms&groupBy=service.name`, schemas.metricSeriesResponseSchema);
    }
  });
});

/**
 * The calls Grafana's Jaeger data source makes for our dashboards, made against a real collector's
 * Jaeger-compatible API (the data source URL is `<collector>/jaeger`) after real OTLP traffic:
 * each must return data in the shape the data source reads.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Target } from '../src/grafana-model.js';
import { startCollector, type CollectorUnderTest } from './support/collector-under-test.js';
import { importDashboards, targetsOfType } from './support/dashboard-files.js';
import { substituteVariables } from './support/grafana-variables.js';
import { SERVICES } from './support/otlp-traffic.js';

interface JaegerSpan {
  traceID: string;
  spanID: string;
  operationName: string;
  references: Array<{ refType: string; traceID: string; spanID: string }>;
  startTime: number;
  duration: number;
  processID: string;
  tags: Array<{ key: string; type: string; value: unknown }>;
}
interface JaegerTrace {
  traceID: string;
  spans: JaegerSpan[];
  processes: Record<string, { serviceName: string }>;
}

describe("Grafana's Jaeger data-source calls against Sightline's /jaeger API", () => {
  let sightline: CollectorUnderTest;
  let base: string;
  const targets = targetsOfType(importDashboards(), 'jaeger');

  before(async () => {
    sightline = await startCollector();
    await sightline.sendBatch(12);
    await sightline.collector.flush();
    base = `${sightline.urls.httpUrl}/jaeger`;
  });

  after(async () => {
    await sightline?.stop();
  });

  async function get<T>(path: string): Promise<T> {
    const response = await fetch(`${base}${path}`);
    assert.equal(response.status, 200, `GET ${path}: ${response.status}`);
    const body = (await response.json()) as { data: T };
    return body.data;
  }

  /** The request the data source sends for a target, with the dashboard's variables filled in. */
  function requestFor(target: Target, values: Record<string, string>): string {
    const nowMs = Date.now();
    if (target.queryType === 'search') {
      const params = new URLSearchParams({
        service: substituteVariables(String(target.service), values),
        start: String((nowMs - 3_600_000) * 1000),
        end: String(nowMs * 1000),
        limit: String(target.limit ?? 20),
      });
      const operation = substituteVariables(String(target.operation ?? ''), values);
      if (operation) params.set('operation', operation);
      return `/api/traces?${params}`;
    }
    if (target.queryType === 'dependencyGraph') return `/api/dependencies?endTs=${nowMs}&lookback=3600000`;
    if (target.queryType === undefined && typeof target.query === 'string') return `/api/traces/${encodeURIComponent(substituteVariables(target.query, values))}`;
    throw new Error(`no known Jaeger request for query type ${String(target.queryType)}`);
  }

  it('the dashboards use the search, trace-by-id and dependency-graph queries', () => {
    assert.deepEqual([...new Set(targets.map(({ target }) => String(target.queryType ?? 'trace')))].sort(), ['dependencyGraph', 'search', 'trace']);
  });

  it('lists services and their operations (the query editor and variables)', async () => {
    const services = await get<string[]>('/api/services');
    assert.deepEqual([...services].sort(), Object.values(SERVICES).sort());
    const operations = await get<string[]>(`/api/services/${encodeURIComponent(SERVICES.checkout)}/operations`);
    assert.ok(operations.includes('POST /api/orders'), JSON.stringify(operations));
  });

  for (const { target, where } of targets) {
    it(`${where}: returns data`, async () => {
      const values = { service: SERVICES.checkout, trace_id: sightline.failedTraceIds[0] };
      const path = requestFor(target, values);
      if (target.queryType === 'dependencyGraph') {
        const links = await get<Array<{ parent: string; child: string; callCount: number }>>(path);
        assert.ok(links.some((l) => l.parent === SERVICES.frontend && l.child === SERVICES.checkout && l.callCount > 0), JSON.stringify(links));
        return;
      }
      const traces = await get<JaegerTrace[]>(path);
      assert.ok(traces.length > 0, `${path}: no traces`);
      for (const trace of traces) {
        assert.match(trace.traceID, /^[0-9a-f]{32}$/);
        assert.ok(trace.spans.length > 0);
        for (const span of trace.spans) {
          assert.ok(trace.processes[span.processID]?.serviceName, `span ${span.spanID} has no process`);
          assert.ok(Number.isFinite(span.startTime) && Number.isFinite(span.duration));
        }
      }
      if (target.queryType !== 'search') {
        // The failed trace: six spans over three services, the error visible on its spans.
        const [trace] = traces;
        assert.equal(trace.traceID, values.trace_id);
        assert.equal(trace.spans.length, 6);
        assert.ok(trace.spans.some((s) => s.tags.some((t) => t.key === 'error' && t.value === true)), 'no span carries error=true');
      }
    });
  }
});

// One import, real collector: the fixture service (fixtures/app/server.mjs) is started exactly as a
// user would start theirs, `node --import @sightline/instrumentation/register server.mjs`.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startTestCollector } from '../../collector/test/support/start-collector.js';
import type { TestCollector } from '../../collector/test/support/start-collector.js';
import { eventually, getJson } from './support/eventually.js';
import { newTraceparent } from './support/ids.js';
import { startNode } from './support/node-process.js';
import type { NodeProcess } from './support/node-process.js';

const fixtureApp = fileURLToPath(new URL('./fixtures/app/server.mjs', import.meta.url));
const fixtureEntry = fileURLToPath(new URL('./fixtures/app/entry.mjs', import.meta.url));
const SERVICE = 'sightline-fixture-app'; // from the fixture's package.json: no OTEL_SERVICE_NAME set

/** Short intervals so a test sees its data within a second or two. */
export const FAST_EXPORT_ENV = {
  OTEL_BSP_SCHEDULE_DELAY: '100',
  OTEL_BLRP_SCHEDULE_DELAY: '100',
  OTEL_METRIC_EXPORT_INTERVAL: '500',
  OTEL_SERVICE_NAME: '',
};

interface ApiSpan {
  spanId: string;
  parentSpanId?: string;
  name: string;
  kindName: string;
  serviceName: string;
  attributes: Record<string, unknown>;
}
interface ApiLog {
  body: unknown;
  traceId?: string;
  spanId?: string;
  severityText: string;
  serviceName: string;
}

describe('instrumented service → real collector', () => {
  let collector: TestCollector;
  let app: NodeProcess;
  let appUrl: string;

  before(async () => {
    collector = await startTestCollector();
    app = startNode(['--import', '@sightline/instrumentation/register', fixtureApp], {
      ...FAST_EXPORT_ENV,
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.otlpUrl,
    });
    const [, port] = await app.waitForOutput(/READY (\d+)/);
    appUrl = `http://127.0.0.1:${port}`;
  });
  after(async () => {
    await app?.stop();
    await collector?.stop();
  });

  it('sends one trace with correct parent/child links, named after package.json', async () => {
    const { traceId, parentSpanId, header } = newTraceparent();
    assert.equal(await (await fetch(`${appUrl}/work`, { headers: { traceparent: header } })).text(), 'worked');

    const trace = await eventually(async () => {
      const t = await getJson<{ spans: ApiSpan[]; logs: ApiLog[] }>(`${collector.httpUrl}/api/v1/traces/${traceId}`);
      return t.spans.length >= 3 && t.logs.length >= 2 ? t : undefined;
    }, 'the trace and its logs');

    const workServer = trace.spans.find((s) => s.kindName === 'server' && s.attributes['url.path'] === '/work');
    const client = trace.spans.find((s) => s.kindName === 'client');
    const downstreamServer = trace.spans.find((s) => s.kindName === 'server' && s.attributes['url.path'] === '/downstream');
    assert.ok(workServer && client && downstreamServer, `expected server, client, server spans; got ${trace.spans.map((s) => `${s.kindName} ${s.name}`).join(', ')}`);
    assert.equal(workServer.parentSpanId, parentSpanId, 'the incoming traceparent is honoured');
    assert.equal(client.parentSpanId, workServer.spanId);
    assert.equal(downstreamServer.parentSpanId, client.spanId);
    for (const span of trace.spans) assert.equal(span.serviceName, SERVICE);

    // pino and winston records written inside the /work span come back with the trace.
    const pinoLog = trace.logs.find((l) => JSON.stringify(l.body).includes('did the work'));
    const winstonLog = trace.logs.find((l) => JSON.stringify(l.body).includes('winston says hello'));
    assert.ok(pinoLog, 'pino record correlated');
    assert.ok(winstonLog, 'winston record correlated');
    assert.equal(pinoLog.spanId, workServer.spanId);
    assert.equal(winstonLog.spanId, workServer.spanId);
  });

  it('exports logs written outside any span too', async () => {
    const logs = await eventually(async () => {
      const res = await getJson<{ logs: ApiLog[] }>(`${collector.httpUrl}/api/v1/logs?service=${SERVICE}&limit=1000`);
      return res.logs.some((l) => JSON.stringify(l.body).includes('outside any span')) ? res.logs : undefined;
    }, 'the log written outside any span');
    const outside = logs.find((l) => JSON.stringify(l.body).includes('outside any span'));
    assert.ok(outside);
    assert.ok(!outside.traceId, 'no trace id outside a span');
  });

  it('serves prom-client and OTel metrics on its own /metrics for Prometheus, each family once', async () => {
    await (await fetch(`${appUrl}/work`)).text();
    const res = await fetch(`${appUrl}/metrics`);
    assert.equal(res.status, 200);
    const text = await res.text();
    const families = [...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map(([, name, type]) => `${name} ${type}`);
    assert.equal(new Set(families.map((f) => f.split(' ')[0])).size, families.length, `a family is declared twice:\n${families.join('\n')}`);
    for (const family of ['fixture_work_total counter', 'http_server_request_duration histogram', 'nodejs_eventloop_delay_p99 gauge', 'v8js_memory_heap_used gauge', 'v8js_gc_duration histogram']) {
      assert.ok(families.includes(family), `${family} missing from /metrics:\n${families.join('\n')}`);
    }
    assert.match(text, /^fixture_work_total\{kind="normal"\} [1-9]/m);
    assert.match(text, /^http_server_request_duration_count\{[^}]*http_response_status_code="200"[^}]*\} [1-9]/m);
  });

  it('exports OTLP metrics (HTTP durations, runtime) and the prom-client metrics', async () => {
    await fetch(`${appUrl}/work`).then((r) => r.text());
    const wanted = ['fixture_work_total', 'http.server.request.duration', 'http.client.request.duration', 'v8js.memory.heap.used', 'nodejs.eventloop.delay.p99'];
    const metrics = await eventually(async () => {
      const res = await getJson<{ metrics: Array<{ name: string; type: string; services: string[] }> }>(`${collector.httpUrl}/api/v1/metrics`);
      const ours = res.metrics.filter((m) => m.services.includes(SERVICE));
      return wanted.every((name) => ours.some((m) => m.name === name)) ? ours : undefined;
    }, `metrics ${wanted.join(', ')}`);
    assert.equal(metrics.find((m) => m.name === 'fixture_work_total')?.type, 'sum');
    assert.equal(metrics.find((m) => m.name === 'http.server.request.duration')?.type, 'histogram');
  });

  it('never traces its own exports', async () => {
    // The fixture only makes GET requests; an exporter request would show up as a POST span.
    const res = await getJson<{ traces: unknown[] }>(`${collector.httpUrl}/api/v1/traces?service=${SERVICE}&operation=POST&limit=10`);
    assert.deepEqual(res.traces, []);
  });
});

describe('other ways to adopt and configure it', () => {
  let collector: TestCollector;
  before(async () => {
    collector = await startTestCollector();
  });
  after(() => collector?.stop());

  async function runFixture(args: string[], env: NodeJS.ProcessEnv, check: (traceId: string) => Promise<void>): Promise<void> {
    const app = startNode(args, { ...FAST_EXPORT_ENV, OTEL_EXPORTER_OTLP_ENDPOINT: collector.otlpUrl, ...env });
    try {
      const [, port] = await app.waitForOutput(/READY (\d+)/);
      const { traceId, header } = newTraceparent();
      assert.equal(await (await fetch(`http://127.0.0.1:${port}/work`, { headers: { traceparent: header } })).text(), 'worked');
      await check(traceId);
    } finally {
      await app.stop();
    }
  }

  const correlatedTrace = (traceId: string) =>
    eventually(async () => {
      const res = await fetch(`${collector.httpUrl}/api/v1/traces/${traceId}`);
      if (!res.ok) return undefined;
      const trace = (await res.json()) as { spans: ApiSpan[]; logs: ApiLog[] };
      return trace.spans.length >= 3 && trace.logs.some((l) => JSON.stringify(l.body).includes('did the work')) ? trace : undefined;
    }, `trace ${traceId} with its pino log`);

  it("`import '@sightline/instrumentation/register'` first in an entry file (no flag)", async () => {
    await runFixture([fixtureEntry], { OTEL_SERVICE_NAME: 'via-import' }, async (traceId) => {
      const trace = await correlatedTrace(traceId);
      assert.ok(trace.spans.every((s) => s.serviceName === 'via-import'));
    });
  });

  it('OTLP http/json protocol, gzip-compressed', async () => {
    const env = { OTEL_SERVICE_NAME: 'via-json', OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_EXPORTER_OTLP_COMPRESSION: 'gzip' };
    await runFixture(['--import', '@sightline/instrumentation/register', fixtureApp], env, async (traceId) => {
      await correlatedTrace(traceId);
    });
  });

  /** The server request count on the fixture's own /metrics after each batch of `/work` calls (each is 2 server requests: /work and /downstream). */
  async function scrapeWorkCount(env: NodeJS.ProcessEnv, requests: number[]): Promise<number[]> {
    const app = startNode(['--import', '@sightline/instrumentation/register', fixtureApp], { ...FAST_EXPORT_ENV, OTEL_EXPORTER_OTLP_ENDPOINT: collector.otlpUrl, ...env });
    try {
      const [, port] = await app.waitForOutput(/READY (\d+)/);
      const counts: number[] = [];
      for (const n of requests) {
        for (let i = 0; i < n; i++) await (await fetch(`http://127.0.0.1:${port}/work`)).text();
        // Longer than the OTLP export interval, so an export happens between two scrapes.
        await new Promise((resolve) => setTimeout(resolve, 700));
        const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
        counts.push(Number(/^http_server_request_duration_count\{[^}]*http_response_status_code="200"[^}]*\} (\d+)/m.exec(text)?.[1]));
      }
      return counts;
    } finally {
      await app.stop();
    }
  }

  it('/metrics reads the cumulative OTLP reader: totals keep growing across scrapes and OTLP exports', async () => {
    assert.deepEqual(await scrapeWorkCount({ OTEL_SERVICE_NAME: 'via-shared-reader' }, [2, 3]), [4, 10]);
  });

  it('/metrics still serves the OTel series when the OTLP exporter is set to delta temporality', async () => {
    assert.deepEqual(await scrapeWorkCount({ OTEL_SERVICE_NAME: 'via-delta', OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE: 'delta' }, [2, 3]), [4, 10]);
  });

  it('console output exported as logs when opted in', async () => {
    await runFixture(['--import', '@sightline/instrumentation/register', fixtureApp], { OTEL_SERVICE_NAME: 'via-console', SIGHTLINE_CONSOLE_LOGS: 'true' }, async () => {
      await eventually(async () => {
        const res = await getJson<{ logs: ApiLog[] }>(`${collector.httpUrl}/api/v1/logs?service=via-console&limit=1000`);
        return res.logs.some((l) => JSON.stringify(l.body).includes('READY')) ? true : undefined;
      }, 'the console.log line as a log record');
    });
  });
});

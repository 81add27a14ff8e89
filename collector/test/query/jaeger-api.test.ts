import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { JaegerKeyValue, JaegerSpan, JaegerTrace } from '../../src/query/jaeger-v1-model.js';
import { startQueryHarness, TRACE_A, TRACE_B, TRACE_C, type QueryHarness } from './query-fixture.js';

let harness: QueryHarness;
before(async () => {
  harness = await startQueryHarness();
});
after(async () => {
  await harness?.close();
});

interface Envelope<T> {
  data: T;
  total: number;
  limit: number;
  offset: number;
  errors: { code: number; msg: string }[] | null;
}

async function getJson<T>(url: string, status = 200): Promise<T> {
  const response = await harness.app.inject({ method: 'GET', url });
  assert.equal(response.statusCode, status, `${url}: ${response.body}`);
  assert.match(String(response.headers['content-type']), /^application\/json/);
  assert.equal(response.headers['x-content-type-options'], 'nosniff', `${url}: bodies are never sniffed into markup`);
  return response.json() as T;
}

async function v1<T>(url: string, status = 200): Promise<Envelope<T>> {
  const body = await getJson<Envelope<T>>(url, status);
  assert.deepEqual(Object.keys(body).sort(), ['data', 'errors', 'limit', 'offset', 'total']);
  return body;
}

const tag = (tags: JaegerKeyValue[], key: string) => tags.find((t) => t.key === key);
const micros = (offsetMs: number) => (harness.fixture.baseMs + offsetMs) * 1000;

describe('Jaeger v1 API (/jaeger/api)', () => {
  it('lists services and operations as Grafana and Jaeger UI read them', async () => {
    const services = await v1<string[]>('/jaeger/api/services');
    assert.deepEqual(services.data, ['batch-job', 'cart', 'frontend', 'worker']);
    assert.equal(services.total, 4);
    assert.equal(services.errors, null);

    const names = await v1<string[]>('/jaeger/api/services/cart/operations');
    assert.deepEqual([...names.data].sort(), ['POST /cart', 'SELECT carts', 'compute total'].sort());

    const ops = await v1<{ name: string; spanKind: string }[]>('/jaeger/api/operations?service=cart');
    assert.deepEqual(
      ops.data.map((o) => `${o.name}|${o.spanKind}`).sort(),
      ['POST /cart|server', 'SELECT carts|client', 'compute total|internal'].sort(),
    );
    const servers = await v1<{ name: string; spanKind: string }[]>('/jaeger/api/operations?service=cart&spanKind=server');
    assert.deepEqual(servers.data, [{ name: 'POST /cart', spanKind: 'server' }]);
    const missing = await v1<null>('/jaeger/api/operations', 400);
    assert.equal(missing.errors?.[0].code, 400);
  });

  it('maps a trace to the Jaeger model: references, µs times, typed tags, logs and processes', async () => {
    const body = await v1<JaegerTrace[]>(`/jaeger/api/traces/${TRACE_A}`);
    assert.equal(body.data.length, 1);
    const trace = body.data[0];
    assert.equal(trace.traceID, TRACE_A);
    assert.equal(trace.spans.length, 5);
    for (const span of trace.spans) {
      assert.deepEqual(Object.keys(span).sort(), [
        'duration', 'flags', 'logs', 'operationName', 'processID', 'references', 'spanID', 'startTime', 'tags', 'traceID', 'warnings',
      ]);
      assert.ok(trace.processes[span.processID], `process ${span.processID} listed`);
    }
    const byId = (id: string) => trace.spans.find((s) => s.spanID === id) as JaegerSpan;

    const root = byId('00f067aa0ba902b7');
    assert.deepEqual(root.references, []);
    assert.equal(root.startTime, micros(0), 'µs (sub-µs part truncated)');
    assert.equal(root.duration, 120_000);
    assert.equal(root.operationName, 'GET /checkout');
    assert.deepEqual(tag(root.tags, 'span.kind'), { key: 'span.kind', type: 'string', value: 'server' });
    assert.deepEqual(tag(root.tags, 'http.response.status_code'), { key: 'http.response.status_code', type: 'int64', value: 200 });
    assert.deepEqual(tag(root.tags, 'otel.scope.name'), { key: 'otel.scope.name', type: 'string', value: '@opentelemetry/instrumentation-http' });
    assert.deepEqual(tag(root.tags, 'otel.scope.version'), { key: 'otel.scope.version', type: 'string', value: '0.57.0' });
    assert.deepEqual(tag(root.tags, 'w3c.tracestate'), { key: 'w3c.tracestate', type: 'string', value: 'congo=t61rcWkgMzE' });
    assert.equal(tag(root.tags, 'otel.status_code'), undefined, 'UNSET status adds no tag');
    assert.equal(tag(root.tags, 'error'), undefined);

    const cart = byId('1000000000000003');
    assert.deepEqual(cart.references, [
      { refType: 'CHILD_OF', traceID: TRACE_A, spanID: '1000000000000002' },
      { refType: 'FOLLOWS_FROM', traceID: TRACE_B, spanID: '2000000000000001' },
    ]);
    assert.deepEqual(tag(cart.tags, 'app.ratio'), { key: 'app.ratio', type: 'float64', value: 0.25 });
    assert.deepEqual(tag(cart.tags, 'app.premium'), { key: 'app.premium', type: 'bool', value: true });
    assert.deepEqual(tag(cart.tags, 'app.items'), { key: 'app.items', type: 'string', value: '[1,2,3]' });
    assert.deepEqual(tag(cart.tags, 'app.user'), { key: 'app.user', type: 'string', value: '<img src=x onerror=alert(1)>' });
    assert.deepEqual(cart.logs, [
      {
        timestamp: micros(35),
        fields: [
          { key: 'event', type: 'string', value: 'cart.updated' },
          { key: 'items', type: 'int64', value: 3 },
          { key: 'ratio', type: 'float64', value: 0.5 },
          { key: 'ok', type: 'bool', value: true },
        ],
      },
    ]);

    const ok = byId('1000000000000005');
    assert.deepEqual(tag(ok.tags, 'otel.status_code'), { key: 'otel.status_code', type: 'string', value: 'OK' });
    assert.deepEqual(tag(ok.tags, 'span.kind'), { key: 'span.kind', type: 'string', value: 'internal' });

    const cartProcess = trace.processes[cart.processID];
    assert.equal(cartProcess.serviceName, 'cart');
    assert.deepEqual(cartProcess.tags, [
      { key: 'service.version', type: 'string', value: '0.9.1' },
      { key: 'host.name', type: 'string', value: 'cart-1' },
    ]);
    assert.equal(trace.processes[root.processID].serviceName, 'frontend');
    assert.equal(Object.keys(trace.processes).length, 2, 'one process per resource');
    assert.equal(byId('1000000000000002').processID, root.processID);
  });

  it('maps error status, producer/consumer kinds and short trace ids', async () => {
    const [trace] = (await v1<JaegerTrace[]>(`/jaeger/api/traces/${TRACE_B}`)).data;
    const root = trace.spans.find((s) => s.references.length === 0) as JaegerSpan;
    assert.deepEqual(tag(root.tags, 'otel.status_code'), { key: 'otel.status_code', type: 'string', value: 'ERROR' });
    assert.deepEqual(tag(root.tags, 'error'), { key: 'error', type: 'bool', value: true });
    assert.deepEqual(tag(root.tags, 'otel.status_description'), { key: 'otel.status_description', type: 'string', value: 'payment declined' });
    assert.equal(root.logs[0].fields[0].value, 'exception');
    const kinds = trace.spans.map((s) => tag(s.tags, 'span.kind')?.value).sort();
    assert.deepEqual(kinds, ['consumer', 'producer', 'server']);

    // A 128-bit id whose high half is zero is printed as 16 hex characters, as Jaeger does, and
    // both forms find it.
    const short = await v1<JaegerTrace[]>('/jaeger/api/traces/1234567890abcdef');
    assert.equal(short.data[0].traceID, '1234567890abcdef');
    const long = await v1<JaegerTrace[]>(`/jaeger/api/traces/${TRACE_C}`);
    assert.equal(long.data[0].spans[0].traceID, '1234567890abcdef');
  });

  it('answers 404 in the envelope for an unknown trace and 400 for a malformed id', async () => {
    const missing = await v1<null>(`/jaeger/api/traces/${'cd'.repeat(16)}`, 404);
    assert.equal(missing.data, null);
    assert.deepEqual(missing.errors, [{ code: 404, msg: 'trace not found' }]);
    const bad = await v1<null>('/jaeger/api/traces/not-hex', 400);
    assert.equal(bad.errors?.[0].code, 400);
  });

  it('searches traces with Grafana\'s parameters: µs start/end, JSON or logfmt tags, Go durations, limit', async () => {
    const start = micros(-60_000);
    const end = micros(600_000);
    const ids = async (query: string) =>
      (await v1<JaegerTrace[]>(`/jaeger/api/traces?start=${start}&end=${end}&lookback=custom&${query}`)).data.map((t) => t.traceID);
    assert.deepEqual(await ids('service=frontend'), [TRACE_B, TRACE_A]);
    assert.deepEqual(await ids('service=frontend&operation=orders%20publish'), [TRACE_B]);
    assert.deepEqual(await ids(`service=cart&tags=${encodeURIComponent('{"http.route":"/cart"}')}`), [TRACE_A]);
    assert.deepEqual(await ids(`service=frontend&tags=${encodeURIComponent('http.response.status_code=500 http.route="/checkout"')}`), [TRACE_B]);
    assert.deepEqual(await ids(`service=frontend&tags=${encodeURIComponent('{"error":"true"}')}`), [TRACE_B]);
    assert.deepEqual(await ids('service=frontend&tag=http.route:%2Fcheckout&minDuration=0.5s'), [TRACE_B]);
    assert.deepEqual(await ids('service=frontend&maxDuration=200ms&operation=GET%20%2Fcheckout'), [TRACE_A]);
    assert.deepEqual(await ids('service=frontend&limit=1'), [TRACE_B]);
    // span.kind is the span's kind, as Jaeger tags every span: not an attribute, and on the same span as the other tags.
    assert.deepEqual(await ids(`service=frontend&tags=${encodeURIComponent('{"span.kind":"producer"}')}`), [TRACE_B]);
    assert.deepEqual(await ids(`service=frontend&tags=${encodeURIComponent('{"span.kind":"client"}')}`), [TRACE_A]);
    assert.deepEqual(await ids(`service=frontend&tags=${encodeURIComponent('span.kind=server http.route=/checkout')}&limit=1`), [TRACE_B]);
    assert.deepEqual(await ids(`service=frontend&tags=${encodeURIComponent('{"span.kind":"client","http.route":"/checkout"}')}`), [], 'the client span has no route');
    assert.deepEqual(await ids(`service=frontend&operation=POST%20%2Fcart&tags=${encodeURIComponent('{"span.kind":"server"}')}`), [], 'frontend\'s POST /cart is a client span');
    assert.deepEqual(await ids(`service=frontend&tags=${encodeURIComponent('{"span.kind":"sideways"}')}`), []);
    const body = await v1<JaegerTrace[]>(`/jaeger/api/traces?start=${start}&end=${end}&service=worker`);
    assert.equal(body.total, 1);
    assert.equal(body.data[0].spans.length, 3, 'search returns whole traces');
    const byIds = await v1<JaegerTrace[]>(`/jaeger/api/traces?traceID=${TRACE_A}&traceID=${TRACE_B}`);
    assert.deepEqual(byIds.data.map((t) => t.traceID), [TRACE_A, TRACE_B]);
    const noService = await v1<null>('/jaeger/api/traces', 400);
    assert.match(noService.errors?.[0].msg ?? '', /service/);
    await v1<null>('/jaeger/api/traces?service=frontend&minDuration=fast', 400);
  });

  it('answers /api/dependencies from the service graph (parent, child, callCount)', async () => {
    const endTs = harness.fixture.baseMs + 600_000;
    const body = await v1<{ parent: string; child: string; callCount: number }[]>(
      `/jaeger/api/dependencies?endTs=${endTs}&lookback=3600000`,
    );
    assert.deepEqual(body.data, [
      { parent: 'cart', child: 'postgresql/carts', callCount: 1 },
      { parent: 'frontend', child: 'cart', callCount: 1 },
      { parent: 'frontend', child: 'worker', callCount: 1 },
    ]);
    const defaults = await v1<unknown[]>('/jaeger/api/dependencies');
    assert.equal(defaults.data.length, 3, 'default: the last 24 h up to now');
    const old = await v1<unknown[]>(`/jaeger/api/dependencies?endTs=${harness.fixture.baseMs - 3_600_000}&lookback=60000`);
    assert.deepEqual(old.data, []);
    await v1<null>('/jaeger/api/dependencies?endTs=soon', 400);
  });
});

interface OtlpAnyValue {
  stringValue?: string;
  intValue?: string;
  doubleValue?: number;
  boolValue?: boolean;
  arrayValue?: { values: OtlpAnyValue[] };
}
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  traceState?: string;
  name: string;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: { key: string; value: OtlpAnyValue }[];
  events: { timeUnixNano: number | string; name: string; attributes: { key: string; value: OtlpAnyValue }[] }[];
  links: { traceId: string; spanId: string; traceState?: string }[];
  status: { code: number; message?: string };
}
interface OtlpResult {
  result: {
    resourceSpans: {
      resource: { attributes: { key: string; value: OtlpAnyValue }[] };
      scopeSpans: { scope: { name: string; version?: string }; spans: OtlpSpan[] }[];
    }[];
  };
}

const allSpans = (body: OtlpResult) => body.result.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans));

describe('Jaeger api_v3 (/jaeger/api/v3)', () => {
  it('lists services and operations', async () => {
    assert.deepEqual(await getJson('/jaeger/api/v3/services'), { services: ['batch-job', 'cart', 'frontend', 'worker'] });
    const ops = await getJson<{ operations: { name: string; spanKind: string }[] }>('/jaeger/api/v3/operations?service=frontend&span_kind=producer');
    assert.deepEqual(ops, { operations: [{ name: 'orders publish', spanKind: 'producer' }] });
    const error = await getJson<{ error: { httpCode: number; message: string } }>('/jaeger/api/v3/operations', 400);
    assert.equal(error.error.httpCode, 400);
  });

  it('returns a trace as OTLP JSON grouped by resource and scope', async () => {
    const response = await harness.app.inject({ method: 'GET', url: `/jaeger/api/v3/traces/${TRACE_A}` });
    assert.equal(response.statusCode, 200);
    const body = response.json() as OtlpResult;
    const services = body.result.resourceSpans.map(
      (r) => r.resource.attributes.find((a) => a.key === 'service.name')?.value.stringValue,
    );
    assert.deepEqual(services.sort(), ['cart', 'frontend']);
    const spans = allSpans(body);
    assert.equal(spans.length, 5);
    const root = spans.find((s) => s.parentSpanId === '') as OtlpSpan;
    assert.equal(root.traceId, TRACE_A);
    assert.equal(root.spanId, '00f067aa0ba902b7');
    assert.equal(root.kind, 2);
    assert.equal(root.traceState, 'congo=t61rcWkgMzE');
    assert.equal(root.startTimeUnixNano, (BigInt(harness.fixture.baseMs) * 1_000_000n + 123n).toString());
    assert.deepEqual(root.attributes.find((a) => a.key === 'http.response.status_code')?.value, { intValue: '200' });
    const cart = spans.find((s) => s.spanId === '1000000000000003') as OtlpSpan;
    assert.deepEqual(cart.attributes.find((a) => a.key === 'app.items')?.value, {
      arrayValue: { values: [{ intValue: '1' }, { intValue: '2' }, { intValue: '3' }] },
    });
    assert.deepEqual(cart.attributes.find((a) => a.key === 'app.ratio')?.value, { doubleValue: 0.25 });
    assert.equal(cart.events[0].name, 'cart.updated');
    // fixed64 in OTLP/JSON is a decimal string, as Jaeger's api_v3 gateway writes it and Grafana's
    // api_v3 client reads it (a string it parses into an int64; a bare number fails its decoding).
    assert.equal(cart.events[0].timeUnixNano, ((BigInt(harness.fixture.baseMs) + 35n) * 1_000_000n).toString(), 'exact digits, as a string');
    assert.deepEqual(cart.links.map((l) => [l.traceId, l.spanId, l.traceState]), [[TRACE_B, '2000000000000001', 'k=v']]);
    const ok = spans.find((s) => s.spanId === '1000000000000005') as OtlpSpan;
    assert.deepEqual(ok.status, { code: 1 });
    const scopes = body.result.resourceSpans.flatMap((r) => r.scopeSpans.map((s) => s.scope.name)).sort();
    assert.ok(scopes.includes('@opentelemetry/instrumentation-pg'));

    const [error] = allSpans(await getJson<OtlpResult>(`/jaeger/api/v3/traces/${TRACE_B}`)).filter((s) => s.status.code === 2);
    assert.deepEqual(error.status, { code: 2, message: 'payment declined' });
  });

  it('answers 404/400 with the gateway error shape', async () => {
    const missing = await getJson<{ error: { httpCode: number; message: string } }>(`/jaeger/api/v3/traces/${'ef'.repeat(16)}`, 404);
    assert.deepEqual(missing, { error: { httpCode: 404, message: 'trace not found' } });
    const bad = await getJson<{ error: { httpCode: number } }>('/jaeger/api/v3/traces/zzz', 400);
    assert.equal(bad.error.httpCode, 400);
  });

  it('searches with query.* parameters (RFC 3339 times, durations, attributes, search depth)', async () => {
    const min = new Date(harness.fixture.baseMs - 60_000).toISOString();
    const max = new Date(harness.fixture.baseMs + 600_000).toISOString();
    const traceIds = async (query: string) => {
      const body = await getJson<OtlpResult>(`/jaeger/api/v3/traces?query.start_time_min=${min}&query.start_time_max=${max}&${query}`);
      return [...new Set(allSpans(body).map((s) => s.traceId))];
    };
    assert.deepEqual((await traceIds('query.service_name=frontend')).sort(), [TRACE_A, TRACE_B].sort());
    assert.deepEqual(await traceIds('query.service_name=frontend&query.operation_name=orders%20publish'), [TRACE_B]);
    assert.deepEqual(await traceIds(`query.service_name=cart&query.attributes=${encodeURIComponent('{"db.system":"postgresql"}')}`), [TRACE_A]);
    assert.deepEqual(await traceIds('query.service_name=frontend&query.duration_min=500ms'), [TRACE_B]);
    assert.deepEqual(await traceIds('query.service_name=frontend&query.duration_max=150ms&query.operation_name=GET%20%2Fcheckout'), [TRACE_A]);
    assert.deepEqual(await traceIds(`query.service_name=worker&query.attributes=${encodeURIComponent('{"span.kind":"consumer"}')}`), [TRACE_B]);
    assert.deepEqual(await traceIds(`query.service_name=cart&query.attributes=${encodeURIComponent('{"span.kind":"client","db.system":"postgresql"}')}`), [TRACE_A]);
    assert.deepEqual(await traceIds(`query.service_name=cart&query.attributes=${encodeURIComponent('{"span.kind":"server","db.system":"postgresql"}')}`), []);
    assert.equal((await traceIds('query.service_name=frontend&query.search_depth=1')).length, 1);
    assert.equal((await traceIds('query.service_name=frontend&query.num_traces=1')).length, 1);
    assert.equal(allSpans(await getJson<OtlpResult>(`/jaeger/api/v3/traces?query.start_time_min=${min}&query.start_time_max=${max}&query.service_name=nobody`)).length, 0);
    const bad = await getJson<{ error: { httpCode: number; message: string } }>('/jaeger/api/v3/traces?query.start_time_min=yesterday', 400);
    assert.match(bad.error.message, /start/);
  });
});

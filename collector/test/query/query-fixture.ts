import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv';
import Fastify, { type FastifyInstance } from 'fastify';
import { Registry } from 'prom-client';
import { createDerivers } from '../../src/derive/create-derivers.js';
import type { Attributes } from '../../src/model/attributes.js';
import type { LogRecord } from '../../src/model/log-record.js';
import type { MetricPoint } from '../../src/model/metric-point.js';
import type { Span, SpanKind, StatusCode } from '../../src/model/span.js';
import { componentSchemas } from '../../src/query/api-schemas.js';
import { registerQueryApi } from '../../src/query/register-query-api.js';
import { EmbeddedStorage } from '../../src/storage/embedded/embedded-storage.js';
import type { Storage } from '../../src/storage/storage.js';

interface FixtureSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  service: string;
  name: string;
  kind: number;
  startMs: number;
  durationMs: number;
  status: number;
  statusMessage?: string;
  traceState?: string;
  scope: { name: string; version?: string };
  attributes: Attributes;
  events?: { offsetMs: number; name: string; attributes: Attributes }[];
  links?: { traceId: string; spanId: string; traceState?: string; attributes: Attributes }[];
}

interface FixtureFile {
  resources: Record<string, Attributes>;
  spans: FixtureSpan[];
  logs: {
    logId: string;
    offsetMs: number;
    service: string;
    severityNumber: number;
    severityText: string;
    body: string;
    traceId: string;
    spanId: string;
    attributes: Attributes;
  }[];
  metrics: (Omit<MetricPoint, 'timeUnixNano' | 'startTimeUnixNano' | 'resource' | 'scope'> & { service: string; offsetMs: number })[];
}

export const TRACE_A = '4bf92f3577b34da6a3ce929d0e0e4736';
export const TRACE_B = '5b8efff798038103d269b633813fc60c';
export const TRACE_C = '00000000000000001234567890abcdef';

export interface Fixture {
  /** Unix ms of offset 0 (a minute boundary, 10 minutes before the test started). */
  baseMs: number;
  spans: Span[];
  logs: LogRecord[];
  metrics: MetricPoint[];
}

function ns(baseMs: number, offsetMs: number): bigint {
  return BigInt(baseMs) * 1_000_000n + BigInt(Math.round(offsetMs * 1e6));
}

export async function loadFixture(baseMs: number): Promise<Fixture> {
  const file = JSON.parse(await readFile(new URL('./fixtures/telemetry.json', import.meta.url), 'utf8')) as FixtureFile;
  const resource = (service: string) => ({
    serviceName: service,
    ...(file.resources[service]['service.version'] ? { serviceVersion: String(file.resources[service]['service.version']) } : {}),
    attributes: file.resources[service],
  });
  const spans = file.spans.map((spec): Span => {
    const start = ns(baseMs, spec.startMs);
    const durationNano = Math.round(spec.durationMs * 1e6);
    return {
      traceId: spec.traceId,
      spanId: spec.spanId,
      parentSpanId: spec.parentSpanId,
      ...(spec.traceState ? { traceState: spec.traceState } : {}),
      name: spec.name,
      kind: spec.kind as SpanKind,
      startTimeUnixNano: start,
      endTimeUnixNano: start + BigInt(durationNano),
      durationNano,
      statusCode: spec.status as StatusCode,
      ...(spec.statusMessage ? { statusMessage: spec.statusMessage } : {}),
      resource: resource(spec.service),
      scope: spec.scope,
      attributes: spec.attributes,
      events: (spec.events ?? []).map((event) => ({
        timeUnixNano: ns(baseMs, spec.startMs + event.offsetMs),
        name: event.name,
        attributes: event.attributes,
      })),
      links: spec.links ?? [],
      isRoot: spec.parentSpanId === '',
      isError: spec.status === 2,
    };
  });
  const logs = file.logs.map(
    (log): LogRecord => ({
      logId: log.logId,
      timeUnixNano: ns(baseMs, log.offsetMs),
      observedTimeUnixNano: ns(baseMs, log.offsetMs + 1),
      severityNumber: log.severityNumber,
      severityText: log.severityText,
      body: log.body,
      traceId: log.traceId,
      spanId: log.spanId,
      resource: resource(log.service),
      scope: { name: 'logger' },
      attributes: log.attributes,
    }),
  );
  const metrics = file.metrics.map(({ service, offsetMs, ...point }): MetricPoint => ({
    ...point,
    timeUnixNano: ns(baseMs, offsetMs),
    startTimeUnixNano: ns(baseMs, offsetMs - 60_000),
    resource: resource(service),
    scope: { name: 'meter' },
  }));
  return { baseMs, spans, logs, metrics };
}

export interface QueryHarness {
  app: FastifyInstance;
  storage: Storage;
  fixture: Fixture;
  /** `start`/`end` query parameters covering every fixture item. */
  range: string;
  close(): Promise<void>;
}

/**
 * Loads the fixture into `storage` (spans, logs, metrics, and the aggregates the real derivers make
 * of the spans) and returns a ready Fastify app serving the query API on it.
 */
export async function serveFixture(storage: Storage, fixture: Fixture): Promise<FastifyInstance> {
  await storage.init();
  await storage.spans.writeSpans(fixture.spans);
  await storage.logs.writeLogs(fixture.logs);
  await storage.metrics.writeMetricPoints(fixture.metrics);
  const derivers = createDerivers({ writer: storage.aggregates, registry: new Registry(), options: { serviceGraphWaitMs: 1 } });
  for (const deriver of derivers) deriver.consume(fixture.spans);
  for (const deriver of derivers) await deriver.shutdown();
  await storage.flush();
  const app = Fastify({ logger: false });
  await registerQueryApi(app, { storage });
  await app.ready();
  return app;
}

/**
 * A real EmbeddedStorage in a temp dir holding the fixture, aggregates written by the real
 * derivers, and a Fastify app with the query API (requests go through `app.inject`).
 */
export async function startQueryHarness(): Promise<QueryHarness> {
  const baseMs = Math.floor(Date.now() / 60_000) * 60_000 - 10 * 60_000;
  const fixture = await loadFixture(baseMs);
  const dataDir = await mkdtemp(join(tmpdir(), 'sightline-query-'));
  const storage = new EmbeddedStorage({ dataDir });
  const app = await serveFixture(storage, fixture);
  return {
    app,
    storage,
    fixture,
    range: `start=${baseMs - 60_000}&end=${baseMs + 10 * 60_000}`,
    async close() {
      await app.close();
      await storage.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Validates a body against a schema of the OpenAPI document; throws with the errors. */
const ajv = new Ajv.default({ strict: false, allErrors: true });
ajv.addSchema({ $id: 'sightline-api', components: { schemas: componentSchemas } });

export function assertMatchesSchema(name: string, body: unknown): void {
  const validate = ajv.getSchema(`sightline-api#/components/schemas/${name}`);
  if (!validate) throw new Error(`no schema ${name}`);
  if (!validate(body)) throw new Error(`response does not match ${name}: ${ajv.errorsText(validate.errors)}`);
}

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Attributes, InstrumentationScope, ResourceInfo } from '../../src/model/attributes.js';
import type { LogRecord } from '../../src/model/log-record.js';
import type { Span, SpanKind, StatusCode } from '../../src/model/span.js';
import { traceResponseFromJson, traceResponseFromSpans } from '../../src/query/native-trace-routes.js';
import { EmbeddedStorage } from '../../src/storage/embedded/embedded-storage.js';

/**
 * The embedded store's own rendering of a trace as the API's JSON (getTraceApiJson) must give the
 * very answer the object path (getTrace → spanToApi → JSON.stringify) gives for the same data.
 */
interface FixtureSpan {
  spanId: string;
  parentSpanId: string;
  resource: string;
  name: string;
  kind: number;
  startNs: string;
  durationNano: number;
  statusCode: number;
  statusMessage?: string;
  traceState?: string;
  droppedAttributesCount?: number;
  droppedEventsCount?: number;
  droppedLinksCount?: number;
  scope: InstrumentationScope;
  attributes: Attributes;
  events?: { timeNs: string; name: string; attributes: Attributes }[];
  links?: Span['links'];
}
interface Fixture {
  traceId: string;
  resources: Record<string, ResourceInfo>;
  spans: FixtureSpan[];
  logs: { spanId: string; timeNs: string; body: string; severityNumber: number; severityText: string }[];
}

const fixture = JSON.parse(readFileSync(new URL('./fixtures/trace-api-json.json', import.meta.url), 'utf8')) as Fixture;

function toSpan(traceId: string, spec: FixtureSpan, resource: ResourceInfo): Span {
  const start = BigInt(spec.startNs);
  const span: Span = {
    traceId,
    spanId: spec.spanId,
    parentSpanId: spec.parentSpanId,
    name: spec.name,
    kind: spec.kind as SpanKind,
    startTimeUnixNano: start,
    endTimeUnixNano: start + BigInt(Math.round(spec.durationNano)),
    durationNano: spec.durationNano,
    statusCode: spec.statusCode as StatusCode,
    resource,
    scope: spec.scope,
    attributes: spec.attributes,
    events: (spec.events ?? []).map((event) => ({ timeUnixNano: BigInt(event.timeNs), name: event.name, attributes: event.attributes })),
    links: spec.links ?? [],
    isRoot: spec.parentSpanId === '',
    isError: spec.statusCode === 2,
  };
  for (const key of ['statusMessage', 'traceState', 'droppedAttributesCount', 'droppedEventsCount', 'droppedLinksCount'] as const) {
    if (spec[key] !== undefined) Object.assign(span, { [key]: spec[key] });
  }
  return span;
}

/** Plain spans with an irregular one (an event) every 997 spans, many with the same start time. */
function manySpans(traceId: string, count: number, resources: ResourceInfo[], firstStart = 1763770100000000000n): Span[] {
  const scope = { name: 'gen', version: '1.0.0' };
  return Array.from({ length: count }, (_, i) => {
    const start = firstStart + BigInt(i % 4000) * 1_000_001n; // many start-time ties
    const durationNano = (i * 7919) % 5_000_000;
    return {
      traceId,
      spanId: (0xb000000000000000n + BigInt(i)).toString(16),
      parentSpanId: i === 0 ? '' : 'b000000000000000',
      name: `op-${i % 40}`,
      kind: (i % 6) as SpanKind,
      startTimeUnixNano: start,
      endTimeUnixNano: start + BigInt(durationNano),
      durationNano,
      statusCode: (i % 3) as StatusCode,
      resource: resources[i % resources.length],
      scope,
      attributes: { 'item.index': i, 'http.route': `/r/${i % 17}` },
      events: i % 997 === 5 ? [{ timeUnixNano: start + 1n, name: 'tick', attributes: {} }] : [],
      links: [],
      isRoot: i === 0,
      isError: i % 3 === 2,
    };
  });
}

describe('embedded getTraceApiJson', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sightline-trace-json-'));
  const storage = new EmbeddedStorage({ dataDir: dir, threads: 2 });
  const bigTraceId = '1234567890abcdef1234567890abcdef';
  const smallTraceId = 'abcdef1234567890abcdef1234567890';
  const smallTrace = fixture.spans.slice(0, 3).map((spec) => toSpan(smallTraceId, spec, fixture.resources[spec.resource]));

  before(async () => {
    await storage.init();
    const spans = fixture.spans.map((spec) => toSpan(fixture.traceId, spec, fixture.resources[spec.resource]));
    // Enough spans after them that the store renders the trace in SQL (small traces go through objects).
    await storage.spans.writeSpans([...spans, ...manySpans(fixture.traceId, 2_500, Object.values(fixture.resources), 1763770001000000000n)]);
    await storage.spans.writeSpans(smallTrace);
    await storage.spans.writeSpans(manySpans(bigTraceId, 21_003, Object.values(fixture.resources)));
    const logs: LogRecord[] = fixture.logs.map((log, i) => ({
      logId: `log-${i}`,
      timeUnixNano: BigInt(log.timeNs),
      observedTimeUnixNano: BigInt(log.timeNs),
      severityNumber: log.severityNumber,
      severityText: log.severityText,
      body: log.body,
      traceId: fixture.traceId,
      spanId: log.spanId,
      resource: fixture.resources.api,
      scope: { name: 'pino' },
      attributes: {},
    }));
    await storage.logs.writeLogs(logs);
  });
  after(async () => {
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function bothAnswers(traceId: string): Promise<{ fromJson: unknown; fromSpans: unknown; text: string }> {
    const [json, spans, logs] = await Promise.all([
      storage.spans.getTraceApiJson(traceId),
      storage.spans.getTrace(traceId),
      storage.logs.getLogsForTrace(traceId),
    ]);
    assert.ok(json, 'the trace is found');
    const text = traceResponseFromJson(traceId, json, logs).bytes.toString('utf8');
    return { fromJson: JSON.parse(text), fromSpans: JSON.parse(JSON.stringify(traceResponseFromSpans(traceId, spans, logs))), text };
  }

  it('answers exactly what the object path answers, for every kind of span in the fixture', async () => {
    const { fromJson, fromSpans } = await bothAnswers(fixture.traceId);
    assert.deepEqual(fromJson, fromSpans);
    const spans = (fromJson as { spans: { spanId: string; status: { message?: string }; events: unknown[] }[] }).spans;
    // The fixture really covers what it claims: ties ordered by span id, a message moved into status.
    assert.deepEqual(spans.slice(0, 7).map((span) => span.spanId), ['a000000000000007', 'a000000000000001', 'a000000000000002', 'a000000000000003', 'a000000000000004', 'a000000000000005', 'a000000000000006']);
    assert.equal(spans[4].status.message, 'boom');
    assert.equal(spans[4].events.length, 2);
    // api and api-other-writer (stored under two resource ids) are one resource of the answer.
    assert.equal((fromJson as { resources: unknown[] }).resources.length, 2);
  });

  it('answers exactly what the object path answers for a trace spread over several chunks', async () => {
    const { fromJson, fromSpans, text } = await bothAnswers(bigTraceId);
    assert.equal((fromJson as { spans: unknown[] }).spans.length, 21_003);
    assert.deepEqual(fromJson, fromSpans);
    assert.ok(!text.includes('\u0001'), 'no placeholder is left in the text');
  });

  it('answers exactly what the object path answers for a small trace (rendered from objects)', async () => {
    const { fromJson, fromSpans } = await bothAnswers(smallTraceId);
    assert.equal((fromJson as { spans: unknown[] }).spans.length, 3);
    assert.deepEqual(fromJson, fromSpans);
  });

  it('gives undefined for an unknown trace', async () => {
    assert.equal(await storage.spans.getTraceApiJson('ffffffffffffffffffffffffffffffff'), undefined);
  });
});

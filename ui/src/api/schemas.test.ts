import { describe, expect, it } from 'vitest';
import type { ResponseCheck } from './client';
import { traceResponseSchema } from './schemas';
import { traceResponseCheck } from './trace-response-check';

const span = (i: number) => ({
  traceId: 'a'.repeat(32),
  spanId: i.toString(16).padStart(16, '0'),
  parentSpanId: '',
  name: 'GET /',
  kind: 2,
  kindName: 'SERVER',
  startTimeUnixNano: '1700000000000000000',
  endTimeUnixNano: '1700000000001000000',
  startTimeMs: 1700000000000,
  durationMs: 1,
  status: { code: 0, codeName: 'UNSET' },
  serviceName: 'web',
  resourceIndex: 0,
  scope: { name: 's' },
  attributes: { 'http.route': '/' },
  events: [],
  links: [],
  isRoot: true,
  isError: false,
});
const trace = (spans: unknown[]) => ({ traceId: 'a'.repeat(32), resources: [{ serviceName: 'web', attributes: {} }], spans, logs: [], startTimeMs: 0, durationMs: 1, services: ['web'] });

// The client checks traces by hand (trace-response-check.ts); the zod schema states the contract.
// Both must give the same verdicts, so every case runs on both.
const checks: [string, ResponseCheck<unknown>][] = [
  ['traceResponseSchema (zod)', traceResponseSchema],
  ['traceResponseCheck (by hand)', traceResponseCheck],
];

describe.each(checks)('%s', (_name, traceResponseSchema) => {
  it('accepts a valid trace', () => {
    expect(traceResponseSchema.safeParse(trace([span(1), span(2)])).success).toBe(true);
  });
  it('names the field of a contract break in the fully validated sample', () => {
    const bad = { ...span(1), durationMs: '1ms' };
    const result = traceResponseSchema.safeParse(trace([bad]));
    expect(result.success).toBe(false);
    expect(result.error!.issues[0].path).toEqual(['spans', 0, 'durationMs']);
  });
  it('still catches a missing field past the sample', () => {
    const spans: unknown[] = Array.from({ length: 1_200 }, (_, i) => span(i));
    const { startTimeMs: _drop, ...broken } = span(1_100);
    spans[1_100] = broken;
    const result = traceResponseSchema.safeParse(trace(spans));
    expect(result.success).toBe(false);
    expect(result.error!.issues[0].path).toEqual(['spans', 1_100]);
  });
  it('validates spans with events or links in full even past the first ones', () => {
    const spans: unknown[] = Array.from({ length: 1_200 }, (_, i) => span(i));
    spans[900] = { ...span(900), events: [{ timeUnixNano: '1700000000000000500', timeMs: 1700000000000.0005, name: 'retry', attributes: { attempt: 1 } }] };
    spans[1_000] = { ...span(1_000), events: [{ timeUnixNano: '1700000000000000500', name: 'no timeMs', attributes: {} }] };
    const result = traceResponseSchema.safeParse(trace(spans));
    expect(result.success).toBe(false);
    expect(result.error!.issues[0].path).toEqual(['spans', 1_000, 'events', 0, 'timeMs']);
  });
  it('catches past the sample what the span details panel would trip over on a click', () => {
    const { kindName: _kind, ...noKindName } = span(200);
    const { scope: _scope, ...noScope } = span(200);
    const breaks: Record<string, unknown> = {
      noKindName,
      noScope,
      eventWithoutAttributes: { ...span(200), events: [{ timeUnixNano: '1700000000000000500', timeMs: 1700000000000.0005, name: 'retry' }] },
      linkWithoutTraceId: { ...span(200), links: [{ spanId: 'b'.repeat(16), attributes: {} }] },
    };
    for (const [name, broken] of Object.entries(breaks)) {
      const spans: unknown[] = Array.from({ length: 300 }, (_, i) => span(i));
      // More spans with (valid) events than the full sample takes, so span 200 gets the cheap check only.
      for (let i = 100; i < 160; i++) spans[i] = { ...span(i), events: [{ timeUnixNano: '1700000000000000500', timeMs: 1700000000000.0005, name: 'ok', attributes: {} }] };
      spans[200] = broken;
      const result = traceResponseSchema.safeParse(trace(spans));
      expect(result.success, name).toBe(false);
      expect(result.error!.issues[0].path, name).toEqual(['spans', 200]);
    }
  });
  it('catches a log without its service name past the sample (the logs tab colours by it)', () => {
    const log = (i: number) => ({
      logId: `log-${i}`,
      timeUnixNano: '1700000000000000000',
      timeMs: 1700000000000,
      observedTimeUnixNano: '1700000000000000000',
      severityNumber: 9,
      severityText: 'INFO',
      body: 'hello',
      traceId: 'a'.repeat(32),
      spanId: span(1).spanId,
      serviceName: 'web',
      resource: { serviceName: 'web', attributes: {} },
      scope: { name: 's' },
      attributes: {},
    });
    const logs: unknown[] = Array.from({ length: 300 }, (_, i) => log(i));
    const { serviceName: _service, ...broken } = log(250);
    logs[250] = broken;
    const result = traceResponseSchema.safeParse({ ...trace([span(1)]), logs });
    expect(result.success).toBe(false);
    expect(result.error!.issues[0].path).toEqual(['logs', 250]);
  });
  it('rejects a span pointing at a resource the trace does not have', () => {
    const spans: unknown[] = Array.from({ length: 300 }, (_, i) => span(i));
    spans[250] = { ...span(250), resourceIndex: 1 };
    const result = traceResponseSchema.safeParse(trace(spans));
    expect(result.success).toBe(false);
    expect(result.error!.issues[0].path).toEqual(['spans', 250, 'resourceIndex']);
  });
});

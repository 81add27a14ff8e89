import { describe, expect, it } from 'vitest';
import { traceResponseSchema } from './schemas';
import { traceResponseCheck } from './trace-response-check';

/**
 * The hand-written trace check must say what the zod schema says: for a trace with every optional
 * part, each field (and each list item) of each part is broken in turn, in every way a JSON value
 * can be wrong, and both must give the same verdict and name the same first field.
 */
const validTrace = () => ({
  traceId: 'a'.repeat(32),
  resources: [{ serviceName: 'web', attributes: { 'service.name': 'web' } }],
  spans: [
    {
      traceId: 'a'.repeat(32),
      spanId: '1'.repeat(16),
      parentSpanId: '',
      traceState: 'k=v',
      name: 'GET /',
      kind: 2,
      kindName: 'SERVER',
      startTimeUnixNano: '1700000000000000000',
      endTimeUnixNano: '1700000000001000000',
      startTimeMs: 1700000000000,
      durationMs: 1,
      status: { code: 2, codeName: 'ERROR', message: 'boom' },
      serviceName: 'web',
      resourceIndex: 0,
      scope: { name: 's', version: '1' },
      attributes: { 'http.route': '/' },
      events: [{ timeUnixNano: '1700000000000000500', timeMs: 1700000000000.0005, name: 'retry', attributes: {} }],
      links: [{ traceId: 'b'.repeat(32), spanId: '2'.repeat(16), traceState: '', attributes: {} }],
      droppedAttributesCount: 1,
      droppedEventsCount: 0,
      droppedLinksCount: 0,
      isRoot: true,
      isError: true,
    },
  ],
  logs: [
    {
      logId: 'log-1',
      timeUnixNano: '1700000000000000000',
      timeMs: 1700000000000,
      observedTimeUnixNano: '1700000000000000000',
      severityNumber: 9,
      severityText: 'INFO',
      body: 'hello',
      traceId: 'a'.repeat(32),
      spanId: '1'.repeat(16),
      serviceName: 'web',
      resource: { serviceName: 'web', attributes: {} },
      scope: { name: 's' },
      attributes: {},
    },
  ],
  startTimeMs: 1700000000000,
  durationMs: 1,
  services: ['web'],
});

type Json = unknown;
const WRONG_VALUES: [string, Json][] = [
  ['missing', undefined],
  ['null', null],
  ['a string', 'x'],
  ['a number', 1],
  ['a boolean', true],
  ['an array', []],
  ['an object', {}],
];

/** Paths of every object field and list item, not descending into attribute maps or bodies (any JSON is valid there). */
function paths(value: Json, path: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [];
  if (Array.isArray(value)) value.forEach((item, i) => out.push([...path, i], ...paths(item, [...path, i])));
  else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      out.push([...path, key]);
      if (key !== 'attributes' && key !== 'body') out.push(...paths(item, [...path, key]));
    }
  }
  return out;
}

function withValue(path: (string | number)[], replacement: Json): Json {
  const trace = validTrace() as unknown as Record<string | number, unknown>;
  let parent = trace;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  if (replacement === undefined) {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else parent[last] = replacement;
  return trace;
}

const verdict = (result: { success: boolean; error?: { issues: readonly { path: readonly PropertyKey[] }[] } }) =>
  result.success ? 'valid' : JSON.stringify(result.error!.issues[0].path);

describe('traceResponseCheck', () => {
  it('accepts what the schema accepts', () => {
    expect(verdict(traceResponseCheck.safeParse(validTrace()))).toBe('valid');
    expect(verdict(traceResponseSchema.safeParse(validTrace()))).toBe('valid');
  });

  it('rejects what the schema rejects, naming the same first field, for every field broken every way', () => {
    const cases = paths(validTrace());
    expect(cases.length).toBeGreaterThan(60);
    let rejected = 0;
    for (const path of cases) {
      for (const [how, value] of WRONG_VALUES) {
        const input = withValue(path, value);
        const expected = verdict(traceResponseSchema.safeParse(input));
        expect(verdict(traceResponseCheck.safeParse(input)), `${path.join('.')} ${how}`).toBe(expected);
        if (expected !== 'valid') rejected++;
      }
    }
    // Most of these breaks are contract breaks (the rest: optional fields left out, any value where any JSON goes).
    expect(rejected).toBeGreaterThan(cases.length * 4);
  });

  it('rejects what is not a trace object at all', () => {
    for (const [, value] of WRONG_VALUES) expect(verdict(traceResponseCheck.safeParse(value))).toBe(verdict(traceResponseSchema.safeParse(value)));
  });

  it('rejects a span time that is not a decimal nanosecond string', () => {
    const input = withValue(['spans', 0, 'startTimeUnixNano'], '17e17');
    expect(verdict(traceResponseCheck.safeParse(input))).toBe('["spans",0,"startTimeUnixNano"]');
    expect(verdict(traceResponseSchema.safeParse(input))).toBe('["spans",0,"startTimeUnixNano"]');
  });
});

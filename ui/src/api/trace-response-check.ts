// (.js: ui/test type-checks this module under NodeNext resolution as well.)
import type { ResponseCheck, ResponseIssue } from './client.js';
import { cheapLogCheck, cheapSpanCheck, hasEventsOrLinks, isRecord } from './light-trace-checks.js';
import type { TraceResponse } from './schemas.js';

/**
 * The check of `GET /api/v1/traces/:id` answers, written out by hand: the same rules as
 * `traceResponseSchema` in schemas.ts (which stays the contract's statement, typed against the
 * collector's api-types), without zod. A trace page is the one view whose first screen waits for a
 * multi-megabyte answer: zod is 86 KB of code to parse, builds every schema of the app when loaded
 * (~30 ms on a cold page) and then took ~35 ms to check a 10,000-span trace; this takes a few.
 * schemas.test.ts runs both on the same answers, each field of each part broken in turn, and
 * requires the same verdict and the same first issue path.
 *
 * Like the schema: the first {@link FULL_SAMPLE} spans and logs are checked field by field, and so
 * are the first {@link FULL_SAMPLE} spans further on that have events or links; every other item
 * gets the cheap check of the fields the UI cannot render without.
 */
const FULL_SAMPLE = 50;

type Path = (string | number)[];
type Problem = { path: Path; message: string } | undefined;

const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const NS_STRING = /^[0-9]+$/;

/** One field rule: a problem message, or undefined when the value is fine. */
type Rule = (value: unknown) => string | undefined;
const string: Rule = (value) => (typeof value === 'string' ? undefined : 'expected string');
const number: Rule = (value) => (isNumber(value) ? undefined : 'expected number');
const boolean: Rule = (value) => (typeof value === 'boolean' ? undefined : 'expected boolean');
const nsString: Rule = (value) => (typeof value !== 'string' ? 'expected string' : NS_STRING.test(value) ? undefined : 'expected a decimal nanosecond string');
const record: Rule = (value) => (isRecord(value) ? undefined : 'expected record');
const present: Rule = (value) => (value !== undefined ? undefined : 'expected an attribute value');
const optional =
  (rule: Rule): Rule =>
  (value) =>
    value === undefined ? undefined : rule(value);
const oneOf =
  (...options: string[]): Rule =>
  (value) =>
    options.includes(value as string) ? undefined : `expected one of ${options.join('|')}`;

/** An object's fields in the schema's key order (so the first problem is the one zod names first); a nested shape or list is a function. */
type Shape = Record<string, Rule | ((value: unknown, path: Path) => Problem)>;

function checkObject(value: unknown, shape: Shape, path: Path): Problem {
  if (!isRecord(value)) return { path, message: 'expected object' };
  for (const key in shape) {
    const rule = shape[key];
    const fieldPath = [...path, key];
    if (rule.length === 2) {
      const problem = (rule as (value: unknown, path: Path) => Problem)(value[key], fieldPath);
      if (problem) return problem;
    } else {
      const message = (rule as Rule)(value[key]);
      if (message) return { path: fieldPath, message };
    }
  }
  return undefined;
}

const nested = (shape: Shape) => (value: unknown, path: Path) => checkObject(value, shape, path);
const listOf = (item: (value: unknown, path: Path) => Problem) => (value: unknown, path: Path) => {
  if (!Array.isArray(value)) return { path, message: 'expected array' };
  for (let i = 0; i < value.length; i++) {
    const problem = item(value[i], [...path, i]);
    if (problem) return problem;
  }
  return undefined;
};
const listOfRule = (rule: Rule) => listOf((value, path) => {
  const message = rule(value);
  return message ? { path, message } : undefined;
});

const scopeShape: Shape = { name: string, version: optional(string) };
const resourceShape: Shape = { serviceName: string, attributes: record };

const spanShape: Shape = {
  traceId: string,
  spanId: string,
  parentSpanId: string,
  traceState: optional(string),
  name: string,
  kind: number,
  kindName: string,
  startTimeUnixNano: nsString,
  endTimeUnixNano: nsString,
  startTimeMs: number,
  durationMs: number,
  status: nested({ code: number, codeName: oneOf('UNSET', 'OK', 'ERROR'), message: optional(string) }),
  serviceName: string,
  resourceIndex: number,
  scope: nested(scopeShape),
  attributes: record,
  events: listOf(nested({ timeUnixNano: nsString, timeMs: number, name: string, attributes: record })),
  links: listOf(nested({ traceId: string, spanId: string, traceState: optional(string), attributes: record })),
  droppedAttributesCount: optional(number),
  droppedEventsCount: optional(number),
  droppedLinksCount: optional(number),
  isRoot: boolean,
  isError: boolean,
};

const logShape: Shape = {
  logId: string,
  timeUnixNano: nsString,
  timeMs: number,
  observedTimeUnixNano: nsString,
  severityNumber: number,
  severityText: string,
  body: present,
  traceId: string,
  spanId: string,
  serviceName: string,
  resource: nested(resourceShape),
  scope: nested(scopeShape),
  attributes: record,
};

/** A big list checked by sampling (see the module comment). */
const sampledList =
  (shape: Shape, cheapCheck: (value: unknown) => string | undefined, worthFull: (value: unknown) => boolean = () => false) =>
  (items: unknown, path: Path): Problem => {
    if (!Array.isArray(items)) return { path, message: 'expected an array' };
    let picked = 0;
    for (let i = 0; i < items.length; i++) {
      const pickedFurtherOn = i >= FULL_SAMPLE && picked < FULL_SAMPLE && worthFull(items[i]);
      if (pickedFurtherOn) picked++;
      if (i < FULL_SAMPLE || pickedFurtherOn) {
        const problem = checkObject(items[i], shape, [...path, i]);
        if (problem) return problem;
      } else {
        const message = cheapCheck(items[i]);
        if (message) return { path: [...path, i], message };
      }
    }
    return undefined;
  };

const traceShape: Shape = {
  traceId: string,
  resources: listOf(nested(resourceShape)),
  spans: sampledList(spanShape, cheapSpanCheck, hasEventsOrLinks),
  logs: sampledList(logShape, cheapLogCheck),
  startTimeMs: number,
  durationMs: number,
  services: listOfRule(string),
};

function traceProblem(value: unknown): Problem {
  const problem = checkObject(value, traceShape, []);
  if (problem) return problem;
  // Every span's resource must be there: the waterfall and span details read it without checks.
  const trace = value as { resources: unknown[]; spans: { resourceIndex: number }[] };
  const count = trace.resources.length;
  const index = trace.spans.findIndex((span) => !(span.resourceIndex >= 0 && span.resourceIndex < count && Number.isInteger(span.resourceIndex)));
  if (index >= 0) return { path: ['spans', index, 'resourceIndex'], message: `no resource ${trace.spans[index].resourceIndex} among ${count}` };
  return undefined;
}

export const traceResponseCheck: ResponseCheck<TraceResponse> = {
  safeParse(value) {
    const problem = traceProblem(value);
    if (!problem) return { success: true, data: value as TraceResponse };
    const issue: ResponseIssue = { path: problem.path, message: problem.message };
    return { success: false, error: { issues: [issue] } };
  },
};

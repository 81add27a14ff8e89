import type { Storage } from '../storage/storage.js';
import type { EarlyTraceAnswers } from './early-trace-answers.js';

/** A JSON Schema fragment (OpenAPI 3.1 schemas are JSON Schema). */
export type Schema = Record<string, unknown>;

export interface ParamSpec {
  schema: Schema;
  description: string;
  required?: boolean;
}

/** Query parameters after Fastify validated them: strings, or string arrays for repeatable ones. */
export type QueryValues = Record<string, string | string[] | number | undefined>;

export interface RouteContext {
  query: QueryValues;
  params: Record<string, string>;
  storage: Storage;
  /** Trace answers the UI's HTML fallback started ahead of their request (see early-trace-answers.ts). */
  earlyTraces?: EarlyTraceAnswers;
}

/**
 * One native API route: the single source of its Fastify validation schema, its OpenAPI
 * operation and its handler.
 */
export interface NativeRoute {
  /** Fastify path under `/api/v1`, e.g. `/services/:service/operations`. */
  url: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: 'services' | 'traces' | 'logs' | 'metrics';
  params?: Record<string, ParamSpec>;
  query?: Record<string, ParamSpec>;
  /** Name of the 200 response's schema in `componentSchemas`. */
  response: string;
  /** Error statuses besides 400/500 this route can answer (e.g. 404). */
  extraErrors?: number[];
  handler(context: RouteContext): Promise<unknown>;
}

const text = (description: string): ParamSpec => ({ schema: { type: 'string' }, description });

/** Time window parameters shared by every ranged route. */
export const rangeParams: Record<string, ParamSpec> = {
  start: text('Start of the window (inclusive): Unix milliseconds or RFC 3339. Default: end - lookback.'),
  end: text('End of the window (exclusive): Unix milliseconds or RFC 3339. Default: now.'),
  lookback: text('Window length when start is absent, e.g. 15m, 1h, 7d. Default: 1h.'),
};

export const stepParam: ParamSpec = text(
  'Step width, e.g. 1m, 5m, 1h (bare number: ms). Rounded up to whole minutes (aggregates are per minute). Default: about 60 points over the range.',
);

export const attrParam: ParamSpec = {
  schema: { type: 'array', items: { type: 'string' } },
  description: 'Attribute filter key=value (span/log or resource attribute); repeat for several (all must match).',
};

export const limitParam = (defaultLimit: number, max: number): ParamSpec => ({
  schema: { type: 'integer', minimum: 1, maximum: max, default: defaultLimit },
  description: `Maximum number of results (1..${max}, default ${defaultLimit}).`,
});

export { text as textParam };

/** The parameter's text (the last one when repeated); an absent or empty parameter is `undefined`. */
export function stringValue(query: QueryValues, name: string): string | undefined {
  const value = query[name];
  const text = Array.isArray(value) ? value[value.length - 1] : value === undefined ? undefined : String(value);
  return text === undefined || text === '' ? undefined : text;
}

export function rangeValues(query: QueryValues): { start?: string; end?: string; lookback?: string } {
  return { start: stringValue(query, 'start'), end: stringValue(query, 'end'), lookback: stringValue(query, 'lookback') };
}

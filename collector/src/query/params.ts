import type { AttributeFilter, TimeRange } from '../storage/time-range.js';
import { badParameter } from './query-errors.js';

/** A resolved query window: the storage range plus the same bounds in Unix ms for responses. */
export interface ResolvedRange {
  range: TimeRange;
  startMs: number;
  endMs: number;
}

const NS_PER_MS = 1_000_000n;
const MINUTE_MS = 60_000;

const DURATION_UNITS_NS: Record<string, number> = {
  ns: 1,
  us: 1e3,
  µs: 1e3,
  μs: 1e3,
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
  d: 86_400e9,
  w: 604_800e9,
};

/**
 * Parses a duration such as `100ms`, `1.5s`, `1h30m`, `500us` (Go's `time.ParseDuration` syntax, plus
 * `d` and `w`) into nanoseconds. A bare number is read in `bareUnit` (ms for the native API).
 */
export function parseDurationNs(value: string, name: string, bareUnit: 'ms' | 'us' = 'ms'): number {
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * (bareUnit === 'ms' ? 1e6 : 1e3);
  const part = /(\d+(?:\.\d+)?)(ns|us|µs|μs|ms|s|m|h|d|w)/gy;
  let total = 0;
  let consumed = 0;
  let match: RegExpExecArray | null;
  while ((match = part.exec(text)) !== null) {
    total += Number(match[1]) * DURATION_UNITS_NS[match[2]];
    consumed = part.lastIndex;
  }
  if (consumed === 0 || consumed !== text.length) {
    throw badParameter(`${name} must be a duration like 250ms, 1.5s, 15m or 1h (got ${JSON.stringify(value)})`);
  }
  return total;
}

const RFC3339 = /^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}:\d{2}:\d{2})(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$/;

/**
 * Parses an instant: digits are a Unix timestamp in `numericUnit`, anything else must be RFC 3339
 * (nanosecond fractions kept). A `+` offset that arrived URL-decoded as a space is accepted too.
 */
export function parseInstantNs(value: string, name: string, numericUnit: 'ms' | 'us' = 'ms'): bigint {
  const text = value.trim();
  if (/^\d{1,19}$/.test(text)) return BigInt(text) * (numericUnit === 'ms' ? NS_PER_MS : 1000n);
  const repaired = text.replace(/ (\d{2}:\d{2})$/, '+$1');
  const match = RFC3339.exec(repaired);
  const wholeMs = match ? Date.parse(`${match[1]}T${match[2]}${match[4].toUpperCase()}`) : NaN;
  if (!match || Number.isNaN(wholeMs)) {
    throw badParameter(
      `${name} must be Unix ${numericUnit === 'ms' ? 'milliseconds' : 'microseconds'} or an RFC 3339 time (got ${JSON.stringify(value)})`,
    );
  }
  const fractionNs = match[3] ? BigInt(match[3].slice(1).padEnd(9, '0')) : 0n;
  return BigInt(wholeMs) * NS_PER_MS + fractionNs;
}

export interface RangeParams {
  start?: string;
  end?: string;
  lookback?: string;
}

/**
 * `end` defaults to now, `start` to `end - lookback`, `lookback` to `defaultLookbackMs` (1 h).
 * `lookback` values that are not durations (Jaeger UI sends `custom`) are ignored when start is given.
 */
export function resolveRange(
  params: RangeParams,
  options: { numericUnit?: 'ms' | 'us'; defaultLookbackMs?: number; now?: number } = {},
): ResolvedRange {
  const unit = options.numericUnit ?? 'ms';
  const endNs = params.end ? parseInstantNs(params.end, 'end', unit) : BigInt(options.now ?? Date.now()) * NS_PER_MS;
  let startNs: bigint;
  if (params.start) {
    startNs = parseInstantNs(params.start, 'start', unit);
  } else {
    const lookbackNs =
      params.lookback && params.lookback !== 'custom'
        ? parseDurationNs(params.lookback, 'lookback')
        : (options.defaultLookbackMs ?? 3_600_000) * 1e6;
    startNs = endNs - BigInt(Math.round(lookbackNs));
  }
  if (startNs >= endNs) throw badParameter('start must be before end');
  return {
    range: { startUnixNano: startNs, endUnixNano: endNs },
    startMs: Number(startNs / NS_PER_MS),
    endMs: Number(endNs / NS_PER_MS),
  };
}

/**
 * Aggregates are per minute, so steps are whole minutes: `step` (a duration, bare number = ms) is
 * rounded up to a minute; without it, about 60 points over the range.
 */
export function resolveStepMs(step: string | undefined, range: ResolvedRange): number {
  if (step === undefined || step === '') {
    const auto = Math.ceil((range.endMs - range.startMs) / 60 / MINUTE_MS) * MINUTE_MS;
    return Math.max(MINUTE_MS, auto);
  }
  const ms = parseDurationNs(step, 'step') / 1e6;
  if (!(ms > 0)) throw badParameter('step must be positive');
  const stepMs = Math.max(MINUTE_MS, Math.ceil(ms / MINUTE_MS) * MINUTE_MS);
  if ((range.endMs - range.startMs) / stepMs > 10_000) {
    throw badParameter('step is too small for the range (more than 10,000 points)');
  }
  return stepMs;
}

/**
 * The window of an aggregate query with `stepMs`: start floored to a step boundary so that the
 * steps the backend returns and the empty steps filled in here line up.
 */
export function alignToStep(resolved: ResolvedRange, stepMs: number): ResolvedRange {
  const startMs = Math.floor(resolved.startMs / stepMs) * stepMs;
  return {
    range: { startUnixNano: BigInt(startMs) * NS_PER_MS, endUnixNano: resolved.range.endUnixNano },
    startMs,
    endMs: resolved.endMs,
  };
}

/** Step starts covering [startMs, endMs) for a range already aligned with {@link alignToStep}. */
export function stepStarts(resolved: ResolvedRange, stepMs: number): number[] {
  const starts: number[] = [];
  for (let t = resolved.startMs; t < resolved.endMs; t += stepMs) starts.push(t);
  return starts;
}

/** `key=value` filters (the first `=` splits; a value may contain more). */
export function parseKeyValueFilters(values: string | string[] | undefined, name: string): AttributeFilter[] {
  if (values === undefined) return [];
  const list = Array.isArray(values) ? values : [values];
  return list
    .filter((item) => item !== '')
    .map((item) => {
      const at = item.indexOf('=');
      if (at <= 0) throw badParameter(`${name} must be key=value (got ${JSON.stringify(item)})`);
      return { key: item.slice(0, at), value: item.slice(at + 1) };
    });
}

/**
 * Tag filters as Jaeger and Grafana send them: a JSON object (`{"http.status_code":"500"}`) or
 * logfmt (`http.status_code=500 error=true key="a value"`).
 */
export function parseTagFilters(tags: string | undefined, name: string): AttributeFilter[] {
  if (tags === undefined || tags.trim() === '') return [];
  const text = tags.trim();
  if (text.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw badParameter(`${name} is not valid JSON: ${text}`);
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw badParameter(`${name} must be a JSON object of key → value`);
    }
    return Object.entries(parsed as Record<string, unknown>).map(([key, value]) => ({
      key,
      value: typeof value === 'string' ? value : JSON.stringify(value),
    }));
  }
  const filters: AttributeFilter[] = [];
  const pair = /\s*([^\s=]+)=("((?:[^"\\]|\\.)*)"|\S*)\s*/gy;
  let match: RegExpExecArray | null;
  let consumed = 0;
  while ((match = pair.exec(text)) !== null && match[0] !== '') {
    const value = match[3] !== undefined ? match[3].replace(/\\(.)/g, '$1') : match[2];
    filters.push({ key: match[1], value });
    consumed = pair.lastIndex;
  }
  if (consumed !== text.length) throw badParameter(`${name} must be JSON or key=value pairs (got ${JSON.stringify(tags)})`);
  return filters;
}

/**
 * A trace id: hex, case-insensitive. Jaeger allows short ids (left-padded with zeros);
 * the native API takes 16 (a 64-bit id, padded) or 32 hex characters.
 */
export function normalizeTraceId(value: string, options: { allowShort?: boolean } = {}): string {
  const id = value.trim().toLowerCase();
  const valid = options.allowShort ? /^[0-9a-f]{1,32}$/.test(id) : /^([0-9a-f]{16}|[0-9a-f]{32})$/.test(id);
  if (!valid || /^0+$/.test(id)) {
    throw badParameter(`trace id must be ${options.allowShort ? '1 to 32' : '16 or 32'} hex characters, not all zero (got ${JSON.stringify(value)})`);
  }
  return id.padStart(32, '0');
}

const SEVERITY_NUMBERS: Record<string, number> = {
  TRACE: 1,
  DEBUG: 5,
  INFO: 9,
  WARN: 13,
  WARNING: 13,
  ERROR: 17,
  FATAL: 21,
};

/** Minimum severity: a name (`warn`, `ERROR`) or an OTLP severity number 1..24. */
export function parseSeverity(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  if (/^\d+$/.test(value)) {
    const number = Number(value);
    if (number < 1 || number > 24) throw badParameter('severity number must be between 1 and 24');
    return number;
  }
  const number = SEVERITY_NUMBERS[value.toUpperCase()];
  if (number === undefined) {
    throw badParameter(`severity must be one of trace, debug, info, warn, error, fatal or 1..24 (got ${JSON.stringify(value)})`);
  }
  return number;
}

/** Optional duration bound in ns; undefined when absent or empty. */
export function optionalDurationNs(value: string | undefined, name: string, bareUnit: 'ms' | 'us' = 'ms'): number | undefined {
  if (value === undefined || value === '') return undefined;
  return parseDurationNs(value, name, bareUnit);
}

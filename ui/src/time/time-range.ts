/**
 * The time range every view queries: either relative to now ("last 1h", refreshed on each fetch)
 * or absolute. Serialised into the URL as `range=1h` or `from=<ms>&to=<ms>` so a link reproduces it.
 */
export type TimeRangeSpec =
  | { kind: 'relative'; key: RelativeRangeKey }
  | { kind: 'absolute'; fromMs: number; toMs: number };

export const RELATIVE_RANGES = {
  '15m': { label: 'Last 15 minutes', ms: 15 * 60_000 },
  '1h': { label: 'Last 1 hour', ms: 60 * 60_000 },
  '3h': { label: 'Last 3 hours', ms: 3 * 60 * 60_000 },
  '6h': { label: 'Last 6 hours', ms: 6 * 60 * 60_000 },
  '12h': { label: 'Last 12 hours', ms: 12 * 60 * 60_000 },
  '24h': { label: 'Last 24 hours', ms: 24 * 60 * 60_000 },
  '2d': { label: 'Last 2 days', ms: 2 * 24 * 60 * 60_000 },
  '7d': { label: 'Last 7 days', ms: 7 * 24 * 60 * 60_000 },
} as const;
export type RelativeRangeKey = keyof typeof RELATIVE_RANGES;

export const DEFAULT_RANGE: TimeRangeSpec = { kind: 'relative', key: '1h' };

export interface ResolvedRange {
  fromMs: number;
  toMs: number;
}

export function resolveRange(spec: TimeRangeSpec, nowMs: number): ResolvedRange {
  if (spec.kind === 'absolute') return { fromMs: spec.fromMs, toMs: spec.toMs };
  return { fromMs: nowMs - RELATIVE_RANGES[spec.key].ms, toMs: nowMs };
}

export function rangeFromParams(params: URLSearchParams): TimeRangeSpec {
  const from = Number(params.get('from'));
  const to = Number(params.get('to'));
  if (params.has('from') && params.has('to') && Number.isFinite(from) && Number.isFinite(to) && from < to) {
    return { kind: 'absolute', fromMs: from, toMs: to };
  }
  const key = params.get('range');
  if (key && key in RELATIVE_RANGES) return { kind: 'relative', key: key as RelativeRangeKey };
  return DEFAULT_RANGE;
}

/** The URL parameters for a range; keys not used by this kind are set to null (removed). */
export function rangeToParams(spec: TimeRangeSpec): Record<string, string | null> {
  if (spec.kind === 'absolute') return { range: null, from: String(Math.round(spec.fromMs)), to: String(Math.round(spec.toMs)) };
  return { range: spec.key, from: null, to: null };
}

/**
 * A chart step that gives roughly `targetPoints` points, rounded to whole minutes because the
 * aggregates the collector derives are per minute.
 */
export function stepForRange(range: ResolvedRange, targetPoints = 60): number {
  const raw = (range.toMs - range.fromMs) / targetPoints;
  const minutes = Math.max(1, Math.ceil(raw / 60_000));
  const nice = [1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440].find((m) => m >= minutes) ?? minutes;
  return nice * 60_000;
}

export function describeRange(spec: TimeRangeSpec): string {
  if (spec.kind === 'relative') return RELATIVE_RANGES[spec.key].label;
  const fmt = (ms: number) => new Date(ms).toLocaleString();
  return `${fmt(spec.fromMs)} → ${fmt(spec.toMs)}`;
}

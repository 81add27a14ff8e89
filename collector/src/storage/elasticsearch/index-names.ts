import type { TimeRange } from '../time-range.js';

/** The kinds of daily indices Sightline writes; each has its own index template. */
export const SIGNALS = ['spans', 'logs', 'metrics', 'span-metrics', 'edges', 'trace-lookup', 'resources'] as const;
export type Signal = (typeof SIGNALS)[number];

const NANOS_PER_MS = 1_000_000n;
const MS_PER_DAY = 86_400_000;
/** Past this many days a read names the wildcard pattern instead of listing every daily index. */
const MAX_LISTED_DAYS = 31;

/** `YYYY.MM.DD` (UTC) of a Unix-ms instant: the suffix of that day's indices. */
export function daySuffix(unixMs: number): string {
  const date = new Date(unixMs);
  const month = String(date.getUTCMonth() + 1).padStart(2, '0');
  const day = String(date.getUTCDate()).padStart(2, '0');
  return `${date.getUTCFullYear()}.${month}.${day}`;
}

export function nanosToMs(unixNano: bigint): number {
  return Number(unixNano / NANOS_PER_MS);
}

export function indexName(prefix: string, signal: Signal, unixMs: number): string {
  return `${prefix}-${signal}-${daySuffix(unixMs)}`;
}

export function indexPattern(prefix: string, signal: Signal): string {
  return `${prefix}-${signal}-*`;
}

/**
 * The indices a read over `range` must look at: each day's index by name (missing ones are
 * ignored by the search), or the signal's wildcard when the range covers too many days to list.
 */
export function indicesForRange(prefix: string, signal: Signal, range: TimeRange): string[] {
  const startMs = Math.max(0, nanosToMs(range.startUnixNano));
  const endMs = nanosToMs(range.endUnixNano);
  if (endMs < startMs) return [];
  const firstDay = Math.floor(startMs / MS_PER_DAY);
  const lastDay = Math.floor(endMs / MS_PER_DAY);
  if (lastDay - firstDay + 1 > MAX_LISTED_DAYS) return [indexPattern(prefix, signal)];
  const names: string[] = [];
  for (let day = firstDay; day <= lastDay; day++) names.push(indexName(prefix, signal, day * MS_PER_DAY));
  return names;
}

/**
 * Yesterday's and today's index: where a trace looked up by id almost always is, so it is
 * searched at once, alongside the trace-id → day lookup (which then names any older day).
 */
export function recentIndices(prefix: string, signal: Signal, nowMs: number): string[] {
  return [indexName(prefix, signal, nowMs - MS_PER_DAY), indexName(prefix, signal, nowMs)];
}

/** Parses a Sightline daily index name of this prefix; undefined for anything else. */
export function parseIndexName(prefix: string, name: string): { signal: Signal; dayStartMs: number } | undefined {
  if (!name.startsWith(`${prefix}-`)) return undefined;
  const rest = name.slice(prefix.length + 1);
  const match = /^([a-z-]+)-(\d{4})\.(\d{2})\.(\d{2})$/.exec(rest);
  if (!match) return undefined;
  const signal = SIGNALS.find((candidate) => candidate === match[1]);
  if (!signal) return undefined;
  return { signal, dayStartMs: Date.UTC(Number(match[2]), Number(match[3]) - 1, Number(match[4])) };
}

/** Day start (Unix ms) of a daily index name's suffix, whatever its signal. */
export function dayStartOfIndex(name: string): number | undefined {
  const match = /(\d{4})\.(\d{2})\.(\d{2})$/.exec(name);
  return match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : undefined;
}

export { MS_PER_DAY };

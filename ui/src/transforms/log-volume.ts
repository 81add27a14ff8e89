import { severityGroup } from './colors';

export const SEVERITY_ORDER = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'] as const;

/**
 * Pivots (time, severity, count) buckets into one row per step with a column per severity group,
 * filling empty steps with zeros so a stacked bar chart has evenly spaced bars.
 */
export function pivotLogVolume(
  buckets: readonly { timeMs: number; severityText: string; count: number }[],
  startMs: number,
  endMs: number,
  stepMs: number,
): { rows: Record<string, number>[]; severities: string[] } {
  const first = Math.floor(startMs / stepMs) * stepMs;
  const rows = new Map<number, Record<string, number>>();
  for (let t = first; t < endMs; t += stepMs) rows.set(t, { timeMs: t });
  const seen = new Set<string>();
  for (const bucket of buckets) {
    const t = Math.floor(bucket.timeMs / stepMs) * stepMs;
    let row = rows.get(t);
    if (!row) rows.set(t, (row = { timeMs: t }));
    const group = severityGroup(bucket.severityText);
    seen.add(group);
    row[group] = (row[group] ?? 0) + bucket.count;
  }
  const severities = SEVERITY_ORDER.filter((s) => seen.has(s));
  const sorted = [...rows.values()].sort((a, b) => a.timeMs - b.timeMs);
  for (const row of sorted) for (const s of severities) row[s] ??= 0;
  return { rows: sorted, severities };
}

/** `a=b c="d e"` → ['a=b', 'c=d e'] (the form the API's repeatable `attr` parameter takes). */
export function parseAttributeFilters(text: string): string[] {
  const filters: string[] = [];
  const pattern = /([^\s=]+)=("((?:[^"\\]|\\.)*)"|\S*)/g;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(text)) !== null) {
    filters.push(`${match[1]}=${match[3] !== undefined ? match[3].replace(/\\(.)/g, '$1') : match[2]}`);
  }
  return filters;
}

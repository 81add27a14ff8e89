import { attributeValueToString } from '../../model/attributes.js';
import type { MetricPoint } from '../../model/metric-point.js';
import type { MetricSeries, MetricSeriesPoint } from '../metric-store.js';

/**
 * Turns the points of one metric (already filtered by name, range and attributes, any order)
 * into series, following the rules documented on {@link MetricSeriesPoint}. Pure, so every
 * backend that fetches raw points can share it.
 *
 * - gauge (and anything without a temporality): mean of the points in the step;
 * - delta sums and histograms: added up;
 * - cumulative (or unspecified) sums and histograms: the latest point of each stream in the step,
 *   then added across streams. Histograms whose bounds differ from the group's first are skipped
 *   (adding counts of different buckets would be wrong).
 * - exponential histograms and summaries: `value` is the mean (sum / count) of the step's points.
 */
export function buildMetricSeries(points: readonly MetricPoint[], groupBy: readonly string[], stepMs: number): MetricSeries[] {
  const step = Math.max(1, Math.floor(stepMs));
  const sorted = [...points].sort((a, b) => (a.timeUnixNano < b.timeUnixNano ? -1 : a.timeUnixNano > b.timeUnixNano ? 1 : 0));
  const groups = new Map<string, { group: Record<string, string>; steps: Map<number, MetricPoint[]> }>();
  for (const point of sorted) {
    const group: Record<string, string> = {};
    for (const key of groupBy) group[key] = attributeOf(point, key);
    const groupKey = JSON.stringify(groupBy.map((key) => group[key]));
    let entry = groups.get(groupKey);
    if (!entry) {
      entry = { group, steps: new Map() };
      groups.set(groupKey, entry);
    }
    const timeMs = Number(point.timeUnixNano / 1_000_000n);
    const stepStart = Math.floor(timeMs / step) * step;
    const bucket = entry.steps.get(stepStart) ?? [];
    bucket.push(point);
    entry.steps.set(stepStart, bucket);
  }
  const series: MetricSeries[] = [];
  for (const { group, steps } of groups.values()) {
    const seriesPoints: MetricSeriesPoint[] = [];
    for (const [timeUnixMs, stepPoints] of [...steps].sort((a, b) => a[0] - b[0])) {
      seriesPoints.push({ timeUnixMs, ...combine(stepPoints) });
    }
    series.push({ group, points: seriesPoints });
  }
  return series.sort((a, b) => compareGroups(a.group, b.group, groupBy));
}

/** A point attribute, else a resource attribute (`service.name` from the resource), else ''. */
export function attributeOf(point: MetricPoint, key: string): string {
  if (key in point.attributes) return attributeValueToString(point.attributes[key]);
  if (key in point.resource.attributes) return attributeValueToString(point.resource.attributes[key]);
  if (key === 'service.name') return point.resource.serviceName;
  return '';
}

function streamKey(point: MetricPoint): string {
  return JSON.stringify([sortedEntries(point.resource.attributes), point.resource.serviceName, sortedEntries(point.attributes)]);
}

function sortedEntries(map: Record<string, unknown>): [string, unknown][] {
  return Object.keys(map).sort().map((key) => [key, map[key]]);
}

/** Points of one step (time order) reduced to the step's value. */
function combine(points: readonly MetricPoint[]): Omit<MetricSeriesPoint, 'timeUnixMs'> {
  const first = points[0];
  const cumulative = first.temporality !== 'delta';
  // Cumulative streams: keep only each stream's latest point of the step.
  const chosen = cumulative && first.type !== 'gauge' ? latestPerStream(points) : points;
  switch (first.type) {
    case 'gauge':
      return { value: chosen.reduce((sum, p) => sum + (p.value ?? 0), 0) / chosen.length };
    case 'sum':
      return { value: chosen.reduce((sum, p) => sum + (p.value ?? 0), 0) };
    case 'histogram':
      return { histogram: addHistograms(chosen) };
    default: {
      let sum = 0;
      let count = 0;
      for (const p of chosen) {
        const value = p.exponentialHistogram ?? p.summary;
        sum += value?.sum ?? 0;
        count += value?.count ?? 0;
      }
      return count > 0 ? { value: sum / count } : {};
    }
  }
}

function latestPerStream(points: readonly MetricPoint[]): MetricPoint[] {
  const latest = new Map<string, MetricPoint>();
  for (const point of points) latest.set(streamKey(point), point);
  return [...latest.values()];
}

function addHistograms(points: readonly MetricPoint[]): NonNullable<MetricSeriesPoint['histogram']> | undefined {
  let result: NonNullable<MetricSeriesPoint['histogram']> | undefined;
  for (const point of points) {
    const h = point.histogram;
    if (!h) continue;
    if (!result) {
      result = { explicitBounds: [...h.explicitBounds], bucketCounts: [...h.bucketCounts], count: h.count, sum: h.sum ?? 0 };
      continue;
    }
    const sameBounds =
      h.explicitBounds.length === result.explicitBounds.length && h.explicitBounds.every((b, i) => b === result!.explicitBounds[i]);
    if (!sameBounds) continue;
    for (let i = 0; i < result.bucketCounts.length; i++) result.bucketCounts[i] += h.bucketCounts[i] ?? 0;
    result.count += h.count;
    result.sum += h.sum ?? 0;
  }
  return result;
}

function compareGroups(a: Record<string, string>, b: Record<string, string>, keys: readonly string[]): number {
  for (const key of keys) {
    const order = a[key].localeCompare(b[key]);
    if (order !== 0) return order;
  }
  return 0;
}

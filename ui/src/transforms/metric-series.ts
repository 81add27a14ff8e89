/** Metric series → chart rows: one row per time, one column per (series, value) line. */
export interface SeriesInput {
  group: Record<string, string>;
  points: { timeMs: number; value?: number; percentiles?: { p50: number | null; p90: number | null; p95: number | null; p99: number | null } }[];
}

export interface ChartLine {
  key: string;
  label: string;
}

export type PercentileKey = 'p50' | 'p90' | 'p95' | 'p99';

export function seriesLabel(group: Record<string, string>): string {
  const entries = Object.entries(group);
  return entries.length === 0 ? 'all' : entries.map(([k, v]) => `${k}=${v}`).join(', ');
}

/**
 * Plain metrics: one line per series. Histograms: one line per series and chosen percentile
 * (one series → all chosen percentiles read well; many series → one percentile each).
 */
export function toChartRows(series: readonly SeriesInput[], histogram: boolean, percentiles: readonly PercentileKey[]): { rows: Record<string, number | null>[]; lines: ChartLine[] } {
  const rows = new Map<number, Record<string, number | null>>();
  const lines: ChartLine[] = [];
  series.forEach((s, index) => {
    const label = seriesLabel(s.group);
    const keys = histogram ? percentiles.map((p) => ({ key: `s${index}_${p}`, label: series.length === 1 ? p : `${label} ${p}`, p })) : [{ key: `s${index}`, label, p: null }];
    for (const k of keys) lines.push({ key: k.key, label: k.label });
    for (const point of s.points) {
      let row = rows.get(point.timeMs);
      if (!row) rows.set(point.timeMs, (row = { timeMs: point.timeMs }));
      for (const k of keys) row[k.key] = k.p ? (point.percentiles?.[k.p] ?? null) : (point.value ?? null);
    }
  });
  return { rows: [...rows.values()].sort((a, b) => (a.timeMs as number) - (b.timeMs as number)), lines };
}

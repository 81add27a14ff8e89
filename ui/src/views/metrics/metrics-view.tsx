import { useMemo, useState } from 'react';
import { api } from '../../api/endpoints';
import { useApi } from '../../api/use-api';
import { TimeChart } from '../../components/charts/time-chart';
import { AsyncView, Empty } from '../../components/states/states';
import { useTime } from '../../components/time-range/refresh-context';
import { formatCompact } from '../../format/format';
import { useLocation, useUpdateParams } from '../../routing/router';
import { hashString } from '../../transforms/colors';
import { parseAttributeFilters } from '../../transforms/log-volume';
import { toChartRows, type PercentileKey } from '../../transforms/metric-series';
import { stepForRange } from '../../time/time-range';
import { HistogramHeatmap } from './histogram-heatmap';
import './metrics-view.css';

const LINE_COLORS = ['#2563eb', '#e0a100', '#2e9e6b', '#d64545', '#7c3aed', '#0891b2', '#db2777', '#65a30d', '#9a3412', '#475569'];
const PERCENTILES: PercentileKey[] = ['p50', 'p90', 'p95', 'p99'];
const PERCENTILE_COLORS: Record<string, string> = { p50: '#2e9e6b', p90: '#2563eb', p95: '#e0a100', p99: '#d64545' };

/** Pick a metric, filter and group by attributes, chart it; histograms as percentiles or as a heatmap. */
export function MetricsView() {
  const { resolved } = useTime();
  const { params } = useLocation();
  const update = useUpdateParams();
  const name = params.get('metric') ?? '';
  const filter = params.get('filter') ?? '';
  const groupBy = params.get('groupBy') ?? '';
  const chosen = (params.get('pct') ?? 'p50,p95,p99').split(',').filter((p): p is PercentileKey => (PERCENTILES as string[]).includes(p));
  const [filterDraft, setFilterDraft] = useState(filter);
  const [search, setSearch] = useState('');
  const stepMs = stepForRange(resolved, 60);

  const metrics = useApi(`metrics|${resolved.fromMs}|${resolved.toMs}`, (signal) => api.metrics(resolved, signal));
  const descriptor = metrics.data?.metrics.find((m) => m.name === name);
  const series = useApi(name ? `series|${name}|${filter}|${groupBy}|${resolved.fromMs}|${resolved.toMs}` : null, (signal) =>
    api.metricSeries({ name, filter: parseAttributeFilters(filter), groupBy: groupBy ? [groupBy] : undefined }, resolved, stepMs, signal),
  );
  const isHistogram = series.data?.type === 'histogram' || series.data?.type === 'exponential_histogram';
  // Only explicit-bucket histograms carry buckets; exponential ones arrive as a mean per step.
  const canHeatmap = series.data?.type === 'histogram';
  const showHeatmap = canHeatmap && params.get('hist') === 'heatmap';
  const chart = useMemo(() => (series.data ? toChartRows(series.data.series, isHistogram, chosen.length ? chosen : ['p95']) : null), [series.data, isHistogram, chosen.join(',')]); // eslint-disable-line react-hooks/exhaustive-deps
  const unit = series.data?.unit ?? descriptor?.unit ?? '';

  return (
    <div className="page">
      <div className="page-header">
        <h1>Metrics</h1>
        <span className="page-header__sub">Metrics your services export over OTLP</span>
      </div>
      <div className="metrics-layout">
        <div className="card card--flush metrics-list">
          <div style={{ padding: 10 }}>
            <input className="input" style={{ width: '100%' }} placeholder="Search metrics…" value={search} onChange={(e) => setSearch(e.target.value)} aria-label="Search metrics" />
          </div>
          <AsyncView state={metrics} isEmpty={(d) => d.metrics.length === 0} empty={<Empty title="No metrics in this time range" />}>
            {(data) => (
              <ul data-testid="metric-list">
                {data.metrics
                  .filter((m) => m.name.toLowerCase().includes(search.toLowerCase()))
                  .map((m) => (
                    <li key={m.name}>
                      <button type="button" className={`metrics-list__item${m.name === name ? ' is-active' : ''}`} onClick={() => update({ metric: m.name, groupBy: null, filter: null })} title={m.description}>
                        <span className="metrics-list__name">{m.name}</span>
                        <span className="badge">{m.type.replace('_', ' ')}</span>
                      </button>
                    </li>
                  ))}
              </ul>
            )}
          </AsyncView>
        </div>
        <div className="card metrics-chart">
          {!name ? (
            <Empty title="Pick a metric">Choose a metric on the left to chart it.</Empty>
          ) : (
            <>
              <div className="card__header">
                <div>
                  <h2 className="mono">{name}</h2>
                  {descriptor?.description && <div className="card__hint">{descriptor.description}</div>}
                </div>
                {unit && <span className="badge">unit: {unit}</span>}
              </div>
              <form
                className="form-row"
                onSubmit={(e) => {
                  e.preventDefault();
                  update({ filter: filterDraft });
                }}
              >
                <label className="field field--wide">
                  Filter
                  <input className="input" value={filterDraft} onChange={(e) => setFilterDraft(e.target.value)} placeholder="service.name=checkout http.route=/cart" />
                </label>
                <label className="field">
                  Group by
                  <select className="select" value={groupBy} onChange={(e) => update({ groupBy: e.target.value || null })} data-testid="group-by">
                    <option value="">No grouping</option>
                    {['service.name', ...(descriptor?.attributeKeys ?? []).filter((k) => k !== 'service.name')].map((key) => (
                      <option key={key} value={key}>
                        {key}
                      </option>
                    ))}
                  </select>
                </label>
                {canHeatmap && (
                  <fieldset className="metrics-pct" data-testid="histogram-mode">
                    <legend>Show</legend>
                    {(['percentiles', 'heatmap'] as const).map((mode) => (
                      <label key={mode} className="checkbox">
                        <input type="radio" name="histogram-mode" value={mode} checked={showHeatmap === (mode === 'heatmap')} onChange={() => update({ hist: mode === 'heatmap' ? 'heatmap' : null })} />
                        {mode}
                      </label>
                    ))}
                  </fieldset>
                )}
                {isHistogram && !showHeatmap && (
                  <fieldset className="metrics-pct">
                    <legend>Percentiles</legend>
                    {PERCENTILES.map((p) => (
                      <label key={p} className="checkbox">
                        <input
                          type="checkbox"
                          checked={chosen.includes(p)}
                          onChange={(e) => update({ pct: (e.target.checked ? [...chosen, p] : chosen.filter((c) => c !== p)).sort().join(',') || 'p95' })}
                        />
                        {p}
                      </label>
                    ))}
                  </fieldset>
                )}
                <button type="submit" className="btn btn--primary">
                  Apply
                </button>
              </form>
              <AsyncView state={series} isEmpty={(d) => d.series.length === 0} empty={<Empty title="No points for this metric in the time range" />}>
                {(data) =>
                  showHeatmap ? (
                    <HistogramHeatmap
                      series={data.series}
                      startMs={data.startMs}
                      endMs={data.endMs}
                      stepMs={data.stepMs}
                      formatBound={(v) => `${formatCompact(v)}${unit && unit !== '1' ? unit : ''}`}
                    />
                  ) : (
                    chart && (
                      <TimeChart
                        testId="metric-chart"
                        height={320}
                        rows={chart.rows}
                        lines={chart.lines.slice(0, 30).map((line, i) => ({
                          ...line,
                          // One histogram series: percentiles in the colours the service pages use.
                          color: PERCENTILE_COLORS[line.label] ?? LINE_COLORS[(i + (chart.lines.length > 10 ? hashString(line.label) : 0)) % LINE_COLORS.length],
                        }))}
                        formatValue={(v) => `${formatCompact(v)}${unit && unit !== '1' ? ` ${unit}` : ''}`}
                      />
                    )
                  )
                }
              </AsyncView>
            </>
          )}
        </div>
      </div>
    </div>
  );
}

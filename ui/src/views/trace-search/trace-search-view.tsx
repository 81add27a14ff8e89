import { useMemo, useState, type FormEvent } from 'react';
import { CartesianGrid, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis, ZAxis } from 'recharts';
import { api, type TraceSearchParams } from '../../api/endpoints';
import type { TraceSummary } from '../../api/schemas';
import { useApi } from '../../api/use-api';
import { ChoiceSelect } from '../../components/forms/choice-select';
import { AsyncView, Empty } from '../../components/states/states';
import { useTime } from '../../components/time-range/refresh-context';
import { TraceTable } from '../../components/traces/trace-table';
import { formatDurationNanos, formatTime } from '../../format/format';
import { navigate, useLocation, useUpdateParams } from '../../routing/router';
import './trace-search-view.css';

const FIELDS = ['service', 'operation', 'tags', 'minDuration', 'maxDuration', 'minTraceDuration', 'maxTraceDuration', 'status', 'limit'] as const;
type Field = (typeof FIELDS)[number];

/** Trace search: filters in the URL, results as a duration-over-time scatter plot plus a table. */
export function TraceSearchView() {
  const { resolved } = useTime();
  const { params } = useLocation();
  const update = useUpdateParams();
  const current = Object.fromEntries(FIELDS.map((f) => [f, params.get(f) ?? ''])) as Record<Field, string>;
  const [form, setForm] = useState(current);
  const withService = params.get('with');
  const peer = params.get('peer');

  const services = useApi(`search-services|${resolved.fromMs}|${resolved.toMs}`, (signal) => api.services(resolved, undefined, signal));
  const operations = useApi(form.service ? `search-ops|${form.service}|${resolved.fromMs}` : null, (signal) => api.operations(form.service, resolved, signal));

  const query: TraceSearchParams = {
    service: current.service || undefined,
    operation: current.operation || undefined,
    tags: current.tags || undefined,
    minDuration: current.minDuration || undefined,
    maxDuration: current.maxDuration || undefined,
    minTraceDuration: current.minTraceDuration || undefined,
    maxTraceDuration: current.maxTraceDuration || undefined,
    status: current.status === 'error' || current.status === 'ok' ? current.status : undefined,
    // "Traces between A and B" filters A's traces by the services they touch, so ask for more.
    limit: Number(current.limit) || (withService ? 200 : 50),
  };
  const key = `search|${JSON.stringify(query)}|${resolved.fromMs}|${resolved.toMs}`;
  const results = useApi(key, (signal) => api.searchTraces(query, resolved, signal));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    update({ ...form });
  };
  const set = (field: Field, value: string) => setForm((f) => ({ ...f, [field]: value, ...(field === 'service' ? { operation: '' } : {}) }));

  return (
    <div className="page">
      <div className="page-header">
        <h1>Traces</h1>
        <span className="page-header__sub">Find requests by service, operation, attributes, duration and status</span>
      </div>
      <form className="card search-form" onSubmit={submit} data-testid="search-form">
        <div className="form-row">
          <label className="field">
            Service
            <ChoiceSelect name="service" value={form.service} anyLabel="Any service" choices={services.data?.services.map((s) => s.name)} onChange={(v) => set('service', v)} />
          </label>
          <label className="field">
            Operation
            {/* One operation name can come with several span kinds; the filter is by name only. */}
            <ChoiceSelect
              name="operation"
              value={form.operation}
              anyLabel="Any operation"
              choices={operations.data && [...new Set(operations.data.operations.map((o) => o.name))]}
              onChange={(v) => set('operation', v)}
              disabled={!form.service}
            />
          </label>
          <label className="field field--wide">
            Attributes
            <input className="input" name="tags" value={form.tags} placeholder='http.route=/cart http.status_code=500 key="a value"' onChange={(e) => set('tags', e.target.value)} />
          </label>
          <label className="field">
            Status
            <select className="select" value={form.status} onChange={(e) => set('status', e.target.value)} name="status">
              <option value="">Any</option>
              <option value="error">Errors only</option>
              <option value="ok">Without errors</option>
            </select>
          </label>
        </div>
        <div className="form-row">
          <label className="field field--short">
            Span duration ≥
            <input className="input" name="minDuration" value={form.minDuration} placeholder="100ms" onChange={(e) => set('minDuration', e.target.value)} />
          </label>
          <label className="field field--short">
            Span duration ≤
            <input className="input" name="maxDuration" value={form.maxDuration} placeholder="2s" onChange={(e) => set('maxDuration', e.target.value)} />
          </label>
          <label className="field field--short">
            Trace duration ≥
            <input className="input" name="minTraceDuration" value={form.minTraceDuration} placeholder="500ms" onChange={(e) => set('minTraceDuration', e.target.value)} />
          </label>
          <label className="field field--short">
            Trace duration ≤
            <input className="input" name="maxTraceDuration" value={form.maxTraceDuration} placeholder="10s" onChange={(e) => set('maxTraceDuration', e.target.value)} />
          </label>
          <label className="field field--short">
            Limit
            <input className="input" name="limit" type="number" min={1} max={1000} value={form.limit} placeholder="50" onChange={(e) => set('limit', e.target.value)} />
          </label>
          <div style={{ flex: 1 }} />
          <button type="button" className="btn" onClick={() => setForm(Object.fromEntries(FIELDS.map((f) => [f, ''])) as Record<Field, string>)}>
            Clear
          </button>
          <button type="submit" className="btn btn--primary" data-testid="search-submit">
            Find traces
          </button>
        </div>
        {(withService || peer) && (
          <div className="search-form__between">
            Showing traces from <strong>{current.service}</strong> that call <strong>{withService ?? peer}</strong>
            {peer && <span className="muted"> (an uninstrumented peer: all traces of {current.service} are listed)</span>}{' '}
            <button type="button" className="btn btn--small" onClick={() => update({ with: null, peer: null })}>
              Remove
            </button>
          </div>
        )}
      </form>
      <AsyncView state={results}>
        {(data) => <TraceResults all={data.traces} withService={withService} />}
      </AsyncView>
    </div>
  );
}

/** Memoised: the view re-renders on every keystroke in the filter form, the results only change with a new search. */
function TraceResults({ all, withService }: { all: readonly TraceSummary[]; withService: string | null }) {
  const traces = useMemo(() => (withService ? all.filter((t) => t.services.includes(withService)) : all), [all, withService]);
  if (traces.length === 0) return <Empty title="No traces match">Try a wider time range or fewer filters.</Empty>;
  return (
    <>
      <div className="card">
        <div className="card__header">
          <h2>Duration over time</h2>
          <span className="card__hint">{traces.length} traces · click a point to open it</span>
        </div>
        <TraceScatter traces={traces} />
      </div>
      <div className="card card--flush">
        <TraceTable traces={traces} />
      </div>
    </>
  );
}

function TraceScatter({ traces }: { traces: readonly TraceSummary[] }) {
  const points = useMemo(
    () => traces.map((t) => ({ x: t.startTimeMs, y: t.durationMs, z: t.spanCount, traceId: t.traceId, error: t.errorCount > 0, label: `${t.rootServiceName}: ${t.rootOperation}` })),
    [traces],
  );
  const ok = useMemo(() => points.filter((p) => !p.error), [points]);
  const failed = useMemo(() => points.filter((p) => p.error), [points]);
  const open = (p: unknown) => {
    const id = (p as { traceId?: string; payload?: { traceId?: string } }).payload?.traceId ?? (p as { traceId?: string }).traceId;
    if (id) navigate(`/traces/${id}`);
  };
  return (
    <div style={{ width: '100%', height: 220 }} data-testid="trace-scatter">
      <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 800, height: 220 }}>
        <ScatterChart margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="#e2e8f0" strokeDasharray="3 3" />
          <XAxis dataKey="x" type="number" domain={['dataMin', 'dataMax']} tickFormatter={(v: number) => formatTime(v)} stroke="#94a3b8" fontSize={11} name="Start" />
          <YAxis dataKey="y" type="number" tickFormatter={(v: number) => formatDurationNanos(v * 1e6)} stroke="#94a3b8" fontSize={11} width={64} name="Duration" />
          <ZAxis dataKey="z" range={[30, 160]} name="Spans" />
          <Tooltip
            cursor={{ strokeDasharray: '3 3' }}
            content={({ payload }) => {
              const p = payload?.[0]?.payload as (typeof points)[number] | undefined;
              if (!p) return null;
              return (
                <div className="chart-tooltip">
                  <div>
                    <strong>{p.label}</strong>
                  </div>
                  <div>{formatDurationNanos(p.y * 1e6)} · {p.z} spans</div>
                  <div className="muted">{formatTime(p.x, true)}</div>
                </div>
              );
            }}
          />
          <Scatter data={ok} fill="#2563eb" fillOpacity={0.65} onClick={open} isAnimationActive={false} style={{ cursor: 'pointer' }} />
          <Scatter data={failed} fill="#d64545" fillOpacity={0.8} onClick={open} isAnimationActive={false} style={{ cursor: 'pointer' }} />
        </ScatterChart>
      </ResponsiveContainer>
    </div>
  );
}

import { useMemo, useState, type FormEvent } from 'react';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { api, type LogSearchParams } from '../../api/endpoints';
import type { ApiLogRecord, LogVolumeResponse } from '../../api/schemas';
import { useApi } from '../../api/use-api';
import { LogBody, SeverityBadge } from '../../components/logs/log-body';
import { ChoiceSelect } from '../../components/forms/choice-select';
import { AsyncView, Empty } from '../../components/states/states';
import { useTime } from '../../components/time-range/refresh-context';
import { attributeToText, formatDateTime, formatTime, shortId } from '../../format/format';
import { Link } from '../../routing/link';
import { useLocation, useUpdateParams } from '../../routing/router';
import { SEVERITY_COLORS, serviceColor } from '../../transforms/colors';
import { parseAttributeFilters, pivotLogVolume } from '../../transforms/log-volume';
import { stepForRange } from '../../time/time-range';
import './logs-view.css';

const FIELDS = ['service', 'severity', 'text', 'attr', 'traceId'] as const;
type Field = (typeof FIELDS)[number];

/** Log search with a volume histogram by severity; lines with a trace id link to the trace and span. */
export function LogsView() {
  const { resolved } = useTime();
  const { params } = useLocation();
  const update = useUpdateParams();
  const current = Object.fromEntries(FIELDS.map((f) => [f, params.get(f) ?? ''])) as Record<Field, string>;
  const [form, setForm] = useState(current);
  const services = useApi(`log-services|${resolved.fromMs}|${resolved.toMs}`, (signal) => api.services(resolved, undefined, signal));

  const query: LogSearchParams = {
    service: current.service || undefined,
    severity: current.severity || undefined,
    text: current.text || undefined,
    traceId: current.traceId || undefined,
    attr: parseAttributeFilters(current.attr),
    limit: 200,
  };
  const stepMs = stepForRange(resolved, 60);
  const key = `${JSON.stringify(query)}|${resolved.fromMs}|${resolved.toMs}`;
  const logs = useApi(`logs|${key}`, (signal) => api.logs(query, resolved, signal));
  const volume = useApi(`volume|${key}`, (signal) => api.logVolume(query, resolved, stepMs, signal));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    update({ ...form });
  };
  const set = (field: Field, value: string) => setForm((f) => ({ ...f, [field]: value }));

  return (
    <div className="page">
      <div className="page-header">
        <h1>Logs</h1>
        <span className="page-header__sub">Every service's logs, correlated with traces</span>
      </div>
      <form className="card form-row" onSubmit={submit} data-testid="logs-form">
        <label className="field">
          Service
          <ChoiceSelect name="service" value={form.service} anyLabel="Any service" choices={services.data?.services.map((s) => s.name)} onChange={(v) => set('service', v)} />
        </label>
        <label className="field">
          Severity at least
          <select className="select" value={form.severity} onChange={(e) => set('severity', e.target.value)} name="severity">
            <option value="">Any</option>
            {['debug', 'info', 'warn', 'error', 'fatal'].map((s) => (
              <option key={s} value={s}>
                {s.toUpperCase()}
              </option>
            ))}
          </select>
        </label>
        <label className="field field--wide">
          Text
          <input className="input" name="text" value={form.text} placeholder="Search in the message…" onChange={(e) => set('text', e.target.value)} />
        </label>
        <label className="field">
          Attributes
          <input className="input" name="attr" value={form.attr} placeholder="http.route=/cart" onChange={(e) => set('attr', e.target.value)} />
        </label>
        <label className="field">
          Trace id
          <input className="input mono" name="traceId" value={form.traceId} placeholder="32 hex characters" onChange={(e) => set('traceId', e.target.value)} />
        </label>
        <button type="submit" className="btn btn--primary" data-testid="logs-submit">
          Search
        </button>
      </form>

      <div className="card">
        <div className="card__header">
          <h2>Log volume by severity</h2>
        </div>
        <AsyncView state={volume}>
          {(data) => <LogVolumeChart data={data} />}
        </AsyncView>
      </div>

      <div className="card card--flush">
        <AsyncView state={logs} isEmpty={(d) => d.logs.length === 0} empty={<Empty title="No logs match">Try a wider time range or fewer filters.</Empty>}>
          {(data) => <LogTable logs={data.logs} />}
        </AsyncView>
      </div>
    </div>
  );
}

/** Memoised: the view re-renders on every keystroke in the filter form, the buckets only change with a new search. */
function LogVolumeChart({ data }: { data: LogVolumeResponse }) {
  const { rows, severities } = useMemo(() => pivotLogVolume(data.buckets, data.startMs, data.endMs, data.stepMs), [data]);
  return (
    <div style={{ width: '100%', height: 150 }} data-testid="log-volume">
      <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 800, height: 150 }}>
        <BarChart data={rows} margin={{ top: 4, right: 12, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="#e2e8f0" strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="timeMs" tickFormatter={(v: number) => formatTime(v).slice(0, 5)} stroke="#94a3b8" fontSize={11} minTickGap={40} />
          <YAxis stroke="#94a3b8" fontSize={11} width={44} allowDecimals={false} />
          <Tooltip labelFormatter={(v) => formatTime(Number(v))} />
          {severities.map((s) => (
            <Bar key={s} dataKey={s} stackId="volume" fill={SEVERITY_COLORS[s]} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

function LogTable({ logs }: { logs: readonly ApiLogRecord[] }) {
  const [expanded, setExpanded] = useState<string | null>(null);
  return (
    <table className="table log-table" data-testid="log-table">
      <thead>
        <tr>
          <th style={{ width: 150 }}>Time</th>
          <th>Service</th>
          <th>Severity</th>
          <th>Message</th>
          <th>Trace</th>
        </tr>
      </thead>
      <tbody>
        {logs.map((log) => (
          <LogRow key={log.logId} log={log} expanded={expanded === log.logId} onToggle={() => setExpanded(expanded === log.logId ? null : log.logId)} />
        ))}
      </tbody>
    </table>
  );
}

function LogRow({ log, expanded, onToggle }: { log: ApiLogRecord; expanded: boolean; onToggle: () => void }) {
  return (
    <>
      <tr className="is-clickable" onClick={onToggle} data-testid="log-row">
        <td className="mono muted" style={{ whiteSpace: 'nowrap' }}>
          {formatDateTime(log.timeMs).slice(5)}.{String(Math.floor(log.timeMs % 1000)).padStart(3, '0')}
        </td>
        <td style={{ whiteSpace: 'nowrap' }}>
          <span className="dot" style={{ background: serviceColor(log.serviceName) }} /> {log.serviceName}
        </td>
        <td>
          <SeverityBadge log={log} />
        </td>
        <td className="log-message">
          <LogBody log={log} />
        </td>
        <td>
          {log.traceId ? (
            <Link href={`/traces/${log.traceId}${log.spanId ? `?span=${log.spanId}` : ''}`} className="mono" onClick={(e) => e.stopPropagation()} data-testid="log-trace-link">
              {shortId(log.traceId)}
            </Link>
          ) : (
            <span className="muted">–</span>
          )}
        </td>
      </tr>
      {expanded && (
        <tr className="log-table__details">
          <td colSpan={5}>
            <dl className="kv">
              {Object.entries({ ...log.attributes }).map(([k, v]) => (
                <div key={`a-${k}`} style={{ display: 'contents' }}>
                  <dt>{k}</dt>
                  <dd>{attributeToText(v)}</dd>
                </div>
              ))}
              {Object.entries(log.resource.attributes).map(([k, v]) => (
                <div key={`r-${k}`} style={{ display: 'contents' }}>
                  <dt>resource.{k}</dt>
                  <dd>{attributeToText(v)}</dd>
                </div>
              ))}
              <dt>scope</dt>
              <dd>{log.scope.name}</dd>
              {log.spanId && (
                <>
                  <dt>span id</dt>
                  <dd>{log.spanId}</dd>
                </>
              )}
            </dl>
          </td>
        </tr>
      )}
    </>
  );
}

import { api } from '../../api/endpoints';
import { useApi } from '../../api/use-api';
import { TimeChart } from '../../components/charts/time-chart';
import { AsyncView, Empty } from '../../components/states/states';
import { useTime } from '../../components/time-range/refresh-context';
import { TraceTable } from '../../components/traces/trace-table';
import { formatCount, formatDurationNanos, formatPercent, formatRate } from '../../format/format';
import { Link } from '../../routing/link';
import { useLocation, useUpdateParams, withSharedParams } from '../../routing/router';
import { serviceColor } from '../../transforms/colors';
import { stepForRange } from '../../time/time-range';
import { LatencyHistogram, type DurationSelection } from './latency-histogram';
import { OperationsTable } from './operations-table';
import './service-view.css';

const fmtMs = (ms: number) => formatDurationNanos(ms * 1e6);

/** One service: RED over time (all operations or one), operations, latency histogram with brushing. */
export function ServiceView({ params: routeParams }: { params: Record<string, string> }) {
  const service = routeParams.service;
  const { resolved } = useTime();
  const { params } = useLocation();
  const update = useUpdateParams();
  const operation = params.get('op') ?? undefined;
  const stepMs = stepForRange(resolved, 60);
  const lmin = Number(params.get('lmin'));
  const lmax = Number(params.get('lmax'));
  const selection: DurationSelection | null = params.has('lmin') && params.has('lmax') && lmax > lmin ? { minMs: lmin, maxMs: lmax } : null;
  const rangeKey = `${resolved.fromMs}|${resolved.toMs}`;

  const red = useApi(`red|${service}|${operation}|${rangeKey}`, (signal) => api.red({ service, operation, stepMs }, resolved, signal));
  const operations = useApi(`ops|${service}|${rangeKey}`, (signal) => api.operations(service, resolved, signal));
  const histogram = useApi(`hist|${service}|${operation}|${rangeKey}`, (signal) => api.latencyHistogram({ service, operation }, resolved, signal));
  const brushed = useApi(selection ? `brushed|${service}|${operation}|${selection.minMs}|${selection.maxMs}|${rangeKey}` : null, (signal) =>
    api.searchTraces(
      { service, operation, minDuration: `${selection!.minMs}ms`, maxDuration: `${selection!.maxMs}ms`, limit: 50 },
      resolved,
      signal,
    ),
  );

  return (
    <div className="page">
      <div className="breadcrumbs">
        <Link href={withSharedParams('/services', params)}>Services</Link> <span>/</span>
      </div>
      <div className="page-header">
        <span className="dot" style={{ background: serviceColor(service), width: 14, height: 14 }} />
        <h1 data-testid="service-title">{service}</h1>
        <select
          className="select"
          aria-label="Operation"
          value={operation ?? ''}
          onChange={(e) => update({ op: e.target.value || null, lmin: null, lmax: null })}
          data-testid="operation-select"
        >
          <option value="">All operations</option>
          {operations.data?.operations.map((op) => (
            <option key={`${op.name}|${op.spanKind}`} value={op.name}>
              {op.name}
            </option>
          ))}
        </select>
        <div style={{ flex: 1 }} />
        <Link className="btn" href={withSharedParams('/search', params, { service, operation })}>
          Find traces
        </Link>
        <Link className="btn" href={withSharedParams('/logs', params, { service })}>
          Logs
        </Link>
      </div>

      <div className="grid grid--3">
        {(
          [
            { title: 'Throughput', key: 'rate', fmt: formatRate, color: '#2563eb', testId: 'chart-throughput' },
            { title: 'Error rate', key: 'errorRate', fmt: formatPercent, color: '#d64545', testId: 'chart-errors' },
          ] as const
        ).map((chart) => (
          <div className="card" key={chart.key}>
            <div className="card__header">
              <h2>{chart.title}</h2>
            </div>
            <AsyncView state={red}>
              {(data) => (
                <TimeChart
                  testId={chart.testId}
                  rows={data.points.map((p) => ({ timeMs: p.timeMs, value: p.calls > 0 || chart.key === 'rate' ? p[chart.key] : null }))}
                  lines={[{ key: 'value', label: chart.title, color: chart.color }]}
                  formatValue={chart.fmt}
                />
              )}
            </AsyncView>
          </div>
        ))}
        <div className="card">
          <div className="card__header">
            <h2>Latency</h2>
          </div>
          <AsyncView state={red}>
            {(data) => (
              <TimeChart
                testId="chart-latency"
                rows={data.points.map((p) => ({ timeMs: p.timeMs, p50: p.p50Ms, p95: p.p95Ms, p99: p.p99Ms }))}
                lines={[
                  { key: 'p50', label: 'p50', color: '#2e9e6b' },
                  { key: 'p95', label: 'p95', color: '#e0a100' },
                  { key: 'p99', label: 'p99', color: '#d64545' },
                ]}
                formatValue={fmtMs}
              />
            )}
          </AsyncView>
        </div>
      </div>

      <div className="card">
        <div className="card__header">
          <h2>Latency distribution{operation ? `: ${operation}` : ''}</h2>
          <span className="card__hint">
            {histogram.data && histogram.data.count > 0 ? `${formatCount(histogram.data.count)} calls · ` : ''}
            Drag across the histogram to list the traces in a latency range
          </span>
        </div>
        <AsyncView state={histogram} isEmpty={(d) => d.count === 0} empty={<Empty title="No calls in this time range" />}>
          {(data) => <LatencyHistogram data={data} selection={selection} onSelect={(s) => update({ lmin: s ? s.minMs.toPrecision(6) : null, lmax: s ? s.maxMs.toPrecision(6) : null }, { replace: true })} />}
        </AsyncView>
        {selection && (
          <div className="brushed-traces" data-testid="brushed-traces">
            <div className="card__header">
              <h2>
                Traces between {fmtMs(selection.minMs)} and {fmtMs(selection.maxMs)}
              </h2>
              <button type="button" className="btn btn--small" onClick={() => update({ lmin: null, lmax: null }, { replace: true })}>
                Clear selection
              </button>
            </div>
            <AsyncView state={brushed} isEmpty={(d) => d.traces.length === 0} empty={<Empty title="No traces in this latency range" />}>
              {(data) => <TraceTable traces={data.traces} testId="brushed-trace-table" />}
            </AsyncView>
          </div>
        )}
      </div>

      <div className="card card--flush">
        <div className="card__header" style={{ padding: '14px 16px 0' }}>
          <h2>Operations</h2>
        </div>
        <AsyncView state={operations} isEmpty={(d) => d.operations.length === 0} empty={<Empty title="No operations in this time range" />}>
          {(data) => <OperationsTable operations={data.operations} selected={operation} onSelect={(op) => update({ op, lmin: null, lmax: null })} />}
        </AsyncView>
      </div>
    </div>
  );
}

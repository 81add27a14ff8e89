import { api } from '../../api/endpoints';
import type { ApiService } from '../../api/schemas';
import { useApi } from '../../api/use-api';
import { Sparkline } from '../../components/charts/sparkline';
import { SortableHeader } from '../../components/layout/sortable-header';
import { AsyncView, Empty } from '../../components/states/states';
import { useTime } from '../../components/time-range/refresh-context';
import { formatDurationNanos, formatPercent, formatRate } from '../../format/format';
import { Link } from '../../routing/link';
import { navigate, useLocation, useUpdateParams, withSharedParams } from '../../routing/router';
import { healthColor, serviceColor } from '../../transforms/colors';
import { sortBy, type SortDirection } from '../../transforms/sort';
import { stepForRange } from '../../time/time-range';
import './services-view.css';

const COLUMNS: { column: string; label: string; value: (s: ApiService) => number | string | null }[] = [
  { column: 'name', label: 'Service', value: (s) => s.name },
  { column: 'rate', label: 'Throughput', value: (s) => s.rate },
  { column: 'errorRate', label: 'Error rate', value: (s) => s.errorRate },
  { column: 'p50', label: 'p50', value: (s) => s.p50Ms },
  { column: 'p95', label: 'p95', value: (s) => s.p95Ms },
  { column: 'p99', label: 'p99', value: (s) => s.p99Ms },
];

const ms = (value: number | null) => formatDurationNanos(value === null ? null : value * 1e6);

/** Every service with its RED numbers and sparklines over the range; sortable; click → service. */
export function ServicesView() {
  const { resolved } = useTime();
  const { params } = useLocation();
  const update = useUpdateParams();
  const stepMs = stepForRange(resolved, 30);
  const state = useApi(`services|${resolved.fromMs}|${resolved.toMs}`, (signal) => api.services(resolved, stepMs, signal));
  const sortColumn = params.get('sort') ?? 'name';
  const sort = { column: COLUMNS.some((c) => c.column === sortColumn) ? sortColumn : 'name', direction: (params.get('dir') === 'desc' ? 'desc' : 'asc') as SortDirection };
  const filter = params.get('q') ?? '';

  return (
    <div className="page">
      <div className="page-header">
        <h1>Services</h1>
        <span className="page-header__sub">Requests, errors and latency of every instrumented service</span>
        <div style={{ flex: 1 }} />
        <input
          className="input"
          type="search"
          placeholder="Filter services…"
          aria-label="Filter services"
          value={filter}
          onChange={(e) => update({ q: e.target.value }, { replace: true })}
        />
      </div>
      <div className="card card--flush">
        <AsyncView
          state={state}
          isEmpty={(data) => data.services.length === 0}
          empty={
            <Empty title="No services reported data in this time range">
              Instrument a service with <code>@sightline/instrumentation</code> or widen the time range.
            </Empty>
          }
        >
          {(data) => {
            const column = COLUMNS.find((c) => c.column === sort.column)!;
            const rows = sortBy(
              data.services.filter((s) => s.name.toLowerCase().includes(filter.toLowerCase())),
              column.value,
              sort.direction,
            );
            return (
              <table className="table services-table" data-testid="services-table">
                <thead>
                  <tr>
                    {COLUMNS.map((c) => (
                      <SortableHeader
                        key={c.column}
                        label={c.label}
                        column={c.column}
                        sort={sort}
                        numeric={c.column !== 'name'}
                        onSort={(col, dir) => update({ sort: col, dir }, { replace: true })}
                      />
                    ))}
                    <th>Throughput over time</th>
                    <th>p95 over time</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((service) => {
                    const href = withSharedParams(`/services/${encodeURIComponent(service.name)}`, params);
                    return (
                      <tr key={service.name} className="is-clickable" onClick={() => navigate(href)} data-testid="service-row">
                        <td>
                          <span className="dot" style={{ background: serviceColor(service.name) }} />{' '}
                          <Link href={href} onClick={(e) => e.stopPropagation()} className="services-table__name">
                            {service.name}
                          </Link>
                          {service.basis === 'all' && (
                            <span className="badge" title="No server spans: numbers cover every span of this service">
                              all spans
                            </span>
                          )}
                        </td>
                        <td className="num">{formatRate(service.rate)}</td>
                        <td className="num">
                          <span className="dot" style={{ background: healthColor(service.calls > 0 ? service.errorRate : null) }} />{' '}
                          {formatPercent(service.errorRate)}
                        </td>
                        <td className="num">{ms(service.p50Ms)}</td>
                        <td className="num">{ms(service.p95Ms)}</td>
                        <td className="num">{ms(service.p99Ms)}</td>
                        <td>
                          <Sparkline values={(service.sparkline ?? []).map((p) => p.calls)} label={`${service.name} throughput`} />
                        </td>
                        <td>
                          <Sparkline values={(service.sparkline ?? []).map((p) => p.p95Ms)} color="#b07aa1" label={`${service.name} p95 latency`} />
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            );
          }}
        </AsyncView>
      </div>
    </div>
  );
}

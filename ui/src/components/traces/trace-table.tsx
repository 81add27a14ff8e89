import type { TraceSummary } from '../../api/schemas';
import { formatDateTime, formatDurationNanos, shortId } from '../../format/format';
import { Link } from '../../routing/link';
import { navigate } from '../../routing/router';
import { serviceColor } from '../../transforms/colors';

/** Found traces: root operation, services, spans, errors, duration; click → the trace. */
export function TraceTable({ traces, testId = 'trace-table' }: { traces: readonly TraceSummary[]; testId?: string }) {
  const longest = Math.max(1e-9, ...traces.map((t) => t.durationMs));
  return (
    <table className="table" data-testid={testId}>
      <thead>
        <tr>
          <th>Trace</th>
          <th>Services</th>
          <th className="num">Spans</th>
          <th className="num">Errors</th>
          <th>Started</th>
          <th className="num" style={{ width: 200 }}>
            Duration
          </th>
        </tr>
      </thead>
      <tbody>
        {traces.map((trace) => {
          const href = `/traces/${trace.traceId}`;
          return (
            <tr key={trace.traceId} className="is-clickable" onClick={() => navigate(href)} data-testid="trace-row" data-trace-id={trace.traceId}>
              <td>
                <Link href={href} onClick={(e) => e.stopPropagation()}>
                  <strong>{trace.rootServiceName}</strong>: {trace.rootOperation}
                </Link>{' '}
                <span className="muted mono">{shortId(trace.traceId)}</span>
              </td>
              <td>
                <span style={{ display: 'inline-flex', gap: 4, flexWrap: 'wrap' }}>
                  {trace.services.slice(0, 6).map((service) => (
                    <span key={service} className="badge" style={{ background: `${serviceColor(service)}22`, color: '#334155' }}>
                      <span className="dot" style={{ background: serviceColor(service), width: 7, height: 7 }} />
                      {service}
                    </span>
                  ))}
                  {trace.services.length > 6 && <span className="badge">+{trace.services.length - 6}</span>}
                </span>
              </td>
              <td className="num">{trace.spanCount}</td>
              <td className="num">{trace.errorCount > 0 ? <span className="badge badge--error">{trace.errorCount}</span> : <span className="muted">0</span>}</td>
              <td className="muted" style={{ whiteSpace: 'nowrap' }}>
                {formatDateTime(trace.startTimeMs)}
              </td>
              <td className="num">
                <div style={{ display: 'flex', alignItems: 'center', gap: 8, justifyContent: 'flex-end' }}>
                  <div style={{ flex: 1, height: 6, background: 'var(--surface-hover)', borderRadius: 3, overflow: 'hidden' }}>
                    <div
                      style={{
                        width: `${(trace.durationMs / longest) * 100}%`,
                        height: '100%',
                        background: trace.errorCount > 0 ? 'var(--error)' : 'var(--accent)',
                        opacity: 0.7,
                      }}
                    />
                  </div>
                  <span style={{ minWidth: 60 }}>{formatDurationNanos(trace.durationMs * 1e6)}</span>
                </div>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

import { useMemo } from 'react';
import { LogBody, SeverityBadge } from '../../components/logs/log-body';
import { Empty } from '../../components/states/states';
import { formatDurationNanos, formatTime } from '../../format/format';
import { serviceColor } from '../../transforms/colors';
import type { TraceModel } from './trace-model';

/** Every log of the trace in time order, each linked back to the span that wrote it. */
export function TraceLogs({ model, onSelectSpan }: { model: TraceModel; onSelectSpan: (spanId: string) => void }) {
  // The trace view re-renders on every span selection; the model only changes with a new trace.
  const logs = useMemo(() => [...model.logsBySpan.values()].flat().sort((a, b) => a.timeMs - b.timeMs), [model]);
  if (logs.length === 0) return <Empty title="This trace has no correlated logs" />;
  return (
    <div className="card card--flush">
      <table className="table" data-testid="trace-logs">
        <thead>
          <tr>
            <th>Time</th>
            <th>Offset</th>
            <th>Service</th>
            <th>Severity</th>
            <th>Message</th>
            <th>Span</th>
          </tr>
        </thead>
        <tbody>
          {logs.map((log) => {
            const span = model.tree.byId.get(log.spanId);
            return (
              <tr key={log.logId}>
                <td className="mono muted">{formatTime(log.timeMs, true)}</td>
                <td className="mono muted">+{formatDurationNanos((log.timeMs - model.traceStartMs) * 1e6)}</td>
                <td>
                  <span className="dot" style={{ background: serviceColor(log.serviceName) }} /> {log.serviceName}
                </td>
                <td>
                  <SeverityBadge log={log} />
                </td>
                <td className="log-message">
                  <LogBody log={log} />
                </td>
                <td>
                  {span ? (
                    <button type="button" className="btn btn--small" onClick={() => onSelectSpan(log.spanId)} data-testid="log-span-link">
                      {span.span.api.name}
                    </button>
                  ) : (
                    <span className="muted">–</span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

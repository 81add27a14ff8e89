import { useCallback, useMemo, useState } from 'react';
import { api } from '../../api/endpoints';
import { useApi } from '../../api/use-api';
import { AsyncView } from '../../components/states/states';
import { formatCount, formatDateTime, formatDurationNanos } from '../../format/format';
import { Link } from '../../routing/link';
import { useLocation, useUpdateParams } from '../../routing/router';
import { serviceColor } from '../../transforms/colors';
import { ancestorIds } from '../../transforms/span-tree';
import { Minimap } from './minimap';
import { SpanDetails } from './span-details';
import { TraceLogs } from './trace-logs';
import { buildTraceModel, type TraceModel } from './trace-model';
import { Waterfall, type ViewWindow } from './waterfall';
import './trace-view.css';

/** One trace: waterfall with its logs inline, span details, and all of its logs as a tab. */
export function TraceView({ params: routeParams }: { params: Record<string, string> }) {
  const traceId = routeParams.traceId;
  const state = useApi(`trace|${traceId}`, (signal) => api.trace(traceId, signal));
  const model = useMemo(() => (state.data ? buildTraceModel(state.data) : null), [state.data]);
  return (
    <div className="page trace-page">
      <AsyncView state={state}>
        {(data) =>
          data.spans.length === 0 && data.logs.length === 0 ? (
            <div className="state state--empty">
              <div className="state__title">Trace {traceId} not found</div>
            </div>
          ) : (
            <TraceContent model={model!} traceId={data.traceId} />
          )
        }
      </AsyncView>
    </div>
  );
}

function TraceContent({ model, traceId }: { model: TraceModel; traceId: string }) {
  const { params } = useLocation();
  const update = useUpdateParams();
  const tab = params.get('tab') === 'logs' ? 'logs' : 'timeline';
  const selectedSpanId = params.get('span');
  const [collapsed, setCollapsed] = useState<Set<string>>(() => new Set());
  const [showLogs, setShowLogs] = useState(true);
  const [showCriticalPath, setShowCriticalPath] = useState(false);
  const [view, setView] = useState<ViewWindow>({ from: 0, to: 1 });
  const [visibleRowRange, setVisibleRowRange] = useState<{ first: number; last: number; total: number } | null>(null);

  const root = model.tree.roots[0]?.span.api;
  const selected = selectedSpanId ? model.tree.byId.get(selectedSpanId) : undefined;

  const select = useCallback(
    (spanId: string | null) => {
      if (spanId) {
        const hidden = ancestorIds(model.tree, spanId).filter((id) => collapsed.has(id));
        if (hidden.length > 0) setCollapsed((previous) => new Set([...previous].filter((id) => !hidden.includes(id))));
      }
      update({ span: spanId, tab: null }, { replace: true });
    },
    [model, collapsed, update],
  );
  const toggle = useCallback((spanId: string) => {
    setCollapsed((previous) => {
      const next = new Set(previous);
      if (next.has(spanId)) next.delete(spanId);
      else next.add(spanId);
      return next;
    });
  }, []);
  const onVisibleRangeChange = useCallback((first: number, last: number, total: number) => {
    setVisibleRowRange((previous) => (previous && previous.first === first && previous.last === last && previous.total === total ? previous : { first, last, total }));
  }, []);

  const logCount = [...model.logsBySpan.values()].reduce((sum, list) => sum + list.length, 0);
  const spanCount = model.tree.byId.size;

  return (
    <>
      <div className="breadcrumbs">
        <Link href="/search">Traces</Link> <span>/</span> <span className="mono">{traceId}</span>
      </div>
      <div className="page-header trace-header">
        {root && <span className="dot" style={{ background: serviceColor(root.serviceName), width: 14, height: 14 }} />}
        <h1 data-testid="trace-title">
          {root ? (
            <>
              {root.serviceName}: <span className="trace-header__op">{root.name}</span>
            </>
          ) : (
            'Trace'
          )}
        </h1>
        <div className="trace-header__facts">
          <span>
            <strong>{formatDurationNanos(model.durationMs * 1e6)}</strong> duration
          </span>
          <span>
            <strong data-testid="span-count">{formatCount(spanCount)}</strong> spans
          </span>
          <span>
            <strong>{model.services.length}</strong> services
          </span>
          <span className={model.errorCount > 0 ? 'error-text' : undefined}>
            <strong>{model.errorCount}</strong> errors
          </span>
          <span>
            <strong>{logCount}</strong> logs
          </span>
          <span className="muted">{formatDateTime(model.traceStartMs)}</span>
        </div>
      </div>

      <div className="trace-toolbar">
        <div className="tabs" role="tablist">
          <button type="button" role="tab" aria-selected={tab === 'timeline'} className={`tab${tab === 'timeline' ? ' is-active' : ''}`} onClick={() => update({ tab: null }, { replace: true })}>
            Timeline
          </button>
          <button type="button" role="tab" aria-selected={tab === 'logs'} className={`tab${tab === 'logs' ? ' is-active' : ''}`} onClick={() => update({ tab: 'logs' }, { replace: true })} data-testid="logs-tab">
            Logs ({logCount})
          </button>
        </div>
        {tab === 'timeline' && (
          <div className="trace-toolbar__controls">
            <label className="checkbox">
              <input type="checkbox" checked={showLogs} onChange={(e) => setShowLogs(e.target.checked)} /> Logs inline
            </label>
            <label className="checkbox">
              <input type="checkbox" checked={showCriticalPath} onChange={(e) => setShowCriticalPath(e.target.checked)} /> Critical path
            </label>
            <button type="button" className="btn btn--small" onClick={() => setCollapsed(new Set())}>
              Expand all
            </button>
            <button
              type="button"
              className="btn btn--small"
              onClick={() => setCollapsed(new Set([...model.tree.byId.values()].filter((n) => n.depth >= 1 && n.children.length > 0).map((n) => n.span.spanId)))}
            >
              Collapse all
            </button>
            {(view.from > 0 || view.to < 1) && (
              <button type="button" className="btn btn--small" onClick={() => setView({ from: 0, to: 1 })}>
                Reset zoom
              </button>
            )}
          </div>
        )}
      </div>

      {tab === 'logs' ? (
        <TraceLogs model={model} onSelectSpan={select} />
      ) : (
        <div className={`trace-body${selected ? ' has-details' : ''}`}>
          <div className="card card--flush trace-timeline">
            <Minimap model={model} view={view} onViewChange={setView} visibleRowRange={visibleRowRange} />
            <div className="ruler">
              <div className="ruler__name">Service · operation</div>
              <div className="ruler__ticks">
                {[0, 0.25, 0.5, 0.75, 1].map((f) => (
                  <span key={f} className="ruler__tick" style={{ left: `${f * 100}%` }}>
                    {formatDurationNanos((view.from + f * (view.to - view.from)) * model.durationMs * 1e6)}
                  </span>
                ))}
              </div>
            </div>
            <Waterfall
              model={model}
              collapsed={collapsed}
              onToggle={toggle}
              selectedSpanId={selectedSpanId}
              onSelect={select}
              showLogs={showLogs}
              showCriticalPath={showCriticalPath}
              view={view}
              onVisibleRangeChange={onVisibleRangeChange}
            />
          </div>
          {selected && <SpanDetails span={selected.span.api} resource={selected.span.resource} relativeStartMs={selected.span.startMs} logs={model.logsBySpan.get(selected.span.spanId) ?? []} onClose={() => select(null)} />}
        </div>
      )}
    </>
  );
}

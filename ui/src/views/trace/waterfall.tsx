import { memo, useCallback, useEffect, useMemo, useRef } from 'react';
import type { ApiLogRecord } from '../../api/schemas';
import { LogBody, SeverityBadge } from '../../components/logs/log-body';
import { formatDurationNanos } from '../../format/format';
import { serviceColor, SEVERITY_COLORS, severityGroup } from '../../transforms/colors';
import type { CriticalSegment } from '../../transforms/critical-path';
import { visibleRows, type SpanNode } from '../../transforms/span-tree';
import type { TraceModel, TraceSpan } from './trace-model';
import { useRowWindow } from './use-row-window';

const SPAN_ROW = 28;
const LOG_ROW = 24;
const INDENT = 14;
const MAX_INDENT_LEVELS = 40;

type Row = { type: 'span'; node: SpanNode<TraceSpan> } | { type: 'log'; log: ApiLogRecord; depth: number; spanId: string };

export interface ViewWindow {
  /** Fractions 0..1 of the trace duration shown across the timeline column. */
  from: number;
  to: number;
}

/**
 * The waterfall: one row per visible span (plus its log lines when inline logs are on), bars on a
 * shared time axis, coloured by service. Only the rows in view are in the DOM (virtualized), so a
 * 50,000-span trace scrolls like a 50-span one.
 */
export function Waterfall({
  model,
  collapsed,
  onToggle,
  selectedSpanId,
  onSelect,
  showLogs,
  showCriticalPath,
  view,
  onVisibleRangeChange,
}: {
  model: TraceModel;
  collapsed: ReadonlySet<string>;
  onToggle: (spanId: string) => void;
  selectedSpanId: string | null;
  onSelect: (spanId: string) => void;
  showLogs: boolean;
  showCriticalPath: boolean;
  view: ViewWindow;
  onVisibleRangeChange?: (firstRow: number, lastRow: number, totalRows: number) => void;
}) {
  const rows = useMemo<Row[]>(() => {
    const spans = collapsed.size === 0 ? model.allRows() : visibleRows(model.tree, collapsed);
    if (!showLogs || model.logsBySpan.size === 0) return spans.map((node) => ({ type: 'span', node }));
    const result: Row[] = [];
    for (const node of spans) {
      result.push({ type: 'span', node });
      const logs = model.logsBySpan.get(node.span.spanId);
      if (logs) for (const log of logs) result.push({ type: 'log', log, depth: node.depth + 1, spanId: node.span.spanId });
    }
    return result;
  }, [model, collapsed, showLogs]);

  const scrollRef = useRef<HTMLDivElement>(null);
  const heightOf = useCallback((index: number) => (rows[index].type === 'span' ? SPAN_ROW : LOG_ROW), [rows]);
  const rowWindow = useRowWindow(scrollRef, rows.length, heightOf, 12);

  // Bring a span selected from elsewhere (a log line, a link) into view.
  useEffect(() => {
    if (!selectedSpanId) return;
    const index = rows.findIndex((row) => row.type === 'span' && row.node.span.spanId === selectedSpanId);
    if (index >= 0) rowWindow.scrollIntoView(index);
    // Only when the selection changes, not on every row change.
  }, [selectedSpanId]); // eslint-disable-line react-hooks/exhaustive-deps

  const { first, last } = rowWindow;
  useEffect(() => {
    if (last >= first) onVisibleRangeChange?.(first, last, rows.length);
  });
  const indexes: number[] = [];
  for (let index = first; index <= last; index++) indexes.push(index);

  const criticalBySpan = useMemo(() => (showCriticalPath ? model.criticalBySpan() : undefined), [model, showCriticalPath]);
  const axis = useMemo(() => ({ total: model.durationMs || 1, from: view.from, width: Math.max(1e-9, view.to - view.from) }), [model.durationMs, view.from, view.to]);

  return (
    <div className="waterfall" data-testid="waterfall" data-rows={rows.length}>
      <div ref={scrollRef} className="waterfall__scroll">
        <div style={{ height: rowWindow.totalHeight, position: 'relative' }}>
          {indexes.map((index) => {
            const row = rows[index];
            const top = rowWindow.top(index);
            if (row.type === 'log') {
              return <LogRow key={`log-${row.log.logId}-${index}`} row={row} top={top} height={LOG_ROW} traceStartMs={model.traceStartMs} axis={axis} onSelect={onSelect} />;
            }
            const spanId = row.node.span.spanId;
            return (
              <SpanRow
                key={spanId}
                node={row.node}
                top={top}
                height={SPAN_ROW}
                selected={selectedSpanId === spanId}
                collapsed={collapsed.has(spanId)}
                critical={criticalBySpan?.get(spanId)}
                axis={axis}
                onSelect={onSelect}
                onToggle={onToggle}
              />
            );
          })}
        </div>
      </div>
    </div>
  );
}

/** The time axis: ms since trace start → percent across the timeline column. */
interface Axis {
  total: number;
  from: number;
  width: number;
}
const toPct = (axis: Axis, ms: number) => ((ms / axis.total - axis.from) / axis.width) * 100;

/** Memoized: while scrolling, rows that stay in view are not rendered again. */
const SpanRow = memo(function SpanRow({
  node,
  top,
  height,
  selected,
  collapsed: isCollapsed,
  critical,
  axis,
  onSelect,
  onToggle,
}: {
  node: SpanNode<TraceSpan>;
  top: number;
  height: number;
  selected: boolean;
  collapsed: boolean;
  critical: CriticalSegment[] | undefined;
  axis: Axis;
  onSelect: (spanId: string) => void;
  onToggle: (spanId: string) => void;
}) {
  const s = node.span.api;
  const left = toPct(axis, node.span.startMs);
  const width = Math.max(0.15, toPct(axis, node.span.endMs) - left);
  const color = serviceColor(s.serviceName);
  const inside = left + width > 85;
  return (
    <div
      className={`waterfall__row${selected ? ' is-selected' : ''}${s.isError ? ' is-error' : ''}`}
      style={{ transform: `translateY(${top}px)`, height }}
      data-testid="span-row"
      data-span-id={s.spanId}
      onClick={() => onSelect(s.spanId)}
    >
      <div className="waterfall__name" style={{ paddingLeft: 8 + Math.min(node.depth, MAX_INDENT_LEVELS) * INDENT }}>
        {node.children.length > 0 ? (
          <button
            type="button"
            className="waterfall__toggle"
            aria-label={isCollapsed ? `Expand ${s.name}` : `Collapse ${s.name}`}
            aria-expanded={!isCollapsed}
            onClick={(e) => {
              e.stopPropagation();
              onToggle(s.spanId);
            }}
          >
            {isCollapsed ? '▸' : '▾'}
          </button>
        ) : (
          <span className="waterfall__toggle-space" />
        )}
        <span className="waterfall__service-mark" style={{ background: color }} />
        <span className="waterfall__service">{s.serviceName}</span>
        <span className="waterfall__op">{s.name}</span>
        {s.isError && (
          <span className="waterfall__error" title="Error" aria-label="error">
            !
          </span>
        )}
        {node.orphan && (
          <span className="badge" title="The parent span is not in this trace">
            orphan
          </span>
        )}
        {isCollapsed && <span className="badge">{node.descendantCount}</span>}
      </div>
      <div className="waterfall__timeline">
        <div
          className="waterfall__bar"
          style={{ left: `${left}%`, width: `${width}%`, background: color }}
          title={`${s.serviceName}: ${s.name} — ${formatDurationNanos(s.durationMs * 1e6)}`}
        />
        {critical?.map((segment, i) => (
          <div
            key={i}
            className="waterfall__critical"
            style={{ left: `${toPct(axis, segment.startMs)}%`, width: `${Math.max(0.1, toPct(axis, segment.endMs) - toPct(axis, segment.startMs))}%` }}
          />
        ))}
        <span
          className={`waterfall__duration${inside ? ' is-inside' : ''}`}
          style={inside ? { right: `calc(${Math.max(0, 100 - left - width)}% + 6px)` } : { left: `calc(${left + width}% + 6px)` }}
        >
          {formatDurationNanos(s.durationMs * 1e6)}
        </span>
      </div>
    </div>
  );
});

const LogRow = memo(function LogRow({
  row,
  top,
  height,
  traceStartMs,
  axis,
  onSelect,
}: {
  row: Extract<Row, { type: 'log' }>;
  top: number;
  height: number;
  traceStartMs: number;
  axis: Axis;
  onSelect: (spanId: string) => void;
}) {
  const group = severityGroup(row.log.severityText, row.log.severityNumber);
  const at = row.log.timeMs - traceStartMs;
  return (
    <div className="waterfall__row waterfall__row--log" style={{ transform: `translateY(${top}px)`, height }} data-testid="inline-log" onClick={() => onSelect(row.spanId)}>
      <div className="waterfall__name" style={{ paddingLeft: 8 + Math.min(row.depth, MAX_INDENT_LEVELS) * INDENT + 18 }}>
        <SeverityBadge log={row.log} /> <LogBody log={row.log} />
      </div>
      <div className="waterfall__timeline">
        <div className="waterfall__log-mark" style={{ left: `${toPct(axis, at)}%`, background: SEVERITY_COLORS[group] }} title={formatDurationNanos(at * 1e6)} />
      </div>
    </div>
  );
});

import { useMemo, useRef, useState, type PointerEvent } from 'react';
import type { LatencyHistogramResponse } from '../../api/schemas';
import { useElementWidth } from '../../components/layout/use-element-width';
import { formatCompact, formatDurationNanos } from '../../format/format';
import { brushToRange, domainForBins, logScale, logTicks, regroupBuckets } from '../../transforms/latency-buckets';
import './latency-histogram.css';

const HEIGHT = 220;
const MARGIN = { top: 34, right: 16, bottom: 30, left: 48 };
const fmtMs = (ms: number) => formatDurationNanos(ms * 1e6);

/** A round axis maximum (1, 2, 2.5, 5 × 10^k, and divisible into 4 ticks) at or above `value`. */
function niceMax(value: number): number {
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const m of [1, 2, 4, 5, 8, 10]) if (m * magnitude >= value && (m * magnitude) % 4 === 0) return m * magnitude;
  for (const m of [1, 2, 4, 5, 8, 10]) if (m * magnitude >= value) return m * magnitude;
  return value;
}

export interface DurationSelection {
  minMs: number;
  maxMs: number;
}

/**
 * Latency distribution on a log-scale axis with p50/p95/p99 marked. Drag across it to select a
 * latency range: the parent lists the traces in that range.
 */
export function LatencyHistogram({
  data,
  selection,
  onSelect,
}: {
  data: LatencyHistogramResponse;
  selection: DurationSelection | null;
  onSelect: (selection: DurationSelection | null) => void;
}) {
  const [containerRef, width] = useElementWidth<HTMLDivElement>();
  const innerWidth = Math.max(100, width - MARGIN.left - MARGIN.right);
  const innerHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const bins = useMemo(() => regroupBuckets(data.buckets, 4), [data.buckets]);
  const [minMs, maxMs] = domainForBins(bins);
  const scale = useMemo(() => logScale(minMs, maxMs, innerWidth), [minMs, maxMs, innerWidth]);
  const maxCount = niceMax(Math.max(1, ...bins.map((b) => b.count)));
  const [drag, setDrag] = useState<{ x0: number; x1: number } | null>(null);
  const svgRef = useRef<SVGSVGElement>(null);

  const localX = (event: PointerEvent) => {
    const rect = svgRef.current!.getBoundingClientRect();
    return Math.min(Math.max(event.clientX - rect.left - MARGIN.left, 0), innerWidth);
  };
  const markers = [
    { label: 'p50', value: data.p50Ms, color: '#2e9e6b' },
    { label: 'p95', value: data.p95Ms, color: '#e0a100' },
    { label: 'p99', value: data.p99Ms, color: '#d64545' },
  ].filter((m): m is { label: string; value: number; color: string } => m.value !== null);

  // Labels of percentiles close together go on alternate lines instead of overprinting.
  const labelRows: number[] = [];
  markers.forEach((marker, i) => {
    const crowded = i > 0 && Math.abs(scale.toX(marker.value) - scale.toX(markers[i - 1].value)) < 96;
    labelRows.push(crowded ? 1 - labelRows[i - 1] : 0);
  });
  const shown = drag ? { a: Math.min(drag.x0, drag.x1), b: Math.max(drag.x0, drag.x1) } : selection ? { a: scale.toX(selection.minMs), b: scale.toX(selection.maxMs) } : null;

  return (
    <div ref={containerRef} className="latency-histogram" data-testid="latency-histogram">
      <svg
        ref={svgRef}
        width={width}
        height={HEIGHT}
        role="img"
        aria-label="Latency distribution (log scale). Drag to select a latency range."
        onPointerDown={(e) => {
          (e.target as Element).setPointerCapture?.(e.pointerId);
          const x = localX(e);
          setDrag({ x0: x, x1: x });
        }}
        onPointerMove={(e) => drag && setDrag({ ...drag, x1: localX(e) })}
        onPointerUp={(e) => {
          if (!drag) return;
          const range = brushToRange(drag.x0, localX(e), scale, bins);
          setDrag(null);
          onSelect(range);
        }}
      >
        <g transform={`translate(${MARGIN.left},${MARGIN.top})`}>
          {[0.25, 0.5, 0.75, 1].map((f) => (
            <g key={f}>
              <line x1={0} x2={innerWidth} y1={innerHeight * (1 - f)} y2={innerHeight * (1 - f)} className="latency-histogram__grid" />
              <text x={-8} y={innerHeight * (1 - f) + 4} textAnchor="end" className="latency-histogram__tick">
                {formatCompact(maxCount * f)}
              </text>
            </g>
          ))}
          {bins.map((bin) => {
            const x = scale.toX(bin.lowerMs);
            const w = Math.max(1, scale.toX(bin.upperMs) - x - 1);
            const h = (bin.count / maxCount) * innerHeight;
            const inSelection = selection && bin.upperMs > selection.minMs && bin.lowerMs < selection.maxMs;
            return (
              <rect key={bin.lowerMs} x={x} y={innerHeight - h} width={w} height={h} rx={1.5} className={`latency-histogram__bar${inSelection ? ' is-selected' : ''}`}>
                <title>{`${fmtMs(bin.lowerMs)} – ${fmtMs(bin.upperMs)}: ${bin.count} calls`}</title>
              </rect>
            );
          })}
          {markers.map((marker, i) => {
            const x = scale.toX(marker.value);
            const row = labelRows[i];
            return (
              <g key={marker.label} data-testid={`marker-${marker.label}`}>
                <line x1={x} x2={x} y1={-4} y2={innerHeight} stroke={marker.color} strokeWidth={1.5} strokeDasharray="4 3" />
                <text x={x + 3} y={-8 - row * 13} fill={marker.color} className="latency-histogram__marker">
                  {marker.label} {fmtMs(marker.value)}
                </text>
              </g>
            );
          })}
          {shown && <rect x={shown.a} y={0} width={Math.max(1, shown.b - shown.a)} height={innerHeight} className="latency-histogram__brush" />}
          <line x1={0} x2={innerWidth} y1={innerHeight} y2={innerHeight} className="latency-histogram__axis" />
          {logTicks(minMs, maxMs).map((tick) => (
            <g key={tick} transform={`translate(${scale.toX(tick)},${innerHeight})`}>
              <line y2={4} className="latency-histogram__axis" />
              <text y={17} textAnchor="middle" className="latency-histogram__tick">
                {fmtMs(tick)}
              </text>
            </g>
          ))}
        </g>
      </svg>
    </div>
  );
}

import { useMemo } from 'react';
import { useElementWidth } from '../../components/layout/use-element-width';
import { Empty } from '../../components/states/states';
import { formatCount, formatTime } from '../../format/format';
import { bucketLabel, heatColor, toHistogramHeatmap, type HistogramSeriesInput } from '../../transforms/histogram-heatmap';

const HEIGHT = 320;
const MARGIN = { top: 8, right: 12, bottom: 26, left: 92 };

/**
 * A histogram metric as a heatmap: time across, buckets up, each cell coloured by how many
 * observations fell in that bucket during that step. Plain SVG (a few hundred cells at most).
 */
export function HistogramHeatmap({
  series,
  startMs,
  endMs,
  stepMs,
  formatBound,
}: {
  series: readonly HistogramSeriesInput[];
  startMs: number;
  endMs: number;
  stepMs: number;
  formatBound: (value: number) => string;
}) {
  const [containerRef, width] = useElementWidth<HTMLDivElement>();
  const heatmap = useMemo(() => toHistogramHeatmap(series), [series]);
  if (heatmap.times.length === 0) {
    return (
      <Empty title="Not enough data for a heatmap">
        A step's observations are the increase of the histogram's counts since the step before, so it needs points in at least two steps.
      </Empty>
    );
  }
  const innerWidth = Math.max(100, width - MARGIN.left - MARGIN.right);
  const innerHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const columns = Math.max(1, Math.ceil((endMs - startMs) / stepMs));
  const cellWidth = innerWidth / columns;
  const cellHeight = innerHeight / heatmap.buckets.length;
  const labelEvery = Math.ceil(heatmap.buckets.length / Math.max(1, Math.floor(innerHeight / 14)));
  const timeTicks = Array.from({ length: 5 }, (_, i) => startMs + ((endMs - startMs) * i) / 4);
  const x = (timeMs: number) => ((timeMs - startMs) / stepMs) * cellWidth;

  return (
    <div ref={containerRef} className="heatmap" data-testid="metric-heatmap">
      <svg width={width} height={HEIGHT} role="img" aria-label="Histogram heatmap: time across, buckets up, colour by count">
        <g transform={`translate(${MARGIN.left},${MARGIN.top})`}>
          <rect width={innerWidth} height={innerHeight} className="heatmap__background" />
          {heatmap.counts.map((column, t) =>
            column.map((count, b) => {
              const fill = heatColor(count, heatmap.max);
              if (!fill) return null;
              const time = heatmap.times[t];
              return (
                <rect
                  key={`${time}-${b}`}
                  x={x(time)}
                  y={innerHeight - (b + 1) * cellHeight}
                  width={Math.max(1, cellWidth - 1)}
                  height={Math.max(1, cellHeight - 1)}
                  fill={fill}
                  data-testid="heatmap-cell"
                >
                  <title>{`${formatTime(time)} · ${bucketLabel(heatmap.buckets[b], formatBound)}: ${formatCount(count)}`}</title>
                </rect>
              );
            }),
          )}
          {heatmap.buckets.map((bucket, b) =>
            b % labelEvery === 0 ? (
              <text key={b} x={-6} y={innerHeight - (b + 0.5) * cellHeight} className="heatmap__axis" textAnchor="end" dominantBaseline="middle">
                {bucketLabel(bucket, formatBound)}
              </text>
            ) : null,
          )}
          {timeTicks.map((time, i) => (
            <text key={i} x={x(time)} y={innerHeight + 16} className="heatmap__axis" textAnchor={i === 0 ? 'start' : i === timeTicks.length - 1 ? 'end' : 'middle'}>
              {formatTime(time).slice(0, 5)}
            </text>
          ))}
        </g>
      </svg>
      <div className="heatmap__legend">
        <span>observations per step</span>
        <span className="heatmap__scale" aria-hidden />
        <span>
          0 … <strong data-testid="heatmap-max">{formatCount(heatmap.max)}</strong>
        </span>
        {heatmap.skippedSeries > 0 && <span className="muted">({heatmap.skippedSeries} series with other buckets left out)</span>}
      </div>
    </div>
  );
}

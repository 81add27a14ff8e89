import { useEffect, useRef, useState, type PointerEvent } from 'react';
import { useElementWidth } from '../../components/layout/use-element-width';
import { serviceColor } from '../../transforms/colors';
import type { TraceModel } from './trace-model';
import type { ViewWindow } from './waterfall';

const HEIGHT = 56;
const ERROR_COLOR = '#d64545';

/**
 * The whole trace in miniature (canvas: 50,000 spans draw in milliseconds). Drag to zoom the
 * waterfall's time axis to a window; double-click to reset. The band on the left edge shows which
 * rows are scrolled into view.
 */
export function Minimap({
  model,
  view,
  onViewChange,
  visibleRowRange,
}: {
  model: TraceModel;
  view: ViewWindow;
  onViewChange: (view: ViewWindow) => void;
  visibleRowRange: { first: number; last: number; total: number } | null;
}) {
  const [containerRef, width] = useElementWidth<HTMLDivElement>();
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [drag, setDrag] = useState<{ a: number; b: number } | null>(null);

  useEffect(() => {
    // Drawn after the rows have painted (a frame, then a task): the overview is not what a reader
    // needs first, and a width change before then (the first measurement) draws once, not twice.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => drawOverview(canvasRef.current, model, width), 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [model, width]);

  const fraction = (event: PointerEvent) => {
    const rect = canvasRef.current!.getBoundingClientRect();
    return Math.min(1, Math.max(0, (event.clientX - rect.left) / rect.width));
  };
  const zoomed = view.from > 0 || view.to < 1;
  const shown = drag ? { from: Math.min(drag.a, drag.b), to: Math.max(drag.a, drag.b) } : view;

  return (
    <div ref={containerRef} className="minimap" data-testid="minimap">
      <canvas
        ref={canvasRef}
        style={{ width, height: HEIGHT }}
        onPointerDown={(e) => {
          (e.target as Element).setPointerCapture?.(e.pointerId);
          const f = fraction(e);
          setDrag({ a: f, b: f });
        }}
        onPointerMove={(e) => drag && setDrag({ ...drag, b: fraction(e) })}
        onPointerUp={() => {
          if (drag && Math.abs(drag.b - drag.a) > 0.005) onViewChange({ from: Math.min(drag.a, drag.b), to: Math.max(drag.a, drag.b) });
          setDrag(null);
        }}
        onDoubleClick={() => onViewChange({ from: 0, to: 1 })}
        aria-label="Trace overview: drag to zoom, double-click to reset"
        role="img"
      />
      {(zoomed || drag) && (
        <>
          <div className="minimap__shade" style={{ left: 0, width: `${shown.from * 100}%` }} />
          <div className="minimap__shade" style={{ left: `${shown.to * 100}%`, right: 0 }} />
          <div className="minimap__window" style={{ left: `${shown.from * 100}%`, width: `${(shown.to - shown.from) * 100}%` }} />
        </>
      )}
      {visibleRowRange && visibleRowRange.total > 0 && (
        <div
          className="minimap__rows"
          style={{ top: `${(visibleRowRange.first / visibleRowRange.total) * 100}%`, height: `${Math.max(2, ((visibleRowRange.last - visibleRowRange.first + 1) / visibleRowRange.total) * 100)}%` }}
        />
      )}
    </div>
  );
}

function drawOverview(canvas: HTMLCanvasElement | null, model: TraceModel, width: number): void {
  const context = canvas?.getContext('2d');
  if (!canvas || !context) return;
  const ratio = window.devicePixelRatio || 1;
  canvas.width = width * ratio;
  canvas.height = HEIGHT * ratio;
  context.setTransform(ratio, 0, 0, ratio, 0, 0);
  context.clearRect(0, 0, width, HEIGHT);
  const rows = model.allRows();
  const total = model.durationMs || 1;
  const rowHeight = HEIGHT / Math.max(rows.length, 1);
  const barHeight = Math.max(0.6, Math.min(4, rowHeight - 0.3));
  // One path per colour, filled once: setting fillStyle and filling per bar cost ~10 µs a span
  // (100 ms for 10,000), most of it parsing the same colour strings again. Errors go on top.
  const paths = new Map<string, Path2D>();
  const errors = new Path2D();
  rows.forEach((node, i) => {
    const s = node.span;
    let path = errors;
    if (!s.api.isError) {
      const color = serviceColor(s.api.serviceName);
      path = paths.get(color) ?? new Path2D();
      if (!paths.has(color)) paths.set(color, path);
    }
    path.rect((s.startMs / total) * width, i * rowHeight, Math.max(1, ((s.endMs - s.startMs) / total) * width), barHeight);
  });
  paths.set(ERROR_COLOR, errors);
  for (const [color, path] of paths) {
    context.fillStyle = color;
    context.fill(path);
  }
}

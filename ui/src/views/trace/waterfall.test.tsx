import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ApiLogRecord, ApiSpan, TraceResponse } from '../../api/schemas';
import { buildTraceModel } from './trace-model';
import { Waterfall } from './waterfall';

function apiSpan(i: number, parent: number | null, startMs: number, durationMs: number, service = 'web', isError = false): ApiSpan {
  return {
    traceId: 'a'.repeat(32),
    spanId: i.toString(16).padStart(16, '0'),
    parentSpanId: parent === null ? '' : parent.toString(16).padStart(16, '0'),
    name: `op-${i}`,
    kind: 1,
    kindName: 'INTERNAL',
    startTimeUnixNano: '0',
    endTimeUnixNano: '0',
    startTimeMs: 1_700_000_000_000 + startMs,
    durationMs,
    status: { code: isError ? 2 : 0, codeName: isError ? 'ERROR' : 'UNSET' },
    serviceName: service,
    resourceIndex: 0,
    scope: { name: 's' },
    attributes: {},
    events: [],
    links: [],
    isRoot: parent === null,
    isError,
  };
}

function log(spanId: string, timeMs: number, body: string): ApiLogRecord {
  return {
    logId: `log-${body}`,
    timeUnixNano: '0',
    timeMs: 1_700_000_000_000 + timeMs,
    observedTimeUnixNano: '0',
    severityNumber: 9,
    severityText: 'INFO',
    body,
    traceId: 'a'.repeat(32),
    spanId,
    serviceName: 'web',
    resource: { serviceName: 'web', attributes: {} },
    scope: { name: 'pino' },
    attributes: {},
  };
}

const trace = (spans: ApiSpan[], logs: ApiLogRecord[] = []): TraceResponse => ({ traceId: 'a'.repeat(32), resources: [{ serviceName: 'web', attributes: {} }], spans, logs, startTimeMs: 1_700_000_000_000, durationMs: 100, services: ['web'] });
const props = { collapsed: new Set<string>(), onToggle: () => undefined, selectedSpanId: null, onSelect: () => undefined, showLogs: true, showCriticalPath: false, view: { from: 0, to: 1 } };

// jsdom does no layout: give the scroll container the size a browser would.
beforeEach(() => {
  vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(700);
  vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(1200);
});
afterEach(cleanup);

describe('Waterfall', () => {
  it('renders only a window of rows of a 10,000-span trace (virtualized)', () => {
    const spans = [apiSpan(0, null, 0, 1000), ...Array.from({ length: 9_999 }, (_, i) => apiSpan(i + 1, 0, i * 0.1, 0.5))];
    const model = buildTraceModel(trace(spans));
    render(<Waterfall model={model} {...props} />);
    const rows = screen.getAllByTestId('span-row');
    expect(rows.length).toBeGreaterThan(10);
    expect(rows.length).toBeLessThan(100);
    expect(screen.getByTestId('waterfall').getAttribute('data-rows')).toBe('10000');
  });

  it('renders the rows scrolled to, and scrolls a span selected from elsewhere into view', () => {
    const spans = [apiSpan(0, null, 0, 1000), ...Array.from({ length: 4_999 }, (_, i) => apiSpan(i + 1, 0, i * 0.1, 0.5))];
    const model = buildTraceModel(trace(spans));
    const { container, rerender } = render(<Waterfall model={model} {...props} />);
    const scroller = container.querySelector<HTMLElement>('.waterfall__scroll')!;
    scroller.scrollTop = 28 * 3_000;
    fireEvent.scroll(scroller);
    const shown = () => screen.getAllByTestId('span-row').map((row) => parseInt(row.getAttribute('data-span-id')!, 16));
    expect(shown()).toContain(3_000);
    expect(shown()).not.toContain(0);
    // Row 100 is above the view: selecting it scrolls up to it, the least distance.
    rerender(<Waterfall model={model} {...props} selectedSpanId={spans[100].spanId} />);
    expect(scroller.scrollTop).toBe(28 * 100);
    fireEvent.scroll(scroller);
    expect(shown()).toContain(100);
  });

  it('puts each log under the span that wrote it and marks errors', () => {
    const spans = [apiSpan(0, null, 0, 100), apiSpan(1, 0, 10, 50, 'db', true), apiSpan(2, 0, 70, 20)];
    const model = buildTraceModel(trace(spans, [log(spans[1].spanId, 20, 'query failed'), log(spans[0].spanId, 1, 'request in')]));
    const { container } = render(<Waterfall model={model} {...props} />);
    const order = [...container.querySelectorAll('[data-testid=span-row], [data-testid=inline-log]')].map((el) => el.getAttribute('data-span-id') ?? el.textContent);
    expect(order).toEqual([spans[0].spanId, 'INFO request in', spans[1].spanId, 'INFO query failed', spans[2].spanId]);
    expect(container.querySelectorAll('.waterfall__row.is-error').length).toBe(1);
  });

  it('draws the critical path only when asked', () => {
    const spans = [apiSpan(0, null, 0, 100), apiSpan(1, 0, 10, 50), apiSpan(2, 0, 20, 30)];
    const model = buildTraceModel(trace(spans));
    const { container, rerender } = render(<Waterfall model={model} {...props} />);
    expect(container.querySelectorAll('.waterfall__critical').length).toBe(0);
    rerender(<Waterfall model={model} {...props} showCriticalPath />);
    // root before and after child 1, child 1 itself; child 2 ran in parallel and is not on it
    expect(container.querySelectorAll('.waterfall__critical').length).toBe(3);
    expect(container.querySelector(`[data-span-id="${spans[2].spanId}"] .waterfall__critical`)).toBeNull();
  });

  it('toggles a subtree and selects a span', () => {
    const spans = [apiSpan(0, null, 0, 100), apiSpan(1, 0, 10, 50)];
    const onToggle = vi.fn();
    const onSelect = vi.fn();
    render(<Waterfall model={buildTraceModel(trace(spans))} {...props} onToggle={onToggle} onSelect={onSelect} />);
    fireEvent.click(screen.getByRole('button', { name: 'Collapse op-0' }));
    expect(onToggle).toHaveBeenCalledWith(spans[0].spanId);
    expect(onSelect).not.toHaveBeenCalled();
    fireEvent.click(screen.getAllByTestId('span-row')[1]);
    expect(onSelect).toHaveBeenCalledWith(spans[1].spanId);
  });
});

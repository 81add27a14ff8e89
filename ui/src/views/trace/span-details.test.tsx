import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ApiLogRecord, ApiResource, ApiSpan } from '../../api/schemas';
import { SpanDetails } from './span-details';

const MARKUP = '<img src=x onerror="window.__xss=1">';

const span: ApiSpan = {
  traceId: 'a'.repeat(32),
  spanId: 'b'.repeat(16),
  parentSpanId: '',
  name: 'GET /cart',
  kind: 2,
  kindName: 'SERVER',
  startTimeUnixNano: '1700000000000000000',
  endTimeUnixNano: '1700000000025000000',
  startTimeMs: 1700000000000,
  durationMs: 25,
  status: { code: 2, codeName: 'ERROR', message: 'boom <b>bold</b>' },
  serviceName: 'cart',
  resourceIndex: 0,
  scope: { name: 'http' },
  attributes: { 'user.comment': MARKUP, 'http.status_code': 500, tags: ['a', 'b'] },
  events: [{ timeUnixNano: '1700000000001000000', timeMs: 1700000000001, name: 'exception', attributes: { 'exception.message': 'nope' } }],
  links: [{ traceId: 'c'.repeat(32), spanId: 'd'.repeat(16), attributes: {} }],
  isRoot: true,
  isError: true,
};
const resource: ApiResource = { serviceName: 'cart', attributes: { 'service.name': 'cart', 'host.name': 'cart-1' } };
const log: ApiLogRecord = {
  logId: 'l1',
  timeUnixNano: '1700000000002000000',
  timeMs: 1700000000002,
  observedTimeUnixNano: '1700000000002000000',
  severityNumber: 17,
  severityText: 'ERROR',
  body: '<script>window.__xss=2</script>',
  traceId: span.traceId,
  spanId: span.spanId,
  serviceName: 'cart',
  resource: { serviceName: 'cart', attributes: {} },
  scope: { name: 'pino' },
  attributes: {},
};

afterEach(cleanup);

describe('SpanDetails', () => {
  it('shows attributes, resource, events, links, status and logs', () => {
    render(<SpanDetails span={span} resource={resource} logs={[log]} relativeStartMs={3} onClose={() => undefined} />);
    expect(screen.getByText('GET /cart')).toBeTruthy();
    expect(screen.getByText('500')).toBeTruthy();
    expect(screen.getByText('["a","b"]')).toBeTruthy();
    expect(screen.getByText('cart-1')).toBeTruthy();
    expect(screen.getByText('exception')).toBeTruthy();
    expect(screen.getByText('ERROR', { selector: '.badge' })).toBeTruthy();
    expect(screen.getByTestId('status-message').textContent).toBe('boom <b>bold</b>');
    expect(screen.getByRole('link', { name: /cccccccc/ }).getAttribute('href')).toBe(`/traces/${'c'.repeat(32)}?span=${'d'.repeat(16)}`);
  });

  it('renders markup in user data as text, creating no elements from it', () => {
    const { container } = render(<SpanDetails span={span} resource={resource} logs={[log]} relativeStartMs={0} onClose={() => undefined} />);
    expect(screen.getByText(MARKUP)).toBeTruthy();
    expect(screen.getByText('<script>window.__xss=2</script>')).toBeTruthy();
    expect(container.querySelector('img, script, b')).toBeNull();
  });

  it('closes', () => {
    const onClose = vi.fn();
    render(<SpanDetails span={span} resource={resource} logs={[]} relativeStartMs={0} onClose={onClose} />);
    fireEvent.click(screen.getByRole('button', { name: 'Close span details' }));
    expect(onClose).toHaveBeenCalledOnce();
  });
});

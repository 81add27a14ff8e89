import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TimeProvider } from './refresh-context';
import { TimeRangePicker } from './time-range-picker';

beforeEach(() => window.history.replaceState(null, '', '/services?sort=p99'));
afterEach(cleanup);

describe('TimeRangePicker', () => {
  it('keeps the chosen range and auto-refresh in the URL', () => {
    render(
      <TimeProvider>
        <TimeRangePicker />
      </TimeProvider>,
    );
    expect(screen.getByTestId('time-range-toggle').textContent).toContain('Last 1 hour');
    fireEvent.click(screen.getByTestId('time-range-toggle'));
    fireEvent.click(screen.getByRole('button', { name: 'Last 7 days' }));
    expect(window.location.search).toBe('?sort=p99&range=7d');
    expect(screen.getByTestId('time-range-toggle').textContent).toContain('Last 7 days');
    fireEvent.change(screen.getByLabelText('Auto-refresh'), { target: { value: '30000' } });
    expect(new URLSearchParams(window.location.search).get('refresh')).toBe('30000');
  });
});

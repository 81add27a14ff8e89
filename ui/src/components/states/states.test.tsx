import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ErrorBoundary } from './states';

function Broken(): never {
  throw new TypeError("Cannot read properties of undefined (reading 'name')");
}

describe('ErrorBoundary', () => {
  afterEach(cleanup);

  it('shows what a view threw instead of unmounting the app, and tries again on a new path', () => {
    // React reports the caught error on the console; that is expected here.
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const { rerender } = render(
        <ErrorBoundary resetKey="/traces/a">
          <Broken />
        </ErrorBoundary>,
      );
      expect(screen.getByTestId('error-state').textContent).toContain("reading 'name'");
      rerender(
        <ErrorBoundary resetKey="/services">
          <p>services</p>
        </ErrorBoundary>,
      );
      expect(screen.queryByTestId('error-state')).toBeNull();
      expect(screen.getByText('services')).toBeTruthy();
    } finally {
      consoleError.mockRestore();
    }
  });
});

import { Component, useEffect, useState, type ReactNode } from 'react';
import { ApiRequestError } from '../../api/client';
import type { ApiState } from '../../api/use-api';
import './states.css';

/**
 * The spinner starts turning only after this long: a shorter wait needs no animation, and an
 * animating element makes the browser draw a frame every 16 ms, CPU a loading page needs (measured
 * on a 10,000-span trace page: ~30–50 ms of compositor CPU per load).
 */
const SPINNER_DELAY_MS = 500;

export function Loading({ label = 'Loading…' }: { label?: string }) {
  const [spinning, setSpinning] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setSpinning(true), SPINNER_DELAY_MS);
    return () => clearTimeout(timer);
  }, []);
  return (
    <div className="state state--loading" role="status" aria-live="polite">
      <span className={spinning ? 'spinner' : 'spinner spinner--still'} aria-hidden /> {label}
    </div>
  );
}

export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="state state--empty" data-testid="empty-state">
      <div className="state__title">{title}</div>
      {children && <div className="state__hint">{children}</div>}
    </div>
  );
}

export function ErrorBox({ error }: { error: Error }) {
  const details = error instanceof ApiRequestError ? error.details : undefined;
  const title =
    error instanceof ApiRequestError && error.kind === 'contract'
      ? 'Unexpected response from the API'
      : error instanceof ApiRequestError && error.kind === 'network'
        ? 'Collector unreachable'
        : 'Something went wrong';
  return (
    <div className="state state--error" role="alert" data-testid="error-state">
      <div className="state__title">{title}</div>
      <div>{error.message}</div>
      {details && <pre className="state__details">{details}</pre>}
    </div>
  );
}

/**
 * A view that throws while rendering shows what went wrong in its place; without a boundary React
 * unmounts the whole app and leaves a blank page (a response the schemas let through but a view
 * cannot render, a view chunk that failed to load). A new `resetKey` (the path) tries again.
 */
export class ErrorBoundary extends Component<{ resetKey: string; children: ReactNode }, { error: Error | null; resetKey: string }> {
  override state = { error: null as Error | null, resetKey: this.props.resetKey };

  static getDerivedStateFromError(error: unknown) {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  static getDerivedStateFromProps(props: { resetKey: string }, state: { resetKey: string }) {
    return props.resetKey === state.resetKey ? null : { error: null, resetKey: props.resetKey };
  }

  override render() {
    return this.state.error ? <ErrorBox error={this.state.error} /> : this.props.children;
  }
}

/**
 * Renders the right state for an API call: the first load shows a spinner, errors show what went
 * wrong (keeping stale data visible when there is some), and data goes to `children`.
 */
export function AsyncView<T>({
  state,
  children,
  isEmpty,
  empty,
}: {
  state: ApiState<T>;
  children: (data: T) => ReactNode;
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
}) {
  if (state.status === 'error' && state.data === undefined) return <ErrorBox error={state.error} />;
  if (state.data === undefined) return <Loading />;
  return (
    <>
      {state.status === 'error' && <ErrorBox error={state.error} />}
      {isEmpty?.(state.data) ? (empty ?? <Empty title="No data in this time range" />) : children(state.data)}
    </>
  );
}

import type { ReactNode } from 'react';
import { ApiRequestError } from '../../api/client';
import type { ApiState } from '../../api/use-api';
import './states.css';

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <div className="state state--loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden /> {label}
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

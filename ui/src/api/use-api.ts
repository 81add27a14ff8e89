import { useLayoutEffect, useRef, useState } from 'react';
import { useRefreshTick } from '../components/time-range/refresh-context';

export type ApiState<T> =
  | { status: 'loading'; data?: T; error?: undefined }
  | { status: 'success'; data: T; error?: undefined }
  | { status: 'error'; data?: T; error: Error };

/**
 * Runs `load` whenever `key` changes or the user refreshes, cancelling the previous request.
 * Keeps the previous data while reloading so charts do not flash empty on auto-refresh.
 * `key` null means "not ready to ask yet" (e.g. no metric picked).
 *
 * The request starts in a layout effect, during the commit: a passive effect would only run after
 * the browser has painted the page, which under load delays every view's data by a frame or more.
 */
export function useApi<T>(key: string | null, load: (signal: AbortSignal) => Promise<T>): ApiState<T> {
  const tick = useRefreshTick();
  const [state, setState] = useState<ApiState<T>>({ status: 'loading' });
  const loadRef = useRef(load);
  loadRef.current = load;
  useLayoutEffect(() => {
    if (key === null) return;
    const controller = new AbortController();
    // (A first request needs no state change: the state starts as loading, and a re-render here
    // would run before the paint.)
    setState((previous) => (previous.status === 'loading' && previous.data === undefined ? previous : { status: 'loading', data: previous.data }));
    loadRef.current(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setState({ status: 'success', data });
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setState((previous) => ({ status: 'error', data: previous.data, error: error instanceof Error ? error : new Error(String(error)) }));
      },
    );
    return () => controller.abort();
  }, [key, tick]);
  return state;
}

import { useEffect, useRef, useState } from 'react';
import { useRefreshTick } from '../components/time-range/refresh-context';

export type ApiState<T> =
  | { status: 'loading'; data?: T; error?: undefined }
  | { status: 'success'; data: T; error?: undefined }
  | { status: 'error'; data?: T; error: Error };

/**
 * Runs `load` whenever `key` changes or the user refreshes, cancelling the previous request.
 * Keeps the previous data while reloading so charts do not flash empty on auto-refresh.
 * `key` null means "not ready to ask yet" (e.g. no metric picked).
 */
export function useApi<T>(key: string | null, load: (signal: AbortSignal) => Promise<T>): ApiState<T> {
  const tick = useRefreshTick();
  const [state, setState] = useState<ApiState<T>>({ status: 'loading' });
  const loadRef = useRef(load);
  loadRef.current = load;
  useEffect(() => {
    if (key === null) return;
    const controller = new AbortController();
    setState((previous) => ({ status: 'loading', data: previous.data }));
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

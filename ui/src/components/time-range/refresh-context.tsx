import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useLocation, useUpdateParams } from '../../routing/router';
import { rangeFromParams, rangeToParams, resolveRange, type ResolvedRange, type TimeRangeSpec } from '../../time/time-range';

interface TimeContext {
  tick: number;
  refresh: () => void;
  spec: TimeRangeSpec;
  /** The range resolved at the last refresh: every panel of a view asks for the same window. */
  resolved: ResolvedRange;
  setSpec: (spec: TimeRangeSpec) => void;
  autoRefreshMs: number | null;
  setAutoRefreshMs: (ms: number | null) => void;
}

const Context = createContext<TimeContext | null>(null);

export const AUTO_REFRESH_CHOICES: { label: string; ms: number | null }[] = [
  { label: 'Off', ms: null },
  { label: '5s', ms: 5_000 },
  { label: '15s', ms: 15_000 },
  { label: '30s', ms: 30_000 },
  { label: '1m', ms: 60_000 },
];

/** Time range, refresh and auto-refresh, all backed by the URL (`range`/`from`/`to`, `refresh`). */
export function TimeProvider({ children }: { children: ReactNode }) {
  const { params, pathname } = useLocation();
  const update = useUpdateParams();
  const [tick, setTick] = useState(0);
  const rangeKey = `${params.get('range')}|${params.get('from')}|${params.get('to')}`;
  const spec = useMemo(() => rangeFromParams(params), [rangeKey]); // eslint-disable-line react-hooks/exhaustive-deps
  // "Last hour" is re-resolved on refresh and when moving to another view (pathname), so a view
  // opened later does not query the window of the moment the app was loaded.
  const resolved = useMemo(() => resolveRange(spec, Date.now()), [spec, tick, pathname]); // eslint-disable-line react-hooks/exhaustive-deps
  const refreshParam = Number(params.get('refresh'));
  const autoRefreshMs = Number.isFinite(refreshParam) && refreshParam >= 1000 ? refreshParam : null;

  useEffect(() => {
    if (autoRefreshMs === null) return;
    const timer = setInterval(() => setTick((t) => t + 1), autoRefreshMs);
    return () => clearInterval(timer);
  }, [autoRefreshMs]);

  const value = useMemo<TimeContext>(
    () => ({
      tick,
      refresh: () => setTick((t) => t + 1),
      spec,
      resolved,
      setSpec: (next) => update(rangeToParams(next)),
      autoRefreshMs,
      setAutoRefreshMs: (ms) => update({ refresh: ms }),
    }),
    [tick, spec, resolved, autoRefreshMs, update],
  );
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export function useTime(): TimeContext {
  const value = useContext(Context);
  if (!value) throw new Error('useTime must be used inside <TimeProvider>');
  return value;
}

/** The refresh counter; 0 outside a provider so hooks also work in isolated component tests. */
export function useRefreshTick(): number {
  return useContext(Context)?.tick ?? 0;
}

import { useCallback, useEffect, useRef, useState } from 'react';
import { shownError, type ShownError } from '../api/backendError';

export interface Polled<T> {
  data?: T;
  error?: ShownError;
  loading: boolean;
  reload(): void;
}

/**
 * Fetches `load()` when `key` changes and every `intervalMs` while mounted (detail panes poll
 * the backend for series that the pushed deltas do not carry). Stale responses for an old key
 * are ignored.
 */
export function usePolled<T>(key: string | undefined, load: (key: string) => Promise<T>, intervalMs = 5000): Polled<T> {
  const [state, setState] = useState<{ key?: string; data?: T; error?: ShownError }>({});
  const loadRef = useRef(load);
  const [tick, setTick] = useState(0);
  useEffect(() => { loadRef.current = load; });

  useEffect(() => {
    if (!key) return;
    let cancelled = false;
    const run = () => {
      loadRef.current(key).then(
        (data) => { if (!cancelled) setState({ key, data }); },
        (err: unknown) => { if (!cancelled) setState((s) => ({ key, data: s.key === key ? s.data : undefined, error: shownError(err) })); },
      );
    };
    run();
    const timer = setInterval(run, intervalMs);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, [key, intervalMs, tick]);

  const reload = useCallback(() => setTick((n) => n + 1), []);
  const current = state.key === key;
  return { data: current ? state.data : undefined, error: current ? state.error : undefined, loading: !!key && (!current || (!state.data && !state.error)), reload };
}

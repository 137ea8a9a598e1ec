/** Loading data for a page: cached answer first (if any), then the fresh one. */
import { useCallback, useEffect, useState } from 'react';
import { ApiFailure, cached, get } from './api.ts';

export type Loadable<T> =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'ok'; data: T }
  | { status: 'error'; error: ApiFailure };

/** Fetches `path` (null: nothing to fetch) and follows it when it changes. */
export function useApi<T>(path: string | null, opts: { keepPrevious?: boolean } = {}): Loadable<T> & { reload(): void } {
  const initial = (previous?: Loadable<T>): Loadable<T> => {
    if (path === null) return { status: 'idle' };
    const hit = cached<T>(path);
    if (hit !== undefined) return { status: 'ok', data: hit };
    // A list being filtered keeps showing the last answer until the new one is there.
    if (opts.keepPrevious && previous?.status === 'ok') return previous;
    return { status: 'loading' };
  };
  const [state, setState] = useState<{ path: string | null; value: Loadable<T> }>(() => ({ path, value: initial() }));
  const [tick, setTick] = useState(0);

  // A new path shows its cached answer (or "loading") at once, never the previous page's data.
  let current = state;
  if (state.path !== path) {
    current = { path, value: initial(state.value) };
    setState(current);
  }

  useEffect(() => {
    if (path === null) return;
    const ctrl = new AbortController();
    get<T>(path, ctrl.signal).then(
      (data) => setState({ path, value: { status: 'ok', data } }),
      (e: unknown) => {
        if (ctrl.signal.aborted) return;
        const error = e instanceof ApiFailure ? e : new ApiFailure('Ett oväntat fel inträffade.', 0, 'unknown');
        setState({ path, value: { status: 'error', error } });
      },
    );
    return () => ctrl.abort();
  }, [path, tick]);

  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...current.value, reload };
}

/** Sets the browser tab's title. */
export function useTitle(title: string | null): void {
  useEffect(() => {
    if (title) document.title = `${title} – Styrbord`;
  }, [title]);
}

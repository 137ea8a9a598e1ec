/** What a page shows while it loads or when loading failed. */
import type { ReactNode } from 'react';
import type { ApiFailure } from '../api.ts';
import type { Loadable } from '../useApi.ts';
import { NotFoundPage } from '../pages/NotFoundPage.tsx';

export function Loading({ what = 'Laddar …' }: { what?: string }) {
  return (
    <p className="loading" role="status">
      <span className="spinner" aria-hidden="true" />
      {what}
    </p>
  );
}

export function ErrorMessage({ error, retry }: { error: ApiFailure | string; retry?: () => void }) {
  const message = typeof error === 'string' ? error : error.message;
  return (
    <div className="alert alert-error" role="alert">
      <p>{message}</p>
      {retry && (
        <button type="button" className="button button-secondary" onClick={retry}>
          Försök igen
        </button>
      )}
    </div>
  );
}

/** Renders children with the data once it is there; "Laddar …", an error or the 404 page before that. */
export function Loaded<T>({
  state,
  loading,
  children,
}: {
  state: Loadable<T> & { reload(): void };
  loading?: string;
  children: (data: T) => ReactNode;
}) {
  switch (state.status) {
    case 'idle':
      return null;
    case 'loading':
      return <Loading what={loading} />;
    case 'error':
      if (state.error.status === 404) return <NotFoundPage message={state.error.message} />;
      // Trying again helps when the network or the server failed, not when the request itself was refused.
      return <ErrorMessage error={state.error} retry={state.error.status === 0 || state.error.status >= 500 ? state.reload : undefined} />;
    case 'ok':
      return <>{children(state.data)}</>;
  }
}

/**
 * Who is signed in (if anyone), shared by the header and the pages; and the dialog that asks for
 * the password again when the server wants a recent sign-in (signing the justering, account changes).
 */
import { createContext, useCallback, useContext, useEffect, useId, useMemo, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { Permission } from '../../src/access/contract.ts';
import { api, ApiFailure, send, setReauthHandler, setSessionLostHandler, type SessionInfo, type SessionUser } from './api.ts';

interface SessionState {
  /** undefined while the first answer is on its way. */
  user: SessionUser | null | undefined;
  /** Whether sign-in through the region's identity provider is configured. */
  oidc: boolean;
  login(username: string, password: string): Promise<SessionUser | null>;
  logout(): Promise<void>;
  /** Changes the signed-in user's own password (required after a reset). */
  changePassword(currentPassword: string, newPassword: string): Promise<void>;
}

const SessionContext = createContext<SessionState>({
  user: null,
  oidc: false,
  login: async () => null,
  logout: async () => {},
  changePassword: async () => {},
});

interface Pending {
  message: string;
  resolve(ok: boolean): void;
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [info, setInfo] = useState<SessionInfo | null | undefined>(undefined);
  const [pending, setPending] = useState<Pending | null>(null);

  useEffect(() => {
    api.session().then(
      (s) => setInfo(s),
      () => setInfo(null),
    );
  }, []);

  // the server asks for the password again: one dialog at a time, the request waits for it
  useEffect(() => {
    setReauthHandler((message) => new Promise<boolean>((resolve) => setPending({ message, resolve })));
    // the session ended on the server (idle timeout, deactivated): the header shows "Logga in" again
    setSessionLostHandler(() => setInfo((i) => (i ? { ...i, user: null, csrfToken: null } : null)));
    return () => {
      setReauthHandler(null);
      setSessionLostHandler(null);
    };
  }, []);

  const login = useCallback(async (username: string, password: string) => {
    const s = await api.login(username, password);
    setInfo(s);
    return s.user;
  }, []);

  const logout = useCallback(async () => {
    await api.logout();
    setInfo((i) => (i ? { ...i, user: null, csrfToken: null } : null));
  }, []);

  const changePassword = useCallback(async (currentPassword: string, newPassword: string) => {
    const s = await send<SessionInfo>('PUT', '/api/session/password', { currentPassword, newPassword });
    setInfo((i) => ({ ...(i ?? {}), ...s }));
  }, []);

  const value = useMemo(
    () => ({ user: info === undefined ? undefined : (info?.user ?? null), oidc: Boolean(info?.oidc), login, logout, changePassword }),
    [info, login, logout, changePassword],
  );
  return (
    <SessionContext.Provider value={value}>
      {children}
      {pending && (
        <ReauthDialog
          message={pending.message}
          oidc={Boolean(info?.oidc) && info?.via === 'oidc'}
          onDone={(ok) => {
            pending.resolve(ok);
            setPending(null);
          }}
        />
      )}
    </SessionContext.Provider>
  );
}

/**
 * What the signed-in user may do: `can('funding.attest')` is true when the
 * server's grants give the user that permission (the session carries them).
 * Record-level rules (not the preparer, not a locked report) come with the
 * records themselves.
 */
export function useCan(): (permission: Permission) => boolean {
  const { user } = useSession();
  return useCallback((permission: Permission) => Boolean(user?.permissions?.includes(permission)), [user]);
}

/** "Bekräfta att det är du": the password again (or the identity provider), then the request is retried. */
function ReauthDialog({ message, oidc, onDone }: { message: string; oidc: boolean; onDone(ok: boolean): void }) {
  const ids = useId();
  const ref = useRef<HTMLDialogElement>(null);
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
  }, []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!password) {
      setError('Ange ditt lösenord.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await send('POST', '/api/session/reauth', { password });
      ref.current?.close();
      onDone(true);
    } catch (err) {
      setError(err instanceof ApiFailure ? err.message : 'Det gick inte att bekräfta inloggningen.');
      setBusy(false);
    }
  };

  const cancel = () => {
    ref.current?.close();
    onDone(false);
  };

  const here = window.location.pathname + window.location.search;
  return (
    <dialog
      ref={ref}
      className="card reauth-dialog"
      aria-labelledby={`${ids}-h`}
      aria-describedby={`${ids}-d`}
      onCancel={(e) => {
        e.preventDefault();
        cancel();
      }}
    >
      <h2 id={`${ids}-h`}>Bekräfta att det är du</h2>
      <p id={`${ids}-d`}>{message}</p>
      <form onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor={`${ids}-p`}>Lösenord</label>
          <input
            id={`${ids}-p`}
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${ids}-e` : undefined}
            autoFocus
          />
        </div>
        {error && (
          <p id={`${ids}-e`} className="alert alert-error" role="alert">
            {error}
          </p>
        )}
        <p className="actions">
          <button type="submit" className="button" disabled={busy}>
            {busy ? 'Bekräftar …' : 'Bekräfta'}
          </button>{' '}
          <button type="button" className="button button-secondary" onClick={cancel}>
            Avbryt
          </button>
        </p>
        {oidc && (
          <p>
            <a href={`/api/oidc/login?reauth=true&next=${encodeURIComponent(here)}`}>Logga in igen via regionens identitetstjänst</a> (sidan laddas om; gör
            sedan om det du höll på med).
          </p>
        )}
      </form>
    </dialog>
  );
}

export const useSession = () => useContext(SessionContext);

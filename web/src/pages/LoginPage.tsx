/** /logga-in – sign in (needed to register cases). */
import { useId, useState, type FormEvent } from 'react';
import { ApiFailure } from '../api.ts';
import { ErrorMessage } from '../components/Status.tsx';
import { navigate, useSearchParam } from '../router.tsx';
import { useSession } from '../session.tsx';
import { useTitle } from '../useApi.ts';

/** Only paths inside the app, never another site. */
const safeNext = (next: string) => (/^\/(?!\/)/.test(next) && !next.startsWith('/logga-in') ? next : '/');

export function LoginPage() {
  useTitle('Logga in');
  const ids = useId();
  const next = safeNext(useSearchParam('nasta'));
  const { user, login, logout } = useSession();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!username.trim() || !password) {
      setError('Fyll i användarnamn och lösenord.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await login(username.trim(), password);
      navigate(next);
    } catch (err) {
      setError(err instanceof ApiFailure ? err.message : 'Inloggningen misslyckades.');
      setBusy(false);
    }
  };

  if (user) {
    return (
      <>
        <h1>Logga in</h1>
        <p>
          Du är inloggad som <strong>{user.displayName}</strong>.
        </p>
        <button type="button" className="button button-secondary" onClick={() => void logout()}>
          Logga ut
        </button>
      </>
    );
  }

  return (
    <div className="narrow">
      <h1>Logga in</h1>
      <p>Logga in för att registrera ärenden. Allt annat i Styrbord kan läsas utan inloggning.</p>
      {error && <ErrorMessage error={error} />}
      <form className="card" onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor={`${ids}-u`}>Användarnamn</label>
          <input id={`${ids}-u`} name="username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} required />
        </div>
        <div className="field">
          <label htmlFor={`${ids}-p`}>Lösenord</label>
          <input
            id={`${ids}-p`}
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
          />
        </div>
        <button type="submit" className="button" disabled={busy}>
          {busy ? 'Loggar in …' : 'Logga in'}
        </button>
      </form>
    </div>
  );
}

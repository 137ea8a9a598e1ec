/** /logga-in – sign in (needed to register cases); change one's password (required after a reset). */
import { useId, useState, type FormEvent } from 'react';
import { ApiFailure } from '../api.ts';
import { PasswordField, UsernameField } from '../components/PasswordFields.tsx';
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
      const u = await login(username.trim(), password);
      setPassword('');
      setBusy(false);
      // a one-time password: stay here and choose a new one
      if (!u?.mustChangePassword) navigate(next);
    } catch (err) {
      setError(err instanceof ApiFailure ? err.message : 'Inloggningen misslyckades.');
      setBusy(false);
    }
  };

  if (user) {
    return (
      <div className="narrow">
        <h1>{user.mustChangePassword ? 'Byt lösenord' : 'Logga in'}</h1>
        {user.mustChangePassword ? (
          <p>
            Du har loggat in som <strong>{user.displayName}</strong> med ett tillfälligt lösenord. Välj ett eget lösenord innan du fortsätter.
          </p>
        ) : (
          <p>
            Du är inloggad som <strong>{user.displayName}</strong>.
          </p>
        )}
        <ChangePassword required={Boolean(user.mustChangePassword)} onChanged={() => user.mustChangePassword && navigate(next)} />
        <p>
          <button type="button" className="button button-secondary" onClick={() => void logout()}>
            Logga ut
          </button>
        </p>
      </div>
    );
  }

  return (
    <div className="narrow">
      <h1>Logga in</h1>
      <p>Logga in för att registrera ärenden. Allt annat i Styrbord kan läsas utan inloggning.</p>
      {error && <ErrorMessage error={error} />}
      <form className="card" onSubmit={submit} noValidate>
        <UsernameField id={`${ids}-u`} value={username} onChange={setUsername} />
        <PasswordField id={`${ids}-p`} name="password" label="Lösenord" autoComplete="current-password" value={password} onChange={setPassword} />
        <button type="submit" className="button" disabled={busy}>
          {busy ? 'Loggar in …' : 'Logga in'}
        </button>
      </form>
    </div>
  );
}

/** The own password: the current one, the new one twice; the server checks its strength. */
function ChangePassword({ required, onChanged }: { required: boolean; onChanged(): void }) {
  const ids = useId();
  const { changePassword } = useSession();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setDone(false);
    if (!current || !next) {
      setError('Fyll i nuvarande och nytt lösenord.');
      return;
    }
    if (next !== again) {
      setError('De två nya lösenorden är inte lika.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await changePassword(current, next);
      setCurrent('');
      setNext('');
      setAgain('');
      setDone(true);
      onChanged();
    } catch (err) {
      setError(err instanceof ApiFailure ? err.message : 'Lösenordet kunde inte bytas.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card" onSubmit={submit} noValidate aria-labelledby={`${ids}-h`}>
      <h2 id={`${ids}-h`}>Byt lösenord</h2>
      <p id={`${ids}-hint`}>
        Minst 12 tecken och svårt att gissa: till exempel tre eller fyra ord som inte hör ihop. Ditt namn och användarnamn gör lösenordet svagare.
      </p>
      {error && <ErrorMessage error={error} />}
      {done && (
        <p className="alert alert-success" role="status">
          Lösenordet är bytt.
        </p>
      )}
      <PasswordField id={`${ids}-c`} label={required ? 'Tillfälligt lösenord' : 'Nuvarande lösenord'} autoComplete="current-password" value={current} onChange={setCurrent} />
      <PasswordField id={`${ids}-n`} label="Nytt lösenord" autoComplete="new-password" describedBy={`${ids}-hint`} value={next} onChange={setNext} />
      <PasswordField id={`${ids}-a`} label="Nytt lösenord igen" autoComplete="new-password" value={again} onChange={setAgain} />
      <button type="submit" className="button" disabled={busy}>
        {busy ? 'Byter …' : 'Byt lösenord'}
      </button>
    </form>
  );
}

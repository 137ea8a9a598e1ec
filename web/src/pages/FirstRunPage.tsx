/**
 * /forsta-inloggning#token=… – the first administrator, with the one-time link
 * the server printed in its terminal at start: choose user name, name and
 * password, and be signed in. The token is read from the #fragment (never
 * sent in a request line) and taken out of the address bar at once.
 */
import { useEffect, useId, useState, type FormEvent } from 'react';
import { ApiFailure, get, send } from '../api.ts';
import { PasswordField, UsernameField } from '../components/PasswordFields.tsx';
import { ErrorMessage, Loading } from '../components/Status.tsx';
import { Link, navigate } from '../router.tsx';
import { useSession } from '../session.tsx';
import { useTitle } from '../useApi.ts';

/** The token in the link's #fragment. */
const readToken = () => /(?:^#|&)token=([A-Za-z0-9_-]{1,100})/.exec(window.location.hash)?.[1] ?? '';

export function FirstRunPage() {
  useTitle('Skapa den första administratören');
  const ids = useId();
  const { user, login } = useSession();
  const [token] = useState(readToken);
  const [open, setOpen] = useState<boolean | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);

  useEffect(() => {
    // the address bar (and the history) keeps only the path, not the token
    if (window.location.hash) navigate(window.location.pathname, { replace: true });
    get<{ open: boolean }>('/api/first-run').then(
      (r) => setOpen(r.open),
      (e: unknown) => setLoadError(e instanceof ApiFailure ? e.message : 'Det gick inte att nå servern.'),
    );
  }, []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!username.trim() || !displayName.trim() || !password) {
      setError('Fyll i användarnamn, namn och lösenord.');
      return;
    }
    if (password !== repeat) {
      setError('Lösenorden är inte lika. Skriv samma lösenord i båda fälten.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await send('POST', '/api/first-run', { token, username: username.trim(), displayName: displayName.trim(), password }, '/api/first-run');
      await login(username.trim(), password);
      setDone(true);
    } catch (err) {
      setError(err instanceof ApiFailure ? err.message : 'Administratören kunde inte skapas.');
      setBusy(false);
    }
  };

  if (done && user) {
    return (
      <div className="narrow">
        <h1>Välkommen, {user.displayName}</h1>
        <p role="status">
          Du är inloggad som administratör ({user.username}). Länken du använde gäller inte längre. Nya användare med roller skapar du som
          administratör; vad som har hänt i systemet ser du i <Link href="/granskning">granskningsloggen</Link>.
        </p>
        <p>
          <Link className="button" href="/">
            Till sammanträdena
          </Link>
        </p>
      </div>
    );
  }

  if (loadError) return <ErrorMessage error={loadError} />;
  if (open === null) return <Loading />;

  if (!open) {
    return (
      <div className="narrow">
        <h1>Skapa den första administratören</h1>
        <p>
          Det finns redan en administratör, eller så har länken gått ut. <Link href="/logga-in">Logga in</Link> med ditt konto. Finns ingen
          administratör ännu: starta om servern (Ctrl+C och <code>npm start</code> i terminalen), så skrivs en ny länk ut där.
        </p>
      </div>
    );
  }

  if (!token) {
    return (
      <div className="narrow">
        <h1>Skapa den första administratören</h1>
        <p>
          Öppna länken som servern skrev ut i terminalen när den startade (den börjar med <code>…/forsta-inloggning#token=</code>). Den
          fungerar en gång.
        </p>
      </div>
    );
  }

  return (
    <div className="narrow">
      <h1>Skapa den första administratören</h1>
      <p>
        Styrbord har ingen administratör ännu och inget standardlösenord. Välj användarnamn, ditt namn och ett lösenord: minst 12 tecken
        och svårt att gissa, till exempel tre eller fyra ord som inte hör ihop.
      </p>
      {error && <ErrorMessage error={error} />}
      <form className="card" onSubmit={submit} noValidate>
        <UsernameField id={`${ids}-u`} value={username} onChange={setUsername} />
        <div className="field">
          <label htmlFor={`${ids}-n`}>Namn</label>
          <input id={`${ids}-n`} name="name" autoComplete="name" value={displayName} onChange={(e) => setDisplayName(e.target.value)} required />
        </div>
        <PasswordField id={`${ids}-p`} name="password" label="Lösenord" autoComplete="new-password" value={password} onChange={setPassword} />
        <PasswordField id={`${ids}-r`} name="repeat" label="Upprepa lösenordet" autoComplete="new-password" value={repeat} onChange={setRepeat} />
        <button type="submit" className="button" disabled={busy}>
          {busy ? 'Skapar …' : 'Skapa administratören och logga in'}
        </button>
      </form>
    </div>
  );
}

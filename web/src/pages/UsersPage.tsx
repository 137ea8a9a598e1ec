/**
 * /anvandare – accounts for administrators: create (one account per person, a one-time password
 * shown once), change roles, deactivate and reactivate, reset a password. Every change is audited;
 * the server asks for the password again when the sign-in is older than 10 minutes.
 */
import { useId, useState, type FormEvent } from 'react';
import { ApiFailure, send } from '../api.ts';
import { ErrorMessage, Loaded } from '../components/Status.tsx';
import { Field, useSubmit } from '../components/form.tsx';
import { useApi, useTitle } from '../useApi.ts';
import { ServedBodies } from '../components/ServedBodies.tsx';
import { useSession } from '../session.tsx';

interface Account {
  id: number;
  username: string;
  displayName: string;
  roles: string[];
  personId: number | null;
  personName: string | null;
  active: boolean;
  mustChangePassword: boolean;
  version: number;
  oidcBound: boolean;
}

interface PersonChoice {
  id: number;
  name: string;
  account: string | null;
}

const ROLE_LABELS: Array<[string, string]> = [
  ['member', 'Ledamot/ersättare'],
  ['case-officer', 'Handläggare'],
  ['secretary', 'Nämndsekreterare'],
  ['adjuster', 'Justerare/ordförande'],
  ['admin', 'Administratör'],
];
const roleLabel = (r: string) => ROLE_LABELS.find(([k]) => k === r)?.[1] ?? r;
const message = (e: unknown, fallback: string) => (e instanceof ApiFailure ? e.message : fallback);

/** A one-time password, shown once with what to do with it. */
function OneTimePassword({ username, password, onClose }: { username: string; password: string; onClose(): void }) {
  return (
    <div className="alert alert-success" role="status">
      <p>
        Engångslösenord för <strong>{username}</strong>: <code className="one-time-password">{password}</code>
      </p>
      <p>Lämna det till användaren på ett säkert sätt. Det visas bara nu, gäller i 72 timmar och måste bytas vid första inloggningen.</p>
      <button type="button" className="button button-secondary" onClick={onClose}>
        Jag har sparat lösenordet
      </button>
    </div>
  );
}

function RoleBoxes({ legend, value, onChange }: { legend: string; value: string[]; onChange(v: string[]): void }) {
  return (
    <fieldset className="field">
      <legend>{legend}</legend>
      {ROLE_LABELS.map(([key, label]) => (
        <label key={key} className="checkbox-label">
          <input
            type="checkbox"
            checked={value.includes(key)}
            onChange={(e) => onChange(e.target.checked ? [...value, key] : value.filter((r) => r !== key))}
          />{' '}
          {label}
        </label>
      ))}
    </fieldset>
  );
}

function CreateUser({ people, onCreated }: { people: PersonChoice[]; onCreated(username: string, password: string | undefined): void }) {
  const ids = useId();
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [personId, setPersonId] = useState('');
  const [roles, setRoles] = useState<string[]>([]);
  const { busy, error, setError, run } = useSubmit({ fallback: 'Användaren kunde inte skapas.' });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!username.trim() || !displayName.trim()) {
      setError('Fyll i användarnamn och namn.');
      return;
    }
    void run(async () => {
      const created = await send<{ username: string; temporaryPassword?: string }>(
        'POST',
        '/api/users',
        { username: username.trim(), displayName: displayName.trim(), roles, personId: personId ? Number(personId) : null },
        '/api/users',
        '/api/people',
      );
      setUsername('');
      setDisplayName('');
      setPersonId('');
      setRoles([]);
      onCreated(created.username, created.temporaryPassword);
    });
  };

  return (
    <form className="card" onSubmit={submit} noValidate aria-labelledby={`${ids}-h`}>
      <h2 id={`${ids}-h`}>Ny användare</h2>
      <p>Varje person har ett konto. Ett engångslösenord skapas och visas en gång; användaren byter det vid första inloggningen.</p>
      {error && <ErrorMessage error={error} />}
      <Field label="Användarnamn" value={username} onChange={(e) => setUsername(e.target.value)} autoComplete="off" required />
      <Field label="Namn" value={displayName} onChange={(e) => setDisplayName(e.target.value)} autoComplete="off" required />
      <Field label="Person (ledamot eller ersättare)">
        <select value={personId} onChange={(e) => setPersonId(e.target.value)}>
          <option value="">Ingen (tjänsteperson)</option>
          {people.map((p) => (
            <option key={p.id} value={p.id} disabled={Boolean(p.account)}>
              {p.name}
              {p.account ? ` – har konto (${p.account})` : ''}
            </option>
          ))}
        </select>
      </Field>
      <RoleBoxes legend="Roller" value={roles} onChange={setRoles} />
      <button type="submit" className="button" disabled={busy}>
        {busy ? 'Skapar …' : 'Skapa användare'}
      </button>
    </form>
  );
}

function AccountRow({ a, self, onChanged, onPassword }: { a: Account; self: boolean; onChanged(): void; onPassword(username: string, password: string): void }) {
  const ids = useId();
  const [editing, setEditing] = useState(false);
  const [roles, setRoles] = useState<string[]>(a.roles);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const act = async (work: () => Promise<unknown>, fallback: string) => {
    setBusy(true);
    setError(null);
    try {
      await work();
      onChanged();
      return true;
    } catch (err) {
      setError(message(err, fallback));
      return false;
    } finally {
      setBusy(false);
    }
  };

  const saveRoles = async (e: FormEvent) => {
    e.preventDefault();
    if (await act(() => send('PUT', `/api/users/${a.id}/roles`, { roles, version: a.version }, '/api/users'), 'Rollerna kunde inte ändras.')) setEditing(false);
  };
  const toggle = () =>
    act(() => send('PUT', `/api/users/${a.id}/active`, { active: !a.active, version: a.version }, '/api/users', '/api/people'), 'Kontot kunde inte ändras.');
  const [confirming, setConfirming] = useState(false);
  const reset = () => {
    setConfirming(false);
    void act(async () => {
      const r = await send<{ temporaryPassword: string }>('POST', `/api/users/${a.id}/password-reset`, undefined, '/api/users');
      onPassword(a.username, r.temporaryPassword);
    }, 'Lösenordet kunde inte återställas.');
  };

  return (
    <tr>
      <th scope="row">{a.username}</th>
      <td>{a.displayName}</td>
      <td>{a.personName ?? '–'}</td>
      <td>
        {editing ? (
          <form onSubmit={saveRoles} aria-label={`Roller för ${a.username}`}>
            <RoleBoxes legend={`Roller för ${a.username}`} value={roles} onChange={setRoles} />
            <button type="submit" className="button" disabled={busy}>
              Spara roller
            </button>{' '}
            <button type="button" className="button button-secondary" onClick={() => (setEditing(false), setRoles(a.roles))}>
              Avbryt
            </button>
          </form>
        ) : a.roles.length ? (
          a.roles.map(roleLabel).join(', ')
        ) : (
          'inga'
        )}
      </td>
      <td>
        {a.active ? 'Aktivt' : 'Avstängt'}
        {a.mustChangePassword ? ', måste byta lösenord' : ''}
        {a.oidcBound ? ', kopplat till regionens inloggning' : ''}
      </td>
      <td>
        <div className="row-actions" id={`${ids}-a`}>
          {!editing && (
            <button type="button" className="button button-secondary" disabled={busy} onClick={() => setEditing(true)}>
              Ändra roller<span className="visually-hidden"> för {a.username}</span>
            </button>
          )}{' '}
          {!self && (
            <button type="button" className="button button-secondary" disabled={busy} onClick={() => void toggle()}>
              {a.active ? 'Stäng av' : 'Återaktivera'}
              <span className="visually-hidden"> kontot {a.username}</span>
            </button>
          )}{' '}
          {!confirming && (
            <button type="button" className="button button-secondary" disabled={busy} onClick={() => setConfirming(true)}>
              Återställ lösenord<span className="visually-hidden"> för {a.username}</span>
            </button>
          )}
        </div>
        {confirming && (
          <div role="group" aria-label={`Bekräfta återställning för ${a.username}`}>
            <p>{a.username} loggas ut och får ett engångslösenord.</p>
            <button type="button" className="button" disabled={busy} onClick={reset}>
              Ja, återställ lösenordet
            </button>{' '}
            <button type="button" className="button button-secondary" onClick={() => setConfirming(false)}>
              Avbryt
            </button>
          </div>
        )}
        {error && (
          <p className="alert alert-error" role="alert">
            {error}
          </p>
        )}
      </td>
    </tr>
  );
}

export function UsersPage() {
  useTitle('Användare');
  const { user } = useSession();
  const accounts = useApi<Account[]>('/api/users');
  const people = useApi<PersonChoice[]>('/api/people');
  const [shown, setShown] = useState<{ username: string; password: string } | null>(null);
  const reload = () => {
    accounts.reload();
    people.reload();
  };

  return (
    <>
      <h1>Användare</h1>
      <p>
        Konton, roller och lösenord. Varje ändring står i granskningsloggen. Avstängda konton kan inte logga in och loggas ut direkt. För ändringar här måste du ha
        loggat in under de senaste tio minuterna; annars frågar Styrbord efter ditt lösenord igen.
      </p>
      {shown && <OneTimePassword username={shown.username} password={shown.password} onClose={() => setShown(null)} />}
      <Loaded state={accounts}>
        {(list) => (
          <table className="audit users">
            <caption>{list.length} konton</caption>
            <thead>
              <tr>
                <th scope="col">Användarnamn</th>
                <th scope="col">Namn</th>
                <th scope="col">Person</th>
                <th scope="col">Roller</th>
                <th scope="col">Status</th>
                <th scope="col">Åtgärder</th>
              </tr>
            </thead>
            <tbody>
              {list.map((a) => (
                <AccountRow key={`${a.id}-${a.version}`} a={a} self={a.id === user?.id} onChanged={reload} onPassword={(username, password) => setShown({ username, password })} />
              ))}
            </tbody>
          </table>
        )}
      </Loaded>
      <CreateUser
        people={people.status === 'ok' ? people.data : []}
        onCreated={(username, password) => {
          reload();
          if (password) setShown({ username, password });
        }}
      />
      <ServedBodies />
    </>
  );
}

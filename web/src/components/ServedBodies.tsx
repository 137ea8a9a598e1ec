/**
 * The administrator's control for which bodies each user serves as an
 * official: secret papers of a body are read only by its members (through the
 * person's seat) and by the users who serve it; administrators read all.
 */
import { useId, useState } from 'react';
import type { BodySummary } from '../../../src/http/contract.ts';
import { send } from '../api.ts';
import { SaveStatus, useSave } from './SaveStatus.tsx';
import { useApi } from '../useApi.ts';

interface Account {
  id: number;
  username: string;
  displayName: string;
  roles: string[];
}

function UserRow({ a, bodies, served, onSaved }: { a: Account; bodies: BodySummary[]; served: number[]; onSaved(): void }) {
  const id = useId();
  const [chosen, setChosen] = useState<Set<number>>(new Set(served));
  const { busy, message, run } = useSave();
  const toggle = (bodyId: number, on: boolean) => {
    const next = new Set(chosen);
    if (on) next.add(bodyId);
    else next.delete(bodyId);
    setChosen(next);
  };
  const save = () => run(() => send('PUT', `/api/users/${a.id}/bodies`, { bodyIds: [...chosen] }, '/api/user-bodies'), 'Sparat.', 'Nämnderna kunde inte sparas.', onSaved);
  return (
    <tr>
      <th scope="row" id={`${id}-user`}>
        {a.displayName} ({a.username})
      </th>
      <td>
        {a.roles.includes('admin') ? (
          <span className="muted">Administratör: läser alla nämnders handlingar</span>
        ) : (
          <fieldset className="inline-choices" aria-labelledby={`${id}-user`}>
            {bodies.map((b) => (
              <label key={b.id}>
                <input type="checkbox" checked={chosen.has(b.id)} onChange={(e) => toggle(b.id, e.target.checked)} /> {b.name}
              </label>
            ))}
          </fieldset>
        )}
      </td>
      <td>
        {!a.roles.includes('admin') && (
          <button type="button" className="button" disabled={busy} onClick={() => void save()} aria-describedby={`${id}-user`}>
            Spara nämnder för {a.username}
          </button>
        )}
        <SaveStatus message={message} />
      </td>
    </tr>
  );
}

export function ServedBodies() {
  const users = useApi<Account[]>('/api/users');
  const bodies = useApi<BodySummary[]>('/api/bodies');
  const links = useApi<Array<{ userId: number; bodyIds: number[] }>>('/api/user-bodies');
  if (users.status !== 'ok' || bodies.status !== 'ok' || links.status !== 'ok') return null;
  const servedBy = new Map(links.data.map((l) => [l.userId, l.bodyIds]));
  return (
    <section aria-labelledby="tjanstgoring">
      <h2 id="tjanstgoring">Tjänstgöring i nämnder</h2>
      <p>
        Sekretessmarkerade handlingar läses bara av nämndens ledamöter och ersättare (genom kontots person) och av de tjänstepersoner som tjänstgör för nämnden.
        Ange här vilka nämnder varje konto tjänstgör för. Varje läsning av en sekretessmarkerad handling står i granskningsloggen.
      </p>
      <table className="audit users">
        <thead>
          <tr>
            <th scope="col">Konto</th>
            <th scope="col">Nämnder</th>
            <th scope="col">Åtgärd</th>
          </tr>
        </thead>
        <tbody>
          {users.data.map((a) => (
            <UserRow key={a.id} a={a} bodies={bodies.data} served={servedBy.get(a.id) ?? []} onSaved={links.reload} />
          ))}
        </tbody>
      </table>
    </section>
  );
}

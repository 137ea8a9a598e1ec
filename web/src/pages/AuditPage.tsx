/** /granskning – the audit log for administrators: who did what, when, before and after; CSV export; the hash chain's state. */
import { useId, useState } from 'react';
import { Loaded } from '../components/Status.tsx';
import { useApi, useTitle } from '../useApi.ts';

interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  action: string;
  entity: string;
  entityId: string;
  before: unknown;
  after: unknown;
}

/** GET /api/audit/verify (src/ops/auditVerify.ts). */
interface ChainStatus {
  ok: boolean | null;
  entries: number;
  head: { id: number; at: string; hash: string } | null;
  broken: { kind: string; id: number; at: string | null; stored: string | null; expected: string | null; message: string } | null;
  checkedAt: string;
  ms: number;
  message: string;
}

const swedishTime = (iso: string) => new Date(iso).toLocaleString('sv-SE', { timeZone: 'Europe/Stockholm' });

/** The chain's state: checked when the page opens, and again on request. */
function ChainCheck() {
  const state = useApi<ChainStatus>('/api/audit/verify');
  return (
    <section aria-labelledby="kedjan">
      <h2 id="kedjan">Kontroll av loggens hashkedja</h2>
      <p>
        Varje post bär en hash av sitt innehåll och föregående posts hash. Ändras eller tas en post bort i efterhand, också av den
        som äger databasen, stämmer kedjan inte längre och kontrollen pekar ut den första posten som inte hänger ihop.
      </p>
      <Loaded state={state} loading="Kontrollerar kedjan">
        {(c) => (
          <>
            {c.ok === false ? (
              <div role="alert" className="alert alert-error">
                <p><strong>Granskningsloggen är inte hel.</strong> {c.message}</p>
                {c.broken && (c.broken.stored || c.broken.expected) && (
                  <p>Lagrad hash: <code>{c.broken.stored ?? '–'}</code><br />Väntad hash: <code>{c.broken.expected ?? '–'}</code></p>
                )}
                <p>{c.entries.toLocaleString('sv-SE')} {c.entries === 1 ? 'post' : 'poster'} före den är hela. Kontakta den som ansvarar för databasen och spara en säkerhetskopia som den är.</p>
              </div>
            ) : (
              <p role="status">
                {c.ok === null ? c.message : <><strong>Kedjan är hel.</strong> {c.entries.toLocaleString('sv-SE')} {c.entries === 1 ? 'post' : 'poster'} kontrollerade.</>}
                {c.head && <> Senaste post: id {c.head.id} ({swedishTime(c.head.at)}), hash <code>{c.head.hash}</code>.</>}
              </p>
            )}
            <p>
              Kontrollerad {swedishTime(c.checkedAt)} på {c.ms.toLocaleString('sv-SE')} ms.{' '}
              <button type="button" onClick={state.reload}>Kontrollera igen</button>
            </p>
          </>
        )}
      </Loaded>
    </section>
  );
}

const ENTITIES = ['', 'case', 'meeting', 'minutes', 'decision', 'user', 'agenda_item', 'decision_basis', 'delegation_point', 'delegated_decision'];

export function AuditPage() {
  useTitle('Granskningslogg');
  const ids = useId();
  const [entity, setEntity] = useState('');
  const query = `?limit=200${entity ? `&entity=${encodeURIComponent(entity)}` : ''}`;
  const state = useApi<AuditEntry[]>(`/api/audit${query}`, { keepPrevious: true });
  return (
    <>
      <h1>Granskningslogg</h1>
      <p>Varje ändring i Styrbord: vem, när, vad, före och efter. Loggen kan inte ändras eller tas bort i appen, och en ändring i databasen syns i kontrollen nedan.</p>
      <ChainCheck />
      <h2>Händelser</h2>
      <p>
        <label htmlFor={`${ids}-entity`}>Visa</label>{' '}
        <select id={`${ids}-entity`} value={entity} onChange={(e) => setEntity(e.target.value)}>
          {ENTITIES.map((e) => <option key={e} value={e}>{e || 'allt'}</option>)}
        </select>{' '}
        <a href={`/api/audit.csv${query.replace('limit=200', 'limit=10000')}`}>Exportera som CSV</a>
      </p>
      <Loaded state={state}>
        {(entries) => (
          <table className="audit">
            <caption>De senaste {entries.length} händelserna</caption>
            <thead>
              <tr><th scope="col">Tidpunkt</th><th scope="col">Vem</th><th scope="col">Händelse</th><th scope="col">Vad</th><th scope="col">Efter</th></tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.id}>
                  <td>{e.at.slice(0, 19).replace('T', ' ')}</td>
                  <td>{e.actor}</td>
                  <td>{e.action}</td>
                  <td>{e.entity} {e.entityId}</td>
                  <td><code>{e.after === null ? '' : JSON.stringify(e.after).slice(0, 160)}</code></td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Loaded>
    </>
  );
}

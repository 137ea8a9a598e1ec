/** /granskning – the audit log for administrators: who did what, when, before and after; CSV export. */
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
      <p>Varje ändring i Styrbord: vem, när, vad, före och efter. Loggen kan inte ändras eller tas bort.</p>
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

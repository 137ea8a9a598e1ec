/** A case's ärendemening, handläggare and status, and its links to other cases (issue 14.3), for those who register cases. */
import { useState } from 'react';
import type { CaseDetail, UpdateCaseRequest } from '../../../src/http/contract.ts';
import { send } from '../api.ts';
import { CaseLink } from './CaseLink.tsx';
import { DateField, Field, useSubmit } from './form.tsx';

const STATUS: Array<[CaseDetail['status'], string]> = [
  ['open', 'Öppet'],
  ['dormant', 'Vilande'],
  ['closed', 'Avslutat'],
];

export function CaseEditor({ c, onChanged }: { c: CaseDetail; onChanged(): void }) {
  const [title, setTitle] = useState(c.title);
  const [officer, setOfficer] = useState(c.officer ?? '');
  const [status, setStatus] = useState(c.status);
  const [closedOn, setClosedOn] = useState(c.closedOn ?? '');
  const [saved, setSaved] = useState(false);
  const save = useSubmit<CaseDetail>({ onDone: () => { setSaved(true); onChanged(); } });
  const path = `/api/cases/${encodeURIComponent(c.caseNumber)}`;
  return (
    <section aria-labelledby="andra-arende">
      <h2 id="andra-arende">Ändra ärendet</h2>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          setSaved(false);
          const body: UpdateCaseRequest = { version: c.version, title, officer: officer.trim() || null, status, ...(status === 'closed' && closedOn ? { closedOn } : {}) };
          void save.run(() => send<CaseDetail>('PUT', path, body, path, '/api/cases'));
        }}
      >
        <Field label="Ärendemening" error={null}>
          <textarea rows={2} value={title} onChange={(e) => setTitle(e.target.value)} maxLength={2000} />
        </Field>
        <div className="field-row">
          <Field label="Handläggare" value={officer} onChange={(e) => setOfficer(e.target.value)} maxLength={200} autoComplete="off" />
          <Field label="Status">
            <select value={status} onChange={(e) => setStatus(e.target.value as CaseDetail['status'])}>
              {STATUS.map(([v, l]) => (
                <option key={v} value={v}>
                  {l}
                </option>
              ))}
            </select>
          </Field>
          {status === 'closed' && <DateField label="Avslutat den" value={closedOn} onChange={(d) => setClosedOn(d)} hint="ÅÅÅÅ-MM-DD; i dag om fältet lämnas tomt" />}
        </div>
        <button type="submit" className="button" disabled={save.busy}>
          {save.busy ? 'Sparar …' : 'Spara ärendet'}
        </button>{' '}
        {saved && <span role="status">Ärendet är sparat.</span>}
        {save.error && (
          <p className="alert alert-error" role="alert">
            {save.error}
          </p>
        )}
      </form>
      <Links c={c} onChanged={onChanged} />
    </section>
  );
}

function Links({ c, onChanged }: { c: CaseDetail; onChanged(): void }) {
  const [other, setOther] = useState('');
  const [kind, setKind] = useState<'extends' | 'related'>('extends');
  const act = useSubmit({ onDone: () => { setOther(''); onChanged(); } });
  const path = `/api/cases/${encodeURIComponent(c.caseNumber)}`;
  return (
    <>
      <h3>Länkade ärenden</h3>
      {c.links.length === 0 ? (
        <p>Inga länkade ärenden.</p>
      ) : (
        <ul>
          {c.links.map((l) => (
            <li key={l.caseNumber}>
              {l.label}: <CaseLink caseNumber={l.caseNumber} /> {l.title}{' '}
              <button type="button" className="link-button" disabled={act.busy} onClick={() => void act.run(() => send('DELETE', `${path}/links/${encodeURIComponent(l.caseNumber)}`, undefined, path))}>
                Ta bort länken till {l.caseNumber}
              </button>
            </li>
          ))}
        </ul>
      )}
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          void act.run(() => send('POST', `${path}/links`, { caseNumber: other.trim(), kind }, path));
        }}
      >
        <Field label="Diarienummer att länka" value={other} onChange={(e) => setOther(e.target.value)} maxLength={20} autoComplete="off" inline />
        <Field label="Ärendet är" inline>
          <select value={kind} onChange={(e) => setKind(e.target.value as 'extends' | 'related')}>
            <option value="extends">en fortsättning på det (förlängning, ändring)</option>
            <option value="related">relaterat till det</option>
          </select>
        </Field>
        <button type="submit" className="button button-secondary" disabled={act.busy}>
          Länka
        </button>
      </form>
      {act.error && (
        <p className="alert alert-error" role="alert">
          {act.error}
        </p>
      )}
    </>
  );
}

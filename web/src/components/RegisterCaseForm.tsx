/** "Registrera ärende": POST /api/cases; shows the allocated diarienummer or the server's message. */
import { useId, useRef, useState, type FormEvent } from 'react';
import type { CaseDetail } from '../../../src/http/contract.ts';
import { api, ApiFailure } from '../api.ts';
import { Link } from '../router.tsx';
import { useSession } from '../session.tsx';
import { CaseLink } from './CaseLink.tsx';
import { DateField, Field } from './form.tsx';

type Result = { kind: 'ok'; created: CaseDetail } | { kind: 'error'; message: string } | null;

export function RegisterCaseForm({ onRegistered }: { onRegistered(c: CaseDetail): void }) {
  const ids = useId();
  const { user } = useSession();
  const [title, setTitle] = useState('');
  const [series, setSeries] = useState('RS');
  const [registeredOn, setRegisteredOn] = useState('');
  const [existing, setExisting] = useState('');
  const [officer, setOfficer] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Result>(null);
  const titleRef = useRef<HTMLTextAreaElement>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    if (!title.trim()) {
      setResult({ kind: 'error', message: 'Skriv ärendemeningen (vad ärendet gäller).' });
      titleRef.current?.focus();
      return;
    }
    setBusy(true);
    setResult(null);
    try {
      const created = await api.registerCase({
        title: title.trim(),
        ...(series.trim() ? { series: series.trim().toUpperCase() } : {}),
        ...(registeredOn ? { registeredOn } : {}),
        ...(existing.trim() ? { caseNumber: existing.trim() } : {}),
        ...(officer.trim() ? { officer: officer.trim() } : {}),
      });
      setResult({ kind: 'ok', created });
      setTitle('');
      setExisting('');
      onRegistered(created);
    } catch (err) {
      setResult({ kind: 'error', message: err instanceof ApiFailure ? err.message : 'Ärendet kunde inte registreras.' });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card register" aria-labelledby={`${ids}-h`}>
      <h2 id={`${ids}-h`}>Registrera ärende</h2>
      {user === null && (
        <p className="hint">
          Du behöver vara inloggad som handläggare eller nämndsekreterare för att registrera ärenden.{' '}
          <Link href="/logga-in?nasta=%2Farenden">Logga in</Link>
        </p>
      )}
      <form onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor={`${ids}-title`}>
            Ärendemening <span className="required">(obligatorisk)</span>
          </label>
          <textarea
            id={`${ids}-title`}
            ref={titleRef}
            name="title"
            rows={2}
            value={title}
            onChange={(e) => setTitle(e.target.value)}
            required
            aria-required="true"
            maxLength={2000}
          />
        </div>
        <div className="field-row">
          <div className="field">
            <label htmlFor={`${ids}-series`}>Diarieserie</label>
            <input
              id={`${ids}-series`}
              name="series"
              value={series}
              onChange={(e) => setSeries(e.target.value)}
              maxLength={10}
              autoComplete="off"
              aria-describedby={`${ids}-series-hint`}
              className="input-short"
            />
            <p className="field-hint" id={`${ids}-series-hint`}>
              RS om inget annat anges
            </p>
          </div>
          <DateField label="Registreringsdatum" name="registeredOn" value={registeredOn} onChange={(d) => setRegisteredOn(d)} hint="ÅÅÅÅ-MM-DD; dagens datum om fältet lämnas tomt" />
        </div>
        <div className="field-row">
          <Field label="Handläggare" name="officer" value={officer} onChange={(e) => setOfficer(e.target.value)} maxLength={200} autoComplete="off" />
          <Field
            label="Befintligt diarienummer"
            name="caseNumber"
            value={existing}
            onChange={(e) => setExisting(e.target.value)}
            maxLength={20}
            autoComplete="off"
            className="input-short"
            hint="Bara om ärendet redan har ett nummer från ett annat system, till exempel 19RS4711; annars tilldelas nästa nummer"
          />
        </div>
        <button type="submit" className="button" disabled={busy}>
          {busy ? 'Registrerar …' : 'Registrera ärende'}
        </button>
      </form>
      <div aria-live="polite" className="form-result">
        {result?.kind === 'ok' && (
          <div className="alert alert-success">
            <p>
              Ärendet är registrerat med diarienummer{' '}
              <strong className="allocated-dnr">
                <CaseLink caseNumber={result.created.caseNumber} />
              </strong>
              .
            </p>
          </div>
        )}
      </div>
      {result?.kind === 'error' && (
        <div className="alert alert-error" role="alert">
          <p>{result.message}</p>
        </div>
      )}
    </section>
  );
}

/**
 * Changes to a co-financing decision on its application's page: a förlängning or utökning of a
 * granted decision (by the body, confirmed from the adjusted minutes, or on delegation; issue 16.3)
 * and the strategy's priority each decision names (the state report counts it there; issue 16.7).
 */
import { useId, useState, type FormEvent } from 'react';
import { formatKronor } from '../../../src/kernel/kronor.ts';
import type { ApplicationView, DecisionView } from '../../../src/funding/cofinancingService.ts';
import { cofinancingPaths, send } from '../api.ts';
import { useApi } from '../useApi.ts';
import { DateField, Field, MoneyField, useSubmit } from './form.tsx';
import { Alert } from './FormCard.tsx';
import { BodySelect, MeetingSelect } from './DecisionFields.tsx';

/** Förlängning eller utökning of a granted co-financing: by the body (on a meeting's agenda, confirmed from its adjusted minutes) or on delegation (at once). */
export function Extend({ a, onDone }: { a: ApplicationView; onDone(): void }) {
  const ids = useId();
  const [added, setAdded] = useState<number | null>(null);
  const [newEnd, setNewEnd] = useState('');
  const [route, setRoute] = useState<'body' | 'delegation'>('delegation');
  const [meetingId, setMeetingId] = useState('');
  const [bodyId, setBodyId] = useState('');
  const [decidedOn, setDecidedOn] = useState('');
  const [officer, setOfficer] = useState('');
  const [signName, setSignName] = useState('');
  const [signTitle, setSignTitle] = useState('');
  const [reason, setReason] = useState('');
  const { busy, error, setError, run } = useSubmit({ fallback: 'Det gick inte att registrera förlängningen eller utökningen. Försök igen.', onDone });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (added === null && !newEnd) return setError('Ange det tillkommande beloppet, det nya slutdatumet eller båda.');
    const change = { ...(added !== null ? { addedCapOre: added } : {}), ...(newEnd ? { newEnd } : {}), ...(reason.trim() ? { override: { reason: reason.trim() } } : {}) };
    if (route === 'body') {
      if (!meetingId) return setError('Välj sammanträdet där nämnden ska besluta.');
      return void run(() => send('POST', `${cofinancingPaths.application(a.id)}/extensions`, { route: 'body', meetingId: Number(meetingId), ...change }, cofinancingPaths.list(), '/api/meetings'));
    }
    if (!bodyId) return setError('Välj nämnden vars delegationsordning beslutet fattas enligt.');
    if (!decidedOn) return setError('Ange beslutsdatumet (ÅÅÅÅ-MM-DD).');
    void run(() =>
      send('POST', `${cofinancingPaths.application(a.id)}/extensions`, { route: 'delegation', bodyId: Number(bodyId), decidedOn, officer, signatories: signName || signTitle ? [{ name: signName, title: signTitle }] : [], ...change }, cofinancingPaths.list()),
    );
  };
  return (
    <form className="tool" onSubmit={submit} aria-labelledby={`${ids}-h`} noValidate>
      <h3 id={`${ids}-h`}>Förlängning eller utökning</h3>
      <p className="hint">
        Gällande: dock högst {formatKronor(a.current?.capOre ?? a.capOre)}, till {a.current?.period.end ?? a.period.end}. Ändringsbeslutet återger det ursprungliga beslutet med de nya villkoren.
      </p>
      <MoneyField label="Tillkommande belopp (kr)" value={added} onChange={(ore) => setAdded(ore)} />
      <DateField label="Nytt slutdatum för projektet" value={newEnd} onChange={(t) => setNewEnd(t)} />
      <fieldset className="fieldset">
        <legend>Beslutas</legend>
        <label className="checkbox-label" htmlFor={`${ids}-d`}>
          <input id={`${ids}-d`} type="radio" name={`${ids}-route`} checked={route === 'delegation'} onChange={() => setRoute('delegation')} /> På delegation (punkt 3.2)
        </label>
        <label className="checkbox-label" htmlFor={`${ids}-b`}>
          <input id={`${ids}-b`} type="radio" name={`${ids}-route`} checked={route === 'body'} onChange={() => setRoute('body')} /> Av nämnden
        </label>
      </fieldset>
      {route === 'body' ? (
        <MeetingSelect label="Sammanträde för ändringsbeslutet" value={meetingId} onChange={(v) => setMeetingId(v)} />
      ) : (
        <>
          <BodySelect value={bodyId} onChange={setBodyId} />
          <DateField label="Beslutsdatum för ändringen" value={decidedOn} onChange={(t) => setDecidedOn(t)} required />
          <Field label="Handläggare för ändringen" value={officer} maxLength={300} onChange={(e) => setOfficer(e.target.value)} required />
          <div className="field-row">
            <Field label="Undertecknare av ändringen, namn" value={signName} maxLength={200} onChange={(e) => setSignName(e.target.value)} required />
            <Field label="Undertecknare av ändringen, titel" value={signTitle} maxLength={200} onChange={(e) => setSignTitle(e.target.value)} required />
          </div>
        </>
      )}
      <Field
        label="Motivering om anslaget 1:1 inte räcker"
        value={reason}
        maxLength={2000}
        onChange={(e) => setReason(e.target.value)}
        hint="Fyll bara i om utökningen går utöver det som återstår av årets anslag; annars avvisas den med en varning."
      />
      <Alert error={error} />
      <button type="submit" className="button" disabled={busy}>
        Registrera ändringsbeslut
      </button>
    </form>
  );
}

const DECISION_KIND: Record<DecisionView['kind'], string> = { grant: 'beviljandet', extension: 'utökningen eller förlängningen' };

/** The strategy's priority a decision names (the state report counts it there): picked from the records, saved with the decision's version. */
export function DecisionPriority({ a, d, n, onDone }: { a: ApplicationView; d: DecisionView; n: number; onDone(): void }) {
  const ids = useId();
  const state = useApi<{ priorities: Array<{ id: number; code: string; name: string }> }>('/api/state-report/priorities');
  const list = state.status === 'ok' ? state.data.priorities : [];
  const [value, setValue] = useState(d.priority ? String(d.priority.id) : '');
  const { busy, error, setError, run } = useSubmit({ fallback: 'Det gick inte att spara prioriteringen. Försök igen.', onDone });
  const label = `Prioritering för ${DECISION_KIND[d.kind]} (beslut ${n})`;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!value) return setError('Välj en av strategins prioriteringar.');
    void run(() => send('PUT', `/api/cofinancing-decisions/${d.id}/priority`, { strategyPriorityId: Number(value), version: d.version }, cofinancingPaths.application(a.id), cofinancingPaths.list()));
  };
  if (state.status === 'ok' && list.length === 0) return null;
  return (
    <form className="tool tool-inline" onSubmit={submit} aria-label={label} noValidate>
      <div className="field">
        <label htmlFor={`${ids}-p`}>{label}</label>
        <select id={`${ids}-p`} value={value} onChange={(e) => setValue(e.target.value)} required>
          <option value="">{d.priority ? 'Välj prioritering' : 'Saknas – välj prioritering'}</option>
          {list.map((p) => (
            <option key={p.id} value={p.id}>
              {p.code} – {p.name}
            </option>
          ))}
        </select>
      </div>
      <Alert error={error} />
      <button type="submit" className="button button-secondary button-small" disabled={busy || value === String(d.priority?.id ?? '')}>
        Spara prioriteringen
      </button>
    </form>
  );
}


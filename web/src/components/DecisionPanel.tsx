/**
 * The decision path on an application's page (issue 16, item 1): the steps that apply to its state.
 * A draft is put on a coming meeting's agenda ("Sätt upp på föredragningslistan") or decided under
 * delegation point 3.2 ("Skicka till delegation", possibly on other terms than proposed), or rejected
 * under delegation. A proposal to the body is confirmed from the adjusted minutes ("Bekräfta beslutet"),
 * recorded with what the body changed ("Registrera beslut": share, cap, period), rejected ("Avslå") or
 * moved to another meeting. Until the first payout the applicant can withdraw ("Återkalla"). While the
 * budget check has errors, both routes show them and go on only with "Gå vidare trots felen i budgeten"
 * and a reason (sent as budgetOverride; issue 16.1). The rules
 * are the server's (src/funding/confirmation.ts, cofinancingService.ts; docs/funding.md); every refusal
 * is shown as it comes, in role="alert".
 */
import { useId, useState, type FormEvent } from 'react';
import { formatKronor } from '../../../src/kernel/kronor.ts';
import type { ApplicationView, DecisionView, ProposalView } from '../../../src/funding/cofinancingService.ts';
import { cofinancingPaths, send, type SessionUser } from '../api.ts';
import { useApi } from '../useApi.ts';
import { DateField, Field, MoneyField, useSubmit } from './form.tsx';
import { Alert } from './FormCard.tsx';
import { BodySelect, MeetingSelect } from './DecisionFields.tsx';
import { DecisionPriority, Extend } from './DecisionChanges.tsx';

const has = (user: SessionUser | null, ...roles: string[]) => Boolean(user?.roles.some((r) => roles.includes(r)));
const percent = (bp: number) => `${(bp / 100).toLocaleString('sv-SE', { maximumFractionDigits: 2 })} %`;

/** "12,5" → 1250 basis points; empty → null. */
function readPercent(text: string): number | null | 'invalid' {
  const t = text.trim().replace(/\s*%$/, '').replace(',', '.');
  if (!t) return null;
  if (!/^\d{1,3}(\.\d{1,2})?$/.test(t)) return 'invalid';
  const bp = Math.round(Number(t) * 100);
  return bp > 0 && bp <= 10_000 ? bp : 'invalid';
}

interface GoOn {
  confirmed: boolean;
  reason: string;
}

/**
 * The over-commitment warning the API computes before a step that commits the 1:1 appropriation
 * (GET …/proposal?year: the state part against what is left of the year), shown before the step is
 * taken; going on needs a tick and a reason (sent as the override the server records).
 */
function useAppropriationWarning(a: ApplicationView, year: number | null | undefined, skip = false) {
  const ids = useId();
  const [goOn, setGoOn] = useState<GoOn>({ confirmed: false, reason: '' });
  const path = skip || year === null ? null : `${cofinancingPaths.proposal(a.id)}${year ? `?year=${year}` : ''}`;
  const state = useApi<ProposalView>(path);
  const warning = state.status === 'ok' ? (state.data.appropriation?.warning ?? null) : null;
  /** null: go on; else why not (a Swedish message for the form's alert). */
  const blocked = (): string | null => {
    if (!warning) return null;
    if (!goOn.confirmed) return 'Anslaget 1:1 räcker inte för beslutet. Kryssa i att du vill gå vidare ändå och ange en motivering, eller avbryt.';
    if (!goOn.reason.trim()) return 'Ange motiveringen till att gå vidare trots att anslaget 1:1 inte räcker.';
    return null;
  };
  const override = warning && goOn.confirmed && goOn.reason.trim() ? { override: { reason: goOn.reason.trim() } } : {};
  const element = warning ? (
    <div className="alert alert-warning" role="group" aria-labelledby={`${ids}-w`}>
      <p id={`${ids}-w`} role="status">
        <strong>Varning, anslaget 1:1 {warning.year}:</strong> {warning.message}
      </p>
      <label className="checkbox-label" htmlFor={`${ids}-go`}>
        <input id={`${ids}-go`} type="checkbox" checked={goOn.confirmed} onChange={(e) => setGoOn({ ...goOn, confirmed: e.target.checked })} /> Gå vidare trots varningen
      </label>
      {goOn.confirmed && <Field label="Motivering till undantaget" value={goOn.reason} maxLength={2000} onChange={(e) => setGoOn({ ...goOn, reason: e.target.value })} required />}
    </div>
  ) : null;
  return { element, blocked, override };
}

/**
 * The budget check's errors (the application view's findings with severity "error"): a flagged error
 * blocks the proposal until the budget is corrected or the official goes on with a reason (issue 16.1),
 * sent as the budgetOverride the server records in the log with the findings.
 */
function useBudgetErrors(a: ApplicationView) {
  const ids = useId();
  const [goOn, setGoOn] = useState<GoOn>({ confirmed: false, reason: '' });
  const errors = a.findings.filter((f) => f.severity === 'error');
  const blocked = (): string | null => {
    if (!errors.length) return null;
    if (!goOn.confirmed) return `Kontrollen av budgeten hittade ${errors.length === 1 ? 'ett fel' : `${errors.length} fel`}. Rätta budgeten, eller kryssa i att du vill gå vidare trots felen och ange en motivering.`;
    if (!goOn.reason.trim()) return 'Ange motiveringen till att gå vidare trots felen i budgeten.';
    return null;
  };
  const override = errors.length && goOn.confirmed && goOn.reason.trim() ? { budgetOverride: { reason: goOn.reason.trim() } } : {};
  const element = errors.length ? (
    <div className="alert alert-warning" role="group" aria-labelledby={`${ids}-b`}>
      <p id={`${ids}-b`}>
        <strong>Fel i budgeten:</strong> kontrollen hittade {errors.length === 1 ? 'ett fel' : `${errors.length} fel`}. Rätta budgeten eller gå vidare med en motivering.
      </p>
      <ul>
        {errors.map((f, i) => (
          <li key={`${f.code}-${i}`}>{f.message}</li>
        ))}
      </ul>
      <label className="checkbox-label" htmlFor={`${ids}-go`}>
        <input id={`${ids}-go`} type="checkbox" checked={goOn.confirmed} onChange={(e) => setGoOn({ ...goOn, confirmed: e.target.checked })} /> Gå vidare trots felen i budgeten
      </label>
      {goOn.confirmed && (
        <Field label="Motivering till undantaget">
          <textarea rows={3} value={goOn.reason} maxLength={2000} required onChange={(e) => setGoOn({ ...goOn, reason: e.target.value })} />
        </Field>
      )}
    </div>
  ) : null;
  return { element, blocked, override };
}

function ToAgenda({ a, onDone }: { a: ApplicationView; onDone(): void }) {
  const ids = useId();
  const [meetingId, setMeetingId] = useState('');
  const [meetingYear, setMeetingYear] = useState<number | null>(null);
  const guard = useAppropriationWarning(a, meetingYear);
  const budget = useBudgetErrors(a);
  const { busy, error, setError, run } = useSubmit({ fallback: 'Det gick inte att sätta upp ärendet på föredragningslistan. Försök igen.', onDone });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!meetingId) return setError('Välj sammanträdet där nämnden ska besluta.');
    const blocked = budget.blocked() ?? guard.blocked();
    if (blocked) return setError(blocked);
    void run(() => send('POST', `${cofinancingPaths.application(a.id)}/decision`, { route: 'body', meetingId: Number(meetingId), ...guard.override, ...budget.override }, cofinancingPaths.list(), '/api/meetings'));
  };
  return (
    <form className="tool" onSubmit={submit} aria-labelledby={`${ids}-h`} noValidate>
      <h3 id={`${ids}-h`}>Till nämnden</h3>
      <p className="hint">Förslaget till beslut blir en beslutspunkt på sammanträdets föredragningslista. Beslutet bekräftas när protokollet är justerat.</p>
      <MeetingSelect
        label="Sammanträde"
        value={meetingId}
        onChange={(v, date) => {
          setMeetingId(v);
          setMeetingYear(date ? Number(date.slice(0, 4)) : null);
        }}
      />
      {budget.element}
      {guard.element}
      <Alert error={error} />
      <button type="submit" className="button" disabled={busy}>
        Sätt upp på föredragningslistan
      </button>
    </form>
  );
}

/** The terms decided instead of the proposal: only what is filled in differs. */
function AmendedFields({ a, rate, setRate, cap, setCap, end, setEnd }: {
  a: ApplicationView; rate: string; setRate(v: string): void; cap: number | null; setCap(v: number | null): void; end: string; setEnd(v: string): void;
}) {
  return (
    <fieldset className="fieldset">
      <legend>Beslutat i stället för förslaget (lämna tomt det som beslutades enligt förslaget)</legend>
      <Field label="Beslutad andel (procent)" value={rate} inputMode="decimal" maxLength={6} onChange={(e) => setRate(e.target.value)} hint={`Föreslaget: ${percent(a.rateBp)}`} />
      <MoneyField label="Beslutat tak (kr)" value={cap} onChange={(ore) => setCap(ore)} hint={`Föreslaget: ${formatKronor(a.capOre)}`} />
      <DateField label="Beslutat slutdatum för projektet" value={end} onChange={(t) => setEnd(t)} hint={`Föreslaget: ${a.period.end} (ÅÅÅÅ-MM-DD)`} />
    </fieldset>
  );
}

function amendment(rate: string, cap: number | null, end: string): { amended: Record<string, unknown> | null; error?: string } {
  const bp = readPercent(rate);
  if (bp === 'invalid') return { amended: null, error: 'Ange andelen i procent, större än 0 och högst 100 (till exempel 45 eller 12,5).' };
  const amended: Record<string, unknown> = {};
  if (bp !== null) amended.rateBp = bp;
  if (cap !== null) amended.capOre = cap;
  if (end) amended.periodEnd = end;
  return { amended: Object.keys(amended).length ? amended : null };
}

function ToDelegation({ a, onDone }: { a: ApplicationView; onDone(): void }) {
  const ids = useId();
  const [bodyId, setBodyId] = useState('');
  const [decidedOn, setDecidedOn] = useState('');
  const [officer, setOfficer] = useState('');
  const [signName, setSignName] = useState('');
  const [signTitle, setSignTitle] = useState('');
  const [rate, setRate] = useState('');
  const [cap, setCap] = useState<number | null>(null);
  const [end, setEnd] = useState('');
  const guard = useAppropriationWarning(a, /^\d{4}-\d{2}-\d{2}$/.test(decidedOn) ? Number(decidedOn.slice(0, 4)) : null);
  const budget = useBudgetErrors(a);
  const { busy, error, setError, run } = useSubmit({ fallback: 'Det gick inte att registrera delegationsbeslutet. Försök igen.', onDone });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!bodyId) return setError('Välj nämnden vars delegationsordning beslutet fattas enligt.');
    if (!decidedOn) return setError('Ange beslutsdatumet (ÅÅÅÅ-MM-DD).');
    const { amended, error: bad } = amendment(rate, cap, end);
    if (bad) return setError(bad);
    const blocked = budget.blocked() ?? guard.blocked();
    if (blocked) return setError(blocked);
    void run(() =>
      send(
        'POST',
        `${cofinancingPaths.application(a.id)}/decision`,
        { route: 'delegation', bodyId: Number(bodyId), decidedOn, officer, signatories: signName || signTitle ? [{ name: signName, title: signTitle }] : [], ...(amended ? { amended } : {}), ...guard.override, ...budget.override },
        cofinancingPaths.list(),
      ),
    );
  };
  return (
    <form className="tool" onSubmit={submit} aria-labelledby={`${ids}-h`} noValidate>
      <h3 id={`${ids}-h`}>På delegation (punkt 3.2)</h3>
      <p className="hint">Beslutet fattas av delegaten inom punktens beloppsgräns, förs in i förteckningen över delegationsbeslut och beviljas direkt; beslutsbrevet följer beslutet.</p>
      <BodySelect value={bodyId} onChange={setBodyId} />
      <DateField label="Beslutsdatum" value={decidedOn} onChange={(t) => setDecidedOn(t)} required />
      <Field label="Handläggare (tjänsteställe, handläggare)" value={officer} maxLength={300} onChange={(e) => setOfficer(e.target.value)} required />
      <div className="field-row">
        <Field label="Undertecknare, namn" value={signName} maxLength={200} onChange={(e) => setSignName(e.target.value)} required />
        <Field label="Undertecknare, titel" value={signTitle} maxLength={200} onChange={(e) => setSignTitle(e.target.value)} required />
      </div>
      <AmendedFields a={a} rate={rate} setRate={setRate} cap={cap} setCap={setCap} end={end} setEnd={setEnd} />
      {budget.element}
      {guard.element}
      <Alert error={error} />
      <button type="submit" className="button" disabled={busy}>
        Skicka till delegation
      </button>
    </form>
  );
}

function Reason({ label, value, onChange }: { label: string; value: string; onChange(v: string): void }) {
  return <Field label={label} value={value} maxLength={2000} onChange={(e) => onChange(e.target.value)} required />;
}

function Reject({ a, pending, onDone }: { a: ApplicationView; pending: DecisionView | null; onDone(): void }) {
  const ids = useId();
  const [reason, setReason] = useState('');
  const [bodyId, setBodyId] = useState('');
  const [decidedOn, setDecidedOn] = useState('');
  const { busy, error, setError, run } = useSubmit({ fallback: 'Det gick inte att registrera avslaget. Försök igen.', onDone });
  const byBody = pending?.route === 'body';
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!reason.trim()) return setError('Ange skälen för avslaget.');
    if (!byBody && (!bodyId || !decidedOn)) return setError('Välj nämnden och ange beslutsdatumet (ÅÅÅÅ-MM-DD).');
    const body = byBody ? { route: 'body', reason, version: a.version } : { route: 'delegation', bodyId: Number(bodyId), decidedOn, reason, version: a.version };
    void run(() => send('POST', `${cofinancingPaths.application(a.id)}/rejection`, body, cofinancingPaths.list()));
  };
  return (
    <form className="tool" onSubmit={submit} aria-labelledby={`${ids}-h`} noValidate>
      <h3 id={`${ids}-h`}>Avslag</h3>
      <p className="hint">{byBody ? 'Nämndens avslag registreras från det justerade protokollet (beslut med ändring).' : 'Avslag på delegation enligt punkt 3.2; förs in i förteckningen över delegationsbeslut.'}</p>
      {!byBody && (
        <>
          <BodySelect value={bodyId} onChange={setBodyId} />
          <DateField label="Beslutsdatum för avslaget" value={decidedOn} onChange={(t) => setDecidedOn(t)} required />
        </>
      )}
      <Reason label="Skäl för avslaget" value={reason} onChange={setReason} />
      <Alert error={error} />
      <button type="submit" className="button button-secondary" disabled={busy}>
        Avslå
      </button>
    </form>
  );
}

function Confirm({ a, pending, onDone }: { a: ApplicationView; pending: DecisionView; onDone(): void }) {
  const ids = useId();
  const [rate, setRate] = useState('');
  const [cap, setCap] = useState<number | null>(null);
  const [end, setEnd] = useState('');
  const plain = useSubmit({ fallback: 'Det gick inte att bekräfta beslutet. Försök igen.', onDone });
  const amendedSubmit = useSubmit({ fallback: 'Det gick inte att registrera beslutet. Försök igen.', onDone });
  // the pending proposal's state part against what is left of its meeting's year (the server picks the year)
  const guard = useAppropriationWarning(a, undefined);
  const confirmPlain = () => {
    const blocked = guard.blocked();
    if (blocked) return plain.setError(blocked);
    void plain.run(() => send('POST', `${cofinancingPaths.application(a.id)}/confirmation`, { version: a.version, ...guard.override }, cofinancingPaths.list()));
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const { amended, error: bad } = amendment(rate, cap, end);
    if (bad) return amendedSubmit.setError(bad);
    if (!amended) return amendedSubmit.setError('Ange vad nämnden beslutade i stället för förslaget: andel, tak eller slutdatum.');
    const blocked = guard.blocked();
    if (blocked) return amendedSubmit.setError(blocked);
    void amendedSubmit.run(() => send('POST', `${cofinancingPaths.application(a.id)}/confirmation`, { version: a.version, amended, ...guard.override }, cofinancingPaths.list()));
  };
  return (
    <>
      <div className="tool" role="group" aria-labelledby={`${ids}-c`}>
        <h3 id={`${ids}-c`}>Nämndens beslut enligt förslaget</h3>
        <p className="hint">
          {pending.kind === 'grant' ? 'Förslaget' : 'Förslaget om förlängning eller utökning'} väntar på nämndens beslut. Det kan bekräftas när sammanträdets protokoll är justerat.
        </p>
        {guard.element}
        <Alert error={plain.error} />
        <button type="button" className="button" onClick={confirmPlain} disabled={plain.busy}>
          Bekräfta beslutet
        </button>
      </div>
      <form className="tool" onSubmit={submit} aria-labelledby={`${ids}-a`} noValidate>
        <h3 id={`${ids}-a`}>Nämndens beslut med ändring</h3>
        <AmendedFields a={a} rate={rate} setRate={setRate} cap={cap} setCap={setCap} end={end} setEnd={setEnd} />
        <Alert error={amendedSubmit.error} />
        <button type="submit" className="button" disabled={amendedSubmit.busy}>
          Registrera beslut
        </button>
      </form>
    </>
  );
}

function Move({ a, pending, onDone }: { a: ApplicationView; pending: DecisionView; onDone(): void }) {
  const ids = useId();
  const [meetingId, setMeetingId] = useState('');
  const { busy, error, setError, run } = useSubmit({ fallback: 'Det gick inte att flytta förslaget. Försök igen.', onDone });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!meetingId) return setError('Välj sammanträdet dit förslaget ska flyttas.');
    void run(() => send('POST', `${cofinancingPaths.application(a.id)}/move`, { meetingId: Number(meetingId), version: a.version }, cofinancingPaths.list(), '/api/meetings'));
  };
  return (
    <form className="tool" onSubmit={submit} aria-labelledby={`${ids}-h`} noValidate>
      <h3 id={`${ids}-h`}>Bordlagt eller återremitterat</h3>
      <MeetingSelect label="Nytt sammanträde" value={meetingId} onChange={(v) => setMeetingId(v)} exclude={pending.meetingId} />
      <Alert error={error} />
      <button type="submit" className="button button-secondary" disabled={busy}>
        Flytta till sammanträdet
      </button>
    </form>
  );
}

function Withdraw({ a, onDone }: { a: ApplicationView; onDone(): void }) {
  const ids = useId();
  const [reason, setReason] = useState('');
  const [on, setOn] = useState('');
  const { busy, error, setError, run } = useSubmit({ fallback: 'Det gick inte att registrera återkallelsen. Försök igen.', onDone });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!on) return setError('Ange dagen då sökanden återkallade ansökan (ÅÅÅÅ-MM-DD).');
    if (!reason.trim()) return setError('Ange skälet till återkallelsen.');
    void run(() => send('POST', `${cofinancingPaths.application(a.id)}/withdrawal`, { reason, withdrawnOn: on, version: a.version }, cofinancingPaths.list()));
  };
  return (
    <form className="tool" onSubmit={submit} aria-labelledby={`${ids}-h`} noValidate>
      <h3 id={`${ids}-h`}>Återkallad av sökanden</h3>
      <p className="hint">Möjligt till den första utbetalningen. {a.status === 'granted' ? 'Beviljade medel släpps i anslaget.' : ''}</p>
      <DateField label="Återkallad den" value={on} onChange={(t) => setOn(t)} required />
      <Reason label="Skäl till återkallelsen" value={reason} onChange={setReason} />
      <Alert error={error} />
      <button type="submit" className="button button-secondary" disabled={busy}>
        Återkalla
      </button>
    </form>
  );
}

export function DecisionPanel({ a, user, reload }: { a: ApplicationView; user: SessionUser | null; reload(): void }) {
  const mayDecide = has(user, 'secretary', 'admin');
  const mayEdit = has(user, 'case-officer', 'secretary', 'admin');
  const pending = a.decisions.find((d) => d.status === 'pending') ?? null;
  const closed = a.status === 'withdrawn' || a.status === 'rejected';
  const paid = a.payouts.some((p) => p.status !== 'reversed');
  if (closed) {
    return (
      <p>
        {a.statusLabel}
        {a.closure && (
          <>
            {' '}
            den {a.closure.on}
            {a.closure.reason && <>. Skäl: {a.closure.reason}</>}
          </>
        )}
      </p>
    );
  }
  if (!mayEdit) return null;
  return (
    <div className="decision-panel">
      {mayDecide && a.status === 'draft' && (
        <>
          <ToAgenda a={a} onDone={reload} />
          <ToDelegation a={a} onDone={reload} />
        </>
      )}
      {mayDecide && pending?.route === 'body' && (
        <>
          <Confirm a={a} pending={pending} onDone={reload} />
          <Move a={a} pending={pending} onDone={reload} />
        </>
      )}
      {mayDecide && (a.status === 'draft' || (a.status === 'proposed' && pending?.kind === 'grant')) && <Reject a={a} pending={pending} onDone={reload} />}
      {mayDecide && a.status === 'granted' && !pending && <Extend a={a} onDone={reload} />}
      {!paid && <Withdraw a={a} onDone={reload} />}
      {a.decisions.map((d, i) => (d.status === 'pending' || d.status === 'granted' ? <DecisionPriority key={`${d.id}-${d.version}`} a={a} d={d} n={i + 1} onDone={reload} /> : null))}
    </div>
  );
}

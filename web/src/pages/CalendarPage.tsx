/**
 * /namnder/:id/kalender – the body's sammanträdesplan (issue 14.1): the year's
 * meetings (cancelled ones as inställt), and for the secretary a form for one
 * meeting, a box for the list of dates the body decided, and per meeting
 * Flytta, Ställ in and Ta bort. A date on a weekend or holiday, or with a
 * weekday word that does not fit, is shown as a warning with "Spara ändå".
 */
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { ReplyOf } from '../../../src/kernel/contract.ts';
import { calendarApi, type CalendarMeeting, type DateLine, type KallelseRule } from '../../../src/meetings/calendarContract.ts';
import { ApiFailure } from '../api.ts';
import { call, pathOf } from '../client.ts';
import { DateField, Field } from '../components/form.tsx';
import { Loaded } from '../components/Status.tsx';
import { Link } from '../router.tsx';
import { useCan } from '../session.tsx';
import { useApi, useTitle } from '../useApi.ts';
import { NotFoundPage } from './NotFoundPage.tsx';

const WARNING = 'date-needs-confirming';
const forgetPrefix = (bodyId: number) => [`/api/bodies/${bodyId}/calendar`, '/api/meetings', `/api/bodies/${bodyId}`];

/** "2027-02-10, onsdag" */
const dateText = (m: { date: string; weekday: string }) => `${m.date}, ${m.weekday}`;
const timeText = (m: { startTime: string | null; endTime: string | null }) =>
  m.startTime ? (m.endTime ? `${m.startTime}–${m.endTime}` : m.startTime) : '–';
const lines = (text: string) => text.split('\n').map((l) => l.trim()).filter(Boolean);
const messageOf = (e: unknown) => (e instanceof Error ? e.message : 'Det gick inte att spara. Försök igen.');

/** A panel opened from a row's button takes the focus, so keyboard and screen-reader users land in it. */
function useFocusOnOpen<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  useEffect(() => ref.current?.focus(), []);
  return ref;
}

/** A Swedish error (role=alert), or a warning that may be confirmed with "Spara ändå". */
function Outcome({ problem, onConfirm, busy }: { problem: { message: string; warning: boolean } | null; onConfirm: () => void; busy: boolean }) {
  if (!problem) return null;
  if (!problem.warning)
    return (
      <p className="alert alert-error" role="alert">
        {problem.message}
      </p>
    );
  return (
    <div className="alert alert-warning" role="alert">
      <p>{problem.message}</p>
      <button type="button" className="button" onClick={onConfirm} disabled={busy}>
        Spara ändå
      </button>
    </div>
  );
}

/** Runs a write; a warning (409 date-needs-confirming) is kept to be confirmed, any other error shown. */
function useWrite() {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<{ message: string; warning: boolean } | null>(null);
  /** The result, or undefined when it failed (the problem is then shown). */
  const run = async <T,>(fn: () => Promise<T>): Promise<T | undefined> => {
    if (busy) return undefined;
    setBusy(true);
    setProblem(null);
    try {
      return await fn();
    } catch (e) {
      setProblem({ message: messageOf(e), warning: e instanceof ApiFailure && e.code === WARNING });
      return undefined;
    } finally {
      setBusy(false);
    }
  };
  return { busy, problem, setProblem, run };
}

interface ScheduleState {
  date: string;
  startTime: string;
  endTime: string;
  place: string;
  groupMeetings: string;
  absenceNotice: string;
}
const emptySchedule: ScheduleState = { date: '', startTime: '', endTime: '', place: '', groupMeetings: '', absenceNotice: '' };
const scheduleOf = (m: CalendarMeeting): ScheduleState => ({
  date: m.date,
  startTime: m.startTime ?? '',
  endTime: m.endTime ?? '',
  place: m.place ?? '',
  groupMeetings: m.groupMeetings.join('\n'),
  absenceNotice: m.absenceNotice ?? '',
});
const bodyOf = (s: ScheduleState) => ({
  date: s.date.trim(),
  startTime: s.startTime.trim() || null,
  endTime: s.endTime.trim() || null,
  place: s.place.trim() || null,
  groupMeetings: lines(s.groupMeetings),
  absenceNotice: s.absenceNotice.trim() || null,
});

/** Time, place, group meetings and the absence contact (and the date unless `withDate` is false). */
function ScheduleFields({ value, onChange, withDate = true }: { value: ScheduleState; onChange: (v: ScheduleState) => void; withDate?: boolean }) {
  const set = (k: keyof ScheduleState) => (v: string) => onChange({ ...value, [k]: v });
  return (
    <>
      {withDate && <DateField label="Datum" required value={value.date} onChange={(t) => set('date')(t)} />}
      <div className="field-row">
        <Field label="Starttid" hint="TT:MM" className="input-short" value={value.startTime} maxLength={5} onChange={(e) => set('startTime')(e.target.value)} />
        <Field label="Sluttid" hint="TT:MM" className="input-short" value={value.endTime} maxLength={5} onChange={(e) => set('endTime')(e.target.value)} />
      </div>
      <Field label="Plats" value={value.place} maxLength={300} onChange={(e) => set('place')(e.target.value)} />
      <Field label="Gruppmöten" hint="Ett per rad, till exempel Gruppmöten kl. 08.30">
        <textarea rows={2} value={value.groupMeetings} onChange={(e) => set('groupMeetings')(e.target.value)} />
      </Field>
      <Field label="Meddela förhinder till" value={value.absenceNotice} maxLength={500} onChange={(e) => set('absenceNotice')(e.target.value)} />
    </>
  );
}

function AddMeeting({ bodyId, year, onDone }: { bodyId: number; year: number; onDone: () => void }) {
  const ids = useId();
  const [value, setValue] = useState<ScheduleState>(emptySchedule);
  const [done, setDone] = useState<string | null>(null);
  const w = useWrite();
  const save = async (confirm: boolean) => {
    setDone(null);
    const ok = await w.run(() => call(calendarApi.createMeeting, { params: { id: bodyId }, body: { ...bodyOf(value), confirm } }, ...forgetPrefix(bodyId)));
    if (ok !== undefined) {
      setDone(`Sammanträdet ${value.date} är tillagt.`);
      setValue(emptySchedule);
      onDone();
    }
  };
  return (
    <form className="panel" aria-labelledby={`${ids}-h`} onSubmit={(e: FormEvent) => (e.preventDefault(), void save(false))}>
      <h2 id={`${ids}-h`}>Lägg till ett sammanträde</h2>
      <p className="hint">Året som visas är {year}; datumet kan vara vilket som helst.</p>
      <ScheduleFields value={value} onChange={setValue} />
      <button type="submit" className="button" disabled={w.busy}>
        Lägg till sammanträdet
      </button>
      <Outcome problem={w.problem} busy={w.busy} onConfirm={() => void save(true)} />
      {done && (
        <p className="alert alert-success" role="status">
          {done}
        </p>
      )}
    </form>
  );
}

const STATUS_LABEL: Record<DateLine['status'], string> = { ok: 'Kan sparas', warning: 'Varning', error: 'Fel', created: 'Tillagt' };

function DateListForm({ bodyId, year, onDone }: { bodyId: number; year: number; onDone: () => void }) {
  const ids = useId();
  const [text, setText] = useState('');
  const [value, setValue] = useState<ScheduleState>(emptySchedule);
  const [report, setReport] = useState<ReplyOf<typeof calendarApi.addDates> | null>(null);
  const w = useWrite();
  const body = (extra: { preview?: boolean; confirm?: boolean }) => {
    const { date: _date, ...rest } = bodyOf(value);
    return { text, year, ...rest, ...extra };
  };
  const save = async (confirm: boolean) => {
    await w.run(async () => {
      const r = await call(calendarApi.addDates, { params: { id: bodyId }, body: body({ confirm }) }, ...forgetPrefix(bodyId));
      setReport(r);
      setText('');
      onDone();
    });
  };
  /** Reads the list first: errors and warnings are shown per line; a clean list is saved at once. */
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setReport(null);
    const p = await w.run(() => call(calendarApi.addDates, { params: { id: bodyId }, body: body({ preview: true }) }));
    if (!p) return;
    setReport(p);
    if (p.lines.length === 0) return w.setProblem({ message: 'Listan innehåller inga datum. Skriv till exempel 2027-02-10, 2027-03-17.', warning: false });
    if (p.lines.some((l) => l.status === 'error')) return w.setProblem({ message: 'Inget sparades: rätta raderna som har fel och försök igen.', warning: false });
    if (p.lines.some((l) => l.status === 'warning')) {
      const n = p.lines.filter((l) => l.status === 'warning').length;
      return w.setProblem({ message: `${n === 1 ? 'Ett datum behöver' : `${n} datum behöver`} bekräftas: ${p.lines.flatMap((l) => (l.status === 'warning' ? l.messages : [])).join(' ')}`, warning: true });
    }
    await save(false);
  };
  return (
    <form className="panel" aria-labelledby={`${ids}-h`} onSubmit={submit}>
      <h2 id={`${ids}-h`}>Lägg till datum ur nämndens beslut</h2>
      <Field
        label="Datum"
        hint={`Ett eller flera per rad, som beslutet skriver dem: 2027-02-10, 2027-03-17 eller onsdag 10 februari 2027 (kl. 9.00 på raden ger den tiden). Datum utan år gäller ${year}.`}
      >
        <textarea rows={5} value={text} onChange={(e) => setText(e.target.value)} required />
      </Field>
      <fieldset>
        <legend>För alla datumen</legend>
        <ScheduleFields value={value} onChange={setValue} withDate={false} />
      </fieldset>
      <button type="submit" className="button" disabled={w.busy}>
        Lägg till datumen
      </button>
      <Outcome problem={w.problem} busy={w.busy} onConfirm={() => void save(true)} />
      {report && report.lines.length > 0 && (
        <div className="table-wrap">
          <table className="table">
            <caption>{report.saved ? 'Tillagda sammanträden' : 'Datumen i listan'}</caption>
            <thead>
              <tr>
                <th scope="col">Rad</th>
                <th scope="col">Skrivet</th>
                <th scope="col">Datum</th>
                <th scope="col">Tid</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {report.lines.map((l, k) => (
                <tr key={k}>
                  <td>{l.line}</td>
                  <td>{l.text}</td>
                  <td className="nowrap">{l.date && l.weekday ? dateText({ date: l.date, weekday: l.weekday }) : '–'}</td>
                  <td>{timeText(l)}</td>
                  <td>
                    <strong>{STATUS_LABEL[l.status]}</strong>
                    {l.messages.map((m) => (
                      <span key={m} className="note">
                        {' '}
                        {m}
                      </span>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </form>
  );
}

/** A form's buttons: the action (a submit button, or with `onConfirm` a plain one) and Avbryt. */
function Actions({ label, busy, onConfirm, onCancel }: { label: string; busy: boolean; onConfirm?: () => void; onCancel: () => void }) {
  return (
    <div className="actions">
      <button type={onConfirm ? 'button' : 'submit'} className="button" onClick={onConfirm} disabled={busy}>
        {label}
      </button>
      <button type="button" className="button button-secondary" onClick={onCancel}>
        Avbryt
      </button>
    </div>
  );
}

/** Flytta: the date and the rest of the schedule, with the version the list showed. */
function MoveForm({ meeting, onDone, onCancel }: { meeting: CalendarMeeting; onDone: () => void; onCancel: () => void }) {
  const ids = useId();
  const [value, setValue] = useState<ScheduleState>(() => scheduleOf(meeting));
  const w = useWrite();
  const heading = useFocusOnOpen<HTMLHeadingElement>();
  const save = async (confirm: boolean) => {
    const ok = await w.run(() =>
      call(calendarApi.moveMeeting, { params: { id: meeting.id }, body: { ...bodyOf(value), version: meeting.version, confirm } }, ...forgetPrefix(meeting.bodyId)),
    );
    if (ok !== undefined) onDone();
  };
  return (
    <form className="panel" aria-labelledby={`${ids}-h`} onSubmit={(e: FormEvent) => (e.preventDefault(), void save(false))}>
      <h2 id={`${ids}-h`} ref={heading} tabIndex={-1}>Flytta eller ändra sammanträdet {dateText(meeting)}</h2>
      <ScheduleFields value={value} onChange={setValue} />
      <Actions label="Spara ändringen" busy={w.busy} onCancel={onCancel} />
      <Outcome problem={w.problem} busy={w.busy} onConfirm={() => void save(true)} />
    </form>
  );
}

function CancelForm({ meeting, onDone, onCancel }: { meeting: CalendarMeeting; onDone: () => void; onCancel: () => void }) {
  const ids = useId();
  const [reason, setReason] = useState('');
  const w = useWrite();
  const heading = useFocusOnOpen<HTMLHeadingElement>();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const ok = await w.run(() => call(calendarApi.cancelMeeting, { params: { id: meeting.id }, body: { reason, version: meeting.version } }, ...forgetPrefix(meeting.bodyId)));
    if (ok !== undefined) onDone();
  };
  return (
    <form className="panel" aria-labelledby={`${ids}-h`} onSubmit={submit}>
      <h2 id={`${ids}-h`} ref={heading} tabIndex={-1}>Ställ in sammanträdet {dateText(meeting)}</h2>
      <p className="hint">Sammanträdet står kvar i planen som inställt.</p>
      <Field label="Anledning" required>
        <textarea rows={2} value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} required />
      </Field>
      <Actions label="Ställ in sammanträdet" busy={w.busy} onCancel={onCancel} />
      <Outcome problem={w.problem} busy={w.busy} onConfirm={() => undefined} />
    </form>
  );
}

/** The reglemente's rule: the kallelse is out at the latest this many days before the meeting (the start page counts from it). */
function KallelseRuleForm({ rule, onDone }: { rule: KallelseRule; onDone: () => void }) {
  const ids = useId();
  const [days, setDays] = useState(String(rule.daysBefore));
  const [saved, setSaved] = useState<number | null>(null);
  const w = useWrite();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSaved(null);
    const n = Number(days.trim());
    if (!/^\d+$/.test(days.trim()) || n < 1 || n > 60) {
      w.setProblem({ message: 'Ange antalet dagar som ett heltal mellan 1 och 60.', warning: false });
      return;
    }
    const ok = await w.run(() => call(calendarApi.setKallelseRule, { params: { id: rule.bodyId }, body: { daysBefore: n, version: rule.version } }, ...forgetPrefix(rule.bodyId), '/api/overview'));
    if (ok !== undefined) {
      setSaved(ok.daysBefore);
      onDone();
    }
  };
  return (
    <form className="panel" aria-labelledby={`${ids}-h`} onSubmit={submit}>
      <h2 id={`${ids}-h`}>Kallelsens utskick</h2>
      <p className="hint">Enligt reglementet ska kallelsen vara utsänd senast så här många dagar före sammanträdet. Startsidan räknar fram sista dag för utskick, tidigare om dagen inte är en arbetsdag.</p>
      <Field label="Dagar före sammanträdet" required>
        <input inputMode="numeric" value={days} onChange={(e) => setDays(e.target.value)} required size={4} />
      </Field>
      <button type="submit" className="button" disabled={w.busy}>
        Spara regeln
      </button>
      {saved !== null && !w.problem && <p role="status">Regeln är sparad: senast {saved} dagar före sammanträdet.</p>}
      <Outcome problem={w.problem} busy={w.busy} onConfirm={() => undefined} />
    </form>
  );
}

function DeleteConfirm({ meeting, onDone, onCancel }: { meeting: CalendarMeeting; onDone: () => void; onCancel: () => void }) {
  const w = useWrite();
  const question = useFocusOnOpen<HTMLParagraphElement>();
  const remove = async () => {
    const ok = await w.run(() => call(calendarApi.deleteMeeting, { params: { id: meeting.id }, body: { version: meeting.version } }, ...forgetPrefix(meeting.bodyId)));
    if (ok !== undefined) onDone();
  };
  return (
    <div className="panel" role="group" aria-label={`Ta bort sammanträdet ${meeting.date}`}>
      <p ref={question} tabIndex={-1}>
        Ta bort sammanträdet {dateText(meeting)}? Det går inte att ångra.
      </p>
      <Actions label="Ja, ta bort" busy={w.busy} onConfirm={() => void remove()} onCancel={onCancel} />
      <Outcome problem={w.problem} busy={w.busy} onConfirm={() => undefined} />
    </div>
  );
}

type Action = { kind: 'move' | 'cancel' | 'delete'; meeting: CalendarMeeting } | null;

function MeetingRows({ meetings, canEdit, onAction }: { meetings: CalendarMeeting[]; canEdit: boolean; onAction: (a: Action) => void }) {
  return (
    <tbody>
      {meetings.map((m) => {
        const cancelled = m.cancelledAt !== null;
        return (
          <tr key={m.id} className={cancelled ? 'muted' : undefined}>
            <th scope="row" className="nowrap">
              <Link href={`/sammantraden/${m.id}`}>{dateText(m)}</Link>
            </th>
            <td className="nowrap">{timeText(m)}</td>
            <td>{m.place ?? '–'}</td>
            <td>
              {cancelled ? (
                <>
                  <strong>Inställt</strong>
                  {m.cancelReason ? `: ${m.cancelReason}` : ''}
                </>
              ) : m.held ? (
                'Hållet'
              ) : (
                'Planerat'
              )}
              {m.itemCount > 0 && <span className="note"> {m.itemCount === 1 ? '1 punkt' : `${m.itemCount} punkter`}</span>}
              {m.warning && <span className="note"> {m.warning}</span>}
            </td>
            {canEdit && (
              <td className="actions">
                {!cancelled && !m.held && (
                  <>
                    <button type="button" className="button button-small button-secondary" aria-label={`Flytta sammanträdet ${m.date}`} onClick={() => onAction({ kind: 'move', meeting: m })}>
                      Flytta
                    </button>
                    <button type="button" className="button button-small button-secondary" aria-label={`Ställ in sammanträdet ${m.date}`} onClick={() => onAction({ kind: 'cancel', meeting: m })}>
                      Ställ in
                    </button>
                  </>
                )}
                {m.dependants.length === 0 ? (
                  <button type="button" className="button button-small button-secondary" aria-label={`Ta bort sammanträdet ${m.date}`} onClick={() => onAction({ kind: 'delete', meeting: m })}>
                    Ta bort
                  </button>
                ) : (
                  <span className="note">Kan inte tas bort: har {m.dependants.join(', ')}.</span>
                )}
              </td>
            )}
          </tr>
        );
      })}
    </tbody>
  );
}

function YearPicker({ year, onChange }: { year: number; onChange: (y: number) => void }) {
  const now = new Date().getFullYear();
  const years = [...new Set([now - 2, now - 1, now, now + 1, now + 2, year])].sort((a, b) => a - b);
  return (
    <div className="field inline-form">
      <label htmlFor="calendar-year">År</label>
      <select id="calendar-year" value={year} onChange={(e) => onChange(Number(e.target.value))}>
        {years.map((y) => (
          <option key={y} value={y}>
            {y}
          </option>
        ))}
      </select>
    </div>
  );
}

function Calendar({ bodyId }: { bodyId: number }) {
  const can = useCan();
  const canEdit = can('agenda.edit');
  const [year, setYear] = useState(() => new Date().getFullYear());
  const [action, setAction] = useState<Action>(null);
  const state = useApi<ReplyOf<typeof calendarApi.getCalendar>>(pathOf(calendarApi.getCalendar, { id: bodyId, year }), { keepPrevious: true });
  const refresh = () => {
    setAction(null);
    state.reload();
  };
  useTitle(state.status === 'ok' ? `Sammanträdesplan ${year}, ${state.data.bodyName}` : 'Sammanträdesplan');
  let panel: ReactNode = null;
  if (action?.kind === 'move') panel = <MoveForm key={action.meeting.id} meeting={action.meeting} onDone={refresh} onCancel={() => setAction(null)} />;
  if (action?.kind === 'cancel') panel = <CancelForm key={action.meeting.id} meeting={action.meeting} onDone={refresh} onCancel={() => setAction(null)} />;
  if (action?.kind === 'delete') panel = <DeleteConfirm key={action.meeting.id} meeting={action.meeting} onDone={refresh} onCancel={() => setAction(null)} />;
  return (
    <Loaded state={state} loading="Laddar sammanträdesplanen …">
      {(cal) => (
        <>
          <p className="breadcrumb">
            <Link href="/">Sammanträden</Link> <span aria-hidden="true">›</span> <Link href={`/namnder/${bodyId}`}>{cal.bodyName}</Link>{' '}
            <span aria-hidden="true">›</span> Sammanträdesplan
          </p>
          <h1>Sammanträdesplan {year}</h1>
          <p className="lead">{cal.bodyName}</p>
          <p>
            <a href={`/api/bodies/${bodyId}/calendar.ics`}>Prenumerera på sammanträdesplanen (iCalendar)</a>
          </p>
          <YearPicker year={year} onChange={(y) => (setAction(null), setYear(y))} />
          <section aria-labelledby="calendar-meetings">
            <h2 id="calendar-meetings">Sammanträden {year}</h2>
            {cal.meetings.length === 0 ? (
              <p>Inga sammanträden är planerade {year}.</p>
            ) : (
              <div className="table-wrap">
                <table className="table">
                  <caption>
                    Sammanträden {year}, {cal.bodyName}
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">Datum</th>
                      <th scope="col">Tid</th>
                      <th scope="col">Plats</th>
                      <th scope="col">Status</th>
                      {canEdit && <th scope="col">Åtgärder</th>}
                    </tr>
                  </thead>
                  <MeetingRows meetings={cal.meetings} canEdit={canEdit} onAction={setAction} />
                </table>
              </div>
            )}
          </section>
          {panel}
          {canEdit && (
            <div className="two-columns">
              <DateListForm bodyId={bodyId} year={year} onDone={() => state.reload()} />
              <AddMeeting bodyId={bodyId} year={year} onDone={() => state.reload()} />
            </div>
          )}
          {canEdit && <KallelseRuleForm rule={cal.kallelseRule} onDone={() => state.reload()} />}
        </>
      )}
    </Loaded>
  );
}

export function CalendarPage(props: { id: string }) {
  if (!/^\d+$/.test(props.id)) return <NotFoundPage />;
  return <Calendar bodyId={Number(props.id)} />;
}

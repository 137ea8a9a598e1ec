/**
 * The secretary's form for the decision under one agenda item: outcome, att-satser,
 * motivation, jäv, reservations and protocol notes, Skickas till, omedelbar justering.
 * Without quorum the server refuses (409 no-quorum); the form then asks for a confirmation.
 */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { AgendaItemView, DecisionView, MinutesView, Outcome, RecordDecisionRequest } from '../../../../src/http/contract.ts';
import type { MotionSheetView } from '../../../../src/minutes/motions.ts';
import { get, paths, send, type ApiFailure } from '../../api.ts';
import { clausesToLines, errorText, lines, linesToClauses, OUTCOMES } from './shared.ts';
import { Motions } from './Motions.tsx';

export interface Seat {
  personId: number;
  name: string;
  party: string | null;
}

interface NoteRow {
  key: number;
  personId: number | '';
  kind: 'reservation' | 'protocol-note';
  text: string;
  /** A reservation's yrkande (issue 15.1); '' lets the server take the only one that fits. */
  motionId: number | '';
}

const withParty = (s: Seat) => (s.party ? `${s.name} (${s.party})` : s.name);

function defaultOutcome(item: AgendaItemView): Outcome {
  if (item.kind === 'information' || item.kind === 'presentations') return 'noted';
  return item.proposal?.clauses.length ? 'according-to-proposal' : 'amended';
}

let rowKey = 0;

function DecisionForm({
  meetingId,
  item,
  decision,
  seats,
  onSaved,
  onStale,
  onAutosaved,
}: {
  meetingId: number | string;
  item: AgendaItemView;
  decision: DecisionView | undefined;
  seats: Seat[];
  onSaved: () => Promise<void>;
  onStale: (message: string) => Promise<void>;
  onAutosaved: () => Promise<void>;
}) {
  const ids = useId();
  const proposal = item.proposal?.clauses ?? [];
  // The version this edit is based on: a change made by someone else meanwhile is refused (409 stale-version).
  // Each autosave moves it on to the version it wrote.
  const version = useRef(decision?.version);
  const [autosaved, setAutosaved] = useState<{ ok: boolean; text: string } | null>(null);
  // the autosave in flight, which a save by the button waits for (it then writes at the version the autosave left)
  const saving = useRef<Promise<void> | null>(null);
  const submitting = useRef(false);
  const [outcome, setOutcome] = useState<Outcome>(decision?.outcome ?? defaultOutcome(item));
  const [clauses, setClauses] = useState(clausesToLines(decision && decision.outcome === 'amended' ? decision.clauses : proposal));
  const [motivation, setMotivation] = useState(decision?.motivation ?? '');
  const [conflicted, setConflicted] = useState<Set<number>>(new Set(decision?.conflicted.map((c) => c.personId)));
  const [notes, setNotes] = useState<NoteRow[]>(
    decision?.notes.map((n) => ({ key: ++rowKey, personId: n.personId, kind: n.kind, text: n.text, motionId: '' as const })) ?? [],
  );
  const [recipients, setRecipients] = useState((decision?.recipients ?? []).join('\n'));
  const [immediately, setImmediately] = useState(decision?.immediatelyAdjusted ?? false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [noQuorum, setNoQuorum] = useState<string | null>(null);
  // the yrkanden that fell (issue 15.1): a reservation is tied to one of them
  const [lost, setLost] = useState<Array<{ id: number; label: string }>>([]);
  useEffect(() => {
    let live = true;
    get<MotionSheetView>(`${paths.minutes(meetingId)}/items/${item.number}/motions`)
      .then((s) => {
        if (!live) return;
        setLost(s.motions.filter((m) => m.outcome === 'lost').map((m) => ({ id: m.id, label: `${m.text} (${m.moverName})` })));
        const tied = (r: NoteRow) => s.reservations.find((x) => x.personId === r.personId && x.text === r.text.trim())?.motionId ?? '';
        setNotes((rows) => rows.map((r) => (r.kind === 'reservation' && r.motionId === '' ? { ...r, motionId: tied(r) } : r)));
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [meetingId, item.number]);

  const request = (acknowledgeNoQuorum: boolean): RecordDecisionRequest => ({
    outcome,
    ...(outcome === 'amended' ? { clauses: linesToClauses(clauses) } : {}),
    ...(outcome === 'referred-back' ? { motivation: motivation.trim() } : {}),
    conflicted: [...conflicted],
    notes: notes
      .filter((n) => n.personId !== '')
      .map((n) => ({ personId: Number(n.personId), kind: n.kind, text: n.text.trim(), ...(n.kind === 'reservation' && n.motionId !== '' ? { motionId: n.motionId } : {}) })),
    recipients: lines(recipients),
    immediatelyAdjusted: immediately,
    ...(version.current !== undefined ? { version: version.current } : {}),
    ...(acknowledgeNoQuorum ? { acknowledgeNoQuorum: true } : {}),
  });

  const save = async (acknowledgeNoQuorum: boolean) => {
    if (notes.some((n) => n.personId === '')) {
      setError('Välj vem reservationen eller protokollsanteckningen gäller, eller ta bort raden.');
      return;
    }
    setBusy(true);
    setError(null);
    setNoQuorum(null);
    submitting.current = true;
    try {
      if (saving.current) await saving.current;
      await send('PUT', `${paths.minutes(meetingId)}/items/${item.number}/decision`, request(acknowledgeNoQuorum), paths.minutes(meetingId));
      setBusy(false);
      await onSaved();
    } catch (e) {
      setBusy(false);
      const f = e as ApiFailure;
      if (f?.code === 'no-quorum') setNoQuorum(f.message);
      else if (f?.code === 'stale-version') await onStale(f.message);
      else setError(errorText(e));
    } finally {
      submitting.current = false;
    }
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void save(false);
  };

  /**
   * Autosave (issue 15.1): two seconds after the last keystroke the decision is saved at the version this form
   * holds, so text typed during the meeting is not lost; someone else's change meanwhile is refused (stale-version)
   * and the form starts over from it. Without quorum it waits for the confirmation.
   */
  const fieldsKey = JSON.stringify([outcome, clauses, motivation, [...conflicted].sort(), notes, recipients, immediately]);
  // what is saved: the fields as the form opened, then as each save wrote them
  const savedKey = useRef(fieldsKey);
  const latest = useRef<() => Promise<void>>(async () => undefined);
  const autosave = async () => {
    if (submitting.current || fieldsKey === savedKey.current || notes.some((n) => n.personId === '')) return;
    if (saving.current) {
      setTimeout(() => void latest.current(), 2000);
      return;
    }
    let done = () => {};
    saving.current = new Promise<void>((resolve) => (done = resolve));
    try {
      const res = await send<{ minutes: MinutesView }>('PUT', `${paths.minutes(meetingId)}/items/${item.number}/decision`, request(false), paths.minutes(meetingId));
      const saved = res.minutes.decisions.find((d) => d.itemNumber === item.number);
      if (saved) version.current = saved.version;
      savedKey.current = fieldsKey;
      const t = new Date();
      setAutosaved({ ok: true, text: `Sparat automatiskt kl. ${String(t.getHours()).padStart(2, '0')}.${String(t.getMinutes()).padStart(2, '0')}.` });
      await onAutosaved();
    } catch (e) {
      const f = e as ApiFailure;
      if (f?.code === 'stale-version') await onStale(f.message);
      else if (f?.code === 'no-quorum') setNoQuorum(f.message);
      else setAutosaved({ ok: false, text: `Inte sparat automatiskt: ${errorText(e)}` });
    } finally {
      saving.current = null;
      done();
    }
  };
  latest.current = autosave;
  useEffect(() => {
    if (fieldsKey === savedKey.current) return;
    const timer = setTimeout(() => void latest.current(), 2000);
    return () => clearTimeout(timer);
  }, [fieldsKey]);

  const setNote = (key: number, change: Partial<NoteRow>) => setNotes((rows) => rows.map((r) => (r.key === key ? { ...r, ...change } : r)));

  return (
    <form className="decision-form" onSubmit={submit} aria-label={`Beslut under punkt ${item.number}`}>
      <div className="field">
        <label htmlFor={`${ids}-outcome`}>Beslut</label>
        <select id={`${ids}-outcome`} value={outcome} onChange={(e) => setOutcome(e.target.value as Outcome)}>
          {OUTCOMES.map(([value, label]) => (
            <option key={value} value={value} disabled={value === 'according-to-proposal' && proposal.length === 0}>
              {label}
              {value === 'according-to-proposal' && proposal.length === 0 ? ' (förslag saknas)' : ''}
            </option>
          ))}
        </select>
      </div>

      {outcome === 'according-to-proposal' && proposal.length > 0 && (
        <div className="proposal">
          <p className="addressee">Förslaget som beslutas:</p>
          <ul className="clauses">
            {proposal.map((c, i) => (
              <li key={i}>{c.split('\n')[0]}</li>
            ))}
          </ul>
        </div>
      )}

      {outcome === 'amended' && (
        <div className="field">
          <label htmlFor={`${ids}-clauses`}>Beslutade att-satser (en per rad)</label>
          <textarea
            id={`${ids}-clauses`}
            rows={Math.min(12, Math.max(4, clauses.split('\n').length + 1))}
            value={clauses}
            onChange={(e) => setClauses(e.target.value)}
            aria-describedby={`${ids}-clauses-hint`}
          />
          <p className="field-hint" id={`${ids}-clauses-hint`}>
            Börja varje att-sats på en ny rad. En rad som börjar med • hör till att-satsen ovanför.
          </p>
        </div>
      )}

      {outcome === 'referred-back' && (
        <div className="field">
          <label htmlFor={`${ids}-motivation`}>Motivering till återremissen</label>
          <textarea
            id={`${ids}-motivation`}
            rows={3}
            value={motivation}
            onChange={(e) => setMotivation(e.target.value)}
            aria-describedby={`${ids}-motivation-hint`}
          />
          <p className="field-hint" id={`${ids}-motivation-hint`}>
            Skrivs efter ”att återremittera ärendet”, till exempel: för ytterligare beredning av ekonomin.
          </p>
        </div>
      )}

      <fieldset className="checkbox-grid">
        <legend>Jäv – deltar inte i handläggningen</legend>
        {seats.map((s) => (
          <label key={s.personId}>
            <input
              type="checkbox"
              checked={conflicted.has(s.personId)}
              onChange={(e) => {
                const next = new Set(conflicted);
                if (e.target.checked) next.add(s.personId);
                else next.delete(s.personId);
                setConflicted(next);
              }}
            />{' '}
            <span className="visually-hidden">Jäv: </span>
            {withParty(s)}
          </label>
        ))}
      </fieldset>

      <fieldset>
        <legend>Reservationer och protokollsanteckningar</legend>
        {notes.length === 0 && <p className="muted">Inga.</p>}
        {notes.map((n, i) => (
          <div key={n.key} className="note-row" role="group" aria-label={`Rad ${i + 1}`}>
            <div>
              <label htmlFor={`${ids}-note-${n.key}-kind`}>Typ (rad {i + 1})</label>
              <select id={`${ids}-note-${n.key}-kind`} value={n.kind} onChange={(e) => setNote(n.key, { kind: e.target.value as NoteRow['kind'] })}>
                <option value="reservation">Reservation</option>
                <option value="protocol-note">Protokollsanteckning</option>
              </select>
            </div>
            <div>
              <label htmlFor={`${ids}-note-${n.key}-person`}>Ledamot (rad {i + 1})</label>
              <select
                id={`${ids}-note-${n.key}-person`}
                value={n.personId}
                onChange={(e) => setNote(n.key, { personId: e.target.value ? Number(e.target.value) : '' })}
              >
                <option value="">Välj …</option>
                {seats.map((s) => (
                  <option key={s.personId} value={s.personId}>
                    {withParty(s)}
                  </option>
                ))}
              </select>
            </div>
            {n.kind === 'reservation' && lost.length > 0 && (
              <div>
                <label htmlFor={`${ids}-note-${n.key}-motion`}>Till förmån för yrkande (rad {i + 1})</label>
                <select
                  id={`${ids}-note-${n.key}-motion`}
                  value={n.motionId}
                  onChange={(e) => setNote(n.key, { motionId: e.target.value ? Number(e.target.value) : '' })}
                >
                  <option value="">Det yrkande ledamoten stod bakom</option>
                  {lost.map((m) => (
                    <option key={m.id} value={m.id}>
                      {m.label}
                    </option>
                  ))}
                </select>
              </div>
            )}
            <div className="note-text">
              <label htmlFor={`${ids}-note-${n.key}-text`}>Text (rad {i + 1})</label>
              <textarea id={`${ids}-note-${n.key}-text`} rows={2} value={n.text} onChange={(e) => setNote(n.key, { text: e.target.value })} />
            </div>
            <button type="button" className="button button-secondary button-small" onClick={() => setNotes((rows) => rows.filter((r) => r.key !== n.key))}>
              Ta bort rad {i + 1}
            </button>
          </div>
        ))}
        <button
          type="button"
          className="button button-secondary button-small"
          onClick={() => setNotes((rows) => [...rows, { key: ++rowKey, personId: '', kind: 'reservation', text: '', motionId: '' }])}
        >
          Lägg till reservation eller protokollsanteckning
        </button>
      </fieldset>

      <div className="field">
        <label htmlFor={`${ids}-recipients`}>Skickas till (en mottagare per rad)</label>
        <textarea id={`${ids}-recipients`} rows={3} value={recipients} onChange={(e) => setRecipients(e.target.value)} />
      </div>

      <div className="field">
        <label className="checkbox-label">
          <input type="checkbox" checked={immediately} onChange={(e) => setImmediately(e.target.checked)} /> Paragrafen förklaras omedelbart justerad
        </label>
      </div>

      <div className="actions">
        <button type="submit" className="button" disabled={busy}>
          {decision ? 'Spara ändringen' : 'Protokollför beslutet'}
        </button>
      </div>
      <div role="status" className="form-result" aria-label={`Autospara punkt ${item.number}`}>
        {autosaved && <p className={autosaved.ok ? 'muted' : 'alert alert-warning'}>{autosaved.text}</p>}
      </div>
      {noQuorum && (
        <div className="alert alert-warning" role="alert">
          <p>{noQuorum}</p>
          <button type="button" className="button" disabled={busy} onClick={() => void save(true)}>
            Protokollför ändå utan beslutsförhet
          </button>
        </div>
      )}
      {error && (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

/** A disclosure per agenda item: "Protokollför beslut" opens the form; saving closes it. */
export function DecisionEditor({
  meetingId,
  item,
  decision,
  seats,
  refresh,
}: {
  meetingId: number | string;
  item: AgendaItemView;
  decision: DecisionView | undefined;
  seats: Seat[];
  refresh: () => Promise<void>;
}) {
  const [open, setOpen] = useState(false);
  const [generation, setGeneration] = useState(0);
  const [message, setMessage] = useState<{ kind: 'ok' | 'stale'; text: string } | null>(null);
  return (
    <div className="decision-editor">
      {/* yrkanden, propositionsordning and omröstning during the meeting (issue 15.1) */}
      {item.kind !== 'information' && item.kind !== 'presentations' && <Motions meetingId={meetingId} itemNumber={item.number} refresh={refresh} />}
      <details
        open={open}
        onToggle={(e) => {
          const isOpen = (e.currentTarget as HTMLDetailsElement).open;
          setOpen(isOpen);
          if (isOpen) setMessage(null);
        }}
      >
        <summary>
          {decision ? 'Ändra beslutet' : 'Protokollför beslut'}
          <span className="visually-hidden"> under punkt {item.number}</span>
        </summary>
        {open && (
          <DecisionForm
            key={generation}
            meetingId={meetingId}
            item={item}
            decision={decision}
            seats={seats}
            onSaved={async () => {
              await refresh();
              setOpen(false);
              setMessage({ kind: 'ok', text: `Beslutet under punkt ${item.number} är sparat.` });
            }}
            onAutosaved={refresh}
            onStale={async (text) => {
              // Someone else changed the decision: show who, fetch the current one and start over from it.
              setMessage({ kind: 'stale', text });
              await refresh();
              setGeneration((g) => g + 1);
            }}
          />
        )}
      </details>
      <div role="status" className="form-result">
        {message && <p className={message.kind === 'ok' ? 'alert alert-success' : 'alert alert-warning'}>{message.text}</p>}
      </div>
    </div>
  );
}

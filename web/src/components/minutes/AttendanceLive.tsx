/**
 * The live screen's attendance (issue 15.1): item by item who serves and
 * whether the body is quorate; a departure, an arrival or an ersättare
 * called in, recorded at the item (the server checks the ersättarordning
 * and says in Swedish why a call-in is refused); the changes so far, each
 * one removable; what the protokoll will say. Keyboard-first: the item is a
 * select (Alt+↑/Alt+↓ step through the items), every action a button or a
 * form with Enter.
 */
import { useCallback, useEffect, useId, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { LiveAttendanceView } from '../../../../src/minutes/attendance.ts';
import { ApiFailure, get, paths, send } from '../../api.ts';
import { errorText } from './shared.ts';

type What = 'leaves' | 'arrives' | 'call-in';

const withParty = (p: { name: string; party: string | null }) => (p.party ? `${p.name} (${p.party})` : p.name);

export function AttendanceLive({ meetingId, version, refresh }: { meetingId: number | string; version: number; refresh: () => Promise<void> }) {
  const ids = useId();
  const path = `${paths.minutes(meetingId)}/attendance/live`;
  const [view, setView] = useState<LiveAttendanceView | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [item, setItem] = useState(1);
  const [what, setWhat] = useState<What>('leaves');
  const [personId, setPersonId] = useState<number | ''>('');
  const [replaces, setReplaces] = useState<number | ''>('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  const load = useCallback(async () => {
    try {
      setView(await get<LiveAttendanceView>(path));
      setLoadError(null);
    } catch (e) {
      setLoadError(errorText(e));
    }
  }, [path]);
  // again whenever the minutes change (a decision, a vote, the roll call): who serves may have changed
  useEffect(() => {
    void load();
  }, [load, version]);

  if (loadError) return <p className="alert alert-error" role="alert">{loadError}</p>;
  if (!view) return <p className="muted">Hämtar närvaron under sammanträdet …</p>;
  if (!view.rollCalled) {
    return (
      <section className="tool" aria-labelledby={`${ids}-h`}>
        <h3 id={`${ids}-h`}>Närvaro under sammanträdet</h3>
        <p className="muted">Spara närvaron vid sammanträdets början först; därefter protokollförs ankomster, avgångar och inkallade ersättare här.</p>
      </section>
    );
  }
  const current = view.items.find((i) => i.number === item) ?? view.items[0]!;
  const here = new Set(current.present);
  const servingSubs = new Set(current.serving.filter((s) => s.replacesPersonId !== null).map((s) => s.personId));
  const servingIds = new Set(current.serving.map((s) => s.personId));
  const people =
    what === 'leaves'
      ? view.seats.filter((s) => here.has(s.personId))
      : what === 'arrives'
        ? view.seats.filter((s) => !here.has(s.personId))
        : view.seats.filter((s) => s.kind === 'substitute' && !servingSubs.has(s.personId));
  const away = view.seats.filter((s) => s.kind === 'member' && !servingIds.has(s.personId) && !current.conflicted.includes(s.personId));

  const post = async (body: { personId: number; kind: 'arrives' | 'leaves'; itemNumber: number; replacesPersonId?: number | null }, done: string) => {
    setBusy(true);
    setMessage(null);
    try {
      const next = await send<LiveAttendanceView>('POST', `${paths.minutes(meetingId)}/attendance/changes`, { version: view.version, ...body }, paths.minutes(meetingId), path);
      setView(next);
      setMessage({ ok: true, text: done });
      setPersonId('');
      setReplaces('');
      await refresh();
    } catch (e) {
      setMessage({ ok: false, text: errorText(e) });
      if (e instanceof ApiFailure && e.code === 'stale-version') await load();
    } finally {
      setBusy(false);
    }
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (personId === '') {
      setMessage({ ok: false, text: 'Välj vem ändringen gäller.' });
      return;
    }
    if (what === 'call-in' && replaces === '') {
      setMessage({ ok: false, text: 'Välj vilken ledamot ersättaren tjänstgör för.' });
      return;
    }
    const name = view.seats.find((s) => s.personId === personId)!.name;
    if (what === 'leaves') void post({ personId, kind: 'leaves', itemNumber: current.number }, `${name} lämnar efter punkt ${current.number}.`);
    else if (what === 'arrives') void post({ personId, kind: 'arrives', itemNumber: current.number }, `${name} deltar från punkt ${current.number}.`);
    else {
      const member = view.seats.find((s) => s.personId === replaces)!.name;
      void post({ personId, kind: 'arrives', itemNumber: current.number, replacesPersonId: Number(replaces) }, `${name} tjänstgör för ${member} från punkt ${current.number}.`);
    }
  };

  const remove = async (changeId: number, text: string) => {
    setBusy(true);
    setMessage(null);
    try {
      const next = await send<LiveAttendanceView>('DELETE', `${paths.minutes(meetingId)}/attendance/changes/${changeId}?version=${view.version}`, undefined, paths.minutes(meetingId), path);
      setView(next);
      setMessage({ ok: true, text: `Borttaget: ${text}.` });
      await refresh();
    } catch (e) {
      setMessage({ ok: false, text: errorText(e) });
      if (e instanceof ApiFailure && e.code === 'stale-version') await load();
    } finally {
      setBusy(false);
    }
  };

  const step = (e: KeyboardEvent) => {
    if (!e.altKey || (e.key !== 'ArrowUp' && e.key !== 'ArrowDown')) return;
    e.preventDefault();
    const i = view.items.findIndex((x) => x.number === current.number);
    const next = view.items[Math.min(view.items.length - 1, Math.max(0, i + (e.key === 'ArrowDown' ? 1 : -1)))]!;
    setItem(next.number);
  };

  const q = current.quorum;
  return (
    <section className="tool live-attendance" aria-labelledby={`${ids}-h`} onKeyDown={step}>
      <h3 id={`${ids}-h`}>Närvaro under sammanträdet</h3>
      <div className="field">
        <label htmlFor={`${ids}-item`}>Punkt</label>
        <select id={`${ids}-item`} value={current.number} onChange={(e) => setItem(Number(e.target.value))} aria-describedby={`${ids}-item-hint`}>
          {view.items.map((i) => (
            <option key={i.number} value={i.number}>
              {i.number}. {i.title}
            </option>
          ))}
        </select>
        <p className="field-hint" id={`${ids}-item-hint`}>
          Alt+pil upp och Alt+pil ned byter punkt.
        </p>
      </div>

      <div className={q.ok ? 'alert alert-success' : 'alert alert-warning'} role="status" aria-live="polite">
        <p>
          Punkt {current.number}: {q.serving} av {q.seats} ledamöter tjänstgör, minst {q.required} krävs – {q.ok ? 'nämnden är beslutför' : 'nämnden är inte beslutför'}.
        </p>
      </div>

      <details>
        <summary>Tjänstgörande på punkt {current.number}</summary>
        <ul aria-label={`Tjänstgörande på punkt ${current.number}`}>
          {current.serving.map((s) => (
            <li key={s.personId}>
              {withParty(s)}
              {s.replacesName ? `, tjänstgörande ersättare för ${s.replacesName}` : ''}
            </li>
          ))}
        </ul>
      </details>

      {current.calls.length > 0 && (
        <div aria-label={`Ersättare i tur på punkt ${current.number}`} role="group">
          <p className="addressee">Frånvarande ledamöter och ersättare i tur enligt ersättarordningen:</p>
          <ul>
            {current.calls.map((c) => (
              <li key={c.memberPersonId}>
                {withParty({ name: c.memberName, party: c.memberParty })}:{' '}
                {c.substitutePersonId ? (
                  <>
                    {withParty({ name: c.substituteName!, party: c.substituteParty })}
                    {c.basis === 'annat parti' ? ' (annat parti – ingen ledig ersättare från samma parti)' : ''}{' '}
                    <button
                      type="button"
                      className="button button-secondary button-small"
                      disabled={busy || !view.editable}
                      onClick={() =>
                        void post(
                          { personId: c.substitutePersonId!, kind: 'arrives', itemNumber: current.number, replacesPersonId: c.memberPersonId },
                          `${c.substituteName} tjänstgör för ${c.memberName} från punkt ${current.number}.`,
                        )
                      }
                    >
                      Kalla in {c.substituteName} för {c.memberName}
                    </button>
                  </>
                ) : (
                  <span className="muted">ingen ledig ersättare i rummet</span>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}

      {view.editable && (
        <form onSubmit={submit} aria-label={`Ändra närvaron vid punkt ${current.number}`} className="inline-form">
          <div className="field">
            <label htmlFor={`${ids}-what`}>Ändring</label>
            <select
              id={`${ids}-what`}
              value={what}
              onChange={(e) => {
                setWhat(e.target.value as What);
                setPersonId('');
              }}
            >
              <option value="leaves">Lämnar sammanträdet efter punkt {current.number}</option>
              <option value="arrives">Kommer till sammanträdet från punkt {current.number}</option>
              <option value="call-in">Ersättare tjänstgör från punkt {current.number}</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${ids}-who`}>Vem</label>
            <select id={`${ids}-who`} value={personId} onChange={(e) => setPersonId(e.target.value ? Number(e.target.value) : '')}>
              <option value="">Välj …</option>
              {people.map((s) => (
                <option key={s.personId} value={s.personId}>
                  {withParty(s)}
                  {s.kind === 'substitute' ? ', ersättare' : ''}
                </option>
              ))}
            </select>
          </div>
          {what === 'call-in' && (
            <div className="field">
              <label htmlFor={`${ids}-for`}>Tjänstgör för</label>
              <select id={`${ids}-for`} value={replaces} onChange={(e) => setReplaces(e.target.value ? Number(e.target.value) : '')}>
                <option value="">Välj ledamot …</option>
                {away.map((s) => (
                  <option key={s.personId} value={s.personId}>
                    {withParty(s)}
                  </option>
                ))}
              </select>
            </div>
          )}
          <div className="actions">
            <button type="submit" className="button" disabled={busy}>
              Protokollför ändringen
            </button>
          </div>
        </form>
      )}
      <div role="status" className="form-result">
        {message?.ok && <p className="alert alert-success">{message.text}</p>}
      </div>
      {message && !message.ok && (
        <p className="alert alert-error" role="alert">
          {message.text}
        </p>
      )}

      <h4>Ändringar under sammanträdet</h4>
      {view.changes.length === 0 ? (
        <p className="muted">Inga ändringar ännu.</p>
      ) : (
        <ul aria-label="Ändringar under sammanträdet">
          {view.changes.map((c) => (
            <li key={c.id}>
              {c.text}{' '}
              {view.editable && (
                <button type="button" className="button button-secondary button-small" disabled={busy} onClick={() => void remove(c.id, c.text)}>
                  Ta bort<span className="visually-hidden">: {c.text}</span>
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {view.sentences.length > 0 && (
        <>
          <h4>I protokollet</h4>
          <ul aria-label="Närvaron i protokollet">
            {view.sentences.map((s) => (
              <li key={s}>{s}</li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

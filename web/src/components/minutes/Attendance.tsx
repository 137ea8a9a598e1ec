/** Attendance: the secretary's editor (present, whom a substitute replaces, from/to item) and the read-only list. */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { BodyDetail, MembershipView, MinutesView } from '../../../../src/http/contract.ts';
import type { LiveAttendanceView } from '../../../../src/minutes/attendance.ts';
import { get, paths, send } from '../../api.ts';
import { roleLabel } from '../../format.ts';
import { errorText } from './shared.ts';

interface Row {
  present: boolean;
  replaces: number | '';
  from: string;
  to: string;
}

const withParty = (m: { name: string; party: string | null }) => (m.party ? `${m.name} (${m.party})` : m.name);

type RollCall = Pick<MinutesView['attendance'][number], 'personId' | 'present' | 'replacesPersonId' | 'fromItem' | 'toItem'>;

function initialRows(body: BodyDetail, m: MinutesView, rollCall: RollCall[] | null = null): Map<number, Row> {
  // the roll call at the opening as saved; the minutes' list folds in the changes during the meeting (AttendanceLive)
  const list: RollCall[] = rollCall ?? m.attendance;
  const saved = new Map(list.map((a) => [a.personId, a]));
  const rows = new Map<number, Row>();
  for (const x of body.memberships) {
    const a = saved.get(x.personId);
    rows.set(x.personId, {
      // Before anything is saved: every member present, no substitute serving.
      present: a ? a.present : list.length === 0 && x.kind === 'member',
      replaces: a?.replacesPersonId ?? '',
      from: a?.fromItem != null ? String(a.fromItem) : '',
      to: a?.toItem != null ? String(a.toItem) : '',
    });
  }
  return rows;
}

function seatsOn(body: BodyDetail, date: string): MembershipView[] {
  return body.memberships.filter((x) => (!x.validFrom || x.validFrom <= date) && (!x.validTo || x.validTo >= date));
}

export function AttendanceEditor({
  meetingId,
  body,
  m,
  maxItem,
  refresh,
}: {
  meetingId: number | string;
  body: BodyDetail;
  m: MinutesView;
  maxItem: number;
  refresh: () => Promise<void>;
}) {
  const ids = useId();
  const seats = seatsOn(body, m.meetingDate);
  const members = seats.filter((x) => x.kind === 'member');
  const [rows, setRows] = useState(() => initialRows(body, m));
  // once changes during the meeting are recorded, the editor shows the roll call itself, not the list with them folded in
  const [rollCall, setRollCall] = useState<RollCall[] | null>(null);
  const shown = useRef<string | null>(null);
  useEffect(() => {
    let live = true;
    if (m.attendance.length === 0) return;
    get<LiveAttendanceView>(`${paths.minutes(meetingId)}/attendance/live`)
      .then((v) => {
        if (!live || v.changes.length === 0) return;
        // only when the saved roll call differs from the one shown: edits not yet saved stay
        const key = JSON.stringify(v.rollCall);
        if (key === shown.current) return;
        shown.current = key;
        setRollCall(v.rollCall);
        setRows(initialRows(body, m, v.rollCall));
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
    // once per saved version of the minutes (body and m are read as they are then)
  }, [meetingId, m.version]);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error' | 'stale'; text: string } | null>(null);
  // After a refused stale save: start over from what is saved now, once it has been fetched.
  const [staleAt, setStaleAt] = useState<number | null>(null);
  useEffect(() => {
    if (staleAt !== null && m.version !== staleAt) {
      setRows(initialRows(body, m, rollCall));
      setStaleAt(null);
    }
  }, [staleAt, m, body, rollCall]);
  const set = (personId: number, change: Partial<Row>) =>
    setRows((r) => new Map(r).set(personId, { ...(r.get(personId) ?? { present: false, replaces: '', from: '', to: '' }), ...change }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setMessage(null);
    const attendance = seats.map((x) => {
      const r = rows.get(x.personId)!;
      return {
        personId: x.personId,
        present: r.present,
        replacesPersonId: r.present && x.kind === 'substitute' && r.replaces !== '' ? r.replaces : null,
        fromItem: r.present && r.from ? Number(r.from) : null,
        toItem: r.present && r.to ? Number(r.to) : null,
      };
    });
    try {
      await send('PUT', `${paths.minutes(meetingId)}/attendance`, { version: m.version, attendance }, paths.minutes(meetingId));
      await refresh();
      setMessage({ kind: 'ok', text: 'Närvaron är sparad.' });
    } catch (err) {
      const stale = (err as { code?: string }).code === 'stale-version';
      setMessage({ kind: stale ? 'stale' : 'error', text: errorText(err) });
      if (stale) {
        setStaleAt(m.version);
        await refresh();
      }
    } finally {
      setBusy(false);
    }
  };

  const presentCount = members.filter((x) => rows.get(x.personId)?.present).length;
  const servingSubs = seats.filter((x) => x.kind === 'substitute' && rows.get(x.personId)?.present && rows.get(x.personId)?.replaces !== '').length;

  return (
    <form onSubmit={submit} className="attendance-form" aria-labelledby={`${ids}-h`}>
      <h3 id={`${ids}-h`}>Närvaro</h3>
      <p className="field-hint">
        Kryssa i vilka som är närvarande. En tjänstgörande ersättare väljer vilken ledamot hen ersätter. Fyll i från och till punkt bara för den som
        kom senare eller gick tidigare. {presentCount} av {members.length} ledamöter närvarande, {servingSubs} tjänstgörande ersättare.
      </p>
      <div className="table-wrap">
        <table className="table attendance-table">
          <caption className="visually-hidden">Närvaro, ledamöter och ersättare</caption>
          <thead>
            <tr>
              <th scope="col">Namn</th>
              <th scope="col">Roll</th>
              <th scope="col">Närvarande</th>
              <th scope="col">Ersätter</th>
              <th scope="col">Från punkt</th>
              <th scope="col">Till punkt</th>
            </tr>
          </thead>
          <tbody>
            {seats.map((x) => {
              const r = rows.get(x.personId)!;
              const rid = `${ids}-${x.personId}`;
              return (
                <tr key={x.personId}>
                  <th scope="row" id={`${rid}-name`}>
                    {withParty(x)}
                  </th>
                  <td>{roleLabel(x)}</td>
                  <td>
                    <input
                      type="checkbox"
                      id={`${rid}-present`}
                      aria-label={`${x.name} närvarande`}
                      checked={r.present}
                      onChange={(e) => set(x.personId, { present: e.target.checked })}
                    />
                  </td>
                  <td>
                    {x.kind === 'substitute' ? (
                      <select
                        aria-label={`${x.name} ersätter`}
                        value={r.replaces}
                        disabled={!r.present}
                        onChange={(e) => set(x.personId, { replaces: e.target.value ? Number(e.target.value) : '' })}
                      >
                        <option value="">ingen (tjänstgör inte)</option>
                        {members.map((mm) => (
                          <option key={mm.personId} value={mm.personId}>
                            {withParty(mm)}
                          </option>
                        ))}
                      </select>
                    ) : (
                      <span className="muted" aria-hidden="true">
                        –
                      </span>
                    )}
                  </td>
                  <td>
                    <input
                      type="number"
                      className="input-number"
                      min={1}
                      max={maxItem}
                      inputMode="numeric"
                      aria-label={`${x.name} från punkt`}
                      value={r.from}
                      disabled={!r.present}
                      onChange={(e) => set(x.personId, { from: e.target.value })}
                    />
                  </td>
                  <td>
                    <input
                      type="number"
                      className="input-number"
                      min={1}
                      max={maxItem}
                      inputMode="numeric"
                      aria-label={`${x.name} till punkt`}
                      value={r.to}
                      disabled={!r.present}
                      onChange={(e) => set(x.personId, { to: e.target.value })}
                    />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <div className="actions">
        <button type="submit" className="button" disabled={busy}>
          Spara närvaron
        </button>
      </div>
      <div role="status" className="form-result">
        {message?.kind === 'ok' && <p className="alert alert-success">{message.text}</p>}
        {message?.kind === 'stale' && <p className="alert alert-warning">{message.text}</p>}
      </div>
      {message?.kind === 'error' && (
        <p className="alert alert-error" role="alert">
          {message.text}
        </p>
      )}
    </form>
  );
}

/** Who attended, as the minutes print it. */
export function AttendanceList({ m }: { m: MinutesView }) {
  if (m.attendance.length === 0) return <p className="muted">Närvaron är inte ifylld ännu.</p>;
  const span = (a: MinutesView['attendance'][number]) =>
    a.fromItem && a.toItem
      ? ` (punkt ${a.fromItem}–${a.toItem})`
      : a.fromItem
        ? ` (från punkt ${a.fromItem})`
        : a.toItem
          ? ` (till och med punkt ${a.toItem})`
          : '';
  const deciding = m.attendance.filter((a) => a.present && (a.kind === 'member' || a.replacesPersonId));
  const others = m.attendance.filter((a) => a.present && a.kind === 'substitute' && !a.replacesPersonId);
  const absent = m.attendance.filter((a) => !a.present && a.kind === 'member');
  return (
    <div className="attendance-list">
      <div>
        <h3>Beslutande</h3>
        <ul>
          {deciding.map((a) => (
            <li key={a.personId}>
              {withParty(a)}
              {a.role !== 'member' ? `, ${roleLabel(a)}` : ''}
              {a.replacesName ? `, tjänstgörande ersättare för ${a.replacesName}` : ''}
              {span(a)}
            </li>
          ))}
        </ul>
      </div>
      {others.length > 0 && (
        <div>
          <h3>Närvarande ersättare</h3>
          <ul>
            {others.map((a) => (
              <li key={a.personId}>
                {withParty(a)}
                {span(a)}
              </li>
            ))}
          </ul>
        </div>
      )}
      {absent.length > 0 && (
        <div>
          <h3>Frånvarande ledamöter</h3>
          <ul>
            {absent.map((a) => (
              <li key={a.personId}>{withParty(a)}</li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

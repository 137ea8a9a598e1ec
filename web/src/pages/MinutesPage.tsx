/** /sammantraden/:id/protokoll – the minutes: attendance, decisions (§), adjustment and signatures, the legal clock. */
import { useId, useState, type FormEvent } from 'react';
import type { BodyDetail, DecisionView, MeetingDetail, MinutesView, Outcome } from '../../../src/http/contract.ts';
import { ApiFailure, paths, send } from '../api.ts';
import { ErrorMessage, Loading } from '../components/Status.tsx';
import { splitClause } from '../format.ts';
import { Link } from '../router.tsx';
import { useSession } from '../session.tsx';
import { useApi, useTitle } from '../useApi.ts';

const OUTCOMES: Array<[Outcome, string]> = [
  ['according-to-proposal', 'Beslut enligt förslag'],
  ['amended', 'Beslut med ändring'],
  ['referred-back', 'Återremiss'],
  ['tabled', 'Bordläggning'],
  ['noted', 'Informationen noteras'],
];

const STATUS: Record<MinutesView['status'], string> = { draft: 'Utkast', numbered: 'Numrerat', adjusted: 'Justerat' };

const minutesPath = (id: string) => `/api/meetings/${encodeURIComponent(id)}/minutes`;

function useAction(reload: () => void) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (f: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await f();
      reload();
    } catch (e) {
      setError(e instanceof ApiFailure ? e.message : 'Ett oväntat fel inträffade.');
    } finally {
      setBusy(false);
    }
  };
  return { error, busy, run };
}

function Clock({ m }: { m: MinutesView }) {
  return (
    <section aria-labelledby="frister">
      <h2 id="frister">Frister</h2>
      <dl className="meta">
        <div><dt>Justeras senast:</dt><dd>{m.clock.adjustmentDue}</dd></div>
        {m.clock.noticeDue && <div><dt>Anslås senast:</dt><dd>{m.clock.noticeDue}</dd></div>}
        {m.clock.appealLastDay && <div><dt>Överklagandetiden går ut:</dt><dd>{m.clock.appealLastDay}</dd></div>}
        {m.clock.finalOn && <div><dt>Laga kraft (om inget överklagande):</dt><dd>{m.clock.finalOn}</dd></div>}
      </dl>
      {m.clock.warnings.length > 0 && (
        <ul className="warnings" role="status">
          {m.clock.warnings.map((w) => <li key={w.code}>{w.message}</li>)}
        </ul>
      )}
    </section>
  );
}

function Paragraph({ d, dispatch }: { d: DecisionView; dispatch?: ((recipient: string) => void) | undefined }) {
  const sent = new Map(d.dispatches.map((x) => [x.recipient, x.sentAt]));
  return (
    <article className="item" id={`p${d.paragraph ?? 'x' + d.itemNumber}`}>
      <h3>{d.paragraph !== null ? `§ ${d.paragraph} ` : `Punkt ${d.itemNumber}: `}{d.itemTitle}</h3>
      <p className="muted">{d.outcomeLabel}{d.caseNumber ? ` · Diarienummer ${d.caseNumber}` : ''}</p>
      {d.conflicted.length > 0 && <p>Jäv: {d.conflicted.map((c) => c.name).join(', ')} deltar inte i handläggningen.</p>}
      {d.voteSummary && <p>Omröstning: {d.voteSummary}</p>}
      <ul className="clauses">
        {d.clauses.map((c, i) => {
          const { text, bullets } = splitClause(c);
          return (
            <li key={i}>
              {text}
              {bullets.length > 0 && <ul>{bullets.map((b, j) => <li key={j}>{b}</li>)}</ul>}
            </li>
          );
        })}
      </ul>
      {d.notes.map((n, i) => (
        <p key={i}><strong>{n.kind === 'reservation' ? 'Reservation' : 'Protokollsanteckning'}: {n.name}{n.party ? ` (${n.party})` : ''}.</strong> {n.text}</p>
      ))}
      {d.recipients.length > 0 && !dispatch && <p className="muted">Skickas till: {d.recipients.join(', ')}</p>}
      {d.recipients.length > 0 && dispatch && (
        <div>
          <p className="muted">Skickas till (expediering):</p>
          <ul>
            {d.recipients.map((r) => (
              <li key={r}>
                {r}:{' '}
                {sent.has(r) ? `skickat ${sent.get(r)!.slice(0, 16).replace('T', ' ')}` : <button type="button" onClick={() => dispatch(r)}>Markera skickat till {r}</button>}
              </li>
            ))}
          </ul>
        </div>
      )}
    </article>
  );
}

function AttendanceForm({ body, m, id, reload }: { body: BodyDetail; m: MinutesView; id: string; reload: () => void }) {
  const present = new Set(m.attendance.filter((a) => a.present).map((a) => a.personId));
  const initial = m.attendance.length ? present : new Set(body.memberships.filter((x) => x.kind === 'member').map((x) => x.personId));
  const replaces = new Map(m.attendance.filter((a) => a.replacesPersonId).map((a) => [a.personId, a.replacesPersonId!]));
  const [checked, setChecked] = useState(initial);
  const [serving, setServing] = useState(replaces);
  const { error, busy, run } = useAction(reload);
  const members = body.memberships.filter((x) => x.kind === 'member');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const attendance = body.memberships
      .filter((x) => x.kind === 'member' || checked.has(x.personId))
      .map((x) => ({ personId: x.personId, present: checked.has(x.personId), ...(serving.get(x.personId) ? { replacesPersonId: serving.get(x.personId)! } : {}) }));
    void run(() => send('PUT', `${minutesPath(id)}/attendance`, { version: m.version, attendance }, minutesPath(id)));
  };
  return (
    <form onSubmit={submit} aria-labelledby="narvaro">
      <h2 id="narvaro">Närvaro</h2>
      <fieldset>
        <legend>Närvarande ledamöter och ersättare</legend>
        {body.memberships.map((x) => (
          <div key={x.personId} className="field-inline">
            <label>
              <input type="checkbox" checked={checked.has(x.personId)} onChange={(e) => {
                const next = new Set(checked);
                if (e.target.checked) next.add(x.personId); else next.delete(x.personId);
                setChecked(next);
              }} /> {x.name}{x.party ? ` (${x.party})` : ''}, {x.kind === 'member' ? 'ledamot' : 'ersättare'}
            </label>
            {x.kind === 'substitute' && checked.has(x.personId) && (
              <label>
                {' '}ersätter{' '}
                <select aria-label={`${x.name} ersätter`} value={serving.get(x.personId) ?? ''} onChange={(e) => {
                  const next = new Map(serving);
                  if (e.target.value) next.set(x.personId, Number(e.target.value)); else next.delete(x.personId);
                  setServing(next);
                }}>
                  <option value="">ingen (närvarande ersättare)</option>
                  {members.map((mm) => <option key={mm.personId} value={mm.personId}>{mm.name}</option>)}
                </select>
              </label>
            )}
          </div>
        ))}
      </fieldset>
      <button type="submit" disabled={busy}>Spara närvaron</button>
      {error && <p role="alert" className="error">{error}</p>}
    </form>
  );
}

function DecisionForm({ meeting, m, id, reload }: { meeting: MeetingDetail; m: MinutesView; id: string; reload: () => void }) {
  const [item, setItem] = useState(meeting.items[0]?.number ?? 1);
  const [outcome, setOutcome] = useState<Outcome>('according-to-proposal');
  const [clauses, setClauses] = useState('');
  const [motivation, setMotivation] = useState('');
  const [noQuorum, setNoQuorum] = useState<string | null>(null);
  const { error, busy, run } = useAction(reload);
  const existing = m.decisions.find((d) => d.itemNumber === item);
  const ids = useId();
  const submit = (ack = false) => {
    setNoQuorum(null);
    void run(async () => {
      try {
        await send('PUT', `${minutesPath(id)}/items/${item}/decision`, {
          outcome,
          ...(outcome === 'amended' ? { clauses: clauses.split('\n').map((c) => c.trim()).filter(Boolean) } : {}),
          ...(outcome === 'referred-back' ? { motivation } : {}),
          ...(existing ? { version: existing.version } : {}),
          ...(ack ? { acknowledgeNoQuorum: true } : {}),
        }, minutesPath(id));
      } catch (e) {
        if (e instanceof ApiFailure && e.code === 'no-quorum') {
          setNoQuorum(e.message);
          return;
        }
        throw e;
      }
    });
  };
  return (
    <form onSubmit={(e) => { e.preventDefault(); submit(); }} aria-labelledby="beslut">
      <h2 id="beslut">Protokollför beslut</h2>
      <label htmlFor={`${ids}-item`}>Punkt</label>
      <select id={`${ids}-item`} value={item} onChange={(e) => setItem(Number(e.target.value))}>
        {meeting.items.map((i) => <option key={i.number} value={i.number}>{i.number}. {i.title}</option>)}
      </select>
      <label htmlFor={`${ids}-outcome`}>Beslut</label>
      <select id={`${ids}-outcome`} value={outcome} onChange={(e) => setOutcome(e.target.value as Outcome)}>
        {OUTCOMES.map(([v, l]) => <option key={v} value={v}>{l}</option>)}
      </select>
      {outcome === 'amended' && (
        <>
          <label htmlFor={`${ids}-clauses`}>Beslutade att-satser (en per rad)</label>
          <textarea id={`${ids}-clauses`} value={clauses} onChange={(e) => setClauses(e.target.value)} rows={4} />
        </>
      )}
      {outcome === 'referred-back' && (
        <>
          <label htmlFor={`${ids}-motivation`}>Motivering</label>
          <input id={`${ids}-motivation`} value={motivation} onChange={(e) => setMotivation(e.target.value)} />
        </>
      )}
      <button type="submit" disabled={busy}>{existing ? 'Ändra beslutet' : 'Protokollför beslutet'}</button>
      {noQuorum && (
        <p role="alert" className="error">{noQuorum} <button type="button" onClick={() => submit(true)}>Protokollför ändå</button></p>
      )}
      {error && <p role="alert" className="error">{error}</p>}
    </form>
  );
}

function Secretary({ meeting, body, m, id, reload }: { meeting: MeetingDetail; body: BodyDetail; m: MinutesView; id: string; reload: () => void }) {
  const { error, busy, run } = useAction(reload);
  const [adjusters, setAdjusters] = useState<Set<number>>(new Set(m.adjusters.map((a) => a.personId)));
  const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Stockholm' });
  return (
    <section aria-labelledby="sekreterare" className="panel">
      <h2 id="sekreterare">Sekreterarens verktyg</h2>
      {!m.locked && <AttendanceForm body={body} m={m} id={id} reload={reload} />}
      {!m.locked && <DecisionForm meeting={meeting} m={m} id={id} reload={reload} />}
      {m.status === 'draft' && (
        <p><button type="button" disabled={busy} onClick={() => run(() => send('POST', `${minutesPath(id)}/numbering`, {}, minutesPath(id)))}>Numrera paragrafer</button></p>
      )}
      {!m.locked && (
        <form onSubmit={(e) => { e.preventDefault(); void run(() => send('PUT', `${minutesPath(id)}/adjusters`, { personIds: [...adjusters] }, minutesPath(id))); }}>
          <fieldset>
            <legend>Justerare</legend>
            {body.memberships.filter((x) => x.kind === 'member').map((x) => (
              <label key={x.personId} className="field-inline">
                <input type="checkbox" checked={adjusters.has(x.personId)} onChange={(e) => {
                  const next = new Set(adjusters);
                  if (e.target.checked) next.add(x.personId); else next.delete(x.personId);
                  setAdjusters(next);
                }} /> {x.name}
              </label>
            ))}
          </fieldset>
          <button type="submit" disabled={busy}>Välj justerare</button>
        </form>
      )}
      {m.locked && !m.notice && (
        <p><button type="button" disabled={busy} onClick={() => run(() => send('POST', `${minutesPath(id)}/notice`, { postedOn: today }, minutesPath(id), '/api/notice-board'))}>Anslå på anslagstavlan</button></p>
      )}
      {error && <p role="alert" className="error">{error}</p>}
    </section>
  );
}

function Signing({ m, id, personId, reload }: { m: MinutesView; id: string; personId: number; reload: () => void }) {
  const [read, setRead] = useState(false);
  const { error, busy, run } = useAction(reload);
  const sign = () =>
    run(async () => {
      // sign exactly the PDF that is there now
      const res = await fetch(`${minutesPath(id)}.pdf`, { credentials: 'same-origin' });
      const sha256 = res.headers.get('x-content-sha256') ?? undefined;
      await send('POST', `${minutesPath(id)}/signatures`, { personId, ...(sha256 ? { sha256 } : {}) }, minutesPath(id));
    });
  return (
    <section aria-labelledby="justera" className="panel">
      <h2 id="justera">Justera protokollet</h2>
      <p>Du signerar protokollet som det ser ut i <a href={`${minutesPath(id)}.pdf`}>PDF-filen</a>{m.pdfSha256 ? ` (SHA-256 ${m.pdfSha256.slice(0, 16)}…)` : ''}.</p>
      <label><input type="checkbox" checked={read} onChange={(e) => setRead(e.target.checked)} /> Jag har läst protokollet</label>
      <p><button type="button" disabled={!read || busy} onClick={() => void sign()}>Signera</button></p>
      {error && <p role="alert" className="error">{error}</p>}
    </section>
  );
}

export function MinutesPage({ id }: { id: string }) {
  const { user } = useSession();
  const minutes = useApi<MinutesView>(minutesPath(id));
  const meeting = useApi<MeetingDetail>(paths.meeting(id));
  const bodyId = meeting.status === 'ok' ? meeting.data.bodyId : null;
  const body = useApi<BodyDetail>(bodyId ? paths.body(bodyId) : null);
  useTitle(meeting.status === 'ok' ? `Protokoll ${meeting.data.bodyName} ${meeting.data.date}` : 'Protokoll');
  const isSecretary = Boolean(user?.roles.some((r) => r === 'secretary' || r === 'admin'));
  const canDispatch = Boolean(user?.roles.some((r) => r === 'secretary' || r === 'admin' || r === 'case-officer'));
  const [startError, setStartError] = useState<string | null>(null);

  if (meeting.status === 'error') return <ErrorMessage error={meeting.error} />;
  if (meeting.status !== 'ok') return <Loading />;
  const heading = <h1>Protokoll – {meeting.data.bodyName} {meeting.data.date}</h1>;
  if (minutes.status === 'error') {
    if (minutes.error.status === 404) {
      return (
        <>
          {heading}
          <p>Protokoll saknas ännu.</p>
          {isSecretary && (
            <button type="button" onClick={() => send('POST', minutesPath(id), {}).then(minutes.reload, (e: unknown) => setStartError(e instanceof ApiFailure ? e.message : 'Fel'))}>Påbörja protokoll</button>
          )}
          {startError && <p role="alert" className="error">{startError}</p>}
        </>
      );
    }
    return <>{heading}<ErrorMessage error={minutes.error} /></>;
  }
  if (minutes.status !== 'ok') return <>{heading}<Loading /></>;
  const m = minutes.data;
  const myTurn = user?.personId != null && m.adjusters.some((a) => a.personId === user.personId && !a.signedAt) && !m.locked && m.status !== 'draft';
  return (
    <>
      {heading}
      <p><Link href={`/sammantraden/${id}`}>Till föredragningslistan</Link> · <a href={`${minutesPath(id)}.pdf`}>Protokollet som PDF</a></p>
      <p className="status-line">Status: <strong>{STATUS[m.status]}</strong>{m.locked ? ` · justerat ${m.adjustedOn ?? ''}` : ''}</p>
      {m.locked && <p role="status" className="notice">Protokollet är justerat och låst.</p>}
      <Clock m={m} />
      <section aria-labelledby="justerare">
        <h2 id="justerare">Justerare</h2>
        {m.adjusters.length === 0 ? <p>Inga justerare är valda.</p> : (
          <ul>{m.adjusters.map((a) => <li key={a.personId}>{a.name}{a.party ? ` (${a.party})` : ''}: {a.signedAt ? `signerade ${a.signedAt.slice(0, 16).replace('T', ' ')}` : 'har inte signerat'}</li>)}</ul>
        )}
      </section>
      {myTurn && <Signing m={m} id={id} personId={user!.personId!} reload={minutes.reload} />}
      {isSecretary && body.status === 'ok' && <Secretary meeting={meeting.data} body={body.data} m={m} id={id} reload={minutes.reload} />}
      <section aria-labelledby="paragrafer">
        <h2 id="paragrafer">Paragrafer</h2>
        {m.decisions.length === 0 ? (
          <p>Inga beslut är protokollförda ännu.</p>
        ) : (
          m.decisions.map((d) => (
            <Paragraph
              key={d.id}
              d={d}
              dispatch={canDispatch && m.locked ? (r) => void send('POST', `${minutesPath(id)}/items/${d.itemNumber}/dispatches`, { recipient: r }, minutesPath(id)).then(minutes.reload) : undefined}
            />
          ))
        )}
      </section>
    </>
  );
}

/**
 * Mina sammanträden (issue 14.7): a member's coming meetings – the kallelse as
 * sent (read in the browser's PDF viewer), what changed since they last read
 * it, their own notes per item (only they see them) and förhinder.
 */
import { useState } from 'react';
import type { MyMeeting, MemberNote } from '../../../src/meetings/members.ts';
import type { BookDiffView } from '../../../src/documents/types.ts';
import type { MeetingDetail } from '../../../src/http/contract.ts';
import { send } from '../api.ts';
import { BookDiffList, hasChanges } from '../components/BookDiffList.tsx';
import { Field, useSubmit } from '../components/form.tsx';
import { Loaded } from '../components/Status.tsx';
import { spokenDate, timeSpan } from '../format.ts';
import { Link } from '../router.tsx';
import { useSession } from '../session.tsx';
import { useApi, useTitle } from '../useApi.ts';

const MINE = '/api/my/meetings';

function Changes({ m }: { m: MyMeeting }) {
  const diff = useApi<BookDiffView>(m.changedSinceRead ? `/api/meetings/${m.meetingId}/kallelse/diff?from=${m.readVersion}&to=${m.sentVersion}` : null);
  if (!m.changedSinceRead) return null;
  return (
    <div className="alert" role="status">
      <p>
        Kallelsen har ändrats sedan du läste den (du läste version {m.readVersion}, nu gäller version {m.sentVersion}).
      </p>
      <Loaded state={diff} loading="Hämtar ändringarna …">
        {(d) => (hasChanges(d.diff) ? <BookDiffList diff={d.diff} /> : <p>Inga ändringar i punkterna.</p>)}
      </Loaded>
    </div>
  );
}

function NoteField({ itemId, label, note, onSaved }: { itemId: number; label: string; note: MemberNote | undefined; onSaved(): void }) {
  const [text, setText] = useState(note?.text ?? '');
  const [version, setVersion] = useState(note?.version ?? 0);
  const [saved, setSaved] = useState<string | null>(null);
  const submit = useSubmit<MemberNote | null>({
    onDone: (n) => {
      setVersion(n?.version ?? 0);
      setSaved(n ? 'Anteckningen är sparad.' : 'Anteckningen är borttagen.');
      onSaved();
    },
  });
  const dirty = text !== (note?.text ?? '') || saved === null;
  return (
    <form
      className="note"
      onSubmit={(e) => {
        e.preventDefault();
        setSaved(null);
        void submit.run(() => send<MemberNote | null>('PUT', `/api/my/agenda-items/${itemId}/note`, { text, version }));
      }}
    >
      <label htmlFor={`anteckning-${itemId}`}>{label}</label>
      <textarea id={`anteckning-${itemId}`} rows={3} value={text} onChange={(e) => { setText(e.target.value); setSaved(null); }} aria-describedby={submit.error ? `anteckning-${itemId}-fel` : undefined} />
      <p className="actions">
        <button type="submit" className="button button-secondary" disabled={submit.busy || !dirty}>
          {submit.busy ? 'Sparar …' : 'Spara anteckningen'}
        </button>{' '}
        {saved && <span role="status">{saved}</span>}
      </p>
      {submit.error && (
        <p id={`anteckning-${itemId}-fel`} className="alert alert-error" role="alert">
          {submit.error}
        </p>
      )}
    </form>
  );
}

function Notes({ meetingId }: { meetingId: number }) {
  const meeting = useApi<MeetingDetail>(`/api/meetings/${meetingId}`);
  const notes = useApi<MemberNote[]>(`/api/my/meetings/${meetingId}/notes`);
  return (
    <Loaded state={meeting} loading="Laddar föredragningslistan …">
      {(m) => (
        <Loaded state={notes} loading="Laddar dina anteckningar …">
          {(ns) =>
            m.items.length === 0 ? (
              <p>Föredragningslistan har inga punkter ännu.</p>
            ) : (
              <>
                <p className="hint">Bara du ser dina anteckningar.</p>
                {m.items.map((i) => (
                  <NoteField key={i.id} itemId={i.id} label={`Min anteckning, punkt ${i.number}: ${i.title}`} note={ns.find((n) => n.itemId === i.id)} onSaved={() => undefined} />
                ))}
              </>
            )
          }
        </Loaded>
      )}
    </Loaded>
  );
}

function Absence({ m, onChange }: { m: MyMeeting; onChange(): void }) {
  const [reason, setReason] = useState('');
  const submit = useSubmit({ onDone: onChange });
  const set = (absent: boolean) => submit.run(() => send('PUT', `/api/my/meetings/${m.meetingId}/absence`, { absent, reason: absent ? reason || null : null }, MINE));
  return (
    <div>
      {m.absence ? (
        <p role="status">
          Du har anmält förhinder {m.absence.reportedAt.slice(0, 10)}
          {m.absence.reason ? ` (${m.absence.reason})` : ''}. Nämndsekreteraren kallar in en ersättare.{' '}
          <button type="button" className="button button-secondary" disabled={submit.busy} onClick={() => void set(false)}>
            Återkalla förhindret
          </button>
        </p>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void set(true);
          }}
        >
          <Field label="Orsak (frivilligt)" value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} inline />
          <button type="submit" className="button button-secondary" disabled={submit.busy}>
            Anmäl förhinder
          </button>
        </form>
      )}
      {submit.error && (
        <p className="alert alert-error" role="alert">
          {submit.error}
        </p>
      )}
    </div>
  );
}

function MeetingCard({ m, reload }: { m: MyMeeting; reload(): void }) {
  const [notesOpen, setNotesOpen] = useState(false);
  const id = `mitt-${m.meetingId}`;
  const read = () => {
    if (m.sentVersion !== null) void send('POST', `/api/my/meetings/${m.meetingId}/read`, { version: m.sentVersion }, MINE).then(reload, () => undefined);
  };
  return (
    <section className="card" aria-labelledby={id}>
      <h2 id={id}>
        {m.bodyName}, {spokenDate(m.date) ?? m.date}
      </h2>
      <p className="card-sub">
        {[timeSpan(m.startTime, m.endTime), m.place, `du är ${m.seat}`].filter(Boolean).join(' · ')} · <Link href={`/sammantraden/${m.meetingId}`}>Föredragningslistan</Link>
      </p>
      {m.cancelled && (
        <p className="alert" role="status">
          Sammanträdet är inställt{m.cancelled.reason ? `: ${m.cancelled.reason}` : ''}.
        </p>
      )}
      {m.sentVersion === null ? (
        <p>Kallelsen är inte utskickad ännu.</p>
      ) : (
        <p>
          <a href={`/api/meetings/${m.meetingId}/kallelse/versions/${m.sentVersion}/file`} target="_blank" rel="noopener" onClick={read}>
            Läs kallelsen (version {m.sentVersion}, PDF)
          </a>
          {m.readVersion === null && ' – inte läst ännu'}
        </p>
      )}
      <Changes m={m} />
      <Absence m={m} onChange={reload} />
      <p>
        <button type="button" className="button button-secondary" aria-expanded={notesOpen} onClick={() => setNotesOpen(!notesOpen)}>
          {notesOpen ? 'Dölj mina anteckningar' : 'Mina anteckningar'}
        </button>
      </p>
      {notesOpen && <Notes meetingId={m.meetingId} />}
    </section>
  );
}

export function MyMeetingsPage() {
  useTitle('Mina sammanträden');
  const { user } = useSession();
  const state = useApi<{ linked: boolean; meetings: MyMeeting[] }>(user ? MINE : null);
  return (
    <>
      <h1>Mina sammanträden</h1>
      {!user ? (
        <p>
          <Link href="/logga-in">Logga in</Link> för att se dina sammanträden.
        </p>
      ) : (
        <Loaded state={state} loading="Laddar dina sammanträden …">
          {(s) =>
            !s.linked ? (
              <p>Ditt konto är inte kopplat till en ledamot eller ersättare. Be administratören koppla kontot till dig i nämndens ledamotslista.</p>
            ) : s.meetings.length === 0 ? (
              <p>Du har inga kommande sammanträden.</p>
            ) : (
              s.meetings.map((m) => <MeetingCard key={m.meetingId} m={m} reload={state.reload} />)
            )
          }
        </Loaded>
      )}
    </>
  );
}

/**
 * Remisser (issue 21.1): the register at /remisser (incoming and outgoing,
 * filtered by direction and open work; the public sees organisations, titles
 * and dates), the forms to register an incoming and an outgoing remiss, and
 * one remiss at /remisser/:id: its details and editing; for an incoming one
 * the answer put on a meeting's agenda, the body's decision, the Svar på
 * remiss it produces and the answer's sending; for an outgoing one the
 * recipients and the answers received.
 */
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import type { RecipientView, RemissSummary, RemissView } from '../../../src/remiss/service.ts';
import { LANETS_KOMMUNER, STANCE_LABEL, STANCES, type Stance } from '../../../src/remiss/model.ts';
import type { MeetingDetail, MeetingSummary } from '../../../src/http/contract.ts';
import { send } from '../api.ts';
import { DateField, Field, useSubmit } from '../components/form.tsx';
import { Loaded } from '../components/Status.tsx';
import { Link, navigate } from '../router.tsx';
import { useSession } from '../session.tsx';
import { useApi, useTitle } from '../useApi.ts';

const registers = (roles: string[] | undefined) => Boolean(roles?.some((r) => ['case-officer', 'secretary', 'admin'].includes(r)));
const editsAgenda = (roles: string[] | undefined) => Boolean(roles?.some((r) => ['secretary', 'admin'].includes(r)));
const FORGET = '/api/remisser';

function Alert({ error }: { error: string | null }) {
  if (!error) return null;
  return (
    <p className="alert alert-error" role="alert">
      {error}
    </p>
  );
}

export function RemissPage(props: { id?: string }) {
  return props.id ? <RemissDetail id={Number(props.id)} /> : <RemissRegister />;
}

/* ------------------------------------------------------------------ register */

function RemissRegister() {
  useTitle('Remisser');
  const ids = useId();
  const { user } = useSession();
  const [direction, setDirection] = useState<'' | 'incoming' | 'outgoing'>('');
  const [onlyOpen, setOnlyOpen] = useState(false);
  const [form, setForm] = useState<'incoming' | 'outgoing' | null>(null);
  const qs = new URLSearchParams();
  if (direction) qs.set('direction', direction);
  if (onlyOpen) qs.set('open', 'true');
  const query = qs.toString();
  const path = `/api/remisser${query ? `?${query}` : ''}`;
  const state = useApi<RemissSummary[]>(path, { keepPrevious: true });
  const mayRegister = registers(user?.roles);

  return (
    <>
      <h1>Remisser</h1>
      <p className="lead">Inkommande remisser som nämnden ska besvara och utgående remisser som nämnden har skickat ut.</p>
      {mayRegister && (
        <p className="actions">
          <button type="button" className="button" aria-expanded={form === 'incoming'} onClick={() => setForm(form === 'incoming' ? null : 'incoming')}>
            Registrera inkommande remiss
          </button>{' '}
          <button type="button" className="button" aria-expanded={form === 'outgoing'} onClick={() => setForm(form === 'outgoing' ? null : 'outgoing')}>
            Registrera utgående remiss
          </button>
        </p>
      )}
      {form === 'incoming' && <IncomingForm onCancel={() => setForm(null)} />}
      {form === 'outgoing' && <OutgoingForm onCancel={() => setForm(null)} />}
      <section aria-labelledby={`${ids}-reg`}>
        <h2 id={`${ids}-reg`}>Remissregistret</h2>
        <div className="inline-form">
          <Field inline label="Visa">
            <select value={direction} onChange={(e) => setDirection(e.target.value as typeof direction)}>
              <option value="">Alla remisser</option>
              <option value="incoming">Inkommande</option>
              <option value="outgoing">Utgående</option>
            </select>
          </Field>
          <label className="checkbox-label" htmlFor={`${ids}-open`}>
            <input id={`${ids}-open`} type="checkbox" checked={onlyOpen} onChange={(e) => setOnlyOpen(e.target.checked)} /> Bara pågående
          </label>
        </div>
        <Loaded state={state} loading="Hämtar remisser …">
          {(list) =>
            list.length === 0 ? (
              <p>Inga remisser{onlyOpen ? ' pågår' : ''}.</p>
            ) : (
              <div className="table-wrap">
                <table className="table">
                  <caption className="visually-hidden">Remisser</caption>
                  <thead>
                    <tr>
                      <th scope="col">Riktning</th>
                      <th scope="col">Rubrik</th>
                      <th scope="col">Diarienummer</th>
                      <th scope="col">Avsändare eller mottagare</th>
                      <th scope="col">Sista svarsdag eller remisstid</th>
                      <th scope="col">Status</th>
                    </tr>
                  </thead>
                  <tbody>
                    {list.map((r) => (
                      <tr key={r.id}>
                        <td>{r.directionLabel}</td>
                        <td>{user ? <Link href={`/remisser/${r.id}`}>{r.title}</Link> : r.title}</td>
                        <td>{r.caseNumber ?? '–'}</td>
                        <td>{r.direction === 'incoming' ? r.sender : `${r.recipientCount} mottagare, ${r.answeredCount} har svarat`}</td>
                        <td>{r.direction === 'incoming' ? r.replyDue : `${r.periodFrom} – ${r.periodTo}`}</td>
                        <td>{r.statusLabel}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )
          }
        </Loaded>
      </section>
    </>
  );
}

function TextArea(props: { label: string; value: string; onChange(v: string): void; rows?: number; hint?: string; maxLength?: number }) {
  return (
    <Field label={props.label} hint={props.hint}>
      <textarea rows={props.rows ?? 3} value={props.value} maxLength={props.maxLength ?? 20000} onChange={(e) => props.onChange(e.target.value)} />
    </Field>
  );
}

function CaseChoice({ caseNumber, setCaseNumber, registerCase, setRegisterCase }: { caseNumber: string; setCaseNumber(v: string): void; registerCase: boolean; setRegisterCase(v: boolean): void }) {
  const ids = useId();
  return (
    <>
      <Field label="Diarienummer (befintligt ärende)" hint="Till exempel 19RS10445. Lämna tomt för ett nytt ärende." value={caseNumber} maxLength={40} onChange={(e) => setCaseNumber(e.target.value)} />
      <p>
        <label className="checkbox-label" htmlFor={`${ids}-new`}>
          <input id={`${ids}-new`} type="checkbox" checked={registerCase && !caseNumber.trim()} disabled={Boolean(caseNumber.trim())} onChange={(e) => setRegisterCase(e.target.checked)} /> Registrera ett nytt ärende i
          diariet
        </label>
      </p>
    </>
  );
}

function IncomingForm({ onCancel }: { onCancel(): void }) {
  const ids = useId();
  const [title, setTitle] = useState('');
  const [sender, setSender] = useState('');
  const [senderRef, setSenderRef] = useState('');
  const [question, setQuestion] = useState('');
  const [receivedOn, setReceivedOn] = useState('');
  const [replyDue, setReplyDue] = useState('');
  const [preparer, setPreparer] = useState('');
  const [caseNumber, setCaseNumber] = useState('');
  const [registerCase, setRegisterCase] = useState(true);
  const { busy, error, run } = useSubmit<RemissView>({ fallback: 'Remissen kunde inte registreras.', onDone: (r) => navigate(`/remisser/${r.id}`) });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(() =>
      send<RemissView>('POST', '/api/remisser/incoming', {
        title, sender, replyDue, senderRef: senderRef || null, question: question || null, receivedOn: receivedOn || null, preparer: preparer || null,
        ...(caseNumber.trim() ? { caseNumber: caseNumber.trim() } : { registerCase }),
      }, FORGET),
    );
  };
  return (
    <section className="card" aria-labelledby={`${ids}-h`}>
      <h2 id={`${ids}-h`}>Registrera inkommande remiss</h2>
      <form onSubmit={submit} noValidate>
        <Field label="Rubrik" required value={title} maxLength={500} onChange={(e) => setTitle(e.target.value)} />
        <Field label="Avsändare" hint="Organisationen som skickat remissen" required value={sender} maxLength={300} onChange={(e) => setSender(e.target.value)} />
        <Field label="Avsändarens diarienummer" value={senderRef} maxLength={100} onChange={(e) => setSenderRef(e.target.value)} />
        <TextArea label="Frågan" value={question} onChange={setQuestion} />
        <div className="field-row">
          <DateField label="Ankom" value={receivedOn} onChange={(v) => setReceivedOn(v)} />
          <DateField label="Sista svarsdag" required value={replyDue} onChange={(v) => setReplyDue(v)} />
        </div>
        <Field label="Bereds av" hint="Handläggaren som tar fram svaret" value={preparer} maxLength={200} onChange={(e) => setPreparer(e.target.value)} />
        <CaseChoice caseNumber={caseNumber} setCaseNumber={setCaseNumber} registerCase={registerCase} setRegisterCase={setRegisterCase} />
        <Alert error={error} />
        <p className="actions">
          <button type="submit" className="button" disabled={busy}>
            {busy ? 'Registrerar …' : 'Registrera remissen'}
          </button>{' '}
          <button type="button" className="button button-secondary" onClick={onCancel}>
            Avbryt
          </button>
        </p>
      </form>
    </section>
  );
}

function OutgoingForm({ onCancel }: { onCancel(): void }) {
  const ids = useId();
  const [title, setTitle] = useState('');
  const [question, setQuestion] = useState('');
  const [periodFrom, setPeriodFrom] = useState('');
  const [periodTo, setPeriodTo] = useState('');
  const [recipients, setRecipients] = useState('');
  const [caseNumber, setCaseNumber] = useState('');
  const [registerCase, setRegisterCase] = useState(false);
  const { busy, error, run } = useSubmit<RemissView>({ fallback: 'Remissen kunde inte registreras.', onDone: (r) => navigate(`/remisser/${r.id}`) });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(() =>
      send<RemissView>('POST', '/api/remisser/outgoing', {
        title, periodFrom, periodTo, question: question || null, recipients,
        ...(caseNumber.trim() ? { caseNumber: caseNumber.trim() } : { registerCase }),
      }, FORGET),
    );
  };
  return (
    <section className="card" aria-labelledby={`${ids}-h`}>
      <h2 id={`${ids}-h`}>Registrera utgående remiss</h2>
      <form onSubmit={submit} noValidate>
        <Field label="Rubrik" required value={title} maxLength={500} onChange={(e) => setTitle(e.target.value)} />
        <TextArea label="Frågan" value={question} onChange={setQuestion} />
        <div className="field-row">
          <DateField label="Remisstiden från" required value={periodFrom} onChange={(v) => setPeriodFrom(v)} />
          <DateField label="Remisstiden till" required value={periodTo} onChange={(v) => setPeriodTo(v)} />
        </div>
        <TextArea label="Mottagare" hint="En organisation per rad" rows={6} maxLength={200000} value={recipients} onChange={setRecipients} />
        <p>
          <button type="button" className="button button-secondary button-small" onClick={() => setRecipients([recipients.trim(), ...LANETS_KOMMUNER].filter(Boolean).join('\n'))}>
            Lägg till länets kommuner
          </button>
        </p>
        <CaseChoice caseNumber={caseNumber} setCaseNumber={setCaseNumber} registerCase={registerCase} setRegisterCase={setRegisterCase} />
        <Alert error={error} />
        <p className="actions">
          <button type="submit" className="button" disabled={busy}>
            {busy ? 'Registrerar …' : 'Registrera remissen'}
          </button>{' '}
          <button type="button" className="button button-secondary" onClick={onCancel}>
            Avbryt
          </button>
        </p>
      </form>
    </section>
  );
}

/* ------------------------------------------------------------------ one remiss */

function Row({ term, children }: { term: string; children: ReactNode }) {
  return (
    <>
      <dt>{term}</dt>
      <dd>{children ?? '–'}</dd>
    </>
  );
}

function RemissDetail({ id }: { id: number }) {
  const state = useApi<RemissView>(`/api/remisser/${id}`);
  useTitle(state.status === 'ok' ? state.data.title : 'Remiss');
  const { user } = useSession();
  const [editing, setEditing] = useState(false);
  return (
    <Loaded state={state} loading="Hämtar remissen …">
      {(r) => {
        const saved = () => {
          setEditing(false);
          state.reload();
        };
        return (
          <>
            <p>
              <Link href="/remisser">← Remisser</Link>
            </p>
            <h1>{r.title}</h1>
            <p>
              <span className="badge">{r.directionLabel} remiss</span> <span className="badge">{r.statusLabel}</span>
            </p>
            <dl className="facts">
              {r.direction === 'incoming' ? (
                <>
                  <Row term="Avsändare">{r.sender}</Row>
                  <Row term="Avsändarens diarienummer">{r.senderRef}</Row>
                  <Row term="Ankom">{r.receivedOn}</Row>
                  <Row term="Sista svarsdag">{r.replyDue}</Row>
                  <Row term="Bereds av">{r.preparer}</Row>
                </>
              ) : (
                <Row term="Remisstid">
                  {r.periodFrom} – {r.periodTo}
                </Row>
              )}
              <Row term="Diarienummer">{r.caseNumber ? <Link href={`/arenden/${r.caseNumber}`}>{r.caseNumber}</Link> : null}</Row>
              {r.caseTitle && <Row term="Ärendemening">{r.caseTitle}</Row>}
              <Row term="Frågan">{r.question}</Row>
            </dl>
            {registers(user?.roles) &&
              (editing ? (
                <EditForm r={r} onSaved={saved} onCancel={() => setEditing(false)} />
              ) : (
                <p>
                  <button type="button" className="button button-secondary" onClick={() => setEditing(true)}>
                    Ändra remissen
                  </button>
                </p>
              ))}
            {r.direction === 'incoming' ? <Answer r={r} reload={state.reload} roles={user?.roles} /> : <Recipients r={r} reload={state.reload} roles={user?.roles} />}
          </>
        );
      }}
    </Loaded>
  );
}

function EditForm({ r, onSaved, onCancel }: { r: RemissView; onSaved(): void; onCancel(): void }) {
  const ids = useId();
  const [title, setTitle] = useState(r.title);
  const [sender, setSender] = useState(r.sender ?? '');
  const [senderRef, setSenderRef] = useState(r.senderRef ?? '');
  const [question, setQuestion] = useState(r.question ?? '');
  const [receivedOn, setReceivedOn] = useState(r.receivedOn ?? '');
  const [replyDue, setReplyDue] = useState(r.replyDue ?? '');
  const [preparer, setPreparer] = useState(r.preparer ?? '');
  const [periodFrom, setPeriodFrom] = useState(r.periodFrom ?? '');
  const [periodTo, setPeriodTo] = useState(r.periodTo ?? '');
  const [caseNumber, setCaseNumber] = useState(r.caseNumber ?? '');
  const [declined, setDeclined] = useState(r.declined);
  const { busy, error, run } = useSubmit({ fallback: 'Ändringen kunde inte sparas.', onDone: onSaved });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const common = { version: r.version, title, question: question || null, caseNumber: caseNumber.trim() || null };
    const body =
      r.direction === 'incoming'
        ? { ...common, sender, senderRef: senderRef || null, receivedOn: receivedOn || null, replyDue, preparer: preparer || null, ...(r.answerSentOn ? {} : { declined }) }
        : { ...common, periodFrom, periodTo };
    void run(() => send('PUT', `/api/remisser/${r.id}`, body, FORGET));
  };
  return (
    <section className="card" aria-labelledby={`${ids}-h`}>
      <h2 id={`${ids}-h`}>Ändra remissen</h2>
      <form onSubmit={submit} noValidate>
        <Field label="Rubrik" required value={title} maxLength={500} onChange={(e) => setTitle(e.target.value)} />
        {r.direction === 'incoming' && (
          <>
            <Field label="Avsändare" required value={sender} maxLength={300} onChange={(e) => setSender(e.target.value)} />
            <Field label="Avsändarens diarienummer" value={senderRef} maxLength={100} onChange={(e) => setSenderRef(e.target.value)} />
          </>
        )}
        <TextArea label="Frågan" value={question} onChange={setQuestion} />
        {r.direction === 'incoming' ? (
          <>
            <div className="field-row">
              <DateField label="Ankom" value={receivedOn} onChange={(v) => setReceivedOn(v)} />
              <DateField label="Sista svarsdag" required value={replyDue} onChange={(v) => setReplyDue(v)} />
            </div>
            <Field label="Bereds av" value={preparer} maxLength={200} onChange={(e) => setPreparer(e.target.value)} />
            {!r.answerSentOn && (
              <p>
                <label className="checkbox-label" htmlFor={`${ids}-declined`}>
                  <input id={`${ids}-declined`} type="checkbox" checked={declined} onChange={(e) => setDeclined(e.target.checked)} /> Regionen avstår från att svara
                </label>
              </p>
            )}
          </>
        ) : (
          <div className="field-row">
            <DateField label="Remisstiden från" required value={periodFrom} onChange={(v) => setPeriodFrom(v)} />
            <DateField label="Remisstiden till" required value={periodTo} onChange={(v) => setPeriodTo(v)} />
          </div>
        )}
        <Field label="Diarienummer" value={caseNumber} maxLength={40} onChange={(e) => setCaseNumber(e.target.value)} />
        <Alert error={error} />
        <p className="actions">
          <button type="submit" className="button" disabled={busy}>
            {busy ? 'Sparar …' : 'Spara ändringarna'}
          </button>{' '}
          <button type="button" className="button button-secondary" onClick={onCancel}>
            Avbryt
          </button>
        </p>
      </form>
    </section>
  );
}

/* ------------------------------------------------------------------ incoming: the answer */

function Answer({ r, reload, roles }: { r: RemissView; reload(): void; roles: string[] | undefined }) {
  const ids = useId();
  const decided = Boolean(r.decision?.answers);
  return (
    <section aria-labelledby={`${ids}-h`}>
      <h2 id={`${ids}-h`}>Svar på remiss</h2>
      {r.agenda ? (
        <p>
          Besvaras i{' '}
          <Link href={`/sammantraden/${r.agenda.meetingId}`}>
            punkt {r.agenda.itemNumber} på {r.agenda.bodyName} {r.agenda.meetingDate}
          </Link>
          : {r.agenda.itemTitle}.
        </p>
      ) : (
        <p>Svaret är inte satt på någon föredragningslista än.</p>
      )}
      {r.decision && (
        <div className="card">
          <h3>Nämndens beslut{r.decision.paragraph !== null ? ` (§ ${r.decision.paragraph})` : ''}</h3>
          <p>{r.decision.outcomeLabel}</p>
          <ul>
            {r.decision.clauses.map((c, i) => (
              <li key={i}>{c}</li>
            ))}
          </ul>
          {!r.decision.answers && <p className="hint">Beslutet besvarar inte remissen (återremiss eller bordläggning); sätt svaret på ett senare sammanträde.</p>}
        </div>
      )}
      {editsAgenda(roles) && !decided && !r.answerSentOn && !r.declined && <PlaceOnAgenda r={r} onDone={reload} />}
      {r.answerDocument && (
        <>
          <h3>{r.answerSentOn ? 'Svaret som det skickades' : 'Svaret som beslutet ger det'}</h3>
          <pre className="answer-document">{r.answerDocument}</pre>
          <p>
            <a href={`/api/remisser/${r.id}/svar.pdf`}>Svaret som PDF</a> ·{' '}
            <a href={`/api/remisser/${r.id}/svar`} download>
              Ladda ned svaret (text)
            </a>
          </p>
        </>
      )}
      {r.answerSentOn ? (
        <p role="status">
          Svaret skickades {r.answerSentOn} till {r.answerSentTo}.
        </p>
      ) : (
        decided && registers(roles) && <RecordSending r={r} onDone={reload} />
      )}
    </section>
  );
}

function PlaceOnAgenda({ r, onDone }: { r: RemissView; onDone(): void }) {
  const ids = useId();
  const meetings = useApi<MeetingSummary[]>('/api/meetings');
  const [meetingId, setMeetingId] = useState('');
  const [itemId, setItemId] = useState('');
  const meeting = useApi<MeetingDetail>(meetingId ? `/api/meetings/${meetingId}` : null);
  const { busy, error, setError, run } = useSubmit({ fallback: 'Svaret kunde inte sättas på föredragningslistan.', onDone });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!meetingId) {
      setError('Välj ett sammanträde.');
      return;
    }
    void run(() => send('POST', `/api/remisser/${r.id}/agenda`, { version: r.version, meetingId: Number(meetingId), itemId: itemId ? Number(itemId) : null }, FORGET, `/api/meetings/${meetingId}`));
  };
  return (
    <form className="card" onSubmit={submit} noValidate aria-labelledby={`${ids}-h`}>
      <h3 id={`${ids}-h`}>{r.agenda ? 'Flytta svaret till ett annat sammanträde' : 'Sätt svaret på en föredragningslista'}</h3>
      <Field label="Sammanträde">
        <select
          value={meetingId}
          onChange={(e) => {
            setMeetingId(e.target.value);
            setItemId('');
          }}
        >
          <option value="">Välj sammanträde</option>
          {meetings.status === 'ok' &&
            meetings.data.map((m) => (
              <option key={m.id} value={m.id}>
                {m.bodyName} {m.date}
              </option>
            ))}
        </select>
      </Field>
      {meetingId && meeting.status === 'ok' && (
        <Field label="Punkt" hint="En ny beslutspunkt läggs sist på listan, med remissens ärende och förslag till beslut.">
          <select value={itemId} onChange={(e) => setItemId(e.target.value)}>
            <option value="">Ny punkt: {r.title.startsWith('Svar på remiss') ? r.title : `Svar på remiss – ${r.title}`}</option>
            {meeting.data.items.map((i) => (
              <option key={i.id} value={i.id}>
                Punkt {i.number}: {i.title}
              </option>
            ))}
          </select>
        </Field>
      )}
      <Alert error={error} />
      <p className="actions">
        <button type="submit" className="button" disabled={busy}>
          {busy ? 'Sparar …' : 'Sätt på föredragningslistan'}
        </button>
      </p>
    </form>
  );
}

function RecordSending({ r, onDone }: { r: RemissView; onDone(): void }) {
  const ids = useId();
  const [sentOn, setSentOn] = useState('');
  const [sentTo, setSentTo] = useState(r.sender ?? '');
  const { busy, error, run } = useSubmit({ fallback: 'Det gick inte att registrera svaret.', onDone });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(() => send('POST', `/api/remisser/${r.id}/sending`, { version: r.version, sentOn, sentTo: sentTo || null }, FORGET));
  };
  return (
    <form className="card" onSubmit={submit} noValidate aria-labelledby={`${ids}-h`}>
      <h3 id={`${ids}-h`}>Registrera att svaret skickats</h3>
      <div className="field-row">
        <DateField label="Skickat den" required value={sentOn} onChange={(v) => setSentOn(v)} />
        <Field label="Skickat till" required value={sentTo} maxLength={300} onChange={(e) => setSentTo(e.target.value)} />
      </div>
      <Alert error={error} />
      <p className="actions">
        <button type="submit" className="button" disabled={busy}>
          {busy ? 'Sparar …' : 'Registrera skickat svar'}
        </button>
      </p>
    </form>
  );
}

/* ------------------------------------------------------------------ outgoing: recipients */

function Recipients({ r, reload, roles }: { r: RemissView; reload(): void; roles: string[] | undefined }) {
  const ids = useId();
  const edit = registers(roles);
  const [answering, setAnswering] = useState<number | null>(null);
  const remove = useSubmit({ fallback: 'Mottagaren kunde inte tas bort.', onDone: reload });
  return (
    <section aria-labelledby={`${ids}-h`}>
      <h2 id={`${ids}-h`}>
        Mottagare och svar ({r.answeredCount} av {r.recipientCount} har svarat)
      </h2>
      {r.recipients.length === 0 ? (
        <p>Inga mottagare än.</p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">Mottagare och deras svar</caption>
            <thead>
              <tr>
                <th scope="col">Mottagare</th>
                <th scope="col">Svar inkom</th>
                <th scope="col">Ställningstagande</th>
                <th scope="col">Sammanfattning</th>
                {edit && <th scope="col">Åtgärd</th>}
              </tr>
            </thead>
            <tbody>
              {r.recipients.map((x) => (
                <tr key={x.id}>
                  <th scope="row">{x.name}</th>
                  <td>{x.answeredOn ?? 'Inget svar'}</td>
                  <td>{x.stanceLabel ?? '–'}</td>
                  <td>{x.summary ?? '–'}</td>
                  {edit && (
                    <td>
                      <button type="button" className="button button-secondary button-small" aria-expanded={answering === x.id} onClick={() => setAnswering(answering === x.id ? null : x.id)}>
                        Registrera svar<span className="visually-hidden"> från {x.name}</span>
                      </button>{' '}
                      {!x.answeredOn && (
                        <button
                          type="button"
                          className="button button-secondary button-small"
                          disabled={remove.busy}
                          onClick={() => void remove.run(() => send('DELETE', `/api/remisser/${r.id}/recipients/${x.id}?version=${r.version}`, undefined, FORGET))}
                        >
                          Ta bort<span className="visually-hidden"> {x.name}</span>
                        </button>
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Alert error={remove.error} />
      {answering !== null && r.recipients.find((x) => x.id === answering) && (
        <AnswerForm
          r={r}
          x={r.recipients.find((x) => x.id === answering)!}
          onDone={() => {
            setAnswering(null);
            reload();
          }}
        />
      )}
      {edit && <AddRecipients r={r} onDone={reload} />}
    </section>
  );
}

function AnswerForm({ r, x, onDone }: { r: RemissView; x: RecipientView; onDone(): void }) {
  const ids = useId();
  const [answeredOn, setAnsweredOn] = useState(x.answeredOn ?? '');
  const [stance, setStance] = useState<Stance | ''>(x.stance ?? '');
  const [summary, setSummary] = useState(x.summary ?? '');
  const { busy, error, run } = useSubmit({ fallback: 'Svaret kunde inte registreras.', onDone });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(() => send('PUT', `/api/remisser/${r.id}/recipients/${x.id}/answer`, { version: r.version, answeredOn, stance: stance || null, summary: summary || null }, FORGET));
  };
  return (
    <form className="card" onSubmit={submit} noValidate aria-labelledby={`${ids}-h`}>
      <h3 id={`${ids}-h`}>Svar från {x.name}</h3>
      <DateField label="Svaret inkom" required value={answeredOn} onChange={(v) => setAnsweredOn(v)} />
      <Field label="Ställningstagande">
        <select value={stance} onChange={(e) => setStance(e.target.value as Stance | '')}>
          <option value="">Ej angivet</option>
          {STANCES.map((s) => (
            <option key={s} value={s}>
              {STANCE_LABEL[s]}
            </option>
          ))}
        </select>
      </Field>
      <TextArea label="Sammanfattning av svaret" value={summary} onChange={setSummary} />
      <Alert error={error} />
      <p className="actions">
        <button type="submit" className="button" disabled={busy}>
          {busy ? 'Sparar …' : 'Spara svaret'}
        </button>
      </p>
    </form>
  );
}

function AddRecipients({ r, onDone }: { r: RemissView; onDone(): void }) {
  const ids = useId();
  const [names, setNames] = useState('');
  const { busy, error, run } = useSubmit({
    fallback: 'Mottagarna kunde inte läggas till.',
    onDone: () => {
      setNames('');
      onDone();
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(() => send('POST', `/api/remisser/${r.id}/recipients`, { version: r.version, names }, FORGET));
  };
  return (
    <form className="card" onSubmit={submit} noValidate aria-labelledby={`${ids}-h`}>
      <h3 id={`${ids}-h`}>Lägg till mottagare</h3>
      <TextArea label="Nya mottagare" hint="En organisation per rad" rows={3} maxLength={200000} value={names} onChange={setNames} />
      <Alert error={error} />
      <p className="actions">
        <button type="submit" className="button" disabled={busy}>
          {busy ? 'Lägger till …' : 'Lägg till mottagare'}
        </button>
      </p>
    </form>
  );
}

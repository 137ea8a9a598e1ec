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
import { remissApi, type RecipientView, type RemissView } from '../../../src/remiss/contract.ts';
import type { ReplyOf } from '../../../src/kernel/contract.ts';
import { LANETS_KOMMUNER, STANCE_LABEL, STANCES, type Stance } from '../../../src/remiss/model.ts';
import type { MeetingDetail, MeetingSummary } from '../../../src/http/contract.ts';
import { call, pathOf } from '../client.ts';
import { DateField, Field, useSubmit, type FieldProps } from '../components/form.tsx';
import { Loaded } from '../components/Status.tsx';
import { Link, navigate } from '../router.tsx';
import { useSession } from '../session.tsx';
import { useApi, useTitle } from '../useApi.ts';
import { Alert, Footer, FormCard, useFormSubmit } from '../components/FormCard.tsx';

const registers = (roles: string[] | undefined) => Boolean(roles?.some((r) => ['case-officer', 'secretary', 'admin'].includes(r)));
const editsAgenda = (roles: string[] | undefined) => Boolean(roles?.some((r) => ['secretary', 'admin'].includes(r)));
const FORGET = '/api/remisser';

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
  const path = pathOf(remissApi.list, undefined, { direction: direction || undefined, open: onlyOpen ? true : undefined });
  const state = useApi<ReplyOf<typeof remissApi.list>>(path, { keepPrevious: true });
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
      {form && <RegisterForm key={form} direction={form} onCancel={() => setForm(null)} />}
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

/** A text `Field` whose onChange gets the text. */
function TextField({ onChange, ...rest }: Omit<FieldProps, 'onChange' | 'value'> & { value: string; onChange(v: string): void }) {
  return <Field {...rest} onChange={(e) => onChange(e.target.value)} />;
}

/** A checkbox with its label after it, in a paragraph of its own. */
function CheckBox({ label, checked, onChange, disabled }: { label: ReactNode; checked: boolean; onChange(v: boolean): void; disabled?: boolean }) {
  const id = useId();
  return (
    <p>
      <label className="checkbox-label" htmlFor={id}>
        <input id={id} type="checkbox" checked={checked} disabled={disabled} onChange={(e) => onChange(e.target.checked)} /> {label}
      </label>
    </p>
  );
}

/** The texts of a remiss's form (both directions; each sends its own). */
interface Draft {
  title: string;
  sender: string;
  senderRef: string;
  question: string;
  receivedOn: string;
  replyDue: string;
  preparer: string;
  periodFrom: string;
  periodTo: string;
  caseNumber: string;
}

const draftOf = (r?: RemissView): Draft => ({
  title: r?.title ?? '',
  sender: r?.sender ?? '',
  senderRef: r?.senderRef ?? '',
  question: r?.question ?? '',
  receivedOn: r?.receivedOn ?? '',
  replyDue: r?.replyDue ?? '',
  preparer: r?.preparer ?? '',
  periodFrom: r?.periodFrom ?? '',
  periodTo: r?.periodTo ?? '',
  caseNumber: r?.caseNumber ?? '',
});

type SetDraft = <K extends keyof Draft>(key: K) => (value: Draft[K]) => void;

function useDraft(r?: RemissView): [Draft, SetDraft] {
  const [draft, setDraft] = useState(() => draftOf(r));
  const set: SetDraft = (key) => (value) => setDraft((d) => ({ ...d, [key]: value }));
  return [draft, set];
}

/** The fields registering and editing share: title, (incoming) sender, the question, the dates and (incoming) the preparer. */
function RemissFields({ direction, d, set, hints }: { direction: 'incoming' | 'outgoing'; d: Draft; set: SetDraft; hints?: boolean }) {
  const incoming = direction === 'incoming';
  return (
    <>
      <TextField label="Rubrik" required value={d.title} maxLength={500} onChange={set('title')} />
      {incoming && (
        <>
          <TextField label="Avsändare" hint={hints ? 'Organisationen som skickat remissen' : undefined} required value={d.sender} maxLength={300} onChange={set('sender')} />
          <TextField label="Avsändarens diarienummer" value={d.senderRef} maxLength={100} onChange={set('senderRef')} />
        </>
      )}
      <TextArea label="Frågan" value={d.question} onChange={set('question')} />
      {incoming ? (
        <div className="field-row">
          <DateField label="Ankom" value={d.receivedOn} onChange={set('receivedOn')} />
          <DateField label="Sista svarsdag" required value={d.replyDue} onChange={set('replyDue')} />
        </div>
      ) : (
        <div className="field-row">
          <DateField label="Remisstiden från" required value={d.periodFrom} onChange={set('periodFrom')} />
          <DateField label="Remisstiden till" required value={d.periodTo} onChange={set('periodTo')} />
        </div>
      )}
      {incoming && <TextField label="Bereds av" hint={hints ? 'Handläggaren som tar fram svaret' : undefined} value={d.preparer} maxLength={200} onChange={set('preparer')} />}
    </>
  );
}

/** Registering an incoming or an outgoing remiss; the new remiss is shown when it is registered. */
function RegisterForm({ direction, onCancel }: { direction: 'incoming' | 'outgoing'; onCancel(): void }) {
  const [d, set] = useDraft();
  const [recipients, setRecipients] = useState('');
  const [registerCase, setRegisterCase] = useState(direction === 'incoming');
  const caseNumber = d.caseNumber.trim();
  const { busy, error, onSubmit } = useFormSubmit<RemissView>({ fallback: 'Remissen kunde inte registreras.', onDone: (r) => navigate(`/remisser/${r.id}`) }, () =>
    direction === 'incoming'
      ? call(remissApi.registerIncoming, {
          body: {
            title: d.title, sender: d.sender, replyDue: d.replyDue, senderRef: d.senderRef || null, question: d.question || null, receivedOn: d.receivedOn || null, preparer: d.preparer || null,
            ...(caseNumber ? { caseNumber } : { registerCase }),
          },
        }, FORGET)
      : call(remissApi.registerOutgoing, {
          body: { title: d.title, periodFrom: d.periodFrom, periodTo: d.periodTo, question: d.question || null, recipients, ...(caseNumber ? { caseNumber } : { registerCase }) },
        }, FORGET),
  );
  return (
    <FormCard level={2} heading={direction === 'incoming' ? 'Registrera inkommande remiss' : 'Registrera utgående remiss'} onSubmit={onSubmit}>
      <RemissFields direction={direction} d={d} set={set} hints />
      {direction === 'outgoing' && (
        <>
          <TextArea label="Mottagare" hint="En organisation per rad" rows={6} maxLength={200000} value={recipients} onChange={setRecipients} />
          <p>
            <button type="button" className="button button-secondary button-small" onClick={() => setRecipients([recipients.trim(), ...LANETS_KOMMUNER].filter(Boolean).join('\n'))}>
              Lägg till länets kommuner
            </button>
          </p>
        </>
      )}
      <TextField label="Diarienummer (befintligt ärende)" hint="Till exempel 19RS10445. Lämna tomt för ett nytt ärende." value={d.caseNumber} maxLength={40} onChange={set('caseNumber')} />
      <CheckBox label="Registrera ett nytt ärende i diariet" checked={registerCase && !caseNumber} disabled={Boolean(caseNumber)} onChange={setRegisterCase} />
      <Footer error={error} busy={busy} label="Registrera remissen" busyLabel="Registrerar …" onCancel={onCancel} />
    </FormCard>
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
  const state = useApi<ReplyOf<typeof remissApi.get>>(pathOf(remissApi.get, { id }));
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
  const [d, set] = useDraft(r);
  const [declined, setDeclined] = useState(r.declined);
  const { busy, error, onSubmit } = useFormSubmit({ fallback: 'Ändringen kunde inte sparas.', onDone: onSaved }, () => {
    const common = { version: r.version, title: d.title, question: d.question || null, caseNumber: d.caseNumber.trim() || null };
    const body =
      r.direction === 'incoming'
        ? { ...common, sender: d.sender, senderRef: d.senderRef || null, receivedOn: d.receivedOn || null, replyDue: d.replyDue, preparer: d.preparer || null, ...(r.answerSentOn ? {} : { declined }) }
        : { ...common, periodFrom: d.periodFrom, periodTo: d.periodTo };
    return call(remissApi.update, { params: { id: r.id }, body }, FORGET);
  });
  return (
    <FormCard level={2} heading="Ändra remissen" onSubmit={onSubmit}>
      <RemissFields direction={r.direction} d={d} set={set} />
      {r.direction === 'incoming' && !r.answerSentOn && <CheckBox label="Regionen avstår från att svara" checked={declined} onChange={setDeclined} />}
      <TextField label="Diarienummer" value={d.caseNumber} maxLength={40} onChange={set('caseNumber')} />
      <Footer error={error} busy={busy} label="Spara ändringarna" onCancel={onCancel} />
    </FormCard>
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
    void run(() => call(remissApi.placeOnAgenda, { params: { id: r.id }, body: { version: r.version, meetingId: Number(meetingId), itemId: itemId ? Number(itemId) : null } }, FORGET, `/api/meetings/${meetingId}`));
  };
  return (
    <FormCard level={3} heading={r.agenda ? 'Flytta svaret till ett annat sammanträde' : 'Sätt svaret på en föredragningslista'} onSubmit={submit}>
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
      <Footer error={error} busy={busy} label="Sätt på föredragningslistan" />
    </FormCard>
  );
}

function RecordSending({ r, onDone }: { r: RemissView; onDone(): void }) {
  const [sentOn, setSentOn] = useState('');
  const [sentTo, setSentTo] = useState(r.sender ?? '');
  const { busy, error, onSubmit } = useFormSubmit({ fallback: 'Det gick inte att registrera svaret.', onDone }, () =>
    call(remissApi.recordSending, { params: { id: r.id }, body: { version: r.version, sentOn, sentTo: sentTo || null } }, FORGET),
  );
  return (
    <FormCard level={3} heading="Registrera att svaret skickats" onSubmit={onSubmit}>
      <div className="field-row">
        <DateField label="Skickat den" required value={sentOn} onChange={setSentOn} />
        <TextField label="Skickat till" required value={sentTo} maxLength={300} onChange={setSentTo} />
      </div>
      <Footer error={error} busy={busy} label="Registrera skickat svar" />
    </FormCard>
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
                          onClick={() => void remove.run(() => call(remissApi.removeRecipient, { params: { id: r.id, recipientId: x.id }, query: { version: r.version } }, FORGET))}
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
  const [answeredOn, setAnsweredOn] = useState(x.answeredOn ?? '');
  const [stance, setStance] = useState<Stance | ''>(x.stance ?? '');
  const [summary, setSummary] = useState(x.summary ?? '');
  const { busy, error, onSubmit } = useFormSubmit({ fallback: 'Svaret kunde inte registreras.', onDone }, () =>
    call(remissApi.recordAnswer, { params: { id: r.id, recipientId: x.id }, body: { version: r.version, answeredOn, stance: stance || null, summary: summary || null } }, FORGET),
  );
  return (
    <FormCard level={3} heading={`Svar från ${x.name}`} onSubmit={onSubmit}>
      <DateField label="Svaret inkom" required value={answeredOn} onChange={setAnsweredOn} />
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
      <Footer error={error} busy={busy} label="Spara svaret" />
    </FormCard>
  );
}

function AddRecipients({ r, onDone }: { r: RemissView; onDone(): void }) {
  const [names, setNames] = useState('');
  const onAdded = () => {
    setNames('');
    onDone();
  };
  const { busy, error, onSubmit } = useFormSubmit({ fallback: 'Mottagarna kunde inte läggas till.', onDone: onAdded }, () =>
    call(remissApi.addRecipients, { params: { id: r.id }, body: { version: r.version, names } }, FORGET),
  );
  return (
    <FormCard level={3} heading="Lägg till mottagare" onSubmit={onSubmit}>
      <TextArea label="Nya mottagare" hint="En organisation per rad" rows={3} maxLength={200000} value={names} onChange={setNames} />
      <Footer error={error} busy={busy} label="Lägg till mottagare" busyLabel="Lägger till …" />
    </FormCard>
  );
}

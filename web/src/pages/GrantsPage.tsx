/**
 * Grants to associations and foundations (issue 21.2): the register at
 * /foreningsbidrag (organisations, and applied and granted per year and
 * budget line beside the budget's association grants), registering an
 * organisation, and one organisation at /foreningsbidrag/:id: its details,
 * its applications with the decision (under an agenda item or as a delegated
 * decision) and the yearly report, and its grant history, entered row by row
 * or imported from a pasted table with what became of every row.
 */
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { grantsApi, type ApplicationView, type HistoryImportResult, type OrganisationView } from '../../../src/grants/contract.ts';
import type { ReplyOf } from '../../../src/kernel/contract.ts';
import { KIND_LABEL, KINDS, type OrganisationKind, type RowDisposition } from '../../../src/grants/model.ts';
import type { MeetingDetail, MeetingSummary } from '../../../src/http/contract.ts';
import type { BodySummary } from '../../../src/http/contract.ts';
import type { DelegatedDecisionView } from '../../../src/delegation/service.ts';
import { formatKronor } from '../../../src/kernel/kronor.ts';
import { call, pathOf } from '../client.ts';
import { DateField, Field, MoneyField, useSubmit, type FieldProps } from '../components/form.tsx';
import { Loaded } from '../components/Status.tsx';
import { Link, navigate } from '../router.tsx';
import { useSession } from '../session.tsx';
import { useApi, useTitle } from '../useApi.ts';
import { Alert, Footer, FormCard, useFormSubmit } from '../components/FormCard.tsx';

const edits = (roles: string[] | undefined) => Boolean(roles?.some((r) => ['case-officer', 'secretary', 'admin'].includes(r)));
const decides = (roles: string[] | undefined) => Boolean(roles?.some((r) => ['secretary', 'admin'].includes(r)));
const FORGET = '/api/foreningsbidrag';
const kr = (ore: number | null) => (ore === null ? '–' : formatKronor(ore, 'kr'));

const DISPOSITION_LABEL: Record<RowDisposition, string> = {
  entry: 'Importerad',
  'entry-without-amount': 'Importerad utan belopp',
  sum: 'Summeringsrad',
  title: 'Rubrik',
  group: 'Grupprubrik',
  header: 'Kolumnrubriker',
  blank: 'Tom rad',
  rejected: 'Inte importerad',
};

function TextField({ onChange, ...rest }: Omit<FieldProps, 'onChange' | 'value'> & { value: string; onChange(v: string): void }) {
  return <Field {...rest} onChange={(e) => onChange(e.target.value)} />;
}

function TextArea(props: { label: string; value: string; onChange(v: string): void; rows?: number; hint?: string; maxLength?: number }) {
  return (
    <Field label={props.label} hint={props.hint}>
      <textarea rows={props.rows ?? 3} value={props.value} maxLength={props.maxLength ?? 5000} onChange={(e) => props.onChange(e.target.value)} />
    </Field>
  );
}

export function GrantsPage(props: { id?: string }) {
  return props.id ? <OrganisationDetail id={Number(props.id)} /> : <GrantsRegister />;
}

/* ------------------------------------------------------------------ register */

function GrantsRegister() {
  useTitle('Föreningsbidrag');
  const ids = useId();
  const { user } = useSession();
  const [q, setQ] = useState('');
  const [registering, setRegistering] = useState(false);
  const list = useApi<ReplyOf<typeof grantsApi.list>>(pathOf(grantsApi.list, undefined, { q: q.trim() }), { keepPrevious: true });
  const lines = useApi<ReplyOf<typeof grantsApi.budgetLines>>(pathOf(grantsApi.budgetLines));
  return (
    <>
      <h1>Föreningsbidrag</h1>
      <p className="lead">Bidrag till föreningar och stiftelser: ansökningar, beslut, redovisningar och bidragshistorik per organisation.</p>
      {edits(user?.roles) && (
        <p className="actions">
          <button type="button" className="button" aria-expanded={registering} onClick={() => setRegistering(!registering)}>
            Registrera organisation
          </button>
        </p>
      )}
      {registering && <OrganisationForm onCancel={() => setRegistering(false)} onSaved={(o) => navigate(`/foreningsbidrag/${o.id}`)} />}
      <section aria-labelledby={`${ids}-org`}>
        <h2 id={`${ids}-org`}>Organisationer</h2>
        <div className="inline-form">
          <TextField inline label="Sök" value={q} maxLength={200} onChange={setQ} />
        </div>
        <Loaded state={list} loading="Hämtar organisationer …">
          {(orgs) =>
            orgs.length === 0 ? (
              <p>Inga organisationer{q ? ' matchar sökningen' : ''}.</p>
            ) : (
              <div className="table-wrap">
                <table className="table">
                  <caption className="visually-hidden">Organisationer</caption>
                  <thead>
                    <tr>
                      <th scope="col">Namn</th>
                      <th scope="col">Organisationsnummer</th>
                      <th scope="col">Slag</th>
                      <th scope="col">Ansökningar</th>
                      <th scope="col">Beviljat</th>
                      <th scope="col">Senaste år</th>
                    </tr>
                  </thead>
                  <tbody>
                    {orgs.map((o) => (
                      <tr key={o.id}>
                        <td>
                          <Link href={`/foreningsbidrag/${o.id}`}>{o.name}</Link>
                        </td>
                        <td>{o.orgNumber ?? '–'}</td>
                        <td>{o.kindLabel}</td>
                        <td>
                          {o.applicationCount}
                          {o.pendingCount ? ` (${o.pendingCount} ej beslutade)` : ''}
                        </td>
                        <td className="num">{kr(o.grantedOre)}</td>
                        <td>{o.latestYear ?? '–'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )
          }
        </Loaded>
      </section>
      <section aria-labelledby={`${ids}-budget`}>
        <h2 id={`${ids}-budget`}>Per år och budgetrad</h2>
        <p className="hint">En ansökan utan budgetrad räknas under organisationens namn. Budgeterat är budgetens bidrag till föreningen med samma namn det året, efter uppräkning.</p>
        <Loaded state={lines} loading="Hämtar budgetrader …">
          {(rows) =>
            rows.length === 0 ? (
              <p>Inga ansökningar än.</p>
            ) : (
              <div className="table-wrap">
                <table className="table">
                  <caption className="visually-hidden">Sökt och beviljat per år och budgetrad</caption>
                  <thead>
                    <tr>
                      <th scope="col">År</th>
                      <th scope="col">Budgetrad</th>
                      <th scope="col">Ansökningar</th>
                      <th scope="col">Sökt</th>
                      <th scope="col">Beviljat</th>
                      <th scope="col">Budgeterat</th>
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((r) => (
                      <tr key={`${r.year}-${r.budgetLine}`}>
                        <td>{r.year}</td>
                        <td>{r.budgetLine}</td>
                        <td>
                          {r.applications} ({r.granted} beviljade)
                        </td>
                        <td className="num">{kr(r.appliedOre)}</td>
                        <td className="num">{kr(r.grantedOre)}</td>
                        <td className="num">{r.budgetedOre === null ? '–' : `${kr(r.budgetedOre)} (${r.budget!.bodyName}${r.budget!.status === 'draft' ? ', utkast' : ''})`}</td>
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

function OrganisationForm({ o, onSaved, onCancel }: { o?: OrganisationView; onSaved(o: OrganisationView): void; onCancel(): void }) {
  const [name, setName] = useState(o?.name ?? '');
  const [orgNumber, setOrgNumber] = useState(o?.orgNumber ?? '');
  const [kind, setKind] = useState<OrganisationKind>(o?.kind ?? 'förening');
  const [note, setNote] = useState(o?.note ?? '');
  const { busy, error, onSubmit } = useFormSubmit<OrganisationView>({ fallback: 'Organisationen kunde inte sparas.', onDone: onSaved }, () => {
    const body = { name, orgNumber: orgNumber.trim() || null, kind, note: note.trim() || null };
    return o ? call(grantsApi.update, { params: { id: o.id }, body: { ...body, version: o.version } }, FORGET) : call(grantsApi.create, { body }, FORGET);
  });
  return (
    <FormCard level={2} heading={o ? 'Ändra organisationen' : 'Registrera organisation'} onSubmit={onSubmit}>
      <TextField label="Namn" required value={name} maxLength={300} onChange={setName} />
      <TextField label="Organisationsnummer" hint="NNNNNN-NNNN; kontrollsiffran prövas" value={orgNumber} maxLength={20} onChange={setOrgNumber} />
      <Field label="Slag">
        <select value={kind} onChange={(e) => setKind(e.target.value as OrganisationKind)}>
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {KIND_LABEL[k]}
            </option>
          ))}
        </select>
      </Field>
      <TextArea label="Anteckning" value={note} onChange={setNote} />
      <Footer error={error} busy={busy} label={o ? 'Spara ändringarna' : 'Registrera organisationen'} onCancel={onCancel} />
    </FormCard>
  );
}

/* ------------------------------------------------------------------ one organisation */

function Row({ term, children }: { term: string; children: ReactNode }) {
  return (
    <>
      <dt>{term}</dt>
      <dd>{children ?? '–'}</dd>
    </>
  );
}

function OrganisationDetail({ id }: { id: number }) {
  const state = useApi<ReplyOf<typeof grantsApi.get>>(pathOf(grantsApi.get, { id }));
  useTitle(state.status === 'ok' ? state.data.name : 'Organisation');
  const { user } = useSession();
  const [editing, setEditing] = useState(false);
  const [adding, setAdding] = useState(false);
  const ids = useId();
  return (
    <Loaded state={state} loading="Hämtar organisationen …">
      {(o) => {
        const reload = () => state.reload();
        const mayEdit = edits(user?.roles);
        return (
          <>
            <p>
              <Link href="/foreningsbidrag">← Föreningsbidrag</Link>
            </p>
            <h1>{o.name}</h1>
            <dl className="facts">
              <Row term="Organisationsnummer">{o.orgNumber}</Row>
              <Row term="Slag">{o.kindLabel}</Row>
              <Row term="Beviljat totalt">{kr(o.grantedOre)}</Row>
              {o.note && <Row term="Anteckning">{o.note}</Row>}
            </dl>
            {mayEdit &&
              (editing ? (
                <OrganisationForm
                  o={o}
                  onCancel={() => setEditing(false)}
                  onSaved={() => {
                    setEditing(false);
                    reload();
                  }}
                />
              ) : (
                <p>
                  <button type="button" className="button button-secondary" onClick={() => setEditing(true)}>
                    Ändra organisationen
                  </button>
                </p>
              ))}
            <section aria-labelledby={`${ids}-apps`}>
              <h2 id={`${ids}-apps`}>Ansökningar och beslut</h2>
              {mayEdit &&
                (adding ? (
                  <ApplicationForm
                    o={o}
                    onCancel={() => setAdding(false)}
                    onSaved={() => {
                      setAdding(false);
                      reload();
                    }}
                  />
                ) : (
                  <p>
                    <button type="button" className="button" onClick={() => setAdding(true)}>
                      Registrera ansökan
                    </button>
                  </p>
                ))}
              {o.applications.length === 0 ? <p>Inga ansökningar{user ? '' : ' med beslut'}.</p> : o.applications.map((a) => <Application key={a.id} a={a} roles={user?.roles} reload={reload} />)}
            </section>
            <History o={o} mayEdit={mayEdit} reload={reload} />
          </>
        );
      }}
    </Loaded>
  );
}

function ApplicationForm({ o, onSaved, onCancel }: { o: OrganisationView; onSaved(): void; onCancel(): void }) {
  const [year, setYear] = useState(String(new Date().getFullYear()));
  const [amount, setAmount] = useState<number | null>(null);
  const [purpose, setPurpose] = useState('');
  const [receivedOn, setReceivedOn] = useState('');
  const [caseNumber, setCaseNumber] = useState('');
  const [budgetLine, setBudgetLine] = useState('');
  const { busy, error, setError, run } = useSubmit({ fallback: 'Ansökan kunde inte registreras.', onDone: onSaved });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (amount === null) {
      setError('Det sökta beloppet måste fyllas i.');
      return;
    }
    void run(() =>
      call(grantsApi.addApplication, {
        params: { id: o.id },
        body: { version: o.version, year: Number(year), amountOre: amount, purpose, receivedOn: receivedOn || null, caseNumber: caseNumber.trim() || null, budgetLine: budgetLine.trim() || null },
      }, FORGET),
    );
  };
  return (
    <FormCard level={3} heading="Registrera ansökan" onSubmit={submit}>
      <div className="field-row">
        <TextField label="Bidragsår" required inputMode="numeric" className="input-short" value={year} maxLength={4} onChange={setYear} />
        <MoneyField label="Sökt belopp" required value={amount} onChange={(v) => setAmount(v)} />
        <DateField label="Ankom" value={receivedOn} onChange={setReceivedOn} />
      </div>
      <TextArea label="Ändamål" value={purpose} maxLength={2000} onChange={setPurpose} />
      <div className="field-row">
        <TextField label="Diarienummer" hint="Ett befintligt ärende, till exempel 19RS8345" value={caseNumber} maxLength={40} onChange={setCaseNumber} />
        <TextField label="Budgetrad" hint="Tomt: organisationens namn" value={budgetLine} maxLength={200} onChange={setBudgetLine} />
      </div>
      <Footer error={error} busy={busy} label="Registrera ansökan" busyLabel="Registrerar …" onCancel={onCancel} />
    </FormCard>
  );
}

function Application({ a, roles, reload }: { a: ApplicationView; roles: string[] | undefined; reload(): void }) {
  const ids = useId();
  const p = a.place;
  return (
    <article className="card" aria-labelledby={`${ids}-h`}>
      <h3 id={`${ids}-h`}>
        Ansökan {a.year}: {kr(a.amountOre)}
      </h3>
      <p>
        <span className="badge">{a.statusLabel}</span>
      </p>
      <dl className="facts">
        <Row term="Ändamål">{a.purpose}</Row>
        <Row term="Ankom">{a.receivedOn}</Row>
        <Row term="Diarienummer">{a.caseNumber ? <Link href={`/arenden/${a.caseNumber}`}>{a.caseNumber}</Link> : null}</Row>
        <Row term="Budgetrad">{a.budgetLine}</Row>
        <Row term="Beslutas i">
          {p?.kind === 'meeting' ? (
            <Link href={`/sammantraden/${p.meetingId}`}>
              punkt {p.itemNumber} på {p.bodyName} {p.meetingDate}
            </Link>
          ) : p?.kind === 'delegation' ? (
            `delegationsbeslut ${p.delegatedDecisionId}${p.delegatedText ? `: ${p.delegatedText}` : ''}`
          ) : null}
        </Row>
        {p?.paragraph !== null && p?.paragraph !== undefined && <Row term="Protokollet">§ {p.paragraph}: {p.minutesOutcome}</Row>}
        {a.outcome && (
          <>
            <Row term="Beslut">
              {a.outcomeLabel} {a.decidedOn}
              {a.outcome === 'bifall' ? `, ${kr(a.grantedOre)}` : ''}
            </Row>
            <Row term={a.outcome === 'avslag' ? 'Skäl' : 'Motivering'}>{a.reason}</Row>
          </>
        )}
        {a.outcome === 'bifall' && (
          <>
            <Row term="Redovisning senast">{a.reportDue}</Row>
            <Row term="Redovisning inkom">{a.reportReceivedOn}</Row>
          </>
        )}
      </dl>
      {!a.outcome && edits(roles) && <EditApplication a={a} onDone={reload} />}
      {!a.outcome && edits(roles) && <PlaceForm a={a} onDone={reload} />}
      {!a.outcome && decides(roles) && <DecisionForm a={a} onDone={reload} />}
      {a.outcome === 'bifall' && edits(roles) && <ReportForm a={a} onDone={reload} />}
    </article>
  );
}

/** Editing an application not yet decided (behind a button). */
function EditApplication({ a, onDone }: { a: ApplicationView; onDone(): void }) {
  const [open, setOpen] = useState(false);
  const [year, setYear] = useState(String(a.year));
  const [amount, setAmount] = useState<number | null>(a.amountOre);
  const [purpose, setPurpose] = useState(a.purpose);
  const [receivedOn, setReceivedOn] = useState(a.receivedOn ?? '');
  const [caseNumber, setCaseNumber] = useState(a.caseNumber ?? '');
  const [budgetLine, setBudgetLine] = useState(a.budgetLine ?? '');
  const { busy, error, onSubmit } = useFormSubmit(
    {
      fallback: 'Ändringen kunde inte sparas.',
      onDone: () => {
        setOpen(false);
        onDone();
      },
    },
    () =>
      call(grantsApi.updateApplication, {
        params: { id: a.id },
        body: { version: a.version, year: Number(year), amountOre: amount ?? 0, purpose, receivedOn: receivedOn || null, caseNumber: caseNumber.trim() || null, budgetLine: budgetLine.trim() || null },
      }, FORGET),
  );
  if (!open)
    return (
      <p>
        <button type="button" className="button button-secondary" onClick={() => setOpen(true)}>
          Ändra ansökan
        </button>
      </p>
    );
  return (
    <FormCard level={3} heading="Ändra ansökan" onSubmit={onSubmit}>
      <div className="field-row">
        <TextField label="Bidragsår" required inputMode="numeric" className="input-short" value={year} maxLength={4} onChange={setYear} />
        <MoneyField label="Sökt belopp" required value={amount} onChange={(v) => setAmount(v)} />
        <DateField label="Ankom" value={receivedOn} onChange={setReceivedOn} />
      </div>
      <TextArea label="Ändamål" value={purpose} maxLength={2000} onChange={setPurpose} />
      <div className="field-row">
        <TextField label="Diarienummer" value={caseNumber} maxLength={40} onChange={setCaseNumber} />
        <TextField label="Budgetrad" value={budgetLine} maxLength={200} onChange={setBudgetLine} />
      </div>
      <Footer error={error} busy={busy} label="Spara ansökan" onCancel={() => setOpen(false)} />
    </FormCard>
  );
}

/** A meeting and one of its agenda items, chosen from lists. */
function MeetingItem({ meetingId, setMeetingId, itemId, setItemId }: { meetingId: string; setMeetingId(v: string): void; itemId: string; setItemId(v: string): void }) {
  const list = useApi<MeetingSummary[]>('/api/meetings');
  const meeting = useApi<MeetingDetail>(meetingId ? `/api/meetings/${meetingId}` : null);
  return (
    <div className="field-row">
      <Field label="Sammanträde">
        <select
          value={meetingId}
          onChange={(e) => {
            setMeetingId(e.target.value);
            setItemId('');
          }}
        >
          <option value="">Välj sammanträde</option>
          {list.status === 'ok' &&
            list.data.map((m) => (
              <option key={m.id} value={m.id}>
                {m.bodyName} {m.date}
              </option>
            ))}
        </select>
      </Field>
      {meetingId && meeting.status === 'ok' && (
        <Field label="Punkt">
          <select value={itemId} onChange={(e) => setItemId(e.target.value)}>
            <option value="">Välj punkt</option>
            {meeting.data.items.map((i) => (
              <option key={i.id} value={i.id}>
                Punkt {i.number}: {i.title}
              </option>
            ))}
          </select>
        </Field>
      )}
    </div>
  );
}

function PlaceForm({ a, onDone }: { a: ApplicationView; onDone(): void }) {
  const [meetingId, setMeetingId] = useState(a.place?.meetingId ? String(a.place.meetingId) : '');
  const [itemId, setItemId] = useState(a.place?.itemId ? String(a.place.itemId) : '');
  const { busy, error, setError, run } = useSubmit({ fallback: 'Ansökan kunde inte kopplas till punkten.', onDone });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!meetingId || !itemId) {
      setError('Välj sammanträde och punkt.');
      return;
    }
    void run(() => call(grantsApi.placeOnAgenda, { params: { id: a.id }, body: { version: a.version, meetingId: Number(meetingId), itemId: Number(itemId) } }, FORGET));
  };
  return (
    <FormCard level={3} heading={a.place ? 'Flytta till en annan punkt' : 'Koppla till en punkt på föredragningslistan'} onSubmit={submit}>
      <MeetingItem meetingId={meetingId} setMeetingId={setMeetingId} itemId={itemId} setItemId={setItemId} />
      <Footer error={error} busy={busy} label="Koppla till punkten" />
    </FormCard>
  );
}

function DecisionForm({ a, onDone }: { a: ApplicationView; onDone(): void }) {
  const [outcome, setOutcome] = useState<'bifall' | 'avslag'>('bifall');
  const [granted, setGranted] = useState<number | null>(a.amountOre);
  const [reason, setReason] = useState('');
  const [decidedOn, setDecidedOn] = useState('');
  const [reportDue, setReportDue] = useState('');
  const [by, setBy] = useState<'meeting' | 'delegation'>('meeting');
  const [meetingId, setMeetingId] = useState(a.place?.meetingId ? String(a.place.meetingId) : '');
  const [itemId, setItemId] = useState(a.place?.itemId ? String(a.place.itemId) : '');
  const [bodyId, setBodyId] = useState('');
  const [delegatedId, setDelegatedId] = useState('');
  const bodies = useApi<BodySummary[]>(by === 'delegation' ? '/api/bodies' : null);
  const delegated = useApi<DelegatedDecisionView[]>(by === 'delegation' && bodyId ? `/api/bodies/${bodyId}/delegated-decisions` : null);
  const { busy, error, onSubmit } = useFormSubmit({ fallback: 'Beslutet kunde inte registreras.', onDone }, () =>
    call(grantsApi.decide, {
      params: { id: a.id },
      body: {
        version: a.version,
        outcome,
        grantedOre: outcome === 'bifall' ? granted : null,
        reason: reason.trim() || null,
        decidedOn: decidedOn || null,
        reportDue: outcome === 'bifall' ? reportDue || null : null,
        ...(by === 'meeting'
          ? { meetingId: meetingId ? Number(meetingId) : null, itemId: itemId ? Number(itemId) : null }
          : { bodyId: bodyId ? Number(bodyId) : null, delegatedDecisionId: delegatedId ? Number(delegatedId) : null }),
      },
    }, FORGET),
  );
  return (
    <FormCard level={3} heading="Registrera beslut" onSubmit={onSubmit}>
      <div className="field-row">
        <Field label="Beslut">
          <select value={outcome} onChange={(e) => setOutcome(e.target.value as 'bifall' | 'avslag')}>
            <option value="bifall">Bifall</option>
            <option value="avslag">Avslag</option>
          </select>
        </Field>
        {outcome === 'bifall' && <MoneyField label="Beviljat belopp" required value={granted} onChange={(v) => setGranted(v)} />}
        <DateField label="Beslutsdag" hint="Tomt: sammanträdets eller delegationsbeslutets dag" value={decidedOn} onChange={setDecidedOn} />
      </div>
      <TextArea label={outcome === 'avslag' ? 'Skäl för avslaget' : 'Motivering'} value={reason} onChange={setReason} />
      <Field label="Fattat">
        <select value={by} onChange={(e) => setBy(e.target.value as 'meeting' | 'delegation')}>
          <option value="meeting">Av nämnden på ett sammanträde</option>
          <option value="delegation">På delegation</option>
        </select>
      </Field>
      {by === 'meeting' ? (
        <MeetingItem meetingId={meetingId} setMeetingId={setMeetingId} itemId={itemId} setItemId={setItemId} />
      ) : (
        <div className="field-row">
          <Field label="Nämnd">
            <select value={bodyId} onChange={(e) => setBodyId(e.target.value)}>
              <option value="">Välj nämnd</option>
              {bodies.status === 'ok' &&
                bodies.data.map((b) => (
                  <option key={b.id} value={b.id}>
                    {b.name}
                  </option>
                ))}
            </select>
          </Field>
          {bodyId && (
            <Field label="Delegationsbeslut">
              <select value={delegatedId} onChange={(e) => setDelegatedId(e.target.value)}>
                <option value="">Välj delegationsbeslut</option>
                {delegated.status === 'ok' &&
                  delegated.data.map((d) => (
                    <option key={d.id} value={d.id}>
                      {d.decidedOn} {d.pointNumber}: {d.text.slice(0, 80)}
                    </option>
                  ))}
              </select>
            </Field>
          )}
        </div>
      )}
      {outcome === 'bifall' && <DateField label="Redovisning senast" value={reportDue} onChange={setReportDue} />}
      <Footer error={error} busy={busy} label="Registrera beslutet" />
    </FormCard>
  );
}

function ReportForm({ a, onDone }: { a: ApplicationView; onDone(): void }) {
  const [due, setDue] = useState(a.reportDue ?? '');
  const [received, setReceived] = useState(a.reportReceivedOn ?? '');
  const { busy, error, onSubmit } = useFormSubmit({ fallback: 'Redovisningen kunde inte sparas.', onDone }, () =>
    call(grantsApi.setReport, { params: { id: a.id }, body: { version: a.version, reportDue: due || null, reportReceivedOn: received || null } }, FORGET),
  );
  return (
    <FormCard level={3} heading="Årlig redovisning" onSubmit={onSubmit}>
      <div className="field-row">
        <DateField label="Sista dag för redovisningen" value={due} onChange={setDue} />
        <DateField label="Redovisningen inkom" value={received} onChange={setReceived} />
      </div>
      <Footer error={error} busy={busy} label="Spara redovisningen" />
    </FormCard>
  );
}

/* ------------------------------------------------------------------ history */

function History({ o, mayEdit, reload }: { o: OrganisationView; mayEdit: boolean; reload(): void }) {
  const ids = useId();
  const remove = useSubmit({ fallback: 'Raden kunde inte tas bort.', onDone: reload });
  const undo = useSubmit({ fallback: 'Importen kunde inte ångras.', onDone: reload });
  return (
    <section aria-labelledby={`${ids}-h`}>
      <h2 id={`${ids}-h`}>Bidragshistorik</h2>
      {o.perYear.length > 0 && (
        <div className="table-wrap">
          <table className="table">
            <caption>Belopp per år</caption>
            <thead>
              <tr>
                <th scope="col">År</th>
                <th scope="col">Beviljat enligt beslut</th>
                <th scope="col">Enligt historiken</th>
              </tr>
            </thead>
            <tbody>
              {o.perYear.map((y) => (
                <tr key={y.year}>
                  <td>{y.year}</td>
                  <td className="num">{kr(y.decidedOre)}</td>
                  <td className="num">{kr(y.historyOre)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {o.history.length === 0 ? (
        <p>Ingen historik registrerad.</p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <caption>Historikens rader</caption>
            <thead>
              <tr>
                <th scope="col">År</th>
                <th scope="col">Belopp</th>
                <th scope="col">Beskrivning</th>
                <th scope="col">Grupp</th>
                {mayEdit && <th scope="col">Ta bort</th>}
              </tr>
            </thead>
            <tbody>
              {o.history.map((h) => (
                <tr key={h.id}>
                  <td>{h.year}</td>
                  <td className="num">{kr(h.amountOre)}</td>
                  <td>{h.description ?? '–'}</td>
                  <td>{h.group ?? '–'}</td>
                  {mayEdit && (
                    <td>
                      {h.importId === null ? (
                        <button type="button" className="button button-secondary button-small" disabled={remove.busy} onClick={() => void remove.run(() => call(grantsApi.removeHistoryEntry, { params: { id: o.id, entryId: h.id }, query: { version: o.version } }, FORGET))}>
                          Ta bort raden {h.year}
                        </button>
                      ) : (
                        'Importerad'
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Alert error={remove.error ?? undo.error} />
      {o.imports.map((i) => (
        <details key={i.id} className="card">
          <summary>
            Import: {i.title} ({i.counts.entry + i.counts['entry-without-amount']} rader importerade, {i.counts.sum} summeringsrader, {i.counts.rejected} inte importerade)
          </summary>
          <Dispositions rows={i.rows} />
          {mayEdit && (
            <p>
              <button type="button" className="button button-secondary" disabled={undo.busy} onClick={() => void undo.run(() => call(grantsApi.removeImport, { params: { id: o.id, entryId: i.id }, query: { version: o.version } }, FORGET))}>
                Ångra importen {i.title}
              </button>
            </p>
          )}
        </details>
      ))}
      {mayEdit && <HistoryEntryForm o={o} onDone={reload} />}
      {mayEdit && <ImportForm o={o} onDone={reload} />}
    </section>
  );
}

function Dispositions({ rows }: { rows: HistoryImportResult['rows'] }) {
  const shown = rows.filter((r) => r.disposition !== 'blank');
  return (
    <div className="table-wrap">
      <table className="table">
        <caption>Vad som blev av varje rad ({rows.length - shown.length} tomma rader inte visade)</caption>
        <thead>
          <tr>
            <th scope="col">Rad</th>
            <th scope="col">Text</th>
            <th scope="col">Blev</th>
            <th scope="col">Skäl</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((r) => (
            <tr key={r.line}>
              <td>{r.line}</td>
              <td>{r.text}</td>
              <td>{DISPOSITION_LABEL[r.disposition]}</td>
              <td>{r.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function HistoryEntryForm({ o, onDone }: { o: OrganisationView; onDone(): void }) {
  const [year, setYear] = useState('');
  const [amount, setAmount] = useState<number | null>(null);
  const [description, setDescription] = useState('');
  const { busy, error, onSubmit } = useFormSubmit({ fallback: 'Raden kunde inte läggas till.', onDone }, () =>
    call(grantsApi.addHistoryEntry, { params: { id: o.id }, body: { version: o.version, year: Number(year), amountOre: amount, description: description.trim() || null } }, FORGET),
  );
  return (
    <FormCard level={3} heading="Lägg till en rad i historiken" onSubmit={onSubmit}>
      <div className="field-row">
        <TextField label="År" required inputMode="numeric" className="input-short" value={year} maxLength={4} onChange={setYear} />
        <MoneyField label="Belopp" value={amount} onChange={(v) => setAmount(v)} />
        <TextField label="Beskrivning" value={description} maxLength={500} onChange={setDescription} />
      </div>
      <Footer error={error} busy={busy} label="Lägg till raden" />
    </FormCard>
  );
}

function ImportForm({ o, onDone }: { o: OrganisationView; onDone(): void }) {
  const [text, setText] = useState('');
  const [title, setTitle] = useState('');
  const [preview, setPreview] = useState<HistoryImportResult | null>(null);
  const submit = useSubmit<HistoryImportResult>({
    fallback: 'Tabellen kunde inte importeras.',
    onDone: (r) => {
      setPreview(r);
      if (r.saved) {
        setText('');
        onDone();
      }
    },
  });
  const go = (dry: boolean) => void submit.run(() => call(grantsApi.importHistory, { params: { id: o.id }, body: { version: o.version, text, title: title.trim() || null, preview: dry } }, ...(dry ? [] : [FORGET])));
  return (
    <FormCard
      level={3}
      heading="Importera historik ur en tabell"
      onSubmit={(e) => {
        e.preventDefault();
        go(false);
      }}
    >
      <TextArea label="Tabell" hint="Klistra in raderna ur kalkylarket: år och belopp per rad. Rubrik-, grupp- och summeringsrader känns igen." rows={8} maxLength={1_000_000} value={text} onChange={setText} />
      <TextField label="Rubrik" hint="Tomt: tabellens första rad om den är en rubrik" value={title} maxLength={300} onChange={setTitle} />
      <Footer
        error={submit.error}
        busy={submit.busy}
        label="Importera tabellen"
        busyLabel="Importerar …"
        extra={
          <>
            {' '}
            <button type="button" className="button button-secondary" disabled={submit.busy} onClick={() => go(true)}>
              Förhandsgranska
            </button>
          </>
        }
      />
      {preview && (
        <div role="status">
          <p>
            {preview.saved ? 'Importerad' : 'Förhandsgranskning'}: {preview.title}: {preview.counts.entry} rader med belopp, {preview.counts['entry-without-amount']} utan belopp, {preview.counts.sum} summeringsrader, {preview.counts.rejected} inte importerade.
          </p>
          <Dispositions rows={preview.rows} />
        </div>
      )}
    </FormCard>
  );
}

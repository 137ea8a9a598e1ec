/**
 * Owned companies and foundations (issue 21.3): the list at /bolag with the
 * region's share, registering one, and one company at /bolag/:id: its
 * details and share, its owner directives and agreements with their
 * validity (a PDF uploaded, or a reference), the reports expected per year
 * and when they arrived, and the committee's papers that refer to it.
 */
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { companiesApi, type CompanyView, type ReportInput } from '../../../src/companies/contract.ts';
import type { ReplyOf } from '../../../src/kernel/contract.ts';
import { COMPANY_KIND_LABEL, COMPANY_KINDS, DOCUMENT_KIND_LABEL, DOCUMENT_KINDS, type CompanyKind, type DocumentKind } from '../../../src/companies/model.ts';
import { call, pathOf } from '../client.ts';
import { DateField, Field, useSubmit, type FieldProps } from '../components/form.tsx';
import { Loaded } from '../components/Status.tsx';
import { Link, navigate } from '../router.tsx';
import { useSession } from '../session.tsx';
import { useApi, useTitle } from '../useApi.ts';
import { Alert, Footer, FormCard } from '../components/FormCard.tsx';

const edits = (roles: string[] | undefined) => Boolean(roles?.some((r) => ['case-officer', 'secretary', 'admin'].includes(r)));
const reads = (roles: string[] | undefined) => Boolean(roles?.some((r) => ['member', 'case-officer', 'secretary', 'adjuster', 'admin'].includes(r)));
const FORGET = '/api/bolag';
const shareText = (bp: number | null) => (bp === null ? '' : `${Math.floor(bp / 100)}${bp % 100 ? `,${String(bp % 100).padStart(2, '0').replace(/0$/, '')}` : ''}`);

function TextField({ onChange, ...rest }: Omit<FieldProps, 'onChange' | 'value'> & { value: string; onChange(v: string): void }) {
  return <Field {...rest} onChange={(e) => onChange(e.target.value)} />;
}

export function CompaniesPage(props: { id?: string }) {
  return props.id ? <CompanyDetail id={Number(props.id)} /> : <CompanyList />;
}

function CompanyList() {
  useTitle('Ägda bolag och stiftelser');
  const { user } = useSession();
  const [registering, setRegistering] = useState(false);
  const list = useApi<ReplyOf<typeof companiesApi.list>>(pathOf(companiesApi.list));
  return (
    <>
      <h1>Ägda bolag och stiftelser</h1>
      <p className="lead">Bolag och stiftelser som regionen äger eller har bildat: ägarandel, ägaranvisningar, avtal och rapporter.</p>
      {edits(user?.roles) && (
        <p className="actions">
          <button type="button" className="button" aria-expanded={registering} onClick={() => setRegistering(!registering)}>
            Registrera bolag eller stiftelse
          </button>
        </p>
      )}
      {registering && <CompanyForm onCancel={() => setRegistering(false)} onSaved={(c) => navigate(`/bolag/${c.id}`)} />}
      <Loaded state={list} loading="Hämtar bolag …">
        {(rows) =>
          rows.length === 0 ? (
            <p>Inga bolag eller stiftelser registrerade.</p>
          ) : (
            <div className="table-wrap">
              <table className="table">
                <caption className="visually-hidden">Bolag och stiftelser</caption>
                <thead>
                  <tr>
                    <th scope="col">Namn</th>
                    <th scope="col">Slag</th>
                    <th scope="col">Organisationsnummer</th>
                    <th scope="col">Regionens andel</th>
                    <th scope="col">Handlingar</th>
                    {reads(user?.roles) && <th scope="col">Rapporter som väntas</th>}
                  </tr>
                </thead>
                <tbody>
                  {rows.map((c) => (
                    <tr key={c.id}>
                      <td>
                        <Link href={`/bolag/${c.id}`}>{c.name}</Link>
                      </td>
                      <td>{c.kindLabel}</td>
                      <td>{c.orgNumber ?? '–'}</td>
                      <td>{c.shareLabel ?? 'Inte angiven'}</td>
                      <td>{c.documentCount}</td>
                      {reads(user?.roles) && <td>{c.openReports}</td>}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Loaded>
    </>
  );
}

function CompanyForm({ c, onSaved, onCancel }: { c?: CompanyView; onSaved(c: CompanyView): void; onCancel(): void }) {
  const [name, setName] = useState(c?.name ?? '');
  const [orgNumber, setOrgNumber] = useState(c?.orgNumber ?? '');
  const [kind, setKind] = useState<CompanyKind>(c?.kind ?? 'bolag');
  const [share, setShare] = useState(shareText(c?.shareBp ?? null));
  const [aliases, setAliases] = useState((c?.aliases ?? []).join('\n'));
  const [note, setNote] = useState(c?.note ?? '');
  const submit = useSubmit<CompanyView>({ fallback: 'Bolaget kunde inte sparas.', onDone: onSaved });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const body = { name, orgNumber: orgNumber.trim() || null, kind, share: share.trim() || null, aliases, note: note.trim() || null };
    void submit.run(() => (c ? call(companiesApi.update, { params: { id: c.id }, body: { ...body, version: c.version } }, FORGET) : call(companiesApi.create, { body }, FORGET)));
  };
  return (
    <FormCard level={2} heading={c ? 'Ändra bolaget' : 'Registrera bolag eller stiftelse'} onSubmit={onSubmit}>
      <TextField label="Namn" required value={name} maxLength={300} onChange={setName} />
      <div className="field-row">
        <Field label="Slag">
          <select value={kind} onChange={(e) => setKind(e.target.value as CompanyKind)}>
            {COMPANY_KINDS.map((k) => (
              <option key={k} value={k}>
                {COMPANY_KIND_LABEL[k]}
              </option>
            ))}
          </select>
        </Field>
        <TextField label="Organisationsnummer" hint="NNNNNN-NNNN" value={orgNumber} maxLength={20} onChange={setOrgNumber} />
        <TextField label="Regionens ägarandel (procent)" hint="Högst två decimaler, till exempel 33,33. Tomt: inte känd." value={share} maxLength={20} onChange={setShare} />
      </div>
      <Field label="Andra namn i handlingarna" hint="Ett per rad, till exempel Almi">
        <textarea rows={2} value={aliases} maxLength={2200} onChange={(e) => setAliases(e.target.value)} />
      </Field>
      <Field label="Anteckning">
        <textarea rows={2} value={note} maxLength={5000} onChange={(e) => setNote(e.target.value)} />
      </Field>
      <Footer error={submit.error} busy={submit.busy} label={c ? 'Spara ändringarna' : 'Registrera'} onCancel={onCancel} />
    </FormCard>
  );
}

function Row({ term, children }: { term: string; children: ReactNode }) {
  return (
    <>
      <dt>{term}</dt>
      <dd>{children ?? '–'}</dd>
    </>
  );
}

function CompanyDetail({ id }: { id: number }) {
  const state = useApi<ReplyOf<typeof companiesApi.get>>(pathOf(companiesApi.get, { id }));
  useTitle(state.status === 'ok' ? state.data.name : 'Bolag');
  const { user } = useSession();
  const [editing, setEditing] = useState(false);
  const ids = useId();
  const remove = useSubmit({ fallback: 'Handlingen kunde inte tas bort.', onDone: () => state.reload() });
  return (
    <Loaded state={state} loading="Hämtar bolaget …">
      {(c) => {
        const reload = () => state.reload();
        const mayEdit = edits(user?.roles);
        return (
          <>
            <p>
              <Link href="/bolag">← Ägda bolag</Link>
            </p>
            <h1>{c.name}</h1>
            <dl className="facts">
              <Row term="Slag">{c.kindLabel}</Row>
              <Row term="Organisationsnummer">{c.orgNumber}</Row>
              <Row term="Regionens ägarandel">{c.shareLabel ?? 'Inte angiven'}</Row>
              {c.aliases.length > 0 && <Row term="Andra namn">{c.aliases.join(', ')}</Row>}
              {c.note && <Row term="Anteckning">{c.note}</Row>}
            </dl>
            {mayEdit &&
              (editing ? (
                <CompanyForm
                  c={c}
                  onCancel={() => setEditing(false)}
                  onSaved={() => {
                    setEditing(false);
                    reload();
                  }}
                />
              ) : (
                <p>
                  <button type="button" className="button button-secondary" onClick={() => setEditing(true)}>
                    Ändra bolaget
                  </button>
                </p>
              ))}
            <section aria-labelledby={`${ids}-docs`}>
              <h2 id={`${ids}-docs`}>Ägaranvisningar och avtal</h2>
              {c.documents.length === 0 ? (
                <p>Inga handlingar registrerade.</p>
              ) : (
                <div className="table-wrap">
                  <table className="table">
                    <caption className="visually-hidden">Ägaranvisningar och avtal</caption>
                    <thead>
                      <tr>
                        <th scope="col">Handling</th>
                        <th scope="col">Slag</th>
                        <th scope="col">Gäller</th>
                        <th scope="col">Status</th>
                        <th scope="col">Källa</th>
                        {mayEdit && <th scope="col">Ta bort</th>}
                      </tr>
                    </thead>
                    <tbody>
                      {c.documents.map((d) => (
                        <tr key={d.id}>
                          <td>{d.title}</td>
                          <td>{d.kindLabel}</td>
                          <td>
                            {d.validFrom} – {d.validTo ?? 'tills vidare'}
                          </td>
                          <td>{d.validityLabel}</td>
                          <td>
                            {d.file ? <a href={`/api/bolag/${c.id}/handlingar/${d.id}/fil`}>{d.file.name}</a> : d.hasFile ? 'PDF' : null} {d.reference}
                          </td>
                          {mayEdit && (
                            <td>
                              <button type="button" className="button button-secondary button-small" disabled={remove.busy} onClick={() => void remove.run(() => call(companiesApi.removeDocument, { params: { id: c.id, docId: d.id }, query: { version: c.version } }, FORGET))}>
                                Ta bort {d.title}
                              </button>
                            </td>
                          )}
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
              <Alert error={remove.error} />
              {mayEdit && <DocumentForm c={c} onDone={reload} />}
            </section>
            {reads(user?.roles) && <Reports c={c} mayEdit={mayEdit} reload={reload} />}
            {reads(user?.roles) && <References id={c.id} />}
          </>
        );
      }}
    </Loaded>
  );
}

async function fileBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

function DocumentForm({ c, onDone }: { c: CompanyView; onDone(): void }) {
  const [kind, setKind] = useState<DocumentKind>('ägaranvisning');
  const [title, setTitle] = useState('');
  const [validFrom, setValidFrom] = useState('');
  const [validTo, setValidTo] = useState('');
  const [reference, setReference] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const submit = useSubmit({ fallback: 'Handlingen kunde inte sparas.', onDone });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void submit.run(async () =>
      call(companiesApi.addDocument, {
        params: { id: c.id },
        body: {
          version: c.version, kind, title, validFrom, validTo: validTo || null, reference: reference.trim() || null,
          ...(file ? { fileBase64: await fileBase64(file), fileName: file.name } : {}),
        },
      }, FORGET),
    );
  };
  return (
    <FormCard level={3} heading="Lägg till ägaranvisning eller avtal" onSubmit={onSubmit}>
      <div className="field-row">
        <Field label="Slag av handling">
          <select value={kind} onChange={(e) => setKind(e.target.value as DocumentKind)}>
            {DOCUMENT_KINDS.map((k) => (
              <option key={k} value={k}>
                {DOCUMENT_KIND_LABEL[k]}
              </option>
            ))}
          </select>
        </Field>
        <TextField label="Rubrik" required value={title} maxLength={500} onChange={setTitle} />
      </div>
      <div className="field-row">
        <DateField label="Gäller från" required value={validFrom} onChange={setValidFrom} />
        <DateField label="Gäller till" hint="Tomt: tills vidare" value={validTo} onChange={setValidTo} />
      </div>
      <Field label="PDF" hint="Högst 10 MB">
        <input type="file" accept="application/pdf,.pdf" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
      </Field>
      <TextField label="Hänvisning" hint="Diarienummer eller beslut, om ingen fil laddas upp" value={reference} maxLength={500} onChange={setReference} />
      <Footer error={submit.error} busy={submit.busy} label="Lägg till handlingen" />
    </FormCard>
  );
}

function Reports({ c, mayEdit, reload }: { c: CompanyView; mayEdit: boolean; reload(): void }) {
  const ids = useId();
  const [year, setYear] = useState(String(new Date().getFullYear() - 1));
  const [kind, setKind] = useState('Årsredovisning');
  const [dueOn, setDueOn] = useState('');
  const [receivedOn, setReceivedOn] = useState('');
  const save = useSubmit({ fallback: 'Rapporten kunde inte sparas.', onDone: reload });
  const remove = useSubmit({ fallback: 'Rapporten kunde inte tas bort.', onDone: reload });
  const put = (body: Omit<ReportInput, 'version'>) => call(companiesApi.setReport, { params: { id: c.id }, body: { version: c.version, ...body } }, FORGET);
  return (
    <section aria-labelledby={`${ids}-h`}>
      <h2 id={`${ids}-h`}>Rapporter per år</h2>
      {c.reports.length === 0 ? (
        <p>Inga rapporter registrerade.</p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">Rapporter per år</caption>
            <thead>
              <tr>
                <th scope="col">År</th>
                <th scope="col">Rapport</th>
                <th scope="col">Senast</th>
                <th scope="col">Inkom</th>
                <th scope="col">Status</th>
                {mayEdit && <th scope="col">Åtgärd</th>}
              </tr>
            </thead>
            <tbody>
              {c.reports.map((r) => (
                <tr key={r.id}>
                  <td>{r.year}</td>
                  <td>{r.kind}</td>
                  <td>{r.dueOn ?? '–'}</td>
                  <td>{r.receivedOn ?? '–'}</td>
                  <td>{r.statusLabel}</td>
                  {mayEdit && (
                    <td>
                      <button type="button" className="button button-secondary button-small" disabled={remove.busy} onClick={() => void remove.run(() => call(companiesApi.removeReport, { params: { id: c.id, docId: r.id }, query: { version: c.version } }, FORGET))}>
                        Ta bort {r.kind} {r.year}
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Alert error={remove.error} />
      {mayEdit && (
        <FormCard
          level={3}
          heading="Registrera rapport som väntas eller har kommit"
          onSubmit={(e) => {
            e.preventDefault();
            void save.run(() => put({ year: Number(year), kind, dueOn: dueOn || null, receivedOn: receivedOn || null }));
          }}
        >
          <div className="field-row">
            <TextField label="År" required inputMode="numeric" className="input-short" value={year} maxLength={4} onChange={setYear} />
            <TextField label="Rapport" required value={kind} maxLength={200} onChange={setKind} />
            <DateField label="Sista dag" value={dueOn} onChange={setDueOn} />
            <DateField label="Inkom den" value={receivedOn} onChange={setReceivedOn} />
          </div>
          <Footer error={save.error} busy={save.busy} label="Spara rapporten" />
        </FormCard>
      )}
    </section>
  );
}

function References({ id }: { id: number }) {
  const ids = useId();
  const refs = useApi<ReplyOf<typeof companiesApi.references>>(pathOf(companiesApi.references, { id }));
  return (
    <section aria-labelledby={`${ids}-h`}>
      <h2 id={`${ids}-h`}>I nämndens handlingar</h2>
      <Loaded state={refs} loading="Söker i handlingarna …">
        {(list) =>
          list.length === 0 ? (
            <p>Inga punkter, ärenden eller handlingar nämner bolaget.</p>
          ) : (
            <ul>
              {list.map((r, i) => (
                <li key={i}>
                  {r.meetingId !== null ? (
                    <Link href={`/sammantraden/${r.meetingId}`}>
                      {r.meetingDate} punkt {r.itemNumber}: {r.title}
                    </Link>
                  ) : r.caseNumber ? (
                    <Link href={`/arenden/${r.caseNumber}`}>
                      {r.caseNumber}: {r.title}
                    </Link>
                  ) : (
                    r.title
                  )}{' '}
                  <span className="hint">
                    ({r.kind === 'text' ? 'i texten' : r.kind === 'case' ? 'ärendemening' : 'rubrik'}, {r.matched})
                  </span>
                  {r.snippet && <div className="hint">… {r.snippet.replace(/[\u0002\u0003]/g, '')} …</div>}
                </li>
              ))}
            </ul>
          )
        }
      </Loaded>
    </section>
  );
}

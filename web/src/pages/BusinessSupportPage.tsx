/**
 * Företagsstöd (issue 16.6): the business-support register at /foretagsstod,
 * filtered by year, support type, kommun, K/M and beviljat/avslag with the
 * sums of what is shown; for staff the manual entry of a decision, the import
 * of the national system's export (preview, then confirmation) and the list
 * for the delegation's redovisning (PDF, CSV); one row at /foretagsstod/:id
 * with its commitment against the appropriation and its correction.
 * The public sees "Enskild näringsidkare" for natural persons (the API masks).
 */
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import type { ImportPreview, ImportResult, RegisterView, SupportEntryView, SupportRow } from '../../../src/funding/supportService.ts';
import { MUNICIPALITIES, SUPPORT_TYPES } from '../../../src/funding/businessSupport.ts';
import { formatKronor } from '../../../src/kernel/kronor.ts';
import { send } from '../api.ts';
import { DateField, Field, MoneyField, useSubmit } from '../components/form.tsx';
import { Loaded } from '../components/Status.tsx';
import { Link } from '../router.tsx';
import { useSession } from '../session.tsx';
import { useApi, useTitle } from '../useApi.ts';
import { Alert } from '../components/FormCard.tsx';

const FORGET = '/api/business-support';
const edits = (roles: string[] | undefined) => Boolean(roles?.some((r) => ['case-officer', 'secretary', 'admin'].includes(r)));
const kr = (ore: number | null) => (ore === null ? '–' : formatKronor(ore, 'kr'));
const GENDER_LABEL = { K: 'Kvinna (K)', M: 'Man (M)' } as const;
const genderText = (g: 'K' | 'M' | null) => (g ? g : 'Blandat/ej angivet');
const ACTION_LABEL = { create: 'Skapas', update: 'Uppdateras', unchanged: 'Oförändrad', refuse: 'Vägras' } as const;

export function BusinessSupportPage(props: { id?: string }) {
  return props.id ? <EntryDetail id={Number(props.id)} /> : <Register />;
}

/* ------------------------------------------------------------------ register */

function Register() {
  useTitle('Företagsstöd');
  const ids = useId();
  const { user } = useSession();
  const mayEdit = edits(user?.roles);
  const [year, setYear] = useState('');
  const [supportType, setSupportType] = useState('');
  const [municipality, setMunicipality] = useState('');
  const [gender, setGender] = useState('');
  const [outcome, setOutcome] = useState('');
  const [panel, setPanel] = useState<'entry' | 'import' | null>(null);
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries({ year, supportType, municipality, gender, outcome })) if (v) qs.set(k, v);
  const query = qs.toString();
  const state = useApi<RegisterView>(`/api/business-support/decisions${query ? `?${query}` : ''}`, { keepPrevious: true });
  const facets = state.status === 'ok' ? state.data.facets : null;
  const option = (v: string) => (
    <option key={v} value={v}>
      {v}
    </option>
  );

  return (
    <>
      <h1>Företagsstöd</h1>
      <p className="lead">Registret över beslut om företagsstöd: från delegationsredovisningarna, registrerade för hand eller inlästa från det nationella systemet. Varje beviljat stöd binder anslaget 1:1 (företagsstöd) för beslutsåret.</p>
      {mayEdit && (
        <p className="actions">
          <button type="button" className="button" aria-expanded={panel === 'entry'} onClick={() => setPanel(panel === 'entry' ? null : 'entry')}>
            Registrera beslut
          </button>{' '}
          <button type="button" className="button" aria-expanded={panel === 'import'} onClick={() => setPanel(panel === 'import' ? null : 'import')}>
            Läs in export
          </button>
        </p>
      )}
      {panel === 'entry' && (
        <EntryForm
          heading="Registrera beslut om företagsstöd"
          onDone={() => {
            setPanel(null);
            state.reload();
          }}
          onCancel={() => setPanel(null)}
        />
      )}
      {panel === 'import' && <ImportPanel onClose={() => setPanel(null)} onImported={() => state.reload()} />}
      <section aria-labelledby={`${ids}-reg`}>
        <h2 id={`${ids}-reg`}>Registret</h2>
        <div className="inline-form">
          <Field inline label="År">
            <select value={year} onChange={(e) => setYear(e.target.value)}>
              <option value="">Alla år</option>
              {(facets?.years ?? []).map((y: number) => option(String(y)))}
            </select>
          </Field>
          <Field inline label="Stöd">
            <select value={supportType} onChange={(e) => setSupportType(e.target.value)}>
              <option value="">Alla stöd</option>
              {(facets?.supportTypes ?? []).map(option)}
            </select>
          </Field>
          <Field inline label="Kommun">
            <select value={municipality} onChange={(e) => setMunicipality(e.target.value)}>
              <option value="">Alla kommuner</option>
              {(facets?.municipalities ?? []).map(option)}
            </select>
          </Field>
          <Field inline label="Kön">
            <select value={gender} onChange={(e) => setGender(e.target.value)}>
              <option value="">Alla</option>
              <option value="K">{GENDER_LABEL.K}</option>
              <option value="M">{GENDER_LABEL.M}</option>
              <option value="none">Blandat eller ej angivet</option>
            </select>
          </Field>
          <Field inline label="Beslut">
            <select value={outcome} onChange={(e) => setOutcome(e.target.value)}>
              <option value="">Beviljat och avslag</option>
              <option value="granted">Beviljat</option>
              <option value="rejected">Avslag</option>
            </select>
          </Field>
        </div>
        <Loaded state={state} loading="Hämtar registret …">
          {(v) => (
            <>
              <Sums view={v} />
              {v.rows.length === 0 ? <p>Inga beslut med de valda filtren.</p> : <RegisterTable rows={v.rows} links={Boolean(user)} />}
            </>
          )}
        </Loaded>
      </section>
      {user && <DelegationListForm />}
    </>
  );
}

function Sums({ view }: { view: RegisterView }) {
  const t = view.totals;
  return (
    <dl className="summary-list" aria-label="Summor för urvalet">
      <div>
        <dt>Antal beslut</dt>
        <dd>{t.rows.toLocaleString('sv-SE')}</dd>
      </div>
      <div>
        <dt>Beviljade</dt>
        <dd>{t.granted.toLocaleString('sv-SE')}</dd>
      </div>
      <div>
        <dt>Avslag</dt>
        <dd>{t.rejected.toLocaleString('sv-SE')}</dd>
      </div>
      <div>
        <dt>Beviljat belopp</dt>
        <dd>{kr(t.sumGrantedOre)}</dd>
      </div>
      <div>
        <dt>Till kvinnor (K)</dt>
        <dd>{kr(t.byGender.K.sumOre)}</dd>
      </div>
      <div>
        <dt>Till män (M)</dt>
        <dd>{kr(t.byGender.M.sumOre)}</dd>
      </div>
    </dl>
  );
}

function RegisterTable({ rows, links }: { rows: SupportRow[]; links: boolean }) {
  return (
    <div className="table-wrap">
      <table className="table business-support-table">
        <caption className="visually-hidden">Beslut om företagsstöd</caption>
        <thead>
          <tr>
            <th scope="col">Beslutsdatum</th>
            <th scope="col">Dnr / ärende-id</th>
            <th scope="col">Stöd</th>
            <th scope="col">Företag och bransch</th>
            <th scope="col">Kön</th>
            <th scope="col">Kommun</th>
            <th scope="col" className="num">
              Belopp
            </th>
            <th scope="col">Beslutsfattare</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const id = [r.caseNumber, r.nypsId].filter(Boolean).join(' / ') || '–';
            return (
              <tr key={r.id}>
                <td>
                  {r.decidedOn ? (
                    <span className="nowrap">{r.decidedOn}</span>
                  ) : (
                    <span title="Perioden i delegationsredovisningen">
                      <span className="nowrap">{r.periodFrom} –</span> <span className="nowrap">{r.periodTo}</span>
                    </span>
                  )}
                </td>
                <td>{links ? <Link href={`/foretagsstod/${r.id}`}>{id}</Link> : id}</td>
                <td>{r.supportType}</td>
                <td>
                  {r.company}
                  {r.sector && (
                    <>
                      <br />
                      <span className="field-hint">{r.sector}</span>
                    </>
                  )}
                </td>
                <td>{genderText(r.gender)}</td>
                <td>{r.municipality}</td>
                <td className="num nowrap">{r.rejected ? 'Avslag' : kr(r.amountOre)}</td>
                <td>{r.decider}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/* ------------------------------------------------------------ delegation list */

function DelegationListForm() {
  const ids = useId();
  const thisYear = new Date().getFullYear();
  const [from, setFrom] = useState(`${thisYear}-01-01`);
  const [to, setTo] = useState(`${thisYear}-12-31`);
  const valid = /^\d{4}-\d{2}-\d{2}$/.test(from) && /^\d{4}-\d{2}-\d{2}$/.test(to) && from <= to;
  const href = (format: 'pdf' | 'csv') => `/api/business-support/delegation-report?from=${from}&to=${to}&format=${format}`;
  return (
    <section className="card" aria-labelledby={`${ids}-h`}>
      <h2 id={`${ids}-h`}>Redovisning av delegationsbeslut</h2>
      <p>Listan över företagsstöd beslutade under perioden, för redovisningen till nämnden.</p>
      <div className="inline-form">
        <DateField inline label="Från" value={from} onChange={(v) => setFrom(v)} required />
        <DateField inline label="Till" value={to} onChange={(v) => setTo(v)} required />
      </div>
      {!valid && <p className="error">Ange en period med från-datum före till-datum.</p>}
      <p className="actions">
        <a className="button" href={valid ? href('pdf') : undefined} aria-disabled={!valid} target="_blank" rel="noreferrer">
          Hämta listan som PDF
        </a>{' '}
        <a className="button button-secondary" href={valid ? href('csv') : undefined} aria-disabled={!valid} download>
          Hämta listan som CSV
        </a>
      </p>
    </section>
  );
}

/* ------------------------------------------------------------------ entry form */

interface FormState {
  nypsId: string;
  caseNumber: string;
  supportType: string;
  company: string;
  naturalPerson: '' | 'yes' | 'no';
  sector: string;
  gender: '' | 'K' | 'M';
  municipality: string;
  decidedOn: string;
  rejected: boolean;
  amountOre: number | null;
  rejectionReason: string;
  decider: string;
  override: string;
}

const emptyForm: FormState = {
  nypsId: '', caseNumber: '', supportType: '', company: '', naturalPerson: '', sector: '', gender: '', municipality: '', decidedOn: '', rejected: false, amountOre: null, rejectionReason: '', decider: '', override: '',
};

const formOf = (r: SupportEntryView): FormState => ({
  nypsId: r.nypsId ?? '',
  caseNumber: r.caseNumber ?? '',
  supportType: r.supportType,
  company: r.company,
  naturalPerson: r.naturalPerson ? 'yes' : 'no',
  sector: r.sector,
  gender: r.gender ?? '',
  municipality: r.municipality,
  decidedOn: r.decidedOn ?? '',
  rejected: r.rejected,
  amountOre: r.amountOre,
  rejectionReason: r.rejectionReason ?? '',
  decider: r.decider,
  override: '',
});

function EntryForm({ heading, entry, onDone, onCancel }: { heading: string; entry?: SupportEntryView; onDone(r: SupportEntryView): void; onCancel?(): void }) {
  const ids = useId();
  const [f, setF] = useState<FormState>(entry ? formOf(entry) : emptyForm);
  const [needsReason, setNeedsReason] = useState(false);
  const set = <K extends keyof FormState>(k: K, v: FormState[K]) => setF((x) => ({ ...x, [k]: v }));
  const submit = useSubmit<SupportEntryView>({
    fallback: 'Beslutet kunde inte sparas. Försök igen.',
    onDone: (r) => {
      setNeedsReason(false);
      onDone(r);
    },
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const body = {
      nypsId: f.nypsId || null,
      caseNumber: f.caseNumber || null,
      supportType: f.supportType,
      company: f.company,
      naturalPerson: f.naturalPerson === '' ? null : f.naturalPerson === 'yes',
      sector: f.sector || null,
      gender: f.gender || null,
      municipality: f.municipality,
      decidedOn: f.decidedOn || null,
      rejected: f.rejected,
      amountOre: f.rejected ? null : f.amountOre,
      rejectionReason: f.rejected ? f.rejectionReason || null : null,
      decider: f.decider,
      ...(f.override.trim() ? { override: { reason: f.override } } : {}),
      ...(entry ? { version: entry.version } : {}),
    };
    void submit.run(async () => {
      try {
        return await (entry ? send<SupportEntryView>('PUT', `/api/business-support/decisions/${entry.id}`, body, FORGET) : send<SupportEntryView>('POST', '/api/business-support/decisions', body, FORGET));
      } catch (err) {
        if ((err as { code?: string }).code === 'appropriation-exceeded') setNeedsReason(true);
        throw err;
      }
    });
  };
  const text = (k: 'nypsId' | 'caseNumber' | 'company' | 'sector' | 'decider', label: string, o: { required?: boolean; hint?: string; maxLength?: number } = {}) => (
    <Field label={label} hint={o.hint} value={f[k]} required={o.required} maxLength={o.maxLength ?? 300} onChange={(e) => set(k, e.target.value)} />
  );
  return (
    <section className="card" aria-labelledby={`${ids}-h`}>
      <h2 id={`${ids}-h`}>{heading}</h2>
      <form onSubmit={onSubmit} noValidate>
        <div className="form-grid">
          {text('nypsId', 'Ärende-id i det nationella systemet', { hint: 'Till exempel Regt-53-20. Ange ärende-id, diarienummer eller båda.', maxLength: 40 })}
          {text('caseNumber', 'Diarienummer', { hint: 'Till exempel 20RS4806.', maxLength: 40 })}
          <Field label="Stöd" hint="Stödtypen, till exempel Omställningscheck.">
            <input list={`${ids}-types`} value={f.supportType} required maxLength={200} onChange={(e) => set('supportType', e.target.value)} />
          </Field>
          <datalist id={`${ids}-types`}>
            {SUPPORT_TYPES.map((t) => (
              <option key={t} value={t} />
            ))}
          </datalist>
          {text('company', 'Företag (stödmottagare)', { required: true })}
          <Field label="Fysisk person" hint="En enskild firma är en fysisk person: namnet visas aldrig för allmänheten. Utan val avgörs det av namnet (saknar det bolagsform räknas det som enskild firma).">
            <select value={f.naturalPerson} onChange={(e) => set('naturalPerson', e.target.value as FormState['naturalPerson'])}>
              <option value="">Avgörs av namnet</option>
              <option value="yes">Ja, enskild firma</option>
              <option value="no">Nej, juridisk person</option>
            </select>
          </Field>
          {text('sector', 'Bransch/prioritering')}
          <Field label="Kön">
            <select value={f.gender} onChange={(e) => set('gender', e.target.value as FormState['gender'])}>
              <option value="">Blandat eller ej angivet</option>
              <option value="K">{GENDER_LABEL.K}</option>
              <option value="M">{GENDER_LABEL.M}</option>
            </select>
          </Field>
          <Field label="Kommun">
            <input list={`${ids}-kommuner`} value={f.municipality} required maxLength={100} onChange={(e) => set('municipality', e.target.value)} />
          </Field>
          <datalist id={`${ids}-kommuner`}>
            {MUNICIPALITIES.map((m) => (
              <option key={m} value={m} />
            ))}
          </datalist>
          <DateField label="Beslutsdatum" value={f.decidedOn} required={!entry || entry.decidedOn !== null} onChange={(v) => set('decidedOn', v)} hint={entry && entry.decidedOn === null ? 'Raden kommer från en delegationsredovisning utan eget datum; lämna tomt för att behålla perioden.' : 'ÅÅÅÅ-MM-DD'} />
          {text('decider', 'Beslutsfattare', { required: true, maxLength: 200 })}
          <Field label="Beslut">
            <select value={f.rejected ? 'rejected' : 'granted'} onChange={(e) => set('rejected', e.target.value === 'rejected')}>
              <option value="granted">Beviljat</option>
              <option value="rejected">Avslag</option>
            </select>
          </Field>
          {f.rejected ? (
            <Field label="Avslagsskäl">
              <textarea rows={2} value={f.rejectionReason} maxLength={2000} onChange={(e) => set('rejectionReason', e.target.value)} />
            </Field>
          ) : (
            <MoneyField label="Beviljat belopp" value={f.amountOre} required onChange={(ore) => set('amountOre', ore)} hint="I kronor, till exempel 358 981." />
          )}
        </div>
        {needsReason && (
          <Field label="Motivering till undantag från anslaget" hint="Beslutet binder mer än vad som återstår av årets anslag.">
            <textarea rows={2} value={f.override} maxLength={2000} onChange={(e) => set('override', e.target.value)} />
          </Field>
        )}
        <Alert error={submit.error} />
        <p className="actions">
          <button type="submit" className="button" disabled={submit.busy}>
            {submit.busy ? 'Sparar …' : entry ? 'Spara rättelsen' : 'Registrera beslutet'}
          </button>
          {onCancel && (
            <>
              {' '}
              <button type="button" className="button button-secondary" onClick={onCancel}>
                Avbryt
              </button>
            </>
          )}
        </p>
      </form>
    </section>
  );
}

/* ------------------------------------------------------------------ import */

async function base64Of(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

function ImportPanel({ onClose, onImported }: { onClose(): void; onImported(): void }) {
  const ids = useId();
  const [file, setFile] = useState<{ name: string; base64: string } | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [reason, setReason] = useState('');
  const previewing = useSubmit<ImportPreview>({ fallback: 'Filen kunde inte förhandsgranskas.', onDone: setPreview });
  const confirming = useSubmit<ImportResult>({
    fallback: 'Inläsningen kunde inte sparas.',
    onDone: (r) => {
      setResult(r);
      onImported();
    },
  });

  const onPreview = (e: FormEvent) => {
    e.preventDefault();
    if (!file) {
      previewing.setError('Välj filen att läsa in (CSV eller xlsx).');
      return;
    }
    setPreview(null);
    setResult(null);
    void previewing.run(() => send<ImportPreview>('POST', '/api/business-support/imports/preview', { fileName: file.name, fileBase64: file.base64 }));
  };
  const onConfirm = () => {
    if (!file || !preview) return;
    void confirming.run(() =>
      send<ImportResult>('POST', '/api/business-support/imports', { fileName: file.name, fileBase64: file.base64, digest: preview.digest, ...(reason.trim() ? { override: { reason } } : {}) }, FORGET, '/api/appropriations'),
    );
  };
  const c = preview?.counts;
  return (
    <section className="card" aria-labelledby={`${ids}-h`}>
      <h2 id={`${ids}-h`}>Läs in export från det nationella systemet</h2>
      <p>
        En CSV- eller xlsx-fil med en rad per beslut och kolumnrubriker på första raden (till exempel Ärende-id, Diarienummer, Stöd, Företag, Kön, Kommun, Beslut, Belopp, Beslutsfattare, Beslutsdatum). Förhandsgranska först: inget sparas förrän du bekräftar, och då sparas allt
        eller inget.
      </p>
      <form onSubmit={onPreview} noValidate>
        <Field label="Fil (CSV eller xlsx)">
          <input
            type="file"
            accept=".csv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            onChange={async (e) => {
              const f = e.target.files?.[0];
              setPreview(null);
              setResult(null);
              setFile(f ? { name: f.name, base64: await base64Of(f) } : null);
            }}
          />
        </Field>
        <Alert error={previewing.error} />
        <p className="actions">
          <button type="submit" className="button" disabled={previewing.busy}>
            {previewing.busy ? 'Läser filen …' : 'Förhandsgranska'}
          </button>{' '}
          <button type="button" className="button button-secondary" onClick={onClose}>
            Stäng
          </button>
        </p>
      </form>
      {preview && c && !result && (
        <section aria-labelledby={`${ids}-p`}>
          <h3 id={`${ids}-p`}>Förhandsgranskning av {preview.fileName}</h3>
          <p role="status">
            {c.rows} rader: {c.create} skapas, {c.update} uppdateras, {c.unchanged} oförändrade, {c.refuse} vägras{c.blank ? ` (${c.blank} tomma rader hoppades över)` : ''}.
          </p>
          {preview.ignoredColumns.length > 0 && <p>Kolumner som inte läses: {preview.ignoredColumns.join(', ')}.</p>}
          <ImportRows preview={preview} />
          {preview.appropriation.length > 0 && <AppropriationEffect preview={preview} />}
          {preview.needsOverride && (
            <Field label="Motivering till undantag från anslaget" hint="Inläsningen binder mer än vad som återstår av anslaget för minst ett år.">
              <textarea rows={2} value={reason} maxLength={2000} onChange={(e) => setReason(e.target.value)} />
            </Field>
          )}
          <Alert error={confirming.error} />
          <p className="actions">
            <button type="button" className="button" disabled={confirming.busy || c.create + c.update === 0} onClick={onConfirm}>
              {confirming.busy ? 'Sparar …' : 'Bekräfta inläsningen'}
            </button>
          </p>
        </section>
      )}
      {result && (
        <p className="alert alert-success" role="status">
          Inläsningen är sparad: {result.createdIds.length} beslut skapades och {result.updatedIds.length} uppdaterades; {result.counts.unchanged} var oförändrade och {result.counts.refuse} vägrades.
        </p>
      )}
    </section>
  );
}

function ImportRows({ preview }: { preview: ImportPreview }) {
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">Raderna i filen</caption>
        <thead>
          <tr>
            <th scope="col">Rad</th>
            <th scope="col">Åtgärd</th>
            <th scope="col">Ärende</th>
            <th scope="col">Företag</th>
            <th scope="col">Stöd</th>
            <th scope="col">Beslutsdatum</th>
            <th scope="col" className="num">
              Belopp
            </th>
            <th scope="col">Skäl eller ändring</th>
          </tr>
        </thead>
        <tbody>
          {preview.rows.map((r) => (
            <tr key={r.line}>
              <td>{r.line}</td>
              <td>{ACTION_LABEL[r.action]}</td>
              <td>{r.caseLabel || '–'}</td>
              <td>{r.company ?? '–'}</td>
              <td>{r.supportType ?? '–'}</td>
              <td className="nowrap">{r.decidedOn ?? '–'}</td>
              <td className="num nowrap">{r.rejected ? 'Avslag' : kr(r.amountOre)}</td>
              <td>{r.action === 'refuse' ? r.reason : r.changes.length ? `Ändras: ${r.changes.join(', ')}` : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function AppropriationEffect({ preview }: { preview: ImportPreview }): ReactNode {
  return (
    <div className="table-wrap">
      <table className="table">
        <caption>Anslaget 1:1 efter inläsningen</caption>
        <thead>
          <tr>
            <th scope="col">År</th>
            <th scope="col" className="num">
              Anslag
            </th>
            <th scope="col" className="num">
              Bundet före
            </th>
            <th scope="col" className="num">
              Förändring
            </th>
            <th scope="col" className="num">
              Återstår efter
            </th>
          </tr>
        </thead>
        <tbody>
          {preview.appropriation.map((y) => (
            <tr key={y.year}>
              <td>{y.year}</td>
              <td className="num nowrap">{y.registered ? kr(y.totalOre) : 'Inte registrerat'}</td>
              <td className="num nowrap">{kr(y.committedBeforeOre)}</td>
              <td className="num nowrap">{kr(y.changeOre)}</td>
              <td className="num nowrap">
                {y.remainingAfterOre === null ? '–' : kr(y.remainingAfterOre)}
                {y.exceeded ? ' (överskrids)' : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/* ------------------------------------------------------------------ one row */

const SOURCE_LABEL = { 'delegation-report': 'Delegationsredovisning i en kallelse', manual: 'Registrerat för hand', import: 'Inläst från det nationella systemet' } as const;

function EntryDetail({ id }: { id: number }) {
  const { user } = useSession();
  const state = useApi<SupportEntryView>(`/api/business-support/decisions/${id}`);
  const [saved, setSaved] = useState(false);
  useTitle(state.status === 'ok' ? `Företagsstöd ${state.data.caseNumber ?? state.data.nypsId ?? ''}` : 'Företagsstöd');
  return (
    <>
      <p>
        <Link href="/foretagsstod">Till registret</Link>
      </p>
      <Loaded state={state} loading="Hämtar beslutet …">
        {(r) => (
          <>
            <h1>
              {r.supportType}: {r.company}
            </h1>
            {saved && (
              <p className="alert alert-success" role="status">
                Rättelsen är sparad.
              </p>
            )}
            <dl className="facts">
              <dt>Diarienummer</dt>
              <dd>{r.caseNumber ?? '–'}</dd>
              <dt>Ärende-id</dt>
              <dd>{r.nypsId ?? '–'}</dd>
              <dt>Beslutsdatum</dt>
              <dd>{r.decidedOn ?? `Perioden ${r.periodFrom} – ${r.periodTo}`}</dd>
              <dt>Beslut</dt>
              <dd>{r.rejected ? `Avslag${r.rejectionReason ? `: ${r.rejectionReason}` : ''}` : `Beviljat, ${kr(r.amountOre)}`}</dd>
              <dt>Fysisk person</dt>
              <dd>{r.naturalPerson ? 'Ja (namnet visas inte för allmänheten)' : 'Nej'}</dd>
              <dt>Källa</dt>
              <dd>{SOURCE_LABEL[r.source]}</dd>
              <dt>Åtagande mot anslaget 1:1</dt>
              <dd>{r.commitment ? `${kr(r.commitment.amountOre)} för ${r.commitment.year}${r.commitment.override ? ` (undantag: ${r.commitment.override.reason})` : ''}` : 'Inget (avslag)'}</dd>
              <dt>Version</dt>
              <dd>
                {r.version}
                {r.updatedBy ? `, senast ändrad av ${r.updatedBy}` : ''}
              </dd>
            </dl>
            {edits(user?.roles) && (
              <EntryForm
                key={r.version}
                heading="Rätta beslutet"
                entry={r}
                onDone={() => {
                  setSaved(true);
                  state.reload();
                }}
              />
            )}
          </>
        )}
      </Loaded>
    </>
  );
}

/**
 * Import of kallelser (issue 18.8), for the secretary and the administrator:
 * at /import a PDF or text file is uploaded (read, sent in base64 with its
 * upload progress, then read by the server), and the preview says what the
 * import will create or change – the meeting, the items, the cases, the
 * people, the rows per table, the documents split out of a PDF, the flags –
 * before anything is written; Bekräfta importen writes it (flags need a tick
 * that they have been looked at), Avbryt drops it. Below, the history of
 * imports; each with its report at /import/:id.
 */
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import type { ImportPlan, ImportPreview, ImportRecord, ItemChange } from '../../../src/importer/types.ts';
import { api, ApiFailure, send } from '../api.ts';
import { Field, useSubmit } from '../components/form.tsx';
import { Loaded } from '../components/Status.tsx';
import { Link, navigate } from '../router.tsx';
import { useSession } from '../session.tsx';
import { useApi, useTitle } from '../useApi.ts';
import { Alert } from '../components/FormCard.tsx';

const LIST = '/api/imports';
const mayImport = (roles: string[] | undefined) => Boolean(roles?.some((r) => r === 'secretary' || r === 'admin'));

const CHANGE: Record<ItemChange, string> = {
  new: 'Ny',
  changed: 'Ändras',
  same: 'Oförändrad',
  kept: 'Finns inte i filen, behålls',
  removed: 'Tas bort',
};
const OUTCOME: Record<ImportPlan['outcome'], string> = {
  create: 'Nytt sammanträde',
  update: 'Sammanträdet uppdateras',
  unchanged: 'Ingenting ändras (samma fil som förut)',
};
const STATUS: Record<ImportRecord['status'], string> = { preview: 'Förhandsgranskad', confirmed: 'Importerad', cancelled: 'Avbruten' };

const when = (iso: string) =>
  new Date(iso).toLocaleString('sv-SE', { timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
const size = (bytes: number) => (bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} kB` : `${(bytes / 1024 / 1024).toFixed(1).replace('.', ',')} MB`);
const pages = (from: number, to: number) => (from === to ? `sidan ${from}` : `sidorna ${from}–${to}`);

export function ImportPage(props: { id?: string }) {
  const { user } = useSession();
  useTitle('Import');
  if (!mayImport(user?.roles)) {
    return (
      <>
        <h1>Import av kallelser</h1>
        <p>Kallelser importeras av nämndsekreterare och administratörer. Logga in med ett sådant konto.</p>
      </>
    );
  }
  return props.id ? <ImportDetail id={Number(props.id)} /> : <ImportHome />;
}

/* ------------------------------------------------------------------ upload, preview, history */

type Stage = { step: 'reading' | 'uploading'; percent: number } | { step: 'parsing' } | null;

/** The file's bytes in base64, in slices (a large file would overflow the argument list of fromCharCode). */
function base64Of(bytes: Uint8Array): string {
  let s = '';
  for (let k = 0; k < bytes.length; k += 0x8000) s += String.fromCharCode(...bytes.subarray(k, k + 0x8000));
  return btoa(s);
}

function readFile(file: File, onProgress: (p: number) => void): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onprogress = (e) => e.lengthComputable && onProgress(Math.round((e.loaded / e.total) * 100));
    r.onload = () => resolve(new Uint8Array(r.result as ArrayBuffer));
    r.onerror = () => reject(new ApiFailure(`Filen ${file.name} kunde inte läsas.`, 0, 'read-failed'));
    r.readAsArrayBuffer(file);
  });
}

/** The preview request through XMLHttpRequest, for the upload's progress; then the server reads the file. */
function postPreview(body: string, csrf: string | null, onUpload: (p: number) => void, onSent: () => void): Promise<ImportPreview> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/imports/preview');
    xhr.setRequestHeader('accept', 'application/json');
    xhr.setRequestHeader('content-type', 'application/json');
    if (csrf) xhr.setRequestHeader('x-csrf-token', csrf);
    xhr.upload.onprogress = (e) => e.lengthComputable && onUpload(Math.round((e.loaded / e.total) * 100));
    xhr.upload.onload = onSent;
    xhr.onload = () => {
      let data: unknown = null;
      try {
        data = JSON.parse(xhr.responseText);
      } catch {
        /* not JSON */
      }
      if (xhr.status >= 200 && xhr.status < 300) return resolve(data as ImportPreview);
      // the server's Swedish message (an empty file, a PDF without text, not a kallelse …)
      const error = (data as { error?: { message?: string; code?: string } } | null)?.error;
      reject(new ApiFailure(error?.message ?? `Servern svarade med ett fel (${xhr.status}). Försök igen om en stund.`, xhr.status, error?.code ?? 'http'));
    };
    xhr.onerror = () => reject(new ApiFailure('Det gick inte att nå servern. Kontrollera anslutningen och försök igen.', 0, 'network'));
    xhr.send(body);
  });
}

function ImportHome() {
  const ids = useId();
  const [file, setFile] = useState<File | null>(null);
  const [stage, setStage] = useState<Stage>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  // the history is read again when a preview is cancelled (a new row)
  const [historyVersion, setHistoryVersion] = useState(0);
  const upload = useSubmit<ImportPreview>({ fallback: 'Filen kunde inte förhandsgranskas. Försök igen.' });

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (!file) {
      upload.setError('Välj en fil: kallelsen som PDF eller som text.');
      return;
    }
    setMessage(null);
    setPreview(null);
    const p = await upload.run(async () => {
      try {
        setStage({ step: 'reading', percent: 0 });
        const bytes = await readFile(file, (percent) => setStage({ step: 'reading', percent }));
        const body = JSON.stringify({ fileName: file.name, fileBase64: base64Of(bytes) });
        const { csrfToken } = await api.session();
        setStage({ step: 'uploading', percent: 0 });
        return await postPreview(
          body,
          csrfToken,
          (percent) => setStage({ step: 'uploading', percent }),
          () => setStage({ step: 'parsing' }),
        );
      } finally {
        setStage(null);
      }
    });
    if (p) setPreview(p);
  }

  return (
    <>
      <h1>Import av kallelser</h1>
      <p className="lead">
        Läs in en kallelse med föredragningslista som PDF eller som text ur PDF:en. Förhandsgranskningen visar vad som skapas eller ändras innan något sparas.
      </p>
      <section aria-labelledby={`${ids}-up`}>
        <h2 id={`${ids}-up`}>Ladda upp en kallelse</h2>
        <form aria-labelledby={`${ids}-up`} onSubmit={onSubmit} noValidate>
          <Field label="Fil (PDF eller text)" hint="Högst 20 MB. En inskannad PDF utan text behöver tolkas med OCR först.">
            <input
              type="file"
              accept=".pdf,.txt,application/pdf,text/plain"
              onChange={(e) => {
                setFile(e.target.files?.[0] ?? null);
                upload.setError(null);
              }}
            />
          </Field>
          <Alert error={upload.error} />
          <p className="actions">
            <button type="submit" className="button" disabled={upload.busy}>
              Förhandsgranska
            </button>
          </p>
          {stage && <Progress stage={stage} name={file?.name ?? ''} />}
        </form>
      </section>
      {message && (
        <p className="alert alert-success" role="status">
          {message}
        </p>
      )}
      {preview && (
        <PreviewPanel
          key={preview.id}
          preview={preview}
          onCancelled={() => {
            setPreview(null);
            setMessage(`Importen av ${preview.fileName} avbröts; ingenting sparades.`);
            setHistoryVersion((v) => v + 1);
          }}
        />
      )}
      <History key={historyVersion} />
    </>
  );
}

function Progress({ stage, name }: { stage: NonNullable<Stage>; name: string }) {
  const label = stage.step === 'reading' ? `Läser ${name}` : stage.step === 'uploading' ? `Laddar upp ${name}` : `Tolkar ${name}`;
  return (
    <div className="import-progress">
      {stage.step === 'parsing' ? (
        <progress aria-label="Importens förlopp" />
      ) : (
        <progress aria-label="Importens förlopp" max={100} value={stage.percent} />
      )}
      <span role="status">
        {label}
        {stage.step === 'parsing' ? ' – sidorna läses och jämförs med det som redan finns …' : ` … ${stage.percent} %`}
      </span>
    </div>
  );
}

function PreviewPanel({ preview, onCancelled }: { preview: ImportPreview; onCancelled: () => void }) {
  const ids = useId();
  const [checked, setChecked] = useState(false);
  const confirm = useSubmit<{ importId: number | null }>({ fallback: 'Importen kunde inte sparas. Försök igen.' });
  const cancel = useSubmit({ fallback: 'Förhandsgranskningen kunde inte avbrytas. Försök igen.' });
  const flagged = preview.flagged > 0;

  async function onConfirm(e: FormEvent) {
    e.preventDefault();
    if (flagged && !checked) {
      confirm.setError('Importen har flaggade uppgifter: granska dem och kryssa i att importen ska göras ändå.');
      return;
    }
    const r = await confirm.run(() => send<{ importId: number | null }>('POST', `/api/imports/${preview.id}/confirm`, { token: preview.token, confirmFlags: flagged }, LIST, '/api/meetings', '/api/cases'));
    if (r) navigate(`/import/${preview.id}`);
  }

  return (
    <section aria-labelledby={`${ids}-pre`} className="panel">
      <h2 id={`${ids}-pre`}>Förhandsgranskning av {preview.fileName}</h2>
      <p>Ingenting är sparat ännu. Granska det som skapas eller ändras och bekräfta importen, eller avbryt.</p>
      <PlanView plan={preview.plan} meetingLink={false} />
      <form aria-label="Bekräfta importen" onSubmit={onConfirm}>
        {flagged && (
          <p>
            <label className="checkbox-label">
              <input type="checkbox" checked={checked} onChange={(e) => setChecked(e.target.checked)} /> Jag har granskat{' '}
              {preview.flagged === 1 ? 'den flaggade uppgiften' : `de ${preview.flagged} flaggade uppgifterna`} och vill importera ändå
            </label>
          </p>
        )}
        <Alert error={confirm.error ?? cancel.error} />
        <p className="actions">
          <button type="submit" className="button" disabled={confirm.busy || cancel.busy}>
            Bekräfta importen
          </button>{' '}
          <button
            type="button"
            className="button button-secondary"
            disabled={confirm.busy || cancel.busy}
            onClick={async () => {
              const r = await cancel.run(() => send('POST', `/api/imports/${preview.id}/cancel`, { token: preview.token }, LIST));
              if (r !== undefined) onCancelled();
            }}
          >
            Avbryt
          </button>
        </p>
      </form>
    </section>
  );
}

function History() {
  const ids = useId();
  const state = useApi<ImportRecord[]>(LIST);
  return (
    <section aria-labelledby={`${ids}-h`}>
      <h2 id={`${ids}-h`}>Gjorda importer</h2>
      <Loaded state={state}>
        {(list) =>
          list.length === 0 ? (
            <p>Inga importer ännu.</p>
          ) : (
            <div className="table-wrap">
              <table className="table">
                <caption className="visually-hidden">Gjorda importer</caption>
                <thead>
                  <tr>
                    <th scope="col">Fil</th>
                    <th scope="col">Sammanträde</th>
                    <th scope="col">Resultat</th>
                    <th scope="col">Flaggor</th>
                    <th scope="col">Status</th>
                    <th scope="col">Av</th>
                    <th scope="col">När</th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((r) => (
                    <tr key={r.id}>
                      <td>
                        <Link href={`/import/${r.id}`}>{r.fileName}</Link>
                      </td>
                      <td>{r.bodyName && r.meetingDate ? `${r.bodyName} ${r.meetingDate}` : '–'}</td>
                      <td>{OUTCOME[r.outcome]}</td>
                      <td>{r.flagged === 0 ? 'Inga' : `${r.flagged}${r.flagsConfirmed ? ' (bekräftade)' : ''}`}</td>
                      <td>{STATUS[r.status]}</td>
                      <td>{r.decidedBy ?? r.createdBy}</td>
                      <td>{when(r.decidedAt ?? r.createdAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Loaded>
    </section>
  );
}

/* ------------------------------------------------------------------ one import */

function ImportDetail({ id }: { id: number }) {
  const state = useApi<ImportRecord>(`/api/imports/${id}`);
  return (
    <Loaded state={state}>
      {(r) => (
        <>
          <p>
            <Link href="/import">Import av kallelser</Link>
          </p>
          <h1>Import av {r.fileName}</h1>
          <dl className="facts">
            <dt>Status</dt>
            <dd>{STATUS[r.status]}</dd>
            <dt>Fil</dt>
            <dd>
              {r.kind === 'pdf' ? 'PDF' : 'Text'}, {size(r.byteSize)} (SHA-256 {r.sourceSha256.slice(0, 12)}…)
            </dd>
            <dt>Uppladdad</dt>
            <dd>
              {when(r.createdAt)} av {r.createdBy}
            </dd>
            {r.decidedAt && (
              <>
                <dt>{r.status === 'cancelled' ? 'Avbruten' : 'Bekräftad'}</dt>
                <dd>
                  {when(r.decidedAt)} av {r.decidedBy}
                  {r.flagged > 0 && r.flagsConfirmed ? ` (med ${r.flagged} flaggade uppgifter bekräftade)` : ''}
                </dd>
              </>
            )}
          </dl>
          <h2>Rapport</h2>
          <PlanView plan={r.plan} meetingLink={r.status === 'confirmed'} meetingId={r.meetingId} />
        </>
      )}
    </Loaded>
  );
}

/* ------------------------------------------------------------------ what an import does */

function Table({ caption, head, rows }: { caption: string; head: string[]; rows: ReactNode[][] }) {
  return (
    <div className="table-wrap">
      <table className="table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            {head.map((h) => (
              <th key={h} scope="col">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, k) => (
            <tr key={k}>
              {r.map((c, j) => (
                <td key={j}>{c}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function PlanView({ plan, meetingLink, meetingId }: { plan: ImportPlan; meetingLink: boolean; meetingId?: number | null }) {
  const m = plan.meeting;
  const meetingText = `${m.body} ${m.date}${m.startTime ? ` kl. ${m.startTime}${m.endTime ? `–${m.endTime}` : ''}` : ''}${m.place ? `, ${m.place}` : ''}`;
  const newCases = plan.cases.filter((c) => c.isNew).length;
  const newPeople = plan.people.filter((p) => p.isNew).length;
  return (
    <div className="import-plan">
      <p>
        <strong>{OUTCOME[plan.outcome]}:</strong>{' '}
        {meetingLink && meetingId ? <Link href={`/sammantraden/${meetingId}`}>{meetingText}</Link> : meetingText}
      </p>
      {plan.flags.length > 0 && (
        <div className="alert alert-warning">
          <h3>Flaggor att granska ({plan.flags.length})</h3>
          <ul aria-label="Flaggor">
            {plan.flags.map((f, k) => (
              <li key={k}>{f}</li>
            ))}
          </ul>
        </div>
      )}
      {plan.items.length > 0 && (
        <Table
          caption={`Punkter (${plan.items.length})`}
          head={['Punkt', 'Rubrik', 'Diarienummer', 'Ändring']}
          rows={plan.items.map((i) => [i.number, i.title, i.caseNumber ?? '–', CHANGE[i.change]])}
        />
      )}
      {plan.cases.length > 0 && (
        <Table
          caption={`Ärenden (${plan.cases.length}, varav ${newCases} nya)`}
          head={['Diarienummer', 'Rubrik', 'I diariet']}
          rows={plan.cases.map((c) => [c.caseNumber, c.title, c.isNew ? 'Nytt' : 'Finns'])}
        />
      )}
      {plan.people.length > 0 && (
        <Table
          caption={`Ledamöter och ersättare (${plan.people.length}, varav ${newPeople} nya)`}
          head={['Namn', 'Parti', 'Som', 'I nämnden']}
          rows={plan.people.map((p) => [p.name, p.party ?? '–', p.kind === 'member' ? 'Ledamot' : 'Ersättare', p.isNew ? 'Ny' : 'Finns'])}
        />
      )}
      {plan.tables.length > 0 && (
        <Table
          caption="Tabeller i kallelsen"
          head={['Tabell', 'Lästa rader', 'Sparade', 'Flaggade']}
          rows={plan.tables.map((t) => [t.label, t.read, t.kept, t.flagged.length])}
        />
      )}
      {plan.tables.some((t) => (t.notes ?? []).length > 0) && (
        <ul aria-label="Om tabellerna">
          {plan.tables.flatMap((t, k) => (t.notes ?? []).map((n, m) => <li key={`${k}-${m}`}>{`${t.label}: ${n}`}</li>))}
        </ul>
      )}
      {plan.documents.length > 0 && (
        <Table
          caption={`Handlingar ur PDF:en (${plan.documents.length})`}
          head={['Punkt', 'Handling', 'Sidor i filen']}
          rows={plan.documents.map((d) => [d.itemNumber, d.title, pages(d.fromPage, d.toPage)])}
        />
      )}
      {plan.notes.length > 0 && (
        <>
          <h3>Att notera</h3>
          <ul>
            {plan.notes.map((n, k) => (
              <li key={k}>{n}</li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

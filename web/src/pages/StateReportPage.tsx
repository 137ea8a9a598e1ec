/**
 * /aterrapportering/:year – the yearly report to the state (återrapportering):
 * the tables of sections 2 and 5 computed from the records (public), downloads
 * as CSV and Excel (and for staff the whole report as PDF), and the narrative per heading, which members and staff
 * read and editors write (optimistic locking: a stale save shows the server's
 * message and reloads), with "start from last year's text".
 */
import { useId, useState, type FormEvent } from 'react';
import type { ReportTable, TableCell, ColumnKind } from '../../../src/funding/stateReport.ts';
import { formatKronor } from '../../../src/kernel/kronor.ts';
import { send, stateReportPaths as paths, type StateReportNarrative } from '../api.ts';
import { errorText } from '../components/minutes/shared.ts';
import { Loaded } from '../components/Status.tsx';
import { Link, navigate } from '../router.tsx';
import { useSession } from '../session.tsx';
import { useApi, useTitle } from '../useApi.ts';
import { StateReportFollowUpFor } from '../components/StateReportFollowUp.tsx';

const STAFF = ['member', 'case-officer', 'secretary', 'adjuster', 'admin'];
const EDITORS = ['case-officer', 'secretary', 'admin'];

function cellText(kind: ColumnKind, v: TableCell): string {
  if (v === null) return '–';
  if (typeof v === 'string') return v;
  if (kind === 'kronor') return formatKronor(v, 'kr').replace(/\u00a0kr$/, '');
  if (kind === 'percent') return `${Math.trunc(v / 10)},${Math.abs(v % 10)}`;
  return String(v);
}

function Table({ t }: { t: ReportTable }) {
  const num = (k: ColumnKind) => k !== 'text';
  return (
    <section className="report-table" aria-labelledby={`tabell-${t.id}`}>
      {/* focusable, so a table wider than the page can be scrolled with the keyboard */}
      <div className="table-wrap" tabIndex={0} role="region" aria-label={t.title}>
        <table className="table" id={`tabell-${t.id}`}>
          <caption>{t.title}</caption>
          <thead>
            <tr>
              {t.columns.map((c) => (
                <th key={c.key} scope="col" className={num(c.kind) ? 'num' : undefined}>
                  {c.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {t.rows.length === 0 && (
              <tr>
                <td colSpan={t.columns.length} className="muted">
                  Inga uppgifter.
                </td>
              </tr>
            )}
            {t.rows.map((r, i) => (
              <tr key={i}>
                {t.columns.map((c, n) =>
                  n === 0 ? (
                    <th key={c.key} scope="row">
                      {cellText(c.kind, r[n] ?? null)}
                    </th>
                  ) : (
                    <td key={c.key} className={num(c.kind) ? 'num' : undefined}>
                      {cellText(c.kind, r[n] ?? null)}
                    </td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
          {t.total && (
            <tfoot>
              <tr>
                {t.columns.map((c, n) =>
                  n === 0 ? (
                    <th key={c.key} scope="row">
                      {cellText(c.kind, t.total![n] ?? null)}
                    </th>
                  ) : (
                    <td key={c.key} className="num">
                      <strong>{cellText(c.kind, t.total![n] ?? null)}</strong>
                    </td>
                  ),
                )}
              </tr>
            </tfoot>
          )}
        </table>
      </div>
      {t.note && <p className="hint">{t.note}</p>}
    </section>
  );
}

function SectionEditor({ year, heading, text, version, onSaved }: { year: number; heading: { key: string; title: string }; text: string; version: number; onSaved: () => void }) {
  const ids = useId();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(text);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await send('PUT', paths.narrative(year), { version, sections: { [heading.key]: draft } }, paths.narrative(year), paths.tables(year));
      setEditing(false);
      onSaved();
    } catch (err) {
      setError(errorText(err));
      onSaved();
    } finally {
      setBusy(false);
    }
  };

  if (!editing) {
    return (
      <button
        type="button"
        className="button button-secondary button-small"
        onClick={() => {
          setDraft(text);
          setEditing(true);
        }}
      >
        Redigera<span className="visually-hidden"> avsnitt {heading.key}</span>
      </button>
    );
  }
  return (
    <form className="tool" onSubmit={save}>
      <label htmlFor={`${ids}-text`}>
        Text till {heading.key} {heading.title}
      </label>
      <textarea id={`${ids}-text`} rows={10} value={draft} onChange={(e) => setDraft(e.target.value)} />
      <div className="button-row">
        <button type="submit" className="button" disabled={busy}>
          Spara avsnitt {heading.key}
        </button>
        <button type="button" className="button button-secondary" onClick={() => setEditing(false)} disabled={busy}>
          Avbryt
        </button>
      </div>
      {error && (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

interface Priority {
  id: number;
  code: string;
  name: string;
  position: number;
  version: number;
}
const PRIORITIES = '/api/state-report/priorities';

/** One priority's fields: a form to add one, or to change one (with its version). */
function PriorityForm({ initial, onDone, year }: { initial: Priority | null; onDone: () => void; year: number }) {
  const ids = useId();
  const [code, setCode] = useState(initial?.code ?? '');
  const [name, setName] = useState(initial?.name ?? '');
  const [position, setPosition] = useState(String(initial?.position ?? ''));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const what = initial ? `prioriteringen ${initial.name}` : 'prioriteringen';
  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (!/^\d{1,4}$/.test(position.trim())) return setError('Ange ordningen som ett heltal 1–1000.');
    setBusy(true);
    setError(null);
    try {
      const body = { code, name, position: Number(position.trim()) };
      if (initial) await send('PUT', `${PRIORITIES}/${initial.id}`, { ...body, version: initial.version }, PRIORITIES, paths.tables(year));
      else await send('POST', PRIORITIES, body, PRIORITIES, paths.tables(year));
      if (!initial) {
        setCode('');
        setName('');
        setPosition('');
      }
      onDone();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="tool" onSubmit={save} aria-label={initial ? `Ändra ${what}` : 'Lägg till prioritering'}>
      <label htmlFor={`${ids}-code`}>Kod</label>
      <input id={`${ids}-code`} maxLength={40} value={code} onChange={(e) => setCode(e.target.value)} required />
      <label htmlFor={`${ids}-name`}>Namn</label>
      <input id={`${ids}-name`} maxLength={300} value={name} onChange={(e) => setName(e.target.value)} required />
      <label htmlFor={`${ids}-position`}>Ordning</label>
      <input id={`${ids}-position`} className="input-short" inputMode="numeric" value={position} onChange={(e) => setPosition(e.target.value)} required />
      <div className="button-row">
        <button type="submit" className="button" disabled={busy}>
          {initial ? 'Spara prioriteringen' : 'Lägg till prioriteringen'}
        </button>
        {initial && (
          <button type="button" className="button button-secondary" onClick={onDone} disabled={busy}>
            Avbryt
          </button>
        )}
      </div>
      {error && (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

/** The regional development strategy's priorities (the rows of the project table); editors add and change them. */
function Priorities({ year, canEdit, onTablesChanged }: { year: number; canEdit: boolean; onTablesChanged: () => void }) {
  const state = useApi<{ priorities: Priority[] }>(PRIORITIES);
  const [editing, setEditing] = useState<number | null>(null);
  const done = () => {
    setEditing(null);
    state.reload();
    onTablesChanged();
  };
  return (
    <section aria-labelledby="prioriteringar">
      <h2 id="prioriteringar">Prioriteringar i den regionala utvecklingsstrategin</h2>
      <p className="hint">Projekttabellen har en rad per prioritering, i den här ordningen. En ansökan om medfinansiering räknas under den prioritering vars kod är ansökans rangordning.</p>
      <Loaded state={state} loading="Hämtar prioriteringarna …">
        {(r) => (
          <>
            <div className="table-wrap">
              <table className="table">
                <caption>Prioriteringar</caption>
                <thead>
                  <tr>
                    <th scope="col" className="num">Ordning</th>
                    <th scope="col">Kod</th>
                    <th scope="col">Namn</th>
                    {canEdit && <th scope="col"><span className="visually-hidden">Åtgärd</span></th>}
                  </tr>
                </thead>
                <tbody>
                  {r.priorities.length === 0 && (
                    <tr>
                      <td colSpan={canEdit ? 4 : 3} className="muted">
                        Inga prioriteringar är registrerade.
                      </td>
                    </tr>
                  )}
                  {r.priorities.map((p) => (
                    <tr key={p.id}>
                      <td className="num">{p.position}</td>
                      <td>{p.code}</td>
                      <th scope="row">{p.name}</th>
                      {canEdit && (
                        <td>
                          <button type="button" className="button button-secondary button-small" onClick={() => setEditing(p.id)}>
                            Ändra<span className="visually-hidden"> prioriteringen {p.name}</span>
                          </button>
                        </td>
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {canEdit && editing !== null && r.priorities.some((p) => p.id === editing) && (
              <PriorityForm key={editing} initial={r.priorities.find((p) => p.id === editing)!} onDone={done} year={year} />
            )}
            {canEdit && editing === null && <PriorityForm initial={null} onDone={done} year={year} />}
          </>
        )}
      </Loaded>
    </section>
  );
}

type AnalysisRow = StateReportNarrative['analyses'][number];
const KINDS = ['analys', 'uppföljning', 'utvärdering'];
const FINANCED = ['ja', 'nej', 'delvis'];
const PURPOSES = ['kunskapsutveckling', 'löpande rapportering', 'underlag till beslut', 'underlag till beslut – coronarelaterat', 'underlag till strategi', 'övrigt'];
const MAX_ANALYSES = 15;

/** Section 5's table: add a row, or remove one; saved with the narrative's version. */
function AnalysesEditor({ year, rows, version, onSaved }: { year: number; rows: AnalysisRow[]; version: number; onSaved: () => void }) {
  const ids = useId();
  const [kind, setKind] = useState(KINDS[0]!);
  const [name, setName] = useState('');
  const [financed, setFinanced] = useState(FINANCED[0]!);
  const [purpose, setPurpose] = useState(PURPOSES[0]!);
  const [use, setUse] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const save = async (analyses: AnalysisRow[]) => {
    setBusy(true);
    setError(null);
    try {
      await send('PUT', paths.narrative(year), { version, analyses }, paths.narrative(year), paths.tables(year));
      return true;
    } catch (err) {
      setError(errorText(err));
      return false;
    } finally {
      setBusy(false);
      onSaved();
    }
  };
  const add = async (e: FormEvent) => {
    e.preventDefault();
    if (await save([...rows, { kind, name, financed, purpose, use }])) {
      setName('');
      setUse('');
    }
  };
  return (
    <div className="tool">
      <h4 id={`${ids}-h`}>Analyser, uppföljningar och utvärderingar (avsnitt 5)</h4>
      {rows.length > 0 && (
        <ul>
          {rows.map((r, i) => (
            <li key={i}>
              {r.name} ({r.kind}, 1:1: {r.financed}, {r.purpose}){' '}
              <button type="button" className="link-button" disabled={busy} onClick={() => void save(rows.filter((_, n) => n !== i))}>
                Ta bort<span className="visually-hidden"> {r.name}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {rows.length < MAX_ANALYSES ? (
        <form onSubmit={add} aria-labelledby={`${ids}-h`}>
          <div className="field-row">
            <div className="field">
              <label htmlFor={`${ids}-kind`}>Typ</label>
              <select id={`${ids}-kind`} value={kind} onChange={(e) => setKind(e.target.value)}>
                {KINDS.map((k) => (
                  <option key={k}>{k}</option>
                ))}
              </select>
            </div>
            <div className="field grow">
              <label htmlFor={`${ids}-name`}>Namn och kort beskrivning</label>
              <input id={`${ids}-name`} value={name} onChange={(e) => setName(e.target.value)} required maxLength={1000} />
            </div>
          </div>
          <div className="field-row">
            <div className="field">
              <label htmlFor={`${ids}-financed`}>Finansierat av anslag 1:1</label>
              <select id={`${ids}-financed`} value={financed} onChange={(e) => setFinanced(e.target.value)}>
                {FINANCED.map((k) => (
                  <option key={k}>{k}</option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor={`${ids}-purpose`}>Huvudsakligt syfte</label>
              <select id={`${ids}-purpose`} value={purpose} onChange={(e) => setPurpose(e.target.value)}>
                {PURPOSES.map((k) => (
                  <option key={k}>{k}</option>
                ))}
              </select>
            </div>
          </div>
          <div className="field">
            <label htmlFor={`${ids}-use`}>Hur erfarenheterna tagits till vara</label>
            <textarea id={`${ids}-use`} rows={3} value={use} onChange={(e) => setUse(e.target.value)} maxLength={5000} />
          </div>
          <button type="submit" className="button" disabled={busy}>
            Lägg till i tabellen
          </button>
        </form>
      ) : (
        <p className="hint">Högst {MAX_ANALYSES} rader kan redovisas.</p>
      )}
      {error && (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

function Narrative({ year, canEdit, onTablesChanged }: { year: number; canEdit: boolean; onTablesChanged: () => void }) {
  const state = useApi<StateReportNarrative>(paths.narrative(year));
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const copy = async () => {
    setMessage(null);
    try {
      const r = await send<StateReportNarrative>('POST', `${paths.narrative(year)}/copy-from-previous`, undefined, paths.narrative(year), paths.tables(year));
      setMessage({ ok: true, text: `Texterna från ${r.copiedFrom} är kopierade till ett utkast för ${year}.` });
    } catch (e) {
      setMessage({ ok: false, text: errorText(e) });
    }
    state.reload();
  };
  return (
    <Loaded state={state} loading="Laddar texterna …">
      {(n) => (
        <section aria-labelledby="texter">
          <h2 id="texter">Texter per avsnitt</h2>
          <p className="hint">
            {n.version === 0
              ? `Inga texter är sparade för ${year}.`
              : `Version ${n.version}${n.copiedFrom ? `, utgick från ${n.copiedFrom}` : ''}; senast ändrad av ${n.updatedBy ?? 'okänd'}.`}
          </p>
          {canEdit && n.version === 0 && (
            <button type="button" className="button" onClick={() => void copy()}>
              Utgå från förra årets text
            </button>
          )}
          <div role="status" className="form-result">
            {message?.ok && <p className="alert alert-success">{message.text}</p>}
          </div>
          {message && !message.ok && (
            <p className="alert alert-error" role="alert">
              {message.text}
            </p>
          )}
          {n.headings.map((h) => {
            const depth = h.key.split('.').length;
            const Heading = depth === 1 ? 'h3' : depth === 2 ? 'h4' : 'h5';
            const text = n.sections[h.key] ?? '';
            return (
              <div key={h.key} className="report-section" id={`avsnitt-${h.key}`}>
                <Heading>
                  {h.key} {h.title}
                </Heading>
                {!h.group && (
                  <>
                    {text ? (
                      text.split(/\n{2,}/).map((p, i) => (
                        <p key={i} className="prewrap">
                          {p}
                        </p>
                      ))
                    ) : (
                      <p className="muted">Ingen text ännu.</p>
                    )}
                    <StateReportFollowUpFor year={year} headingKey={h.key} />
                    {canEdit && <SectionEditor key={h.key} year={year} heading={h} text={text} version={n.version} onSaved={state.reload} />}
                    {canEdit && h.key === '5' && <AnalysesEditor
                        year={year}
                        rows={n.analyses}
                        version={n.version}
                        onSaved={() => {
                          state.reload();
                          onTablesChanged();
                        }}
                      />}
                  </>
                )}
              </div>
            );
          })}
        </section>
      )}
    </Loaded>
  );
}

export function StateReportPage({ year: yearText }: { year: string }) {
  const year = Number(yearText);
  const valid = /^\d{4}$/.test(yearText) && year >= 2000 && year <= 2100;
  useTitle(valid ? `Återrapportering ${year}` : 'Återrapportering');
  const state = useApi<{ year: number; tables: ReportTable[] }>(valid ? paths.tables(year) : null);
  const { user } = useSession();
  const roles = user?.roles ?? [];
  const [jump, setJump] = useState(yearText);
  if (!valid) {
    return (
      <>
        <h1>Återrapportering</h1>
        <p className="alert alert-error" role="alert">
          Året {yearText.slice(0, 10)} är inte ett giltigt rapportår (2000–2100).
        </p>
      </>
    );
  }
  return (
    <>
      <h1>Återrapportering {year}</h1>
      <p>Den årliga återrapporteringen till staten om anslaget 1:1 Regionala tillväxtåtgärder. Tabellerna räknas fram ur registren över medfinansiering och företagsstöd.</p>
      <nav aria-label="Rapportår" className="state-report-years">
        <Link href={`/aterrapportering/${year - 1}`}>← {year - 1}</Link>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (/^\d{4}$/.test(jump.trim())) navigate(`/aterrapportering/${jump.trim()}`);
          }}
        >
          <label htmlFor="rapportar">År</label>{' '}
          <input id="rapportar" className="input-short" inputMode="numeric" value={jump} onChange={(e) => setJump(e.target.value)} />{' '}
          <button type="submit" className="button button-secondary button-small">
            Visa
          </button>
        </form>
        <Link href={`/aterrapportering/${year + 1}`}>{year + 1} →</Link>
      </nav>
      <p className="button-row">
        <a className="button button-secondary" href={paths.csv(year)} download>
          Ladda ner tabellerna som CSV
        </a>
        <a className="button button-secondary" href={paths.xlsx(year)} download>
          Ladda ner tabellerna som Excel
        </a>
        {roles.some((r) => STAFF.includes(r)) && (
          <a className="button button-secondary" href={`${paths.tables(year)}.pdf`} download>
            Ladda ner hela återrapporteringen som PDF
          </a>
        )}
      </p>
      <Loaded state={state} loading="Räknar fram tabellerna …">
        {(r) => (
          <>
            <h2>Återrapportering 2 – Fördelning av anslag</h2>
            {r.tables
              .filter((t) => t.section === '2')
              .map((t) => (
                <Table key={t.id} t={t} />
              ))}
            <h2>Återrapportering 5 – Analyser, uppföljningar och utvärderingar</h2>
            {r.tables
              .filter((t) => t.section === '5')
              .map((t) => (
                <Table key={t.id} t={t} />
              ))}
          </>
        )}
      </Loaded>
      <Priorities year={year} canEdit={roles.some((r) => EDITORS.includes(r))} onTablesChanged={state.reload} />
      {roles.some((r) => STAFF.includes(r)) ? (
        <Narrative year={year} canEdit={roles.some((r) => EDITORS.includes(r))} onTablesChanged={state.reload} />
      ) : (
        <p className="hint">Logga in för att läsa och skriva återrapporteringens texter.</p>
      )}
    </>
  );
}

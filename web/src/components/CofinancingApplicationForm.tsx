/**
 * The form for a new co-financing application (/medfinansiering): applicant,
 * project, the funding asked for and the cost and financing budget; the
 * budget is checked when the application is saved (POST /api/cofinancing).
 */
import { useId, useState, type FormEvent } from 'react';
import { parseKronor } from '../../../src/kernel/kronor.ts';
import { cofinancingPaths, send } from '../api.ts';
import { useApi } from '../useApi.ts';
import { errorText } from './minutes/shared.ts';
import { navigate } from '../router.tsx';
import { formatKronor } from '../../../src/kernel/kronor.ts';
import type { Finding } from '../../../src/funding/budget.ts';
import { BudgetTables, budgetBody, initialBudget, type BudgetDraft } from './CofinancingBudgetTables.tsx';
import type { FundingSource } from '../../../src/funding/decision.ts';
import type { ApplicationView } from '../../../src/funding/cofinancingService.ts';

export const SOURCE_LABEL: Record<FundingSource, string> = { 'state-1-1': 'Anslag 1:1 (statliga medel)', regional: 'Regionala medel' };

/** "13", "13 %", "12,5" → basis points, or a Swedish message. */
function readPercent(text: string): { bp: number | null; error?: string } {
  const m = /^(\d{1,3})(?:,(\d{1,2}))?\s*%?$/.exec(text.trim());
  if (!m) return { bp: null, error: `Andelen "${text.trim().slice(0, 20)}" ska anges i procent, till exempel 13 eller 12,5.` };
  const bp = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0') || '0');
  if (bp <= 0 || bp > 10000) return { bp: null, error: 'Andelen ska vara mer än 0 och högst 100 procent.' };
  return { bp };
}

/** "474 529 kronor" from a field (blank: null), or a Swedish message naming the field. */
function readAmount(text: string, field: string): { ore: number | null; error?: string } {
  if (!text.trim()) return { ore: null };
  try {
    const ore = parseKronor(text);
    if (ore < 0) return { ore: null, error: `${field}: beloppet kan inte vara negativt.` };
    return { ore };
  } catch (e) {
    return { ore: null, error: `${field}: ${(e as Error).message}` };
  }
}

export function NewApplicationForm() {
  const ids = useId();
  const [applicant, setApplicant] = useState('');
  const [orgNumber, setOrgNumber] = useState('');
  const [naturalPerson, setNaturalPerson] = useState<'auto' | 'yes' | 'no'>('auto');
  const [projectName, setProjectName] = useState('');
  const [start, setStart] = useState('');
  const [end, setEnd] = useState('');
  const [source, setSource] = useState<FundingSource>('state-1-1');
  const [area, setArea] = useState('');
  const [rank, setRank] = useState('');
  const [priorityId, setPriorityId] = useState('');
  const priorities = useApi<{ priorities: Array<{ id: number; code: string; name: string }> }>('/api/state-report/priorities');
  const priorityList = priorities.status === 'ok' ? priorities.data.priorities : [];
  const [eu, setEu] = useState(false);
  const [companies, setCompanies] = useState(false);
  const [requested, setRequested] = useState('');
  const [rate, setRate] = useState('');
  const [cap, setCap] = useState('');
  const [budget, setBudget] = useState<BudgetDraft>(() => initialBudget(new Date().getFullYear()));
  const [firstYearTouched, setFirstYearTouched] = useState(false);
  const [badCells, setBadCells] = useState<Set<string>>(() => new Set());
  const [caseNumber, setCaseNumber] = useState('');
  const [duplicateOk, setDuplicateOk] = useState(false);
  const existing = useApi<Array<{ id: number; caseNumber: string; projectName: string }>>(caseNumber.trim() ? `${cofinancingPaths.list()}?limit=500` : null);
  const duplicates = existing.status === 'ok' ? existing.data.filter((x) => x.caseNumber.toLowerCase() === caseNumber.trim().toLowerCase()) : [];
  /** Saved with budget errors: corrections go to this application (PUT with its version). */
  const [saved, setSaved] = useState<{ id: number; version: number; findings: Finding[] } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [errorCode, setErrorCode] = useState<string | null>(null);

  const onValidity = (key: string, valid: boolean) =>
    setBadCells((s) => {
      if (valid === !s.has(key)) return s;
      const next = new Set(s);
      if (valid) next.delete(key);
      else next.add(key);
      return next;
    });
  const setStart_ = (v: string) => {
    setStart(v);
    // the budget's first year follows the project's start until it is changed by hand
    if (!firstYearTouched && /^\d{4}-/.test(v)) setBudget((b) => ({ ...b, firstYear: Number(v.slice(0, 4)) }));
  };

  const fail = (message: string, code: string | null = null) => {
    setError(message);
    setErrorCode(code);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setErrorCode(null);
    const r = readPercent(rate);
    if (priorityList.length && !priorityId) return fail('Välj prioriteringen enligt inriktningsbeslutet.', 'priority');
    if (r.error) return fail(r.error, 'rate');
    const req = readAmount(requested, 'Sökt belopp');
    if (req.error) return fail(req.error, 'requested');
    if (req.ore === null) return fail('Ange sökt belopp, till exempel 474 529 kronor.', 'requested');
    const c = readAmount(cap, 'Tak');
    if (c.error) return fail(c.error, 'cap');
    if (badCells.size) return fail('Budgeten har en cell som inte är ett belopp i kronor; rätta den markerade cellen.', 'budget');
    if (duplicates.length && !saved && !duplicateOk) {
      return fail(`Diarienumret ${caseNumber.trim()} har redan en ansökan om medfinansiering. Kryssa i att du vill registrera en till, eller ändra diarienumret.`, 'case');
    }
    setBusy(true);
    try {
      const body = {
        applicant: { name: applicant, orgNumber: orgNumber.trim() || null, naturalPerson: naturalPerson === 'auto' ? null : naturalPerson === 'yes' },
        projectName,
        period: { start, end },
        priorityArea: area,
        ...(priorityList.length ? { strategyPriorityId: priorityId ? Number(priorityId) : null } : { priorityRank: rank.trim() }),
        euCofinancing: eu,
        aimedAtCompanies: companies,
        fundingSource: source,
        requestedOre: req.ore,
        rateBp: r.bp,
        capOre: c.ore,
        budget: budgetBody(budget),
      };
      const result = saved
        ? await send<ApplicationView>('PUT', cofinancingPaths.application(saved.id), { ...body, version: saved.version }, cofinancingPaths.list(), cofinancingPaths.application(saved.id))
        : await send<ApplicationView>('POST', cofinancingPaths.list(), { ...body, ...(caseNumber.trim() ? { caseNumber: caseNumber.trim() } : {}) }, cofinancingPaths.list());
      const errors = result.findings.filter((f) => f.severity === 'error');
      if (errors.length) setSaved({ id: result.id, version: result.version, findings: result.findings });
      else navigate(`/medfinansiering/${result.id}`);
    } catch (err) {
      const message = errorText(err);
      fail(message, /organisationsnum/i.test(message) ? 'org' : null);
    } finally {
      setBusy(false);
    }
  };

  const invalid = (code: string) => (errorCode === code ? true : undefined);
  const describedBy = (code: string, hint?: string) => [hint, errorCode === code ? `${ids}-error` : undefined].filter(Boolean).join(' ') || undefined;

  return (
    <form className="tool cofinancing-form" onSubmit={submit} aria-labelledby={`${ids}-h`} noValidate>
      <h2 id={`${ids}-h`}>Registrera en ny ansökan</h2>
      <p className="hint">Ett nytt ärende "Medfinansiering av …" registreras i diariet, om inte ansökan knyts till ett befintligt diarienummer. Budgeten kontrolleras när ansökan sparas: varje summa som sökanden har angett räknas efter.</p>
      <fieldset>
        <legend>Sökande och projekt</legend>
        <div className="field-row">
          <div className="field grow">
            <label htmlFor={`${ids}-applicant`}>Sökande</label>
            <input id={`${ids}-applicant`} value={applicant} onChange={(e) => setApplicant(e.target.value)} required autoComplete="organization" />
          </div>
          <div className="field">
            <label htmlFor={`${ids}-org`}>Organisationsnummer</label>
            <input
              id={`${ids}-org`}
              value={orgNumber}
              onChange={(e) => setOrgNumber(e.target.value)}
              aria-invalid={invalid('org')}
              aria-describedby={describedBy('org', `${ids}-org-hint`)}
            />
            <p className="field-hint" id={`${ids}-org-hint`}>
              Till exempel 232100-0164. Frivilligt.
            </p>
          </div>
          <div className="field">
            <label htmlFor={`${ids}-natural`}>Fysisk person (enskild firma)</label>
            <select
              id={`${ids}-natural`}
              value={naturalPerson}
              onChange={(e) => setNaturalPerson(e.target.value as 'auto' | 'yes' | 'no')}
              aria-describedby={`${ids}-natural-hint`}
            >
              <option value="auto">Enligt organisationsnumret</option>
              <option value="yes">Ja, fysisk person</option>
              <option value="no">Nej, juridisk person</option>
            </select>
            <p className="field-hint" id={`${ids}-natural-hint`}>
              En enskild firmas nummer är ägarens personnummer. En fysisk persons namn visas inte för allmänheten.
            </p>
          </div>
        </div>
        <div className="field">
          <label htmlFor={`${ids}-case`}>Befintligt diarienummer</label>
          <input
            id={`${ids}-case`}
            className="input-short"
            value={caseNumber}
            maxLength={20}
            readOnly={Boolean(saved)}
            onChange={(e) => {
              setCaseNumber(e.target.value);
              setDuplicateOk(false);
            }}
            aria-invalid={invalid('case')}
            aria-describedby={describedBy('case', `${ids}-case-hint`)}
          />
          <p className="field-hint" id={`${ids}-case-hint`}>
            Frivilligt: ansökan knyts till ett ärende som redan finns i diariet, till exempel RS 2020-00123. Lämna tomt för att registrera ett nytt ärende.
          </p>
        </div>
        {duplicates.length > 0 && !saved && (
          <div className="alert alert-warning" role="group" aria-labelledby={`${ids}-dup`}>
            <p id={`${ids}-dup`} role="status">
              <strong>Varning:</strong> diarienumret {caseNumber.trim()} har redan {duplicates.length === 1 ? 'en ansökan' : `${duplicates.length} ansökningar`} om medfinansiering:{' '}
              {duplicates.map((x, i) => (
                <span key={x.id}>
                  {i > 0 && ', '}
                  <a href={`/medfinansiering/${x.id}`}>{x.projectName}</a>
                </span>
              ))}
              .
            </p>
            <label className="checkbox-label" htmlFor={`${ids}-dup-ok`}>
              <input id={`${ids}-dup-ok`} type="checkbox" checked={duplicateOk} onChange={(e) => setDuplicateOk(e.target.checked)} /> Registrera ändå en ansökan till på samma diarienummer
            </label>
          </div>
        )}
        <div className="field">
          <label htmlFor={`${ids}-project`}>Projektnamn</label>
          <input id={`${ids}-project`} value={projectName} onChange={(e) => setProjectName(e.target.value)} required />
        </div>
        <div className="field-row">
          <div className="field">
            <label htmlFor={`${ids}-start`}>Projektperiod från</label>
            <input id={`${ids}-start`} type="date" value={start} onChange={(e) => setStart_(e.target.value)} required />
          </div>
          <div className="field">
            <label htmlFor={`${ids}-end`}>Projektperiod till</label>
            <input id={`${ids}-end`} type="date" value={end} onChange={(e) => setEnd(e.target.value)} required />
          </div>
        </div>
        <div className="field-row">
          <div className="field grow">
            <label htmlFor={`${ids}-area`}>Prioriterat område i den regionala utvecklingsstrategin</label>
            <input id={`${ids}-area`} value={area} onChange={(e) => setArea(e.target.value)} required aria-describedby={`${ids}-area-hint`} />
            <p className="field-hint" id={`${ids}-area-hint`}>
              Till exempel Näringsliv och entreprenörskap.
            </p>
          </div>
          {priorityList.length ? (
            <div className="field grow">
              <label htmlFor={`${ids}-prio`}>Prioritering enligt inriktningsbeslutet</label>
              <select id={`${ids}-prio`} value={priorityId} onChange={(e) => setPriorityId(e.target.value)} required>
                <option value="">Välj prioritering</option>
                {priorityList.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.code} – {p.name}
                  </option>
                ))}
              </select>
            </div>
          ) : (
            <div className="field">
              <label htmlFor={`${ids}-rank`}>Prioritering enligt inriktningsbeslutet</label>
              <input id={`${ids}-rank`} className="input-short" value={rank} onChange={(e) => setRank(e.target.value)} required aria-describedby={`${ids}-rank-hint`} />
              <p className="field-hint" id={`${ids}-rank-hint`}>
                Strategins prioriteringar är inte registrerade (Återrapportering); ange rangordningen, till exempel 1, 2b eller 3.
              </p>
            </div>
          )}
        </div>
        <p>
          <label className="checkbox-label" htmlFor={`${ids}-eu`}>
            <input id={`${ids}-eu`} type="checkbox" checked={eu} onChange={(e) => setEu(e.target.checked)} /> Medfinansierar ett EU-projekt
          </label>
        </p>
        <p>
          <label className="checkbox-label" htmlFor={`${ids}-companies`}>
            <input id={`${ids}-companies`} type="checkbox" checked={companies} onChange={(e) => setCompanies(e.target.checked)} /> Projektet riktar sig
            till företag
          </label>
        </p>
      </fieldset>

      <fieldset>
        <legend>Sökt medfinansiering</legend>
        <div className="field">
          <label htmlFor={`${ids}-source`}>Finansieringskälla</label>
          <select id={`${ids}-source`} value={source} onChange={(e) => setSource(e.target.value as FundingSource)}>
            {(Object.keys(SOURCE_LABEL) as FundingSource[]).map((s) => (
              <option key={s} value={s}>
                {SOURCE_LABEL[s]}
              </option>
            ))}
          </select>
        </div>
        <div className="field-row">
          <div className="field">
            <label htmlFor={`${ids}-requested`}>Sökt belopp</label>
            <input
              id={`${ids}-requested`}
              value={requested}
              onChange={(e) => setRequested(e.target.value)}
              required
              aria-invalid={invalid('requested')}
              aria-describedby={describedBy('requested', `${ids}-requested-hint`)}
            />
            <p className="field-hint" id={`${ids}-requested-hint`}>
              I kronor, till exempel 474 529 kronor.
            </p>
          </div>
          <div className="field">
            <label htmlFor={`${ids}-rate`}>Andel av bokförda kostnader (procent)</label>
            <input
              id={`${ids}-rate`}
              className="input-short"
              inputMode="decimal"
              value={rate}
              onChange={(e) => setRate(e.target.value)}
              required
              aria-invalid={invalid('rate')}
              aria-describedby={describedBy('rate')}
            />
          </div>
          <div className="field">
            <label htmlFor={`${ids}-cap`}>Tak, dock högst</label>
            <input
              id={`${ids}-cap`}
              value={cap}
              onChange={(e) => setCap(e.target.value)}
              aria-invalid={invalid('cap')}
              aria-describedby={describedBy('cap', `${ids}-cap-hint`)}
            />
            <p className="field-hint" id={`${ids}-cap-hint`}>
              Lämna tomt för att föreslå det sökta beloppet.
            </p>
          </div>
        </div>
      </fieldset>

      <fieldset>
        <legend>Kostnads- och finansieringsbudget</legend>
        <BudgetTables
          value={budget}
          onChange={(next) => {
            if (next.firstYear !== budget.firstYear) setFirstYearTouched(true);
            setBudget(next);
          }}
          onValidity={onValidity}
        />
      </fieldset>

      {saved && (
        <div className="alert alert-error" role="alert" aria-labelledby={`${ids}-findings`}>
          <p className="alert-title" id={`${ids}-findings`}>
            Ansökan är registrerad, men budgeten stämmer inte. Rätta budgeten som sökanden har angett den och spara igen, eller öppna ansökan.
          </p>
          <ul className="findings">
            {saved.findings.map((f, i) => (
              <li key={i}>
                <strong>{f.severity === 'error' ? 'Fel' : 'Observera'}:</strong> {f.message}
                {(f.code === 'column-sum' || f.code === 'grand-total') && f.statedOre !== undefined && f.computedOre !== undefined && (
                  <> (skillnad {formatKronor(Math.abs(f.statedOre - f.computedOre))})</>
                )}
              </li>
            ))}
          </ul>
          <p className="hint">Så länge budgeten har fel kan ansökan inte föreslås för beslut utan ett undantag med motivering.</p>
          <p>
            <a href={`/medfinansiering/${saved.id}`} onClick={(e) => (e.preventDefault(), navigate(`/medfinansiering/${saved.id}`))}>
              Öppna ansökan med felen kvar
            </a>
          </p>
        </div>
      )}

      <button type="submit" className="button" disabled={busy}>
        {saved ? 'Spara rättelsen' : 'Registrera ansökan'}
      </button>
      {error && (
        <p className="alert alert-error" role="alert" id={`${ids}-error`}>
          {error}
        </p>
      )}
    </form>
  );
}

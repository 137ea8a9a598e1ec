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
import type { BudgetRow, CostCategory, ProjectBudget } from '../../../src/funding/budget.ts';
import type { FundingSource } from '../../../src/funding/decision.ts';
import type { ApplicationView } from '../../../src/funding/cofinancingService.ts';

export const SOURCE_LABEL: Record<FundingSource, string> = { 'state-1-1': 'Anslag 1:1 (statliga medel)', regional: 'Regionala medel' };

const COST_ROWS: Array<[CostCategory, string]> = [
  ['staff', 'Egen personal'],
  ['external-services', 'Externa tjänster'],
  ['travel', 'Resor och logi'],
  ['indirect', 'Indirekta kostnader'],
  ['investments', 'Investeringar'],
  ['other', 'Övriga kostnader'],
];

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

interface FinancingLine {
  label: string;
  kind: 'public' | 'private';
  amount: string;
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
  const [year, setYear] = useState('');
  const [costs, setCosts] = useState<Record<CostCategory, string>>({ staff: '', 'external-services': '', travel: '', indirect: '', investments: '', other: '' });
  const [financing, setFinancing] = useState<FinancingLine[]>([
    { label: 'Region Örebro län', kind: 'public', amount: '' },
    { label: '', kind: 'public', amount: '' },
    { label: '', kind: 'private', amount: '' },
  ]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [errorCode, setErrorCode] = useState<string | null>(null);

  const setLine = (i: number, patch: Partial<FinancingLine>) => setFinancing((rows) => rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const budgetYear = year.trim() || start.slice(0, 4);

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
    if (!/^\d{4}$/.test(budgetYear)) return fail('Ange budgetåret med fyra siffror, till exempel 2021.', 'year');
    const costRows: ProjectBudget['costs'] = [];
    for (const [category, label] of COST_ROWS) {
      const a = readAmount(costs[category], label);
      if (a.error) return fail(a.error, 'budget');
      if (a.ore !== null) costRows.push({ category, label, values: [a.ore], statedTotalOre: null });
    }
    const financingRows: ProjectBudget['financing'] = [];
    for (const [i, line] of financing.entries()) {
      const a = readAmount(line.amount, line.label.trim() || `Finansiär ${i + 1}`);
      if (a.error) return fail(a.error, 'budget');
      if (a.ore === null) continue;
      if (!line.label.trim()) return fail(`Ange finansiärens namn på rad ${i + 1} i finansieringsbudgeten.`, 'budget');
      financingRows.push({ kind: line.kind, label: line.label.trim(), values: [a.ore], statedTotalOre: null, ...(i === 0 ? { region: true } : {}) });
    }
    const sum = (rows: BudgetRow[]) => rows.reduce((s, x) => s + (x.values[0] ?? 0), 0);
    setBusy(true);
    try {
      const created = await send<ApplicationView>(
        'POST',
        cofinancingPaths.list(),
        {
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
          budget: {
            years: [Number(budgetYear)],
            totalColumn: false,
            costs: costRows,
            costSums: { perYear: [sum(costRows)], total: null },
            financing: financingRows,
            financingSums: { perYear: [sum(financingRows)], total: null },
          },
        },
        cofinancingPaths.list(),
      );
      navigate(`/medfinansiering/${created.id}`);
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
      <p className="hint">Ett nytt ärende "Medfinansiering av …" registreras i diariet. Budgeten kontrolleras när ansökan sparas.</p>
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
          <label htmlFor={`${ids}-project`}>Projektnamn</label>
          <input id={`${ids}-project`} value={projectName} onChange={(e) => setProjectName(e.target.value)} required />
        </div>
        <div className="field-row">
          <div className="field">
            <label htmlFor={`${ids}-start`}>Projektperiod från</label>
            <input id={`${ids}-start`} type="date" value={start} onChange={(e) => setStart(e.target.value)} required />
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
        <legend>Budget</legend>
        <div className="field">
          <label htmlFor={`${ids}-year`}>Budgetår</label>
          <input
            id={`${ids}-year`}
            className="input-short"
            inputMode="numeric"
            value={year}
            placeholder={start.slice(0, 4)}
            onChange={(e) => setYear(e.target.value)}
            aria-invalid={invalid('year')}
            aria-describedby={describedBy('year', `${ids}-year-hint`)}
          />
          <p className="field-hint" id={`${ids}-year-hint`}>
            Lämna tomt för projektets startår.
          </p>
        </div>
        <div className="table-wrap">
          <table className="table budget-entry">
            <caption>Kostnadsbudget {budgetYear}</caption>
            <thead>
              <tr>
                <th scope="col">Kostnadsslag</th>
                <th scope="col" className="num">
                  Belopp (kr)
                </th>
              </tr>
            </thead>
            <tbody>
              {COST_ROWS.map(([category, label]) => (
                <tr key={category}>
                  <th scope="row">
                    <label htmlFor={`${ids}-cost-${category}`}>{label}</label>
                  </th>
                  <td className="num">
                    <input
                      id={`${ids}-cost-${category}`}
                      inputMode="numeric"
                      value={costs[category]}
                      onChange={(e) => setCosts((c) => ({ ...c, [category]: e.target.value }))}
                      aria-invalid={invalid('budget')}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div className="table-wrap">
          <table className="table budget-entry">
            <caption>Finansieringsbudget {budgetYear}</caption>
            <thead>
              <tr>
                <th scope="col">Finansiär</th>
                <th scope="col">Slag</th>
                <th scope="col" className="num">
                  Belopp (kr)
                </th>
              </tr>
            </thead>
            <tbody>
              {financing.map((line, i) => (
                <tr key={i}>
                  <td>
                    <label className="visually-hidden" htmlFor={`${ids}-fin-${i}-label`}>
                      Finansiär {i + 1}
                    </label>
                    <input id={`${ids}-fin-${i}-label`} value={line.label} readOnly={i === 0} onChange={(e) => setLine(i, { label: e.target.value })} />
                  </td>
                  <td>
                    <label className="visually-hidden" htmlFor={`${ids}-fin-${i}-kind`}>
                      Slag av finansiär {i + 1}
                    </label>
                    <select id={`${ids}-fin-${i}-kind`} value={line.kind} disabled={i === 0} onChange={(e) => setLine(i, { kind: e.target.value as FinancingLine['kind'] })}>
                      <option value="public">Offentlig</option>
                      <option value="private">Privat</option>
                    </select>
                  </td>
                  <td className="num">
                    <label className="visually-hidden" htmlFor={`${ids}-fin-${i}-amount`}>
                      Belopp från {line.label.trim() || `finansiär ${i + 1}`}
                    </label>
                    <input id={`${ids}-fin-${i}-amount`} inputMode="numeric" value={line.amount} onChange={(e) => setLine(i, { amount: e.target.value })} aria-invalid={invalid('budget')} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {financing.length < 10 && (
          <button type="button" className="button button-secondary button-small" onClick={() => setFinancing((rows) => [...rows, { label: '', kind: 'public', amount: '' }])}>
            Lägg till en finansiär
          </button>
        )}
      </fieldset>

      <button type="submit" className="button" disabled={busy}>
        Registrera ansökan
      </button>
      {error && (
        <p className="alert alert-error" role="alert" id={`${ids}-error`}>
          {error}
        </p>
      )}
    </form>
  );
}

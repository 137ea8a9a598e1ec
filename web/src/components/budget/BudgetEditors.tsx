/**
 * Editing a budget in the browser (issue 17.6): the areas and the grants of a
 * draft, and a follow-up's result report (with the budget for the period),
 * operating statement (with the full-year budget and forecast per area) and
 * investments. Amounts are typed in Swedish ("474 529", "474 529 kr",
 * "1,5 mnkr") and parsed to öre with kernel/kronor.ts; every save sends the
 * version it started from, so a change made by someone else meanwhile is
 * refused with the server's Swedish message, and nothing is half-saved.
 */
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { formatKronor, parseKronor } from '../../../../src/kernel/kronor.ts';
import { STATEMENT_LINES, type AreaInput, type AssociationInput, type InvestmentInput, type OperationsInput, type StatementColumn } from '../../../../src/budget/model.ts';
import type { BudgetReportView, BudgetView } from '../../../../src/budget/service.ts';
import { send } from '../../api.ts';
import { errorText } from '../minutes/shared.ts';

/** öre → the field's text in kronor ("474 529"); null → "". */
export const moneyText = (ore: number | null | undefined): string => (ore === null || ore === undefined ? '' : formatKronor(ore, 'kr').replace(/\u00a0kr$/, '').replace('\u2212', '-'));

/** The field's text → öre; "" → null when allowed. Throws an Error with a Swedish message naming the field. */
export function readMoney(text: string, label: string, { nullable = false, signed = true } = {}): number | null {
  const t = text.trim();
  if (t === '') {
    if (nullable) return null;
    throw new Error(`${label}: ange ett belopp (0 om inget).`);
  }
  let ore: number;
  try {
    ore = parseKronor(t);
  } catch (e) {
    throw new Error(`${label}: ${(e as Error).message}`);
  }
  if (!signed && ore < 0) throw new Error(`${label}: beloppet får inte vara negativt.`);
  return ore;
}

function Problem({ error }: { error: string | null }) {
  return error ? (
    <div className="alert alert-error" role="alert">
      <p>{error}</p>
    </div>
  ) : null;
}

function useSave(onSaved: () => void) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const run = async (work: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      await work();
      setSaved(true);
      onSaved();
    } catch (e) {
      setError(e instanceof Error && e.constructor === Error ? e.message : errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return { error, busy, saved, run };
}

const Cell = ({ label, value, onChange, wide }: { label: string; value: string; onChange: (v: string) => void; wide?: boolean }) => (
  <td>
    <input className={wide ? 'input' : 'input num'} aria-label={label} value={value} onChange={(e) => onChange(e.target.value)} size={wide ? 28 : 12} />
  </td>
);

function Editor({ title, children, onSubmit, busy, error, saved, submit }: { title: string; children: ReactNode; onSubmit: () => void; busy: boolean; error: string | null; saved: boolean; submit: string }) {
  const id = useId();
  return (
    <details className="panel">
      <summary id={`${id}-h`}>{title}</summary>
      <form
        aria-labelledby={`${id}-h`}
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          onSubmit();
        }}
      >
        <p className="hint">Belopp i kronor, till exempel 474 529 eller 474 529 kr (1,5 mnkr går också). Kostnader och underskott skrivs med minustecken.</p>
        {children}
        <button type="submit" className="button" disabled={busy}>
          {submit}
        </button>
        {saved && !error && <p role="status">Sparat.</p>}
        <Problem error={error} />
      </form>
    </details>
  );
}

// ───────────── areas and grants of a draft ─────────────

const AREA_FIELDS = [
  ['wageCostOre', 'lönekostnad'],
  ['poCostOre', 'PO'],
  ['otherCostOre', 'övriga kostnader'],
  ['incomeOre', 'egna intäkter'],
  ['adjustmentOre', 'justering'],
] as const;

export function AreasEditor({ b, path, onSaved }: { b: BudgetView; path: string; onSaved: () => void }) {
  const [areas, setAreas] = useState(() => b.areas.map((a) => ({ ...a, isNew: false, text: Object.fromEntries(AREA_FIELDS.map(([k]) => [k, moneyText(a[k])])) as Record<string, string>, fte: String(a.fteHundredths / 100).replace('.', ','), hours: String(a.projectHours) })));
  const [grants, setGrants] = useState(() => b.associations.map((a) => ({ ...a, isNew: false, text: moneyText(a.grantOre) })));
  const addArea = () => setAreas((xs) => [...xs, { name: '', isNew: true, note: null, wageCostOre: 0, poCostOre: 0, otherCostOre: 0, incomeOre: 0, adjustmentOre: 0, fteHundredths: 0, projectHours: 0, text: Object.fromEntries(AREA_FIELDS.map(([k]) => [k, '0'])), fte: '0', hours: '0' }]);
  const addGrant = () => setGrants((xs) => [...xs, { name: '', isNew: true, kind: 'förening' as const, area: null, grantOre: 0, upliftBp: null, text: '' }]);
  const s = useSave(onSaved);
  const save = () =>
    s.run(async () => {
      const out: AreaInput[] = areas.map((a, i) => {
        const name = a.name.trim();
        if (!name) throw new Error(`Område ${i + 1}: ange områdets namn.`);
        const fte = /^\d+(?:,\d{1,2})?$/.exec(a.fte.trim());
        if (!fte) throw new Error(`${name}: årsarbetare skrivs som ett tal med högst två decimaler, till exempel 12,5.`);
        const [w, f = ''] = a.fte.trim().split(',');
        if (!/^\d+$/.test(a.hours.trim())) throw new Error(`${name}: projektfinansierade timmar ska vara ett helt antal.`);
        const money = Object.fromEntries(AREA_FIELDS.map(([k, l]) => [k, readMoney(a.text[k]!, `${name}, ${l}`, { signed: k === 'adjustmentOre' })])) as Record<(typeof AREA_FIELDS)[number][0], number>;
        return { name, ...money, fteHundredths: Number(w) * 100 + Number(f.padEnd(2, '0')), projectHours: Number(a.hours.trim()), note: a.note ?? null };
      });
      const assoc: AssociationInput[] = grants.map((g, i) => {
        if (!g.name.trim()) throw new Error(`Bidrag ${i + 1}: ange föreningens eller stiftelsens namn.`);
        return { name: g.name.trim(), kind: g.kind, area: g.area, upliftBp: g.upliftBp, grantOre: readMoney(g.text, `${g.name.trim()}, bidrag`, { signed: false })! };
      });
      await send('PUT', `${path}/areas`, { areas: out, associations: assoc, version: b.version }, path);
    });
  return (
    <Editor title="Ändra områdenas underlag och bidragen" onSubmit={() => void save()} submit="Spara områden och bidrag" {...s}>
      <div className="table-wrap" tabIndex={0} role="region" aria-label="Områdenas underlag">
        <table className="table">
          <caption>Områden (föregående års nivå)</caption>
          <thead>
            <tr>
              <th scope="col">Område</th>
              {AREA_FIELDS.map(([k, l]) => (
                <th key={k} scope="col">{l[0]!.toUpperCase() + l.slice(1)}</th>
              ))}
              <th scope="col">Årsarbetare</th>
              <th scope="col">Projekttimmar</th>
              <th scope="col">
                <span className="visually-hidden">Ta bort</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {areas.map((a, i) => {
              const set = (patch: Partial<(typeof areas)[number]>) => setAreas((xs) => xs.map((x, j) => (j === i ? { ...x, ...patch } : x)));
              return (
                <tr key={i}>
                  {a.isNew ? <Cell wide label={`Nytt område ${i + 1}, namn`} value={a.name} onChange={(v) => set({ name: v })} /> : <th scope="row">{a.name}</th>}
                  {AREA_FIELDS.map(([k, l]) => (
                    <Cell key={k} label={`${a.name || `Område ${i + 1}`}, ${l}`} value={a.text[k]!} onChange={(v) => set({ text: { ...a.text, [k]: v } })} />
                  ))}
                  <Cell label={`${a.name || `Område ${i + 1}`}, årsarbetare`} value={a.fte} onChange={(v) => set({ fte: v })} />
                  <Cell label={`${a.name || `Område ${i + 1}`}, projektfinansierade timmar`} value={a.hours} onChange={(v) => set({ hours: v })} />
                  <td>
                    <button type="button" className="button button-secondary" onClick={() => setAreas((xs) => xs.filter((_, j) => j !== i))}>
                      Ta bort {a.name || `område ${i + 1}`}
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <p>
        <button type="button" className="button button-secondary" onClick={addArea}>
          Lägg till område
        </button>
      </p>
      {grants.length > 0 && (
        <div className="table-wrap" tabIndex={0} role="region" aria-label="Bidrag till föreningar och stiftelser">
          <table className="table">
            <caption>Bidrag till föreningar och stiftelser (före uppräkning)</caption>
            <thead>
              <tr>
                <th scope="col">Förening eller stiftelse</th>
                <th scope="col">Område</th>
                <th scope="col">Bidrag</th>
                <th scope="col">
                  <span className="visually-hidden">Ta bort</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {grants.map((g, i) => {
                const set = (patch: Partial<(typeof grants)[number]>) => setGrants((xs) => xs.map((x, j) => (j === i ? { ...x, ...patch } : x)));
                const label = g.name || `Bidrag ${i + 1}`;
                return (
                  <tr key={i}>
                    {g.isNew ? <Cell wide label={`Nytt bidrag ${i + 1}, mottagare`} value={g.name} onChange={(v) => set({ name: v })} /> : <th scope="row">{g.name}</th>}
                    <td>
                      <select aria-label={`${label}, område`} value={g.area ?? ''} onChange={(e) => set({ area: e.target.value || null })}>
                        <option value="">Inget område</option>
                        {areas.filter((a) => a.name.trim()).map((a) => (
                          <option key={a.name} value={a.name.trim()}>
                            {a.name.trim()}
                          </option>
                        ))}
                      </select>
                      {g.isNew && (
                        <select aria-label={`${label}, slag`} value={g.kind} onChange={(e) => set({ kind: e.target.value as 'förening' | 'stiftelse' })}>
                          <option value="förening">Förening</option>
                          <option value="stiftelse">Stiftelse</option>
                        </select>
                      )}
                    </td>
                    <Cell label={`${label}, bidrag`} value={g.text} onChange={(v) => set({ text: v })} />
                    <td>
                      <button type="button" className="button button-secondary" onClick={() => setGrants((xs) => xs.filter((_, j) => j !== i))}>
                        Ta bort {label}
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <p>
        <button type="button" className="button button-secondary" onClick={addGrant}>
          Lägg till bidrag
        </button>
      </p>
    </Editor>
  );
}

// ───────────── a follow-up report ─────────────

const LINE_COLUMNS: ReadonlyArray<[StatementColumn, string]> = [
  ['outcomePeriod', 'utfall perioden'],
  ['budgetPeriod', 'budget perioden'],
  ['outcomePeriodPrev', 'utfall perioden föregående år'],
  ['forecast', 'prognos helår'],
  ['budget', 'budget helår'],
  ['outcomePrevYear', 'utfall föregående år'],
];
const AREA_COLUMNS: ReadonlyArray<[keyof OperationsInput, string, boolean]> = [
  ['budgetPeriodOre', 'budget perioden', false],
  ['outcomePeriodOre', 'utfall perioden', false],
  ['turnoverPeriodOre', 'omsättning perioden', false],
  ['budgetYearOre', 'budget helår', true],
  ['forecastOre', 'prognos helår', true],
];
const INVESTMENT_COLUMNS: ReadonlyArray<[keyof Omit<InvestmentInput, 'name'>, string]> = [
  ['outcomePeriodOre', 'utfall perioden'],
  ['forecastOre', 'prognos'],
  ['budgetOre', 'budget'],
  ['outcomePrevYearOre', 'utfall föregående år'],
];
const cap = (s: string) => s[0]!.toUpperCase() + s.slice(1);

export function ReportEditor({ r, path, onSaved }: { r: BudgetReportView; path: string; onSaved: () => void }) {
  const [lines, setLines] = useState(() => Object.fromEntries(STATEMENT_LINES.map((l) => [l.key, Object.fromEntries(LINE_COLUMNS.map(([c]) => [c, moneyText(r.statement[l.key][c])]))])) as Record<string, Record<string, string>>);
  const [areas, setAreas] = useState(() => r.operations.map((o) => ({ o, text: Object.fromEntries(AREA_COLUMNS.map(([k]) => [k, moneyText(o[k] as number | null | undefined)])) as Record<string, string> })));
  const [inv, setInv] = useState(() => r.investments.map((x) => ({ name: x.name, text: Object.fromEntries(INVESTMENT_COLUMNS.map(([k]) => [k, moneyText(x[k])])) as Record<string, string> })));
  const s = useSave(onSaved);
  const save = () =>
    s.run(async () => {
      const statement = Object.fromEntries(
        STATEMENT_LINES.map((l) => [l.key, Object.fromEntries(LINE_COLUMNS.map(([c, label]) => [c, readMoney(lines[l.key]![c]!, `${l.label}, ${label}`, { nullable: true })]))]),
      );
      const operations = areas.map(({ o, text }) => ({
        ...o,
        ...Object.fromEntries(AREA_COLUMNS.map(([k, label, nullable]) => [k, readMoney(text[k]!, `${o.name}, ${label}`, { nullable, signed: k !== 'turnoverPeriodOre' })])),
      }));
      const investments = inv.map((x, i) => {
        const name = x.name.trim();
        if (!name) throw new Error(`Investeringsrad ${i + 1}: ange en benämning.`);
        return { name, ...Object.fromEntries(INVESTMENT_COLUMNS.map(([k, label]) => [k, readMoney(x.text[k]!, `${name}, ${label}`, { nullable: true })])) };
      });
      await send('PUT', `${path}/report`, { periodLabel: r.periodLabel, periodEnd: r.periodEnd, statement, operations, investments, version: r.version }, path);
    });
  return (
    <Editor title={`Ändra uppföljningen ${r.periodLabel}`} onSubmit={() => void save()} submit="Spara uppföljningen" {...s}>
      <div className="table-wrap" tabIndex={0} role="region" aria-label="Resultatrapportens rader">
        <table className="table">
          <caption>Resultatrapportens rader (summorna räknas fram)</caption>
          <thead>
            <tr>
              <th scope="col">Rad</th>
              {LINE_COLUMNS.map(([c, label]) => (
                <th key={c} scope="col">{cap(label)}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {STATEMENT_LINES.map((l) => (
              <tr key={l.key}>
                <th scope="row">{l.label}</th>
                {LINE_COLUMNS.map(([c, label]) => (
                  <Cell key={c} label={`${l.label}, ${label}`} value={lines[l.key]![c]!} onChange={(v) => setLines((x) => ({ ...x, [l.key]: { ...x[l.key]!, [c]: v } }))} />
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {areas.length > 0 && (
        <div className="table-wrap" tabIndex={0} role="region" aria-label="Driftredovisningens områden">
          <table className="table">
            <caption>Driftredovisning: nettoresultat per område</caption>
            <thead>
              <tr>
                <th scope="col">Område</th>
                {AREA_COLUMNS.map(([k, label]) => (
                  <th key={k} scope="col">{cap(label)}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {areas.map(({ o, text }, i) => (
                <tr key={o.name}>
                  <th scope="row">{o.name}</th>
                  {AREA_COLUMNS.map(([k, label]) => (
                    <Cell key={k} label={`${o.name}, ${label}`} value={text[k]!} onChange={(v) => setAreas((xs) => xs.map((x, j) => (j === i ? { ...x, text: { ...x.text, [k]: v } } : x)))} />
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="table-wrap" tabIndex={0} role="region" aria-label="Investeringar">
        <table className="table">
          <caption>Investeringar (nettoinvesteringar; tom ruta = inget)</caption>
          <thead>
            <tr>
              <th scope="col">Benämning</th>
              {INVESTMENT_COLUMNS.map(([k, label]) => (
                <th key={k} scope="col">{cap(label)}</th>
              ))}
              <th scope="col">
                <span className="visually-hidden">Ta bort</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {inv.map((x, i) => {
              const name = x.name.trim() || `rad ${i + 1}`;
              return (
                <tr key={i}>
                  <Cell wide label={`Investering ${i + 1}, benämning`} value={x.name} onChange={(v) => setInv((xs) => xs.map((y, j) => (j === i ? { ...y, name: v } : y)))} />
                  {INVESTMENT_COLUMNS.map(([k, label]) => (
                    <Cell key={k} label={`${name}, ${label}`} value={x.text[k]!} onChange={(v) => setInv((xs) => xs.map((y, j) => (j === i ? { ...y, text: { ...y.text, [k]: v } } : y)))} />
                  ))}
                  <td>
                    <button type="button" className="button button-secondary" onClick={() => setInv((xs) => xs.filter((_, j) => j !== i))}>
                      Ta bort {name}
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <p>
        <button type="button" className="button button-secondary" onClick={() => setInv((xs) => [...xs, { name: '', text: Object.fromEntries(INVESTMENT_COLUMNS.map(([k]) => [k, ''])) }])}>
          Lägg till investeringsrad
        </button>
      </p>
    </Editor>
  );
}

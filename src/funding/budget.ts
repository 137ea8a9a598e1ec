/**
 * The cost and financing budget of an application ("Kostnads- och
 * finansieringsbudget") and the checks an official makes before proposing a
 * decision: every sum, full financing, the region's row against the amount
 * applied for, the flat rate for indirect costs. Pure; findings are Swedish.
 */
import { DomainError } from '../kernel/errors.ts';
import { formatKronor, type Ore } from '../kernel/kronor.ts';
import { FULL_RATE_BP, REGION, assertRateBp, rateText } from './decision.ts';

export type CostCategory = 'staff' | 'external-services' | 'travel' | 'indirect' | 'investments' | 'other';

/** The row headings the papers use. */
export const COST_CATEGORY_LABELS: Record<CostCategory, string> = {
  staff: 'Egen personal',
  'external-services': 'Externa tjänster',
  travel: 'Resor och logi',
  indirect: 'Indirekta kostnader',
  investments: 'Investeringar',
  other: 'Övriga kostnader',
};

/** A budget row: one value per year (null for a blank cell) and the stated "Totalt" (null when blank). */
export interface BudgetRow {
  label: string;
  values: Array<Ore | null>;
  statedTotalOre: Ore | null;
}

export interface CostRow extends BudgetRow {
  category: CostCategory;
}

export interface FinancingRow extends BudgetRow {
  kind: 'public' | 'private';
  /** This row is the region's own financing (by default: a label starting with "Region Örebro län"). */
  region?: boolean;
}

/** A stated sum row ("Summa bokförda kostnader", "Summa finansiering"). */
export interface StatedSums {
  perYear: Array<Ore | null>;
  total: Ore | null;
}

export interface ProjectBudget {
  years: number[];
  costs: CostRow[];
  costSums: StatedSums;
  financing: FinancingRow[];
  financingSums: StatedSums;
  /** Indirect costs as a flat rate of own staff costs ("schablon"), in basis points; checked when given. */
  indirectFlatRateBp?: number;
  /** False for a table without a "Totalt" column (a one-year budget, 20RS5938); row totals are then not checked. */
  totalColumn?: boolean;
}

export interface Application {
  applicant: string;
  projectName: string;
  /** What is asked of the region: the cap for a new decision, the added amount for an extension. */
  requestedOre: Ore;
  /** The rate asked for, when the application states one; checked against the budget. */
  rateBp?: number;
  budget: ProjectBudget;
}

export type FindingCode =
  | 'row-sum'
  | 'row-total-missing'
  | 'column-sum'
  | 'grand-total'
  | 'not-fully-financed'
  | 'year-not-balanced'
  | 'region-row-missing'
  | 'region-row-mismatch'
  | 'cap-above-rate'
  | 'indirect-flat-rate';

export interface Finding {
  code: FindingCode;
  /** 'error': the budget is inconsistent; 'warning': worth a question to the applicant. */
  severity: 'error' | 'warning';
  /** Which table: 'costs' (Bokförda kostnader) or 'financing' (Finansiär). */
  table?: 'costs' | 'financing';
  row?: string;
  year?: number;
  statedOre?: Ore;
  computedOre?: Ore;
  message: string;
}

const TABLE_NAME = { costs: 'kostnadsbudgeten', financing: 'finansieringsbudgeten' } as const;

function assertOre(v: Ore, where: string): Ore {
  if (!Number.isSafeInteger(v)) throw new DomainError('invalid-amount', `${where}: beloppet måste vara i hela ören.`);
  if (v < 0) throw new DomainError('invalid-amount', `${where}: beloppet kan inte vara negativt.`);
  return v;
}

function validateBudget(b: ProjectBudget): void {
  if (!b.years.length) throw new DomainError('budget-years-required', 'Budgeten saknar år.');
  if (new Set(b.years).size !== b.years.length) throw new DomainError('budget-years', 'Budgeten har samma år två gånger.');
  const n = b.years.length;
  const rows: Array<[string, BudgetRow]> = [
    ...b.costs.map((r): [string, BudgetRow] => ['Kostnadsbudgeten', r]),
    ...b.financing.map((r): [string, BudgetRow] => ['Finansieringsbudgeten', r]),
  ];
  for (const [table, r] of rows) {
    if (!r.label?.trim()) throw new DomainError('budget-label-required', `${table} har en rad utan rubrik.`);
    if (r.values.length !== n) {
      throw new DomainError('budget-shape', `${table}, raden "${r.label}": ${r.values.length} värden men budgeten har ${n} år.`);
    }
    r.values.forEach((v) => v !== null && assertOre(v, `${table}, raden "${r.label}"`));
    if (r.statedTotalOre !== null) {
      if (b.totalColumn === false) throw new DomainError('budget-shape', `${table}, raden "${r.label}": budgeten har ingen Totalt-kolumn men raden har en total.`);
      assertOre(r.statedTotalOre, `${table}, raden "${r.label}", Totalt`);
    }
  }
  for (const [table, s] of [['Kostnadsbudgeten', b.costSums], ['Finansieringsbudgeten', b.financingSums]] as const) {
    if (s.perYear.length !== n) throw new DomainError('budget-shape', `${table}: summaraden har ${s.perYear.length} värden men budgeten har ${n} år.`);
    s.perYear.forEach((v) => v !== null && assertOre(v, `${table}, summaraden`));
    if (s.total !== null) assertOre(s.total, `${table}, summaraden, Totalt`);
  }
  if (b.indirectFlatRateBp !== undefined) assertRateBp(b.indirectFlatRateBp);
}

const cell = (v: Ore | null): Ore => v ?? 0;
const rowSum = (r: BudgetRow): Ore => r.values.reduce<Ore>((s, v) => s + cell(v), 0);
const yearSum = (rows: BudgetRow[], i: number): Ore => rows.reduce<Ore>((s, r) => s + cell(r.values[i] ?? null), 0);
/** Messages are UI text: the kernel's form, with no-break spaces (U+00A0). */
const krText = (ore: Ore) => formatKronor(ore, 'kr');

function checkTable(findings: Finding[], table: 'costs' | 'financing', years: number[], rows: BudgetRow[], sums: StatedSums, totalColumn: boolean): void {
  const where = TABLE_NAME[table];
  for (const r of totalColumn ? rows : []) {
    const computed = rowSum(r);
    if (r.statedTotalOre === null) {
      if (computed !== 0) {
        findings.push({ code: 'row-total-missing', severity: 'error', table, row: r.label, computedOre: computed, message: `I ${where} saknar raden "${r.label}" totalsumma; åren summerar till ${krText(computed)}.` });
      }
    } else if (computed !== r.statedTotalOre) {
      findings.push({
        code: 'row-sum',
        severity: 'error',
        table,
        row: r.label,
        statedOre: r.statedTotalOre,
        computedOre: computed,
        message: `I ${where} summerar raden "${r.label}" till ${krText(computed)} men totalen anges till ${krText(r.statedTotalOre)} (skillnad ${krText(Math.abs(r.statedTotalOre - computed))}).`,
      });
    }
  }
  years.forEach((year, i) => {
    const computed = yearSum(rows, i);
    const stated = sums.perYear[i] ?? null;
    if (stated !== null && stated !== computed) {
      findings.push({ code: 'column-sum', severity: 'error', table, year, statedOre: stated, computedOre: computed, message: `I ${where} summerar år ${year} till ${krText(computed)} men summaraden anger ${krText(stated)}.` });
    }
  });
  // The grand total is checked against the cells. (The "Totalt" column's own sum need not be checked:
  // its difference from the grand total is always the sum of the row differences already reported.)
  const grand = rows.reduce<Ore>((s, r) => s + rowSum(r), 0);
  if (sums.total !== null && sums.total !== grand) {
    findings.push({ code: 'grand-total', severity: 'error', table, statedOre: sums.total, computedOre: grand, message: `I ${where} summerar alla år till ${krText(grand)} men totalsumman anges till ${krText(sums.total)}.` });
  }
}

const isRegionRow = (r: FinancingRow) => r.region ?? r.label.trim().startsWith(REGION);

/**
 * Checks an application's budget. Returns an empty list when every sum
 * agrees, the project is fully financed, the region's row equals the amount
 * asked for, and (when stated) the flat rate and the rate hold. Sums are
 * computed from the year cells; a blank cell counts as 0.
 */
export function checkBudget(app: Application): Finding[] {
  const b = app.budget;
  validateBudget(b);
  assertOre(app.requestedOre, 'Sökt belopp');
  const findings: Finding[] = [];
  const totalColumn = b.totalColumn ?? true;
  checkTable(findings, 'costs', b.years, b.costs, b.costSums, totalColumn);
  checkTable(findings, 'financing', b.years, b.financing, b.financingSums, totalColumn);

  const costTotal = b.costs.reduce<Ore>((s, r) => s + rowSum(r), 0);
  const financingTotal = b.financing.reduce<Ore>((s, r) => s + rowSum(r), 0);
  if (costTotal !== financingTotal) {
    const gap = costTotal - financingTotal;
    findings.push({
      code: 'not-fully-financed',
      severity: 'error',
      statedOre: financingTotal,
      computedOre: costTotal,
      message:
        gap > 0
          ? `Projektets budget är inte fullt finansierad: kostnaderna är ${krText(costTotal)} och finansieringen ${krText(financingTotal)} (${krText(gap)} saknas).`
          : `Finansieringen (${krText(financingTotal)}) överstiger kostnaderna (${krText(costTotal)}) med ${krText(-gap)}.`,
    });
  } else {
    b.years.forEach((year, i) => {
      const c = yearSum(b.costs, i);
      const f = yearSum(b.financing, i);
      if (c !== f) {
        findings.push({ code: 'year-not-balanced', severity: 'warning', year, statedOre: f, computedOre: c, message: `År ${year} är kostnaderna ${krText(c)} men finansieringen ${krText(f)}.` });
      }
    });
  }

  const regionRows = b.financing.filter(isRegionRow);
  if (!regionRows.length) {
    findings.push({ code: 'region-row-missing', severity: 'error', table: 'financing', message: `Finansieringsbudgeten har ingen rad för ${REGION}.` });
  } else {
    const region = regionRows.reduce<Ore>((s, r) => s + rowSum(r), 0);
    if (region !== app.requestedOre) {
      findings.push({
        code: 'region-row-mismatch',
        severity: 'error',
        table: 'financing',
        row: regionRows.map((r) => r.label).join(', '),
        statedOre: app.requestedOre,
        computedOre: region,
        message: `${REGION} finansierar ${krText(region)} enligt finansieringsbudgeten men ansökan gäller ${krText(app.requestedOre)}.`,
      });
    }
  }

  if (app.rateBp !== undefined) {
    assertRateBp(app.rateBp);
    // rate × costs ≥ cap, compared exactly in integers: cap × 10 000 ≤ rate × costs.
    if (BigInt(app.requestedOre) * BigInt(FULL_RATE_BP) > BigInt(app.rateBp) * BigInt(costTotal)) {
      findings.push({
        code: 'cap-above-rate',
        severity: 'warning',
        statedOre: app.requestedOre,
        computedOre: Number((BigInt(app.rateBp) * BigInt(costTotal)) / BigInt(FULL_RATE_BP)),
        message: `Taket ${krText(app.requestedOre)} är mer än ${rateText(app.rateBp)} procent av de budgeterade kostnaderna (${krText(costTotal)}); taket kan inte nås med den budgeten.`,
      });
    }
  }

  if (b.indirectFlatRateBp !== undefined) {
    const rate = b.indirectFlatRateBp;
    const staff = b.costs.filter((r) => r.category === 'staff');
    const indirect = b.costs.filter((r) => r.category === 'indirect');
    const check = (label: string, staffOre: Ore, indirectOre: Ore, year?: number) => {
      // Exact value staff × rate / 10 000; the budget may round it to whole kronor either way (less than 1 kr off).
      const exact10k = BigInt(staffOre) * BigInt(rate);
      const diff = BigInt(indirectOre) * BigInt(FULL_RATE_BP) - exact10k;
      if ((diff < 0n ? -diff : diff) >= 100n * BigInt(FULL_RATE_BP)) {
        const expected = Number(exact10k / BigInt(FULL_RATE_BP));
        findings.push({
          code: 'indirect-flat-rate',
          severity: 'error',
          table: 'costs',
          row: COST_CATEGORY_LABELS.indirect,
          ...(year !== undefined ? { year } : {}),
          statedOre: indirectOre,
          computedOre: expected,
          message: `Indirekta kostnader ${label} är ${krText(indirectOre)} men ${rateText(rate)} procent av egen personal (${krText(staffOre)}) är ${krText(expected)}.`,
        });
      }
    };
    b.years.forEach((year, i) => check(`år ${year}`, yearSum(staff, i), yearSum(indirect, i), year));
    check('totalt', staff.reduce<Ore>((s, r) => s + rowSum(r), 0), indirect.reduce<Ore>((s, r) => s + rowSum(r), 0));
  }
  return findings;
}

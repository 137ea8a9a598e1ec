import { describe, expect, it } from 'vitest';
import { DomainError } from '../kernel/errors.ts';
import { checkBudget, type Application, type CostCategory, type CostRow, type FinancingRow, type ProjectBudget } from './budget.ts';
import { kr } from './fixtures.ts';

/** The kernel's money form in messages: no-break spaces in digit groups and before the unit. */
const nb = (s: string) => s.replace(/(\d) (?=\d{3}(?!\d))/g, '$1\u00a0').replace(/(\d) (kr|kronor)\b/g, '$1\u00a0$2');

// Table cells in whole kronor as printed; null is a blank cell.
type Cells = Array<number | null>;
const ore = (cells: Cells) => cells.map((v) => (v === null ? null : kr(v)));
const cost = (category: CostCategory, label: string, values: Cells, total: number | null): CostRow => ({ category, label, values: ore(values), statedTotalOre: total === null ? null : kr(total) });
const fin = (kind: 'public' | 'private', label: string, values: Cells, total: number | null): FinancingRow => ({ kind, label, values: ore(values), statedTotalOre: total === null ? null : kr(total) });
const sums = (perYear: Cells, total: number | null) => ({ perYear: ore(perYear), total: total === null ? null : kr(total) });

/**
 * Seed 000, project description "Smart tillväxt 2021 - 2023" (dnr 20RS3419),
 * "Kostnads- och finansieringsbudget", lines 3195–3213, transcribed cell by cell.
 * Line 3212 reads "Intäkter från företag 620 500 620 500  1 277 400": three
 * numbers for four columns, the 2023 cell blank (the 2023 column sums to its
 * stated 1 523 200 only with it blank).
 */
const smartBudget = (): ProjectBudget => ({
  years: [2021, 2022, 2023],
  costs: [
    cost('staff', 'Egen personal', [4_864_088, 4_864_088, 1_037_014], 10_765_190), // line 3196
    cost('external-services', 'Externa tjänster', [1_428_000, 1_428_000, 302_600], 3_158_600), // line 3197
    cost('travel', 'Resor och logi', [147_199, 147_199, 28_034], 322_432), // line 3198
    cost('indirect', 'Indirekta kostnader (Schablonkostnader)', [729_613, 729_613, 155_552], 1_614_778), // lines 3199–3202
  ],
  costSums: sums([7_168_900, 7_168_900, 1_523_200], 15_861_000), // line 3204
  financing: [
    fin('public', 'Region Örebro län 1:1', [852_500, 852_500, 207_400], 1_912_400), // line 3207
    fin('public', 'Region Västmanland', [852_500, 852_500, 207_400], 1_912_400), // line 3208
    fin('public', 'Tillväxtverket ERUF', [3_138_200, 3_138_200, 693_600], 6_970_000), // line 3209
    fin('public', 'Almi Mälardalen', [1_705_200, 1_705_200, 414_800], 3_825_200), // line 3210
    fin('private', 'Intäkter från företag', [620_500, 620_500, null], 1_277_400), // line 3212
  ],
  financingSums: sums([7_168_900, 7_168_900, 1_523_200], 15_861_000), // line 3213
  indirectFlatRateBp: 1500, // "(Schablonkostnader)": 15 % of own staff, e.g. 4 864 088 × 15 % = 729 613,20
});

const smart = (budget = smartBudget()): Application => ({
  applicant: 'Almi Företagspartner Mälardalen AB',
  projectName: 'Smart tillväxt 2021 – 2023',
  requestedOre: kr(1_912_400),
  rateBp: 1300,
  budget,
});

describe('checkBudget: Smart tillväxt 2021 – 2023 (seed 000)', () => {
  it('finds exactly one discrepancy: "Intäkter från företag" sums to 1 241 000, stated 1 277 400', () => {
    const findings = checkBudget(smart());
    expect(findings).toEqual([
      {
        code: 'row-sum',
        severity: 'error',
        table: 'financing',
        row: 'Intäkter från företag',
        statedOre: kr(1_277_400),
        computedOre: kr(1_241_000),
        message: nb('I finansieringsbudgeten summerar raden "Intäkter från företag" till 1 241 000 kr men totalen anges till 1 277 400 kr (skillnad 36 400 kr).'),
      },
    ]);
  });

  it('with the row total corrected, nothing else is reported', () => {
    const b = smartBudget();
    b.financing[4]!.statedTotalOre = kr(1_241_000);
    expect(checkBudget(smart(b))).toEqual([]);
  });

  it('filling the blank 2023 cell with the missing 36 400 would break the column and the financing instead', () => {
    const b = smartBudget();
    b.financing[4]!.values[2] = kr(36_400);
    const codes = checkBudget(smart(b)).map((f) => [f.code, f.table ?? null, f.year ?? null]);
    expect(codes).toEqual([
      ['column-sum', 'financing', 2023],
      ['grand-total', 'financing', null],
      ['not-fully-financed', null, null],
    ]);
  });

  it('flags a region row that differs from the amount applied for', () => {
    const f = checkBudget({ ...smart(), requestedOre: kr(2_000_000) }).filter((x) => x.code === 'region-row-mismatch');
    expect(f).toHaveLength(1);
    expect(f[0]!.message).toBe(nb('Region Örebro län finansierar 1 912 400 kr enligt finansieringsbudgeten men ansökan gäller 2 000 000 kr.'));
  });

  it('checks the flat rate for indirect costs (15 % of own staff, whole kronor either way)', () => {
    const b = smartBudget();
    b.costs[3]!.values[0] = kr(729_614); // 729 613,20 rounded up: still within 1 kr
    b.costs[3]!.statedTotalOre = kr(1_614_779);
    b.costSums.perYear[0] = kr(7_168_901);
    b.costSums.total = kr(15_861_001);
    expect(checkBudget(smart(b)).filter((f) => f.code === 'indirect-flat-rate')).toEqual([]);
    const wrong = smartBudget();
    wrong.indirectFlatRateBp = 2000;
    const f = checkBudget(smart(wrong)).filter((x) => x.code === 'indirect-flat-rate');
    expect(f.map((x) => x.year ?? 'totalt')).toEqual([2021, 2022, 2023, 'totalt']);
    expect(f[0]!.message).toBe(nb('Indirekta kostnader år 2021 är 729 613 kr men 20 procent av egen personal (4 864 088 kr) är 972 817,60 kr.'));
  });
});

/** Seed 000, "Vägar till hållbar utveckling i Örebro län" (dnr 20RS4642), lines 2819–2831. */
const vagar = (): Application => ({
  applicant: 'Region Örebro län',
  projectName: 'Vägar till hållbar utveckling i Örebro län',
  requestedOre: kr(474_529),
  rateBp: 1000,
  budget: {
    years: [2020, 2021, 2022],
    costs: [
      cost('staff', 'Egen personal inkl lönebikostnader', [577_672, 935_004, 612_853], 2_125_529), // line 2820
      cost('external-services', 'Externa tjänster', [570_000, 1_315_000, 840_000], 2_725_000), // line 2821
      cost('travel', 'Resor och logi', [50_000, 100_000, 74_000], 224_000), // line 2822
      cost('indirect', 'Indirekta kostnader', [35_000, 35_000, 30_000], 100_000), // line 2823
    ],
    costSums: sums([1_232_672, 2_385_004, 1_556_853], 5_174_529), // line 2824
    financing: [
      fin('public', 'Region Örebro län 1:1', [200_000, 200_000, 74_529], 474_529), // line 2829
      fin('public', 'Tillväxtverket', [1_032_672, 2_185_004, 1_482_324], 4_700_000), // line 2830
    ],
    financingSums: sums([1_232_672, 2_385_004, 1_556_853], 5_174_529), // line 2831
  },
});

/** Seed 000, TransMission extension (dnr 17RS1250), lines 3477–3493; the budget of the extension period only. */
const transmission = (): Application => ({
  applicant: 'Mälardalens högskola',
  projectName: 'TransMission',
  requestedOre: kr(2_300_000), // "ytterligare högst 2 300 000 kronor"
  budget: {
    years: [2020, 2021, 2022, 2023],
    costs: [
      cost('staff', 'Egen personal', [1_063_193, 2_596_374, 2_656_396, 540_554], 6_856_517), // line 3478
      cost('external-services', 'Externa tjänster', [689_500, 1_545_900, 1_086_650, 226_712], 3_548_762), // line 3479
      cost('travel', 'Resor och logi', [70_000, 170_000, 170_000, 40_000], 450_000), // line 3480
      cost('investments', 'Investeringar', [null, null, null, null], null), // line 3481, blank
      cost('indirect', 'Indirekta kostnader', [177_010, 432_261, 442_259, 93_191], 1_144_721), // line 3482
    ],
    costSums: sums([1_999_703, 4_744_535, 4_355_305, 900_457], 12_000_000), // line 3483
    financing: [
      fin('public', 'Region Örebro län', [675_000, 750_000, 750_000, 125_000], 2_300_000), // line 3488
      fin('public', 'Region Sörmland', [250_000, 500_000, 500_000, 100_000], 1_350_000), // line 3489
      fin('public', 'Eskilstuna kommun', [350_000, 400_000, 400_000, null], 1_150_000), // line 3490
      fin('public', 'Region Västmanland', [400_000, 400_000, 400_000, null], 1_200_000), // line 3491
      fin('public', 'ERUF', [324_703, 2_694_535, 2_305_305, 675_457], 6_000_000), // line 3492
    ],
    financingSums: sums([1_999_703, 4_744_535, 4_355_305, 900_457], 12_000_000), // line 3493
  },
});

describe('checkBudget: the other budgets in seed 000 are consistent', () => {
  it('Vägar till hållbar utveckling: no findings', () => {
    expect(checkBudget(vagar())).toEqual([]);
  });
  it('TransMission extension: no findings', () => {
    expect(checkBudget(transmission())).toEqual([]);
  });
  it('TransMission: 13 % of the extension budget (1 560 000 kr) is less than the 2 300 000 kr added, a warning', () => {
    const f = checkBudget({ ...transmission(), rateBp: 1300 });
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ code: 'cap-above-rate', severity: 'warning', computedOre: kr(1_560_000) });
  });
});

describe('checkBudget: the other rules', () => {
  it('reports an unfinanced budget with the gap', () => {
    const a = vagar();
    a.budget.financing[1]!.values[0] = kr(1_000_000);
    a.budget.financing[1]!.statedTotalOre = kr(4_667_328);
    a.budget.financingSums = sums([1_200_000, 2_385_004, 1_556_853], 5_141_857);
    const f = checkBudget(a);
    expect(f.map((x) => x.code)).toEqual(['not-fully-financed']);
    expect(f[0]!.message).toBe(nb('Projektets budget är inte fullt finansierad: kostnaderna är 5 174 529 kr och finansieringen 5 141 857 kr (32 672 kr saknas).'));
  });
  it('warns when the totals balance but a year does not', () => {
    const a = vagar();
    a.budget.financing[1]!.values = ore([1_000_000, 2_217_676, 1_482_324]);
    a.budget.financingSums = sums([1_200_000, 2_417_676, 1_556_853], 5_174_529);
    expect(checkBudget(a).map((x) => [x.code, x.severity, x.year])).toEqual([
      ['year-not-balanced', 'warning', 2020],
      ['year-not-balanced', 'warning', 2021],
    ]);
  });
  it('reports a column that does not add up and a missing row total', () => {
    const a = vagar();
    a.budget.costSums.perYear[1] = kr(2_385_000);
    a.budget.costs[2]!.statedTotalOre = null;
    expect(checkBudget(a).map((x) => x.message)).toEqual([
      nb('I kostnadsbudgeten saknar raden "Resor och logi" totalsumma; åren summerar till 224 000 kr.'),
      nb('I kostnadsbudgeten summerar år 2021 till 2 385 004 kr men summaraden anger 2 385 000 kr.'),
    ]);
  });
  it('reports a budget without the region', () => {
    const a = vagar();
    a.budget.financing[0]!.label = 'Regionen';
    expect(checkBudget(a).map((x) => x.code)).toEqual(['region-row-missing']);
  });
  it('refuses a malformed table', () => {
    const a = vagar();
    a.budget.costs[0]!.values = ore([1, 2]);
    expect(() => checkBudget(a)).toThrow(DomainError);
    const b = vagar();
    b.budget.costs[0]!.values[0] = 1.5;
    expect(() => checkBudget(b)).toThrow(/hela ören/);
    const c = vagar();
    c.budget.years = [];
    expect(() => checkBudget(c)).toThrow(/saknar år/);
  });
});

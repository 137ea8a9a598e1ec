import { describe, expect, it } from 'vitest';
import { reportLines } from '../delegation/model.ts';
import { checkBudget, type Application, type CostCategory, type CostRow, type FinancingRow } from './budget.ts';
import { standardConditions } from './decision.ts';
import { asReportedDecision, decisionLetter, type DelegatedCoFinancing } from './delegated.ts';
import { effectiveRate, payable } from './payout.ts';
import { SEED_000, kr, seedText } from './fixtures.ts';

const signatories = [
  { name: 'Petter Arneback', title: 'Regional utvecklingsdirektör' },
  { name: 'Eva Getzman', title: 'Enhetschef' },
];

type Cells = Array<number | null>;
const ore = (cells: Cells) => cells.map((v) => (v === null ? null : kr(v)));
const cost = (category: CostCategory, label: string, values: Cells, total: number | null): CostRow => ({ category, label, values: ore(values), statedTotalOre: total === null ? null : kr(total) });
const fin = (label: string, values: Cells, total: number | null): FinancingRow => ({ kind: 'public', label, values: ore(values), statedTotalOre: total === null ? null : kr(total) });

/** Seed 000, letter 20RS5938 (lines 3742–4030): Almi, RES 2020 Örebro och Västmanland. */
const RES: DelegatedCoFinancing = {
  caseNumber: '20RS5938',
  decidedOn: '2020-06-15',
  officer: 'Lena Kihl',
  appliedForOre: kr(360_000),
  decision: {
    applicant: { name: 'Almi Företagspartner Mälardalen AB', address: ['Köpmangatan 23-25', '702 23 Örebro'] },
    projectName: 'RES 2020 Örebro och Västmanland',
    rateBp: 2500,
    capOre: kr(360_000),
    period: { start: '2020-03-17', end: '2020-11-30' },
    fundingSource: 'state-1-1',
    conditions: standardConditions({ form: 'letter' }),
  },
  signatories,
  // Lines 4007–4019: one year, no "Totalt" column; cost and financing tables side by side.
  budget: {
    years: [2020],
    totalColumn: false,
    costs: [
      cost('staff', 'Egen personal', [738_722], null), // line 4011
      cost('external-services', 'Externa tjänster', [580_470], null), // line 4013
      cost('travel', 'Resor och logi', [10_000], null), // line 4015
      cost('indirect', 'Indirekta kostnader (schablon)', [110_808], null), // line 4017
    ],
    costSums: { perYear: ore([1_440_000]), total: null }, // line 4019
    financing: [
      fin('Region Örebro län 1:1', [360_000], null), // line 4011
      fin('Region Västmanland 1:1', [360_000], null), // line 4013
      fin('Tillväxtverket', [720_000], null), // line 4015
    ],
    financingSums: { perYear: ore([1_440_000]), total: null }, // line 4019
    indirectFlatRateBp: 1500, // 738 722 × 15 % = 110 808,30
  },
};

/** Seed 000, letter 20RS6187 (lines 4047–4373): Inkubera, Förutsättningar för Ängelinvestbolag … */
const INKUBERA: DelegatedCoFinancing = {
  caseNumber: '20RS6187',
  decidedOn: '2020-06-15',
  officer: 'Lena Kihl',
  appliedForOre: kr(200_000),
  decision: {
    applicant: { name: 'Inkubera i Örebro AB', address: ['Stenbackevägen 6', '702 25 Örebro'] },
    projectName: 'Förutsättningar för Ängelinvestbolag i Örebro län och samarbete med Saminvest',
    rateBp: 4500,
    capOre: kr(200_000),
    period: { start: '2020-09-01', end: '2021-06-30' },
    fundingSource: 'state-1-1',
    conditions: standardConditions({ form: 'letter' }),
  },
  signatories,
  // Lines 4338–4360.
  budget: {
    years: [2020, 2021],
    costs: [
      cost('staff', 'Egen personal', [104_960, 131_200], 236_160), // line 4340
      cost('external-services', 'Externa tjänster', [99_500, 99_500], 199_000), // line 4342
      cost('travel', 'Resor och logi', [5_000, 9_840], 14_840), // line 4344
    ],
    costSums: { perYear: ore([209_460, 240_540]), total: kr(450_000) }, // line 4346
    financing: [
      fin('Region Örebro län 1:1', [95_000, 105_000], 200_000), // line 4354
      fin('Örebro kommun', [75_000, 75_000], 150_000), // line 4356
      fin('Inkubera', [39_460, 60_540], 100_000), // line 4358
    ],
    financingSums: { perYear: ore([209_460, 240_540]), total: kr(450_000) }, // line 4360
  },
};

const letterText = (d: DelegatedCoFinancing) => {
  const l = decisionLetter(d);
  return [...l.decision, ...l.fundingSplit, l.conditionsHeading, ...l.conditions].join(' ');
};
const application = (d: DelegatedCoFinancing): Application => ({
  applicant: d.decision.applicant.name,
  projectName: d.decision.projectName,
  requestedOre: d.decision.capOre,
  rateBp: d.decision.rateBp,
  budget: d.budget!,
});

describe('delegated decision 20RS6187, Inkubera (seed 000)', () => {
  it('rate 45 %, cap 200 000 kr, period 2020-09-01 – 2021-06-30, as printed', () => {
    expect(seedText(SEED_000, 4068, 4074)).toContain('beviljas 45 % av projektets bokförda kostnader, dock högst 200 000 kr,');
    expect(INKUBERA.decision.rateBp).toBe(4500);
    expect(INKUBERA.decision.capOre).toBe(20_000_000);
  });
  it('the letter\'s application text equals lines 4061–4065', () => {
    expect(decisionLetter(INKUBERA).application.join(' ')).toBe(seedText(SEED_000, 4061, 4065));
  });
  it('the letter\'s "Beslutet" and conditions equal lines 4068–4088', () => {
    expect(letterText(INKUBERA)).toBe(seedText(SEED_000, 4068, 4088));
  });
  it('effective rate 44,4 %: 45 % of 450 000 kr is 202 500 kr, the cap 200 000 kr binds', () => {
    expect(effectiveRate(INKUBERA.decision, kr(450_000))).toEqual({ maxPayableOre: kr(200_000), capBinds: true, tenths: 444, text: '44,4 %' });
    expect(payable(INKUBERA.decision, kr(450_000), 0)).toMatchObject({ shareOre: kr(202_500), payableOre: kr(200_000), capReached: true });
  });
  it('its budget is consistent', () => {
    expect(checkBudget(application(INKUBERA))).toEqual([]);
  });
});

describe('delegated decision 20RS5938, Almi RES 2020 (seed 000)', () => {
  it('rate 25 %, cap 360 000 kr, period 2020-03-17 – 2020-11-30, as printed', () => {
    expect(seedText(SEED_000, 3762, 3766)).toContain('beviljas 25 % av projektets bokförda kostnader, dock högst 360 000 kr,');
    expect(seedText(SEED_000, 3766, 3766)).toBe('Projektet får påbörjas tidigast 2020-03-17 och avslutas senast 2020-11-30.');
  });
  it('the seed letter left the template placeholder "projektnamn"; we write the name, and refuse the placeholder', () => {
    const generated = letterText(RES);
    expect(generated).toContain('för genomförande av projekt RES 2020 Örebro och Västmanland.');
    expect(seedText(SEED_000, 3762, 3780)).toBe(generated.replace('projekt RES 2020 Örebro och Västmanland.', 'projekt projektnamn.'));
    expect(() => decisionLetter({ ...RES, decision: { ...RES.decision, projectName: 'projektnamn' } })).toThrow(/Projektets namn är inte ifyllt/);
  });
  it('the application text equals lines 3755–3759, where the seed writes the period with " – " instead of "—"', () => {
    const generated = decisionLetter(RES).application.join(' ');
    expect(generated).toBe('Almi Företagspartner Mälardalen AB ansöker om 360 000 kr för projekt RES 2020 Örebro och Västmanland. Ansökan avser perioden 2020-03-17—2020-11-30.');
    expect(seedText(SEED_000, 3755, 3759)).toBe(generated.replace('2020-03-17—2020-11-30', '2020-03-17 – 2020-11-30'));
  });
  it('effective rate 25,0 %: 25 % of 1 440 000 kr is exactly the cap', () => {
    expect(effectiveRate(RES.decision, kr(1_440_000))).toEqual({ maxPayableOre: kr(360_000), capBinds: false, tenths: 250, text: '25,0 %' });
  });
  it('its one-year budget is consistent, the indirect costs 15 % of own staff', () => {
    expect(checkBudget(application(RES))).toEqual([]);
  });
});

describe('delegated decisions in the delegation report (000 item 6)', () => {
  it('give the report line printed at lines 3508–3509', () => {
    // The seed's line is number 3 of the report; alone here, ours is number 1.
    const lines = reportLines([asReportedDecision(RES), asReportedDecision(INKUBERA)]);
    expect(lines).toHaveLength(1);
    expect(lines[0]!.replace(/^1\. /, '3. ')).toBe(seedText(SEED_000, 3508, 3509));
  });
  it('refuse a grant above the amount applied for', () => {
    expect(() => decisionLetter({ ...INKUBERA, appliedForOre: kr(150_000) })).toThrow(/högre än det sökta/);
  });
});

describe('a split funding source (seed 003, MIND, decided 2019)', () => {
  it('lists each source with its amount in the letter', () => {
    const mind: DelegatedCoFinancing = {
      ...INKUBERA,
      caseNumber: '19RS9565',
      appliedForOre: kr(432_000),
      decision: {
        applicant: { name: 'Alfred Nobel Science Park' },
        projectName: 'MIND – Matrix for Industrial Network Development',
        rateBp: 9000,
        capOre: kr(432_000),
        period: { start: '2019-11-20', end: '2020-05-30' },
        fundingSource: 'state-1-1',
        fundingSplit: [
          { source: 'state-1-1', amountOre: kr(232_000) },
          { source: 'regional', amountOre: kr(200_000) },
        ],
        conditions: standardConditions({ form: 'letter' }),
      },
    };
    const l = decisionLetter(mind);
    expect(l.decision[2]).toBe('Finansiering sker inom ramen för:');
    expect(l.fundingSplit).toEqual(['Regionalt utvecklingsstöd - statligt stöd 232 000 kr', 'Regional utveckling rambudgetmedel 200 000 kr']);
  });
});

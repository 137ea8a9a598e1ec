/**
 * The figures the demo budget is built from.
 *
 * - SEED_000: the interim report January–July 2020 of regional tillväxtnämnd
 *   (seeds/000_97425d05012e62df.txt, section 4.1 Resultatrapport and the
 *   Driftredovisning). Each row keeps the text exactly as the seed prints it,
 *   typed figures and printed derived figures alike; the typed ones are
 *   imported, the derived ones are only compared with what the engine computes
 *   (src/budget/model.test.ts).
 * - PARAMETERS_2026 (model.ts): seed 004's parameters of the allocation model.
 * - DEMO_AREAS_2026 / DEMO_ASSOCIATIONS_2026: the per-area inputs. Seed 004
 *   shows the distribution per area and the uplift per association only as
 *   pictures (no text), so these inputs are ILLUSTRATIVE: chosen so the model
 *   reproduces the amounts the seed does print (wage increase 2,5 mnkr, PO
 *   0,9 mnkr, price increase 1,2 mnkr, together the 4,6 mnkr index adjustment)
 *   and so the frames fill the 151,3 mnkr frame less reserve and FUM.
 */
import { parseKronor, type Ore } from '../kernel/kronor.ts';
import type { AreaInput, AssociationInput, InvestmentInput, OperationsInput, StatementInput, StatementLineKey } from './model.ts';

/** "53,0" (mnkr as printed) → öre. */
export const fromMnkr = (s: string): Ore => parseKronor(`${s.replace('−', '-')} mnkr`);

/**
 * Resultatrapport, belopp i mnkr. Columns as printed: Utfall perioden 2020,
 * Utfall perioden 2019, Avvikelse, Relation (%), Prognos 2020, Budget 2020,
 * Utfall 2019. `text` is the row as it reads in the seed with its line breaks
 * folded to single spaces.
 */
export const SEED_000_RESULT_REPORT: ReadonlyArray<{ key: StatementLineKey | 'totalIncome' | 'totalCosts' | 'netCost' | 'result'; text: string; printed: readonly (string | null)[] }> = [
  { key: 'grantsReceived', text: 'Erhållna bidrag 53,0 51,4 1,6 3,1 95,2 91,8 89,9', printed: ['53,0', '51,4', '1,6', '3,1', '95,2', '91,8', '89,9'] },
  { key: 'otherIncome', text: 'Övriga intäkter 9,1 15,9 -6,8 -42,8 21,6 21,0 25,3', printed: ['9,1', '15,9', '-6,8', '-42,8', '21,6', '21,0', '25,3'] },
  { key: 'totalIncome', text: 'Summa intäkter 62,1 67,3 -5,2 -7,7 116,8 112,8 115,2', printed: ['62,1', '67,3', '-5,2', '-7,7', '116,8', '112,8', '115,2'] },
  { key: 'staffCosts', text: 'Personalkostnad er -77,5 -76,0 -1,5 2,0 -139,7 -138,4 -134,6', printed: ['-77,5', '-76,0', '-1,5', '2,0', '-139,7', '-138,4', '-134,6'] },
  { key: 'grantsGiven', text: 'Lämnade bidrag -29,9 -27,1 -2,8 10,3 -61,3 -59,5 -47,1', printed: ['-29,9', '-27,1', '-2,8', '10,3', '-61,3', '-59,5', '-47,1'] },
  { key: 'otherCosts', text: 'Övriga kostnader -27,1 -32,0 4,9 -15,3 -54,1 -55,6 -58,0', printed: ['-27,1', '-32,0', '4,9', '-15,3', '-54,1', '-55,6', '-58,0'] },
  { key: 'depreciation', text: 'Avskrivningar, inventarier -0,8 -0,6 -0,2 33,3 -1,2 -1,1 -1,0', printed: ['-0,8', '-0,6', '-0,2', '33,3', '-1,2', '-1,1', '-1,0'] },
  { key: 'totalCosts', text: 'Summa kostnader -135,3 -135,7 0,4 -0,3 -256,3 -254,6 -240,7', printed: ['-135,3', '-135,7', '0,4', '-0,3', '-256,3', '-254,6', '-240,7'] },
  { key: 'netCost', text: 'Verksamhetens nettokostnad -73,2 -68,4 -4,8 7,0 -139,5 -141,8 -125,5', printed: ['-73,2', '-68,4', '-4,8', '7,0', '-139,5', '-141,8', '-125,5'] },
  // the seed's spreadsheet divided 0,0 by 0,0 here
  { key: 'financialNet', text: 'Finansnetto 0,0 0,0 0,0 #DIVI SION/ 0! -0,1 -0,1 0,0', printed: ['0,0', '0,0', '0,0', '#DIVISION/0!', '-0,1', '-0,1', '0,0'] },
  { key: 'regionContribution', text: 'Regionbidrag/ -ersättning 82,8 75,9 6,9 9,1 139,6 141,9 130,2', printed: ['82,8', '75,9', '6,9', '9,1', '139,6', '141,9', '130,2'] },
  // the seed leaves the relation of Resultat empty
  { key: 'result', text: 'Resultat 9,6 7,5 2,1 0,0 0,0 4,7', printed: ['9,6', '7,5', '2,1', null, '0,0', '0,0', '4,7'] },
];

/** The typed lines of the result report as the engine's input. */
export function seed000Statement(): StatementInput {
  const out = {} as StatementInput;
  for (const r of SEED_000_RESULT_REPORT) {
    if (r.key === 'totalIncome' || r.key === 'totalCosts' || r.key === 'netCost' || r.key === 'result') continue;
    const [now, before, , , forecast, budget, prevYear] = r.printed;
    out[r.key] = { outcomePeriod: fromMnkr(now!), outcomePeriodPrev: fromMnkr(before!), forecast: fromMnkr(forecast!), budget: fromMnkr(budget!), outcomePrevYear: fromMnkr(prevYear!), budgetPeriod: null };
  }
  return out;
}

/**
 * Driftredovisning, belopp i mnkr. Columns as printed: Budgetavvikelse
 * perioden 2020, Omsättning perioden 2020, Relation (%), Budgetavvikelse
 * perioden 2019. The last row ("Resultat") is the printed total.
 */
export const SEED_000_OPERATIONS: ReadonlyArray<{ name: string; text: string; printed: readonly [string, string, string, string] }> = [
  { name: 'Område utbildning och arbetsmarknad (exkl folkhögskolor)', text: 'Område utbildning och arbetsmarknad (exkl folkhögskolor) 1,0 11,8 8,5 0,1', printed: ['1,0', '11,8', '8,5', '0,1'] },
  { name: 'Fellingsbro folkhögskola', text: '- Fellingsbro Folkhögskola 2,5 38,2 6,5 1,8', printed: ['2,5', '38,2', '6,5', '1,8'] },
  { name: 'Kävesta folkhögskola', text: '- Kävesta Folkhögskola 0,9 23,5 3,8 0,4', printed: ['0,9', '23,5', '3,8', '0,4'] },
  { name: 'Område näringslivsutveckling', text: 'Område näringslivsutveckling 0,5 23,1 2,2 2,5', printed: ['0,5', '23,1', '2,2', '2,5'] },
  { name: 'Område välfärd och folkhälsa', text: 'Område välfärd och folkhälsa 1,0 10,0 10,0 0,8', printed: ['1,0', '10,0', '10,0', '0,8'] },
  { name: 'Område energi och klimat', text: 'Område energi och klimat 0,3 7,6 3,9 0,5', printed: ['0,3', '7,6', '3,9', '0,5'] },
  { name: 'Förvaltningsgemensamt', text: 'Förvaltningsgemensamt 3,4 30,7 11,1 1,4', printed: ['3,4', '30,7', '11,1', '1,4'] },
];
export const SEED_000_OPERATIONS_TOTAL = { text: 'Resultat 9,6 144,9 6,6 7,5', printed: ['9,6', '144,9', '6,6', '7,5'] } as const;

/**
 * The operating statement as the engine's input. The seed prints only each
 * area's budget deviation; an area's budget for the period is a result in
 * balance (0: its frame equals its budgeted net cost), so its outcome is the
 * deviation. The body's own figures agree: the result report's period result
 * (9,6 and 7,5 mnkr) equals the total deviation. The seed gives no forecast
 * per area, so that column is empty (null).
 */
export function seed000Operations(): OperationsInput[] {
  return SEED_000_OPERATIONS.map((r) => ({
    name: r.name,
    budgetPeriodOre: 0,
    outcomePeriodOre: fromMnkr(r.printed[0]),
    turnoverPeriodOre: fromMnkr(r.printed[1]),
    budgetPeriodPrevOre: 0,
    outcomePeriodPrevOre: fromMnkr(r.printed[3]),
    forecastOre: null,
  }));
}

/**
 * Seed 000, 4.5 Investeringar (nettoinvesteringar, mnkr): columns Utfall
 * perioden 2020, Prognos 2020, Budget 2020, Utfall 2019; an empty cell is
 * null. Only the rows with a figure are kept; the printed total is
 * "Summa 0,1 1,6 3,8 0,8".
 */
export const SEED_000_INVESTMENTS: ReadonlyArray<{ name: string; printed: readonly [string | null, string | null, string | null, string | null] }> = [
  { name: 'IT-utrustning överfört från tidigare års budget', printed: [null, null, null, '0,8'] },
  { name: 'Övrig utrustning innevarande års budget', printed: ['0,1', null, '1,6', null] },
  { name: 'Övrig utrustning överfört från tidigare års budget', printed: [null, '1,6', '2,2', null] },
];
export const SEED_000_INVESTMENTS_TOTAL = ['0,1', '1,6', '3,8', '0,8'] as const;

export function seed000Investments(): InvestmentInput[] {
  const f = (x: string | null) => (x === null ? null : fromMnkr(x));
  return SEED_000_INVESTMENTS.map((r) => ({ name: r.name, outcomePeriodOre: f(r.printed[0]), forecastOre: f(r.printed[1]), budgetOre: f(r.printed[2]), outcomePrevYearOre: f(r.printed[3]) }));
}

export const SEED_000_REPORT = { periodLabel: 'januari–juli 2020', periodEnd: '2020-07-31', year: 2020 } as const;

const kr = (n: number): Ore => n * 100;

/** Illustrative per-area inputs for 2026 (see the file comment). Names from seeds 000 and 004. */
export const DEMO_AREAS_2026: AreaInput[] = [
  { name: 'Utbildning och arbetsmarknad', wageCostOre: kr(8_200_000), poCostOre: kr(3_050_000), otherCostOre: kr(11_900_000), incomeOre: kr(200_000), fteHundredths: 1_800, projectHours: 1_500, adjustmentOre: 0, note: null },
  { name: 'Fellingsbro folkhögskola', wageCostOre: kr(17_400_000), poCostOre: kr(6_450_000), otherCostOre: kr(9_800_000), incomeOre: kr(900_000), fteHundredths: 3_600, projectHours: 0, adjustmentOre: kr(-1_100_000), note: 'Samma förutsättningar som 2025; ytterligare åtgärdskrav 1,1 mnkr (underskott −2,3 + 1,2 effekt 2026).' },
  { name: 'Kävesta folkhögskola', wageCostOre: kr(11_600_000), poCostOre: kr(4_300_000), otherCostOre: kr(6_300_000), incomeOre: kr(600_000), fteHundredths: 2_400, projectHours: 0, adjustmentOre: 0, note: null },
  { name: 'Näringslivsutveckling', wageCostOre: kr(10_300_000), poCostOre: kr(3_820_000), otherCostOre: kr(8_150_000), incomeOre: kr(100_000), fteHundredths: 2_100, projectHours: 6_000, adjustmentOre: 0, note: null },
  { name: 'Välfärd och folkhälsa', wageCostOre: kr(7_100_000), poCostOre: kr(2_630_000), otherCostOre: kr(3_100_000), incomeOre: kr(100_000), fteHundredths: 1_500, projectHours: 2_400, adjustmentOre: 0, note: null },
  { name: 'Energi och klimat', wageCostOre: kr(4_800_000), poCostOre: kr(1_780_000), otherCostOre: kr(1_200_000), incomeOre: kr(50_000), fteHundredths: 1_000, projectHours: 5_200, adjustmentOre: 0, note: null },
  { name: 'Förvaltningsgemensamt', wageCostOre: kr(14_100_000), poCostOre: kr(5_270_000), otherCostOre: kr(5_550_000), incomeOre: kr(500_000), fteHundredths: 2_700, projectHours: 2_100, adjustmentOre: 0, note: 'Intern omorganisation beaktad.' },
];

/** Illustrative grants (names from the seeds, amounts not). */
export const DEMO_ASSOCIATIONS_2026: AssociationInput[] = [
  { name: 'Stiftelsen Activa', kind: 'stiftelse', area: 'Välfärd och folkhälsa', grantOre: kr(1_250_000), upliftBp: null },
  { name: 'Ung Företagsamhet Örebro län', kind: 'förening', area: 'Näringslivsutveckling', grantOre: kr(900_000), upliftBp: null },
];

/**
 * The budget engine, pure: the body's frame (ramanslag) and its index
 * adjustment, the resource-allocation model that turns the frame into one
 * frame per area, the uplift of grants to associations and foundations, and
 * the follow-up tables (resultatrapport, driftredovisning) with every derived
 * figure computed from its rows.
 *
 * Units: money in öre (integers), rates in basis points (310 = 3,1 %),
 * full-time equivalents (årsarbetare) in hundredths (1250 = 12,50 åa), hours
 * as whole hours.
 *
 * Rounding rule (one rule, applied everywhere): every product or quotient of
 * an amount and a rate, a head count or an hour share is computed exactly
 * (BigInt) and rounded ONCE to whole kronor, half away from zero. Sums,
 * differences and totals are exact sums of those rounded parts, so a total is
 * always the sum of the rows shown. Display in mnkr rounds the öre amount to
 * one decimal, half away from zero (4 550 335 kr → "4,6 mnkr").
 * Relation % is computed from the unrounded öre and shown with one decimal;
 * when its base is 0 it is null (shown "–"), never a division error.
 */
import { DomainError } from '../kernel/errors.ts';
import type { Ore } from '../kernel/kronor.ts';

// ───────────────────────── arithmetic ─────────────────────────

const KRONA = 100n;

/** n / d rounded to the nearest integer, half away from zero (d > 0). */
export function divRound(n: bigint, d: bigint): bigint {
  if (d <= 0n) throw new Error('divRound: nämnaren måste vara positiv');
  const q = n / d;
  const r = n % d;
  const twice = (r < 0n ? -r : r) * 2n;
  if (twice >= d) return n < 0n ? q - 1n : q + 1n;
  return q;
}

/** numerator/denominator öre rounded to whole kronor (returned in öre). */
function toKronor(numerator: bigint, denominator: bigint): Ore {
  return Number(divRound(numerator, denominator * KRONA) * KRONA);
}

/** ore × bp / 10 000, rounded to whole kronor. */
export function applyRate(ore: Ore, bp: number): Ore {
  return toKronor(BigInt(ore) * BigInt(bp), 10_000n);
}

/** Sum of öre amounts, checked to stay a safe integer. */
export function sum(values: readonly Ore[]): Ore {
  const s = values.reduce((a, b) => a + BigInt(b), 0n);
  if (s > BigInt(Number.MAX_SAFE_INTEGER) || s < BigInt(Number.MIN_SAFE_INTEGER)) throw new DomainError('amount-too-large', 'Summan är för stor.');
  return Number(s);
}

/** 455 033 500 öre → "4,6" (mnkr, one decimal, half away from zero, minus sign U+2212). */
export function mnkr(ore: Ore): string {
  const tenths = divRound(BigInt(ore), 10_000_000n); // 0,1 mnkr = 100 000 kr = 10 000 000 öre
  const neg = tenths < 0n;
  const abs = neg ? -tenths : tenths;
  const body = `${(abs / 10n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0')},${abs % 10n}`;
  return (neg ? '\u2212' : '') + body;
}

/** "3,1 %" from 310 basis points (as many decimals as needed, at least one). */
export function percent(bp: number): string {
  const neg = bp < 0;
  const abs = Math.abs(bp);
  const whole = Math.trunc(abs / 100);
  let frac = String(abs % 100).padStart(2, '0');
  if (frac.endsWith('0')) frac = frac.slice(0, 1);
  return `${neg ? '\u2212' : ''}${whole},${frac}\u00a0%`;
}

/**
 * Relation in tenths of a per cent: value / base × 100, rounded to one
 * decimal (half away from zero), or null when the base is 0 (the seed prints
 * "#DIVISION/0!" there; we print "–").
 */
export function relationTenths(value: Ore, base: Ore): number | null {
  if (base === 0) return null;
  const n = BigInt(value) * 1000n;
  const b = BigInt(base);
  return Number(b < 0n ? divRound(-n, -b) : divRound(n, b));
}

/** 31 → "3,1", −428 → "−42,8", null → "–". */
export function formatTenths(t: number | null): string {
  if (t === null) return '–';
  const neg = t < 0;
  const a = Math.abs(t);
  return `${neg ? '\u2212' : ''}${Math.trunc(a / 10)},${a % 10}`;
}

// ───────────────────────── the allocation model ─────────────────────────

/** The parameters of the resource-allocation model (seed 004, "Framtagande av resursfördelningsmodell"). */
export interface AllocationParameters {
  /** The body's net frame the year before (ramanslag netto föregående år). */
  previousFrameOre: Ore;
  /** Index adjustment of the frame (LPIK), e.g. 310 = 3,1 %. */
  indexBp: number;
  /** Other changes to the body's frame decided by the assembly (a reduction requirement is negative). */
  frameChangeOre: Ore;
  /** Wage cost increase (lönekostnadsökningar), 340 = 3,4 %. */
  wageIncreaseBp: number;
  /** Increase of personnel overheads (PO-påslag), 330 = 3,3 %. */
  poIncreaseBp: number;
  /** General price increase on other costs and grants (generell prisuppräkning), 250 = 2,5 %. */
  priceIncreaseBp: number;
  /** Standard allowance per full-time equivalent, in its three parts; the allowance is their sum. */
  travelPerFteOre: Ore;
  trainingPerFteOre: Ore;
  otherPerFteOre: Ore;
  /** Hours a full-time equivalent charges a project in a year (projektfinansiering av personal). */
  projectHoursPerFte: number;
  /** Deduction for sick-pay costs on project-financed staff (avräkning för sjuklönekostnader), 400 = 4 %. */
  sickPayDeductionBp: number;
  /** Held centrally before the areas get their frames. */
  planningReserveOre: Ore;
  fumOre: Ore;
}

export const PARAMETER_KEYS = [
  'previousFrameOre',
  'indexBp',
  'frameChangeOre',
  'wageIncreaseBp',
  'poIncreaseBp',
  'priceIncreaseBp',
  'travelPerFteOre',
  'trainingPerFteOre',
  'otherPerFteOre',
  'projectHoursPerFte',
  'sickPayDeductionBp',
  'planningReserveOre',
  'fumOre',
] as const satisfies ReadonlyArray<keyof AllocationParameters>;

export const PARAMETER_LABEL: Record<keyof AllocationParameters, string> = {
  previousFrameOre: 'Ramanslag föregående år',
  indexBp: 'Indexuppräkning av ramanslaget (LPIK)',
  frameChangeOre: 'Övriga förändringar av ramanslaget',
  wageIncreaseBp: 'Lönekostnadsökning',
  poIncreaseBp: 'PO-påslag',
  priceIncreaseBp: 'Generell prisuppräkning',
  travelPerFteOre: 'Resor och konferens per årsarbetare',
  trainingPerFteOre: 'Utbildning/kurskostnad per årsarbetare',
  otherPerFteOre: 'Övrigt (IT-utrustning m.m.) per årsarbetare',
  projectHoursPerFte: 'Projektfinansierade timmar per årsarbetare',
  sickPayDeductionBp: 'Avräkning för sjuklönekostnader',
  planningReserveOre: 'Planeringsreserv',
  fumOre: 'FUM',
};

/** The 2026 parameters exactly as seed 004 prints them; the previous frame is explained in docs/budget.md. */
export const PARAMETERS_2026: AllocationParameters = {
  previousFrameOre: 14_678_500_000, // 146 785 000 kr: printed "146,8 Mnkr"; any value in [146 774 178, 146 799 223] kr prints all three of the seed's figures (docs/budget.md)
  indexBp: 310,
  frameChangeOre: 0, // "Inget allmänt reduceringskrav 2026"
  wageIncreaseBp: 340,
  poIncreaseBp: 330,
  priceIncreaseBp: 250,
  travelPerFteOre: 461_300,
  trainingPerFteOre: 266_500,
  otherPerFteOre: 922_500,
  projectHoursPerFte: 1720,
  sickPayDeductionBp: 400,
  planningReserveOre: 300_000_000,
  fumOre: 200_000_000,
};

/** One area's (område) inputs, at the previous year's level. */
export interface AreaInput {
  name: string;
  /** Wage costs of the area's staff (lönekostnad, exkl. PO). */
  wageCostOre: Ore;
  /** Personnel overheads on those wages (PO). */
  poCostOre: Ore;
  /** Other costs uprated by the general price increase (activities, premises, purchased services). */
  otherCostOre: Ore;
  /** Income the area earns itself (fees, state grants), not uprated; reduces its frame. */
  incomeOre: Ore;
  /** Full-time equivalents, in hundredths (1250 = 12,50 åa). */
  fteHundredths: number;
  /** Staff hours a year financed by projects. */
  projectHours: number;
  /** A decided adjustment (reorganisation, action requirement); negative lowers the frame. */
  adjustmentOre: Ore;
  note?: string | null;
}

export type AssociationKind = 'förening' | 'stiftelse';

/** A grant to an association or foundation, uplifted each year. */
export interface AssociationInput {
  name: string;
  kind: AssociationKind;
  /** The area whose frame pays the grant (null: none of the areas). */
  area: string | null;
  /** This year's grant (the previous year's level). */
  grantOre: Ore;
  /** Uplift rate; null uses the general price increase. */
  upliftBp: number | null;
}

export interface AssociationResult extends AssociationInput {
  upliftBpApplied: number;
  upliftOre: Ore;
  newGrantOre: Ore;
}

export interface AreaFrame {
  name: string;
  wageCostOre: Ore;
  wageIncreaseOre: Ore;
  poCostOre: Ore;
  poIncreaseOre: Ore;
  otherCostOre: Ore;
  priceIncreaseOre: Ore;
  /** Grants to the area's associations after uplift. */
  associationGrantsOre: Ore;
  associationUpliftOre: Ore;
  /** Full-time equivalents × standard allowance. */
  standardAllowanceOre: Ore;
  /** Staff cost recovered from projects, after the sick-pay deduction. */
  projectFinancingOre: Ore;
  /** The sick-pay deduction: the part of project-financed staff cost the frame keeps. */
  sickPayDeductionOre: Ore;
  incomeOre: Ore;
  adjustmentOre: Ore;
  /** The area's frame: everything above, costs minus financing. */
  frameOre: Ore;
}

export interface AllocationResult {
  parameters: AllocationParameters;
  standardAllowancePerFteOre: Ore;
  /** The body's frame: previous frame + index adjustment + other changes. */
  indexAdjustmentOre: Ore;
  frameOre: Ore;
  areas: AreaFrame[];
  associations: AssociationResult[];
  /** The index adjustment as distributed through the model, per component. */
  components: { wageOre: Ore; poOre: Ore; priceOre: Ore; totalOre: Ore };
  areasTotalOre: Ore;
  planningReserveOre: Ore;
  fumOre: Ore;
  /** Areas + planning reserve + FUM. */
  allocatedOre: Ore;
  /** Frame − allocated: positive is unallocated room, negative must be met by savings (åtgärdskrav). */
  balanceOre: Ore;
}

const MAX_ORE = 100_000_000_000_000; // 1 000 miljarder kronor: far beyond any frame, keeps products exact

function check(ok: boolean, code: string, message: string): void {
  if (!ok) throw new DomainError(code, message);
}

function checkAmount(v: unknown, label: string, { signed = false } = {}): void {
  check(Number.isSafeInteger(v) && Math.abs(v as number) <= MAX_ORE && (signed || (v as number) >= 0), 'invalid-amount', `${label}: ange ett ${signed ? '' : 'icke-negativt '}helt antal ören (högst 1 000 miljarder kronor).`);
}

function checkBp(v: unknown, label: string, max = 10_000): void {
  check(Number.isSafeInteger(v) && (v as number) >= 0 && (v as number) <= max, 'invalid-rate', `${label}: ange en sats i baspunkter mellan 0 och ${max} (310 = 3,1 %).`);
}

/** Checks every parameter; the Swedish message names the one that is wrong. */
export function validateParameters(p: AllocationParameters): AllocationParameters {
  check(typeof p === 'object' && p !== null, 'invalid-parameters', 'Parametrarna saknas.');
  for (const k of ['previousFrameOre', 'travelPerFteOre', 'trainingPerFteOre', 'otherPerFteOre', 'planningReserveOre', 'fumOre'] as const) checkAmount(p[k], PARAMETER_LABEL[k]);
  checkAmount(p.frameChangeOre, PARAMETER_LABEL.frameChangeOre, { signed: true });
  for (const k of ['indexBp', 'wageIncreaseBp', 'poIncreaseBp', 'priceIncreaseBp', 'sickPayDeductionBp'] as const) checkBp(p[k], PARAMETER_LABEL[k]);
  check(Number.isSafeInteger(p.projectHoursPerFte) && p.projectHoursPerFte >= 1 && p.projectHoursPerFte <= 8784, 'invalid-hours', `${PARAMETER_LABEL.projectHoursPerFte}: ange ett helt antal timmar mellan 1 och 8 784.`);
  return Object.fromEntries(PARAMETER_KEYS.map((k) => [k, p[k]])) as unknown as AllocationParameters;
}

/** Checks an area's inputs. */
export function validateArea(a: AreaInput): AreaInput {
  const name = String(a?.name ?? '').trim();
  check(name.length > 0 && name.length <= 200, 'invalid-area', 'Varje område måste ha ett namn (högst 200 tecken).');
  for (const k of ['wageCostOre', 'poCostOre', 'otherCostOre', 'incomeOre'] as const) checkAmount(a[k], `${name}: ${AREA_LABEL[k]}`);
  checkAmount(a.adjustmentOre, `${name}: ${AREA_LABEL.adjustmentOre}`, { signed: true });
  check(Number.isSafeInteger(a.fteHundredths) && a.fteHundredths >= 0 && a.fteHundredths <= 10_000_000, 'invalid-fte', `${name}: antal årsarbetare anges i hundradelar (1250 = 12,50 åa), 0 eller mer.`);
  check(Number.isSafeInteger(a.projectHours) && a.projectHours >= 0 && a.projectHours <= 100_000_000, 'invalid-hours', `${name}: projektfinansierade timmar ska vara ett helt antal, 0 eller mer.`);
  check(a.projectHours === 0 || a.fteHundredths > 0, 'invalid-hours', `${name}: projektfinansierade timmar kräver minst en årsarbetare.`);
  const note = a.note == null ? null : String(a.note).trim().slice(0, 1000) || null;
  return { name, wageCostOre: a.wageCostOre, poCostOre: a.poCostOre, otherCostOre: a.otherCostOre, incomeOre: a.incomeOre, fteHundredths: a.fteHundredths, projectHours: a.projectHours, adjustmentOre: a.adjustmentOre, note };
}

export const AREA_LABEL = {
  wageCostOre: 'lönekostnad',
  poCostOre: 'PO',
  otherCostOre: 'övriga kostnader',
  incomeOre: 'egna intäkter',
  adjustmentOre: 'justering',
} as const;

export function validateAssociation(a: AssociationInput, areaNames: readonly string[]): AssociationInput {
  const name = String(a?.name ?? '').trim();
  check(name.length > 0 && name.length <= 200, 'invalid-association', 'Varje förening eller stiftelse måste ha ett namn (högst 200 tecken).');
  check(a.kind === 'förening' || a.kind === 'stiftelse', 'invalid-association', `${name}: ange förening eller stiftelse.`);
  checkAmount(a.grantOre, `${name}: bidrag`);
  if (a.upliftBp !== null && a.upliftBp !== undefined) checkBp(a.upliftBp, `${name}: uppräkning`);
  const area = a.area == null || String(a.area).trim() === '' ? null : String(a.area).trim();
  check(area === null || areaNames.includes(area), 'unknown-area', `${name}: området "${area}" finns inte i budgeten.`);
  return { name, kind: a.kind, area, grantOre: a.grantOre, upliftBp: a.upliftBp ?? null };
}

/** The standard allowance per FTE: the sum of its parts (seed 004: 4 613 + 2 665 + 9 225 = 16 503 kr). */
export const standardAllowance = (p: AllocationParameters): Ore => p.travelPerFteOre + p.trainingPerFteOre + p.otherPerFteOre;

/** The body's frame after the index adjustment: 146,8 mnkr × 3,1 % = 4,6 mnkr → 151,3 mnkr. */
export function indexFrame(p: Pick<AllocationParameters, 'previousFrameOre' | 'indexBp' | 'frameChangeOre'>): { indexAdjustmentOre: Ore; frameOre: Ore } {
  const indexAdjustmentOre = applyRate(p.previousFrameOre, p.indexBp);
  return { indexAdjustmentOre, frameOre: sum([p.previousFrameOre, indexAdjustmentOre, p.frameChangeOre]) };
}

/** An association's grant after uplift. */
export function upliftAssociation(a: AssociationInput, p: Pick<AllocationParameters, 'priceIncreaseBp'>): AssociationResult {
  const upliftBpApplied = a.upliftBp ?? p.priceIncreaseBp;
  const upliftOre = applyRate(a.grantOre, upliftBpApplied);
  return { ...a, upliftBpApplied, upliftOre, newGrantOre: a.grantOre + upliftOre };
}

/**
 * One area's frame:
 *   wages × (1 + lönekostnadsökning) + PO × (1 + PO-påslag)
 * + övriga kostnader × (1 + prisuppräkning) + its associations' grants after uplift
 * + årsarbetare × schablonanslag
 * − projektfinansiering: staff cost × project hours / (årsarbetare × 1 720 h), less the 4 % sick-pay deduction
 * − egna intäkter + justering.
 * Each product is rounded once to whole kronor.
 */
export function areaFrame(a: AreaInput, p: AllocationParameters, associations: readonly AssociationResult[] = []): AreaFrame {
  const wageIncreaseOre = applyRate(a.wageCostOre, p.wageIncreaseBp);
  const poIncreaseOre = applyRate(a.poCostOre, p.poIncreaseBp);
  const priceIncreaseOre = applyRate(a.otherCostOre, p.priceIncreaseBp);
  const own = associations.filter((x) => x.area === a.name);
  const associationGrantsOre = sum(own.map((x) => x.newGrantOre));
  const associationUpliftOre = sum(own.map((x) => x.upliftOre));
  const standardAllowanceOre = toKronor(BigInt(a.fteHundredths) * BigInt(standardAllowance(p)), 100n);
  const staffCost = BigInt(a.wageCostOre + wageIncreaseOre + a.poCostOre + poIncreaseOre);
  const staffHours = BigInt(a.fteHundredths) * BigInt(p.projectHoursPerFte); // in hundredths of hours
  let grossProject = 0;
  let projectFinancingOre = 0;
  if (a.projectHours > 0) {
    check(BigInt(a.projectHours) * 100n <= staffHours, 'too-many-project-hours', `${a.name}: ${a.projectHours} projektfinansierade timmar är fler än personalens ${mnHours(staffHours)} timmar (årsarbetare × ${p.projectHoursPerFte}).`);
    // gross: staff cost × hours / staff hours; net: × (1 − sick-pay deduction); each rounded once
    grossProject = toKronor(staffCost * BigInt(a.projectHours) * 100n, staffHours);
    projectFinancingOre = toKronor(staffCost * BigInt(a.projectHours) * 100n * BigInt(10_000 - p.sickPayDeductionBp), staffHours * 10_000n);
  }
  const sickPayDeductionOre = grossProject - projectFinancingOre;
  const frameOre = sum([
    a.wageCostOre, wageIncreaseOre, a.poCostOre, poIncreaseOre, a.otherCostOre, priceIncreaseOre, associationGrantsOre, standardAllowanceOre,
    -projectFinancingOre, -a.incomeOre, a.adjustmentOre,
  ]);
  return {
    name: a.name,
    wageCostOre: a.wageCostOre,
    wageIncreaseOre,
    poCostOre: a.poCostOre,
    poIncreaseOre,
    otherCostOre: a.otherCostOre,
    priceIncreaseOre,
    associationGrantsOre,
    associationUpliftOre,
    standardAllowanceOre,
    projectFinancingOre,
    sickPayDeductionOre,
    incomeOre: a.incomeOre,
    adjustmentOre: a.adjustmentOre,
    frameOre,
  };
}

const mnHours = (hundredths: bigint) => (hundredths / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0');

/** The whole model: the body's frame, each area's frame, the central items and what is left. */
export function allocate(parameters: AllocationParameters, areas: readonly AreaInput[], associations: readonly AssociationInput[] = []): AllocationResult {
  const p = validateParameters(parameters);
  const names = new Set<string>();
  for (const a of areas) {
    check(!names.has(a.name), 'duplicate-area', `Området "${a.name}" finns två gånger.`);
    names.add(a.name);
  }
  const assoc = associations.map((a) => upliftAssociation(a, p));
  const frames = areas.map((a) => areaFrame(a, p, assoc));
  const { indexAdjustmentOre, frameOre } = indexFrame(p);
  const wageOre = sum(frames.map((f) => f.wageIncreaseOre));
  const poOre = sum(frames.map((f) => f.poIncreaseOre));
  const priceOre = sum([...frames.map((f) => f.priceIncreaseOre), ...assoc.map((a) => a.upliftOre)]);
  const areasTotalOre = sum(frames.map((f) => f.frameOre));
  const unassigned = sum(assoc.filter((a) => a.area === null).map((a) => a.newGrantOre));
  const allocatedOre = sum([areasTotalOre, unassigned, p.planningReserveOre, p.fumOre]);
  return {
    parameters: p,
    standardAllowancePerFteOre: standardAllowance(p),
    indexAdjustmentOre,
    frameOre,
    areas: frames,
    associations: assoc,
    components: { wageOre, poOre, priceOre, totalOre: wageOre + poOre + priceOre },
    areasTotalOre,
    planningReserveOre: p.planningReserveOre,
    fumOre: p.fumOre,
    allocatedOre,
    balanceOre: frameOre - allocatedOre,
  };
}

export interface WhatIf {
  current: AllocationResult;
  proposed: AllocationResult;
  /** Per area: the proposed frame minus the current one. */
  areas: Array<{ name: string; currentOre: Ore; proposedOre: Ore; differenceOre: Ore }>;
  frameDifferenceOre: Ore;
  areasTotalDifferenceOre: Ore;
  balanceDifferenceOre: Ore;
  /** The parameters that differ. */
  changed: Array<keyof AllocationParameters>;
}

/** What the frames would be with other parameters, before anything is adopted. */
export function whatIf(current: AllocationParameters, change: Partial<AllocationParameters>, areas: readonly AreaInput[], associations: readonly AssociationInput[] = []): WhatIf {
  const proposedParams = { ...current, ...Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined)) } as AllocationParameters;
  const a = allocate(current, areas, associations);
  const b = allocate(proposedParams, areas, associations);
  return {
    current: a,
    proposed: b,
    areas: a.areas.map((x, i) => ({ name: x.name, currentOre: x.frameOre, proposedOre: b.areas[i]!.frameOre, differenceOre: b.areas[i]!.frameOre - x.frameOre })),
    frameDifferenceOre: b.frameOre - a.frameOre,
    areasTotalDifferenceOre: b.areasTotalOre - a.areasTotalOre,
    balanceDifferenceOre: b.balanceOre - a.balanceOre,
    changed: PARAMETER_KEYS.filter((k) => a.parameters[k] !== b.parameters[k]),
  };
}

/**
 * An area's further action requirement (åtgärdskrav): what remains of a
 * deficit after the effect of measures already taken. Seed 004, Fellingsbro
 * folkhögskola: "Underskott −2,3 + 1,2 effekt 2026 => 1,1".
 */
export function actionRequirement(resultOre: Ore, effectOre: Ore): Ore {
  return Math.max(0, -(resultOre + effectOre));
}

// ───────────────────────── follow-up: resultatrapport ─────────────────────────

/** The lines of the result report, in the seed's order; subtotals are derived. */
export const STATEMENT_LINES = [
  { key: 'grantsReceived', label: 'Erhållna bidrag', group: 'income' },
  { key: 'otherIncome', label: 'Övriga intäkter', group: 'income' },
  { key: 'staffCosts', label: 'Personalkostnader', group: 'cost' },
  { key: 'grantsGiven', label: 'Lämnade bidrag', group: 'cost' },
  { key: 'otherCosts', label: 'Övriga kostnader', group: 'cost' },
  { key: 'depreciation', label: 'Avskrivningar, inventarier', group: 'cost' },
  { key: 'financialNet', label: 'Finansnetto', group: 'financial' },
  { key: 'regionContribution', label: 'Regionbidrag/-ersättning', group: 'contribution' },
] as const;
export type StatementLineKey = (typeof STATEMENT_LINES)[number]['key'];

/** The columns of figures typed in (mnkr in the seed, öre here). */
export const STATEMENT_COLUMNS = ['outcomePeriod', 'outcomePeriodPrev', 'forecast', 'budget', 'outcomePrevYear', 'budgetPeriod'] as const;
export type StatementColumn = (typeof STATEMENT_COLUMNS)[number];
export const STATEMENT_COLUMN_LABEL: Record<StatementColumn, string> = {
  outcomePeriod: 'Utfall perioden',
  outcomePeriodPrev: 'Utfall perioden föregående år',
  forecast: 'Prognos helår',
  budget: 'Budget helår',
  outcomePrevYear: 'Utfall föregående år',
  budgetPeriod: 'Budget perioden',
};

/** One typed line: a figure per column (null when not reported). Costs are negative, as in the seed. */
export type StatementFigures = Record<StatementColumn, Ore | null>;
export type StatementInput = Record<StatementLineKey, StatementFigures>;

export interface StatementRow {
  key: StatementLineKey | 'totalIncome' | 'totalCosts' | 'netCost' | 'result';
  label: string;
  kind: 'line' | 'subtotal' | 'total';
  figures: StatementFigures;
  /** Outcome period − outcome period the year before. */
  deviationOre: Ore | null;
  /** deviation / outcome period the year before, in tenths of a per cent; null when that base is 0 or missing. */
  relationTenths: number | null;
  /** Forecast − budget (full year). */
  forecastDeviationOre: Ore | null;
  /** Budget deviation for the period: outcome period − budget period (positive is better than budget, costs being negative). */
  budgetDeviationOre: Ore | null;
}

/** a − b, or null when either is missing: the one deviation rule of the follow-up tables. */
export const deviation = (a: Ore | null, b: Ore | null): Ore | null => (a === null || b === null ? null : a - b);

const addFig = (rows: StatementFigures[]): StatementFigures =>
  Object.fromEntries(STATEMENT_COLUMNS.map((c) => [c, rows.some((r) => r[c] === null) ? null : sum(rows.map((r) => r[c]!))])) as StatementFigures;

function statementRow(key: StatementRow['key'], label: string, kind: StatementRow['kind'], figures: StatementFigures): StatementRow {
  const { outcomePeriod: now, outcomePeriodPrev: before, forecast, budget, budgetPeriod } = figures;
  const deviationOre = deviation(now, before);
  return {
    key,
    label,
    kind,
    figures,
    deviationOre,
    relationTenths: deviationOre === null || before === null ? null : relationTenths(deviationOre, before),
    forecastDeviationOre: deviation(forecast, budget),
    budgetDeviationOre: deviation(now, budgetPeriod),
  };
}

/**
 * The result report with its derived rows: Summa intäkter, Summa kostnader,
 * Verksamhetens nettokostnad (= intäkter + kostnader) and Resultat
 * (= nettokostnad + finansnetto + regionbidrag). A sum is null when one of
 * its parts is missing.
 */
export function resultReport(input: StatementInput): StatementRow[] {
  const line = (k: StatementLineKey) => statementRow(k, STATEMENT_LINES.find((l) => l.key === k)!.label, 'line', input[k]);
  const income = STATEMENT_LINES.filter((l) => l.group === 'income').map((l) => line(l.key));
  const costs = STATEMENT_LINES.filter((l) => l.group === 'cost').map((l) => line(l.key));
  const totalIncome = statementRow('totalIncome', 'Summa intäkter', 'subtotal', addFig(income.map((r) => r.figures)));
  const totalCosts = statementRow('totalCosts', 'Summa kostnader', 'subtotal', addFig(costs.map((r) => r.figures)));
  const netCost = statementRow('netCost', 'Verksamhetens nettokostnad', 'subtotal', addFig([totalIncome.figures, totalCosts.figures]));
  const fin = line('financialNet');
  const contribution = line('regionContribution');
  const result = statementRow('result', 'Resultat', 'total', addFig([netCost.figures, fin.figures, contribution.figures]));
  return [...income, totalIncome, ...costs, totalCosts, netCost, fin, contribution, result];
}

export function validateStatement(input: StatementInput): StatementInput {
  check(typeof input === 'object' && input !== null, 'invalid-statement', 'Resultatrapporten saknas.');
  const out = {} as StatementInput;
  for (const l of STATEMENT_LINES) {
    const row = input[l.key];
    check(typeof row === 'object' && row !== null, 'invalid-statement', `Resultatrapporten saknar raden ${l.label}.`);
    const figs = {} as StatementFigures;
    for (const c of STATEMENT_COLUMNS) {
      const v = row[c] ?? null;
      if (v !== null) checkAmount(v, `${l.label}, ${STATEMENT_COLUMN_LABEL[c].toLowerCase()}`, { signed: true });
      figs[c] = v;
    }
    out[l.key] = figs;
  }
  return out;
}

// ───────────────────────── follow-up: driftredovisning ─────────────────────────

/** One area's figures in the operating statement. */
export interface OperationsInput {
  name: string;
  /** Net result the budget expects for the period (0 when the area's budget is in balance). */
  budgetPeriodOre: Ore;
  /** Net result for the period (outcome). */
  outcomePeriodOre: Ore;
  /** Turnover for the period (omsättning): the base of the relation. */
  turnoverPeriodOre: Ore;
  /** The same period the year before. */
  budgetPeriodPrevOre: Ore | null;
  outcomePeriodPrevOre: Ore | null;
  /** Full-year forecast of the net result (null when not reported). */
  forecastOre: Ore | null;
  /** Full-year budget of the net result (null when not reported; 0 when the area's budget is in balance). */
  budgetYearOre?: Ore | null;
}

export interface OperationsRow extends OperationsInput {
  kind: 'line' | 'total';
  /** Budget deviation for the period: outcome − budget. */
  deviationOre: Ore;
  /** deviation / turnover, tenths of a per cent; null when the turnover is 0. */
  relationTenths: number | null;
  deviationPrevOre: Ore | null;
  budgetYearOre: Ore | null;
  /** The forecast's deviation from the full-year budget: forecast − budget (null when either is missing). */
  forecastDeviationOre: Ore | null;
}

function operationsRow(r: OperationsInput, kind: OperationsRow['kind']): OperationsRow {
  const deviationOre = r.outcomePeriodOre - r.budgetPeriodOre;
  const budgetYearOre = r.budgetYearOre ?? null;
  return {
    ...r,
    budgetYearOre,
    forecastDeviationOre: deviation(r.forecastOre, budgetYearOre),
    kind,
    deviationOre,
    relationTenths: relationTenths(deviationOre, r.turnoverPeriodOre),
    deviationPrevOre: r.outcomePeriodPrevOre === null || r.budgetPeriodPrevOre === null ? null : r.outcomePeriodPrevOre - r.budgetPeriodPrevOre,
  };
}

const sumNullable = (xs: Array<Ore | null>): Ore | null => (xs.some((x) => x === null) ? null : sum(xs as Ore[]));

/** The operating statement per area and its total row ("Resultat"). */
export function operatingStatement(rows: readonly OperationsInput[]): OperationsRow[] {
  const lines = rows.map((r) => operationsRow(r, 'line'));
  const total = operationsRow(
    {
      name: 'Resultat',
      budgetPeriodOre: sum(rows.map((r) => r.budgetPeriodOre)),
      outcomePeriodOre: sum(rows.map((r) => r.outcomePeriodOre)),
      turnoverPeriodOre: sum(rows.map((r) => r.turnoverPeriodOre)),
      budgetPeriodPrevOre: sumNullable(rows.map((r) => r.budgetPeriodPrevOre)),
      outcomePeriodPrevOre: sumNullable(rows.map((r) => r.outcomePeriodPrevOre)),
      forecastOre: sumNullable(rows.map((r) => r.forecastOre)),
      budgetYearOre: sumNullable(rows.map((r) => r.budgetYearOre ?? null)),
    },
    'total',
  );
  return [...lines, total];
}

export function validateOperations(rows: readonly OperationsInput[]): OperationsInput[] {
  check(Array.isArray(rows), 'invalid-operations', 'Driftredovisningen ska vara en lista med områden.');
  const names = new Set<string>();
  return rows.map((r) => {
    const name = String(r?.name ?? '').trim();
    check(name.length > 0 && name.length <= 200, 'invalid-operations', 'Varje rad i driftredovisningen måste ha ett område (högst 200 tecken).');
    check(!names.has(name), 'invalid-operations', `Området "${name}" finns två gånger i driftredovisningen.`);
    names.add(name);
    checkAmount(r.budgetPeriodOre, `${name}: budget perioden`, { signed: true });
    checkAmount(r.outcomePeriodOre, `${name}: utfall perioden`, { signed: true });
    checkAmount(r.turnoverPeriodOre, `${name}: omsättning perioden`);
    const what = { budgetPeriodPrevOre: 'budget perioden föregående år', outcomePeriodPrevOre: 'utfall perioden föregående år', forecastOre: 'prognos helår', budgetYearOre: 'budget helår' } as const;
    for (const k of ['budgetPeriodPrevOre', 'outcomePeriodPrevOre', 'forecastOre', 'budgetYearOre'] as const) if (r[k] != null) checkAmount(r[k], `${name}: ${what[k]}`, { signed: true });
    return {
      name,
      budgetPeriodOre: r.budgetPeriodOre,
      outcomePeriodOre: r.outcomePeriodOre,
      turnoverPeriodOre: r.turnoverPeriodOre,
      budgetPeriodPrevOre: r.budgetPeriodPrevOre ?? null,
      outcomePeriodPrevOre: r.outcomePeriodPrevOre ?? null,
      forecastOre: r.forecastOre ?? null,
      budgetYearOre: r.budgetYearOre ?? null,
    };
  });
}

// ───────────────────────── follow-up: investeringar ─────────────────────────

/** One investment line (nettoinvesteringar, seed 000 section 4.5); an empty cell is null. */
export interface InvestmentInput {
  name: string;
  outcomePeriodOre: Ore | null;
  forecastOre: Ore | null;
  budgetOre: Ore | null;
  outcomePrevYearOre: Ore | null;
}

export interface InvestmentRow extends InvestmentInput {
  kind: 'line' | 'total';
  /** Forecast − budget (full year); null when either is empty. */
  forecastDeviationOre: Ore | null;
}

const INVESTMENT_FIGURES = ['outcomePeriodOre', 'forecastOre', 'budgetOre', 'outcomePrevYearOre'] as const;

/**
 * The investments with their total ("Summa"). The papers leave a cell empty
 * where nothing was invested, and the total counts such a cell as 0; a
 * column wholly empty has an empty total.
 */
export function investmentTable(rows: readonly InvestmentInput[]): InvestmentRow[] {
  const row = (r: InvestmentInput, kind: InvestmentRow['kind']): InvestmentRow => ({ ...r, kind, forecastDeviationOre: deviation(r.forecastOre, r.budgetOre) });
  if (!rows.length) return [];
  const total = Object.fromEntries(
    INVESTMENT_FIGURES.map((k) => [k, rows.every((r) => r[k] === null) ? null : sum(rows.map((r) => r[k] ?? 0))]),
  ) as Pick<InvestmentInput, (typeof INVESTMENT_FIGURES)[number]>;
  return [...rows.map((r) => row(r, 'line')), row({ name: 'Summa', ...total }, 'total')];
}

export function validateInvestments(rows: readonly InvestmentInput[]): InvestmentInput[] {
  check(Array.isArray(rows), 'invalid-investments', 'Investeringarna ska vara en lista.');
  const label = { outcomePeriodOre: 'utfall perioden', forecastOre: 'prognos', budgetOre: 'budget', outcomePrevYearOre: 'utfall föregående år' } as const;
  return rows.map((r) => {
    const name = String(r?.name ?? '').trim();
    check(name.length > 0 && name.length <= 200, 'invalid-investments', 'Varje investeringsrad måste ha en benämning (högst 200 tecken).');
    for (const k of INVESTMENT_FIGURES) if (r[k] != null) checkAmount(r[k], `${name}: ${label[k]}`, { signed: true });
    return { name, outcomePeriodOre: r.outcomePeriodOre ?? null, forecastOre: r.forecastOre ?? null, budgetOre: r.budgetOre ?? null, outcomePrevYearOre: r.outcomePrevYearOre ?? null };
  });
}

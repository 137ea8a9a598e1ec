/**
 * Co-financing decisions (medfinansiering): the record, its validation and
 * the small text pieces every generated paper uses (rates, amounts, the
 * funding source's phrase, the maintained list of standard conditions).
 * Pure: no I/O. Rules and rounding in docs/funding.md.
 */
import { DomainError } from '../kernel/errors.ts';
import { formatKronor, type Ore } from '../kernel/kronor.ts';
import { assertIsoDate, type IsoDate } from '../kernel/dates.ts';

/** The region that grants, in the two forms the papers use. */
export const REGION = 'Region Örebro län';
export const REGION_GENITIVE = 'Region Örebro läns';

/** 100 % in basis points. */
export const FULL_RATE_BP = 10_000;

export interface Applicant {
  name: string;
  /** Swedish organisationsnummer, NNNNNN-NNNN with a valid check digit. */
  orgNumber?: string;
  /** Postal address lines as printed on the letter ("Köpmangatan 23-25", "702 23 Örebro"). */
  address?: string[];
}

export interface Period {
  start: IsoDate;
  end: IsoDate;
}

/**
 * Where the money comes from. 'state-1-1' is the state appropriation 1:1
 * Regionala tillväxtåtgärder, which the papers call "regionalt
 * utvecklingsstöd – statligt stöd"; 'regional' is the region's own frame
 * budget ("Regional utveckling rambudgetmedel", seed 003, MIND).
 */
export type FundingSource = 'state-1-1' | 'regional';

export const FUNDING_SOURCES: Record<FundingSource, { proposal: string; letter: string }> = {
  // Committee proposals print an en dash; the delegated decision letters a hyphen-minus (seeds 000, 003).
  'state-1-1': { proposal: 'regionalt utvecklingsstöd – statligt stöd', letter: 'regionalt utvecklingsstöd - statligt stöd' },
  regional: { proposal: 'regional utveckling rambudgetmedel', letter: 'regional utveckling rambudgetmedel' },
};

/** Part of the cap paid from one source, when a decision is split (seed 003, MIND: 232 000 + 200 000 kr). */
export interface FundingShare {
  source: FundingSource;
  amountOre: Ore;
}

export interface CoFinancingDecision {
  applicant: Applicant;
  projectName: string;
  /** Share of the project's booked costs, in basis points (13 % = 1300). */
  rateBp: number;
  /** "dock högst": the most the region pays in total, in öre. */
  capOre: Ore;
  period: Period;
  fundingSource: FundingSource;
  /** When the cap is split over several sources; the amounts must add up to the cap. */
  fundingSplit?: FundingShare[];
  /** The conditions in the order they are printed (standard ones and case-specific). */
  conditions: string[];
}

// ---------------------------------------------------------------------------
// Standard conditions: the maintained list, worded as the seeds print them.

export const CONDITION_FULLY_FINANCED = 'Beslutet gäller under förutsättning att projektets budget är fullt finansierad.';
export const CONDITION_VISIBILITY = 'I samband med genomförandet av projektet ska det framgå att Region Örebro län medfinansierar projektet.';
export const CONDITION_NO_DISTORTION =
  'Projektägaren får inte snedvrida konkurrensen genom att gynna vissa enskilda företag, utan projektets insatser ska vara allmänt näringslivsfrämjande och komma grupper av företag till del.';
/** The general terms as the committee's proposals cite them (with decision date and case number). */
export const CONDITION_GENERAL_TERMS =
  'I övrigt gäller Region Örebro läns Allmänna villkor för medfinansiering (beslutades 2019-11-05, dnr 19RS9026).';
/** The general terms as the delegated decision letters cite them (seed 000 20RS5938, 20RS6187; seed 003). */
export const CONDITION_GENERAL_TERMS_SHORT = 'I övrigt gäller Region Örebro läns Allmänna villkor för medfinansiering.';

/**
 * The standard conditions in the seeds' order: fully financed, visibility,
 * (no distortion of competition, for projects aimed at companies: 000 item 4),
 * and the general terms last.
 */
export function standardConditions(options: { noDistortion?: boolean; form?: 'proposal' | 'letter' } = {}): string[] {
  return [
    CONDITION_FULLY_FINANCED,
    CONDITION_VISIBILITY,
    ...(options.noDistortion ? [CONDITION_NO_DISTORTION] : []),
    options.form === 'letter' ? CONDITION_GENERAL_TERMS_SHORT : CONDITION_GENERAL_TERMS,
  ];
}

// ---------------------------------------------------------------------------
// Number and amount text.

/**
 * Kronor as the papers print them in running text: digits grouped by a plain
 * space (U+0020), so generated text equals the papers character for character
 * ("1 912 400 kronor"). The kernel's formatKronor groups with U+00A0 for the
 * UI; the two differ only in that character.
 */
export function kronorText(ore: Ore, unit: 'kronor' | 'kr' = 'kronor'): string {
  return formatKronor(ore, unit).replace(/\u00a0/g, ' ');
}

/** 1300 → "13", 1250 → "12,5", 1234 → "12,34" (Swedish decimal comma, no trailing zeros). */
export function rateText(rateBp: number): string {
  assertRateBp(rateBp);
  const whole = Math.floor(rateBp / 100);
  const frac = rateBp % 100;
  if (frac === 0) return String(whole);
  return `${whole},${String(frac).padStart(2, '0').replace(/0$/, '')}`;
}

// ---------------------------------------------------------------------------
// Validation.

const PLACEHOLDER = /^(projektnamn|projektets namn|namn|sökande|xx+|\.\.\.|…|_+|-+)$|\[[^\]]*\]|\{\{|\}\}|<[^>]*>/i;

/** A required text: non-empty, and not a template placeholder left unfilled ("projekt projektnamn", seed 000 20RS5938). */
export function requireText(value: string | undefined | null, field: string, code: string): string {
  const text = String(value ?? '').replace(/\s+/g, ' ').trim();
  if (!text) throw new DomainError(code, `${field} saknas.`);
  if (PLACEHOLDER.test(text)) throw new DomainError(code, `${field} är inte ifyllt ("${text.slice(0, 40)}" ser ut som en mall-text).`);
  return text;
}

export function assertRateBp(rateBp: number): number {
  if (!Number.isSafeInteger(rateBp)) {
    throw new DomainError('invalid-rate', 'Andelen ska anges i hela baspunkter (1 procent = 100 baspunkter).');
  }
  if (rateBp <= 0 || rateBp > FULL_RATE_BP) {
    throw new DomainError('invalid-rate', 'Andelen av projektets bokförda kostnader måste vara större än 0 och högst 100 procent.');
  }
  return rateBp;
}

export function assertPositiveOre(ore: Ore, field: string, code = 'invalid-amount'): Ore {
  if (!Number.isSafeInteger(ore)) throw new DomainError(code, `${field} måste vara ett belopp i hela ören.`);
  if (ore <= 0) throw new DomainError(code, `${field} måste vara större än 0 kronor.`);
  return ore;
}

export function assertNonNegativeOre(ore: Ore, field: string, code = 'invalid-amount'): Ore {
  if (!Number.isSafeInteger(ore)) throw new DomainError(code, `${field} måste vara ett belopp i hela ören.`);
  if (ore < 0) throw new DomainError(code, `${field} kan inte vara negativt.`);
  return ore;
}

export function validatePeriod(period: Period | undefined): Period {
  if (!period) throw new DomainError('period-required', 'Projektperioden saknas.');
  const start = assertIsoDate(String(period.start ?? ''), 'Projektets startdatum (tidigast)');
  const end = assertIsoDate(String(period.end ?? ''), 'Projektets slutdatum (senast)');
  if (start > end) throw new DomainError('invalid-period', `Projektet kan inte avslutas (${end}) innan det påbörjas (${start}).`);
  return { start, end };
}

/** Luhn (modulus 10) over the ten digits of an organisationsnummer. */
export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let v = Number(digits[digits.length - 1 - i]) * (i % 2 === 1 ? 2 : 1);
    if (v > 9) v -= 9;
    sum += v;
  }
  return sum % 10 === 0;
}

/** Checks an organisationsnummer written NNNNNN-NNNN and its check digit; returns it trimmed. */
export function validateOrgNumber(input: string): string {
  const text = String(input ?? '').trim();
  if (!/^\d{6}-\d{4}$/.test(text)) {
    throw new DomainError('invalid-org-number', `Organisationsnumret "${text.slice(0, 20)}" ska skrivas NNNNNN-NNNN, till exempel 232100-0164.`);
  }
  if (!luhnValid(text.replace('-', ''))) {
    throw new DomainError('invalid-org-number', `Organisationsnumret ${text} har fel kontrollsiffra.`);
  }
  return text;
}

/** Validates a decision and returns a trimmed copy. Every message names the field in Swedish. */
export function validateDecision(d: CoFinancingDecision): CoFinancingDecision {
  if (!d || typeof d !== 'object') throw new DomainError('decision-required', 'Beslutet saknas.');
  if (!d.applicant) throw new DomainError('applicant-required', 'Sökande saknas.');
  const name = requireText(d.applicant.name, 'Sökandens namn', 'applicant-required');
  const applicant: Applicant = { name };
  if (d.applicant.orgNumber !== undefined && String(d.applicant.orgNumber).trim() !== '') {
    applicant.orgNumber = validateOrgNumber(d.applicant.orgNumber);
  }
  if (d.applicant.address) {
    const lines = d.applicant.address.map((l) => String(l ?? '').replace(/\s+/g, ' ').trim());
    if (lines.some((l) => !l)) throw new DomainError('invalid-address', 'Sökandens adress har en tom rad.');
    applicant.address = lines;
  }
  const projectName = requireText(d.projectName, 'Projektets namn', 'project-name-required');
  if (d.rateBp === undefined || d.rateBp === null) throw new DomainError('invalid-rate', 'Andelen av projektets bokförda kostnader (procent) saknas.');
  const rateBp = assertRateBp(d.rateBp);
  if (d.capOre === undefined || d.capOre === null) throw new DomainError('invalid-cap', 'Taket för medfinansieringen (dock högst) saknas.');
  const capOre = assertPositiveOre(d.capOre, 'Taket för medfinansieringen (dock högst)', 'invalid-cap');
  const period = validatePeriod(d.period);
  if (!d.fundingSource) throw new DomainError('funding-source-required', 'Finansieringskällan saknas.');
  if (!Object.hasOwn(FUNDING_SOURCES, d.fundingSource)) {
    throw new DomainError('invalid-funding-source', `Okänd finansieringskälla "${String(d.fundingSource).slice(0, 30)}".`);
  }
  const out: CoFinancingDecision = { applicant, projectName, rateBp, capOre, period, fundingSource: d.fundingSource, conditions: [] };
  if (d.fundingSplit && d.fundingSplit.length) {
    let sum = 0;
    const split = d.fundingSplit.map((s, i) => {
      if (!Object.hasOwn(FUNDING_SOURCES, s.source)) throw new DomainError('invalid-funding-source', `Okänd finansieringskälla "${String(s.source).slice(0, 30)}".`);
      sum += assertPositiveOre(s.amountOre, `Beloppet för finansieringskälla ${i + 1}`);
      return { source: s.source, amountOre: s.amountOre };
    });
    if (sum !== capOre) {
      throw new DomainError('split-mismatch', `Finansieringskällorna summerar till ${formatKronor(sum)} men taket är ${formatKronor(capOre)}.`);
    }
    out.fundingSplit = split;
  }
  if (!Array.isArray(d.conditions)) throw new DomainError('conditions-required', 'Villkorslistan saknas (ange minst en tom lista).');
  out.conditions = d.conditions.map((c, i) => requireText(c, `Villkor ${i + 1}`, 'condition-required'));
  return out;
}

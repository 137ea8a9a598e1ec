/**
 * The yearly state appropriation 1:1 Regionala tillväxtåtgärder: its
 * indicative split (inriktningsbeslut), what is committed against it, the
 * outcome, and the state report's figures (seed 002, Återrapportering 2).
 * Shares are exact fractions shown with one decimal; money is integer öre.
 */
import { DomainError } from '../kernel/errors.ts';
import { formatKronor, type Ore } from '../kernel/kronor.ts';
import { assertIsoDate, type IsoDate } from '../kernel/dates.ts';
import { assertNonNegativeOre, assertPositiveOre, requireText } from './decision.ts';

export type AppropriationLine = 'projects' | 'business-support' | 'follow-up';

export const APPROPRIATION_LINES: readonly AppropriationLine[] = ['projects', 'business-support', 'follow-up'];

/** The words of the report ("26 520 000 kr till regionala utvecklingsprojekt", "900 000 kr till uppföljning och utvärdering"). */
export const LINE_LABELS: Record<AppropriationLine, string> = {
  projects: 'regionala utvecklingsprojekt',
  'business-support': 'företagsstöd',
  'follow-up': 'uppföljning och utvärdering',
};

/** "Av dessa medel disponeras högst 1 000 000 kr till uppföljning och utvärdering" (seed 002). */
export const FOLLOW_UP_MAX_ORE: Ore = 100_000_000;

/** A recorded decision to go beyond what the rules allow, with its reason; stored with the commitment. */
export interface OverrideRecord {
  year: number;
  line: AppropriationLine;
  rule: 'appropriation-exceeded' | 'follow-up-cap';
  amountOre: Ore;
  /** What was left under the rule before this commitment. */
  remainingBeforeOre: Ore;
  /** How far the commitment goes beyond it. */
  exceedingOre: Ore;
  reason: string;
  decidedBy: string;
  decidedOn: IsoDate;
}

export interface Commitment {
  line: AppropriationLine;
  amountOre: Ore;
  caseNumber?: string;
  override?: OverrideRecord;
}

export interface Appropriation {
  year: number;
  totalOre: Ore;
  /** The indicative split; the lines not split (follow-up, in 002) are omitted or 0. */
  indicative: Partial<Record<AppropriationLine, Ore>>;
  followUpMaxOre?: Ore;
  commitments: Commitment[];
  /** The year's outcome, when known. */
  outcome?: Partial<Record<AppropriationLine, Ore>>;
}

/** A share as an exact fraction and as the report prints it, one decimal ("65,5 %"). */
export interface Share {
  partOre: Ore;
  wholeOre: Ore;
  /** Tenths of a percent, rounded half up from the exact fraction. */
  tenths: number;
  text: string;
}

/** part / whole as a percentage with one decimal, computed exactly (half up), no floating point. */
export function share(partOre: Ore, wholeOre: Ore): Share {
  assertNonNegativeOre(partOre, 'Delbeloppet');
  assertPositiveOre(wholeOre, 'Helheten');
  const p = BigInt(partOre);
  const w = BigInt(wholeOre);
  const tenths = Number((p * 2000n + w) / (2n * w));
  return { partOre, wholeOre, tenths, text: `${Math.floor(tenths / 10)},${tenths % 10} %` };
}

export interface AppropriationRow {
  line: AppropriationLine;
  label: string;
  indicativeOre: Ore;
  indicativeShare: Share;
  committedOre: Ore;
  outcomeOre: Ore | null;
  outcomeShare: Share | null;
  /** outcome − indicative (negative when less was used than indicated). */
  differenceOre: Ore | null;
}

export interface AppropriationFinding {
  code: 'indicative-sum' | 'outcome-over-total' | 'follow-up-over-max' | 'committed-over-total';
  message: string;
}

export interface AppropriationSummary {
  year: number;
  totalOre: Ore;
  rows: AppropriationRow[];
  indicativeTotalOre: Ore;
  committedOre: Ore;
  /** total − committed; negative only after overrides. */
  remainingOre: Ore;
  outcomeTotalOre: Ore | null;
  /** total − outcome. */
  unusedOre: Ore | null;
  findings: AppropriationFinding[];
}

function validateAppropriation(a: Appropriation): void {
  if (!Number.isInteger(a.year) || a.year < 2000 || a.year > 2100) throw new DomainError('invalid-year', `Året ${a.year} är inte ett giltigt budgetår.`);
  assertPositiveOre(a.totalOre, 'Anslagets storlek');
  for (const line of APPROPRIATION_LINES) {
    const i = a.indicative[line];
    if (i !== undefined) assertNonNegativeOre(i, `Indikativ fördelning till ${LINE_LABELS[line]}`);
    const o = a.outcome?.[line];
    if (o !== undefined) assertNonNegativeOre(o, `Utfall för ${LINE_LABELS[line]}`);
  }
  if (a.followUpMaxOre !== undefined) assertNonNegativeOre(a.followUpMaxOre, 'Högsta belopp till uppföljning och utvärdering');
  a.commitments.forEach((c, i) => {
    if (!APPROPRIATION_LINES.includes(c.line)) throw new DomainError('invalid-line', `Åtagande ${i + 1} har en okänd anslagsdel.`);
    assertPositiveOre(c.amountOre, `Åtagande ${i + 1}`);
  });
}

const sumOre = (xs: Ore[]) => xs.reduce((s, x) => s + x, 0);
const committedOn = (a: Appropriation, line?: AppropriationLine) => sumOre(a.commitments.filter((c) => !line || c.line === line).map((c) => c.amountOre));
/** Messages are UI text: the kernel's form, with no-break spaces (U+00A0). */
const kr = (ore: Ore) => formatKronor(ore, 'kr');

/** The year's figures: per line indicative, committed, outcome, difference and shares of the total; and the checks. */
export function summarise(a: Appropriation): AppropriationSummary {
  validateAppropriation(a);
  const followUpMax = a.followUpMaxOre ?? FOLLOW_UP_MAX_ORE;
  const rows: AppropriationRow[] = APPROPRIATION_LINES.map((line) => {
    const indicativeOre = a.indicative[line] ?? 0;
    const outcomeOre = a.outcome ? (a.outcome[line] ?? 0) : null;
    return {
      line,
      label: LINE_LABELS[line],
      indicativeOre,
      indicativeShare: share(indicativeOre, a.totalOre),
      committedOre: committedOn(a, line),
      outcomeOre,
      outcomeShare: outcomeOre === null ? null : share(outcomeOre, a.totalOre),
      differenceOre: outcomeOre === null ? null : outcomeOre - indicativeOre,
    };
  });
  const findings: AppropriationFinding[] = [];
  const indicativeTotalOre = sumOre(rows.map((r) => r.indicativeOre));
  if (indicativeTotalOre !== a.totalOre) {
    findings.push({ code: 'indicative-sum', message: `Den indikativa fördelningen summerar till ${kr(indicativeTotalOre)} men anslaget är ${kr(a.totalOre)}.` });
  }
  const outcomeTotalOre = a.outcome ? sumOre(rows.map((r) => r.outcomeOre ?? 0)) : null;
  if (outcomeTotalOre !== null && outcomeTotalOre > a.totalOre) {
    findings.push({ code: 'outcome-over-total', message: `Utfallet ${kr(outcomeTotalOre)} överstiger anslaget ${kr(a.totalOre)} med ${kr(outcomeTotalOre - a.totalOre)}.` });
  }
  const followUp = Math.max(rows[2]!.outcomeOre ?? 0, rows[2]!.committedOre);
  if (followUp > followUpMax) {
    findings.push({ code: 'follow-up-over-max', message: `Till uppföljning och utvärdering får högst ${kr(followUpMax)} disponeras, men ${kr(followUp)} är använt.` });
  }
  const committedOre = committedOn(a);
  if (committedOre > a.totalOre) {
    findings.push({ code: 'committed-over-total', message: `Åtagandena ${kr(committedOre)} överstiger anslaget ${kr(a.totalOre)} med ${kr(committedOre - a.totalOre)}.` });
  }
  return {
    year: a.year,
    totalOre: a.totalOre,
    rows,
    indicativeTotalOre,
    committedOre,
    remainingOre: a.totalOre - committedOre,
    outcomeTotalOre,
    unusedOre: outcomeTotalOre === null ? null : a.totalOre - outcomeTotalOre,
    findings,
  };
}

export interface OverrideRequest {
  reason: string;
  decidedBy: string;
  decidedOn: IsoDate;
}

export interface CommitCheck {
  allowed: true;
  remainingBeforeOre: Ore;
  remainingAfterOre: Ore;
  /** Present only when the commitment goes beyond a rule and an override allowed it: store it with the commitment. */
  override: OverrideRecord | null;
}

/**
 * May `amountOre` be committed against the appropriation? Refuses (DomainError,
 * 422) beyond what is left of the year's total, or beyond the follow-up
 * maximum for that line, unless an explicit override with a reason is given;
 * then the returned `override` is the record to store.
 */
export function canCommit(a: Appropriation, amountOre: Ore, options: { line?: AppropriationLine; override?: OverrideRequest } = {}): CommitCheck {
  validateAppropriation(a);
  assertPositiveOre(amountOre, 'Beloppet som ska beslutas');
  const line = options.line ?? 'projects';
  const remainingBeforeOre = a.totalOre - committedOn(a);
  const remainingAfterOre = remainingBeforeOre - amountOre;

  let breach: { rule: OverrideRecord['rule']; left: Ore; message: string } | null = null;
  if (amountOre > remainingBeforeOre) {
    breach = {
      rule: 'appropriation-exceeded',
      left: Math.max(0, remainingBeforeOre),
      message: `Anslaget för ${a.year} räcker inte: ${kr(Math.max(0, remainingBeforeOre))} återstår men ${kr(amountOre)} ska beslutas.`,
    };
  } else if (line === 'follow-up') {
    const max = a.followUpMaxOre ?? FOLLOW_UP_MAX_ORE;
    const left = max - committedOn(a, 'follow-up');
    if (amountOre > left) {
      breach = {
        rule: 'follow-up-cap',
        left: Math.max(0, left),
        message: `Till uppföljning och utvärdering får högst ${kr(max)} disponeras ${a.year}; ${kr(Math.max(0, left))} återstår men ${kr(amountOre)} ska beslutas.`,
      };
    }
  }
  if (!breach) return { allowed: true, remainingBeforeOre, remainingAfterOre, override: null };
  if (!options.override) {
    throw new DomainError(breach.rule, `${breach.message} Beslutet kräver ett uttryckligt undantag med motivering.`, { status: 422 });
  }
  const reason = requireText(options.override.reason, 'Motiveringen till undantaget', 'override-reason-required');
  const decidedBy = requireText(options.override.decidedBy, 'Vem som beslutar om undantaget', 'override-by-required');
  const decidedOn = assertIsoDate(options.override.decidedOn, 'Datum för undantaget');
  return {
    allowed: true,
    remainingBeforeOre,
    remainingAfterOre,
    override: { year: a.year, line, rule: breach.rule, amountOre, remainingBeforeOre: breach.left, exceedingOre: amountOre - breach.left, reason, decidedBy, decidedOn },
  };
}

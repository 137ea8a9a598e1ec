/**
 * The committee proposal's att-satser for a co-financing decision, an
 * extension of one, and the sentences around them, generated from the
 * record in the exact form of the papers (seed 000 items 3–5, seed 003 items
 * 9 and 11). The canonical form and the seeds' deviations are in
 * docs/funding.md.
 */
import { DomainError } from '../kernel/errors.ts';
import { type Ore } from '../kernel/kronor.ts';
import { assertIsoDate, type IsoDate } from '../kernel/dates.ts';
import {
  FUNDING_SOURCES,
  REGION_GENITIVE,
  assertPositiveOre,
  kronorText,
  rateText,
  validateDecision,
  type CoFinancingDecision,
  type FundingShare,
  type FundingSource,
} from './decision.ts';

/** One att-sats: its text without the "att " and without its ending; bullets follow it when present. */
export interface Clause {
  body: string;
  bullets: string[];
}

/** A rendered att-sats: "att …," / "att … samt" / "att ….", or "att …:" followed by its bullets. */
export interface RenderedClause {
  text: string;
  bullets: string[];
}

/**
 * Joins clauses the way the papers do: "," after each, " samt" after the
 * next-to-last, and "." after the last, or ":" when bullets follow it.
 */
export function joinClauses(clauses: Clause[]): RenderedClause[] {
  if (!clauses.length) throw new DomainError('clauses-required', 'Förslaget till beslut saknar att-satser.');
  return clauses.map((c, i) => {
    const body = c.body.trim();
    if (!body) throw new DomainError('clause-required', `Att-sats ${i + 1} är tom.`);
    const last = i === clauses.length - 1;
    const ending = last ? (c.bullets.length ? ':' : '.') : i === clauses.length - 2 ? ' samt' : ',';
    return { text: `att ${body}${ending}`, bullets: c.bullets.map((b) => `• ${b}`) };
  });
}

/** The lines of a proposal: each clause, then its bullets ("• …"). */
export function proposalLines(clauses: RenderedClause[]): string[] {
  return clauses.flatMap((c) => [c.text, ...c.bullets]);
}

function fundingPhrase(source: FundingSource, split: FundingShare[] | undefined): string {
  if (!split || !split.length) return FUNDING_SOURCES[source].proposal;
  // Not in the seeds' proposals (only in a delegated letter, seed 003 MIND): each source with its amount.
  const parts = split.map((s) => `${FUNDING_SOURCES[s.source].proposal} med ${kronorText(s.amountOre)}`);
  return parts.length === 1 ? parts[0]! : `${parts.slice(0, -1).join(', ')} och ${parts[parts.length - 1]}`;
}

/**
 * The att-satser of a new co-financing decision:
 *   att A beviljas R procent av projektets bokförda kostnader, dock högst C kronor för genomförande av projekt P,
 *   att finansiering sker inom ramen för regionalt utvecklingsstöd – statligt stöd,
 *   att projektet får påbörjas tidigast S och avslutas senast E samt
 *   att följande villkor gäller för Region Örebro läns beslut:
 *   • …
 * Without conditions the period clause is the last one and ends with ".".
 */
export function proposalClauses(decision: CoFinancingDecision): RenderedClause[] {
  const d = validateDecision(decision);
  const clauses: Clause[] = [
    {
      body: `${d.applicant.name} beviljas ${rateText(d.rateBp)} procent av projektets bokförda kostnader, dock högst ${kronorText(d.capOre)} för genomförande av projekt ${d.projectName}`,
      bullets: [],
    },
    { body: `finansiering sker inom ramen för ${fundingPhrase(d.fundingSource, d.fundingSplit)}`, bullets: [] },
    { body: `projektet får påbörjas tidigast ${d.period.start} och avslutas senast ${d.period.end}`, bullets: [] },
  ];
  if (d.conditions.length) clauses.push({ body: `följande villkor gäller för ${REGION_GENITIVE} beslut`, bullets: d.conditions });
  return joinClauses(clauses);
}

/**
 * The "Sammanfattning" sentence of an application (seed 000 item 4):
 * "A ansöker om R procent av projektets bokförda kostnader, dock högst C kronor för projekt P under perioden S—E."
 */
export function applicationSummary(decision: CoFinancingDecision): string {
  const d = validateDecision(decision);
  return `${d.applicant.name} ansöker om ${rateText(d.rateBp)} procent av projektets bokförda kostnader, dock högst ${kronorText(d.capOre)} för projekt ${d.projectName} under perioden ${d.period.start}—${d.period.end}.`;
}

// ---------------------------------------------------------------------------
// Extensions (utökad medfinansiering, förlängning).

export interface ExtensionRequest {
  /** "ytterligare högst": added to the cap. */
  addedCapOre?: Ore;
  /** The new last day of the project; must not be before the current one. */
  newEnd?: IsoDate;
}

export interface Extension {
  previous: CoFinancingDecision;
  /** The cumulative decision after the extension: same rate, cap + added, end moved. */
  decision: CoFinancingDecision;
  addedCapOre: Ore;
  clauses: RenderedClause[];
  /** "Region Örebro läns totala medfinansiering uppgår då till …" */
  restatement: string;
}

/**
 * Extends a decision (seed 000 item 5, TransMission: 1 310 000 + 2 300 000
 * = 3 610 000 kronor at 13 %, period to 2023-04-30). The rate is unchanged.
 */
export function extend(decision: CoFinancingDecision, request: ExtensionRequest): Extension {
  const previous = validateDecision(decision);
  const hasCap = request.addedCapOre !== undefined && request.addedCapOre !== null;
  const hasEnd = request.newEnd !== undefined && request.newEnd !== null && request.newEnd !== '';
  if (!hasCap && !hasEnd) {
    throw new DomainError('extension-empty', 'Ange ett utökat belopp (ytterligare högst) eller ett nytt slutdatum för projektet.');
  }
  const added = hasCap ? assertPositiveOre(request.addedCapOre!, 'Det utökade beloppet (ytterligare högst)', 'invalid-cap') : 0;
  let end = previous.period.end;
  if (hasEnd) {
    end = assertIsoDate(request.newEnd!, 'Det nya slutdatumet');
    if (end < previous.period.end) {
      throw new DomainError('invalid-period', `Det nya slutdatumet ${end} ligger före nuvarande slutdatum ${previous.period.end}; en förlängning kan inte korta projektperioden.`);
    }
  }
  const capOre = previous.capOre + added;
  if (!Number.isSafeInteger(capOre)) throw new DomainError('amount-too-large', 'Det sammanlagda taket blir för stort.');
  const next = validateDecision({ ...previous, capOre, period: { start: previous.period.start, end } });
  const span = `${next.period.start}--${next.period.end}`;
  const grant: Clause = hasCap
    ? { body: `${next.applicant.name} beviljas ytterligare högst ${kronorText(added)} för genomförande av projekt ${next.projectName} under perioden ${span}`, bullets: [] }
    : { body: `projektperioden för projekt ${next.projectName} förlängs till och med ${next.period.end}`, bullets: [] };
  const clauses = joinClauses([grant, { body: `finansiering sker inom ramen för ${fundingPhrase(next.fundingSource, next.fundingSplit)}`, bullets: [] }]);
  return { previous, decision: next, addedCapOre: added, clauses, restatement: restatement(next) };
}

/** "Region Örebro läns totala medfinansiering uppgår då till 13 procent av projektets bokförda kostnader, dock högst 3 610 000 kronor för projekt P under perioden S--E." */
export function restatement(decision: CoFinancingDecision): string {
  const d = validateDecision(decision);
  return `${REGION_GENITIVE} totala medfinansiering uppgår då till ${rateText(d.rateBp)} procent av projektets bokförda kostnader, dock högst ${kronorText(d.capOre)} för projekt ${d.projectName} under perioden ${d.period.start}--${d.period.end}.`;
}

// ---------------------------------------------------------------------------

/**
 * Normalises text extracted from the papers' PDFs so it can be compared with
 * generated text: a line break right after a hyphen between digits is a
 * broken date ("2019-\n11-05" → "2019-11-05"), and any run of white space
 * (line breaks, tabs, the "att   " indent, no-break spaces) is one space.
 * Apply it to the seed, never to generated text.
 */
export function normaliseExtracted(text: string): string {
  return text
    .replace(/(\d-)[ \t\u00a0]*\r?\n\s*(?=\d)/g, '$1')
    .replace(/[\s\u00a0\u202f]+/g, ' ')
    .trim();
}

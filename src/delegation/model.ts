/**
 * The delegation order (delegationsordning) and the rules for decisions made
 * under it: limits per point, and the report to the body grouped by decider,
 * point and period in the words of the papers (seed 000, item 6).
 */
import { DomainError } from '../kernel/errors.ts';
import { formatKronor, type Ore } from '../kernel/kronor.ts';
import { assertIsoDate, type IsoDate } from '../kernel/dates.ts';
import { parseCaseNumber, formatCaseNumber } from '../kernel/caseNumber.ts';

export interface DelegationPoint {
  number: string; // "3.2"
  title: string; // "Regionala utvecklingsstöd"
  delegate: string; // "förvaltningschef Regional utveckling"
  /** Highest amount one decision may grant, or null for no amount limit. */
  maxAmountOre: Ore | null;
  /** Allowed kinds of decision (e.g. support types), or empty for any. */
  decisionTypes: string[];
}

export interface DelegatedDecisionInput {
  pointNumber: string;
  decider: string;
  decidedOn: IsoDate;
  caseNumbers: string[];
  text: string;
  amountOre?: Ore | null;
  decisionType?: string | null;
}

export function validatePointNumber(n: string): string {
  const t = String(n ?? '').trim();
  if (!/^\d{1,2}(\.\d{1,2}){0,2}$/.test(t)) throw new DomainError('invalid-point', `"${t.slice(0, 20)}" är inte ett punktnummer i delegationsordningen (t.ex. 3.2).`);
  return t;
}

export function validatePoint(p: DelegationPoint): DelegationPoint {
  const number = validatePointNumber(p.number);
  const title = p.title?.trim();
  const delegate = p.delegate?.trim();
  if (!title) throw new DomainError('title-required', `Punkt ${number} saknar rubrik.`);
  if (!delegate) throw new DomainError('delegate-required', `Punkt ${number} saknar delegat (vem som får besluta).`);
  if (p.maxAmountOre !== null && (!Number.isSafeInteger(p.maxAmountOre) || p.maxAmountOre <= 0)) {
    throw new DomainError('invalid-limit', `Beloppsgränsen för punkt ${number} måste vara ett positivt belopp.`);
  }
  return { number, title, delegate, maxAmountOre: p.maxAmountOre, decisionTypes: [...new Set(p.decisionTypes.map((t) => t.trim()).filter(Boolean))] };
}

/** Checks a delegated decision against its point; refuses what falls outside the delegation. */
export function checkAgainstPoint(point: DelegationPoint, d: DelegatedDecisionInput): { caseNumbers: string[] } {
  assertIsoDate(d.decidedOn, 'Beslutsdatumet');
  if (!d.text?.trim()) throw new DomainError('text-required', 'Beskriv beslutet.');
  if (d.decider.trim().toLowerCase() !== point.delegate.toLowerCase()) {
    throw new DomainError('wrong-delegate', `Enligt punkt ${point.number} i delegationsordningen beslutar ${point.delegate}, inte ${d.decider.trim()}.`, { status: 422 });
  }
  if (point.maxAmountOre !== null) {
    if (d.amountOre == null) throw new DomainError('amount-required', `Punkt ${point.number} har en beloppsgräns; ange beslutets belopp.`);
    if (d.amountOre > point.maxAmountOre) {
      throw new DomainError(
        'over-limit',
        `Beloppet ${formatKronor(d.amountOre)} överstiger gränsen ${formatKronor(point.maxAmountOre)} för punkt ${point.number} (${point.title}); beslutet måste fattas av nämnden.`,
        { status: 422 },
      );
    }
  }
  if (d.amountOre != null && d.amountOre < 0) throw new DomainError('invalid-amount', 'Beloppet kan inte vara negativt.');
  if (point.decisionTypes.length && !point.decisionTypes.includes(String(d.decisionType ?? ''))) {
    throw new DomainError(
      'type-not-delegated',
      `Punkt ${point.number} omfattar bara ${point.decisionTypes.join(', ')}${d.decisionType ? `, inte ${d.decisionType}` : ''}.`,
      { status: 422 },
    );
  }
  if (!d.caseNumbers.length) throw new DomainError('case-required', 'Ange minst ett diarienummer.');
  return { caseNumbers: d.caseNumbers.map((c) => formatCaseNumber(parseCaseNumber(c))) };
}

export interface ReportedDecision {
  pointNumber: string;
  pointTitle: string;
  decider: string;
  decidedOn: IsoDate;
  caseNumbers: string[];
  text: string;
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * The report's numbered lines, one per decider and point, in point order:
 * "Beslut av <decider>. <Title> enligt punkt <n> i delegationsordningen[ för perioden A – B]. [text. ]Diarienummer …"
 * One decision shows its text; two list both numbers; more give the period and "med flera".
 */
export function reportLines(decisions: ReportedDecision[]): string[] {
  const groups = new Map<string, ReportedDecision[]>();
  for (const d of decisions) {
    const key = `${d.pointNumber}|${d.decider}`;
    groups.set(key, [...(groups.get(key) ?? []), d]);
  }
  const ordered = [...groups.values()].sort((a, b) => comparePoints(a[0]!.pointNumber, b[0]!.pointNumber) || a[0]!.decider.localeCompare(b[0]!.decider, 'sv'));
  return ordered.map((g, i) => {
    const first = g[0]!;
    const dates = g.map((d) => d.decidedOn).sort();
    const numbers = [...new Set(g.flatMap((d) => d.caseNumbers))].sort(compareCaseNumbers);
    let line = `${i + 1}. Beslut av ${first.decider}. ${capitalise(first.pointTitle)} enligt punkt ${first.pointNumber} i delegationsordningen`;
    if (numbers.length > 2) line += ` för perioden ${dates[0]} – ${dates.at(-1)}`;
    line += '.';
    if (g.length === 1) line += ` ${first.text.trim().replace(/\.$/, '')}.`;
    line += numbers.length <= 1 ? ` Diarienummer ${numbers[0]}.` : numbers.length === 2 ? ` Diarienummer ${numbers[0]} och ${numbers[1]}.` : ` Diarienummer ${numbers[0]} med flera.`;
    return line;
  });
}

export function comparePoints(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? -1) - (pb[i] ?? -1);
    if (d) return d;
  }
  return 0;
}

export function compareCaseNumbers(a: string, b: string): number {
  const x = parseCaseNumber(a);
  const y = parseCaseNumber(b);
  return x.year - y.year || x.series.localeCompare(y.series) || x.serial - y.serial;
}

export const REPORT_TITLE = 'Redovisning av delegationsbeslut';
export const REPORT_CLAUSE = 'att godkänna redovisningen.';
export const REPORT_INTRO =
  'Regional tillväxtnämnd har överlåtit sin beslutanderätt till ordförande eller tjänsteman i enlighet med gällande delegationsordning. Dessa beslut ska redovisas till den nämnd som har fattat beslut om delegering. Nu redovisas följande beslut:';

/**
 * The decision letter's own text, pure: the letter of a body decision (the
 * att-satser as the minutes decided them), skäl drawn from the application's
 * records, and how to appeal or ask for a review, by the funds the decision
 * is made from.
 */
import { formatKronor, type Ore } from '../kernel/kronor.ts';
import { FUNDING_SOURCES, REGION_GENITIVE, kronorText, rateText, type CoFinancingDecision, type FundingSource } from './decision.ts';
import { budgetedCosts } from './claims.ts';
import type { ProjectBudget } from './budget.ts';
import type { DecisionLetter } from './delegated.ts';

/** The letter of a grant the body decided: the application, then the att-satser as stored on the decision ("• " lines are bullets of the clause before). */
export function bodyLetterParts(c: CoFinancingDecision, appliedForOre: Ore, clauses: string[], conditions: string[]): DecisionLetter {
  const inClauses = clauses.some((l) => /^•\s/.test(l));
  return {
    application: [
      `${c.applicant.name} ansöker om ${kronorText(appliedForOre, 'kr')} för projekt ${c.projectName}.`,
      `Ansökan avser perioden ${c.period.start}—${c.period.end}.`,
    ],
    decision: clauses.filter((l) => !/^•\s/.test(l)),
    fundingSplit: clauses.filter((l) => /^•\s/.test(l)).map((l) => l.replace(/^•\s*/, '')),
    conditionsHeading: `Följande villkor gäller för ${REGION_GENITIVE} beslut:`,
    // a body's att-satser carry the conditions as bullets; printed again only when they do not
    conditions: inClauses ? [] : conditions,
  };
}

export interface ReasonFacts {
  projectName: string;
  priorityArea: string;
  priorityRank: string;
  /** The name of the strategy's priority the decision names, when it is a record and says more than the rank. */
  priorityName?: string | null;
  euCofinancing: boolean;
  rateBp: number;
  capOre: Ore;
  requestedOre: Ore;
  budget: Pick<ProjectBudget, 'costs'>;
  /** Errors the budget check still finds (an override was given). */
  budgetErrors: number;
}

/** Skäl för beslutet, from the records: the strategy's priority, the share of the budgeted costs, what was asked for and the budget check. */
export function reasonsOf(f: ReasonFacts): string[] {
  const costs = budgetedCosts(f.budget);
  const out = [
    `Projektet ${f.projectName} bidrar till det prioriterade området ${f.priorityArea} i den regionala utvecklingsstrategin och har prioritet ${f.priorityRank}${f.priorityName && f.priorityName !== f.priorityRank && f.priorityName !== `Rangordning ${f.priorityRank}` ? ` (${f.priorityName})` : ''} enligt inriktningsbeslutet för de regionala utvecklingsmedlen.`,
  ];
  if (f.euCofinancing) out.push('Projektet medfinansierar ett EU-projekt, som har högsta prioritet enligt inriktningsbeslutet.');
  if (costs > 0) {
    out.push(`Projektets budgeterade kostnader är ${formatKronor(costs, 'kr')}. Medfinansieringen om ${rateText(f.rateBp)} % av de bokförda kostnaderna, dock högst ${formatKronor(f.capOre, 'kr')}, ${f.capOre < f.requestedOre ? `är lägre än det sökta beloppet ${formatKronor(f.requestedOre, 'kr')}` : 'motsvarar det sökta beloppet'}.`);
  }
  out.push(
    f.budgetErrors === 0
      ? 'Kostnads- och finansieringsbudgeten är kontrollerad: summorna stämmer och projektet är fullt finansierat.'
      : `Kontrollen av budgeten fann ${f.budgetErrors === 1 ? 'ett fel' : `${f.budgetErrors} fel`}; beslutet fattades med kännedom om ${f.budgetErrors === 1 ? 'det' : 'dem'}.`,
  );
  return out;
}

const STATE_NO_APPEAL =
  'Beslut om statliga medel för regional tillväxt (anslag 1:1) fattas enligt förordningen (2003:596) om bidrag för projektverksamhet inom den regionala tillväxtpolitiken och får enligt förordningen inte överklagas. Du kan begära att regionen omprövar beslutet, till exempel om det bygger på felaktiga eller ofullständiga uppgifter (37 § förvaltningslagen); skriv till Region Örebro län, Regional utveckling, och ange beslutets diarienummer.';

const legality = (route: 'body' | 'delegation') =>
  `Den som är medlem i regionen kan begära laglighetsprövning av beslutet om ${FUNDING_SOURCES.regional.letter} enligt 13 kap. kommunallagen. Överklagandet ska ha kommit in till Förvaltningsrätten i Karlstad inom tre veckor från den dag då justeringen av protokollet ${route === 'body' ? 'med beslutet' : 'där beslutet anmäldes till nämnden'} tillkännagavs på regionens anslagstavla. Skicka det direkt till Förvaltningsrätten i Karlstad, Box 568, 651 12 Karlstad, och ange vilket beslut som överklagas och varför det ska upphävas.`;

/** Hur man överklagar eller begär omprövning, by the funds the decision is made from (one text each, in the order state, regional). */
export function appealText(route: 'body' | 'delegation', sources: FundingSource[]): string[] {
  const out: string[] = [];
  if (sources.includes('state-1-1')) out.push(STATE_NO_APPEAL);
  if (sources.includes('regional')) out.push(legality(route));
  return out;
}

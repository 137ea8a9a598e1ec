/**
 * Co-financing decided under delegation (delegationsordningen punkt 3.2,
 * "Regionala utvecklingsstöd", decided by förvaltningschef Regional
 * utveckling) and the decision letter's text, as in seed 000 (20RS5938,
 * 20RS6187) and seed 003. The letter's wording differs from the committee's
 * proposal: "%" and "kr", a comma after the cap, a hyphen in the funding
 * phrase, and the general terms without date and case number.
 */
import { DomainError } from '../kernel/errors.ts';
import { formatKronor, type Ore } from '../kernel/kronor.ts';
import { assertIsoDate, type IsoDate } from '../kernel/dates.ts';
import { parseCaseNumber, formatCaseNumber } from '../kernel/caseNumber.ts';
import { FUNDING_SOURCES, REGION_GENITIVE, assertPositiveOre, kronorText, rateText, requireText, validateDecision, type CoFinancingDecision } from './decision.ts';
import { type ProjectBudget } from './budget.ts';

export const DELEGATION_POINT = '3.2';
export const DELEGATION_POINT_TITLE = 'Regionala utvecklingsstöd';
export const DELEGATE = 'förvaltningschef Regional utveckling';

export interface Signatory {
  name: string;
  title: string;
}

export interface DelegatedCoFinancing {
  caseNumber: string;
  /** The letter's date. */
  decidedOn: IsoDate;
  /** Tjänsteställe and handläggare ("Regional utveckling, Lena Kihl"). */
  officer: string;
  /** "ansöker om 360 000 kr". */
  appliedForOre: Ore;
  decision: CoFinancingDecision;
  signatories: Signatory[];
  budget?: ProjectBudget;
}

export interface DecisionLetter {
  /** "A ansöker om B kr för projekt P." and "Ansökan avser perioden S—E." */
  application: string[];
  /** The items under "Beslutet". */
  decision: string[];
  /** Sub-items of the funding item when the cap is split over sources. */
  fundingSplit: string[];
  conditionsHeading: string;
  conditions: string[];
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export function validateDelegated(d: DelegatedCoFinancing): DelegatedCoFinancing {
  const caseNumber = formatCaseNumber(parseCaseNumber(requireText(d.caseNumber, 'Diarienumret', 'case-required')));
  const decidedOn = assertIsoDate(d.decidedOn, 'Beslutsdatumet');
  const officer = requireText(d.officer, 'Handläggaren', 'officer-required');
  const appliedForOre = assertPositiveOre(d.appliedForOre, 'Sökt belopp');
  const decision = validateDecision(d.decision);
  if (decision.capOre > appliedForOre) {
    throw new DomainError('cap-above-application', `Beviljat belopp ${formatKronor(decision.capOre, 'kr')} är högre än det sökta ${formatKronor(appliedForOre, 'kr')}.`);
  }
  if (!d.signatories?.length) throw new DomainError('signatory-required', 'Beslutet saknar undertecknare.');
  const signatories = d.signatories.map((s, i) => ({
    name: requireText(s.name, `Undertecknare ${i + 1}s namn`, 'signatory-required'),
    title: requireText(s.title, `Undertecknare ${i + 1}s titel`, 'signatory-required'),
  }));
  return { ...d, caseNumber, decidedOn, officer, appliedForOre, decision, signatories };
}

/** The letter's application and "Beslutet" text, in the form of seed 000 (20RS6187) and seed 003. */
export function decisionLetter(input: DelegatedCoFinancing): DecisionLetter {
  const d = validateDelegated(input);
  const c = d.decision;
  const split = c.fundingSplit ?? [];
  return {
    application: [
      `${c.applicant.name} ansöker om ${kronorText(d.appliedForOre, 'kr')} för projekt ${c.projectName}.`,
      `Ansökan avser perioden ${c.period.start}—${c.period.end}.`,
    ],
    decision: [
      `${c.applicant.name} beviljas ${rateText(c.rateBp)} % av projektets bokförda kostnader, dock högst ${kronorText(c.capOre, 'kr')}, för genomförande av projekt ${c.projectName}.`,
      `Projektet får påbörjas tidigast ${c.period.start} och avslutas senast ${c.period.end}.`,
      split.length ? 'Finansiering sker inom ramen för:' : `Finansiering sker inom ramen för ${FUNDING_SOURCES[c.fundingSource].letter}.`,
    ],
    fundingSplit: split.map((s) => `${capitalise(FUNDING_SOURCES[s.source].letter)} ${kronorText(s.amountOre, 'kr')}`),
    conditionsHeading: `Följande villkor gäller för ${REGION_GENITIVE} beslut:`,
    conditions: c.conditions,
  };
}

/** The delegated decision as the delegation report needs it (shape of delegation/model.ts ReportedDecision). */
export function asReportedDecision(input: DelegatedCoFinancing) {
  const d = validateDelegated(input);
  return {
    pointNumber: DELEGATION_POINT,
    pointTitle: DELEGATION_POINT_TITLE,
    decider: DELEGATE,
    decidedOn: d.decidedOn,
    caseNumbers: [d.caseNumber],
    text: `Medfinansiering av ${d.decision.projectName}`,
  };
}

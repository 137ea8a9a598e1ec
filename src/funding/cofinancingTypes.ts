/**
 * Co-financing: the shapes on the wire (requests and views) and the status labels.
 */
import type { IsoDate } from '../kernel/dates.ts';
import type { Ore } from '../kernel/kronor.ts';
import type { FundingShare, FundingSource } from './decision.ts';
import type { Finding, ProjectBudget } from './budget.ts';

// ── shapes on the wire ──────────────────────────────────────────────────

export interface ApplicationInput {
  /** An existing case; when absent a new case "Medfinansiering av <projekt>" is registered. */
  caseNumber?: string | null;
  applicant: {
    name: string;
    orgNumber?: string | null;
    /** A natural person (enskild firma): the name is masked for the public. Default: an org number that is a personnummer (third digit below 2). */
    naturalPerson?: boolean | null;
    address?: string[];
    contact?: { name?: string | null; email?: string | null } | null;
  };
  projectName: string;
  period: { start: IsoDate; end: IsoDate };
  description?: string;
  /** The regional development strategy's (RUS) priority area, "Näringsliv och entreprenörskap". */
  priorityArea: string;
  /** The strategy's priority (a strategy_priority record, migration 050) the application is ranked under; its code becomes priorityRank. */
  strategyPriorityId?: number | null;
  /** Without strategyPriorityId: the rank as typed under the funding policy ("1", "2b", "3"), linked to the record with that code when there is one. */
  priorityRank?: string | null;
  /** The project co-finances an EU project (rank 1 in the funding policy). */
  euCofinancing?: boolean;
  /** The project is aimed at companies: the no-distortion condition applies. */
  aimedAtCompanies?: boolean;
  fundingSource: FundingSource;
  fundingSplit?: FundingShare[] | null;
  /** What the applicant asks of the region ("ansöker om"); the region's financing row must equal it. */
  requestedOre: Ore;
  rateBp: number;
  /** The cap proposed ("dock högst"); defaults to the amount asked for, never above it. */
  capOre?: Ore | null;
  /** Case-specific conditions, printed after the standard ones and before the general terms. */
  conditions?: string[];
  budget: ProjectBudget;
  /** For a change: the version read (optimistic locking). */
  version?: number;
}

export type ApplicationStatus = 'draft' | 'proposed' | 'granted' | 'withdrawn' | 'rejected';
export const STATUS_LABEL: Record<ApplicationStatus, string> = {
  draft: 'Utkast',
  proposed: 'Föreslagen till nämnden',
  granted: 'Beviljad',
  withdrawn: 'Återkallad av sökanden',
  rejected: 'Avslagen',
};
/** The stored status (migration 038 adds withdrawn and rejected to the column's values). */
export const statusOf = (app: { status: string }): ApplicationStatus => app.status as ApplicationStatus;

export interface DecisionView {
  id: number;
  kind: 'grant' | 'extension';
  route: 'body' | 'delegation';
  /** rejected: avslag (decidedOn set); withdrawn: the application was withdrawn (while pending, or after the grant before any payout). */
  status: 'pending' | 'granted' | 'rejected' | 'withdrawn';
  /** A grant decided on other terms than the application's proposal (share, cap or period). */
  amended: boolean;
  bodyId: number;
  meetingId: number | null;
  agendaItemId: number | null;
  delegatedDecisionId: number | null;
  decidedOn: string | null;
  decidedBy: string | null;
  rateBp: number;
  addedCapOre: Ore;
  /** The cumulative cap after this decision. */
  capOre: Ore;
  period: { start: string; end: string };
  previousEnd: string | null;
  fundingSource: FundingSource;
  /** The part committed against the state appropriation 1:1. */
  stateOre: Ore;
  conditions: string[];
  clauses: string[];
  restatement: string | null;
  /** The strategy's priority the decision names (migration 051): the state report counts the decision under it. */
  priority: PriorityRef | null;
  version: number;
}

/** A priority of the regional development strategy, as a decision or application points to it. */
export interface PriorityRef {
  id: number;
  code: string;
  name: string;
}

export interface ApplicationView {
  id: number;
  caseNumber: string;
  status: ApplicationStatus;
  statusLabel: string;
  applicant: { name: string; orgNumber: string | null; naturalPerson: boolean; address: string[]; contact: { name: string | null; email: string | null } | null };
  projectName: string;
  period: { start: string; end: string };
  description: string;
  priorityArea: string;
  /** The rank as stored (the record's code, or as typed before the priorities were records). */
  priorityRank: string;
  /** The strategy's priority the application points to; null when its rank matches no record (then priorityFlagged). */
  priority: PriorityRef | null;
  /** The typed rank matches no priority of the strategy: shown as typed and flagged until one is picked. */
  priorityFlagged: boolean;
  euCofinancing: boolean;
  aimedAtCompanies: boolean;
  fundingSource: FundingSource;
  fundingSplit: FundingShare[];
  requestedOre: Ore;
  rateBp: number;
  capOre: Ore;
  conditions: string[];
  budget: ProjectBudget;
  findings: Finding[];
  decisions: DecisionView[];
  /** How an application ended without a grant, or was withdrawn after it: the day, who registered it and why (staff only). */
  closure: { kind: 'withdrawn' | 'rejected'; on: string; by: string | null; reason: string | null } | null;
  /** The terms in force after every granted decision (grant and extensions), or null before the grant. */
  current: { rateBp: number; capOre: Ore; period: { start: string; end: string }; restatement: string } | null;
  payouts: PayoutView[];
  paidOre: Ore;
  remainingOre: Ore | null;
  /** After the grant, for staff: the payouts planned per year (the payment profile) and what was paid each year. */
  paymentPlan: PaymentPlanView | null;
  version: number;
}

export interface PaymentPlanView {
  /** The cap in force and the part of it from the state appropriation 1:1. */
  capOre: Ore;
  stateOre: Ore;
  /** Per year: planned payouts (the profile) and what was attested that year. */
  years: Array<{ year: number; plannedOre: Ore; paidOre: Ore }>;
  custom: boolean;
  stale: boolean;
}

export type PayoutStatus = 'prepared' | 'attested' | 'reversed';

export interface PayoutView {
  id: number;
  /** prepared: waits for attest (not paid); attested: paid; reversed: no longer counts (or withdrawn before attest). */
  status: PayoutStatus;
  statusLabel: string;
  claimedOn: string;
  /** The period the booked costs were booked in; null for payouts registered before claims stated one. */
  period: { from: string; to: string } | null;
  final: boolean;
  finalReportOn: string | null;
  attestedOn: string | null;
  /** Who prepared, attested and reversed ("user:…"), and why; null for the public. */
  preparedBy: string | null;
  attestedBy: string | null;
  reversedBy: string | null;
  reversedAt: string | null;
  reversalReason: string | null;
  version: number;
  reference: string | null;
  bookedCostsOre: Ore;
  shareOre: Ore;
  paidOre: Ore;
  capOre: Ore;
  paidBeforeOre: Ore;
  capReached: boolean;
}

export const PAYOUT_STATUS_LABEL: Record<PayoutStatus, string> = { prepared: 'Förberedd, väntar på attest', attested: 'Attesterad', reversed: 'Återförd' };

/**
 * Where the state report's figures come from, through the co-financing
 * service: the year's 1:1 appropriation, the co-financing decisions granted
 * in the year (only what the 1:1 appropriation pays), and the commitments
 * not made through a decision (follow-up and evaluation, business support
 * totals). Read as SYSTEM: only aggregates leave the report.
 */
import type { Executor } from '../db/index.ts';
import { isDomainError } from '../kernel/errors.ts';
import { SYSTEM } from '../access/model.ts';
import * as cofinancing from './cofinancingService.ts';
import type { ReportAppropriation, ReportCommitment, ReportProject } from './stateReport.ts';

export interface StateReportSources {
  appropriation(ex: Executor, year: number): Promise<(ReportAppropriation & { commitments: ReportCommitment[] }) | null>;
  projects(ex: Executor, year: number): Promise<ReportProject[]>;
}

/** "3" → "Rangordning 3", as the decisions cite the inriktningsbeslut ("prioriterat enligt rangordningen 3. …"). */
export const rankLabel = (rank: string) => (/^\d/.test(rank) ? `Rangordning ${rank}` : rank);

/** The strategy's priority the decision names (migration 051), by its name; a decision whose typed rank matched no record keeps the rank, flagged. */
export const priorityOf = (c: { priority: { name: string } | null; priorityRank: string }): string =>
  c.priority ? c.priority.name : `${rankLabel(c.priorityRank)} (${UNLINKED})`;

/** The flag on a decision's typed rank that matches none of the strategy's priorities. */
export const UNLINKED = 'ej kopplad till strategin';

export const defaultSources: StateReportSources = {
  async appropriation(ex, year) {
    try {
      const a = await cofinancing.getAppropriation(ex, SYSTEM, year);
      return {
        year: a.year,
        totalOre: a.totalOre,
        indicative: a.indicative,
        followUpMaxOre: a.followUpMaxOre,
        outcome: a.outcome,
        // business support comes from the register's decisions (`support`); their commitments are the same figures again
        commitments: a.commitments.filter((c) => c.decisionId === null && c.line !== 'business-support').map((c) => ({ line: c.line, amountOre: c.amountOre })),
      };
    } catch (e) {
      if (isDomainError(e) && e.status === 404) return null;
      throw e;
    }
  },
  async projects(ex, year) {
    const byApplication = new Map<number, ReportProject>();
    for (const c of await cofinancing.commitmentsForYear(ex, year)) {
      if (c.source !== 'state-1-1') continue;
      const p = byApplication.get(c.applicationId);
      if (p) p.amountOre += c.amountOre;
      else byApplication.set(c.applicationId, { caseNumber: c.caseNumber, amountOre: c.amountOre, priority: priorityOf(c), strategyArea: c.priorityArea, euCoFinanced: c.euCofinancing });
    }
    return [...byApplication.values()];
  },
};

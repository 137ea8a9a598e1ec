/**
 * Co-financing use cases: an application with its budget (checked on every
 * save), the generated proposal, the decision by the body (an agenda item,
 * confirmed from the minutes) or under delegation point 3.2 (the register of
 * delegated decisions, the decision letter), extensions, payouts and the 1:1
 * appropriation. The rules are the pure ones in this folder; the use cases
 * are in the cofinancing*.ts files named by what they do, and this barrel
 * is what other modules import. Tables and JSON: docs/funding.md.
 */
export * from './cofinancingTypes.ts';
export * from './cofinancingApplications.ts';
export * from './cofinancingProposal.ts';
export * from './cofinancingAppropriation.ts';
export * from './cofinancingDecisions.ts';
export * from './cofinancingClosure.ts';
export * from './cofinancingExtensions.ts';
export * from './cofinancingPayouts.ts';
export * from './cofinancingLetter.ts';
export { isLegalPersonNumber, inferNaturalPerson } from './cofinancingShared.ts';
export * from './cofinancingProfile.ts';
export type { OverCommitment, PlanYear } from './appropriationProfile.ts';
export * from './cofinancingLists.ts';
export * from './cofinancingPriority.ts';

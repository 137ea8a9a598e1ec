/**
 * Funding: pure rules for regional development funding (co-financing
 * decisions, their proposal text, budgets, payouts, the 1:1 appropriation,
 * delegated decisions). Split over files; this one re-exports them.
 * Rules, rounding and the seeds' deviations: docs/funding.md.
 */
export * from './decision.ts';
export * from './proposal.ts';
export * from './budget.ts';
export * from './payout.ts';
export * from './appropriation.ts';
export * from './delegated.ts';

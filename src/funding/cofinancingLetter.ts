/**
 * Co-financing use cases: the delegated decision letter's data.
 */
import type { Db } from '../db/index.ts';
import { DomainError, notFound } from '../kernel/errors.ts';
import { can, type Actor } from '../access/model.ts';
import { decisionLetter, type DecisionLetter, type Signatory } from './delegated.ts';
import * as store from './cofinancingStore.ts';
import { SOLE_TRADER_MASK, personalText, titleOf, delegatedOf } from './cofinancingShared.ts';

// ── the delegated decision letter ───────────────────────────────────────

export interface LetterData {
  caseNumber: string;
  decidedOn: string;
  officer: string;
  applicant: { name: string; address: string[] };
  title: string;
  letter: DecisionLetter;
  signatories: Signatory[];
}

/** The letter of a grant decided under delegation, from the stored decision (its conditions as they were decided). */
export async function letterOf(db: Db, actor: Actor, id: number): Promise<LetterData> {
  const app = await store.findApplication(db.kysely, id);
  if (!app || (app.status !== 'granted' && !can(actor, 'funding.read'))) throw notFound('Ansökan', id);
  const grant = (await store.decisionsOf(db.kysely, id)).find((d) => d.kind === 'grant');
  if (!grant || grant.route !== 'delegation' || grant.status !== 'granted') {
    throw new DomainError('no-letter', 'Ansökan har inget delegationsbeslut; beslutsbrevet skrivs bara för beslut enligt punkt 3.2.', { status: 404 });
  }
  const shares = (await store.sharesOf(db.kysely, id)).map((s) => ({ source: s.source, amountOre: s.amount_ore }));
  const signatories = (grant.signatories ?? []) as Signatory[];
  // the letter follows the decision as decided (an amended share, cap or period), not the application's proposal
  const d = delegatedOf(app, shares, grant.conditions, { decidedOn: grant.decided_on!, officer: grant.officer ?? '', signatories }, { rateBp: grant.rate_bp, capOre: grant.cap_ore, start: grant.period_start, end: grant.period_end });
  const publicCopy = !can(actor, 'funding.read');
  const masked = app.natural_person && publicCopy;
  const pub = personalText(app, publicCopy);
  const letter = decisionLetter(d);
  return {
    caseNumber: app.case_number,
    decidedOn: grant.decided_on!,
    officer: d.officer,
    applicant: { name: masked ? SOLE_TRADER_MASK : app.applicant_name, address: masked ? [] : app.address },
    title: pub(titleOf(app)),
    letter: publicCopy
      ? { ...letter, application: letter.application.map(pub), decision: letter.decision.map(pub), fundingSplit: letter.fundingSplit.map(pub), conditions: letter.conditions.map(pub) }
      : letter,
    signatories: d.signatories,
  };
}


/**
 * Co-financing use cases: payouts (rekvisitioner) prepared, attested and
 * reversed, and the payment file for the finance system.
 */
import { audit, type Db, type Executor } from '../db/index.ts';
import { DomainError, notFound } from '../kernel/errors.ts';
import { assertIsoDate, todayInStockholm, type IsoDate } from '../kernel/dates.ts';
import { assertVersion } from '../kernel/version.ts';
import { formatKronor, type Ore } from '../kernel/kronor.ts';
import { authorize, type Actor } from '../access/model.ts';
import { requireText } from './decision.ts';
import { payable } from './payout.ts';
import { budgetedCosts, checkClaim, type Claim, type ClaimContext } from './claims.ts';
import * as store from './cofinancingStore.ts';
import { PAYOUT_STATUS_LABEL, type PayoutView } from './cofinancingTypes.ts';
import { line, loadBudget, granted, toPayoutView } from './cofinancingShared.ts';

// ── payouts ─────────────────────────────────────────────────────────────

export interface ClaimInput {
  /** The period the booked costs were booked in. */
  periodFrom: IsoDate;
  periodTo: IsoDate;
  bookedCostsOre: Ore;
  claimedOn: IsoDate;
  reference?: string | null;
  /** The last claim (slutrekvisition): needs the date the final report came in. */
  final?: boolean | null;
  finalReportOn?: IsoDate | null;
}

export interface PayoutResult {
  payout: PayoutView;
  /** What was left under the cap before and after this payout (for a prepared one: if it were attested now). */
  remainingBeforeOre: Ore;
  remainingOre: Ore;
  capReached: boolean;
}


/**
 * The claim rules' context for a decision: the project period as extended, the budget, and the earlier claims
 * not reversed – at attest, those registered before the claim (`before`, its id), so the claim is checked as it was when prepared.
 */
async function claimContext(trx: Executor, app: store.ApplicationRow, grant: store.DecisionRow, before?: number): Promise<{ ctx: ClaimContext; last: store.DecisionRow }> {
  const last = granted(await store.decisionsOf(trx, app.id)).at(-1)!;
  const earlier = (await store.payoutsOf(trx, grant.id))
    .filter((p) => p.status !== 'reversed' && (before === undefined || p.id < before))
    .map((p) => ({ periodFrom: p.period_from, periodTo: p.period_to, bookedCostsOre: p.booked_costs_ore, final: p.final }));
  const budget = await loadBudget(trx, app);
  return {
    ctx: { today: todayInStockholm(), decidedOn: grant.decided_on!, project: { start: last.period_start, end: last.period_end }, budgetedCostsOre: budgetedCosts(budget), earlier },
    last,
  };
}

const capReachedError = (capOre: Ore) =>
  new DomainError('cap-reached', `Hela beviljade beloppet ${formatKronor(capOre)} är redan utbetalt; inget återstår att betala ut.`, { status: 409 });

/**
 * Prepares a payout on a claim (the handläggare's step): the claim is checked
 * (claims.ts) and what would be payable now is shown, min(rate × booked
 * costs, cap − attested), rounded down (payout.ts). Nothing is paid until a
 * second person attests it (attestPayout). The grant row is locked, so two
 * claims at once are checked one after the other (overlap, budget).
 */
export async function registerPayout(db: Db, actor: Actor, id: number, input: ClaimInput): Promise<PayoutResult> {
  authorize(actor, 'funding.edit');
  const reference = line(input.reference) || null;
  const claim: Claim = {
    periodFrom: input.periodFrom, periodTo: input.periodTo, claimedOn: input.claimedOn, bookedCostsOre: input.bookedCostsOre,
    final: Boolean(input.final), finalReportOn: input.finalReportOn || null,
  };
  return db.tx(async (trx) => {
    const app = await store.findApplication(trx, id);
    if (!app) throw notFound('Ansökan', id);
    const grant = await store.lockGrant(trx, id);
    if (!grant || grant.status !== 'granted') throw new DomainError('not-granted', 'Utbetalning kan bara göras mot en beviljad medfinansiering.', { status: 409 });
    const { ctx, last } = await claimContext(trx, app, grant);
    const paidBefore = await store.paidOn(trx, grant.id);
    const p = payable({ rateBp: last.rate_bp, capOre: last.cap_ore }, claim.bookedCostsOre, paidBefore);
    if (p.remainingBeforeOre === 0) throw capReachedError(last.cap_ore);
    const checked = checkClaim(claim, ctx);
    const row = await store.insertPayout(trx, {
      decision_id: grant.id, status: 'prepared', claimed_on: claim.claimedOn, period_from: claim.periodFrom, period_to: claim.periodTo, reference,
      booked_costs_ore: claim.bookedCostsOre, share_ore: p.shareOre, paid_ore: p.payableOre, cap_ore: last.cap_ore, paid_before_ore: paidBefore,
      final: claim.final, final_report_on: claim.finalReportOn, registered_by: actor.id,
    });
    await audit(trx, { actor: actor.id, action: 'cofinancing.payout-prepare', entity: 'cofinancing_payout', entityId: row.id, after: { applicationId: id, ...input, payable: p, budget: checked } });
    return { payout: toPayoutView(row), remainingBeforeOre: p.remainingBeforeOre, remainingOre: p.remainingAfterOre, capReached: p.capReached };
  });
}

/**
 * Attests a prepared payout (the second person's step, 'funding.attest'):
 * never the one who prepared it. Under the grant's row lock the claim is
 * checked again and the amount computed anew against what is attested now,
 * min(rate × booked costs, cap − paid), so two attests at once never pay
 * above the cap. From here the payout counts as paid and goes in the payment file.
 */
export async function attestPayout(db: Db, actor: Actor, payoutId: number, input: { version?: number } = {}): Promise<PayoutResult> {
  authorize(actor, 'funding.attest');
  return db.tx(async (trx) => {
    const found = await store.findPayout(trx, payoutId);
    if (!found) throw notFound('Utbetalningen', payoutId);
    const app = await store.findApplication(trx, found.application_id);
    const grant = await store.lockGrant(trx, found.application_id);
    const row = (await store.findPayout(trx, payoutId, true))!; // locked after the grant, as every payout change does
    assertVersion(row.version, input.version, 'Utbetalningen');
    if (row.status !== 'prepared') {
      throw new DomainError('payout-not-prepared', `Utbetalningen är ${PAYOUT_STATUS_LABEL[row.status].toLowerCase()}; bara en förberedd utbetalning kan attesteras.`, { status: 409 });
    }
    if (row.registered_by === actor.id) {
      throw new DomainError('attest-same-person', 'Du har själv förberett utbetalningen och kan inte attestera den. En annan person med attesträtt måste attestera.', { status: 403 });
    }
    if (!app || !grant || grant.status !== 'granted') throw new DomainError('not-granted', 'Utbetalning kan bara göras mot en beviljad medfinansiering.', { status: 409 });
    const { ctx, last } = await claimContext(trx, app, grant, row.id);
    const paidBefore = await store.paidOn(trx, grant.id);
    const p = payable({ rateBp: last.rate_bp, capOre: last.cap_ore }, row.booked_costs_ore, paidBefore);
    if (p.remainingBeforeOre === 0) throw capReachedError(last.cap_ore);
    checkClaim(
      { periodFrom: row.period_from!, periodTo: row.period_to!, claimedOn: row.claimed_on, bookedCostsOre: row.booked_costs_ore, final: row.final, finalReportOn: row.final_report_on },
      ctx,
    );
    const updated = await store.attestPayout(trx, row.id, {
      share_ore: p.shareOre, paid_ore: p.payableOre, cap_ore: last.cap_ore, paid_before_ore: paidBefore, attested_by: actor.id, attested_on: todayInStockholm(),
    });
    await audit(trx, {
      actor: actor.id, action: 'cofinancing.payout-attest', entity: 'cofinancing_payout', entityId: row.id,
      before: { status: row.status, paidOre: row.paid_ore }, after: { applicationId: app.id, status: 'attested', payable: p },
    });
    return { payout: toPayoutView(updated), remainingBeforeOre: p.remainingBeforeOre, remainingOre: p.remainingAfterOre, capReached: p.capReached };
  });
}

/**
 * Reverses a payout with a reason (audited): an attested one no longer counts
 * as paid ('funding.attest'; the money is claimed back in the finance
 * system), a prepared one is withdrawn before it was paid ('funding.edit').
 * The row stays, with who reversed it, when and why.
 */
export async function reversePayout(db: Db, actor: Actor, payoutId: number, input: { reason: string; version?: number }): Promise<PayoutView> {
  authorize(actor, 'funding.edit');
  const reason = requireText(input.reason, 'Skälet till återföringen', 'reversal-reason-required');
  return db.tx(async (trx) => {
    const found = await store.findPayout(trx, payoutId);
    if (!found) throw notFound('Utbetalningen', payoutId);
    await store.lockGrant(trx, found.application_id);
    const row = (await store.findPayout(trx, payoutId, true))!;
    assertVersion(row.version, input.version, 'Utbetalningen');
    if (row.status === 'reversed') throw new DomainError('payout-reversed', 'Utbetalningen är redan återförd.', { status: 409 });
    if (row.status === 'attested') authorize(actor, 'funding.attest');
    const updated = await store.reversePayout(trx, row.id, { reversed_by: actor.id, reversal_reason: reason });
    await audit(trx, {
      actor: actor.id, action: 'cofinancing.payout-reverse', entity: 'cofinancing_payout', entityId: row.id,
      before: { status: row.status, paidOre: row.paid_ore }, after: { applicationId: row.application_id, status: 'reversed', reason },
    });
    return toPayoutView(updated);
  });
}

/** "94257,00": kronor with a decimal comma and two decimals, no grouping (the payment file's amount). */
export function kronorDecimal(ore: Ore): string {
  if (!Number.isSafeInteger(ore) || ore < 0) throw new DomainError('invalid-amount', 'Beloppet är inte ett helt antal ören.');
  return `${Math.floor(ore / 100)},${String(ore % 100).padStart(2, '0')}`;
}

/** A CSV cell: quoted when it holds a separator, a quote or a line break; a leading =, +, - or @ is defused with an apostrophe (no formulas in Excel). */
export function csvCell(v: string | null): string {
  let s = v ?? '';
  if (/^[=+\-@]/.test(s)) s = `'${s}`;
  return /[;"\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const PAYMENT_FILE_HEADER = ['Datum', 'Diarienummer', 'Mottagare', 'Organisationsnummer', 'Belopp', 'Referens'] as const;

/**
 * The payment file for the finance system (docs/funding.md, "The payment
 * file"): the payouts attested from `from` to `to` (attest dates,
 * inclusive), UTF-8 with a byte order mark, semicolons, CRLF.
 */
export async function paymentFile(db: Db, actor: Actor, f: { from: IsoDate; to: IsoDate }): Promise<string> {
  authorize(actor, 'funding.attest');
  const from = assertIsoDate(f.from, 'Från-datumet');
  const to = assertIsoDate(f.to, 'Till-datumet');
  if (from > to) throw new DomainError('invalid-range', `Från-datumet ${from} ligger efter till-datumet ${to}.`);
  const rows = await store.attestedBetween(db.kysely, from, to);
  const lines = [
    PAYMENT_FILE_HEADER.join(';'),
    ...rows.map((r) =>
      [r.attested_on!, r.case_number, r.applicant_name, r.org_number, kronorDecimal(r.paid_ore), r.reference ?? `Rekvisition ${r.claimed_on} (utbetalning ${r.id})`].map(csvCell).join(';'),
    ),
  ];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}


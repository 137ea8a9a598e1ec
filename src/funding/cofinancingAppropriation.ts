/**
 * Co-financing use cases: the 1:1 appropriation per year and its commitments;
 * the year's granted decisions for the state report.
 */
import { audit, executorOf, type Db, type Executor } from '../db/index.ts';
import { DomainError, notFound } from '../kernel/errors.ts';
import { assertIsoDate, type IsoDate } from '../kernel/dates.ts';
import { formatKronor, type Ore } from '../kernel/kronor.ts';
import { authorize, type Actor } from '../access/model.ts';
import * as diarium from '../diarium/service.ts';
import { requireText, type FundingSource } from './decision.ts';
import { APPROPRIATION_LINES, FOLLOW_UP_MAX_ORE, canCommit, summarise, type Appropriation, type AppropriationLine, type AppropriationSummary, type OverrideRecord } from './appropriation.ts';
import * as store from './cofinancingStore.ts';

// ── the appropriation 1:1 ───────────────────────────────────────────────

export interface OverrideInput {
  reason: string;
}

export interface CommitmentView {
  id: number;
  year: number;
  line: AppropriationLine;
  amountOre: Ore;
  committedOn: string;
  decisionId: number | null;
  caseNumber: string | null;
  text: string;
  override: { rule: string; reason: string; decidedBy: string; decidedOn: string; remainingBeforeOre: Ore | null; exceedingOre: Ore | null } | null;
}

export interface AppropriationInput {
  totalOre: Ore;
  indicative?: Partial<Record<AppropriationLine, Ore | null>>;
  followUpMaxOre?: Ore | null;
  outcome?: Partial<Record<AppropriationLine, Ore | null>> | null;
  version?: number;
}

export interface AppropriationView {
  year: number;
  totalOre: Ore;
  indicative: Partial<Record<AppropriationLine, Ore>>;
  followUpMaxOre: Ore;
  outcome: Partial<Record<AppropriationLine, Ore>> | null;
  summary: AppropriationSummary;
  commitments: CommitmentView[];
  version: number;
}

type AppropriationRow = NonNullable<Awaited<ReturnType<typeof store.findAppropriation>>>;

const lineOf = (r: AppropriationRow, prefix: 'indicative' | 'outcome'): Partial<Record<AppropriationLine, Ore>> => {
  const out: Partial<Record<AppropriationLine, Ore>> = {};
  const p = r[`${prefix}_projects_ore`];
  const b = r[`${prefix}_business_support_ore`];
  const f = r[`${prefix}_follow_up_ore`];
  if (p !== null) out.projects = p;
  if (b !== null) out['business-support'] = b;
  if (f !== null) out['follow-up'] = f;
  return out;
};

export const toCommitment = (c: Awaited<ReturnType<typeof store.commitmentsOf>>[number]): CommitmentView => ({
  id: c.id,
  year: c.year,
  line: c.line,
  amountOre: c.amount_ore,
  committedOn: c.committed_on,
  decisionId: c.decision_id,
  caseNumber: c.case_number,
  text: c.text,
  override: c.override_rule
    ? { rule: c.override_rule, reason: c.override_reason!, decidedBy: c.override_by!, decidedOn: c.override_on!, remainingBeforeOre: c.override_remaining_before_ore, exceedingOre: c.override_exceeding_ore }
    : null,
});

export function appropriationOf(r: AppropriationRow, commitments: CommitmentView[]): Appropriation {
  const hasOutcome = r.outcome_projects_ore !== null || r.outcome_business_support_ore !== null || r.outcome_follow_up_ore !== null;
  return {
    year: r.year,
    totalOre: r.total_ore,
    indicative: lineOf(r, 'indicative'),
    followUpMaxOre: r.follow_up_max_ore,
    commitments: commitments.map((c) => ({ line: c.line, amountOre: c.amountOre, ...(c.caseNumber ? { caseNumber: c.caseNumber } : {}) })),
    ...(hasOutcome ? { outcome: lineOf(r, 'outcome') } : {}),
  };
}

export async function getAppropriation(db: Db | Executor, actor: Actor, year: number): Promise<AppropriationView> {
  authorize(actor, 'funding.read');
  const ex = executorOf(db);
  const r = await store.findAppropriation(ex, year);
  if (!r) throw notFound('Anslaget 1:1 för år', year);
  const commitments = (await store.commitmentsOf(ex, year)).map(toCommitment);
  const a = appropriationOf(r, commitments);
  return {
    year: r.year,
    totalOre: r.total_ore,
    indicative: a.indicative,
    followUpMaxOre: r.follow_up_max_ore,
    outcome: a.outcome ?? null,
    summary: summarise(a),
    commitments,
    version: r.version,
  };
}

/** Registers or changes a year's appropriation (a change names the version it was based on). */
export async function setAppropriation(db: Db, actor: Actor, year: number, input: AppropriationInput): Promise<AppropriationView> {
  authorize(actor, 'funding.settings');
  const ind = input.indicative ?? {};
  const out = input.outcome ?? null;
  const probe: Appropriation = {
    year,
    totalOre: input.totalOre,
    indicative: Object.fromEntries(APPROPRIATION_LINES.flatMap((l) => (ind[l] != null ? [[l, ind[l]]] : []))),
    followUpMaxOre: input.followUpMaxOre ?? FOLLOW_UP_MAX_ORE,
    commitments: [],
    ...(out ? { outcome: Object.fromEntries(APPROPRIATION_LINES.flatMap((l) => (out[l] != null ? [[l, out[l]]] : []))) } : {}),
  };
  summarise(probe); // validates year, amounts and lines (Swedish DomainErrors)
  await db.tx(async (trx) => {
    await store.lockYear(trx, year);
    const before = await store.findAppropriation(trx, year, true);
    if (before && input.version !== before.version) {
      throw new DomainError(
        'stale-version',
        input.version === undefined
          ? `Anslaget för ${year} finns redan; ange dess version (${before.version}) för att ändra det.`
          : `Anslaget för ${year} har ändrats av ${before.updated_by} sedan du hämtade det (din version ${input.version}, nu ${before.version}). Ladda om och gör ändringen igen.`,
        { status: 409 },
      );
    }
    const row = await store.upsertAppropriation(trx, {
      year,
      total_ore: input.totalOre,
      indicative_projects_ore: ind.projects ?? null,
      indicative_business_support_ore: ind['business-support'] ?? null,
      indicative_follow_up_ore: ind['follow-up'] ?? null,
      follow_up_max_ore: input.followUpMaxOre ?? FOLLOW_UP_MAX_ORE,
      outcome_projects_ore: out?.projects ?? null,
      outcome_business_support_ore: out?.['business-support'] ?? null,
      outcome_follow_up_ore: out?.['follow-up'] ?? null,
      updated_by: actor.id,
    });
    await audit(trx, { actor: actor.id, action: 'appropriation.set', entity: 'appropriation', entityId: year, before, after: row });
  });
  return getAppropriation(db, actor, year);
}

/**
 * Records a commitment against the year's appropriation (inside the caller's
 * transaction). Beyond what is left, or without a registered appropriation,
 * it is refused unless an override with a reason is given; the override is
 * stored with the commitment and audited.
 */
export async function commit(
  trx: Executor,
  actor: Actor,
  c: { year: number; line: AppropriationLine; amountOre: Ore; committedOn: IsoDate; text: string; caseId: number | null; decisionId: number | null; override?: OverrideInput | null },
): Promise<CommitmentView> {
  await store.lockYear(trx, c.year);
  const row = await store.findAppropriation(trx, c.year);
  let record: (Omit<OverrideRecord, 'rule'> & { rule: 'appropriation-exceeded' | 'follow-up-cap' | 'appropriation-missing' }) | null = null;
  if (!row) {
    const message = `Anslaget 1:1 för ${c.year} är inte registrerat, så ${formatKronor(c.amountOre)} kan inte prövas mot det. Registrera årets anslag först`;
    if (!c.override) throw new DomainError('appropriation-missing', `${message}, eller ange ett uttryckligt undantag med motivering.`, { status: 422 });
    const reason = requireText(c.override.reason, 'Motiveringen till undantaget', 'override-reason-required');
    record = { year: c.year, line: c.line, rule: 'appropriation-missing', amountOre: c.amountOre, remainingBeforeOre: 0, exceedingOre: c.amountOre, reason, decidedBy: actor.id, decidedOn: c.committedOn };
  } else {
    const existing = (await store.commitmentsOf(trx, c.year)).map(toCommitment);
    const check = canCommit(appropriationOf(row, existing), c.amountOre, {
      line: c.line,
      ...(c.override ? { override: { reason: c.override.reason, decidedBy: actor.id, decidedOn: c.committedOn } } : {}),
    });
    record = check.override;
  }
  const inserted = await store.insertCommitment(trx, {
    year: c.year,
    line: c.line,
    amount_ore: c.amountOre,
    committed_on: c.committedOn,
    decision_id: c.decisionId,
    case_id: c.caseId,
    text: c.text,
    override_rule: record?.rule ?? null,
    override_reason: record?.reason ?? null,
    override_by: record?.decidedBy ?? null,
    override_on: record?.decidedOn ?? null,
    override_remaining_before_ore: record?.remainingBeforeOre ?? null,
    override_exceeding_ore: record?.exceedingOre ?? null,
    registered_by: actor.id,
  });
  await audit(trx, { actor: actor.id, action: record ? 'appropriation.override' : 'appropriation.commit', entity: 'appropriation_commitment', entityId: inserted.id, after: { ...c, override: record } });
  const [withCase] = (await store.commitmentsOf(trx, c.year)).filter((x) => x.id === inserted.id);
  return toCommitment(withCase!);
}

/** A commitment not made through a co-financing decision (follow-up and evaluation, business support totals). */
export async function addCommitment(
  db: Db,
  actor: Actor,
  year: number,
  input: { line: AppropriationLine; amountOre: Ore; committedOn: IsoDate; text: string; caseNumber?: string | null; override?: OverrideInput | null },
): Promise<CommitmentView> {
  authorize(actor, 'funding.decide');
  if (!APPROPRIATION_LINES.includes(input.line)) throw new DomainError('invalid-line', 'Okänd del av anslaget.');
  // business support commits through the register's decisions (supportService), so it is never counted twice
  if (input.line === 'business-support') throw new DomainError('business-support-from-register', 'Företagsstöd binder anslaget genom besluten i företagsstödsregistret. Registrera eller läs in besluten under Företagsstöd i stället.', { status: 422 });
  const on = assertIsoDate(input.committedOn, 'Datum för åtagandet');
  if (Number(on.slice(0, 4)) !== year) throw new DomainError('wrong-year', `Åtagandet är daterat ${on}, inte år ${year}.`);
  const text = requireText(input.text, 'Beskrivningen av åtagandet', 'text-required');
  if (!Number.isSafeInteger(input.amountOre) || input.amountOre <= 0) throw new DomainError('invalid-amount', 'Beloppet måste vara större än 0 kronor, i hela ören.');
  return db.tx(async (trx) => {
    const caseId = input.caseNumber ? (await diarium.getCase(trx, input.caseNumber)).id : null;
    return commit(trx, actor, { year, line: input.line, amountOre: input.amountOre, committedOn: on, text, caseId, decisionId: null, override: input.override ?? null });
  });
}

// ── for the state report (återrapportering) ─────────────────────────────

export interface YearCommitment {
  decisionId: number;
  applicationId: number;
  kind: 'grant' | 'extension';
  route: 'body' | 'delegation';
  caseNumber: string;
  applicant: string;
  projectName: string;
  source: FundingSource;
  /** The amount decided from this source: the cap (or its share of a split) for a grant, the added amount for an extension. */
  amountOre: Ore;
  decidedOn: string;
  priorityArea: string;
  priorityRank: string;
  /** The strategy's priority the decision names (migration 051), or null when its rank matched no record. */
  priority: { id: number; code: string; name: string } | null;
  euCofinancing: boolean;
}

/** The co-financing decisions granted in a year, one entry per funding source (a period-only extension has no amount and is left out). */
export async function commitmentsForYear(ex: Db | Executor, year: number): Promise<YearCommitment[]> {
  const e = executorOf(ex);
  const rows = await store.grantedInYear(e, year);
  const out: YearCommitment[] = [];
  for (const r of rows) {
    const base = {
      decisionId: r.id, applicationId: r.application_id, kind: r.kind, route: r.route, caseNumber: r.case_number, applicant: r.applicant_name, projectName: r.project_name,
      decidedOn: r.decided_on!, priorityArea: r.priority_area, priorityRank: r.priority_rank, euCofinancing: r.eu_cofinancing,
      priority: r.strategy_priority_id !== null && r.priority_name !== null ? { id: r.strategy_priority_id, code: r.priority_code!, name: r.priority_name } : null,
    };
    const shares = r.kind === 'grant' ? await store.sharesOf(e, r.application_id) : [];
    if (shares.length) for (const s of shares) out.push({ ...base, source: s.source, amountOre: s.amount_ore });
    else if (r.added_cap_ore > 0) out.push({ ...base, source: r.funding_source, amountOre: r.added_cap_ore });
  }
  return out;
}

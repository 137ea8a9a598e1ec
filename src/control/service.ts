/** The internal control plan: import from a report's text, risk assessment, actions and the risk matrix. */
import { createHash } from 'node:crypto';
import { audit, type Db } from '../db/index.ts';
import { DomainError, notFound } from '../kernel/errors.ts';
import { assertVersion } from '../kernel/version.ts';
import { authorize, SYSTEM, type Actor } from '../access/model.ts';
import { xlsx } from '../kernel/xlsx.ts';
import { planSheets } from './export.ts';
import {
  parseControlPlan,
  requireText,
  riskMatrix,
  riskValue,
  STATUS_LABEL,
  carryOverRisks,
  isOpenRisk,
  validateScale,
  type CarryRiskInput,
  validateStatus,
  type ActionStatus,
  type RiskLevel,
} from './model.ts';
import * as store from './store.ts';

export interface ActionView {
  id: number;
  position: number;
  text: string;
  regionWide: boolean;
  status: ActionStatus | null;
  statusLabel: string;
  comment: string | null;
  effect: string | null;
  effective: boolean | null;
  responsible: string | null;
  version: number;
  /** The status was set by the demo's constructed assessment (control/demo.ts), not by a person. */
  constructedStatus: boolean;
  /** The action of the year before it was carried over from, and the one it became in next year's plan. */
  carriedFromId: number | null;
  carriedToId: number | null;
}

export interface RiskView {
  id: number;
  position: number;
  area: string;
  risk: string;
  probability: number | null;
  consequence: number | null;
  riskValue: number | null;
  level: RiskLevel | null;
  /** Some action against the risk is region-wide (regionövergripande). */
  regionWide: boolean;
  actions: ActionView[];
  version: number;
  /** Probability and consequence were set by the demo's constructed assessment, not by a person. */
  constructedAssessment: boolean;
  /** The risk owner (riskägare), as written. */
  owner: string | null;
  /** The residual risk after the actions: probability × consequence once they are in place. */
  residualProbability: number | null;
  residualConsequence: number | null;
  residualValue: number | null;
  residualLevel: RiskLevel | null;
  /** Still open: an action open, none at all, or the residual risk medium or high (control/model.ts isOpenRisk). */
  open: boolean;
  /** The risk of the year before it came from, and the one it became next year. */
  carriedFrom: { riskId: number; planId: number; year: number } | null;
  carriedTo: { riskId: number; planId: number; year: number } | null;
}

export interface PlanSummary {
  id: number;
  title: string;
  year: number;
  sourceFile: string | null;
  riskCount: number;
  actionCount: number;
}

export interface PlanView extends PlanSummary {
  areas: string[];
  risks: RiskView[];
  matrix: ReturnType<typeof riskMatrix>;
  statusCounts: Record<ActionStatus | 'none', number>;
  /** Some assessment or status is constructed: shown as "Konstruerade exempelvärden". */
  constructed: boolean;
  /** Next year's plan the open risks were carried over to ("För över till nästa år"), once. */
  carriedTo: { planId: number; year: number } | null;
}

const toAction = (a: Awaited<ReturnType<typeof store.actionsOf>>[number]): ActionView => ({
  id: a.id,
  position: a.position,
  text: a.text,
  regionWide: a.region_wide,
  status: a.status,
  statusLabel: a.status ? STATUS_LABEL[a.status] : 'Ej angiven',
  comment: a.comment,
  effect: a.effect,
  effective: a.effective,
  responsible: a.responsible,
  version: a.version,
  // only the demo loader sets a status as the system: an import never does (statuses are pictures in the reports)
  constructedStatus: a.status !== null && a.updated_by === SYSTEM.id,
  carriedFromId: a.carried_from,
  carriedToId: null,
});

export async function listPlans(db: Db, actor: Actor): Promise<PlanSummary[]> {
  authorize(actor, 'control.read');
  const plans = await store.listPlans(db.kysely);
  const risks = await store.risksOf(db.kysely, plans.map((p) => p.id));
  const actions = await store.actionsOf(db.kysely, risks.map((r) => r.id));
  return plans.map((p) => {
    const mine = risks.filter((r) => r.plan_id === p.id);
    const ids = new Set(mine.map((r) => r.id));
    return { id: p.id, title: p.title, year: p.year, sourceFile: p.source_file, riskCount: mine.length, actionCount: actions.filter((a) => ids.has(a.risk_id)).length };
  });
}

export async function getPlan(db: Db, actor: Actor, id: number): Promise<PlanView> {
  authorize(actor, 'control.read');
  const p = await store.findPlan(db.kysely, id);
  if (!p) throw notFound('Internkontrollplanen', id);
  const risks = await store.risksOf(db.kysely, [id]);
  const actions = (await store.actionsOf(db.kysely, risks.map((r) => r.id))).map((a) => ({ riskId: a.risk_id, view: toAction(a) }));
  const actionTo = new Map((await store.carriedActionsFrom(db.kysely, actions.map((a) => a.view.id))).map((c) => [c.carried_from!, c.id]));
  for (const a of actions) a.view.carriedToId = actionTo.get(a.view.id) ?? null;
  const riskTo = new Map((await store.carriedRisksFrom(db.kysely, risks.map((r) => r.id))).map((c) => [c.carried_from!, { riskId: c.id, planId: c.plan_id, year: c.year }]));
  const riskFrom = new Map((await store.risksByIds(db.kysely, risks.flatMap((r) => (r.carried_from === null ? [] : [r.carried_from])))).map((c) => [c.id, { riskId: c.id, planId: c.plan_id, year: c.year }]));
  const views: RiskView[] = risks.map((r) => {
    const mine = actions.filter((a) => a.riskId === r.id).map((a) => a.view);
    const rv = riskValue(r.probability, r.consequence);
    const residual = riskValue(r.residual_probability, r.residual_consequence);
    const carry: CarryRiskInput = { ...r, residualProbability: r.residual_probability, residualConsequence: r.residual_consequence, actions: mine };
    return {
      id: r.id,
      position: r.position,
      area: r.area,
      risk: r.risk,
      probability: r.probability,
      consequence: r.consequence,
      riskValue: rv?.value ?? null,
      level: rv?.level ?? null,
      regionWide: mine.some((a) => a.regionWide),
      actions: mine,
      version: r.version,
      // likewise the assessment: an import leaves it empty, only the demo loader sets it as the system
      constructedAssessment: (r.probability !== null || r.consequence !== null) && r.updated_by === SYSTEM.id,
      owner: r.owner,
      residualProbability: r.residual_probability,
      residualConsequence: r.residual_consequence,
      residualValue: residual?.value ?? null,
      residualLevel: residual?.level ?? null,
      open: isOpenRisk(carry),
      carriedFrom: r.carried_from === null ? null : (riskFrom.get(r.carried_from) ?? null),
      carriedTo: riskTo.get(r.id) ?? null,
    };
  });
  const statusCounts: PlanView['statusCounts'] = { ongoing: 0, deviation: 0, done: 0, 'not-done': 0, none: 0 };
  for (const a of actions) statusCounts[a.view.status ?? 'none']++;
  return {
    id: p.id,
    title: p.title,
    year: p.year,
    sourceFile: p.source_file,
    riskCount: views.length,
    actionCount: actions.length,
    areas: [...new Set(views.map((r) => r.area))],
    risks: views,
    matrix: riskMatrix(views),
    statusCounts,
    constructed: views.some((r) => r.constructedAssessment || r.actions.some((a) => a.constructedStatus)),
    carriedTo: ((c) => (c ? { planId: c.planId, year: c.year } : null))(views.find((r) => r.carriedTo)?.carriedTo),
  };
}

/** The plan as an Excel workbook (control/export.ts). */
export async function planXlsx(db: Db, actor: Actor, id: number): Promise<{ year: number; file: Buffer }> {
  const plan = await getPlan(db, actor, id);
  return { year: plan.year, file: await xlsx(planSheets(plan)) };
}

export interface PlanImportInput {
  fileName: string;
  text: string;
  year: number;
  title?: string | null;
}

/**
 * Reads the internal control plan from a report's text (one transaction; the
 * same text twice changes nothing). Statuses and risk assessments are not in
 * the text layer and are set afterwards.
 */
export async function importPlan(db: Db, actor: Actor, input: PlanImportInput): Promise<{ created: boolean; planId: number; risks: number; actions: number }> {
  authorize(actor, 'control.edit');
  if (!Number.isInteger(input.year) || input.year < 1900 || input.year > 2100) throw new DomainError('invalid-year', 'Ange planens år (t.ex. 2020).');
  const fileName = requireText(input.fileName, 'Filnamnet', 255);
  const title = input.title?.trim() ? requireText(input.title, 'Rubriken', 300) : `Internkontrollplan ${input.year}`;
  const parsed = parseControlPlan(input.text);
  const sha256 = createHash('sha256').update(`${input.year}\n${input.text}`, 'utf8').digest('hex');
  return db.tx(async (trx) => {
    await store.lockPlans(trx);
    const seen = await store.findPlanBySource(trx, sha256);
    const actionCount = parsed.reduce((n, r) => n + r.actions.length, 0);
    if (seen) return { created: false, planId: seen.id, risks: parsed.length, actions: actionCount };
    const plan = await store.insertPlan(trx, { title, year: input.year, source_file: fileName, source_sha256: sha256, created_by: actor.id });
    for (const [i, r] of parsed.entries()) {
      const risk = await store.insertRisk(trx, { plan_id: plan.id, position: i + 1, area: r.area, risk: r.risk, probability: null, consequence: null, updated_by: actor.id });
      for (const [k, a] of r.actions.entries()) {
        await store.insertAction(trx, {
          risk_id: risk.id, position: k + 1, text: a.text, region_wide: a.regionWide, status: null, comment: a.comment, effect: a.effect, effective: a.effective, responsible: a.responsible, updated_by: actor.id,
        });
      }
    }
    await audit(trx, { actor: actor.id, action: 'control.import', entity: 'control_plan', entityId: plan.id, after: { fileName, year: input.year, risks: parsed.length, actions: actionCount } });
    return { created: true, planId: plan.id, risks: parsed.length, actions: actionCount };
  });
}

export interface RiskInput {
  area: string;
  risk: string;
  probability: number | null;
  consequence: number | null;
  /** The risk owner; the residual risk after the actions. Left out: unchanged (empty on a new risk). */
  owner?: string | null;
  residualProbability?: number | null;
  residualConsequence?: number | null;
}

const checkRisk = (r: RiskInput) => ({
  area: requireText(r.area, 'Området', 100),
  risk: requireText(r.risk, 'Risken', 2000),
  probability: validateScale(r.probability, 'Sannolikheten'),
  consequence: validateScale(r.consequence, 'Konsekvensen'),
  ...(r.owner !== undefined ? { owner: r.owner?.trim() ? requireText(r.owner, 'Riskägaren', 200) : null } : {}),
  ...(r.residualProbability !== undefined ? { residual_probability: validateScale(r.residualProbability, 'Sannolikheten') } : {}),
  ...(r.residualConsequence !== undefined ? { residual_consequence: validateScale(r.residualConsequence, 'Konsekvensen') } : {}),
});

export async function addRisk(db: Db, actor: Actor, planId: number, input: RiskInput): Promise<RiskView> {
  authorize(actor, 'control.edit');
  const r = checkRisk(input);
  const id = await db.tx(async (trx) => {
    await store.lockPlans(trx);
    if (!(await store.findPlan(trx, planId))) throw notFound('Internkontrollplanen', planId);
    const row = await store.insertRisk(trx, { plan_id: planId, position: await store.nextRiskPosition(trx, planId), ...r, updated_by: actor.id });
    await audit(trx, { actor: actor.id, action: 'control.risk', entity: 'control_risk', entityId: row.id, after: row });
    return row.id;
  });
  return riskView(db, actor, id);
}

/** Changes a risk and its assessment (probability × consequence); refused when based on an old version. */
export async function updateRisk(db: Db, actor: Actor, riskId: number, input: RiskInput & { version: number }): Promise<RiskView> {
  authorize(actor, 'control.edit');
  const r = checkRisk(input);
  await db.tx(async (trx) => {
    await store.lockPlans(trx);
    const before = await store.findRisk(trx, riskId);
    if (!before) throw notFound('Risken', riskId);
    assertVersion(before.version, input.version, 'Risken', before.updated_by);
    const after = await store.updateRisk(trx, riskId, r, actor.id);
    await audit(trx, { actor: actor.id, action: 'control.risk', entity: 'control_risk', entityId: riskId, before, after });
  });
  return riskView(db, actor, riskId);
}

export interface ActionInput {
  text: string;
  regionWide?: boolean;
  status?: ActionStatus | null;
  comment?: string | null;
  effect?: string | null;
  effective?: boolean | null;
  responsible?: string | null;
}

const optText = (v: string | null | undefined, what: string, max: number) => (v?.trim() ? requireText(v, what, max) : null);

const checkAction = (a: ActionInput) => ({
  text: requireText(a.text, 'Åtgärden', 2000),
  region_wide: a.regionWide ?? false,
  status: validateStatus(a.status),
  comment: optText(a.comment, 'Kommentaren', 5000),
  effect: optText(a.effect, 'Svaret om åtgärdens effekt', 5000),
  effective: a.effective ?? null,
  responsible: optText(a.responsible, 'Ansvarig', 200),
});

export async function addAction(db: Db, actor: Actor, riskId: number, input: ActionInput): Promise<RiskView> {
  authorize(actor, 'control.edit');
  const a = checkAction(input);
  await db.tx(async (trx) => {
    await store.lockPlans(trx);
    if (!(await store.findRisk(trx, riskId))) throw notFound('Risken', riskId);
    const row = await store.insertAction(trx, { risk_id: riskId, position: await store.nextActionPosition(trx, riskId), ...a, updated_by: actor.id });
    await audit(trx, { actor: actor.id, action: 'control.action', entity: 'control_action', entityId: row.id, after: row });
  });
  return riskView(db, actor, riskId);
}

/** Changes an action: its status (Pågående, Avvikelse, Avslutad, Ej genomförd), comment and whether it worked. */
export async function updateAction(db: Db, actor: Actor, actionId: number, input: ActionInput & { version: number }): Promise<RiskView> {
  authorize(actor, 'control.edit');
  const a = checkAction(input);
  const riskId = await db.tx(async (trx) => {
    await store.lockPlans(trx);
    const before = await store.findAction(trx, actionId);
    if (!before) throw notFound('Åtgärden', actionId);
    assertVersion(before.version, input.version, 'Åtgärden', before.updated_by);
    const after = await store.updateAction(trx, actionId, a, actor.id);
    await audit(trx, { actor: actor.id, action: 'control.action', entity: 'control_action', entityId: actionId, before, after });
    return before.risk_id;
  });
  return riskView(db, actor, riskId);
}

async function riskView(db: Db, actor: Actor, riskId: number): Promise<RiskView> {
  const r = await store.findRisk(db.kysely, riskId);
  if (!r) throw notFound('Risken', riskId);
  return (await getPlan(db, actor, r.plan_id)).risks.find((x) => x.id === riskId)!;
}

export interface CarryOverResult {
  /** Next year's plan: found (the latest of that year) or created. */
  planId: number;
  year: number;
  createdPlan: boolean;
  risks: number;
  actions: number;
}

/**
 * "För över till nästa år": the plan's open risks with their open actions
 * become entries of next year's plan (the latest plan of that year, or a new
 * one), each linked to its origin. Refused the second time (the origin links
 * are unique too, so two requests at once cannot both do it). One transaction.
 */
export async function carryOver(db: Db, actor: Actor, planId: number): Promise<CarryOverResult> {
  authorize(actor, 'control.edit');
  const view = await getPlan(db, actor, planId);
  return db.tx(async (trx) => {
    await store.lockPlans(trx);
    const risks = await store.risksOf(trx, [planId]);
    const done = await store.carriedRisksFrom(trx, risks.map((r) => r.id));
    if (done.length) {
      throw new DomainError('control-already-carried', `Internkontrollplanen ${view.year} är redan överförd till ${done[0]!.year} (${done.length} risker). Ändra i den planen i stället.`, { status: 409 });
    }
    const actions = await store.actionsOf(trx, risks.map((r) => r.id));
    const carried = carryOverRisks(
      risks.map((r) => ({
        id: r.id, area: r.area, risk: r.risk, owner: r.owner, probability: r.probability, consequence: r.consequence, residualProbability: r.residual_probability, residualConsequence: r.residual_consequence,
        actions: actions.filter((a) => a.risk_id === r.id).map((a) => ({ id: a.id, text: a.text, regionWide: a.region_wide, status: a.status, responsible: a.responsible })),
      })),
    );
    if (!carried.length) throw new DomainError('control-nothing-open', `Internkontrollplanen ${view.year} har inga öppna risker eller åtgärder att föra över.`, { status: 422 });
    const year = view.year + 1;
    if (year > 2100) throw new DomainError('invalid-year', 'Nästa år ligger utanför 1900–2100.');
    const existing = await store.latestPlanOfYear(trx, year);
    const next = existing ?? (await store.insertPlan(trx, { title: `Internkontrollplan ${year}`, year, source_file: null, source_sha256: null, created_by: actor.id }));
    let position = await store.nextRiskPosition(trx, next.id);
    let actionCount = 0;
    for (const r of carried) {
      const row = await store.insertRisk(trx, {
        plan_id: next.id, position: position++, area: r.area, risk: r.risk, owner: r.owner, probability: r.probability, consequence: r.consequence, updated_by: actor.id, carried_from: r.fromId,
      });
      for (const [k, a] of r.actions.entries()) {
        await store.insertAction(trx, {
          risk_id: row.id, position: k + 1, text: a.text, region_wide: a.regionWide, status: null, comment: null, effect: null, effective: null, responsible: a.responsible, updated_by: actor.id, carried_from: a.fromId,
        });
        actionCount++;
      }
    }
    await audit(trx, { actor: actor.id, action: 'control.carry-over', entity: 'control_plan', entityId: planId, after: { to: next.id, year, createdPlan: !existing, risks: carried.length, actions: actionCount } });
    return { planId: next.id, year, createdPlan: !existing, risks: carried.length, actions: actionCount };
  });
}

/** The internal control follow-up of a year: its plans as views (a section of the delårsrapport and the verksamhetsberättelse). */
export async function followUpOfYear(db: Db, actor: Actor, year: number): Promise<PlanView[]> {
  authorize(actor, 'control.read');
  const plans = await store.plansOfYear(db.kysely, year);
  return Promise.all(plans.map((p) => getPlan(db, actor, p.id)));
}

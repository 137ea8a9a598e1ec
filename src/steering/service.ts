/** Use cases for business plans: import, the tree, edits, versions, comparison, adoption and follow-up. */
import { createHash } from 'node:crypto';
import { audit, executorOf, type Db, type Executor } from '../db/index.ts';
import { DomainError, notFound } from '../kernel/errors.ts';
import { assertIsoDate, todayInStockholm } from '../kernel/dates.ts';
import { assertVersion } from '../kernel/version.ts';
import { mailFailureText, mailTransport, openMailer } from '../kernel/mail.ts';
import { xlsx } from '../kernel/xlsx.ts';
import { canonicalDecimal } from '../kpi/decimal.ts';
import { authorize, can, type Actor } from '../access/model.ts';
import * as meetings from '../meetings/service.ts';
import * as control from '../control/service.ts';
import {
  compareTrees,
  countKinds,
  describeTargetRule,
  KIND_LABEL,
  MATRIX_LEVELS,
  mayContain,
  parseOrigin,
  parseTargetRule,
  REPORT_KIND_LABEL,
  renderOrigin,
  squash,
  STATUS_LABEL,
  summaryMatrix,
  validateOrigin,
  validatePeriod,
  validateStatus,
  type Comparison,
  type ItemKind,
  type KindCounts,
  type MatrixRow,
  type Origin,
  type PlanNode,
  type ReportKind,
  type Status,
  type TargetRule,
} from './model.ts';
import { baseline2025FromWorkshop, draftFromWorkshop, parseWorkshop } from './parse004.ts';
import { rollUp, type Rolled, type RollupInput } from './rollup.ts';
import { carryOver, originMatrix, planReminders, reminderSubject, reminderText, validateEmail, type OriginMatrixRow } from './followUp.ts';
import * as store from './store.ts';
import { attachKpis, setKpiLink, type KpiLinkFields } from './kpiLinks.ts';

export interface PlanSummary {
  id: number;
  bodyId: number;
  year: number;
  title: string;
  state: 'draft' | 'adopted';
  adoptedOn: string | null;
  version: number;
}

/** With its indicator series when it is a styrtal (kpiLinks.ts, issue 17.3). */
export interface PlanItemView extends KpiLinkFields {
  id: number;
  kind: ItemKind;
  kindLabel: string;
  number: string | null;
  title: string | null;
  text: string;
  origin: Origin | null;
  /** The origin as the papers write it: "FM 2026", "Förslag till DN 2026". */
  originText: string | null;
  target: TargetRule | null;
  targetText: string | null;
  assignee: string | null;
  note: string | null;
  /** Who answers for the item (a name as written), and by when (ISO). */
  responsible: string | null;
  deadline: string | null;
  /** The responsible person's e-mail address (reminders go to it); null for those without plan.edit (the public, members). */
  responsibleEmail: string | null;
  /** The account the responsible person is linked to (PUT /api/plan-items/:id/responsible-account); null for those without plan.edit, like the address. */
  responsibleUserId: number | null;
  version: number;
  children: PlanItemView[];
}

export interface VersionSummary {
  id: number;
  number: number;
  label: string;
  source: 'snapshot' | 'adopted' | 'derived';
  createdBy: string;
  createdAt: string;
}

export interface PlanView extends PlanSummary {
  bodyName: string;
  counts: KindCounts;
  items: PlanItemView[];
  versions: VersionSummary[];
}

type PlanRow = NonNullable<Awaited<ReturnType<typeof store.findPlan>>>;

const toSummary = (p: Omit<PlanRow, 'body_name'>): PlanSummary => ({
  id: p.id,
  bodyId: p.body_id,
  year: p.year,
  title: p.title,
  state: p.state,
  adoptedOn: p.adopted_on,
  version: p.version,
});

const toVersion = (v: Awaited<ReturnType<typeof store.versionsOf>>[number]): VersionSummary => ({
  id: v.id,
  number: v.number,
  label: v.label,
  source: v.source,
  createdBy: v.created_by,
  createdAt: new Date(v.created_at).toISOString(),
});

function buildTree(rows: store.ItemRow[], opts: { emails: boolean } = { emails: true }): PlanItemView[] {
  const byParent = new Map<number | null, store.ItemRow[]>();
  for (const r of rows) byParent.set(r.parent_id, [...(byParent.get(r.parent_id) ?? []), r]);
  const make = (parent: number | null): PlanItemView[] =>
    (byParent.get(parent) ?? [])
      .sort((a, b) => a.position - b.position || a.id - b.id)
      .map((r) => ({
        id: r.id,
        kind: r.kind,
        kindLabel: KIND_LABEL[r.kind],
        number: r.number,
        title: r.title,
        text: r.text,
        origin: r.origin,
        originText: r.origin ? renderOrigin(r.origin) : null,
        target: r.target,
        targetText: r.target ? describeTargetRule(r.target) || null : null,
        assignee: r.assignee,
        note: r.note,
        responsible: r.responsible,
        deadline: r.deadline,
        responsibleEmail: opts.emails ? r.responsible_email : null,
        responsibleUserId: opts.emails ? r.responsible_user_id : null,
        version: r.version,
        children: make(r.id),
      }));
  return make(null);
}

/** The tree without ids: what a version snapshot keeps. */
export function toNodes(items: readonly PlanItemView[]): PlanNode[] {
  return items.map((i) => ({
    kind: i.kind,
    number: i.number,
    title: i.title,
    text: i.text,
    origin: i.origin,
    target: i.target,
    assignee: i.assignee,
    note: i.note,
    children: toNodes(i.children),
  }));
}

/** Adopted plans are public; drafts only for signed-in staff. */
function mayRead(actor: Actor, plan: { state: 'draft' | 'adopted' }): void {
  if (plan.state === 'draft') authorize(actor, 'plan.read-draft');
}

async function loadPlan(ex: Executor, id: number): Promise<PlanRow> {
  const p = await store.findPlan(ex, id);
  if (!p) throw notFound('Verksamhetsplanen', id);
  return p;
}

function assertDraft(p: { state: string; year: number }): void {
  if (p.state === 'adopted') {
    throw new DomainError('plan-adopted', `Verksamhetsplan ${p.year} är fastställd och kan inte ändras.`, { status: 409 });
  }
}

export async function listPlans(db: Db, actor: Actor, bodyId: number): Promise<PlanSummary[]> {
  await meetings.getBody(db, bodyId);
  const rows = await store.plansOf(db.kysely, bodyId);
  return rows.filter((p) => p.state === 'adopted' || can(actor, 'plan.read-draft')).map(toSummary);
}

export async function getPlan(db: Db | Executor, actor: Actor, id: number): Promise<PlanView> {
  const ex = executorOf(db);
  const p = await loadPlan(ex, id);
  mayRead(actor, p);
  // the responsible persons' addresses are personal data: only for those who follow up (plan.edit), never on the public plan
  const items = buildTree(await store.itemsOf(ex, id), { emails: can(actor, 'plan.edit') });
  await attachKpis(ex, id, items);
  return { ...toSummary(p), bodyName: p.body_name, counts: countKinds(toNodes(items)), items, versions: (await store.versionsOf(ex, id)).map(toVersion) };
}

async function insertTree(trx: Executor, planId: number, nodes: readonly PlanNode[], parentId: number | null, by: string): Promise<number> {
  let n = 0;
  for (const [position, x] of nodes.entries()) {
    const id = await store.insertItem(trx, {
      plan_id: planId, parent_id: parentId, position, kind: x.kind, number: x.number, title: x.title, text: x.text,
      origin: x.origin, target: x.target, assignee: x.assignee, note: x.note, updated_by: by,
    });
    n += 1 + (await insertTree(trx, planId, x.children, id, by));
  }
  return n;
}

export interface ImportResult {
  planId: number;
  year: number;
  created: boolean;
  items: number;
  counts: KindCounts;
}

/**
 * Reads a plan workshop paper (like seed 004) into a draft plan for the year
 * it prepares. Also records two versions: what the paper shows of the earlier
 * year's plan (derived, partial) and the imported draft. The same paper a
 * second time changes nothing.
 */
export async function importWorkshop(db: Db, actor: Actor, bodyId: number, input: { text: string; fileName?: string }): Promise<ImportResult> {
  authorize(actor, 'plan.edit');
  if (typeof input.text !== 'string' || input.text.length < 100) {
    throw new DomainError('workshop-too-short', 'Texten är för kort för att vara ett underlag för verksamhetsplan.', { status: 422 });
  }
  const sha = createHash('sha256').update(input.text, 'utf8').digest('hex');
  const w = parseWorkshop(input.text);
  if (!w.year) throw new DomainError('workshop-no-year', 'Underlaget säger inte vilket år planen gäller ("Utkast Vp 2026").', { status: 422 });
  const draft = draftFromWorkshop(w);
  const baseline = baseline2025FromWorkshop(w);
  return db.tx(async (trx) => {
    await meetings.getBody(trx, bodyId);
    await store.lockPlan(trx, bodyId, w.year);
    const existing = await store.findPlanByYear(trx, bodyId, w.year);
    if (existing) {
      if (existing.source_sha256 === sha) {
        const items = await store.itemsOf(trx, existing.id);
        return { planId: existing.id, year: w.year, created: false, items: items.length, counts: countKinds(toNodes(buildTree(items))) };
      }
      throw new DomainError('plan-exists', `Nämnden har redan en verksamhetsplan för ${w.year}; ändra den i stället för att läsa in ett nytt underlag.`, { status: 409 });
    }
    const plan = await store.insertPlan(trx, { body_id: bodyId, year: w.year, title: `Verksamhetsplan med budget ${w.year}`, source_sha256: sha, updated_by: actor.id });
    const items = await insertTree(trx, plan.id, draft, null, actor.id);
    await store.insertVersion(trx, {
      plan_id: plan.id,
      label: `VP ${w.year - 1} enligt underlaget (härledd: det underlaget visar av föregående års plan)`,
      source: 'derived',
      snapshot: baseline,
      created_by: actor.id,
    });
    await store.insertVersion(trx, { plan_id: plan.id, label: `Utkast VP ${w.year} (inläst ur ${input.fileName ?? 'underlaget'})`, source: 'snapshot', snapshot: draft, created_by: actor.id });
    await audit(trx, { actor: actor.id, action: 'plan.import', entity: 'business_plan', entityId: plan.id, after: { year: w.year, sha256: sha, items } });
    return { planId: plan.id, year: w.year, created: true, items, counts: countKinds(draft) };
  });
}

export interface ItemInput {
  text: string;
  title?: string | null;
  number?: string | null;
  origin?: Origin | null;
  assignee?: string | null;
  note?: string | null;
  responsible?: string | null;
  deadline?: string | null;
  /** The responsible person's e-mail address, for reminders. */
  responsibleEmail?: string | null;
  /** The origin as the papers write it ("Förslag till DN 2026"); when given it replaces `origin` ('' or null: none). */
  originText?: string | null;
  /** A styrtal's indicator series (null: none); left out, the link stays. */
  kpiSeriesId?: number | null;
}

function originFromText(text: string | null): Origin | null {
  const t = squash(text ?? '').replace(/^\((.*)\)$/, '$1');
  if (!t) return null;
  const o = parseOrigin(t);
  if (!o) throw new DomainError('invalid-origin', `Ursprunget "${t.slice(0, 60)}" kan inte tolkas; skriv t.ex. FM 2026, DN 2025, Förslag till DN 2026 eller Från 2025.`);
  return o;
}

function cleanInput(kind: ItemKind, input: ItemInput) {
  const text = squash(input.text ?? '');
  if (!text || text.length > 2000) throw new DomainError('invalid-text', `${KIND_LABEL[kind]} ska ha en text på 1–2 000 tecken.`);
  const number = input.number == null ? null : squash(input.number);
  if (number !== null && !/^\d{1,3}(?:\.\d{1,3}){0,3}$/.test(number)) throw new DomainError('invalid-number', `Numret "${number.slice(0, 20)}" ska vara t.ex. 4, 4.1.1 eller 29.`);
  const deadline = input.deadline == null || input.deadline === '' ? null : assertIsoDate(input.deadline, 'Sista datum');
  const responsible = input.responsible == null ? null : squash(input.responsible) || null;
  if (responsible && responsible.length > 200) throw new DomainError('invalid-responsible', 'Ansvarig ska vara högst 200 tecken.');
  return {
    text,
    number,
    title: input.title == null ? null : squash(input.title) || null,
    origin: input.originText !== undefined ? originFromText(input.originText) : validateOrigin(input.origin),
    target: kind === 'indicator' ? parseTargetRule(text) : null,
    assignee: input.assignee == null ? null : squash(input.assignee) || null,
    note: input.note == null ? null : squash(input.note) || null,
    responsible,
    deadline,
    responsible_email: validateEmail(input.responsibleEmail),
  };
}

const staleItem = (kind: ItemKind, yours: number, now: number | undefined) =>
  now === undefined
    ? new DomainError('stale-version', `${KIND_LABEL[kind]} har tagits bort sedan du hämtade den. Ladda om.`, { status: 409 })
    : new DomainError('stale-version', `${KIND_LABEL[kind]} har ändrats sedan du hämtade den (din version ${yours}, nu ${now}). Ladda om och gör ändringen igen.`, { status: 409 });

/** Changes an item of a draft; the change names the version it was based on. */
export async function updateItem(db: Db, actor: Actor, itemId: number, input: ItemInput & { version: number }): Promise<PlanItemView> {
  authorize(actor, 'plan.edit');
  return db.tx(async (trx) => {
    const before = await store.findItem(trx, itemId);
    if (!before) throw notFound('Posten', itemId);
    const plan = await loadPlan(trx, before.plan_id);
    await store.lockPlan(trx, plan.body_id, plan.year);
    assertDraft(plan);
    const { version: _v, ...changes } = input;
    const f = cleanInput(before.kind, {
      title: before.title, number: before.number, origin: before.origin, assignee: before.assignee, note: before.note, responsible: before.responsible, deadline: before.deadline,
      responsibleEmail: before.responsible_email,
      ...changes,
    });
    if (!(await store.updateItem(trx, itemId, input.version, { ...f, updated_by: actor.id }))) {
      throw staleItem(before.kind, input.version, (await store.findItem(trx, itemId))?.version);
    }
    if (input.kpiSeriesId !== undefined) await setKpiLink(trx, actor, before, input.kpiSeriesId);
    await store.touchPlan(trx, plan.id, actor.id);
    await audit(trx, { actor: actor.id, action: 'plan.item', entity: 'business_plan_item', entityId: itemId, before, after: f });
    return findView(buildTree(await store.itemsOf(trx, plan.id)), itemId)!;
  });
}

function findView(items: PlanItemView[], id: number): PlanItemView | undefined {
  for (const i of items) {
    if (i.id === id) return i;
    const c = findView(i.children, id);
    if (c) return c;
  }
  return undefined;
}

/** Adds an item to a draft, last under its parent (null: a new målsättning or area at the top). */
export async function addItem(db: Db, actor: Actor, planId: number, input: ItemInput & { kind: ItemKind; parentId: number | null }): Promise<PlanItemView> {
  authorize(actor, 'plan.edit');
  return db.tx(async (trx) => {
    const plan = await loadPlan(trx, planId);
    await store.lockPlan(trx, plan.body_id, plan.year);
    assertDraft(plan);
    let parentKind: ItemKind | null = null;
    if (input.parentId != null) {
      const parent = await store.findItem(trx, input.parentId);
      if (!parent || parent.plan_id !== planId) throw new DomainError('unknown-parent', `Post ${input.parentId} finns inte i verksamhetsplan ${plan.year}.`, { status: 422 });
      parentKind = parent.kind;
    }
    if (!mayContain(parentKind, input.kind)) {
      throw new DomainError('invalid-parent', `${KIND_LABEL[input.kind]} kan inte ligga ${parentKind ? `under ${KIND_LABEL[parentKind].toLowerCase()}` : 'högst upp i planen'}.`, { status: 422 });
    }
    const f = cleanInput(input.kind, input);
    const position = await store.nextPosition(trx, planId, input.parentId ?? null);
    const id = await store.insertItem(trx, { plan_id: planId, parent_id: input.parentId ?? null, position, kind: input.kind, ...f, updated_by: actor.id });
    if (input.kpiSeriesId != null) await setKpiLink(trx, actor, { id, kind: input.kind }, input.kpiSeriesId);
    await store.touchPlan(trx, planId, actor.id);
    await audit(trx, { actor: actor.id, action: 'plan.item.add', entity: 'business_plan_item', entityId: id, after: { kind: input.kind, ...f } });
    return findView(buildTree(await store.itemsOf(trx, planId)), id)!;
  });
}

/** Removes an item (and what hangs under it) from a draft, if nobody has changed it since `version`. */
export async function removeItem(db: Db, actor: Actor, itemId: number, version: number): Promise<void> {
  authorize(actor, 'plan.edit');
  await db.tx(async (trx) => {
    const before = await store.findItem(trx, itemId);
    if (!before) throw notFound('Posten', itemId);
    const plan = await loadPlan(trx, before.plan_id);
    await store.lockPlan(trx, plan.body_id, plan.year);
    assertDraft(plan);
    const all = await store.itemsOf(trx, plan.id);
    const removed = [...subtree(all, itemId)].length;
    if (!(await store.deleteItem(trx, itemId, version))) throw staleItem(before.kind, version, (await store.findItem(trx, itemId))?.version);
    await store.touchPlan(trx, plan.id, actor.id);
    await audit(trx, { actor: actor.id, action: 'plan.item.remove', entity: 'business_plan_item', entityId: itemId, before: { ...before, items: removed } });
  });
}

/** The ids of an item and everything under it. */
function* subtree(rows: readonly store.ItemRow[], id: number): Generator<number> {
  yield id;
  for (const r of rows) if (r.parent_id === id) yield* subtree(rows, r.id);
}

/**
 * Moves an item of a draft: under another parent (null: the top of the plan) and/or to
 * another place among its siblings (0 first; left out: last). What hangs under it moves with it.
 */
export async function moveItem(db: Db, actor: Actor, itemId: number, input: { parentId: number | null; position?: number; version: number }): Promise<PlanItemView> {
  authorize(actor, 'plan.edit');
  return db.tx(async (trx) => {
    const item = await store.findItem(trx, itemId);
    if (!item) throw notFound('Posten', itemId);
    const plan = await loadPlan(trx, item.plan_id);
    await store.lockPlan(trx, plan.body_id, plan.year);
    assertDraft(plan);
    const rows = await store.itemsOf(trx, plan.id);
    const parentId = input.parentId ?? null;
    let parentKind: ItemKind | null = null;
    if (parentId !== null) {
      const parent = rows.find((r) => r.id === parentId);
      if (!parent) throw new DomainError('unknown-parent', `Post ${parentId} finns inte i verksamhetsplan ${plan.year}.`, { status: 422 });
      if ([...subtree(rows, itemId)].includes(parentId)) {
        throw new DomainError('move-into-itself', `${KIND_LABEL[item.kind]} kan inte flyttas in under sig själv eller det som hör till den.`, { status: 422 });
      }
      parentKind = parent.kind;
    }
    if (!mayContain(parentKind, item.kind)) {
      throw new DomainError('invalid-parent', `${KIND_LABEL[item.kind]} kan inte ligga ${parentKind ? `under ${KIND_LABEL[parentKind].toLowerCase()}` : 'högst upp i planen'}.`, { status: 422 });
    }
    if (!(await store.moveItem(trx, itemId, input.version, parentId, actor.id))) throw staleItem(item.kind, input.version, (await store.findItem(trx, itemId))?.version);
    const siblings = rows.filter((r) => r.parent_id === parentId && r.id !== itemId).sort((a, b) => a.position - b.position || a.id - b.id);
    const at = Math.max(0, Math.min(input.position ?? siblings.length, siblings.length));
    siblings.splice(at, 0, { ...item, position: -1 });
    await store.setPositions(trx, siblings);
    await store.touchPlan(trx, plan.id, actor.id);
    await audit(trx, {
      actor: actor.id, action: 'plan.item.move', entity: 'business_plan_item', entityId: itemId,
      before: { parentId: item.parent_id, position: item.position }, after: { parentId, position: at },
    });
    return findView(buildTree(await store.itemsOf(trx, plan.id)), itemId)!;
  });
}

/** Keeps the plan as it stands now as a numbered version. */
export async function snapshot(db: Db, actor: Actor, planId: number, label: string): Promise<VersionSummary> {
  authorize(actor, 'plan.edit');
  const l = squash(label ?? '');
  if (!l || l.length > 200) throw new DomainError('invalid-label', 'Ge versionen ett namn på 1–200 tecken, t.ex. "Utkast till nämnden 1 oktober".');
  return db.tx(async (trx) => {
    const plan = await loadPlan(trx, planId);
    await store.lockPlan(trx, plan.body_id, plan.year);
    const nodes = toNodes(buildTree(await store.itemsOf(trx, planId)));
    const v = await store.insertVersion(trx, { plan_id: planId, label: l, source: 'snapshot', snapshot: nodes, created_by: actor.id });
    await audit(trx, { actor: actor.id, action: 'plan.version', entity: 'business_plan', entityId: planId, after: { number: v.number, label: l } });
    return toVersion(v);
  });
}

async function versionNodes(ex: Executor, planId: number, ref: number | 'current'): Promise<{ label: string; nodes: PlanNode[] }> {
  if (ref === 'current') return { label: 'Nuvarande lydelse', nodes: toNodes(buildTree(await store.itemsOf(ex, planId))) };
  const v = await store.findVersion(ex, planId, ref);
  if (!v) throw notFound('Versionen', ref);
  return { label: `${v.number}. ${v.label}`, nodes: v.snapshot as PlanNode[] };
}

export interface ComparisonView extends Comparison {
  from: string;
  to: string;
}

/** Compares two versions of a plan ("current" for the plan as it stands). */
export async function compareVersions(db: Db, actor: Actor, planId: number, from: number | 'current', to: number | 'current'): Promise<ComparisonView> {
  const plan = await loadPlan(db.kysely, planId);
  mayRead(actor, plan);
  const a = await versionNodes(db.kysely, planId, from);
  const b = await versionNodes(db.kysely, planId, to);
  return { from: a.label, to: b.label, ...compareTrees(a.nodes, b.nodes) };
}

/** The body adopts the plan: it becomes read-only and public, and its text is kept as a version. */
export async function adopt(db: Db, actor: Actor, planId: number, input: { version: number; adoptedOn?: string }): Promise<PlanView> {
  authorize(actor, 'plan.adopt');
  const on = input.adoptedOn ?? todayInStockholm();
  assertIsoDate(on);
  await db.tx(async (trx) => {
    const plan = await loadPlan(trx, planId);
    await store.lockPlan(trx, plan.body_id, plan.year);
    assertDraft(plan);
    const fresh = await store.findPlan(trx, planId);
    if (fresh!.version !== input.version) {
      throw new DomainError('stale-version', `Verksamhetsplanen har ändrats sedan du hämtade den (din version ${input.version}, nu ${fresh!.version}). Ladda om och granska ändringarna innan du fastställer.`, { status: 409 });
    }
    const nodes = toNodes(buildTree(await store.itemsOf(trx, planId)));
    if (!nodes.length) throw new DomainError('plan-empty', 'En tom verksamhetsplan kan inte fastställas.', { status: 409 });
    await store.adoptPlan(trx, planId, on, actor.id);
    await store.insertVersion(trx, { plan_id: planId, label: `Fastställd ${on}`, source: 'adopted', snapshot: nodes, created_by: actor.id });
    await audit(trx, { actor: actor.id, action: 'plan.adopt', entity: 'business_plan', entityId: planId, after: { adoptedOn: on } });
  });
  return getPlan(db, actor, planId);
}

// ------------------------------------------------------------------ follow-up

export type ReportState = 'open' | 'submitted' | 'locked';
export const REPORT_STATE_LABEL: Record<ReportState, string> = { open: 'Öppen', submitted: 'Inlämnad', locked: 'Låst' };

export interface ReportSummary {
  id: number;
  planId: number;
  kind: ReportKind;
  kindLabel: string;
  period: string;
  asOf: string;
  /** open → submitted → locked; entries are written only while open, a locked report is read-only. */
  state: ReportState;
  stateLabel: string;
  submittedAt: string | null;
  submittedBy: string | null;
  lockedAt: string | null;
  lockedBy: string | null;
  /** The last day the responsible persons have to fill in and sign off their items (ISO); reminders name it. */
  deadline: string | null;
  /** A helår report started from the delår: the report its entries were carried over from. */
  carriedFromId: number | null;
  version: number;
}

export interface ReportItemView extends Omit<PlanItemView, 'children'> {
  /** The status the item is reported with: entered, rolled up from its children, or overridden (see rollup.ts). */
  status: Status | null;
  statusSource: Rolled['source'];
  /** The status entered for the item itself, and what its children give. */
  enteredStatus: Status | null;
  fromChildren: Status | null;
  /** Why the controller overrode the rolled-up status. */
  overrideReason: string | null;
  outcome: string | null;
  /** A styrtal's outcome as an exact decimal ("6.3") and its unit ("%"). */
  outcomeValue: string | null;
  outcomeUnit: string | null;
  comment: string | null;
  /** Prognos beside utfall (styrtal only): the expected value for the year, in the outcome's unit, and a comment. */
  forecastValue: string | null;
  forecastComment: string | null;
  /** The responsible person's sign-off: who (a user) and when; cleared when the entry changes after it. */
  signedOffBy: string | null;
  signedOffAt: string | null;
  /** The entry still holds what was carried over from the delår, unchanged. */
  carriedOver: boolean;
  entryVersion: number | null;
  children: ReportItemView[];
}

export interface ReminderView {
  id: number;
  responsible: string;
  address: string;
  items: number;
  status: 'pending' | 'sent' | 'failed';
  error: string | null;
  sentBy: string;
  createdAt: string;
  sentAt: string | null;
}

export interface ReportView extends ReportSummary {
  bodyName: string;
  planYear: number;
  planTitle: string;
  matrix: MatrixRow[];
  /** The summary per level and origin (regionfullmäktige / nämnden) as the papers print it, each cell with its items. */
  originMatrix: OriginMatrixRow[];
  carriedFromName: string | null;
  /** Reminders sent for the report, newest first (plan.edit only: they hold addresses). */
  reminders: ReminderView[] | null;
  items: ReportItemView[];
}

type ReportRow = NonNullable<Awaited<ReturnType<typeof store.findReport>>>;

const iso = (d: Date | string | null) => (d == null ? null : new Date(d).toISOString());

const toReport = (r: ReportRow): ReportSummary => ({
  id: r.id,
  planId: r.plan_id,
  kind: r.kind,
  kindLabel: REPORT_KIND_LABEL[r.kind],
  period: r.period,
  asOf: r.as_of,
  state: r.state,
  stateLabel: REPORT_STATE_LABEL[r.state],
  submittedAt: iso(r.submitted_at),
  submittedBy: r.submitted_by,
  lockedAt: iso(r.locked_at),
  lockedBy: r.locked_by,
  deadline: r.deadline,
  carriedFromId: r.carried_from,
  version: r.version,
});

export async function listReports(db: Db, actor: Actor, planId: number): Promise<ReportSummary[]> {
  const plan = await loadPlan(db.kysely, planId);
  mayRead(actor, plan);
  return (await store.reportsOf(db.kysely, planId)).map(toReport);
}

/** Starts a delårsrapport or verksamhetsberättelse for an adopted plan. */
export async function createReport(db: Db, actor: Actor, planId: number, input: { kind: ReportKind; period: string; asOf: string; deadline?: string | null }): Promise<ReportSummary> {
  authorize(actor, 'plan.edit');
  const period = validatePeriod(input.period);
  assertIsoDate(input.asOf);
  const deadline = input.deadline ? assertIsoDate(input.deadline, 'Sista dag') : null;
  return db.tx(async (trx) => {
    const plan = await loadPlan(trx, planId);
    if (plan.state !== 'adopted') {
      throw new DomainError('plan-not-adopted', `Verksamhetsplan ${plan.year} är inte fastställd; uppföljningen avser en fastställd plan.`, { status: 409 });
    }
    if (await store.findReportByPeriod(trx, planId, input.kind, period)) {
      throw new DomainError('report-exists', `${REPORT_KIND_LABEL[input.kind]} ${period} finns redan för verksamhetsplan ${plan.year}.`, { status: 409 });
    }
    const r = await store.insertReport(trx, { plan_id: planId, kind: input.kind, period, as_of: input.asOf, deadline, created_by: actor.id });
    // the helår starts from the year's delår (the latest one, when there are several): its statuses, outcomes and comments, marked carried over
    let carried: { from: number; entries: number } | null = null;
    if (input.kind === 'annual') {
      const interim = (await store.reportsOf(trx, planId)).filter((x) => x.kind === 'interim').at(-1);
      if (interim) {
        const items = new Set((await store.itemsOf(trx, planId)).map((i) => i.id));
        const rows = carryOver(await store.entriesOf(trx, interim.id), items);
        await store.insertCarriedEntries(trx, r.id, rows, actor.id);
        await store.setCarriedFrom(trx, r.id, interim.id);
        carried = { from: interim.id, entries: rows.length };
      }
    }
    await audit(trx, { actor: actor.id, action: 'plan.report', entity: 'plan_report', entityId: r.id, after: { planId, kind: input.kind, period, deadline, carried } });
    return toReport((await store.findReport(trx, r.id))!);
  });
}

/** The plan's tree with the report's entries and every item's rolled-up status. */
async function reportTree(ex: Executor, reportId: number, planId: number, opts: { emails: boolean } = { emails: true }): Promise<ReportItemView[]> {
  const entries = new Map((await store.entriesOf(ex, reportId)).map((e) => [e.item_id, e]));
  const tree = await attachKpis(ex, planId, buildTree(await store.itemsOf(ex, planId), opts));
  const toInput = (i: PlanItemView): RollupInput => {
    const e = entries.get(i.id);
    return { id: i.id, kind: i.kind, status: e?.status ?? null, overrideReason: e?.override_reason ?? null, children: i.children.map(toInput) };
  };
  const rolled = rollUp(tree.map(toInput));
  const withEntries = (items: PlanItemView[]): ReportItemView[] =>
    items.map((i) => {
      const e = entries.get(i.id);
      const r = rolled.get(i.id)!;
      return {
        ...i,
        status: r.status,
        statusSource: r.source,
        enteredStatus: e?.status ?? null,
        fromChildren: r.fromChildren,
        overrideReason: e?.override_reason ?? null,
        outcome: e?.outcome ?? null,
        outcomeValue: e?.outcome_value == null ? null : canonicalDecimal(String(e.outcome_value)),
        outcomeUnit: e?.outcome_unit ?? null,
        comment: e?.comment ?? null,
        forecastValue: e?.forecast_value == null ? null : canonicalDecimal(String(e.forecast_value)),
        forecastComment: e?.forecast_comment ?? null,
        signedOffBy: e?.signed_off_by ?? null,
        signedOffAt: iso(e?.signed_off_at ?? null),
        carriedOver: e?.carried_over ?? false,
        entryVersion: e?.version ?? null,
        children: withEntries(i.children),
      };
    });
  return withEntries(tree);
}

function findReportItem(xs: ReportItemView[], id: number): ReportItemView | undefined {
  for (const x of xs) {
    if (x.id === id) return x;
    const c = findReportItem(x.children, id);
    if (c) return c;
  }
  return undefined;
}

export async function getReport(db: Db | Executor, actor: Actor, reportId: number): Promise<ReportView> {
  const ex = executorOf(db);
  const r = await store.findReport(ex, reportId);
  if (!r) throw notFound('Rapporten', reportId);
  const plan = await loadPlan(ex, r.plan_id);
  mayRead(actor, plan);
  const staff = can(actor, 'plan.edit');
  const items = await reportTree(ex, reportId, r.plan_id, { emails: staff });
  const flat: Array<{ kind: ItemKind; status: Status | null }> = [];
  const collect = (xs: ReportItemView[]) => xs.forEach((x) => (flat.push({ kind: x.kind, status: x.status }), collect(x.children)));
  collect(items);
  const from = r.carried_from === null ? undefined : await store.findReport(ex, r.carried_from);
  return {
    ...toReport(r),
    bodyName: plan.body_name,
    planYear: plan.year,
    planTitle: plan.title,
    matrix: summaryMatrix(flat),
    originMatrix: originMatrix(items),
    carriedFromName: from ? reportName(from) : null,
    reminders: staff ? (await store.remindersOf(ex, reportId)).map(toReminder) : null,
    items,
  };
}

const reportName = (r: ReportRow) => `${REPORT_KIND_LABEL[r.kind]} ${r.period}`;

const toReminder = (m: Awaited<ReturnType<typeof store.remindersOf>>[number]): ReminderView => ({
  id: m.id,
  responsible: m.responsible,
  address: m.address,
  items: (m.item_ids as number[]).length,
  status: m.status,
  error: m.error,
  sentBy: m.sent_by,
  createdAt: iso(m.created_at)!,
  sentAt: iso(m.sent_at),
});

/** Entries are written while the report is open: a submitted one is opened again first, a locked one never. */
function assertOpen(r: ReportRow): void {
  if (r.state === 'locked') throw new DomainError('report-locked', `${reportName(r)} är låst och kan inte ändras.`, { status: 409 });
  if (r.state === 'submitted') {
    throw new DomainError('report-submitted', `${reportName(r)} är inlämnad och kan inte ändras; den måste öppnas igen först.`, { status: 409 });
  }
}

/** Kinds whose status may be overridden: those a status rolls up to. */
const OVERRIDABLE: readonly ItemKind[] = ['strategic-goal', 'objective'];

/** "6,3", "1 234,5", "-0.5" → the canonical decimal ("6.3"); null when empty. */
function outcomeValueOf(text: string | null | undefined, what = 'Utfallet'): string | null {
  if (text == null) return null;
  const t = String(text).replace(/[\s\u00a0]+/g, '').replace(/^[−–]/, '-').replace(',', '.');
  if (!t) return null;
  if (!/^-?\d+(\.\d+)?$/.test(t)) throw new DomainError('invalid-decimal', `${what} "${String(text).slice(0, 30)}" är inte ett tal; skriv t.ex. 6,3 eller 1 200.`);
  return canonicalDecimal(t, what);
}

export interface EntryInput {
  status: Status | null;
  outcome?: string | null;
  outcomeValue?: string | null;
  outcomeUnit?: string | null;
  comment?: string | null;
  overrideReason?: string | null;
  /** Prognos (styrtal only): the expected value ("6,5") in the outcome's unit, and a comment. */
  forecastValue?: string | null;
  forecastComment?: string | null;
  version?: number;
}

/**
 * Records the status, outcome and comment of one item in an open report. A målsättning
 * or mål whose children are assessed follows them (rollup.ts); a different status for it
 * needs the controller's reason (`overrideReason`).
 */
export async function setEntry(db: Db, actor: Actor, reportId: number, itemId: number, input: EntryInput): Promise<ReportItemView> {
  authorize(actor, 'plan.edit');
  const status = validateStatus(input.status);
  const outcome = input.outcome == null ? null : squash(input.outcome).slice(0, 500) || null;
  const comment = input.comment == null ? null : input.comment.trim().slice(0, 5000) || null;
  const overrideReason = input.overrideReason == null ? null : squash(input.overrideReason).slice(0, 1000) || null;
  const outcomeValue = outcomeValueOf(input.outcomeValue);
  const outcomeUnit = input.outcomeUnit == null ? null : squash(input.outcomeUnit).slice(0, 40) || null;
  const forecastValue = outcomeValueOf(input.forecastValue, 'Prognosen');
  const forecastComment = input.forecastComment == null ? null : input.forecastComment.trim().slice(0, 2000) || null;
  await db.tx(async (trx) => {
    const r = await store.findReport(trx, reportId, { forUpdate: true });
    if (!r) throw notFound('Rapporten', reportId);
    assertOpen(r);
    const item = await store.findItem(trx, itemId);
    if (!item || item.plan_id !== r.plan_id) throw new DomainError('unknown-item', `Post ${itemId} hör inte till verksamhetsplanen som rapporten följer upp.`, { status: 422 });
    if (!(MATRIX_LEVELS as readonly string[]).includes(item.kind)) {
      throw new DomainError('not-followed-up', `${KIND_LABEL[item.kind]} följs inte upp med status; ange status på dess mål, styrtal och uppdrag.`, { status: 422 });
    }
    if ((outcomeValue !== null || outcomeUnit !== null) && item.kind !== 'indicator') {
      throw new DomainError('outcome-value-indicator', `Utfall som tal med enhet anges för styrtal; skriv utfallet för ${KIND_LABEL[item.kind].toLowerCase()} som text.`, { status: 422 });
    }
    if ((forecastValue !== null || forecastComment !== null) && item.kind !== 'indicator') {
      throw new DomainError('forecast-indicator', `Prognos anges för styrtal; skriv bedömningen för ${KIND_LABEL[item.kind].toLowerCase()} i kommentaren.`, { status: 422 });
    }
    if (outcomeUnit !== null && outcomeValue === null) throw new DomainError('outcome-unit-without-value', 'Ange utfallets värde när du anger en enhet.', { status: 422 });
    if (overrideReason !== null) {
      if (!OVERRIDABLE.includes(item.kind)) {
        throw new DomainError('override-not-parent', `Bara en målsättnings eller ett måls sammanvägda status kan åsidosättas; ${KIND_LABEL[item.kind].toLowerCase()} bedöms direkt.`, { status: 422 });
      }
      if (status === null) throw new DomainError('override-needs-status', 'Välj den status som ska gälla i stället för den sammanvägda.', { status: 422 });
    } else if (status !== null && OVERRIDABLE.includes(item.kind)) {
      const fromChildren = findReportItem(await reportTree(trx, reportId, r.plan_id), itemId)!.fromChildren;
      if (fromChildren !== null && fromChildren !== status) {
        const whose = item.kind === 'strategic-goal' ? 'Målsättningens status följer dess mål, styrtal och uppdrag' : 'Målets status följer dess styrtal och uppdrag';
        throw new DomainError(
          'status-follows-children',
          `${whose} (${STATUS_LABEL[fromChildren].toLowerCase()}); ange ett skäl för att sätta en annan status.`,
          { status: 422 },
        );
      }
    }
    const before = await store.findEntry(trx, reportId, itemId);
    const fields = {
      status, outcome, outcome_value: outcomeValue, outcome_unit: outcomeUnit, comment, override_reason: overrideReason,
      forecast_value: forecastValue, forecast_comment: forecastComment, updated_by: actor.id,
    };
    if (!before) {
      if (input.version !== undefined && input.version !== 0) throw new DomainError('stale-version', 'Uppföljningen av posten har tagits bort sedan du hämtade den. Ladda om.', { status: 409 });
      await store.insertEntry(trx, { report_id: reportId, item_id: itemId, ...fields });
    } else {
      if (input.version === undefined) {
        throw new DomainError('stale-version', `Posten är redan uppföljd; ange dess version (${before.version}) för att ändra.`, { status: 409 });
      }
      const dec = (v: string | null) => (v == null ? null : canonicalDecimal(String(v)));
      const changed =
        before.status !== status || before.outcome !== outcome || dec(before.outcome_value) !== outcomeValue || before.outcome_unit !== outcomeUnit ||
        before.comment !== comment || before.override_reason !== overrideReason || dec(before.forecast_value) !== forecastValue || before.forecast_comment !== forecastComment;
      const after = await store.updateEntry(trx, reportId, itemId, input.version, fields, changed);
      if (!after) {
        throw new DomainError('stale-version', `Uppföljningen har ändrats av ${before.updated_by ?? 'någon annan'} sedan du hämtade den (din version ${input.version}, nu ${before.version}). Ladda om och gör ändringen igen.`, { status: 409 });
      }
    }
    await audit(trx, { actor: actor.id, action: 'plan.report.entry', entity: 'plan_report', entityId: `${reportId}:${itemId}`, before, after: fields });
  });
  return findReportItem((await getReport(db, actor, reportId)).items, itemId)!;
}

const TRANSITIONS = {
  submit: { from: 'open', to: 'submitted', permission: 'plan.edit', action: 'plan.report.submit' },
  reopen: { from: 'submitted', to: 'open', permission: 'plan.adopt', action: 'plan.report.reopen' },
  lock: { from: 'submitted', to: 'locked', permission: 'plan.adopt', action: 'plan.report.lock' },
} as const;

const WRONG_STATE: Record<keyof typeof TRANSITIONS, Record<ReportState, string>> = {
  submit: { open: '', submitted: 'är redan inlämnad', locked: 'är låst och kan inte ändras' },
  reopen: { open: 'är redan öppen', submitted: '', locked: 'är låst och kan inte öppnas igen' },
  lock: { open: 'är öppen; lämna in den innan den låses', submitted: '', locked: 'är redan låst' },
};

/**
 * Moves a report open → submitted (plan.edit: the controller hands it in), submitted → open
 * (plan.adopt: sent back for changes) or submitted → locked (plan.adopt: final, read-only for good).
 */
export async function changeReportState(db: Db, actor: Actor, reportId: number, step: keyof typeof TRANSITIONS, version: number): Promise<ReportView> {
  const t = TRANSITIONS[step];
  authorize(actor, t.permission);
  await db.tx(async (trx) => {
    const r = await store.findReport(trx, reportId, { forUpdate: true });
    if (!r) throw notFound('Rapporten', reportId);
    if (r.state !== t.from) {
      const message = `${reportName(r)} ${WRONG_STATE[step][r.state]}.`;
      if (r.state === 'locked') throw new DomainError('report-locked', message, { status: 409 });
      throw new DomainError('report-state', message, { status: 409 });
    }
    assertVersion(r.version, version, reportName(r), r.updated_by ?? r.created_by);
    await store.setReportState(trx, reportId, version, t.to, actor.id);
    await audit(trx, { actor: actor.id, action: t.action, entity: 'plan_report', entityId: reportId, before: { state: r.state, version: r.version }, after: { state: t.to } });
  });
  return getReport(db, actor, reportId);
}

export async function reportPdf(db: Db, actor: Actor, reportId: number): Promise<{ bytes: Uint8Array; fileName: string }> {
  const view = await getReport(db, actor, reportId);
  const { renderReportPdf } = await import('./pdf.ts');
  const slug = `${view.kindLabel} ${view.period} ${view.bodyName}`.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  return { bytes: await renderReportPdf(view, await controlFollowUp(db, actor, view.planYear)), fileName: `${slug}.pdf` };
}

/** The body the demo plan belongs to. */
export const DEMO_BODY = 'Regional tillväxtnämnd';

export async function findBodyByName(db: Db, name: string): Promise<number | null> {
  return (await meetings.listBodies(db)).find((b) => b.name === name)?.id ?? null;
}

// ------------------------------------------------------------------ sign-off, deadline, responsible persons, reminders (issue 17.2)

/**
 * The responsible person's sign-off of one item's entry in an open report: who
 * (the signed-in user) and when. It names the entry version it signs, so it
 * never covers a change the signer has not seen; a later change clears it.
 */
export async function signOffEntry(db: Db, actor: Actor, reportId: number, itemId: number, input: { version: number; withdraw?: boolean }): Promise<ReportItemView> {
  authorize(actor, 'plan.edit');
  await db.tx(async (trx) => {
    const r = await store.findReport(trx, reportId, { forUpdate: true });
    if (!r) throw notFound('Rapporten', reportId);
    assertOpen(r);
    const before = await store.findEntry(trx, reportId, itemId);
    if (!before) throw new DomainError('entry-missing', 'Posten har ingen uppföljning att signera ännu; fyll i status, utfall eller kommentar först.', { status: 409 });
    if (!input.withdraw && before.signed_off_by) {
      throw new DomainError('already-signed-off', `Uppföljningen är redan signerad av ${before.signed_off_by.replace(/^user:/, '')}.`, { status: 409 });
    }
    if (input.withdraw && !before.signed_off_by) throw new DomainError('not-signed-off', 'Uppföljningen är inte signerad.', { status: 409 });
    const after = await store.signOffEntry(trx, reportId, itemId, input.version, input.withdraw ? null : actor.id);
    if (!after) {
      throw new DomainError('stale-version', `Uppföljningen har ändrats av ${before.updated_by ?? 'någon annan'} sedan du hämtade den (din version ${input.version}, nu ${before.version}). Läs den igen innan du signerar.`, { status: 409 });
    }
    await audit(trx, {
      actor: actor.id, action: input.withdraw ? 'plan.report.sign-off-withdrawn' : 'plan.report.sign-off', entity: 'plan_report', entityId: `${reportId}:${itemId}`,
      before: { version: before.version, signedOffBy: before.signed_off_by }, after: { version: after.version, signedOffBy: after.signed_off_by },
    });
  });
  return findReportItem((await getReport(db, actor, reportId)).items, itemId)!;
}

/** Sets (or clears) the report period's deadline; a locked report keeps the one it had. */
export async function setReportDeadline(db: Db, actor: Actor, reportId: number, input: { deadline: string | null; version: number }): Promise<ReportView> {
  authorize(actor, 'plan.edit');
  const deadline = input.deadline ? assertIsoDate(input.deadline, 'Sista dag') : null;
  await db.tx(async (trx) => {
    const r = await store.findReport(trx, reportId, { forUpdate: true });
    if (!r) throw notFound('Rapporten', reportId);
    if (r.state === 'locked') throw new DomainError('report-locked', `${reportName(r)} är låst och kan inte ändras.`, { status: 409 });
    assertVersion(r.version, input.version, reportName(r), r.updated_by ?? r.created_by);
    await store.setReportDeadline(trx, reportId, input.version, deadline, actor.id);
    await audit(trx, { actor: actor.id, action: 'plan.report.deadline', entity: 'plan_report', entityId: reportId, before: { deadline: r.deadline }, after: { deadline } });
  });
  return getReport(db, actor, reportId);
}

/**
 * The responsible person (name as written) and their e-mail address of an item.
 * Unlike the item's text this may change in an adopted plan too: who answers for
 * an item is administration, not what the body adopted.
 */
export async function setResponsible(db: Db, actor: Actor, itemId: number, input: { responsible: string | null; responsibleEmail: string | null; version: number }): Promise<PlanItemView> {
  authorize(actor, 'plan.edit');
  const responsible = input.responsible == null ? null : squash(input.responsible) || null;
  if (responsible && responsible.length > 200) throw new DomainError('invalid-responsible', 'Ansvarig ska vara högst 200 tecken.');
  const email = validateEmail(input.responsibleEmail);
  if (email && !responsible) throw new DomainError('email-without-responsible', 'Ange vem som är ansvarig när du anger en e-postadress.', { status: 422 });
  return db.tx(async (trx) => {
    const before = await store.findItem(trx, itemId);
    if (!before) throw notFound('Posten', itemId);
    const plan = await loadPlan(trx, before.plan_id);
    await store.lockPlan(trx, plan.body_id, plan.year);
    if (!(await store.setItemResponsible(trx, itemId, input.version, { responsible, responsible_email: email, updated_by: actor.id }))) {
      throw staleItem(before.kind, input.version, (await store.findItem(trx, itemId))?.version);
    }
    await audit(trx, {
      actor: actor.id, action: 'plan.item.responsible', entity: 'business_plan_item', entityId: itemId,
      before: { responsible: before.responsible, responsibleEmail: before.responsible_email }, after: { responsible, responsibleEmail: email },
    });
    return findView(buildTree(await store.itemsOf(trx, plan.id)), itemId)!;
  });
}

export interface SendRemindersResult {
  sent: number;
  failed: number;
  /** Responsible persons with open items but no e-mail address (nobody reminded). */
  withoutAddress: Array<{ responsible: string; items: number }>;
  reminders: ReminderView[];
}

/**
 * "Skicka påminnelser": every responsible person with open (not signed-off)
 * items in an open report with a deadline gets one message listing them. One
 * transaction records a 'pending' row per recipient (and the audit entry)
 * before anything leaves; each answer is then written as 'sent' or 'failed'
 * in a transaction of its own, as the kallelse's sending does.
 */
export async function sendReminders(db: Db, actor: Actor, reportId: number, opts: { baseUrl: string; env?: NodeJS.ProcessEnv }): Promise<SendRemindersResult> {
  authorize(actor, 'plan.edit');
  const env = opts.env ?? process.env;
  mailTransport(env).close(); // no mail server configured: refused in Swedish, nothing recorded
  const view = await getReport(db, actor, reportId);
  const { pending, plan } = await db.tx(async (trx) => {
    const r = await store.findReport(trx, reportId, { forUpdate: true });
    if (!r) throw notFound('Rapporten', reportId);
    assertOpen(r);
    if (!r.deadline) throw new DomainError('report-no-deadline', `Ange sista dag för ${reportName(r).toLowerCase()} innan påminnelser skickas.`, { status: 409 });
    const flat: ReportItemView[] = [];
    const collect = (xs: ReportItemView[]) => xs.forEach((x) => (flat.push(x), collect(x.children)));
    collect(await reportTree(trx, reportId, r.plan_id));
    const plan = planReminders(
      flat.map((i) => ({ id: i.id, kind: i.kind, number: i.number, text: i.text, responsible: i.responsible, responsibleEmail: i.responsibleEmail, status: i.status, signedOff: i.signedOffBy !== null })),
    );
    if (!plan.recipients.length) {
      throw new DomainError(
        'no-reminder-recipients',
        plan.withoutAddress.length
          ? `Ingen ansvarig med osignerade poster har en e-postadress (${plan.withoutAddress.map((w) => w.responsible).join(', ').slice(0, 300)}). Lägg in adresserna först.`
          : 'Alla poster med en ansvarig är signerade; det finns ingen att påminna.',
        { status: 422 },
      );
    }
    const ids = await store.insertReminders(
      trx,
      plan.recipients.map((p) => ({ report_id: reportId, responsible: p.responsible, address: p.address, item_ids: p.items.map((i) => i.id), sent_by: actor.id })),
    );
    await audit(trx, {
      actor: actor.id, action: 'plan.report.reminders', entity: 'plan_report', entityId: reportId,
      after: { deadline: r.deadline, recipients: plan.recipients.map((p) => ({ responsible: p.responsible, address: p.address, items: p.items.length })), withoutAddress: plan.withoutAddress.map((w) => w.responsible) },
    });
    return { pending: plan.recipients.map((p, i) => ({ id: ids[i]!, ...p, deadline: r.deadline! })), plan };
  });
  let sent = 0;
  let failed = 0;
  const mailer = openMailer(env);
  try {
    for (const p of pending) {
      const input = { reportName: `${view.kindLabel} ${view.period}`, bodyName: view.bodyName, deadline: p.deadline, responsible: p.responsible, items: p.items, url: `${opts.baseUrl}/verksamhetsplan/rapporter/${reportId}` };
      let error: string | null = null;
      try {
        await mailer.send({ to: p.address, subject: reminderSubject(input), text: reminderText(input) });
      } catch (e) {
        error = mailFailureText(e);
      }
      const at = new Date();
      await db.tx(async (trx) => {
        await store.setReminderResult(trx, p.id, { status: error ? 'failed' : 'sent', error, sentAt: error ? null : at });
        await audit(trx, {
          actor: actor.id, action: error ? 'plan.report.reminder-failed' : 'plan.report.reminder-sent', entity: 'plan_report_reminder', entityId: p.id,
          after: { reportId, address: p.address, items: p.items.length, ...(error ? { error } : {}) },
        });
      });
      if (error) failed++;
      else sent++;
    }
  } finally {
    mailer.close();
  }
  const reminders = (await store.remindersOf(db.kysely, reportId)).map(toReminder);
  return { sent, failed, withoutAddress: plan.withoutAddress.map((w) => ({ responsible: w.responsible, items: w.items.length })), reminders };
}

// ------------------------------------------------------------------ exports (issue 17.7)

const slugOf = (s: string) => s.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

export async function planPdf(db: Db, actor: Actor, planId: number): Promise<{ bytes: Uint8Array; fileName: string }> {
  const view = await getPlan(db, actor, planId);
  const { renderPlanPdf } = await import('./pdf.ts');
  return { bytes: await renderPlanPdf(view), fileName: `${slugOf(`${view.title} ${view.bodyName}`)}.pdf` };
}

export async function planXlsx(db: Db, actor: Actor, planId: number): Promise<{ file: Buffer; fileName: string }> {
  const view = await getPlan(db, actor, planId);
  const { planSheets } = await import('./export.ts');
  return { file: await xlsx(planSheets(view)), fileName: `${slugOf(`${view.title} ${view.bodyName}`)}.xlsx` };
}

export async function reportXlsx(db: Db, actor: Actor, reportId: number): Promise<{ file: Buffer; fileName: string }> {
  const view = await getReport(db, actor, reportId);
  const { reportSheets } = await import('./export.ts');
  const { controlSheet } = await import('./controlSection.ts');
  const control = controlSheet(await controlFollowUp(db, actor, view.planYear));
  return { file: await xlsx([...reportSheets(view), ...(control ? [control] : [])]), fileName: `${slugOf(`${view.kindLabel} ${view.period} ${view.bodyName}`)}.xlsx` };
}

/** The internal control follow-up of the report's year (issue 17.5), for those who may read the control plan; none for others. */
async function controlFollowUp(db: Db, actor: Actor, year: number) {
  return can(actor, 'control.read') ? control.followUpOfYear(db, actor, year) : [];
}

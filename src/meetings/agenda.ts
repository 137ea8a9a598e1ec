/**
 * The agenda builder (issue 14.2): the secretary builds a meeting's
 * föredragningslista in Styrbord. Items are added from a registered case (its
 * dnr and title; as föredragande, when the caller names none, the case's
 * handläggare, or else the presenters the case had the last time it was on an
 * agenda), as a standard item
 * (protokollsjustering with the proposed adjusters and the day by which the
 * protokoll is to be adjusted, information with sub-items and presenters,
 * anmälningsärenden, redovisning av delegationsbeslut) or free; edited,
 * removed and reordered. Every write is one transaction under the meeting's
 * row lock, version-checked (the item's version for an edit or a removal, the
 * meeting's for a reorder), audited, and refused once the agenda is closed
 * (the protokoll adjusted: meeting.agenda_closed_at). An item is not removed
 * while something hangs on it that removing would destroy or orphan: a
 * decision in the protokoll, uploaded underlag (remove them first on the
 * item's page), reported delegation decisions or a co-financing decision. A
 * memo is removed with its item; its text is kept in the audit entry.
 * Changes reach the kallelse book through its snapshot: a change after the
 * book was sent shows as reissue needed (documents' bookStatus).
 */
import { audit, executorOf, type Db, type Executor } from '../db/index.ts';
import { DomainError, notFound } from '../kernel/errors.ts';
import { assertIsoDate, formatLongDate } from '../kernel/dates.ts';
import { cleanLine } from '../kernel/text.ts';
import { assertVersion } from '../kernel/version.ts';
import { authorize, type Actor } from '../access/model.ts';
import * as diarium from '../diarium/service.ts';
import * as delegation from '../delegation/service.ts';
import { REPORT_CLAUSE, REPORT_TITLE } from '../delegation/model.ts';
import { queueMeetingIndex } from '../publish/queue.ts';
import { adjustmentClause, adjustmentNote } from '../minutes/model.ts';
import { ADJUSTMENT_DAYS, adjustmentDeadline } from './legalClock.ts';
import type { AgendaItemKind } from '../importer/types.ts';
import type { AgendaView, BuilderItem, EditItem, ItemOrder, ListedItems, NewItem, NotificationCandidates } from './agendaContract.ts';
import { addAgendaItem } from './service.ts';
import * as ag from './agendaStore.ts';
import * as store from './store.ts';

export const ADJUSTMENT_TITLE = 'Protokollsjustering';
export const INFORMATION_TITLE = 'Information';
export const NOTIFICATIONS_TITLE = 'Anmälningsärenden';

const MAX_TITLE = 500;

/** What hangs on an item that stops its removal, in Swedish. */
function dependantsOf(r: ag.BuilderItemRow): string[] {
  const d: string[] = [];
  if (r.decision) d.push(r.decision_adjusted ? 'ett beslut i ett justerat protokoll' : 'ett beslut i protokollet');
  if (r.attachments > 0) d.push(r.attachments === 1 ? '1 bilaga (beslutsunderlag)' : `${r.attachments} bilagor (beslutsunderlag)`);
  if (r.reported > 0) d.push(r.reported === 1 ? 'ett anmält delegationsbeslut' : `${r.reported} anmälda delegationsbeslut`);
  if (r.cofinancing > 0) d.push('ett medfinansieringsbeslut');
  if (r.motions > 0) d.push(r.motions === 1 ? 'ett yrkande i protokollet' : `${r.motions} yrkanden i protokollet`);
  if (r.remisser > 0) d.push('en remiss vars svar behandlas under punkten');
  return d;
}

const svList = (parts: string[]) => (parts.length <= 1 ? parts.join('') : `${parts.slice(0, -1).join(', ')} och ${parts[parts.length - 1]}`);

/** The agenda as the builder shows it. */
export async function agendaOf(db: Db | Executor, actor: Actor, meetingId: number): Promise<AgendaView> {
  authorize(actor, 'agenda.edit');
  const ex = executorOf(db);
  const head = await ag.meetingHead(ex, meetingId);
  if (!head) throw notFound('Sammanträdet', meetingId);
  const rows = await ag.builderItems(ex, meetingId);
  const caseIds = rows.flatMap((r) => [r.case_id, ...(r.sub_items ?? []).map((s) => s.case_id)]).filter((x): x is number => x !== null);
  const numbers = await diarium.caseNumbersByIds(ex, caseIds);
  const dnr = (id: number | null) => (id === null ? null : (numbers.get(id) ?? null));
  const items: BuilderItem[] = rows.map((r) => ({
    id: r.id,
    number: r.number,
    title: r.title,
    kind: r.kind,
    caseNumber: dnr(r.case_id),
    presenters: r.presenters,
    proposedAdjusters: r.proposed_adjusters ?? [],
    adjustmentDeadline: r.adjustment_deadline,
    subItems: (r.sub_items ?? []).map((s) => ({ title: s.title, presenters: s.presenters, caseNumber: dnr(s.case_id) })),
    secrecyRef: r.secrecy_ref,
    version: r.version,
    dependants: dependantsOf(r),
  }));
  return { meetingId, version: head.version, closed: head.agenda_closed_at !== null, items };
}

// ── Checking and cleaning input ──

function titleOf(raw: string | undefined, fallback?: string): string {
  const t = cleanLine(raw ?? '') || fallback || '';
  if (!t) throw new DomainError('title-required', 'Punkten måste ha en rubrik.');
  if (t.length > MAX_TITLE) throw new DomainError('title-too-long', `Punktens rubrik får vara högst ${MAX_TITLE} tecken (den är ${t.length}).`);
  return t;
}

function namesOf(raw: string[] | undefined, what: string): string[] {
  const names = (raw ?? []).map(cleanLine).filter(Boolean);
  const seen = new Set<string>();
  for (const n of names) {
    if (seen.has(n.toLowerCase())) throw new DomainError('duplicate-name', `${what}: ${n} står två gånger.`);
    seen.add(n.toLowerCase());
  }
  return names;
}

/** The day by which the protokoll is to be adjusted: given, or the legal day (14 days after the meeting, moved to a working day); never before the meeting or after the legal day. */
function deadlineOf(raw: string | null | undefined, meetingDate: string): string | null {
  const legal = adjustmentDeadline(meetingDate).due;
  if (raw === undefined) return legal;
  if (raw === null || raw === '') return null;
  assertIsoDate(raw, 'Justeringsdagen');
  if (raw < meetingDate) {
    throw new DomainError('adjustment-before-meeting', `Protokollet kan inte justeras senast ${raw}: det är före sammanträdet ${meetingDate}.`);
  }
  if (raw > legal) {
    throw new DomainError('adjustment-too-late', `Protokollet ska vara justerat senast ${legal}, ${ADJUSTMENT_DAYS} dagar efter sammanträdet (flyttat till närmaste arbetsdag); ${raw} är för sent.`);
  }
  return raw;
}

async function caseIdOf(ex: Executor, caseNumber: string | null | undefined): Promise<{ id: number; caseNumber: string; title: string; officer: string | null } | null> {
  const t = cleanLine(caseNumber ?? '');
  if (!t) return null;
  const c = await diarium.getCase(ex, t);
  return { id: c.id, caseNumber: c.caseNumber, title: c.title, officer: c.officer };
}

async function subItemsOf(ex: Executor, raw: NewItem['subItems']): Promise<Array<{ title: string; presenters: string[]; case_id: number | null }>> {
  const out: Array<{ title: string; presenters: string[]; case_id: number | null }> = [];
  for (const [k, s] of (raw ?? []).entries()) {
    const title = cleanLine(s.title);
    if (!title) throw new DomainError('title-required', `Underpunkt ${k + 1} måste ha en rubrik.`);
    out.push({ title, presenters: namesOf(s.presenters, `Föredragande i underpunkt ${k + 1}`), case_id: (await caseIdOf(ex, s.caseNumber))?.id ?? null });
  }
  return out;
}

/**
 * The protokollsjustering's proposal as the papers write it (minutes/model.ts):
 * "att nämndens ordförande och A (M) med B (MP) som ersättare justerar dagens
 * protokoll." and "Protokollet ska vara justerat senast den 28 februari 2020."
 * An adjuster must be a member or substitute of the body (when it has any listed).
 */
async function adjustmentProposal(ex: Executor, head: { body_id: number; body_name: string }, adjusters: string[], deadline: string | null) {
  const members = await store.listMemberships(ex, head.body_id);
  const who = (name: string) => {
    const m = members.find((x) => x.name.toLowerCase() === name.toLowerCase());
    if (!m && members.length) throw new DomainError('not-a-member', `${name} är inte ledamot eller ersättare i ${head.body_name}; välj justerare bland dem.`);
    return { name: m?.name ?? name, party: m?.party ?? null };
  };
  const [first, deputy] = adjusters;
  const clauses = first ? [adjustmentClause(who(first), deputy ? who(deputy) : null)] : [];
  const notes = deadline ? [adjustmentNote(formatLongDate(deadline))] : [];
  if (!clauses.length && !notes.length) return null;
  return { addressee: `${head.body_name} beslutar`, clauses, notes };
}

/** Locks the meeting and refuses when it is gone, closed, or (when a version is given) changed since. */
async function lockOpenMeeting(trx: Executor, meetingId: number, version?: number) {
  const locked = await store.lockMeeting(trx, meetingId);
  if (!locked) throw notFound('Sammanträdet', meetingId);
  if (locked.agenda_closed_at) {
    throw new DomainError('agenda-closed', 'Sammanträdets protokoll är justerat och föredragningslistan är stängd; den kan inte längre ändras.', { status: 409 });
  }
  const who = version !== undefined && version !== locked.version ? await store.lastChangedBy(trx, 'meeting', meetingId) : null;
  assertVersion(locked.version, version, 'Föredragningslistan', who);
  const head = (await ag.meetingHead(trx, meetingId))!;
  return head;
}

/** Locks the item's meeting (open) and the item, checking the item's version. */
async function lockItem(trx: Executor, itemId: number, version: number) {
  const meetingId = await ag.meetingOfItem(trx, itemId);
  if (meetingId === undefined) throw notFound('Punkten', itemId);
  const head = await lockOpenMeeting(trx, meetingId);
  const current = await store.versionOf(trx, 'agenda_item', itemId); // locks the item's row (a secrecy mark, an upload)
  const row = (await ag.builderItems(trx, meetingId)).find((r) => r.id === itemId);
  if (!row || current === null) throw notFound('Punkten', itemId);
  const who = version !== current ? await store.lastChangedBy(trx, 'agenda_item', itemId) : null;
  assertVersion(current, version, `Punkt ${row.number}`, who);
  return { head, row };
}

// ── Writes ──

/** Adds an item at the end of the agenda. */
export async function addItem(db: Db, actor: Actor, meetingId: number, input: NewItem): Promise<AgendaView> {
  authorize(actor, 'agenda.edit');
  const id = await db.tx(async (trx) => {
    const head = await lockOpenMeeting(trx, meetingId, input.version);
    const presenters = namesOf(input.presenters, 'Föredragande');
    const subItems = await subItemsOf(trx, input.subItems);
    let item: { title: string; kind: AgendaItemKind; caseId: number | null; presenters: string[]; proposal: { addressee: string | null; clauses: string[]; notes?: string[] } | null };
    let adjusters: string[] = [];
    let deadline: string | null = null;
    switch (input.template) {
      case 'case': {
        if (!cleanLine(input.caseNumber ?? '')) throw new DomainError('case-required', 'Välj det ärende punkten gäller (diarienummer).');
        const c = (await caseIdOf(trx, input.caseNumber))!;
        // föredragande: as given, else the case's handläggare, else who presented the case the last time it was on an agenda
        const known = presenters.length ? presenters : c.officer ? [c.officer] : ((await ag.lastPresentersOfCase(trx, c.id)) ?? []);
        item = { title: titleOf(input.title, c.title), kind: input.kind ?? 'decision', caseId: c.id, presenters: known, proposal: null };
        break;
      }
      case 'adjustment': {
        adjusters = namesOf(input.proposedAdjusters, 'Justerare');
        deadline = deadlineOf(input.adjustmentDeadline, head.date);
        item = { title: titleOf(input.title, ADJUSTMENT_TITLE), kind: 'adjustment', caseId: null, presenters, proposal: await adjustmentProposal(trx, head, adjusters, deadline) };
        break;
      }
      case 'information':
        item = { title: titleOf(input.title, INFORMATION_TITLE), kind: 'information', caseId: null, presenters, proposal: null };
        break;
      case 'notifications':
        item = { title: titleOf(input.title, NOTIFICATIONS_TITLE), kind: 'delegation-report', caseId: (await caseIdOf(trx, input.caseNumber))?.id ?? null, presenters, proposal: null };
        break;
      case 'delegation-report':
        item = {
          title: titleOf(input.title, REPORT_TITLE),
          kind: 'delegation-report',
          caseId: (await caseIdOf(trx, input.caseNumber))?.id ?? null,
          presenters,
          proposal: { addressee: `${head.body_name} beslutar`, clauses: [REPORT_CLAUSE] },
        };
        break;
      case 'free':
        item = { title: titleOf(input.title), kind: input.kind ?? 'decision', caseId: (await caseIdOf(trx, input.caseNumber))?.id ?? null, presenters, proposal: null };
        break;
    }
    const added = await addAgendaItem(trx, actor, meetingId, { title: item.title, kind: item.kind, caseId: item.caseId, presenters: item.presenters, proposal: item.proposal });
    const extra: ag.ItemUpdate = {};
    if (adjusters.length) extra.proposed_adjusters = adjusters;
    if (deadline) extra.adjustment_deadline = deadline;
    if (item.proposal?.notes?.length) extra.notes = item.proposal.notes;
    if (Object.keys(extra).length) await ag.updateItemQuietly(trx, added.id, extra);
    if (subItems.length) await ag.replaceSubItems(trx, added.id, subItems);
    await audit(trx, {
      actor: actor.id,
      action: 'agenda.build-item',
      entity: 'agenda_item',
      entityId: added.id,
      after: { meetingId, number: added.number, template: input.template, title: item.title, kind: item.kind, caseNumber: input.caseNumber ?? null, presenters: item.presenters, proposedAdjusters: adjusters, adjustmentDeadline: deadline, subItems },
    });
    await queueMeetingIndex(trx, meetingId);
    return added.id;
  });
  return { ...(await agendaOf(db, actor, meetingId)), createdId: id };
}

/** Changes what the body of the request names; the rest stays. */
export async function editItem(db: Db, actor: Actor, itemId: number, input: EditItem): Promise<AgendaView> {
  authorize(actor, 'agenda.edit');
  const meetingId = await db.tx(async (trx) => {
    const { head, row } = await lockItem(trx, itemId, input.version);
    const fields: ag.ItemUpdate = {};
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    const set = <K extends keyof typeof fields>(key: K, value: (typeof fields)[K], old: unknown, label: string) => {
      if (JSON.stringify(old) === JSON.stringify(value)) return;
      fields[key] = value;
      before[label] = old;
      after[label] = value;
    };
    if (input.title !== undefined) set('title', titleOf(input.title), row.title, 'title');
    const kind = input.kind ?? row.kind;
    if (input.kind !== undefined) set('kind', input.kind, row.kind, 'kind');
    if (input.presenters !== undefined) set('presenters', namesOf(input.presenters, 'Föredragande'), row.presenters, 'presenters');
    if (input.caseNumber !== undefined) {
      const c = await caseIdOf(trx, input.caseNumber);
      set('case_id', c?.id ?? null, row.case_id, 'caseId');
    }
    let clausesChanged = false;
    if (input.proposedAdjusters !== undefined || input.adjustmentDeadline !== undefined) {
      if (kind !== 'adjustment') throw new DomainError('not-adjustment', `Punkt ${row.number} är ingen protokollsjustering; justerare och justeringsdag hör till en sådan punkt.`);
      const adjusters = input.proposedAdjusters !== undefined ? namesOf(input.proposedAdjusters, 'Justerare') : (row.proposed_adjusters ?? []);
      const deadline = input.adjustmentDeadline !== undefined ? deadlineOf(input.adjustmentDeadline, head.date) : row.adjustment_deadline;
      if (adjusters.length === 2 && adjusters[0]!.toLowerCase() === adjusters[1]!.toLowerCase()) throw new DomainError('duplicate-name', 'Justeraren och ersättaren måste vara olika personer.');
      set('proposed_adjusters', adjusters, row.proposed_adjusters ?? [], 'proposedAdjusters');
      set('adjustment_deadline', deadline, row.adjustment_deadline, 'adjustmentDeadline');
      if ('proposed_adjusters' in fields || 'adjustment_deadline' in fields) {
        const p = await adjustmentProposal(trx, head, adjusters, deadline);
        fields.has_proposal = p !== null;
        fields.addressee = p?.addressee ?? null;
        fields.notes = p?.notes ?? [];
        await ag.replaceClauses(trx, itemId, p?.clauses ?? []);
        clausesChanged = true;
      }
    }
    let subsChanged = false;
    if (input.subItems !== undefined) {
      const subs = await subItemsOf(trx, input.subItems);
      const old = (row.sub_items ?? []).map((s) => ({ title: s.title, presenters: s.presenters, case_id: s.case_id }));
      if (JSON.stringify(old) !== JSON.stringify(subs)) {
        // a delegated decision listed as anmälningsärende leaves the item with its line (issue 21.4)
        const kept = new Set(subs.map((x) => x.title));
        const dropped = (await delegation.register(trx, head.body_id)).filter((d) => d.reportItemId === itemId && !d.reportedOn && old.some((o) => o.title === listedLine(d)) && !kept.has(listedLine(d)));
        await delegation.detachFromItem(trx, dropped.map((d) => d.id), itemId);
        await ag.replaceSubItems(trx, itemId, subs);
        before['subItems'] = old;
        after['subItems'] = subs;
        subsChanged = true;
      }
    }
    if (Object.keys(fields).length === 0 && !clausesChanged && !subsChanged) return head.id;
    await ag.updateItem(trx, itemId, fields);
    await store.bumpMeeting(trx, head.id);
    await audit(trx, { actor: actor.id, action: 'agenda.edit-item', entity: 'agenda_item', entityId: itemId, before: { version: row.version, ...before }, after: { meetingId: head.id, number: row.number, ...after } });
    await queueMeetingIndex(trx, head.id);
    return head.id;
  });
  return agendaOf(db, actor, meetingId);
}

/** Removes an item nothing hangs on; the items after it move up a number. */
export async function removeItem(db: Db, actor: Actor, itemId: number, version: number): Promise<AgendaView> {
  authorize(actor, 'agenda.edit');
  const meetingId = await db.tx(async (trx) => {
    const { head, row } = await lockItem(trx, itemId, version);
    const deps = dependantsOf(row);
    if (deps.length) {
      const hint = row.attachments > 0 && deps.length === 1 ? ' Ta bort bilagorna på punktens sida först.' : '';
      throw new DomainError('item-has-dependants', `Punkt ${row.number} "${row.title}" kan inte tas bort: den har ${svList(deps)}.${hint}`, { status: 409, details: { dependants: deps } });
    }
    const memo = await ag.memoOf(trx, itemId);
    await ag.deleteItem(trx, itemId);
    const rest = (await ag.builderItems(trx, head.id)).map((r) => r.id);
    await ag.renumber(trx, head.id, rest);
    await store.bumpMeeting(trx, head.id);
    await audit(trx, {
      actor: actor.id,
      action: 'agenda.remove-item',
      entity: 'agenda_item',
      entityId: itemId,
      before: { meetingId: head.id, number: row.number, title: row.title, kind: row.kind, caseId: row.case_id, presenters: row.presenters, version: row.version, ...(memo ? { memo } : {}) },
    });
    await queueMeetingIndex(trx, head.id);
    return head.id;
  });
  return agendaOf(db, actor, meetingId);
}

/** Puts the items in the order given (every item of the meeting, once each) and numbers them 1..n. */
export async function reorder(db: Db, actor: Actor, meetingId: number, input: ItemOrder): Promise<AgendaView> {
  authorize(actor, 'agenda.edit');
  await db.tx(async (trx) => {
    const head = await lockOpenMeeting(trx, meetingId, input.version);
    const rows = await ag.builderItems(trx, meetingId);
    const known = new Set(rows.map((r) => r.id));
    const given = new Set(input.itemIds);
    if (given.size !== input.itemIds.length) throw new DomainError('invalid-order', 'En punkt står två gånger i den nya ordningen.');
    const foreign = input.itemIds.filter((id) => !known.has(id));
    if (foreign.length) throw new DomainError('invalid-order', `Punkten ${foreign[0]} finns inte på det här sammanträdets föredragningslista.`);
    const missing = rows.filter((r) => !given.has(r.id));
    if (missing.length) throw new DomainError('invalid-order', `Den nya ordningen saknar ${missing.length === 1 ? `punkt ${missing[0]!.number}` : `punkterna ${svList(missing.map((r) => String(r.number)))}`}; ange alla punkter.`);
    const beforeOrder = rows.map((r) => r.id);
    if (JSON.stringify(beforeOrder) === JSON.stringify(input.itemIds)) return;
    await ag.renumber(trx, meetingId, input.itemIds);
    await store.bumpMeeting(trx, meetingId);
    await audit(trx, { actor: actor.id, action: 'agenda.reorder', entity: 'meeting', entityId: meetingId, before: { version: head.version, order: beforeOrder }, after: { order: input.itemIds } });
    await queueMeetingIndex(trx, meetingId);
  });
  return agendaOf(db, actor, meetingId);
}

// ── Anmälningsärenden (issue 21.4) ──

/** A delegated decision's line as a listed item (at most a title's length). */
const listedLine = (d: Parameters<typeof delegation.decisionLine>[0]): string => {
  const line = delegation.decisionLine(d);
  return line.length > MAX_TITLE ? `${line.slice(0, MAX_TITLE - 1)}…` : line;
};

/** The delegated decisions a meeting's anmälningsärenden can list: the body's, decided by the meeting's day, under no item yet. */
export async function notificationCandidates(db: Db, actor: Actor, meetingId: number): Promise<NotificationCandidates> {
  authorize(actor, 'agenda.edit');
  const head = await ag.meetingHead(db.kysely, meetingId);
  if (!head) throw notFound('Sammanträdet', meetingId);
  const list = await delegation.unreportedUntil(db, head.body_id, head.date);
  return {
    meetingId,
    delegatedDecisions: list.map((d) => ({ id: d.id, pointNumber: d.pointNumber, pointTitle: d.pointTitle, decider: d.decider, decidedOn: d.decidedOn, caseNumbers: d.caseNumbers, text: d.text, line: delegation.decisionLine(d) })),
  };
}

/**
 * Adds listed items to an anmälningsärenden item (kind delegation-report):
 * cases from the diarium by dnr (their title, their handläggare as
 * föredragande) and delegated decisions from the register (their report
 * line; the decision is tied to the item, so the item is not removed while
 * it is listed, and it is marked reported when the body approves the item).
 * One transaction under the meeting's lock, version-checked and audited.
 */
export async function addListedItems(db: Db, actor: Actor, itemId: number, input: ListedItems): Promise<AgendaView> {
  authorize(actor, 'agenda.edit');
  const meetingId = await db.tx(async (trx) => {
    const { head, row } = await lockItem(trx, itemId, input.version);
    if (row.kind !== 'delegation-report') {
      throw new DomainError('not-notifications', `Punkt ${row.number} "${row.title}" är inga anmälningsärenden; ärenden och delegationsbeslut anmäls under en sådan punkt.`);
    }
    const numbers = [...new Set((input.caseNumbers ?? []).map(cleanLine).filter(Boolean))];
    const ids = [...new Set(input.delegatedDecisionIds ?? [])];
    if (!numbers.length && !ids.length) throw new DomainError('nothing-to-list', 'Välj minst ett ärende eller delegationsbeslut att anmäla.');
    const old = (row.sub_items ?? []).map((s) => ({ title: s.title, presenters: s.presenters, case_id: s.case_id }));
    const added: typeof old = [];
    const listedCases = new Set(old.map((s) => s.case_id).filter((x): x is number => x !== null));
    for (const n of numbers) {
      const c = (await caseIdOf(trx, n))!;
      if (listedCases.has(c.id)) throw new DomainError('already-listed', `Ärende ${c.caseNumber} är redan anmält under punkt ${row.number}.`, { status: 409 });
      listedCases.add(c.id);
      added.push({ title: titleOf(c.title), presenters: c.officer ? [c.officer] : [], case_id: c.id });
    }
    const candidates = await delegation.unreportedUntil(trx, head.body_id, head.date);
    const chosen = ids.map((id) => {
      const d = candidates.find((x) => x.id === id);
      if (!d) throw new DomainError('not-reportable', `Delegationsbeslut ${id} finns inte bland ${head.body_name}s beslut fram till ${head.date} som ännu inte är anmälda.`, { status: 409 });
      return d;
    });
    for (const d of chosen) {
      const first = d.caseNumbers[0] ? await caseIdOf(trx, d.caseNumbers[0]) : null;
      added.push({ title: listedLine(d), presenters: [], case_id: first?.id ?? null });
    }
    await delegation.attachToItem(trx, chosen.map((d) => d.id), itemId);
    await ag.replaceSubItems(trx, itemId, [...old, ...added]);
    await ag.updateItem(trx, itemId, {});
    await store.bumpMeeting(trx, head.id);
    await audit(trx, {
      actor: actor.id,
      action: 'agenda.list-items',
      entity: 'agenda_item',
      entityId: itemId,
      before: { version: row.version, subItems: old.length },
      after: { meetingId: head.id, number: row.number, caseNumbers: numbers, delegatedDecisions: chosen.map((d) => d.id), added: added.map((a) => a.title) },
    });
    await queueMeetingIndex(trx, head.id);
    return head.id;
  });
  return agendaOf(db, actor, meetingId);
}

/**
 * Use cases of remisser (issue 21.1): registering incoming and outgoing
 * remisser, editing them, putting an incoming one's answer on a meeting's
 * agenda, recording the answer sent (with the "Svar på remiss" produced from
 * the body's decision), an outgoing one's recipients and their answers, and
 * the deadlines for the staff start page. Each write is one transaction,
 * audited, at the version the user saw.
 */
import { audit, executorOf, type Db, type Executor } from '../db/index.ts';
import { DomainError, notFound } from '../kernel/errors.ts';
import { assertVersion } from '../kernel/version.ts';
import { addDays, todayInStockholm, type IsoDate } from '../kernel/dates.ts';
import { authorize, can, type Actor } from '../access/model.ts';
import * as diarium from '../diarium/service.ts';
import * as meetings from '../meetings/service.ts';
import * as minutes from '../minutes/service.ts';
import { TextFlow } from '../documents/flow.ts';
import {
  answerDocument,
  answerItemTitle,
  cleanRecipients,
  deadlinesOf,
  DIRECTION_LABEL,
  incomingStatus,
  isOpen,
  OUTGOING_SHOWN_AFTER_DAYS,
  outgoingStatus,
  proposedClause,
  STANCE_LABEL,
  STATUS_LABEL,
  validateAnswer,
  validateIncoming,
  validateOutgoing,
  validateSending,
  type RemissDeadline,
  type RemissStatus,
} from './model.ts';
import * as store from './store.ts';
import type { RemissRow } from './store.ts';

import type { AgendaPlacement, AnswerInput, IncomingInput, OutgoingInput, RecipientsInput, RemissChange, RemissQuery, RemissSummary, RemissView, SendingInput } from './contract.ts';

export type { RemissDeadline } from './model.ts';
export type { RecipientView, RemissSummary, RemissView } from './contract.ts';

/** Outcomes of a decision that answer the remiss (a referral back or a tabling does not). */
const ANSWERING = new Set(['according-to-proposal', 'amended']);

interface AgendaState {
  agenda: RemissView['agenda'];
  decision: RemissView['decision'];
  organisation: string | null;
}

async function agendaStateOf(ex: Executor, meetingId: number | null, itemId: number | null): Promise<AgendaState> {
  if (meetingId === null || itemId === null) return { agenda: null, decision: null, organisation: null };
  const meeting = await meetings.getMeeting(ex, meetingId).catch(() => null);
  const item = meeting?.items.find((i) => i.id === itemId);
  if (!meeting || !item) return { agenda: null, decision: null, organisation: null };
  const body = await meetings.getBody(ex, meeting.bodyId);
  const agenda = { meetingId, meetingDate: meeting.date, bodyName: meeting.bodyName, itemId, itemNumber: item.number, itemTitle: item.title };
  if (!(await minutes.hasMinutes(ex, meetingId))) return { agenda, decision: null, organisation: body.organisation };
  const d = (await minutes.getMinutes(ex, meetingId)).decisions.find((x) => x.agendaItemId === itemId);
  return {
    agenda,
    decision: d ? { paragraph: d.paragraph, outcomeLabel: d.outcomeLabel, clauses: d.clauses, answers: ANSWERING.has(d.outcome) } : null,
    organisation: body.organisation,
  };
}

function statusOf(r: Pick<RemissRow, 'direction' | 'declined' | 'answer_sent_on' | 'agenda_item_id' | 'period_from' | 'period_to'>, decided: boolean, today: IsoDate): RemissStatus {
  return r.direction === 'incoming'
    ? incomingStatus({ declined: r.declined, answerSentOn: r.answer_sent_on, decided, agendaItemId: r.agenda_item_id })
    : outgoingStatus({ periodFrom: r.period_from!, periodTo: r.period_to! }, today);
}

function summaryOf(r: RemissRow, caseNumber: string | null, counts: { recipients: number; answered: number }, status: RemissStatus, staff: boolean): RemissSummary {
  return {
    id: r.id,
    direction: r.direction,
    directionLabel: DIRECTION_LABEL[r.direction],
    title: r.title,
    caseNumber,
    sender: r.sender,
    receivedOn: r.received_on,
    replyDue: r.reply_due,
    periodFrom: r.period_from,
    periodTo: r.period_to,
    answerSentOn: r.answer_sent_on,
    recipientCount: counts.recipients,
    answeredCount: counts.answered,
    status,
    statusLabel: STATUS_LABEL[status],
    open: isOpen(status),
    preparer: staff ? r.preparer : null,
  };
}

/** The register (public: organisations, titles, dates, status), filtered by direction, open work and a search text. */
export async function listRemisser(
  db: Db,
  actor: Actor,
  f: RemissQuery = {},
  today: IsoDate = todayInStockholm(),
): Promise<RemissSummary[]> {
  const staff = can(actor, 'minutes.read-draft');
  const rows = await store.listRemisser(db.kysely, { direction: f.direction, q: f.q?.trim() || undefined });
  // the decision matters only for incoming remisser on an agenda and not yet answered: one read per meeting
  const pending = rows.filter((r) => r.direction === 'incoming' && r.agenda_item_id !== null && r.meeting_id !== null && !r.answer_sent_on && !r.declined);
  const decided = new Set<number>();
  for (const meetingId of new Set(pending.map((r) => r.meeting_id!))) {
    if (!(await minutes.hasMinutes(db, meetingId))) continue;
    for (const d of (await minutes.getMinutes(db, meetingId, today)).decisions) if (ANSWERING.has(d.outcome)) decided.add(d.agendaItemId);
  }
  return rows
    .map((r) => summaryOf(r, r.case_number, { recipients: Number(r.recipient_count ?? 0), answered: Number(r.answered_count ?? 0) }, statusOf(r, r.agenda_item_id !== null && decided.has(r.agenda_item_id), today), staff))
    .filter((s) => f.open === undefined || s.open === f.open);
}

async function viewOf(ex: Executor, r: RemissRow, today: IsoDate): Promise<RemissView> {
  const [recipients, kase, state] = await Promise.all([
    store.recipientsOf(ex, r.id),
    r.case_id === null ? Promise.resolve(null) : diarium.caseNumbersByIds(ex, [r.case_id]).then((m) => m.get(r.case_id!) ?? null),
    agendaStateOf(ex, r.meeting_id, r.agenda_item_id),
  ]);
  const caseRecord = kase ? await diarium.getCase(ex, kase) : null;
  const decided = Boolean(state.decision?.answers);
  const status = statusOf(r, decided, today);
  const produced =
    r.answer_document ??
    (r.direction === 'incoming' && decided && state.agenda && state.decision
      ? answerDocument({
          title: r.title,
          sender: r.sender!,
          senderRef: r.sender_ref,
          caseNumber: kase,
          organisation: state.organisation ?? '',
          decision: { bodyName: state.agenda.bodyName, meetingDate: state.agenda.meetingDate, paragraph: state.decision.paragraph, outcomeLabel: state.decision.outcomeLabel, clauses: state.decision.clauses },
        })
      : null);
  return {
    ...summaryOf(r, kase, { recipients: recipients.length, answered: recipients.filter((x) => x.answered_on).length }, status, true),
    senderRef: r.sender_ref,
    question: r.question,
    caseTitle: caseRecord?.title ?? null,
    declined: r.declined,
    agenda: state.agenda,
    decision: state.decision,
    answerSentTo: r.answer_sent_to,
    answerDocument: produced,
    recipients: recipients.map((x) => ({ id: x.id, name: x.name, answeredOn: x.answered_on, stance: x.stance, stanceLabel: x.stance ? STANCE_LABEL[x.stance] : null, summary: x.summary })),
    version: r.version,
    updatedBy: r.updated_by,
    updatedAt: new Date(r.updated_at).toISOString(),
  };
}

/** One remiss with everything staff work with. */
export async function getRemiss(db: Db | Executor, actor: Actor, id: number, today: IsoDate = todayInStockholm()): Promise<RemissView> {
  authorize(actor, 'minutes.read-draft');
  const ex = executorOf(db);
  const r = await store.findRemiss(ex, id);
  if (!r) throw notFound('Remissen', id);
  return viewOf(ex, r, today);
}

/** The case a remiss belongs to: an existing one by its number, a new one registered now, or none. */
async function caseFor(trx: Executor, actor: Actor, input: { caseNumber?: unknown; registerCase?: unknown }, title: string, registeredOn: IsoDate | null): Promise<number | null> {
  if (typeof input.caseNumber === 'string' && input.caseNumber.trim()) return (await diarium.getCase(trx, input.caseNumber)).id;
  if (input.registerCase === true) {
    const c = await diarium.registerCaseIn(trx, actor, { title, ...(registeredOn ? { registeredOn } : {}) });
    return c.id;
  }
  return null;
}

export async function registerIncoming(db: Db, actor: Actor, input: IncomingInput, today: IsoDate = todayInStockholm()): Promise<RemissView> {
  authorize(actor, 'case.register');
  const f = validateIncoming(input as unknown as Record<string, unknown>);
  return db.tx(async (trx) => {
    const caseId = await caseFor(trx, actor, input, `Remiss – ${f.title}`, f.receivedOn);
    const row = await store.insertRemiss(trx, {
      direction: 'incoming', title: f.title, case_id: caseId, sender: f.sender, sender_ref: f.senderRef, question: f.question,
      received_on: f.receivedOn, reply_due: f.replyDue, preparer: f.preparer, period_from: null, period_to: null, by: actor.id,
    });
    await audit(trx, { actor: actor.id, action: 'remiss.register-incoming', entity: 'remiss', entityId: row.id, after: { ...f, caseId } });
    return viewOf(trx, row, today);
  });
}

export async function registerOutgoing(db: Db, actor: Actor, input: OutgoingInput, today: IsoDate = todayInStockholm()): Promise<RemissView> {
  authorize(actor, 'case.register');
  const f = validateOutgoing(input as unknown as Record<string, unknown>);
  const recipients = cleanRecipients(input.recipients ?? []);
  return db.tx(async (trx) => {
    const caseId = await caseFor(trx, actor, input, f.title, null);
    const row = await store.insertRemiss(trx, {
      direction: 'outgoing', title: f.title, case_id: caseId, sender: null, sender_ref: null, question: f.question,
      received_on: null, reply_due: null, preparer: null, period_from: f.periodFrom, period_to: f.periodTo, by: actor.id,
    });
    await store.insertRecipients(trx, row.id, recipients, 1);
    await audit(trx, { actor: actor.id, action: 'remiss.register-outgoing', entity: 'remiss', entityId: row.id, after: { ...f, caseId, recipients } });
    return viewOf(trx, row, today);
  });
}

async function lockAt(trx: Executor, id: number, version: number | undefined): Promise<RemissRow> {
  const r = await store.lockRemiss(trx, id);
  if (!r) throw notFound('Remissen', id);
  assertVersion(r.version, version, 'Remissen', r.updated_by);
  return r;
}

/** Edits a remiss at the version the user saw; an answer already sent keeps its sender and title. */
export async function updateRemiss(db: Db, actor: Actor, id: number, input: RemissChange, today: IsoDate = todayInStockholm()): Promise<RemissView> {
  authorize(actor, 'case.register');
  return db.tx(async (trx) => {
    const r = await lockAt(trx, id, input.version);
    const pick = <T>(v: T | undefined, old: T) => (v === undefined ? old : v);
    const set: Parameters<typeof store.updateRemiss>[2] = {};
    if (r.direction === 'incoming') {
      const f = validateIncoming({
        title: pick(input.title, r.title), sender: pick(input.sender, r.sender), senderRef: pick(input.senderRef, r.sender_ref), question: pick(input.question, r.question),
        receivedOn: pick(input.receivedOn, r.received_on), replyDue: pick(input.replyDue, r.reply_due), preparer: pick(input.preparer, r.preparer),
      });
      if (r.answer_sent_on && (f.title !== r.title || f.sender !== r.sender || f.senderRef !== r.sender_ref)) {
        throw new DomainError('remiss-answer-sent', `Svaret skickades ${r.answer_sent_on}; rubrik, avsändare och avsändarens diarienummer står i det och kan inte längre ändras.`, { status: 409 });
      }
      Object.assign(set, { title: f.title, sender: f.sender, sender_ref: f.senderRef, question: f.question, received_on: f.receivedOn, reply_due: f.replyDue, preparer: f.preparer });
      if (input.declined !== undefined && input.declined !== r.declined) {
        if (r.answer_sent_on) throw new DomainError('remiss-answer-sent', `Svaret skickades redan ${r.answer_sent_on}.`, { status: 409 });
        set.declined = input.declined;
      }
    } else {
      const f = validateOutgoing({ title: pick(input.title, r.title), question: pick(input.question, r.question), periodFrom: pick(input.periodFrom, r.period_from), periodTo: pick(input.periodTo, r.period_to) });
      const early = (await store.recipientsOf(trx, id)).find((x) => x.answered_on && x.answered_on < f.periodFrom);
      if (early) throw new DomainError('remiss-invalid-period', `Remisstiden kan inte börja ${f.periodFrom}: ${early.name} svarade redan ${early.answered_on}.`);
      Object.assign(set, { title: f.title, question: f.question, period_from: f.periodFrom, period_to: f.periodTo });
    }
    if (input.caseNumber !== undefined) set.case_id = input.caseNumber ? (await diarium.getCase(trx, input.caseNumber)).id : null;
    const after = await store.updateRemiss(trx, id, set, actor.id);
    await audit(trx, { actor: actor.id, action: 'remiss.update', entity: 'remiss', entityId: id, before: r, after: set });
    return viewOf(trx, after, today);
  });
}

/**
 * Puts an incoming remiss's answer on a meeting's agenda: a new decision item
 * "Svar på remiss – <rubrik>" with the remiss's case and the proposal of seed
 * 003 item 5, or (with `itemId`) an item already on that agenda. Moving it to
 * another meeting is allowed until the body has decided the answer.
 */
export async function placeOnAgenda(db: Db, actor: Actor, id: number, input: AgendaPlacement, today: IsoDate = todayInStockholm()): Promise<RemissView> {
  authorize(actor, 'agenda.edit');
  return db.tx(async (trx) => {
    const r = await lockAt(trx, id, input.version);
    if (r.direction !== 'incoming') throw new DomainError('remiss-not-incoming', 'Bara en inkommande remiss besvaras genom en punkt på föredragningslistan.');
    if (r.answer_sent_on) throw new DomainError('remiss-answer-sent', `Svaret skickades redan ${r.answer_sent_on}.`, { status: 409 });
    const current = await agendaStateOf(trx, r.meeting_id, r.agenda_item_id);
    if (current.decision?.answers) {
      throw new DomainError('remiss-already-decided', `Nämnden har redan beslutat om svaret (${current.agenda!.bodyName} ${current.agenda!.meetingDate}, punkt ${current.agenda!.itemNumber}).`, { status: 409 });
    }
    const meeting = await meetings.getMeeting(trx, input.meetingId);
    let itemId: number;
    if (input.itemId) {
      const item = meeting.items.find((i) => i.id === input.itemId);
      if (!item) throw new DomainError('not-found', `Punkten finns inte på sammanträdet ${meeting.bodyName} ${meeting.date}.`, { status: 404 });
      const other = await store.findByAgendaItem(trx, item.id);
      if (other && other.id !== id) throw new DomainError('remiss-item-taken', `Punkt ${item.number} besvarar redan remissen "${other.title}".`, { status: 409 });
      itemId = item.id;
    } else {
      const body = await meetings.getBody(trx, meeting.bodyId);
      const added = await meetings.addAgendaItem(trx, actor, meeting.id, {
        title: answerItemTitle(r.title),
        kind: 'decision',
        caseId: r.case_id,
        presenters: r.preparer ? [r.preparer] : [],
        proposal: { addressee: `${meeting.bodyName} beslutar`, clauses: [proposedClause(body.organisation, r.sender!)] },
      });
      itemId = added.id;
    }
    const after = await store.updateRemiss(trx, id, { meeting_id: meeting.id, agenda_item_id: itemId }, actor.id);
    await audit(trx, { actor: actor.id, action: 'remiss.place-on-agenda', entity: 'remiss', entityId: id, before: { meetingId: r.meeting_id, itemId: r.agenda_item_id }, after: { meetingId: meeting.id, itemId, added: !input.itemId } });
    return viewOf(trx, after, today);
  });
}

/** Records the answer sent (day, to whom; the sender unless named), keeping the Svar på remiss as it was sent. */
export async function recordSending(db: Db, actor: Actor, id: number, input: SendingInput, today: IsoDate = todayInStockholm()): Promise<RemissView> {
  authorize(actor, 'case.register');
  return db.tx(async (trx) => {
    const r = await lockAt(trx, id, input.version);
    if (r.direction !== 'incoming') throw new DomainError('remiss-not-incoming', 'Bara en inkommande remiss har ett svar att skicka; för en utgående registreras svaren som kommer in.');
    if (r.answer_sent_on) throw new DomainError('remiss-answer-sent', `Svaret skickades redan ${r.answer_sent_on} till ${r.answer_sent_to}.`, { status: 409 });
    if (r.declined) throw new DomainError('remiss-declined', 'Remissen är markerad att regionen avstår från att svara; ta bort markeringen först.', { status: 409 });
    const view = await viewOf(trx, r, today);
    const s = validateSending({ sentOn: input.sentOn, sentTo: input.sentTo || r.sender }, { decided: Boolean(view.decision?.answers), meetingDate: view.agenda?.meetingDate ?? null, today });
    const after = await store.updateRemiss(trx, id, { answer_sent_on: s.sentOn, answer_sent_to: s.sentTo, answer_document: view.answerDocument }, actor.id);
    await audit(trx, { actor: actor.id, action: 'remiss.answer-sent', entity: 'remiss', entityId: id, after: { ...s, document: view.answerDocument } });
    return viewOf(trx, after, today);
  });
}

/** The Svar på remiss as a text file (as sent, or as the decision produces it). */
export async function answerFile(db: Db, actor: Actor, id: number): Promise<{ fileName: string; text: string }> {
  const v = await getRemiss(db, actor, id);
  if (!v.answerDocument) throw new DomainError('remiss-not-decided', 'Svaret kan skrivas först när nämnden har fattat beslut i punkten på föredragningslistan.', { status: 409 });
  const ref = (v.caseNumber ?? `remiss-${v.id}`).replace(/[^\w-]/g, '');
  return { fileName: `svar-pa-remiss-${ref}.txt`, text: v.answerDocument };
}

/**
 * The Svar på remiss as a PDF (A4, the heading in bold, page stamps), from
 * the same text; dated by the sending (or the meeting), so the same answer
 * gives the same bytes.
 */
export async function answerPdf(db: Db, actor: Actor, id: number): Promise<{ fileName: string; pdf: Uint8Array }> {
  const v = await getRemiss(db, actor, id);
  const f = await answerFile(db, actor, id);
  const heading = answerItemTitle(v.title);
  const day = v.answerSentOn ?? v.agenda?.meetingDate ?? null;
  const flow = await TextFlow.create({
    title: heading,
    author: v.agenda?.bodyName ?? 'Styrbord',
    subject: v.caseNumber ? `Diarienummer ${v.caseNumber}` : heading,
    ...(day ? { date: new Date(`${day}T12:00:00Z`) } : {}),
  });
  for (const line of f.text.replace(/\n$/, '').split('\n')) {
    if (line === heading) flow.heading(line, 1);
    else if (line === '') flow.space(10);
    else flow.text(line);
  }
  return { fileName: f.fileName.replace(/\.txt$/, '.pdf'), pdf: await flow.finish() };
}

function outgoingOnly(r: RemissRow): void {
  if (r.direction !== 'outgoing') throw new DomainError('remiss-not-outgoing', 'Mottagare och deras svar hör till en utgående remiss.');
}

/** Adds recipients (one organisation a line) to an outgoing remiss; names already on the list are left out. */
export async function addRecipients(db: Db, actor: Actor, id: number, input: RecipientsInput, today: IsoDate = todayInStockholm()): Promise<RemissView> {
  authorize(actor, 'case.register');
  return db.tx(async (trx) => {
    const r = await lockAt(trx, id, input.version);
    outgoingOnly(r);
    const existing = await store.recipientsOf(trx, id);
    const have = new Set(existing.map((x) => x.name.toLocaleLowerCase('sv')));
    const names = cleanRecipients(input.names).filter((n) => !have.has(n.toLocaleLowerCase('sv')));
    if (names.length === 0) throw new DomainError('remiss-no-new-recipients', 'Inga nya mottagare: namnen saknas eller finns redan på sändlistan.');
    cleanRecipients([...existing.map((x) => x.name), ...names]);
    await store.insertRecipients(trx, id, names, Math.max(0, ...existing.map((x) => x.position)) + 1);
    const after = await store.updateRemiss(trx, id, {}, actor.id);
    await audit(trx, { actor: actor.id, action: 'remiss.add-recipients', entity: 'remiss', entityId: id, after: { names } });
    return viewOf(trx, after, today);
  });
}

/** Removes a recipient who has not answered (an answer received stays on record). */
export async function removeRecipient(db: Db, actor: Actor, id: number, recipientId: number, version: number, today: IsoDate = todayInStockholm()): Promise<RemissView> {
  authorize(actor, 'case.register');
  return db.tx(async (trx) => {
    const r = await lockAt(trx, id, version);
    outgoingOnly(r);
    const x = (await store.recipientsOf(trx, id)).find((y) => y.id === recipientId);
    if (!x) throw notFound('Mottagaren', recipientId);
    if (x.answered_on) throw new DomainError('remiss-recipient-answered', `${x.name} har redan svarat (${x.answered_on}); ett inkommet svar tas inte bort från remissen.`, { status: 409 });
    await store.deleteRecipient(trx, id, recipientId);
    const after = await store.updateRemiss(trx, id, {}, actor.id);
    await audit(trx, { actor: actor.id, action: 'remiss.remove-recipient', entity: 'remiss', entityId: id, before: { name: x.name } });
    return viewOf(trx, after, today);
  });
}

/** Records (or corrects) the answer a recipient sent: its day, stance and a summary. */
export async function recordAnswer(
  db: Db,
  actor: Actor,
  id: number,
  recipientId: number,
  input: AnswerInput,
  today: IsoDate = todayInStockholm(),
): Promise<RemissView> {
  authorize(actor, 'case.register');
  return db.tx(async (trx) => {
    const r = await lockAt(trx, id, input.version);
    outgoingOnly(r);
    const x = (await store.recipientsOf(trx, id)).find((y) => y.id === recipientId);
    if (!x) throw notFound('Mottagaren', recipientId);
    const a = validateAnswer(input, { periodFrom: r.period_from!, today });
    await store.setAnswer(trx, id, recipientId, { answered_on: a.answeredOn, stance: a.stance, summary: a.summary });
    const after = await store.updateRemiss(trx, id, {}, actor.id);
    await audit(trx, { actor: actor.id, action: 'remiss.answer-received', entity: 'remiss', entityId: id, before: { name: x.name, answeredOn: x.answered_on, stance: x.stance, summary: x.summary }, after: { name: x.name, ...a } });
    return viewOf(trx, after, today);
  });
}

/**
 * The remiss deadlines for the staff start page (meetings/overview.ts can
 * call this): each incoming remiss not yet answered, by its reply day, and
 * each outgoing one whose remisstid runs (or ended within two weeks), by its
 * last day, soonest first. Organisations, titles and dates only.
 */
export async function remissDeadlines(db: Db | Executor, today: IsoDate = todayInStockholm()): Promise<RemissDeadline[]> {
  const rows = await store.openDeadlineRows(executorOf(db), addDays(today, -OUTGOING_SHOWN_AFTER_DAYS));
  return deadlinesOf(
    rows.map((r) => ({
      id: r.id, direction: r.direction, title: r.title, caseNumber: r.case_number, sender: r.sender, replyDue: r.reply_due, periodFrom: r.period_from, periodTo: r.period_to,
      answerSentOn: r.answer_sent_on, declined: r.declined, recipients: Number(r.recipient_count ?? 0), answered: Number(r.answered_count ?? 0),
    })),
    today,
  );
}

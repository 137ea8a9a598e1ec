/**
 * Expediering of adjusted decisions (issue 15.6). Each paragraph's
 * recipients are proposed from the memo's "Skickas till" (the authored
 * memo's list, else the block in the imported memo's text) and the
 * protokoll's own "Skickas till"; the secretary confirms each one with an
 * e-mail address, edits them, or adds others. Once the protokoll is
 * adjusted, "Skicka utdragen" sends each recipient the sealed, certified
 * extract of the paragraph (the stored file, byte for byte) as an
 * attachment, by the SMTP set-up of the kallelse (kernel/mail.ts).
 *
 * As with the kallelse, every send is recorded before anything leaves: one
 * transaction writes a 'pending' row per recipient with the hash of the file
 * to be attached (and the audit entry); the messages then go out one by one
 * and each answer is written as 'sent' or 'failed' in its own transaction,
 * so a failure is visible per recipient and can be retried.
 *
 * A secret item's extract is never sent by plain e-mail: "send all" leaves
 * it out and says so, a direct send or retry is refused in Swedish. The
 * secretary sends it a safe way and records how ("Registrera annat sätt":
 * channel 'other', with the method) – which is also how a paper or hand
 * delivery is recorded.
 */
import { audit, type Db, type Executor } from '../db/index.ts';
import { authorize, SYSTEM, type Actor } from '../access/model.ts';
import { DomainError, notFound } from '../kernel/errors.ts';
import { cleanLine } from '../kernel/text.ts';
import { assertVersion } from '../kernel/version.ts';
import { mailFailureText, mailTransport, openMailer } from '../kernel/mail.ts';
import { normalizeEmail } from '../meetings/sending.ts';
import * as meetings from '../meetings/service.ts';
import * as documents from '../documents/service.ts';
import { FileStore } from '../documents/files.ts';
import type { MeetingDetail } from '../http/contract.ts';
import { loadSeal } from './seal.ts';
import * as minutesStore from './store.ts';
import { minutesFile } from './service.ts';
import * as store from './dispatchStore.ts';
import {
  assertMayEmail,
  extractFileName,
  extractSubject,
  extractText,
  nameKey,
  sendToOfMeeting,
  type ExpedieringParagraph,
  type ExpedieringRecipientView,
  type ExpedieringView,
  type ExtractDispatchView,
  type RecipientSource,
  type SendExtractsResult,
} from './dispatch.ts';

/** A 'pending' row older than this is taken to be an interrupted send (the server stopped mid-way) and may be retried. */
const STALE_PENDING_MS = 10 * 60 * 1000;

const iso = (d: Date | string) => new Date(d).toISOString();
const conflict = (code: string, message: string) => new DomainError(code, message, { status: 409 });

export interface DispatchOptions {
  /** Where SMTP_URL and SMTP_FROM are read (the process environment by default). */
  env?: NodeJS.ProcessEnv;
  files?: FileStore;
}

type DispatchRow = Awaited<ReturnType<typeof store.dispatchesOf>>[number];
type RecipientRow = Awaited<ReturnType<typeof store.recipientsOf>>[number];

const dispatchView = (d: DispatchRow): ExtractDispatchView => ({
  id: d.id,
  channel: d.channel,
  address: d.address,
  method: d.method,
  status: d.status,
  error: d.error,
  attempts: d.attempts,
  sentAt: d.sent_at ? iso(d.sent_at) : null,
  sentBy: d.sent_by,
  updatedAt: iso(d.updated_at),
  fileSha256: d.file_sha256,
  audience: d.audience,
  version: d.version,
});

/** The names the memo of an item sends to: the authored memo's list, else the "Skickas till" blocks of the imported memo text. */
async function memoSendTo(ex: Executor, itemId: number, imported: Map<number, Array<{ name: string; email: string | null }>>): Promise<Array<{ name: string; email: string | null }>> {
  try {
    const memo = await documents.getMemo(ex, itemId, SYSTEM);
    const list = (memo.memo.sendTo ?? []).map(cleanLine).filter(Boolean);
    if (list.length) return list.map((name) => ({ name, email: null }));
  } catch (e) {
    if (!(e instanceof DomainError) || e.status !== 404) throw e;
  }
  return imported.get(itemId) ?? [];
}

/** The memo recipients of the meeting's items as the imported texts give them (dispatch.ts sendToOfMeeting). */
async function importedSendTo(ex: Executor, meetingId: number) {
  const texts = await meetings.attachmentTexts(ex, meetingId);
  return sendToOfMeeting(texts.map((t) => ({ id: t.itemId, number: t.number, title: t.title, text: t.text })));
}

/** The recipients the memos of a meeting's items send to, by item number (the demo records its decisions with them). */
export async function memoRecipients(db: Db, meetingId: number): Promise<Map<number, string[]>> {
  const meeting = await meetings.getMeeting(db, meetingId);
  const imported = await importedSendTo(db.kysely, meetingId);
  const out = new Map<number, string[]>();
  for (const item of meeting.items) out.set(item.number, (await memoSendTo(db.kysely, item.id, imported)).map((r) => r.name));
  return out;
}

interface Loaded {
  meeting: MeetingDetail;
  minutes: NonNullable<Awaited<ReturnType<typeof minutesStore.findMinutesByMeeting>>>;
  decisions: Awaited<ReturnType<typeof minutesStore.decisionsOf>>;
}

async function load(ex: Executor, meetingId: number): Promise<Loaded> {
  const minutes = await minutesStore.findMinutesByMeeting(ex, meetingId);
  if (!minutes) throw notFound('Protokollet för sammanträde', meetingId);
  const meeting = await meetings.getMeeting(ex, meetingId);
  return { meeting, minutes, decisions: await minutesStore.decisionsOf(ex, minutes.id) };
}

async function buildView(ex: Executor, meetingId: number): Promise<ExpedieringView> {
  const { meeting, minutes, decisions } = await load(ex, meetingId);
  const ids = decisions.map((d) => d.id);
  const [rows, dispatches, imported] = await Promise.all([store.recipientsOf(ex, ids), store.dispatchesOf(ex, ids), importedSendTo(ex, meetingId)]);
  const byRecipient = new Map(dispatches.map((d) => [d.recipient_id, d]));
  const items = new Map(meeting.items.map((i) => [i.id, i]));
  const paragraphs: ExpedieringParagraph[] = [];
  const suggestions: Array<{ at: ExpedieringParagraph; name: string; email: string | null; source: RecipientSource }> = [];
  for (const d of decisions) {
    const item = items.get(d.agenda_item_id);
    if (!item) continue;
    const mine = rows.filter((r) => r.decision_id === d.id);
    const p: ExpedieringParagraph = {
      decisionId: d.id,
      itemNumber: item.number,
      itemTitle: item.title,
      paragraph: d.paragraph,
      secrecyRef: item.secrecyRef ?? null,
      extractUrl: minutes.locked_at && d.paragraph !== null ? `/api/meetings/${meetingId}/minutes/paragraphs/${d.paragraph}/extract.pdf` : null,
      recipients: mine.map((r) => ({ id: r.id, name: r.name, email: r.email, source: r.source, version: r.version, dispatch: byRecipient.has(r.id) ? dispatchView(byRecipient.get(r.id)!) : null })),
    };
    const taken = new Set(mine.map((r) => nameKey(r.name)));
    const propose = (name: string, email: string | null, source: RecipientSource) => {
      if (!name || taken.has(nameKey(name))) return;
      taken.add(nameKey(name));
      suggestions.push({ at: p, name, email, source });
    };
    for (const s of await memoSendTo(ex, item.id, imported)) propose(s.name, s.email, 'memo');
    for (const r of d.recipients) propose(cleanLine(r), null, 'protokoll');
    paragraphs.push(p);
  }
  // a suggestion without an address in the memo gets the one last given for the same name
  const known = await store.knownAddresses(ex, suggestions.filter((s) => !s.email).map((s) => s.name));
  for (const s of suggestions) {
    s.at.recipients.push({ id: null, name: s.name, email: s.email ?? known.get(s.name.toLocaleLowerCase('sv-SE')) ?? null, source: s.source, version: null, dispatch: null });
  }
  paragraphs.sort((a, b) => a.itemNumber - b.itemNumber);
  return { meetingId, bodyName: meeting.bodyName, meetingDate: meeting.date, adjusted: Boolean(minutes.locked_at), adjustedOn: minutes.adjusted_on, paragraphs };
}

/** The expediering of a meeting's decisions: per paragraph its recipients (and suggestions), each with the state of its dispatch. */
export async function getExpediering(db: Db, actor: Actor, meetingId: number): Promise<ExpedieringView> {
  authorize(actor, 'decision.dispatch');
  return buildView(db.kysely, meetingId);
}

const cleanName = (raw: string) => {
  const name = cleanLine(raw ?? '');
  if (!name) throw new DomainError('recipient-required', 'Ange mottagarens namn.');
  if (name.length > 200) throw new DomainError('recipient-too-long', 'Mottagarens namn får vara högst 200 tecken.');
  return name;
};

/** Adds a recipient to an item's decision (a suggestion confirmed, or a new one); its source is the memo's or the protokoll's when the name is theirs. */
export async function addRecipient(db: Db, actor: Actor, meetingId: number, itemNumber: number, input: { name: string; email?: string | null }): Promise<ExpedieringView> {
  authorize(actor, 'decision.dispatch');
  const name = cleanName(input.name);
  const email = normalizeEmail(input.email);
  await db.tx(async (trx) => {
    const { meeting, decisions } = await load(trx, meetingId);
    const item = meeting.items.find((i) => i.number === itemNumber);
    const decision = item ? decisions.find((d) => d.agenda_item_id === item.id) : undefined;
    if (!item || !decision) throw notFound('Beslutet under punkt', itemNumber);
    await store.lockRecipientsOf(trx, [decision.id]);
    if (await store.findRecipientByName(trx, decision.id, name)) throw conflict('recipient-exists', `${name} är redan mottagare för punkt ${itemNumber}.`);
    const fromMemo = (await memoSendTo(trx, item.id, await importedSendTo(trx, meetingId))).some((s) => nameKey(s.name) === nameKey(name));
    const source: RecipientSource = fromMemo ? 'memo' : decision.recipients.some((r) => nameKey(r) === nameKey(name)) ? 'protokoll' : 'added';
    const row = await store.insertRecipient(trx, { decision_id: decision.id, name, email, source, by: actor.id });
    await audit(trx, { actor: actor.id, action: 'expediering.recipient-add', entity: 'expediering_recipient', entityId: row.id, after: { meetingId, itemNumber, name, email, source } });
  });
  return buildView(db.kysely, meetingId);
}

async function lockEditable(trx: Executor, id: number, version: number | undefined, what: string): Promise<RecipientRow> {
  const r = await store.lockRecipient(trx, id);
  if (!r) throw notFound('Mottagaren', id);
  assertVersion(r.version, version, `Mottagaren ${r.name}`, r.updated_by);
  const d = await store.findDispatchOfRecipient(trx, id);
  if (d && d.status === 'sent') throw conflict('recipient-dispatched', `Utdraget är redan skickat till ${r.name}; mottagaren kan inte ${what}.`);
  if (d && d.status === 'pending') throw conflict('dispatch-pending', `Utdraget till ${r.name} håller på att skickas; mottagaren kan inte ${what} just nu.`);
  return r;
}

async function meetingOfDecision(ex: Executor, decisionId: number): Promise<number> {
  const row = await ex.selectFrom('decision as d').innerJoin('minutes as m', 'm.id', 'd.minutes_id').select('m.meeting_id').where('d.id', '=', decisionId).executeTakeFirstOrThrow();
  return row.meeting_id;
}

/** Changes a recipient's name or address (not once the extract is sent to them). */
export async function updateRecipient(db: Db, actor: Actor, id: number, input: { name: string; email?: string | null; version?: number }): Promise<ExpedieringView> {
  authorize(actor, 'decision.dispatch');
  const name = cleanName(input.name);
  const email = normalizeEmail(input.email);
  const meetingId = await db.tx(async (trx) => {
    const r = await lockEditable(trx, id, input.version, 'ändras');
    if (nameKey(name) !== nameKey(r.name)) {
      const other = await store.findRecipientByName(trx, r.decision_id, name);
      if (other) throw conflict('recipient-exists', `${name} är redan mottagare av samma beslut.`);
    }
    await store.updateRecipient(trx, id, { name, email, by: actor.id });
    await audit(trx, { actor: actor.id, action: 'expediering.recipient-update', entity: 'expediering_recipient', entityId: id, before: { name: r.name, email: r.email }, after: { name, email } });
    return meetingOfDecision(trx, r.decision_id);
  });
  return buildView(db.kysely, meetingId);
}

/** Removes a recipient nothing has been sent to. */
export async function removeRecipient(db: Db, actor: Actor, id: number, version?: number): Promise<ExpedieringView> {
  authorize(actor, 'decision.dispatch');
  const meetingId = await db.tx(async (trx) => {
    const r = await lockEditable(trx, id, version, 'tas bort');
    if (await store.findDispatchOfRecipient(trx, id)) {
      throw conflict('recipient-has-dispatch', `Ett utskick till ${r.name} är registrerat (det misslyckades); rätta adressen och försök igen, eller registrera hur utdraget skickades, i stället för att ta bort mottagaren.`);
    }
    const meetingId = await meetingOfDecision(trx, r.decision_id);
    await store.deleteRecipient(trx, id);
    await audit(trx, { actor: actor.id, action: 'expediering.recipient-remove', entity: 'expediering_recipient', entityId: id, before: { name: r.name, email: r.email, source: r.source } });
    return meetingId;
  });
  return buildView(db.kysely, meetingId);
}

interface Extract {
  decisionId: number;
  itemNumber: number;
  itemTitle: string;
  caseNumber: string | null;
  paragraph: number;
  secrecyRef: string | null;
  fileSha256: string;
  audience: 'original' | 'public';
  bytes: Uint8Array;
}

/** The sealed extract of a decision's paragraph as stored (minutesFile: rendered and sealed at its first request). Only after justering. */
async function extractOf(db: Db, actor: Actor, l: Loaded, decisionId: number, files: FileStore): Promise<Extract> {
  if (!l.minutes.locked_at || !l.minutes.adjusted_on) throw conflict('not-adjusted', 'Utdragen expedieras först när protokollet är justerat.');
  const d = l.decisions.find((x) => x.id === decisionId)!;
  const item = l.meeting.items.find((i) => i.id === d.agenda_item_id)!;
  if (d.paragraph === null) throw conflict('not-numbered', `Punkt ${item.number} har ingen paragraf.`);
  const f = await minutesFile(db, actor, l.meeting.id, d.paragraph, files);
  return { decisionId, itemNumber: item.number, itemTitle: item.title, caseNumber: item.caseNumber ?? null, paragraph: d.paragraph, secrecyRef: item.secrecyRef ?? null, fileSha256: f.sha256, audience: f.audience, bytes: f.pdf };
}

interface Pending {
  dispatchId: number;
  recipient: string;
  address: string;
  extract: Extract;
}

/** Sends the recorded pending rows, each with its extract attached, and writes each answer in its own transaction. */
async function deliver(db: Db, actor: Actor, l: Loaded, rows: Pending[], env: NodeJS.ProcessEnv): Promise<{ sent: number; failed: number }> {
  let sent = 0;
  let failed = 0;
  const seal = loadSeal(env);
  const mailer = openMailer(env);
  try {
    for (const row of rows) {
      const input = {
        bodyName: l.meeting.bodyName,
        meetingDate: l.meeting.date,
        adjustedOn: l.minutes.adjusted_on!,
        paragraph: row.extract.paragraph,
        itemTitle: row.extract.itemTitle,
        caseNumber: row.extract.caseNumber,
        recipient: row.recipient,
        sealName: seal.name,
        demo: seal.demo,
      };
      let error: string | null = null;
      try {
        await mailer.send({
          to: row.address,
          subject: extractSubject(input),
          text: extractText(input),
          attachments: [{ filename: extractFileName(l.meeting.date, row.extract.paragraph), content: Buffer.from(row.extract.bytes), contentType: 'application/pdf' }],
        });
      } catch (e) {
        error = mailFailureText(e);
      }
      const at = new Date();
      await db.tx(async (trx) => {
        await store.setResult(trx, row.dispatchId, { status: error ? 'failed' : 'sent', error, sentAt: error ? null : at });
        await audit(trx, {
          actor: actor.id,
          action: error ? 'expediering.failed' : 'expediering.sent',
          entity: 'extract_dispatch',
          entityId: row.dispatchId,
          after: { meetingId: l.meeting.id, paragraph: row.extract.paragraph, recipient: row.recipient, address: row.address, fileSha256: row.extract.fileSha256, ...(error ? { error } : {}) },
        });
      });
      if (error) failed++;
      else sent++;
    }
  } finally {
    mailer.close();
  }
  return { sent, failed };
}

/**
 * "Skicka utdragen": the sealed extract to every recipient with an address
 * who has not received it (a failed one is tried again), for the given items
 * or all. A secret item's recipients are left out (secretSkipped). Refused
 * before anything is recorded when SMTP_URL is not set or the protokoll is
 * not adjusted.
 */
export async function sendExtracts(db: Db, actor: Actor, meetingId: number, input: { itemNumbers?: number[] }, opts: DispatchOptions = {}): Promise<SendExtractsResult> {
  authorize(actor, 'decision.dispatch');
  const env = opts.env ?? process.env;
  const files = opts.files ?? new FileStore();
  mailTransport(env).close(); // no mail server configured: refused in Swedish, nothing recorded
  const l = await load(db.kysely, meetingId);
  if (!l.minutes.locked_at) throw conflict('not-adjusted', 'Utdragen expedieras först när protokollet är justerat.');
  const wanted = input.itemNumbers?.length ? new Set(input.itemNumbers) : null;
  const itemOf = new Map(l.meeting.items.map((i) => [i.id, i]));
  if (wanted) for (const n of wanted) if (!l.meeting.items.some((i) => i.number === n)) throw notFound('Punkt', n);
  const chosen = l.decisions.filter((d) => !wanted || wanted.has(itemOf.get(d.agenda_item_id)?.number ?? -1));
  const secretSkipped: SendExtractsResult['secretSkipped'] = [];
  const withoutAddress: SendExtractsResult['withoutAddress'] = [];
  const extracts = new Map<number, Extract>();
  const recipients = await store.recipientsOf(db.kysely, chosen.map((d) => d.id));
  for (const d of chosen) {
    const item = itemOf.get(d.agenda_item_id)!;
    const mine = recipients.filter((r) => r.decision_id === d.id);
    if (!mine.length || d.paragraph === null) continue;
    if (item.secrecyRef) {
      for (const r of mine) secretSkipped.push({ itemNumber: item.number, name: r.name });
      if (wanted?.size === 1) assertMayEmail(item.secrecyRef, item.number);
      continue;
    }
    // rendered and sealed (and stored) at its first request, outside the transaction below: the file is what every recipient gets
    extracts.set(d.id, await extractOf(db, actor, l, d.id, files));
  }
  const pending = await db.tx(async (trx) => {
    const out: Pending[] = [];
    const rows = await store.lockRecipientsOf(trx, [...extracts.keys()]);
    const existing = new Map((await store.dispatchesOf(trx, [...extracts.keys()])).map((x) => [x.recipient_id, x]));
    for (const r of rows) {
      const extract = extracts.get(r.decision_id)!;
      const before = existing.get(r.id);
      if (before && before.status !== 'failed') continue; // sent, or on its way
      if (!r.email) {
        withoutAddress.push({ itemNumber: extract.itemNumber, name: r.name });
        continue;
      }
      const values = { channel: 'email' as const, address: r.email, method: null, file_sha256: extract.fileSha256, audience: extract.audience, sent_by: actor.id };
      let dispatchId: number;
      if (before) {
        await store.redoDispatch(trx, before.id, { ...values, status: 'pending', sent_at: null });
        dispatchId = before.id;
      } else dispatchId = (await store.insertDispatch(trx, { ...values, recipient_id: r.id, decision_id: r.decision_id, paragraph: extract.paragraph })).id;
      out.push({ dispatchId, recipient: r.name, address: r.email, extract });
    }
    await audit(trx, {
      actor: actor.id,
      action: 'expediering.send',
      entity: 'minutes',
      entityId: meetingId,
      after: {
        recipients: out.map((p) => ({ dispatchId: p.dispatchId, paragraph: p.extract.paragraph, recipient: p.recipient, address: p.address, fileSha256: p.extract.fileSha256 })),
        secretSkipped,
        withoutAddress,
      },
    });
    return out;
  });
  // committed: every recipient is recorded as pending before the first message leaves
  const { sent, failed } = pending.length ? await deliver(db, actor, l, pending, env) : { sent: 0, failed: 0 };
  return { ...(await buildView(db.kysely, meetingId)), sent, failed, secretSkipped, withoutAddress };
}

/** "Försök igen" for one dispatch that failed (or whose send was interrupted), to the recipient's address as it is now. */
export async function retryDispatch(db: Db, actor: Actor, dispatchId: number, opts: DispatchOptions = {}): Promise<ExpedieringView> {
  authorize(actor, 'decision.dispatch');
  const env = opts.env ?? process.env;
  mailTransport(env).close();
  const first = await db.kysely.selectFrom('extract_dispatch').select(['decision_id']).where('id', '=', dispatchId).executeTakeFirst();
  if (!first) throw notFound('Utskicket', dispatchId);
  const meetingId = await meetingOfDecision(db.kysely, first.decision_id);
  const l = await load(db.kysely, meetingId);
  const item = l.meeting.items.find((i) => i.id === l.decisions.find((d) => d.id === first.decision_id)?.agenda_item_id)!;
  assertMayEmail(item.secrecyRef ?? null, item.number);
  const extract = await extractOf(db, actor, l, first.decision_id, opts.files ?? new FileStore());
  const target = await db.tx(async (trx) => {
    const d = await store.lockDispatch(trx, dispatchId);
    if (!d) throw notFound('Utskicket', dispatchId);
    const r = (await store.lockRecipient(trx, d.recipient_id))!;
    if (d.status === 'sent') throw conflict('dispatch-sent', `Utdraget är redan skickat till ${r.name}${d.address ? ` (${d.address})` : ''}.`);
    if (d.status === 'pending' && Date.now() - new Date(d.updated_at).getTime() < STALE_PENDING_MS) {
      throw conflict('dispatch-pending', `Utdraget till ${r.name} håller på att skickas. Vänta en stund och ladda om sidan.`);
    }
    if (!r.email) throw new DomainError('no-address', `${r.name} har ingen e-postadress. Lägg in en adress först, eller registrera hur utdraget skickades.`, { status: 422 });
    await store.redoDispatch(trx, d.id, { channel: 'email', address: r.email, method: null, file_sha256: extract.fileSha256, audience: extract.audience, sent_by: actor.id, status: 'pending', sent_at: null });
    await audit(trx, { actor: actor.id, action: 'expediering.retry', entity: 'extract_dispatch', entityId: d.id, before: { status: d.status, error: d.error, address: d.address, attempts: d.attempts }, after: { address: r.email, attempts: d.attempts + 1 } });
    return { dispatchId: d.id, recipient: r.name, address: r.email, extract };
  });
  await deliver(db, actor, l, [target], env);
  return buildView(db.kysely, meetingId);
}

/**
 * Records that a recipient got the extract another way than by this e-mail
 * (the way a secret item's extract goes: säker e-post, rekommenderat brev,
 * by hand) – with how, which the record keeps. Only after justering; not
 * when it is already sent or on its way.
 */
export async function recordSentOtherwise(db: Db, actor: Actor, recipientId: number, input: { method: string; version?: number }, opts: { files?: FileStore } = {}): Promise<ExpedieringView> {
  authorize(actor, 'decision.dispatch');
  const method = cleanLine(input.method ?? '');
  if (!method) throw new DomainError('method-required', 'Ange hur utdraget skickades (till exempel rekommenderat brev eller säker e-post).');
  if (method.length > 300) throw new DomainError('method-too-long', 'Beskrivningen av hur utdraget skickades får vara högst 300 tecken.');
  const r0 = await db.kysely.selectFrom('expediering_recipient').select(['decision_id']).where('id', '=', recipientId).executeTakeFirst();
  if (!r0) throw notFound('Mottagaren', recipientId);
  const meetingId = await meetingOfDecision(db.kysely, r0.decision_id);
  const l = await load(db.kysely, meetingId);
  const extract = await extractOf(db, actor, l, r0.decision_id, opts.files ?? new FileStore());
  await recordOtherwise(db, actor, recipientId, input.version, method, extract, new Date());
  return buildView(db.kysely, meetingId);
}

async function recordOtherwise(db: Db, actor: Actor, recipientId: number, version: number | undefined, method: string, extract: Pick<Extract, 'fileSha256' | 'audience' | 'paragraph'>, at: Date): Promise<void> {
  await db.tx(async (trx) => {
    const r = await lockEditable(trx, recipientId, version, 'registreras som skickad igen');
    const d = await store.findDispatchOfRecipient(trx, recipientId);
    const values = { channel: 'other' as const, address: null, method, file_sha256: extract.fileSha256, audience: extract.audience, sent_by: actor.id, status: 'sent' as const, sent_at: at };
    const id = d ? (await store.redoDispatch(trx, d.id, values), d.id) : (await store.insertDispatch(trx, { ...values, recipient_id: r.id, decision_id: r.decision_id, paragraph: extract.paragraph })).id;
    await audit(trx, { actor: actor.id, action: 'expediering.recorded', entity: 'extract_dispatch', entityId: id, before: d ? { status: d.status, error: d.error } : undefined, after: { recipient: r.name, method, paragraph: extract.paragraph, fileSha256: extract.fileSha256 } });
  });
}

/**
 * For the demo data (dispatchDemo.ts): every suggested recipient of the
 * adjusted minutes' paragraphs added, and recorded as sent another way with
 * the given (honest) method – no message leaves.
 */
export async function recordAllSuggested(db: Db, actor: Actor, meetingId: number, method: string, files: FileStore = new FileStore()): Promise<number> {
  let n = 0;
  const view = await buildView(db.kysely, meetingId);
  for (const p of view.paragraphs) {
    for (const s of p.recipients.filter((r) => r.id === null)) await addRecipient(db, actor, meetingId, p.itemNumber, { name: s.name, email: s.email });
  }
  const l = await load(db.kysely, meetingId);
  const fresh = await buildView(db.kysely, meetingId);
  for (const p of fresh.paragraphs) {
    const open = p.recipients.filter((r) => r.id !== null && !r.dispatch);
    if (!open.length || p.paragraph === null) continue;
    const extract = await extractOf(db, actor, l, p.decisionId, files);
    for (const r of open) {
      await recordOtherwise(db, actor, r.id!, r.version ?? undefined, method, extract, new Date());
      n++;
    }
  }
  return n;
}

export type { ExpedieringRecipientView };

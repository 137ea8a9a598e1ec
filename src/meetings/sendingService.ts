/**
 * Sending the kallelse by e-mail (issue 14, point 6). The recipients are the
 * body's members and ersättare with an address. Each send is recorded before
 * anything leaves: one transaction writes a 'pending' row per recipient (and
 * the audit entry); the messages then go out one by one, and each answer is
 * written as 'sent' or 'failed' in a transaction of its own, so a failure is
 * visible per recipient and can be retried, and nothing is half-saved. The
 * book version sent is the current built one (refused in Swedish when there
 * is none, or when the agenda changed since it was built); once anyone has
 * received it, that version is marked sent (documents.markBookSent).
 */
import { audit, type Db } from '../db/index.ts';
import { authorize, type Actor } from '../access/model.ts';
import { DomainError, notFound } from '../kernel/errors.ts';
import { assertVersion } from '../kernel/version.ts';
import { mailFailureText, mailTransport, openMailer } from '../kernel/mail.ts';
import * as documents from '../documents/service.ts';
import { getMeeting } from './service.ts';
import {
  kallelseSubject,
  kallelseText,
  normalizeEmail,
  type DispatchView,
  type KallelseDispatches,
  type KallelseMailInput,
  type PersonEmailView,
  type SendKallelseResult,
} from './sending.ts';
import * as store from './sendingStore.ts';

export interface SendOptions {
  /** PUBLIC_BASE_URL: the book link in the message starts with it. */
  baseUrl: string;
  /** Where SMTP_URL and SMTP_FROM are read (the process environment by default). */
  env?: NodeJS.ProcessEnv;
}

/** A 'pending' row older than this is taken to be an interrupted send (the server stopped mid-way) and may be retried. */
const STALE_PENDING_MS = 10 * 60 * 1000;

const iso = (d: Date | string) => new Date(d).toISOString();

/** The built book version that is to be sent: the latest, and only when the agenda is unchanged since it was built. */
async function currentBook(db: Db, actor: Actor, meetingId: number): Promise<number> {
  const status = await documents.bookStatus(db, actor, meetingId);
  if (!status.latest) {
    throw new DomainError('book-not-built', 'Kallelsen kan inte skickas ännu: bygg kallelseboken först (knappen "Bygg kallelseboken").', { status: 409 });
  }
  if (!status.upToDate) {
    throw new DomainError(
      'book-outdated',
      `Föredragningslistan har ändrats sedan version ${status.latest.version} av kallelseboken byggdes. Bygg en ny version innan kallelsen skickas.`,
      { status: 409 },
    );
  }
  return status.latest.version;
}

async function mailInput(db: Db, meetingId: number, version: number, baseUrl: string): Promise<KallelseMailInput> {
  const m = await getMeeting(db, meetingId);
  return {
    bodyName: m.bodyName,
    date: m.date,
    startTime: m.startTime,
    place: m.place,
    // a secret item is only "Sekretess enligt OSL …" (kallelseText): its title never leaves in an e-mail
    items: m.items.map((i) => ({ number: i.number, title: i.title, secrecyRef: i.secrecyRef ?? null })),
    bookUrl: `${baseUrl}/api/meetings/${meetingId}/kallelse/versions/${version}/file`,
    version,
  };
}

/** Sends the recorded pending rows and writes each answer (sent or failed) in its own transaction. */
async function deliver(db: Db, actor: Actor, meetingId: number, rows: Array<{ id: number; personId: number; address: string }>, input: KallelseMailInput, env: NodeJS.ProcessEnv): Promise<{ sent: number; failed: number }> {
  let sent = 0;
  let failed = 0;
  const subject = kallelseSubject(input);
  const text = kallelseText(input);
  const mailer = openMailer(env);
  try {
    for (const row of rows) {
      let error: string | null = null;
      try {
        await mailer.send({ to: row.address, subject, text });
      } catch (e) {
        error = mailFailureText(e);
      }
      const at = new Date();
      await db.tx(async (trx) => {
        await store.setResult(trx, row.id, { status: error ? 'failed' : 'sent', error, sentAt: error ? null : at });
        await audit(trx, {
          actor: actor.id,
          action: error ? 'kallelse.dispatch-failed' : 'kallelse.dispatch-sent',
          entity: 'kallelse_dispatch',
          entityId: row.id,
          after: { meetingId, version: input.version, personId: row.personId, address: row.address, ...(error ? { error } : {}) },
        });
      });
      if (error) failed++;
      else sent++;
    }
  } finally {
    mailer.close();
  }
  if (sent > 0) await documents.markBookSent(db, actor, meetingId, input.version);
  return { sent, failed };
}

/**
 * "Skicka kallelsen": the current book version to every member and ersättare
 * with an address who has not already received it (a failed one is tried
 * again). Refused before anything is recorded when SMTP_URL is not set.
 */
export async function sendKallelse(db: Db, actor: Actor, meetingId: number, opts: SendOptions): Promise<SendKallelseResult> {
  authorize(actor, 'agenda.edit');
  const env = opts.env ?? process.env;
  mailTransport(env).close(); // no mail server configured: refused in Swedish, nothing recorded
  const version = await currentBook(db, actor, meetingId);
  const { pending, alreadySent } = await db.tx(async (trx) => {
    const meeting = await store.lockMeeting(trx, meetingId);
    if (!meeting) throw notFound('Sammanträdet', meetingId);
    const people = uniquePeople(await store.recipients(trx, meeting.body_id, meeting.date));
    const withAddress = people.filter((p) => p.email);
    if (withAddress.length === 0) {
      throw new DomainError(
        'no-recipients',
        people.length === 0
          ? 'Nämnden har inga ledamöter eller ersättare att skicka kallelsen till.'
          : 'Ingen av nämndens ledamöter och ersättare har en e-postadress. Lägg in adresserna först.',
        { status: 422 },
      );
    }
    const existing = new Map((await store.dispatchesOfVersion(trx, meetingId, version)).map((d) => [d.person_id, d]));
    const fresh = withAddress.filter((p) => !existing.has(p.person_id));
    const again = withAddress.filter((p) => existing.get(p.person_id)?.status === 'failed');
    const ids = await store.insertPending(trx, fresh.map((p) => ({ meeting_id: meetingId, book_version: version, person_id: p.person_id, address: p.email!, sent_by: actor.id })));
    const pending = fresh.map((p, i) => ({ id: ids[i]!, personId: p.person_id, address: p.email! }));
    for (const p of again) {
      const id = existing.get(p.person_id)!.id;
      await store.markPendingAgain(trx, id, p.email!, actor.id);
      pending.push({ id, personId: p.person_id, address: p.email! });
    }
    const alreadySent = withAddress.filter((p) => existing.get(p.person_id)?.status === 'sent').length;
    await audit(trx, {
      actor: actor.id,
      action: 'kallelse.dispatch',
      entity: 'meeting',
      entityId: meetingId,
      after: {
        version,
        recipients: pending.map((p) => ({ dispatchId: p.id, personId: p.personId, address: p.address })),
        alreadySent,
        withoutAddress: people.filter((p) => !p.email).map((p) => p.person_id),
      },
    });
    return { pending, alreadySent };
  });
  // committed: every recipient is recorded as pending before the first message leaves
  const { sent, failed } = pending.length ? await deliver(db, actor, meetingId, pending, await mailInput(db, meetingId, version, opts.baseUrl), env) : { sent: 0, failed: 0 };
  return { ...(await listDispatches(db, actor, meetingId)), version, sent, failed, alreadySent };
}

/** "Försök igen" for one recipient whose kallelse failed (or whose send was interrupted), to the address the person has now. */
export async function retryDispatch(db: Db, actor: Actor, dispatchId: number, opts: SendOptions): Promise<DispatchView> {
  authorize(actor, 'agenda.edit');
  const env = opts.env ?? process.env;
  mailTransport(env).close();
  const row = await store.meetingOfDispatch(db.kysely, dispatchId);
  if (!row) throw notFound('Utskicket', dispatchId);
  const version = await currentBook(db, actor, row.meeting_id);
  const target = await db.tx(async (trx) => {
    const d = await store.lockDispatch(trx, dispatchId);
    if (!d) throw notFound('Utskicket', dispatchId);
    if (d.status === 'sent') throw new DomainError('dispatch-sent', `Kallelsen är redan skickad till ${d.name} (${d.address}).`, { status: 409 });
    if (d.status === 'pending' && Date.now() - new Date(d.updated_at).getTime() < STALE_PENDING_MS) {
      throw new DomainError('dispatch-pending', `Kallelsen till ${d.name} håller på att skickas. Vänta en stund och ladda om sidan.`, { status: 409 });
    }
    if (d.book_version !== version) {
      throw new DomainError('dispatch-old-version', `Utskicket gällde version ${d.book_version} av kallelsen, men version ${version} är den aktuella. Skicka kallelsen i stället, så får ${d.name} den aktuella versionen.`, { status: 409 });
    }
    if (!d.current_email) throw new DomainError('no-address', `${d.name} har ingen e-postadress längre. Lägg in en adress först.`, { status: 422 });
    await store.markPendingAgain(trx, d.id, d.current_email, actor.id);
    await audit(trx, { actor: actor.id, action: 'kallelse.dispatch-retry', entity: 'kallelse_dispatch', entityId: d.id, before: { status: d.status, error: d.error, address: d.address, attempts: d.attempts }, after: { address: d.current_email, attempts: d.attempts + 1 } });
    return { id: d.id, personId: d.person_id, address: d.current_email };
  });
  await deliver(db, actor, row.meeting_id, [target], await mailInput(db, row.meeting_id, version, opts.baseUrl), env);
  const view = (await listDispatches(db, actor, row.meeting_id)).dispatches.find((d) => d.id === dispatchId);
  return view!;
}

/** Who was sent which version, when, with what result; and the members and ersättare without an address. */
export async function listDispatches(db: Db, actor: Actor, meetingId: number): Promise<KallelseDispatches> {
  authorize(actor, 'agenda.edit');
  const meeting = await store.findMeeting(db.kysely, meetingId);
  if (!meeting) throw notFound('Sammanträdet', meetingId);
  const people = uniquePeople(await store.recipients(db.kysely, meeting.body_id, meeting.date));
  const kindOf = new Map(people.map((p) => [p.person_id, p.kind]));
  const rows = await store.listDispatches(db.kysely, meetingId);
  return {
    meetingId,
    latestVersion: rows[0]?.book_version ?? null,
    dispatches: rows.map((d) => ({
      id: d.id,
      meetingId: d.meeting_id,
      bookVersion: d.book_version,
      personId: d.person_id,
      name: d.name,
      kind: kindOf.get(d.person_id) ?? null,
      address: d.address,
      status: d.status,
      error: d.error,
      attempts: d.attempts,
      sentAt: d.sent_at ? iso(d.sent_at) : null,
      sentBy: d.sent_by,
      updatedAt: iso(d.updated_at),
    })),
    withoutAddress: people.filter((p) => !p.email).map((p) => ({ personId: p.person_id, name: p.name, kind: p.kind, version: p.version })),
  };
}

/** A person's e-mail address (where the kallelse is sent), version-locked and audited; empty removes it. */
export async function setPersonEmail(db: Db, actor: Actor, personId: number, input: { email: string | null; version?: number | undefined }): Promise<PersonEmailView> {
  authorize(actor, 'agenda.edit');
  const email = normalizeEmail(input.email);
  return db.tx(async (trx) => {
    const p = await store.lockPerson(trx, personId);
    if (!p) throw notFound('Personen', personId);
    assertVersion(p.version, input.version, `Uppgifterna om ${p.name}`);
    if (p.email === email) return { id: p.id, name: p.name, email, version: p.version };
    const version = await store.setPersonEmail(trx, personId, email);
    await audit(trx, { actor: actor.id, action: 'person.email', entity: 'person', entityId: personId, before: { email: p.email }, after: { email } });
    return { id: p.id, name: p.name, email, version };
  });
}

/** A person who is both ledamot and ersättare (the same body) is one recipient, as ledamot. */
function uniquePeople<T extends { person_id: number; kind: 'member' | 'substitute' }>(rows: T[]): T[] {
  const byPerson = new Map<number, T>();
  for (const r of rows) {
    const seen = byPerson.get(r.person_id);
    if (!seen || (seen.kind === 'substitute' && r.kind === 'member')) byPerson.set(r.person_id, r);
  }
  return [...byPerson.values()];
}

/**
 * Mina sammanträden (issue 14.7): a member's or substitute's upcoming meetings,
 * the kallelse they were sent and what changed in it since they last read it,
 * private notes per agenda item (only their author reads them – not the
 * secretary, not an administrator; the audit log records that a note changed,
 * never its text), and absence reports (förhinder), which the secretary sees
 * with the substitute to call in by the ersättarordning (substitutes.ts).
 */
import { audit, type Db, type Executor } from '../db/index.ts';
import { authorize, type Actor } from '../access/model.ts';
import { DomainError, notFound } from '../kernel/errors.ts';
import { cleanLine } from '../kernel/text.ts';
import { compareDates, todayInStockholm, type IsoDate } from '../kernel/dates.ts';
import { getBody, getMeeting } from './service.ts';
import { substituteCalls, type Call } from './substitutes.ts';

export const NOTE_MAX = 20_000;

export interface MyMeeting {
  meetingId: number;
  bodyId: number;
  bodyName: string;
  date: IsoDate;
  startTime: string | null;
  endTime: string | null;
  place: string | null;
  /** As what the user sits in the body on the meeting's date. */
  seat: 'ledamot' | 'ersättare';
  /** The newest kallelse version sent out, or null before it is sent. */
  sentVersion: number | null;
  /** The version the user last opened, or null. */
  readVersion: number | null;
  /** A newer version was sent than the one the user read. */
  changedSinceRead: boolean;
  absence: { reason: string | null; reportedAt: string } | null;
  /** Inställt: the meeting was cancelled, with the reason. */
  cancelled: { reason: string | null } | null;
}

export interface MemberNote {
  itemId: number;
  text: string;
  version: number;
  updatedAt: string;
}

export interface AbsenceView {
  personId: number;
  name: string;
  party: string | null;
  seat: 'ledamot' | 'ersättare';
  reason: string | null;
  reportedAt: string;
  reportedBy: string;
}

export interface AbsencesView {
  meetingId: number;
  reports: AbsenceView[];
  /** For each absent member, the substitute to call in. */
  calls: Array<Omit<Call, 'absent' | 'substitute'> & { absent: { personId: number; name: string; party: string | null }; substitute: { personId: number; name: string; party: string | null } | null }>;
}

const iso = (d: Date | string) => (d instanceof Date ? d.toISOString() : new Date(d).toISOString());

/** The signed-in user's person: only a user linked to a member or substitute has meetings of their own. */
function personOf(actor: Actor): { userId: number; personId: number } {
  authorize(actor, 'minutes.read-draft');
  if (!actor.userId || !actor.personId) {
    throw new DomainError('not-a-member', 'Ditt konto är inte kopplat till en ledamot eller ersättare. Be administratören koppla kontot till dig i nämndens ledamotslista.', { status: 403 });
  }
  return { userId: actor.userId, personId: actor.personId };
}

/** The seat the person holds in the meeting's body on its date, or a Swedish 403. */
async function seatAt(ex: Db | Executor, personId: number, meetingId: number) {
  const meeting = await getMeeting(ex, meetingId);
  const body = await getBody(ex, meeting.bodyId);
  const seat = body.memberships.find((m) => m.personId === personId && (!m.validFrom || m.validFrom <= meeting.date) && (!m.validTo || m.validTo >= meeting.date));
  if (!seat) throw new DomainError('not-in-body', `Du är inte ledamot eller ersättare i ${body.name} den ${meeting.date}.`, { status: 403 });
  return { meeting, body, seat };
}

/** The user's coming meetings; `linked: false` (and none) for an account not linked to a member or substitute. */
export async function myMeetings(db: Db, actor: Actor, today: IsoDate = todayInStockholm()): Promise<{ linked: boolean; meetings: MyMeeting[] }> {
  authorize(actor, 'minutes.read-draft');
  if (!actor.userId || !actor.personId) return { linked: false, meetings: [] };
  const { userId, personId } = personOf(actor);
  const rows = await db.kysely
    .selectFrom('membership as ms')
    .innerJoin('meeting as m', 'm.body_id', 'ms.body_id')
    .innerJoin('body as b', 'b.id', 'm.body_id')
    .leftJoin('book_reading as r', (j) => j.onRef('r.meeting_id', '=', 'm.id').on('r.user_id', '=', userId))
    .leftJoin('absence_report as a', (j) => j.onRef('a.meeting_id', '=', 'm.id').on('a.person_id', '=', personId))
    .select((eb) => [
      'm.id as meetingId', 'm.body_id as bodyId', 'b.name as bodyName', 'm.date', 'm.start_time as startTime', 'm.end_time as endTime', 'm.place',
      'ms.kind', 'ms.valid_from', 'ms.valid_to', 'r.version as readVersion', 'a.reason', 'a.reported_at', 'm.cancelled_at', 'm.cancel_reason',
      eb.selectFrom('kallelse_book as k').select((f) => f.fn.max('k.version').as('v')).whereRef('k.meeting_id', '=', 'm.id').where('k.sent_at', 'is not', null).as('sentVersion'),
    ])
    .where('ms.person_id', '=', personId)
    .where('m.date', '>=', today)
    .orderBy('m.date')
    .execute();
  const out: MyMeeting[] = [];
  for (const r of rows) {
    if ((r.valid_from && r.valid_from > r.date) || (r.valid_to && r.valid_to < r.date)) continue;
    if (out.some((o) => o.meetingId === r.meetingId)) continue; // two seats in one body: the first (member before substitute by order) is enough
    const sent = r.sentVersion === null || r.sentVersion === undefined ? null : Number(r.sentVersion);
    out.push({
      meetingId: r.meetingId, bodyId: r.bodyId, bodyName: r.bodyName, date: r.date, startTime: r.startTime, endTime: r.endTime, place: r.place,
      seat: r.kind === 'member' ? 'ledamot' : 'ersättare',
      sentVersion: sent,
      readVersion: r.readVersion ?? null,
      changedSinceRead: sent !== null && r.readVersion !== null && sent > r.readVersion,
      absence: r.reported_at ? { reason: r.reason, reportedAt: iso(r.reported_at) } : null,
      cancelled: r.cancelled_at ? { reason: r.cancel_reason } : null,
    });
  }
  return { linked: true, meetings: out };
}

/** Records that the user opened a sent version of the kallelse (never moves back to an older one). */
export async function markRead(db: Db, actor: Actor, meetingId: number, version: number): Promise<{ readVersion: number }> {
  const { userId, personId } = personOf(actor);
  await seatAt(db, personId, meetingId);
  const book = await db.kysely.selectFrom('kallelse_book').select('version').where('meeting_id', '=', meetingId).where('version', '=', version).where('sent_at', 'is not', null).executeTakeFirst();
  if (!book) throw new DomainError('not-found', `Version ${version} av kallelsen är inte utskickad.`, { status: 404 });
  const row = await db.kysely
    .insertInto('book_reading')
    .values({ user_id: userId, meeting_id: meetingId, version })
    .onConflict((oc) => oc.columns(['user_id', 'meeting_id']).doUpdateSet((eb) => ({ version: eb.fn('greatest', [eb.ref('book_reading.version'), eb.ref('excluded.version')]), read_at: new Date() })))
    .returning('version')
    .executeTakeFirstOrThrow();
  return { readVersion: row.version };
}

export async function myNotes(db: Db, actor: Actor, meetingId: number): Promise<MemberNote[]> {
  const { userId, personId } = personOf(actor);
  await seatAt(db, personId, meetingId);
  const rows = await db.kysely
    .selectFrom('member_note as n')
    .innerJoin('agenda_item as i', 'i.id', 'n.agenda_item_id')
    .select(['n.agenda_item_id', 'n.text', 'n.version', 'n.updated_at'])
    .where('n.user_id', '=', userId)
    .where('i.meeting_id', '=', meetingId)
    .orderBy('i.number')
    .execute();
  return rows.map((r) => ({ itemId: r.agenda_item_id, text: r.text, version: r.version, updatedAt: iso(r.updated_at) }));
}

/**
 * Saves the user's note on an item (`version` 0 for a new one; an empty text
 * removes it). A stale version is refused, so a note written on a tablet and
 * a laptop at once does not silently lose one of them.
 */
export async function saveNote(db: Db, actor: Actor, itemId: number, input: { text: string; version: number }): Promise<MemberNote | null> {
  const { userId, personId } = personOf(actor);
  const text = (input.text ?? '').replace(/\r\n?/g, '\n').trimEnd();
  if (text.length > NOTE_MAX) throw new DomainError('note-too-long', `Anteckningen får vara högst ${NOTE_MAX.toLocaleString('sv-SE')} tecken.`);
  const item = await db.kysely.selectFrom('agenda_item').select(['id', 'meeting_id', 'number']).where('id', '=', itemId).executeTakeFirst();
  if (!item) throw notFound('Punkten', itemId);
  await seatAt(db, personId, item.meeting_id);
  return db.tx(async (trx) => {
    const old = await trx.selectFrom('member_note').select(['version']).where('user_id', '=', userId).where('agenda_item_id', '=', itemId).forUpdate().executeTakeFirst();
    const current = old?.version ?? 0;
    if (input.version !== current) {
      throw new DomainError('stale-version', `Din anteckning på punkt ${item.number} har ändrats sedan du hämtade den (i en annan flik eller på en annan enhet; din version ${input.version}, nu ${current}). Ladda om och skriv in ändringen igen.`, { status: 409 });
    }
    await audit(trx, { actor: actor.id, action: text ? 'member-note.save' : 'member-note.remove', entity: 'agenda_item', entityId: itemId, after: { length: text.length } });
    if (!text) {
      await trx.deleteFrom('member_note').where('user_id', '=', userId).where('agenda_item_id', '=', itemId).execute();
      return null;
    }
    const row = old
      ? await trx.updateTable('member_note').set({ text, version: current + 1, updated_at: new Date() }).where('user_id', '=', userId).where('agenda_item_id', '=', itemId).returning(['version', 'updated_at']).executeTakeFirstOrThrow()
      : await trx.insertInto('member_note').values({ user_id: userId, agenda_item_id: itemId, text }).returning(['version', 'updated_at']).executeTakeFirstOrThrow();
    return { itemId, text, version: row.version, updatedAt: iso(row.updated_at) };
  });
}

/** Reports (or, with `absent: false`, withdraws) the user's förhinder for a coming meeting. */
export async function setAbsence(db: Db, actor: Actor, meetingId: number, input: { absent: boolean; reason?: string | null }, today: IsoDate = todayInStockholm()): Promise<MyMeeting['absence']> {
  const { personId } = personOf(actor);
  const { meeting } = await seatAt(db, personId, meetingId);
  if (compareDates(meeting.date, today) < 0) throw new DomainError('meeting-passed', `Sammanträdet ${meeting.date} har redan varit; förhinder anmäls före sammanträdet.`, { status: 409 });
  const reason = input.reason ? cleanLine(input.reason).slice(0, 500) || null : null;
  return db.tx(async (trx) => {
    await trx.deleteFrom('absence_report').where('meeting_id', '=', meetingId).where('person_id', '=', personId).execute();
    await audit(trx, { actor: actor.id, action: input.absent ? 'absence.report' : 'absence.withdraw', entity: 'meeting', entityId: meetingId, after: { personId, reason } });
    if (!input.absent) return null;
    const row = await trx.insertInto('absence_report').values({ meeting_id: meetingId, person_id: personId, reason, reported_by: actor.id }).returning('reported_at').executeTakeFirstOrThrow();
    return { reason, reportedAt: iso(row.reported_at) };
  });
}

/** The absence reports of a meeting, for the secretary, with whom to call in for each absent member. */
export async function absences(db: Db, actor: Actor, meetingId: number): Promise<AbsencesView> {
  authorize(actor, 'agenda.edit');
  const meeting = await getMeeting(db, meetingId);
  const body = await getBody(db, meeting.bodyId);
  const seats = body.memberships.filter((m) => (!m.validFrom || m.validFrom <= meeting.date) && (!m.validTo || m.validTo >= meeting.date));
  const rows = await db.kysely.selectFrom('absence_report').selectAll().where('meeting_id', '=', meetingId).orderBy('reported_at').execute();
  const absent = new Set(rows.map((r) => r.person_id));
  const seatOf = (personId: number) => seats.find((s) => s.personId === personId);
  const slim = (s: { personId: number; name: string; party: string | null }) => ({ personId: s.personId, name: s.name, party: s.party });
  return {
    meetingId,
    reports: rows.flatMap((r) => {
      const s = seatOf(r.person_id);
      if (!s) return [];
      return [{ personId: s.personId, name: s.name, party: s.party, seat: s.kind === 'member' ? ('ledamot' as const) : ('ersättare' as const), reason: r.reason, reportedAt: iso(r.reported_at), reportedBy: r.reported_by }];
    }),
    calls: substituteCalls(seats, absent).map((c) => ({ basis: c.basis, absent: slim(c.absent), substitute: c.substitute ? slim(c.substitute) : null })),
  };
}

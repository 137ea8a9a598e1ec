/**
 * The demo's end of the cycle (issue 15.8): the protokoll of 2020-08-24
 * (seed 000) adjusted, sealed with the demo certificate, posted and
 * dispatched, so a new user sees after `npm start` what the minutes end in.
 * What the papers give is used as given; the rest is constructed, and says
 * so:
 * - attendance: every member present (constructed – the papers are a
 *   kallelse, not the protokoll);
 * - decisions: each item decided according to the proposal, the items'
 *   recipients (Skickas till) those of the memos;
 * - adjusters: the chair and the member the protokollsjustering item's
 *   proposal names first ("nämndens ordförande och Torbjörn Appelqvist (M)
 *   med … som ersättare justerar"); they "sign" as the demo loader (actor
 *   `demo` in the audit log), not as the persons;
 * - the seal: the generated DEMOCERTIFIKAT, which the PDF labels as having
 *   no legal effect. With a region's own seal configured (SEAL_P12_PATH) the
 *   demo adjusts nothing: a real seal is not put on constructed signatures;
 * - the notice: posted the day of the justering (the day of the first
 *   start), as every sealed protokoll is;
 * - expediering: every memo recipient recorded as sent another way, the
 *   method saying it is demo data and that no e-mail went out.
 * Idempotent, and it continues a start that stopped half-way; minutes that
 * someone else has begun are left alone.
 */
import type { Db } from '../db/index.ts';
import type { Actor } from '../access/model.ts';
import { DomainError } from '../kernel/errors.ts';
import { cleanLine } from '../kernel/text.ts';
import * as meetings from '../meetings/service.ts';
import * as minutes from './service.ts';
import { loadSeal } from './seal.ts';
import { memoRecipients, recordAllSuggested } from './dispatchService.ts';

export const DEMO_BODY = 'Regional tillväxtnämnd';
export const DEMO_MEETING_DATE = '2020-08-24';
/** The demo loader, as the audit log names it. */
export const DEMO_ACTOR: Actor = { id: 'demo', system: true };
export const DEMO_DISPATCH_METHOD = 'Demodata: markerad som expedierad när demodata lästes in – inget e-postmeddelande har skickats';

export interface MinutesDemo {
  meetingId: number;
  adjustedOn: string;
  dispatched: number;
}

const nameIndex = (text: string, name: string) => text.toLocaleLowerCase('sv-SE').indexOf(name.toLocaleLowerCase('sv-SE'));

export async function loadMinutesDemo(db: Db, log: (msg: string) => void = () => {}): Promise<MinutesDemo | null> {
  const meetingId = await meetings.findMeetingId(db, DEMO_BODY, DEMO_MEETING_DATE);
  if (meetingId === null) return null;
  try {
    if (!loadSeal().demo) {
      log('Demoprotokollet 2020-08-24 justeras inte: regionens eget sigill är konfigurerat (SEAL_P12_PATH) och sätts inte på demodata.');
      return null;
    }
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    log(`Demoprotokollet 2020-08-24 justeras inte: ${e.message}`);
    return null;
  }
  const exists = await minutes.hasMinutes(db, meetingId);
  let view = exists ? await minutes.getMinutes(db, meetingId) : await minutes.openMinutes(db, DEMO_ACTOR, meetingId);
  if (!view.locked && exists && view.updatedBy !== DEMO_ACTOR.id) return null; // someone works on these minutes
  if (!view.locked) {
    const meeting = await meetings.getMeeting(db, meetingId);
    const body = await meetings.getBody(db, meeting.bodyId);
    const members = body.memberships.filter((m) => m.kind === 'member' && (!m.validFrom || m.validFrom <= meeting.date) && (!m.validTo || m.validTo >= meeting.date));
    if (view.attendance.length === 0) {
      view = await minutes.setAttendance(db, DEMO_ACTOR, meetingId, { version: view.version, attendance: members.map((m) => ({ personId: m.personId, present: true })) });
    }
    if (view.status === 'draft' && !view.adjusters.some((a) => a.signedAt)) {
      const suggested = await memoRecipients(db, meetingId);
      for (const item of meeting.items) {
        if (item.kind === 'information' || item.kind === 'presentations') continue;
        const decided = view.decisions.find((d) => d.itemNumber === item.number);
        if (decided) continue;
        await minutes.recordDecision(db, DEMO_ACTOR, meetingId, item.number, { outcome: 'according-to-proposal', recipients: suggested.get(item.number) ?? [] });
      }
      view = await minutes.numberMinutes(db, DEMO_ACTOR, meetingId);
    }
    if (!view.adjusters.length) {
      // the member the protokollsjustering item's proposal names first; else the first other member
      const clause = cleanLine((meeting.items.find((i) => i.kind === 'adjustment')?.proposal?.clauses ?? []).join(' '));
      const chair = members.find((m) => m.role === 'chair');
      const named = members
        .filter((m) => m.personId !== chair?.personId && nameIndex(clause, m.name) >= 0)
        .sort((a, b) => nameIndex(clause, a.name) - nameIndex(clause, b.name));
      const adjuster = named[0] ?? members.find((m) => m.personId !== chair?.personId)!;
      view = await minutes.setAdjusters(db, DEMO_ACTOR, meetingId, { version: view.version, personIds: [...(chair ? [chair.personId] : []), adjuster.personId] });
    }
    for (const a of view.adjusters.filter((x) => !x.signedAt)) {
      view = await minutes.signMinutes(db, { ...DEMO_ACTOR, personId: a.personId }, meetingId, a.personId);
    }
    log(`Demoprotokollet ${DEMO_MEETING_DATE} är justerat ${view.adjustedOn} och förseglat med DEMOCERTIFIKATET (ingen rättsverkan); justeringen är anslagen.`);
  }
  const dispatched = await recordAllSuggested(db, DEMO_ACTOR, meetingId, DEMO_DISPATCH_METHOD);
  if (dispatched) log(`Demoprotokollets utdrag är markerade som expedierade till ${dispatched} mottagare (demodata: ingen e-post skickades).`);
  return { meetingId, adjustedOn: view.adjustedOn!, dispatched };
}

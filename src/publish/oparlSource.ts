/**
 * Reads what the open-data API publishes, through the other modules'
 * services (never their tables): bodies with their members, each meeting as
 * the public sees it (publish/public.ts), adjusted minutes only, public
 * attachments only, and the titles of the cases on the agendas.
 */
import type { Db } from '../db/index.ts';
import { PUBLIC } from '../access/model.ts';
import * as meetings from '../meetings/service.ts';
import * as minutes from '../minutes/service.ts';
import * as diarium from '../diarium/service.ts';
import * as documents from '../documents/service.ts';
import { maskPersonalNumbers } from './mask.ts';
import { publicMeeting } from './public.ts';
import { publicFile, publishedMinutes, withdrawnFile, type BodyRecord, type MeetingRecord, type PublicCase, type PublicFile, type PublicRecords, type WithdrawnFile } from './oparl.ts';

async function meetingRecord(db: Db, meetingId: number): Promise<MeetingRecord> {
  const meeting = publicMeeting(await meetings.getMeeting(db, meetingId));
  const mins = (await minutes.hasMinutes(db, meetingId)) ? publishedMinutes(await minutes.getMinutes(db, meetingId)) : null;
  const files: PublicFile[] = [];
  const withdrawn: WithdrawnFile[] = [];
  if (await documents.meetingHasDocuments(db, meetingId)) {
    for (const item of meeting.items) {
      // as the public sees them: a secret attachment keeps only its legal reference; publicFile drops it and withdrawnFile lists it as deleted
      for (const a of await documents.listAttachments(db, item.id, PUBLIC)) {
        const f = publicFile(a);
        if (f) files.push(f);
        const w = withdrawnFile(a, item);
        if (w) withdrawn.push(w);
      }
    }
  }
  return { meeting, minutes: mins, files, withdrawn };
}

/** Every body's public records, meetings oldest first. */
export async function loadPublicRecords(db: Db): Promise<PublicRecords> {
  const bodies: BodyRecord[] = [];
  for (const b of await meetings.listBodies(db)) {
    const body = await meetings.getBody(db, b.id);
    const list = (await meetings.listMeetings(db, { bodyId: b.id })).sort((x, y) => x.date.localeCompare(y.date) || x.id - y.id);
    const records: MeetingRecord[] = [];
    for (const m of list) records.push(await meetingRecord(db, m.id));
    bodies.push({ body, meetings: records });
  }
  const numbers = [...new Set(bodies.flatMap((b) => b.meetings.flatMap((r) => r.meeting.items.map((i) => i.caseNumber))).filter((x): x is string => Boolean(x)))];
  // a case number missing from the register leaves its paper with the item's title
  const cases = new Map<string, PublicCase>(
    (await diarium.casesByNumbers(db, numbers)).map((c) => [c.caseNumber, { caseNumber: c.caseNumber, title: maskPersonalNumbers(c.title), registeredOn: c.registeredOn }]),
  );
  return { bodies, cases };
}

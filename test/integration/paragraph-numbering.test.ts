/**
 * § numbering in meeting order (issue 15.2), through the API on both
 * databases, with the February and August 2020 kallelser imported: whichever
 * meeting is numbered first, 2020-02-14 ends up with §§ 1–13 and 2020-08-24
 * with §§ 14–21; numbering February after August is refused until August's
 * numbering is undone; the year's first number is configurable until
 * something of the year is numbered; a protokoll being signed is never
 * renumbered.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { dropTestSchemas, testDatabases, useApp } from '../helpers/db.ts';
import { signIn, type Client } from '../helpers/auth.ts';
import type { Db } from '../../src/db/index.ts';
import { importKallelse } from '../../src/importer/service.ts';
import * as meetings from '../../src/meetings/service.ts';
import * as minutes from '../../src/minutes/service.ts';
import type { BodyDetail, MeetingDetail, MinutesView } from '../../src/http/contract.ts';
import type { ParagraphSeriesView } from '../../src/minutes/numbering.ts';

const seed = (name: string) => readFileSync(new URL(`../../seeds/${name}`, import.meta.url), 'utf8');
const secretary = { id: 'sekreterare', roles: ['secretary'] as const };
process.env.FILES_DIR = mkdtempSync(path.join(tmpdir(), 'styrbord-numbering-'));

afterAll(dropTestSchemas);

/** Imports both kallelser and returns the two meetings and the body. */
async function setUp(db: Db) {
  await importKallelse(db, secretary, { fileName: '003.txt', text: seed('003_f8eb7d47c03ea706.txt') });
  await importKallelse(db, secretary, { fileName: '000.txt', text: seed('000_97425d05012e62df.txt') });
  const list = await meetings.listMeetings(db);
  const feb = await meetings.getMeeting(db, list.find((m) => m.date === '2020-02-14')!.id);
  const aug = await meetings.getMeeting(db, list.find((m) => m.date === '2020-08-24')!.id);
  return { feb, aug, body: await meetings.getBody(db, feb.bodyId) };
}

/** Opens the minutes with every member present and records every decision. */
async function decideAll(db: Db, body: BodyDetail, meeting: MeetingDetail): Promise<void> {
  const view = await minutes.openMinutes(db, secretary, meeting.id);
  const members = body.memberships.filter((m) => m.kind === 'member');
  await minutes.setAttendance(db, secretary, meeting.id, { version: view.version, attendance: members.map((m) => ({ personId: m.personId, present: true })) });
  for (const item of meeting.items) {
    if (item.kind === 'information' || item.kind === 'presentations') continue;
    await minutes.recordDecision(db, secretary, meeting.id, item.number, { outcome: 'according-to-proposal' });
  }
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe.each(testDatabases)('§ numbering in meeting order on $name', (tdb) => {
  describe('numbering, undoing it and the first number of the year', () => {
    let db: Db;
    let app: FastifyInstance;
    useApp(tdb, (d, a) => {
      db = d;
      app = a;
    });
    let feb: MeetingDetail;
    let aug: MeetingDetail;
    let body: BodyDetail;
    let clerk: Client;
    let member: Client;
    const number = (m: MeetingDetail) => app.inject({ method: 'POST', url: `/api/meetings/${m.id}/minutes/numbering`, ...clerk });
    const unnumber = (m: MeetingDetail, version?: number, who: Client = clerk) =>
      app.inject({ method: 'DELETE', url: `/api/meetings/${m.id}/minutes/numbering${version ? `?version=${version}` : ''}`, ...who });
    const paragraphs = (v: MinutesView) => v.decisions.map((d) => d.paragraph);
    const series = (who: Client = clerk) => app.inject({ url: `/api/bodies/${body.id}/paragraph-series/2020`, ...who });
    const setFirst = (payload: object, who: Client = clerk) => app.inject({ method: 'PUT', url: `/api/bodies/${body.id}/paragraph-series/2020`, ...who, payload });

    beforeAll(async () => {
      ({ feb, aug, body } = await setUp(db));
      clerk = await signIn(app, db, ['secretary']);
      member = await signIn(app, db, ['member']);
    });

    it('numbers August first from § 1 while February has no minutes', async () => {
      const s = (await series(member)).json() as ParagraphSeriesView;
      expect(s).toMatchObject({ bodyName: 'Regional tillväxtnämnd', year: 2020, firstParagraph: 1, configured: false, version: 0, nextParagraph: 1, changeable: true, meetings: [] });
      await decideAll(db, body, aug);
      const res = await number(aug);
      expect(res.statusCode, res.body).toBe(200);
      expect(paragraphs(res.json())).toEqual(range(1, 8));
    });

    it('refuses to number February after August, naming the August meeting, until August is renumbered', async () => {
      await decideAll(db, body, feb);
      const refused = await number(feb);
      expect(refused.statusCode).toBe(409);
      expect(refused.json().error.code).toBe('later-minutes-numbered');
      expect(refused.json().error.message).toBe(
        'Protokollet från sammanträdet 2020-08-24 (§§ 1–8) är redan numrerat. Paragraferna följer sammanträdenas ordning: häv numreringen av det, numrera det här protokollet och numrera sedan det igen.',
      );
      expect((await minutes.getMinutes(db, feb.id)).status).toBe('draft');

      // the first number of the year cannot change now that August holds §§ 1–8
      const locked = await setFirst({ firstParagraph: 41 });
      expect(locked.statusCode).toBe(409);
      expect(locked.json().error.message).toContain('Paragraferna för 2020 är redan tagna (2020-08-24 (§§ 1–8))');

      // undoing: not for a draft, not by a member, not at a stale version
      expect((await unnumber(feb)).json().error.code).toBe('minutes-not-numbered');
      const augView = await minutes.getMinutes(db, aug.id);
      expect((await unnumber(aug, augView.version, member)).statusCode).toBe(403);
      expect((await unnumber(aug, augView.version - 1)).json().error.code).toBe('stale-version');
      const undone = await unnumber(aug, augView.version);
      expect(undone.statusCode, undone.body).toBe(200);
      expect(undone.json()).toMatchObject({ status: 'draft' });
      expect(paragraphs(undone.json()).every((p: number | null) => p === null)).toBe(true);

      // August cannot be numbered again before February now
      const early = await number(aug);
      expect(early.statusCode).toBe(409);
      expect(early.json().error.message).toBe('Protokollet från sammanträdet 2020-02-14 måste numreras först, så att paragraferna följer varandra.');

      const f = await number(feb);
      expect(f.statusCode, f.body).toBe(200);
      expect(paragraphs(f.json())).toEqual(range(1, 13));
      // February is not the end of the series once August is numbered again
      const a = await number(aug);
      expect(paragraphs(a.json())).toEqual(range(14, 21));
      const tooEarly = await unnumber(feb, (await minutes.getMinutes(db, feb.id)).version);
      expect(tooEarly.statusCode).toBe(409);
      expect(tooEarly.json().error.message).toContain('Protokollet från sammanträdet 2020-08-24 (§§ 14–21) är numrerat efter det här');

      const s = (await series()).json() as ParagraphSeriesView;
      expect(s.nextParagraph).toBe(22);
      expect(s.changeable).toBe(false);
      expect(s.meetings.map((m) => [m.date, m.first, m.last])).toEqual([
        ['2020-02-14', 1, 13],
        ['2020-08-24', 14, 21],
      ]);
      const log = await db.kysely.selectFrom('audit_log').select(['action', 'entity_id']).where('action', 'in', ['minutes.number', 'minutes.unnumber']).orderBy('id').execute();
      expect(log.map((l) => [l.action, Number(l.entity_id)])).toEqual([
        ['minutes.number', aug.id],
        ['minutes.unnumber', aug.id],
        ['minutes.number', feb.id],
        ['minutes.number', aug.id],
      ]);
    });

    it('starts the year at the configured first number (a series continued from another system)', async () => {
      // undo both, the latest first
      await unnumber(aug, (await minutes.getMinutes(db, aug.id)).version);
      expect((await unnumber(feb, (await minutes.getMinutes(db, feb.id)).version)).statusCode).toBe(200);

      expect((await setFirst({ firstParagraph: 41 }, member)).statusCode).toBe(403);
      expect((await setFirst({ firstParagraph: 0 })).statusCode).toBe(400);
      const set = await setFirst({ firstParagraph: 41, note: 'Fortsätter serien från det tidigare ärendehanteringssystemet.' });
      expect(set.statusCode, set.body).toBe(200);
      expect(set.json()).toMatchObject({ firstParagraph: 41, configured: true, version: 1, nextParagraph: 41, note: 'Fortsätter serien från det tidigare ärendehanteringssystemet.' });
      // a second change needs the version it read
      expect((await setFirst({ firstParagraph: 42 })).json().error.code).toBe('version-required');
      expect((await setFirst({ firstParagraph: 42, version: 0 })).json().error.code).toBe('stale-version');

      expect(paragraphs((await number(feb)).json())).toEqual(range(41, 53));
      expect(paragraphs((await number(aug)).json())).toEqual(range(54, 61));
      const entry = await db.kysely.selectFrom('audit_log').select(['after']).where('action', '=', 'paragraph-series.set').executeTakeFirstOrThrow();
      expect(entry.after).toMatchObject({ year: 2020, firstParagraph: 41 });

      // and back to § 1: with nothing numbered the first number may change again
      await unnumber(aug, (await minutes.getMinutes(db, aug.id)).version);
      await unnumber(feb, (await minutes.getMinutes(db, feb.id)).version);
      expect((await setFirst({ firstParagraph: 1, version: 1 })).json()).toMatchObject({ firstParagraph: 1, version: 2 });
      expect(paragraphs((await number(feb)).json())).toEqual(range(1, 13));
      expect(paragraphs((await number(aug)).json())).toEqual(range(14, 21));
    });

    it('numbers two meetings at once one after the other (the series is locked), never out of order', async () => {
      await unnumber(aug, (await minutes.getMinutes(db, aug.id)).version);
      await unnumber(feb, (await minutes.getMinutes(db, feb.id)).version);
      const [a, f] = await Promise.all([number(aug), number(feb)]);
      expect(f.statusCode, f.body).toBe(200);
      expect(paragraphs(f.json())).toEqual(range(1, 13));
      // August either came second and continues, or came first and was told to wait for February
      if (a.statusCode === 200) expect(paragraphs(a.json())).toEqual(range(14, 21));
      else expect(a.json().error.code).toBe('earlier-minutes-unnumbered');
    });
  });

  describe('a protokoll being signed keeps its numbers', () => {
    let db: Db;
    let app: FastifyInstance;
    useApp(tdb, (d, a) => {
      db = d;
      app = a;
    });

    it('refuses to number an earlier meeting before it, and to undo its numbering', async () => {
      const { feb, aug, body } = await setUp(db);
      const clerk = await signIn(app, db, ['secretary']);
      const person = (name: string) => body.memberships.find((m) => m.name === name)!.personId;
      await decideAll(db, body, aug);
      await minutes.numberMinutes(db, secretary, aug.id);
      const chair = person('Irén Lejegren');
      await minutes.setAdjusters(db, secretary, aug.id, { personIds: [chair, person('Torbjörn Appelqvist')] });
      await minutes.signMinutes(db, { id: 'u-chair', roles: ['adjuster'], personId: chair, authenticatedAt: new Date() }, aug.id, chair);

      const view = await minutes.getMinutes(db, aug.id);
      const undo = await app.inject({ method: 'DELETE', url: `/api/meetings/${aug.id}/minutes/numbering?version=${view.version}`, ...clerk });
      expect(undo.statusCode).toBe(409);
      expect(undo.json().error.code).toBe('minutes-signing');

      await decideAll(db, body, feb);
      const res = await app.inject({ method: 'POST', url: `/api/meetings/${feb.id}/minutes/numbering`, ...clerk });
      expect(res.statusCode).toBe(409);
      expect(res.json().error.code).toBe('later-minutes-adjusted');
      expect(res.json().error.message).toContain('Protokollet från sammanträdet 2020-08-24 har redan §§ 1–8 och är justerat eller under justering');
      expect((await minutes.getMinutes(db, aug.id)).decisions.map((d) => d.paragraph)).toEqual(range(1, 8));
    });
  });
});

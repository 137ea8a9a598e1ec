/**
 * The staff start page's "what is due" (issue 14.8, GET /api/overview) on both
 * databases: the next meeting per body with its missing memos and underlag and
 * the day the kallelse must be out by; protokoll to adjust (by the committee's
 * own decided date), to post, and notices to take down.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { dropTestSchemas, testDatabases } from '../helpers/db.ts';
import { signIn } from '../helpers/auth.ts';
import type { Db } from '../../src/db/index.ts';
import { buildApp } from '../../src/http/app.ts';
import { importKallelse } from '../../src/importer/service.ts';
import * as meetings from '../../src/meetings/service.ts';
import * as minutes from '../../src/minutes/service.ts';
import * as documents from '../../src/documents/service.ts';
import { FileStore } from '../../src/documents/files.ts';
import { overview } from '../../src/meetings/overview.ts';
import { cancelMeeting } from '../../src/meetings/calendar.ts';
import { SYSTEM } from '../../src/access/model.ts';
import { actorWith } from '../helpers/auth.ts';

const seed = (name: string) => readFileSync(new URL(`../../seeds/${name}`, import.meta.url), 'utf8');
const secretary = actorWith('secretary');

async function pdfOf(title: string): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  doc.addPage().drawText(title, { x: 60, y: 760, size: 14, font });
  return doc.save();
}

afterAll(dropTestSchemas);

describe.each(testDatabases)('the staff overview on $name', (tdb) => {
  let db: Db;
  let app: FastifyInstance;
  let august: number;
  let september: number;
  let itemId: number;
  let files: FileStore | undefined; // one file store for the run: the book reads what the upload stored
  const cfg = () => ({ ...documents.configFromEnv(), files: (files ??= new FileStore(mkdtempSync(path.join(tmpdir(), 'styrbord-oversikt-')))) });

  beforeAll(async () => {
    db = await tdb.open();
    app = await buildApp({ db });
    await importKallelse(db, SYSTEM, { fileName: '000.txt', text: seed('000_97425d05012e62df.txt') });
    august = (await meetings.listMeetings(db)).find((m) => m.date === '2020-08-24')!.id;
    const body = (await meetings.getMeeting(db, august)).bodyId;
    september = (await meetings.createMeeting(db, secretary, { bodyId: body, date: '2020-09-21', startTime: '09:00', place: 'Regionens hus' })).id;
    itemId = await db.tx(async (trx) => (await meetings.addAgendaItem(trx, secretary, september, { title: 'Medfinansiering av Testprojektet', kind: 'decision', decisionBasis: ['Tjänsteskrivelse', 'Projektplan Testprojektet'] })).id);
  });
  afterAll(async () => {
    await documents.whenIdle(db);
    await app.close();
    await db.close();
  });

  it('shows each body\'s next meeting with the day its kallelse must be sent by', async () => {
    const o = await overview(db, secretary, '2020-08-10');
    expect(o.upcoming.map((u) => u.date)).toEqual(['2020-08-24']);
    const next = o.upcoming[0]!;
    expect(next.sendBy).toMatchObject({ due: '2020-08-17', daysLeft: 7, daysBefore: 7 });
    expect(next.itemCount).toBeGreaterThan(5);
    expect(next.book).toMatchObject({ built: false, sentAt: null });
    expect(next.ready).toBe(false);
  });

  it('counts the send-by day from the body\'s own rule', async () => {
    const body = (await meetings.getMeeting(db, august)).bodyId;
    await db.kysely.updateTable('body').set({ kallelse_days_before: 10 }).where('id', '=', body).execute();
    try {
      // ten days before Monday 2020-08-24 is Friday 2020-08-14
      expect((await overview(db, secretary, '2020-08-10')).upcoming[0]!.sendBy).toMatchObject({ due: '2020-08-14', daysLeft: 4, daysBefore: 10 });
    } finally {
      await db.kysely.updateTable('body').set({ kallelse_days_before: 7 }).where('id', '=', body).execute();
    }
  });

  it('lists a decision item without a memo and a listed underlag without a file, until they are there', async () => {
    const before = (await overview(db, secretary, '2020-08-25')).upcoming;
    expect(before.map((u) => u.meetingId)).toEqual([september]);
    const s = before[0]!;
    expect(s.sendBy.due).toBe('2020-09-14');
    expect(s.memosNotReady).toEqual([{ itemId, number: 1, title: 'Medfinansiering av Testprojektet', state: 'saknas' }]);
    // the listed memo counts as missing with the memo; the project plan on its own
    expect(s.underlagMissing.map((u) => u.document)).toEqual(['Tjänsteskrivelse', 'Projektplan Testprojektet']);

    const basis = (await meetings.getMeeting(db, september)).items[0]!.decisionBasis.find((b) => b.title.startsWith('Projektplan'))!;
    await documents.uploadAttachmentBytes(db, secretary, cfg(), itemId, { fileName: 'plan.pdf', title: 'Projektplan', decisionBasisId: basis.id, bytes: await pdfOf('Projektplan') });
    const after = (await overview(db, secretary, '2020-08-25')).upcoming[0]!;
    expect(after.underlagMissing.map((u) => u.document)).toEqual(['Tjänsteskrivelse']);
  });

  it('shows the kallelse as built, then sent, then to reissue once the agenda changes after sending', async () => {
    const built = await documents.buildBook(db, secretary, cfg(), september);
    expect((await overview(db, secretary, '2020-08-25')).upcoming[0]!.book).toMatchObject({ built: true, version: built.version.version, sentAt: null, reissueNeeded: false });
    await documents.markBookSent(db, secretary, september, built.version.version);
    const sent = (await overview(db, secretary, '2020-08-25')).upcoming[0]!.book;
    expect(sent.sentAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(sent.reissueNeeded).toBe(false);
    await db.kysely.updateTable('agenda_item').set({ title: 'Medfinansiering av Testprojektet, etapp 2' }).where('id', '=', itemId).execute();
    expect((await overview(db, secretary, '2020-08-25')).upcoming[0]!.book).toMatchObject({ version: built.version.version, reissueNeeded: true });
  });

  it('puts protokoll to adjust by the committee\'s decided date, with the statute\'s beside it', async () => {
    await minutes.openMinutes(db, secretary, august);
    const due = (await overview(db, secretary, '2020-08-26')).minutes.filter((m) => m.meetingId === august);
    expect(due).toHaveLength(1);
    expect(due[0]).toMatchObject({ task: 'justera', by: '2020-08-25', overdue: true });
    expect(due[0]!.basis).toMatch(/nämndens beslut.*2020-09-07/);
    const early = (await overview(db, secretary, '2020-08-24')).minutes.find((m) => m.meetingId === august)!;
    expect(early.overdue).toBe(false);
  });

  it('leaves out a cancelled meeting', async () => {
    const { version } = await db.kysely.selectFrom('meeting').select('version').where('id', '=', september).executeTakeFirstOrThrow();
    await cancelMeeting(db, secretary, september, { reason: 'Inga ärenden', version });
    expect((await overview(db, secretary, '2020-08-25')).upcoming).toEqual([]);
  });

  it('is served to staff and refused to the public', async () => {
    expect((await app.inject({ url: '/api/overview' })).statusCode).toBe(401);
    const clerk = await signIn(app, db, ['secretary']);
    const res = await app.inject({ url: '/api/overview', headers: clerk.headers });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ today: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), upcoming: expect.any(Array), minutes: expect.any(Array) });
  });
});

/**
 * Re-importing a kallelse keeps identity: the same text in other line endings
 * is the same file; a changed one updates the agenda in place, keeping item
 * and document ids, secrecy marks, attachments and memos.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.ts';
import { dropTestSchemas, testDatabases, type TestDatabase } from '../helpers/db.ts';
import { actorWith, signIn, type Client } from '../helpers/auth.ts';
import { importKallelse } from '../../src/importer/service.ts';
import * as meetings from '../../src/meetings/service.ts';
import { configFromEnv, listAttachments, saveMemo, uploadAttachmentBytes } from '../../src/documents/service.ts';
import { FileStore } from '../../src/documents/files.ts';
import type { Db } from '../../src/db/index.ts';
import type { SearchResult } from '../../src/http/contract.ts';
import type { FastifyInstance } from 'fastify';

const text = readFileSync(new URL('../../seeds/000_97425d05012e62df.txt', import.meta.url), 'utf8');
const secretary = actorWith('secretary');
afterAll(dropTestSchemas);

/** The same text as a Windows editor and another PDF tool would save it: CRLF, a byte-order mark, NFD, more trailing white space. */
const sameTextOtherwise = (t: string) =>
  `\ufeff${t
    .normalize('NFD')
    .split('\n')
    .map((l) => (l.endsWith(' ') ? `${l}\t ` : l))
    .join('\r\n')}\r\n`;

const SECRET_SUMMARY = 'Projektet ska utveckla metoder för hållbar affärsutveckling';
const SECRET_DOC = 'Projektbeskrivning, Smart tillväxt 2021-2023';
const OSL = '31 kap. 16 § OSL';

/** Item 4 renamed (its case number 20RS… stays): a small change to the kallelse. */
const renamed = (t: string, to = '2021 – 2024') => t.replace('Medfinansiering av Smart tillväxt 2021 - 2023', `Medfinansiering av Smart tillväxt ${to}`);
/** Item 5 (Transmission) taken off the agenda; items 6–8 move up. */
const withoutItem5 = (t: string) => {
  const start = t.indexOf('5. Utökad medfinansiering av projekt Transmission');
  const end = t.indexOf('6. Redovisning av delegationsbeslut');
  return (t.slice(0, start) + t.slice(end))
    .replace('\n6. Redovisning av delegationsbeslut', '\n5. Redovisning av delegationsbeslut')
    .replace('\n7. Information\n', '\n6. Information\n')
    .replace('\n8. Presentationer vid sammanträdet', '\n7. Presentationer vid sammanträdet');
};

async function withApp(tdb: TestDatabase, run: (db: Db, app: FastifyInstance, clerk: Client) => Promise<void>) {
  const db = await tdb.open();
  const app = await buildApp({ db });
  try {
    await run(db, app, await signIn(app, db, ['secretary']));
  } finally {
    await app.close();
    await db.close();
  }
}

describe.each(testDatabases)('re-importing a kallelse on $name', (tdb) => {
  it('recognises the same text with CRLF line endings, a byte-order mark and NFD as the same file: nothing changes', async () => {
    const db = await tdb.open();
    try {
      const r1 = await importKallelse(db, secretary, { fileName: 'v1.txt', text });
      const before = await meetings.getMeeting(db, r1.meetingId);
      const audits = await db.kysely.selectFrom('audit_log').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
      const r2 = await importKallelse(db, secretary, { fileName: 'v1-windows.txt', text: sameTextOtherwise(text) });
      expect(r2).toMatchObject({ meetingId: r1.meetingId, created: false, replaced: false });
      const after = await meetings.getMeeting(db, r1.meetingId);
      expect(after).toEqual(before);
      expect(await db.kysely.selectFrom('audit_log').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()).toEqual(audits);
      expect(await db.kysely.selectFrom('import_file').select('file_name').execute()).toEqual([{ file_name: 'v1.txt' }]);
    } finally {
      await db.close();
    }
  });

  it('updates the agenda in place: items keep their ids, attachments and memos, also once an attachment is there', async () => {
    const db = await tdb.open();
    const files = mkdtempSync(path.join(tmpdir(), 'styrbord-files-'));
    try {
      const r1 = await importKallelse(db, secretary, { fileName: 'v1.txt', text });
      const m1 = await meetings.getMeeting(db, r1.meetingId);
      const r2 = await importKallelse(db, secretary, { fileName: 'v2.txt', text: renamed(text) });
      const m2 = await meetings.getMeeting(db, r2.meetingId);
      expect(m2.items[3]!.title).toBe('Medfinansiering av Smart tillväxt 2021 – 2024');
      expect(m2.items.map((i) => i.id)).toEqual(m1.items.map((i) => i.id));
      expect(r2).toMatchObject({ meetingId: r1.meetingId, created: true, replaced: true, report: [] });
      expect(m2.items[3]!.decisionBasis.map((d) => d.id)).toEqual(m1.items[3]!.decisionBasis.map((d) => d.id));
      // only the changed item has a new version (optimistic locking of the others is not disturbed)
      expect(m2.items.map((i) => i.version ?? 0)).toEqual(m1.items.map((i, k) => (i.version ?? 0) + (k === 3 ? 1 : 0)));
      expect((await meetings.listMeetings(db)).length).toBe(1);

      const doc = await PDFDocument.create();
      doc.addPage();
      const cfg = { ...configFromEnv(), files: new FileStore(files) };
      const item4 = m2.items[3]!;
      const att = await uploadAttachmentBytes(db, secretary, cfg, item4.id, { fileName: 'bilaga.pdf', bytes: await doc.save(), decisionBasisId: item4.decisionBasis[1]!.id });
      await saveMemo(db, secretary, item4.id, {
        unit: 'Regional utveckling', officer: 'Anna Berg', summary: 'PM om Smart tillväxt.', description: 'Beskrivning.', assessment: null,
        consequences: 'Inga.', economy: 'Inom ramen.', followUp: 'Årligen.', decisionBasis: ['Projektbeskrivning'], signatory: { name: 'Petter Arneback', title: 'Regional utvecklingsdirektör' }, sendTo: ['Regionkansliet'],
      });
      // a third version with the item renamed again and its basis document reworded: accepted, in place
      const v3 = renamed(text, '2021 – 2025').replace(' Projektbeskrivning, Smart tillväxt 2021-2023 \n', ' Projektbeskrivning, Smart tillväxt 2021-2025 \n');
      const r3 = await importKallelse(db, secretary, { fileName: 'v3.txt', text: v3 });
      expect(r3).toMatchObject({ created: true, replaced: true, report: [] });
      const m3 = await meetings.getMeeting(db, r3.meetingId);
      expect(m3.items[3]!.id).toBe(item4.id);
      expect(m3.items[3]!.title).toBe('Medfinansiering av Smart tillväxt 2021 – 2025');
      expect(m3.items[3]!.decisionBasis.map((d) => [d.id, d.title])).toEqual([
        [item4.decisionBasis[0]!.id, item4.decisionBasis[0]!.title],
        [item4.decisionBasis[1]!.id, 'Projektbeskrivning, Smart tillväxt 2021-2025'],
      ]);
      const atts = await listAttachments(db, item4.id);
      expect(atts.map((a) => [a.id, a.decisionBasisId])).toEqual([[att.id, item4.decisionBasis[1]!.id]]);
      const memo = await db.kysely.selectFrom('briefing_memo').select('agenda_item_id').execute();
      expect(memo).toEqual([{ agenda_item_id: item4.id }]);
    } finally {
      await db.close();
      rmSync(files, { recursive: true, force: true });
    }
  });

  it('keeps secrecy marks through every re-import: public API and search never show the secret text again', async () => {
    await withApp(tdb, async (db, app, clerk) => {
      const r1 = await importKallelse(db, secretary, { fileName: 'v1.txt', text });
      const m1 = await meetings.getMeeting(db, r1.meetingId);
      const item4 = m1.items[3]!;
      expect(item4.summary).toContain(SECRET_SUMMARY);
      const doc = m1.items[2]!.decisionBasis[1]!;
      expect((await app.inject({ method: 'PUT', url: `/api/agenda-items/${item4.id}/secrecy`, ...clerk, payload: { secrecyRef: OSL } })).statusCode).toBe(200);
      expect((await app.inject({ method: 'PUT', url: `/api/decision-basis/${doc.id}/secrecy`, ...clerk, payload: { secrecyRef: OSL } })).statusCode).toBe(200);

      const publicMeeting = async () => (await app.inject(`/api/meetings/${r1.meetingId}`)).body;
      const publicSearch = async (q: string) => (await app.inject(`/api/search?q=${encodeURIComponent(q)}`)).json() as SearchResult;
      // the record itself (who of the staff may read it is the access rules' business)
      const staffMeeting = () => meetings.getMeeting(db, r1.meetingId);
      const assertHidden = async (secretTexts: string[]) => {
        const pub = await publicMeeting();
        for (const s of secretTexts) expect(pub).not.toContain(s);
        expect(pub).not.toContain(doc.title);
        for (const q of ['hållbar affärsutveckling metoder', 'VD-grupp', 'Almis rådgivning', 'cirkulär affärsutveckling']) {
          const r = await publicSearch(q);
          expect(r.hits.filter((h) => h.itemNumber === 4 && h.meetingDate === '2020-08-24'), q).toEqual([]);
          for (const s of secretTexts) expect(JSON.stringify(r), q).not.toContain(s);
        }
        const staff = await staffMeeting();
        const s4 = staff.items.find((i) => i.id === item4.id)!;
        expect(s4.secrecyRef).toBe(OSL);
        expect(staff.items.flatMap((i) => i.decisionBasis).find((d) => d.id === doc.id)!.secrecyRef).toBe(OSL);
        return s4;
      };
      await assertHidden([SECRET_SUMMARY, SECRET_DOC]);

      // the same text with CRLF line endings
      await importKallelse(db, secretary, { fileName: 'v1-crlf.txt', text: text.replace(/\n/g, '\r\n') });
      await assertHidden([SECRET_SUMMARY, SECRET_DOC]);

      // a small change: the secret summary itself reworded, and another item renamed
      const changed = text
        .replace('Projektet ska utveckla metoder för hållbar affärsutveckling', 'Projektet ska utveckla metoder för hållbar och cirkulär affärsutveckling')
        .replace('Utökad medfinansiering av projekt Transmission', 'Utökad medfinansiering av projektet Transmission');
      expect(changed).not.toBe(text);
      const r3 = await importKallelse(db, secretary, { fileName: 'v2.txt', text: changed });
      expect(r3).toMatchObject({ created: true, replaced: true });
      const s4 = await assertHidden([SECRET_SUMMARY, SECRET_DOC, 'hållbar och cirkulär affärsutveckling']);
      expect(s4.summary).toContain('hållbar och cirkulär affärsutveckling');
      expect((await publicMeeting())).toContain('Utökad medfinansiering av projektet Transmission');
    });
  });

  it('deletes an item gone from the kallelse only when nothing hangs on it; a secret one is kept and reported', async () => {
    const db = await tdb.open();
    try {
      const r1 = await importKallelse(db, secretary, { fileName: 'v1.txt', text });
      const m1 = await meetings.getMeeting(db, r1.meetingId);
      const item5 = m1.items[4]!;
      expect(item5.title).toBe('Utökad medfinansiering av projekt Transmission');
      await db.tx((trx) => meetings.setItemSecrecy(trx, secretary, item5.id, OSL));

      const r2 = await importKallelse(db, secretary, { fileName: 'v2.txt', text: withoutItem5(text) });
      const m2 = await meetings.getMeeting(db, r1.meetingId);
      expect(m2.items.map((i) => [i.id, i.number])).toEqual([
        ...m1.items.slice(0, 4).map((i) => [i.id, i.number]),
        [m1.items[5]!.id, 5],
        [m1.items[6]!.id, 6],
        [m1.items[7]!.id, 7],
        [item5.id, 8],
      ]);
      expect(m2.items[7]!.secrecyRef).toBe(OSL);
      expect(r2.report).toEqual([
        'Punkt 5 "Utökad medfinansiering av projekt Transmission" finns inte i den nya kallelsen men har sekretessmarkering; den togs inte bort utan står nu som punkt 8.',
      ]);

      // made public again, the item goes with the next kallelse that lacks it
      await db.tx((trx) => meetings.setItemSecrecy(trx, secretary, item5.id, null));
      const r3 = await importKallelse(db, secretary, { fileName: 'v3.txt', text: renamed(withoutItem5(text)) });
      expect(r3.report).toEqual(['Punkt 8 "Utökad medfinansiering av projekt Transmission" finns inte i den nya kallelsen och togs bort.']);
      const m3 = await meetings.getMeeting(db, r1.meetingId);
      expect(m3.items.map((i) => i.id)).toEqual(m2.items.slice(0, 7).map((i) => i.id));
      const audit = await db.kysely.selectFrom('audit_log').select('after').where('action', '=', 'meeting.reimport').orderBy('id', 'desc').executeTakeFirstOrThrow();
      expect(audit.after).toMatchObject({ removedItems: [{ id: item5.id, number: 8 }] });
    } finally {
      await db.close();
    }
  });
});

/**
 * Importing kallelse PDFs (issue 18, items 1, 2 and 7): a PDF printed from a
 * seed's text (header and page stamp on every page) gives the same meeting,
 * items and cases as the text; page stamps report missing, misordered and
 * cut-off pages; bad files are refused each with its own Swedish message and
 * nothing is written.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { dropTestSchemas, testDatabases } from '../helpers/db.ts';
import { actorWith, signIn, type Client } from '../helpers/auth.ts';
import { kallelsePdf, printable } from '../helpers/kallelsePdf.ts';
import type { Db } from '../../src/db/index.ts';
import { buildApp } from '../../src/http/app.ts';
import { importKallelse, MAX_IMPORT_BYTES } from '../../src/importer/service.ts';
import { readSource } from '../../src/importer/source.ts';
import { parseKallelse } from '../../src/importer/model.ts';

const seed = (name: string) => readFileSync(new URL(`../../seeds/${name}`, import.meta.url), 'utf8');
/** Seed 000 as the PDF can print it (characters the font lacks as "•"), for the text and the PDF alike. */
const K000 = printable(seed('000_97425d05012e62df.txt'));
const K004 = printable(seed('004_1c5b1e6cf87cd53c.txt'));
/** The agenda part of seed 000 (up to the first memo): a small kallelse, quick to print. */
const SMALL = K000.split('\n').slice(0, 260).join('\n');
const secretary = actorWith('secretary');
/** Seed 000 printed once for both databases (printing 111 pages takes a few seconds). */
let pdf000: Promise<Uint8Array> | null = null;
afterAll(dropTestSchemas);

const refusal = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e as { code: string; status: number; message: string; details?: Record<string, unknown> });

/** What an import made, without ids, times and what says which file it came from. */
async function records(db: Db) {
  const k = db.kysely;
  const meeting = await k
    .selectFrom('meeting')
    .innerJoin('body', 'body.id', 'meeting.body_id')
    .select(['body.name as body', 'date', 'start_time', 'end_time', 'place', 'group_meetings', 'absence_notice', 'secretary'])
    .execute();
  const items = await k
    .selectFrom('agenda_item as a')
    .leftJoin('diarium_case as c', 'c.id', 'a.case_id')
    .select(['a.id', 'a.number', 'a.title', 'a.kind', 'c.case_number', 'a.presenters', 'a.addressee', 'a.has_proposal', 'a.notes', 'a.adjustment_deadline', 'a.summary', 'a.attachment_text'])
    .orderBy('a.number')
    .execute();
  const itemNo = new Map(items.map((i) => [i.id, i.number]));
  const clauses = (await k.selectFrom('proposal_clause').selectAll().orderBy('agenda_item_id').orderBy('position').execute()).map((c) => [itemNo.get(c.agenda_item_id), c.position, c.text]);
  const basis = (await k.selectFrom('decision_basis').select(['agenda_item_id', 'position', 'title']).orderBy('agenda_item_id').orderBy('position').execute()).map((b) => [
    itemNo.get(b.agenda_item_id),
    b.position,
    b.title,
  ]);
  const subItems = (await k.selectFrom('agenda_sub_item').selectAll().orderBy('agenda_item_id').orderBy('position').execute()).map((s) => [
    itemNo.get(s.agenda_item_id),
    s.position,
    s.number,
    s.title,
    s.presenters,
    s.note,
  ]);
  const cases = await k.selectFrom('diarium_case').select(['case_number', 'title', 'origin']).orderBy('case_number').execute();
  const people = (await k.selectFrom('person').select('name').orderBy('name').execute()).map((p) => p.name);
  return {
    meeting,
    // the attachment text (for search) breaks its paragraphs where the pages break: compared word for word
    items: items.map(({ id: _id, attachment_text, ...i }) => ({ ...i, attachment_text: attachment_text?.replace(/\s+/g, ' ') ?? null })),
    clauses,
    basis,
    subItems,
    cases,
    people,
  };
}

async function counts(db: Db) {
  const r = await sql<{ meetings: number; imports: number; cases: number; audit: number }>`
    select (select count(*)::int from meeting) as meetings, (select count(*)::int from import_file) as imports,
           (select count(*)::int from diarium_case) as cases, (select count(*)::int from audit_log) as audit`.execute(db.kysely);
  return r.rows[0]!;
}

describe.each(testDatabases)('importing kallelse PDFs on $name', (tdb) => {
  it('gives the same meeting, items and cases from the PDF as from its text, and keeps the PDF as the source', async () => {
    const pdf = await (pdf000 ??= kallelsePdf(K000));
    const fromText = await tdb.open();
    const fromPdf = await tdb.open();
    try {
      const t = await importKallelse(fromText, secretary, { fileName: '000.txt', text: K000 });
      const p = await importKallelse(fromPdf, secretary, { fileName: '000.pdf', bytes: pdf });
      expect(p).toMatchObject({ created: true, items: t.items, cases: t.cases, report: t.report });
      expect(t.items).toBe(8);
      const [a, b] = [await records(fromText), await records(fromPdf)];
      expect(b.items.length).toBe(8);
      expect(b).toEqual(a);
      const source = await fromPdf.kysely.selectFrom('meeting').select(['source_file', 'total_pages']).executeTakeFirstOrThrow();
      // the PDF's own stamps: the seed's pages were 164, the printed file has 111
      expect(source).toEqual({ source_file: '000.pdf', total_pages: 111 });
      expect(await fromPdf.kysely.selectFrom('import_file').select(['file_name', 'byte_size']).execute()).toEqual([{ file_name: '000.pdf', byte_size: pdf.length }]);
      // the same PDF again changes nothing
      expect(await importKallelse(fromPdf, secretary, { fileName: 'kopia.pdf', bytes: pdf })).toMatchObject({ created: false, meetingId: p.meetingId });
    } finally {
      await fromText.close();
      await fromPdf.close();
    }
  }, 300_000);

  it('removes a header that carries the page stamp and reads the stamp out of it', async () => {
    const db = await tdb.open();
    try {
      const t = await importKallelse(db, secretary, { fileName: 'liten.txt', text: SMALL });
      const pdf = await kallelsePdf(SMALL, { stamp: 'header', linesPerPage: 40, header: ['Region Örebro län', 'Kallelse 2020-08-24 · Regional tillväxtnämnd'] });
      const before = await records(db);
      const p = await importKallelse(db, secretary, { fileName: 'liten.pdf', bytes: pdf });
      // the same agenda: the re-import updates nothing but the source
      expect(p).toMatchObject({ created: true, replaced: true, items: t.items, report: [] });
      expect(await records(db)).toEqual(before);
      expect(await db.kysely.selectFrom('meeting').select('total_pages').executeTakeFirstOrThrow()).toEqual({ total_pages: 7 });
    } finally {
      await db.close();
    }
  }, 120_000);

  it('reports pages missing, out of order and a file that ends before its last stamped page', async () => {
    const db = await tdb.open();
    try {
      // the agenda and the first attachments of seed 000: 15 pages, the agenda on the first 4
      const text = K000.split('\n').slice(0, 900).join('\n');
      const all = [...Array(15).keys()].map((k) => k + 1);
      const pdf = (keep: number[]) => kallelsePdf(text, { keep: () => keep });
      expect((await importKallelse(db, secretary, { fileName: 'hel.pdf', bytes: await pdf(all) })).report).toEqual([]);
      const gap = await importKallelse(db, secretary, { fileName: 'lucka.pdf', bytes: await pdf(all.filter((k) => k !== 8 && k !== 9)) });
      expect(gap.report).toEqual(['Sidorna 8–9 (15) saknas i filen.']);
      const cut = await importKallelse(db, secretary, { fileName: 'halv.pdf', bytes: await pdf(all.slice(0, 10)) });
      expect(cut.report).toEqual(['Filen slutar med sidan 10 av 15: sidorna 11–15 (15) saknas.']);
      const swapped = await importKallelse(db, secretary, { fileName: 'omkastad.pdf', bytes: await pdf([...all.slice(0, 10), 12, 11, ...all.slice(12)]) });
      expect(swapped.report).toEqual(['Sidan 11 (15) kommer efter sidan 12 (15) i filen: sidorna står i fel ordning eller finns två gånger.']);
      // a page missing from the agenda: the refusal says which pages the file lacks
      const before = await counts(db);
      expect(await refusal(importKallelse(db, secretary, { fileName: 'utan-sida-3.pdf', bytes: await pdf(all.filter((k) => k !== 3)) }))).toMatchObject({
        code: 'not-a-kallelse',
        message: expect.stringMatching(/^utan-sida-3\.pdf: Rad \d+ \(sidan \d+ i filen\): .* Filen är inte hel: Sidan 3 \(15\) saknas i filen\.$/),
      });
      expect(await counts(db)).toEqual(before);
    } finally {
      await db.close();
    }
  }, 240_000);

  describe('bad input: its own message, nothing written', () => {
    let db: Db;
    let app: FastifyInstance;
    let clerk: Client;
    let dir: string;
    beforeAll(async () => {
      db = await tdb.open();
      app = await buildApp({ db });
      clerk = await signIn(app, db, ['secretary']);
      dir = mkdtempSync(path.join(tmpdir(), 'import-pdf-'));
    });
    afterAll(async () => {
      rmSync(dir, { recursive: true, force: true });
      await app.close();
      await db.close();
    });

    const refused = async (file: { fileName: string; bytes: Uint8Array }, expected: { code: string; status: number; message: RegExp }) => {
      const before = await counts(db);
      expect(await refusal(importKallelse(db, secretary, file))).toMatchObject({ code: expected.code, status: expected.status, message: expect.stringMatching(expected.message) });
      const res = await app.inject({ method: 'POST', url: '/api/imports', ...clerk, payload: { fileName: file.fileName, fileBase64: Buffer.from(file.bytes).toString('base64') } });
      expect(res.statusCode).toBe(expected.status);
      expect(res.json().error).toMatchObject({ code: expected.code, message: expect.stringMatching(expected.message) });
      expect(await counts(db)).toEqual(before);
    };

    it('a binary file that is not a PDF (an image, a zip, random bytes)', async () => {
      const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(200, 7)]);
      await refused({ fileName: 'skanning.png', bytes: png }, { code: 'not-text', status: 415, message: /^Filen skanning\.png är varken en PDF eller en textfil.*en bild; .*OCR/ });
      const zip = Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(100, 0)]);
      await refused({ fileName: 'kallelse.docx', bytes: zip }, { code: 'not-text', status: 415, message: /zip-fil \(till exempel ett Word-dokument\)/ });
      const random = Buffer.from(Array.from({ length: 4096 }, (_, k) => (k * 7919) % 256));
      await refused({ fileName: 'data.bin', bytes: random }, { code: 'not-text', status: 415, message: /^Filen data\.bin är varken en PDF eller en textfil/ });
    });

    it('an image-only PDF (pages without text)', async () => {
      await refused({ fileName: 'inskannad.pdf', bytes: await kallelsePdf('', { blank: 3 }) }, { code: 'pdf-without-text', status: 422, message: /PDF:en saknar text; den behöver tolkas med OCR först/ });
    });

    it('an encrypted PDF (qpdf --encrypt with a password to open it)', async () => {
      const plain = path.join(dir, 'öppen.pdf');
      writeFileSync(plain, await kallelsePdf(SMALL));
      const locked = path.join(dir, 'låst.pdf');
      const run = spawnSync('qpdf', ['--encrypt', 'hemligt', 'ägare', '256', '--', plain, locked]);
      expect(run.error, 'qpdf is installed here and by .ci/run').toBeUndefined();
      expect(run.status).toBe(0);
      await refused({ fileName: 'låst.pdf', bytes: readFileSync(locked) }, { code: 'encrypted-pdf', status: 422, message: /^PDF:en låst\.pdf är krypterad med lösenord/ });
      // only an owner password (restrictions, no password to open it): read like any PDF
      const restricted = path.join(dir, 'begränsad.pdf');
      expect(spawnSync('qpdf', ['--encrypt', '', 'ägare', '256', '--print=none', '--', plain, restricted]).status).toBe(0);
      expect(parseKallelse((await readSource({ fileName: 'begränsad.pdf', bytes: readFileSync(restricted) })).text).items).toHaveLength(8);
    });

    it('an empty file, a file over the limit, a damaged PDF', async () => {
      await refused({ fileName: 'tom.pdf', bytes: new Uint8Array(0) }, { code: 'empty-file', status: 400, message: /^Filen tom\.pdf är tom\.$/ });
      const before = await counts(db);
      const big = Buffer.alloc(MAX_IMPORT_BYTES + 1, 0x20);
      big.write('%PDF-1.7\n');
      expect(await refusal(importKallelse(db, secretary, { fileName: 'stor.pdf', bytes: big }))).toMatchObject({ code: 'file-too-large', status: 413, message: 'Filen stor.pdf är för stor (21 MB); högst 20 MB kan importeras.' });
      expect(await counts(db)).toEqual(before);
      await refused({ fileName: 'trasig.pdf', bytes: Buffer.from('%PDF-1.4\nskräp skräp\n%%EOF\n') }, { code: 'corrupt-pdf', status: 422, message: /^PDF:en trasig\.pdf är skadad/ });
    });

    it('a PDF that is not a kallelse: the line where parsing gave up, and its page', async () => {
      const before = await counts(db);
      const e = await refusal(importKallelse(db, secretary, { fileName: '004.pdf', bytes: await kallelsePdf(K004) }));
      expect(e).toMatchObject({ code: 'not-a-kallelse', status: 422, message: expect.stringMatching(/^004\.pdf: Rad \d+ \(sidan 2 i filen\): "1\. .*" ser ut som punkt 1 men följs inte av/), details: { page: 2 } });
      // the same text as text keeps today's message (seed 004 gives up at line 84)
      expect(await refusal(importKallelse(db, secretary, { fileName: '004.txt', bytes: Buffer.from(K004) }))).toMatchObject({ code: 'not-a-kallelse', message: expect.stringMatching(/^004\.txt: Rad 84: /) });
      expect(await counts(db)).toEqual(before);
    });

    it('the API takes a PDF in fileBase64, and refuses text and fileBase64 together', async () => {
      const pdf = await kallelsePdf(SMALL);
      const res = await app.inject({ method: 'POST', url: '/api/imports', ...clerk, payload: { fileName: 'liten.pdf', fileBase64: Buffer.from(pdf).toString('base64') } });
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({ created: true, items: 8, report: [] });
      const both = await app.inject({ method: 'POST', url: '/api/imports', ...clerk, payload: { fileName: 'x.pdf', text: SMALL, fileBase64: 'JVBERi0=' } });
      expect(both.statusCode).toBe(400);
      expect(both.json().error.code).toBe('invalid-request');
      const notBase64 = await app.inject({ method: 'POST', url: '/api/imports', ...clerk, payload: { fileName: 'x.pdf', fileBase64: 'inte base64!' } });
      expect(notBase64.json().error).toMatchObject({ code: 'invalid-request', message: expect.stringContaining('base64') });
    });
  });
});

/**
 * The import page's API (issue 18.8, 18.3, 18.1): a preview says what an
 * import will create or change and writes none of it; the confirmation
 * writes it in one transaction and keeps the import as a record with its
 * report (history); an import with flags needs an explicit confirmation; a
 * preview is refused as stale when the data changed after it; cancel; and a
 * PDF's documents are split out, each its own pages, as the items'
 * attachments (page counts checked with qpdf).
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
import { AGENDA_PAGES, AGENDA_TEXT, BOOK_PAGES, BOOK_TEXT, bookPdf } from '../helpers/importBook.ts';
import { openDb, type Db } from '../../src/db/index.ts';
import { runCli } from '../helpers/server.ts';
import { buildApp } from '../../src/http/app.ts';
import { FileStore } from '../../src/documents/files.ts';
import { currentSnapshot } from '../../src/documents/service.ts';
import { importKallelse } from '../../src/importer/service.ts';
import type { ImportPreview, ImportRecord } from '../../src/importer/types.ts';

const filesDir = mkdtempSync(path.join(tmpdir(), 'styrbord-import-page-'));
process.env.FILES_DIR = filesDir;
afterAll(() => rmSync(filesDir, { recursive: true, force: true }));
afterAll(dropTestSchemas);

let pdf: Promise<Uint8Array> | null = null;
const book = () => (pdf ??= bookPdf());
const agendaPages = AGENDA_PAGES;
const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');

async function counts(db: Db) {
  const r = await sql<{ meetings: number; items: number; cases: number; people: number; attachments: number; imports: number; support: number; audit: number }>`
    select (select count(*)::int from meeting) as meetings, (select count(*)::int from agenda_item) as items,
           (select count(*)::int from diarium_case) as cases, (select count(*)::int from person) as people,
           (select count(*)::int from attachment) as attachments, (select count(*)::int from import_file) as imports,
           (select count(*)::int from business_support) as support, (select count(*)::int from audit_log) as audit`.execute(db.kysely);
  return r.rows[0]!;
}

describe.each(testDatabases)('the import page on $name', (tdb) => {
  let db: Db;
  let app: FastifyInstance;
  let clerk: Client;
  beforeAll(async () => {
    db = await tdb.open();
    app = await buildApp({ db });
    clerk = await signIn(app, db, ['secretary']);
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  const post = (url: string, payload: unknown, who: Client = clerk) => app.inject({ method: 'POST', url, ...who, payload: payload as Record<string, unknown> });
  const preview = async (payload: Record<string, unknown>): Promise<ImportPreview> => {
    const res = await post('/api/imports/preview', payload);
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  };

  it('previews without writing anything, confirms in one go, and keeps the import with its report in the history', async () => {
    const before = await counts(db);
    const p = await preview({ fileName: 'kallelse.txt', text: AGENDA_TEXT });
    expect(await counts(db)).toEqual(before);
    expect(p).toMatchObject({ status: 'preview', kind: 'text', fileName: 'kallelse.txt', outcome: 'create', meetingId: null, bodyName: 'Regional tillväxtnämnd', meetingDate: '2020-08-24' });
    expect(p.token).toMatch(/^[0-9a-f]{48}$/);
    expect(p.plan.meeting).toMatchObject({ id: null, body: 'Regional tillväxtnämnd', date: '2020-08-24' });
    expect(p.plan.items.map((i) => [i.number, i.change])).toEqual([1, 2, 3, 4, 5, 6, 7, 8].map((n) => [n, 'new']));
    expect(p.plan.cases.length).toBeGreaterThan(3);
    expect(p.plan.cases.every((c) => c.isNew)).toBe(true);
    // seed 000 has no summons page with the members: no people
    expect(p.plan.people).toEqual([]);
    // the source file is kept, by the SHA-256 of its bytes
    expect(readFileSync(new FileStore(filesDir).pathOf(p.sourceSha256), 'utf8')).toBe(AGENDA_TEXT);
    // a preview is not history yet
    expect((await app.inject({ method: 'GET', url: '/api/imports', ...clerk })).json()).toEqual([]);

    const wrong = await post(`/api/imports/${p.id}/confirm`, { token: 'f'.repeat(48) });
    expect(wrong.statusCode).toBe(409);
    expect(wrong.json().error.code).toBe('import-token');

    const ok = await post(`/api/imports/${p.id}/confirm`, { token: p.token });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ created: true, replaced: false, items: 8, importId: p.id });
    const after = await counts(db);
    expect(after.meetings).toBe(before.meetings + 1);
    expect(after.items).toBe(before.items + 8);

    const history: ImportRecord[] = (await app.inject({ method: 'GET', url: '/api/imports', ...clerk })).json();
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ id: p.id, status: 'confirmed', outcome: 'create', meetingId: ok.json().meetingId, fileName: 'kallelse.txt' });
    expect(history[0]!.createdBy).not.toBe('');
    expect(history[0]!.decidedAt).not.toBeNull();
    const one: ImportRecord = (await app.inject({ method: 'GET', url: `/api/imports/${p.id}`, ...clerk })).json();
    expect(one.plan.items).toHaveLength(8);

    // confirmed once: not again
    const again = await post(`/api/imports/${p.id}/confirm`, { token: p.token });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('import-decided');

    // the same file again: a preview that says nothing changes
    const same = await preview({ fileName: 'kallelse-igen.txt', text: AGENDA_TEXT.replace(/\n/g, '\r\n') });
    expect(same.outcome).toBe('unchanged');
    expect(same.plan.items.every((i) => i.change === 'same')).toBe(true);
    const none = await counts(db);
    expect((await post(`/api/imports/${same.id}/confirm`, { token: same.token })).json()).toMatchObject({ created: false });
    expect({ ...(await counts(db)), audit: 0 }).toEqual({ ...none, audit: 0 });
  }, 240_000);

  it('says what a changed kallelse changes, and refuses a stale preview without writing', async () => {
    const changed = AGENDA_TEXT.replace('Medfinansiering av Smart tillväxt 2021 - 2023', 'Medfinansiering av Smart tillväxt 2021 - 2024');
    expect(changed).not.toBe(AGENDA_TEXT);
    const p = await preview({ fileName: 'ändrad.txt', text: changed });
    expect(p.outcome).toBe('update');
    expect(p.plan.items.find((i) => i.number === 4)).toMatchObject({ change: 'changed', title: expect.stringContaining('2024') });
    expect(p.plan.items.filter((i) => i.change === 'same')).toHaveLength(7);

    // the data changes after the preview: another version is imported meanwhile
    const other = AGENDA_TEXT.replace('Utökad medfinansiering av projekt Transmission', 'Utökad medfinansiering av projektet Transmission');
    expect(other).not.toBe(AGENDA_TEXT);
    await importKallelse(db, actorWith('secretary'), { fileName: 'annan.txt', text: other });
    const before = await counts(db);
    const titles = await db.kysely.selectFrom('agenda_item').select(['id', 'title']).orderBy('id').execute();
    const stale = await post(`/api/imports/${p.id}/confirm`, { token: p.token });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toMatchObject({ code: 'import-stale', message: expect.stringContaining('förhandsgranska filen igen') });
    expect(await counts(db)).toEqual(before);
    expect(await db.kysely.selectFrom('agenda_item').select(['id', 'title']).orderBy('id').execute()).toEqual(titles);
    // still a preview: it can be cancelled, and then not confirmed
    const cancel = await post(`/api/imports/${p.id}/cancel`, { token: p.token });
    expect(cancel.statusCode, cancel.body).toBe(200);
    expect(cancel.json()).toMatchObject({ status: 'cancelled' });
    expect((await post(`/api/imports/${p.id}/confirm`, { token: p.token })).json().error.code).toBe('import-decided');
    const history: ImportRecord[] = (await app.inject({ method: 'GET', url: '/api/imports', ...clerk })).json();
    expect(history.map((h) => [h.fileName, h.status])).toEqual([
      ['annan.txt', 'confirmed'],
      ['ändrad.txt', 'cancelled'],
      ['kallelse-igen.txt', 'confirmed'],
      ['kallelse.txt', 'confirmed'],
    ]);
  }, 240_000);

  it('splits the PDF into each document’s own pages under the item, and needs the flags confirmed when pages are missing', async () => {
    const pdf = await book();
    const total = BOOK_PAGES;
    // the last page of the report is missing: flagged
    const cut = await bookPdf(BOOK_TEXT, (n) => [...Array(n - 1).keys()].map((k) => k + 1));
    const before = await counts(db);
    const flagged = await preview({ fileName: 'bok-halv.pdf', fileBase64: b64(cut) });
    expect(await counts(db)).toEqual(before);
    expect(flagged.flagged).toBeGreaterThan(0);
    expect(flagged.plan.flags[0]).toBe(`Filen slutar med sidan ${total - 1} av ${total}: sidan ${total} (${total}) saknas.`);
    const refused = await post(`/api/imports/${flagged.id}/confirm`, { token: flagged.token });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({ code: 'import-flags-unconfirmed', message: expect.stringContaining('flaggad') });
    expect(await counts(db)).toEqual(before);
    expect((await post(`/api/imports/${flagged.id}/cancel`, { token: flagged.token })).statusCode).toBe(200);

    const p = await preview({ fileName: 'bok.pdf', fileBase64: b64(pdf) });
    expect(p.kind).toBe('pdf');
    expect(p.plan.flags).toEqual([]);
    // the memo (its own stamp "1 (2)": two pages) and then the report, filed under the item's two decision-basis entries
    expect(p.plan.documents).toEqual([
      { itemNumber: 2, basisIndex: 0, title: expect.stringMatching(/^FöredragningsPM/), fromPage: agendaPages + 2, toPage: agendaPages + 3 },
      { itemNumber: 2, basisIndex: 1, title: expect.stringMatching(/^Delårsrapport/), fromPage: agendaPages + 4, toPage: agendaPages + 5 },
    ]);
    const ok = await post(`/api/imports/${p.id}/confirm`, { token: p.token });
    expect(ok.statusCode, ok.body).toBe(200);
    const meetingId: number = ok.json().meetingId;
    const item = await db.kysely.selectFrom('agenda_item').select('id').where('meeting_id', '=', meetingId).where('number', '=', 2).executeTakeFirstOrThrow();
    const basis = await db.kysely.selectFrom('decision_basis').select(['id', 'position']).where('agenda_item_id', '=', item.id).orderBy('position').execute();
    const attachments = await db.kysely.selectFrom('attachment').select(['decision_basis_id', 'page_count', 'file_sha256', 'title']).where('agenda_item_id', '=', item.id).orderBy('position').execute();
    expect(attachments.map((a) => [a.decision_basis_id, a.page_count])).toEqual([
      [basis[0]!.id, 2],
      [basis[1]!.id, 2],
    ]);
    const files = new FileStore(filesDir);
    for (const a of attachments) {
      const run = spawnSync('qpdf', ['--show-npages', files.pathOf(a.file_sha256)], { encoding: 'utf8' });
      expect(run.error, 'qpdf is installed here and by .ci/run').toBeUndefined();
      expect(run.stdout.trim()).toBe('2');
    }
    // the original PDF is the import's source file
    expect(readFileSync(files.pathOf(p.sourceSha256)).equals(Buffer.from(pdf))).toBe(true);
    // the kallelse book has the pages: the item's attachments are in its snapshot
    const snap = await currentSnapshot(db, meetingId);
    expect(snap.items.find((i) => i.number === 2)!.attachments.map((a) => a.pageCount)).toEqual([2, 2]);
    // the same PDF again adds nothing
    const n = await counts(db);
    expect((await importKallelse(db, actorWith('secretary'), { fileName: 'bok-igen.pdf', bytes: pdf })).created).toBe(false);
    expect((await counts(db)).attachments).toBe(n.attachments);

    // a corrected PDF (a word of the report changed): the memo's file stays, the report's attachment gets the new pages in place
    const corrected = await bookPdf(BOOK_TEXT.replace('Rapport rad 1 med', 'Rapport rad 1 (rättad) med'));
    const r = await importKallelse(db, actorWith('secretary'), { fileName: 'bok-rättad.pdf', bytes: corrected });
    expect(r).toMatchObject({ created: true, replaced: true, meetingId });
    expect(r.plan.notes).toContain('En bilaga från en tidigare import fick sidorna ur den nya PDF:en.');
    const now = await db.kysely.selectFrom('attachment').select(['id', 'decision_basis_id', 'page_count', 'file_sha256']).where('agenda_item_id', '=', item.id).orderBy('position').execute();
    expect(now.map((a) => [a.decision_basis_id, a.page_count])).toEqual([
      [basis[0]!.id, 2],
      [basis[1]!.id, 2],
    ]);
    expect(now[0]!.file_sha256).toBe(attachments[0]!.file_sha256);
    expect(now[1]!.file_sha256).not.toBe(attachments[1]!.file_sha256);
  }, 300_000);

  it('is for the secretary and the administrator', async () => {
    const member = await signIn(app, db, ['member']);
    const res = await post('/api/imports/preview', { fileName: 'x.txt', text: AGENDA_TEXT }, member);
    expect(res.statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/api/imports', ...member })).statusCode).toBe(403);
  });
});

describe('npm run import', () => {
  it('prints the report and keeps the import as a record, with the documents split out of the PDF', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'styrbord-import-cli-'));
    try {
      const file = path.join(dir, 'bok.pdf');
      writeFileSync(file, await book());
      const env = { DATA_DIR: path.join(dir, 'data'), FILES_DIR: path.join(dir, 'filer') };
      const r = await runCli(['import', file], env);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`${file}: importerad som sammanträde 1 (8 punkter, 5 ärenden).`);
      expect(r.stdout).toMatch(/ {2}Punkt 2: "FöredragningsPM[^"]*", sidorna \d+–\d+ i filen, som bilaga\./);
      expect(r.stdout).toContain('  Importen sparades med sin rapport som import 1 (sidan Import, /import/1).');
      const db = await openDb({ url: '', dataDir: env.DATA_DIR });
      try {
        const run = await db.kysely.selectFrom('import_run').select(['status', 'kind', 'file_name', 'created_by', 'source_sha256']).execute();
        expect(run).toEqual([{ status: 'confirmed', kind: 'pdf', file_name: 'bok.pdf', created_by: 'cli', source_sha256: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
        expect(readFileSync(new FileStore(env.FILES_DIR).pathOf(run[0]!.source_sha256)).equals(readFileSync(file))).toBe(true);
        expect(Number((await db.kysely.selectFrom('attachment').select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)).toBe(2);
      } finally {
        await db.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);
});

/**
 * Text inside uploaded PDFs is searchable (issue 20.2), through the search
 * queue: the upload queues its meeting, the queue reads the PDF's text with
 * pdf.js and indexes it. A PDF under a secret decision basis is indexed for
 * the body's own only: a word found only in it is not found by the public,
 * and the public's typo expansion does not widen to it either (no hint that
 * it exists); staff find it, also through a typo. The word table keeps the
 * public documents' count in step.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { dropTestSchemas, testDatabases } from '../helpers/db.ts';
import { actorWith, signIn, type Client } from '../helpers/auth.ts';
import type { Db } from '../../src/db/index.ts';
import { buildApp } from '../../src/http/app.ts';
import { importKallelse } from '../../src/importer/service.ts';
import * as meetings from '../../src/meetings/service.ts';
import * as documents from '../../src/documents/service.ts';
import { indexQueued, indexSoon, search } from '../../src/publish/search.ts';
import { expandedQuery } from '../../src/publish/words.ts';
import type { AgendaItemView, MeetingDetail } from '../../src/http/contract.ts';

process.env.FILES_DIR = mkdtempSync(path.join(tmpdir(), 'styrbord-soktext-'));
afterAll(dropTestSchemas);

const secretary = actorWith('secretary');
/** Words that occur nowhere in the seeds. */
const PUBLIC_WORD = 'Fjällsippeutredningen';
const SECRET_WORD = 'Kvastfenomenet';
const SECRET_NAME = 'Zlatanovski';

async function pdfWith(lines: string[]): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage([595, 842]);
  lines.forEach((l, i) => page.drawText(l, { x: 72, y: 760 - i * 20, size: 12, font }));
  return doc.save();
}

describe.each(testDatabases)('uploaded PDFs in search on $name', (tdb) => {
  let db: Db;
  let app: FastifyInstance;
  let clerk: Client;
  let meeting: MeetingDetail;
  let open: AgendaItemView;
  let closed: AgendaItemView;
  const staff = (q: string) => search(db, q, { publicOnly: false, secretBodies: 'all', actor: secretary });
  const publicHits = async (q: string) => (await search(db, q)).hits;
  const userIdOf = async (who: Client) => ((await app.inject({ url: '/api/session', headers: who.headers })).json() as { user: { id: number } }).user.id;

  beforeAll(async () => {
    db = await tdb.open();
    app = await buildApp({ db });
    await importKallelse(db, secretary, { fileName: '003.txt', text: readFileSync(new URL('../../seeds/003_f8eb7d47c03ea706.txt', import.meta.url), 'utf8') });
    await db.settled();
    meeting = await meetings.getMeeting(db, (await meetings.listMeetings(db))[0]!.id);
    const withBasis = meeting.items.filter((i) => i.decisionBasis.length >= 1 && !i.secrecyRef && !i.decisionBasis.some((b) => b.secrecyRef));
    open = withBasis[0]!;
    closed = withBasis[1]!;
    clerk = await signIn(app, db, ['secretary']);
    await meetings.setServedBodies(db, actorWith('admin'), await userIdOf(clerk), [meeting.bodyId]);
  });
  afterAll(async () => {
    await documents.whenIdle(db);
    await app.close();
    await db.close();
  });

  it('finds a word inside an uploaded PDF once the queue has read it, with the file as the hit', async () => {
    const cfg = documents.configFromEnv();
    await documents.uploadAttachmentBytes(db, secretary, cfg, open.id, { fileName: 'utredning.pdf', bytes: await pdfWith(['Bilaga till beslutet', `${PUBLIC_WORD} om fjällsippor i länet`]) });
    // the upload queued its meeting in its own transaction; the text is read after the commit
    expect((await sql<{ n: number }>`select count(*)::int as n from search_queue where meeting_id = ${meeting.id}`.execute(db.kysely)).rows[0]!.n).toBe(1);
    indexSoon(db, cfg.files);
    const hits = await publicHits(PUBLIC_WORD);
    const hit = hits.find((h) => h.itemId === open.id);
    expect(hit, JSON.stringify(hits)).toBeDefined();
    expect(hit!.snippet).toContain(`\u0002${PUBLIC_WORD}\u0003`);
    const stored = await sql<{ text: string; error: string | null }>`select text, error from file_text`.execute(db.kysely);
    expect(stored.rows).toHaveLength(1);
    expect(stored.rows[0]!.text).toContain(PUBLIC_WORD);
    // a typo (and the word without å/ä/ö) finds it too, for the public
    expect((await publicHits('Fjallsippeutredningen')).some((h) => h.itemId === open.id)).toBe(true);
  });

  it('keeps a word that only a secret PDF holds from the public, also through a typo, and finds it for staff', async () => {
    const probes = [SECRET_WORD, SECRET_NAME, 'Zlatanovsky', 'Kvastfenomenett', 'kvastfenomen'];
    const basis = closed.decisionBasis[0]!;
    const res = await app.inject({ method: 'PUT', url: `/api/decision-basis/${basis.id}/secrecy`, headers: clerk.headers, payload: { secrecyRef: '31 kap. 16 § OSL' } });
    expect(res.statusCode, res.body).toBe(200);
    // what the public finds before the secret file exists (the mark itself takes the item's papers out of public search)
    const publicBefore = await Promise.all(probes.map((q) => publicHits(q)));
    const expansionsBefore = await Promise.all(probes.map((q) => expandedQuery(db.kysely, q)));
    const cfg = documents.configFromEnv();
    await documents.uploadAttachmentBytes(db, secretary, cfg, closed.id, {
      fileName: 'kalkyl.pdf',
      bytes: await pdfWith(['Affärsplan', `${SECRET_WORD} enligt ${SECRET_NAME}`]),
      decisionBasisId: basis.id,
    });
    expect(await indexQueued(db, cfg.files)).toBe(1);

    // staff find the word and the name, and the name through a typo
    expect((await staff(SECRET_WORD)).hits.some((h) => h.itemId === closed.id)).toBe(true);
    expect((await staff('Zlatanovsky')).hits.some((h) => h.itemId === closed.id && (h.snippet ?? '').includes(`\u0002${SECRET_NAME}\u0003`))).toBe(true);
    expect(await expandedQuery(db.kysely, 'Zlatanovsky', { publicOnly: false, secretBodies: 'all' })).toContain('zlatanovski');
    // and so does someone reading only this body's secret papers, not someone reading another body's
    expect(await expandedQuery(db.kysely, 'Zlatanovsky', { publicOnly: false, secretBodies: [meeting.bodyId] })).toContain('zlatanovski');
    expect(String(await expandedQuery(db.kysely, 'Zlatanovsky', { publicOnly: false, secretBodies: [meeting.bodyId + 1000] }))).not.toMatch(/zlatanovsk/);

    // the public: no hit, and the query is not widened to the secret word (nothing to tell that it exists)
    // the public gets exactly what it got before the secret file existed (a public word resembling the query may be found)
    expect(await Promise.all(probes.map((q) => publicHits(q)))).toEqual(publicBefore);
    for (const q of probes) {
      const hits = await publicHits(q);
      expect(hits.filter((h) => /kvastfenomen|zlatanovsk/i.test(`${h.title} ${h.snippet ?? ''}`)), q).toEqual([]);
    }
    // nor is the public's query widened any differently
    expect(await Promise.all(probes.map((q) => expandedQuery(db.kysely, q)))).toEqual(expansionsBefore);
    expect(String(await expandedQuery(db.kysely, 'Zlatanovsky'))).not.toMatch(/zlatanovski/);
    // the words are in the index's word table, counted in no public document
    const words = await sql<{ lexeme: string; docs: number; public_docs: number }>`
      select lexeme, docs, public_docs from search_word where lexeme in ('zlatanovski', 'kvastfenomenet')`.execute(db.kysely);
    expect(words.rows.length).toBeGreaterThan(0);
    expect(words.rows.every((w) => w.docs > 0 && w.public_docs === 0)).toBe(true);

    // unmarked, the file is public and found; marked again, it leaves public search at once (in the mark's transaction)
    expect((await app.inject({ method: 'PUT', url: `/api/decision-basis/${basis.id}/secrecy`, headers: clerk.headers, payload: { secrecyRef: null } })).statusCode).toBe(200);
    expect((await publicHits(SECRET_WORD)).some((h) => h.itemId === closed.id)).toBe(true);
    expect((await app.inject({ method: 'PUT', url: `/api/decision-basis/${basis.id}/secrecy`, headers: clerk.headers, payload: { secrecyRef: '31 kap. 16 § OSL' } })).statusCode).toBe(200);
    expect(await Promise.all(probes.map((q) => publicHits(q)))).toEqual(publicBefore);
    expect(String(await expandedQuery(db.kysely, 'Zlatanovsky'))).not.toMatch(/zlatanovsk/);
  });

  it('keeps the word table with its public counts in step with the documents, and drops a deleted file\'s words', async () => {
    const mismatch = async () =>
      (
        await sql<{ n: number }>`
          with now_ as (
            select l, count(*)::int as n, (count(*) filter (where d.public))::int as p from search_document d, unnest(tsvector_to_array(d.tsv)) l
            where l ~ '[[:alpha:]]' and length(l) between 3 and 40 group by l
          )
          select count(*)::int as n from now_ full join search_word w on w.lexeme = now_.l where now_.n is distinct from w.docs or now_.p is distinct from w.public_docs`.execute(db.kysely)
      ).rows[0]!.n;
    expect(await mismatch()).toBe(0);
    const [att] = await documents.listAttachments(db, open.id, secretary);
    await documents.deleteAttachment(db, secretary, att!.id);
    expect(await indexQueued(db)).toBe(1);
    expect((await publicHits(PUBLIC_WORD)).some((h) => h.itemId === open.id)).toBe(false);
    expect(await mismatch()).toBe(0);
  });

  it('records a PDF without text, so that it is not read again', async () => {
    const doc = await PDFDocument.create();
    doc.addPage([595, 842]);
    const cfg = documents.configFromEnv();
    await documents.uploadAttachmentBytes(db, secretary, cfg, open.id, { fileName: 'skannad.pdf', bytes: await doc.save() }).catch((e: unknown) => e);
    const rows = await db.kysely.selectFrom('attachment').select('file_sha256').where('file_name', '=', 'skannad.pdf').execute();
    if (rows.length === 0) return; // the upload refuses a PDF without text: nothing to index
    expect(await indexQueued(db, cfg.files)).toBe(1);
    const ft = await db.kysely.selectFrom('file_text').selectAll().where('sha256', '=', rows[0]!.file_sha256).executeTakeFirstOrThrow();
    expect(ft.text).toBe('');
    expect(ft.error).toMatch(/OCR/);
    // rebuilt again: the file is not read again (its row stays as it was)
    await sql`insert into search_queue (meeting_id) values (${meeting.id})`.execute(db.kysely);
    expect(await indexQueued(db, cfg.files)).toBe(1);
    const again = await db.kysely.selectFrom('file_text').selectAll().where('sha256', '=', rows[0]!.file_sha256).executeTakeFirstOrThrow();
    expect(again.extracted_at).toEqual(ft.extracted_at);
  });
});

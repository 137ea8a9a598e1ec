import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PDFDocument, PDFName, PDFString, type PDFDict } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { activeInBytes, checkPdf } from './pdfcheck.ts';

async function pdf(pages: number): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  for (let i = 0; i < pages; i++) doc.addPage().drawText(`Sida ${i + 1}`);
  return doc.save();
}

const refusal = (p: Promise<unknown>) => p.then(() => null, (e: { code: string; status: number; message: string }) => ({ code: e.code, status: e.status, message: e.message }));

describe('checking an uploaded PDF', () => {
  it('counts the pages of a good one', async () => {
    expect(await checkPdf(await pdf(3), 'bilaga.pdf')).toEqual({ pageCount: 3, version: '1.7' });
  });

  it('refuses empty files, other files, truncated and damaged PDFs, in Swedish', async () => {
    const good = await pdf(2);
    expect(await refusal(checkPdf(new Uint8Array(), 'tom.pdf'))).toEqual({ code: 'empty-file', status: 400, message: 'Filen tom.pdf är tom.' });
    expect(await refusal(checkPdf(new TextEncoder().encode('Hej, detta är ett brev.'), 'brev.txt'))).toMatchObject({ code: 'not-pdf', status: 415 });
    expect(await refusal(checkPdf(good.subarray(0, good.length - 200), 'halv.pdf'))).toMatchObject({ code: 'corrupt-pdf', status: 422, message: expect.stringContaining('ofullständig') });
    expect(await refusal(checkPdf(new TextEncoder().encode('%PDF-1.4\nskräp skräp\n%%EOF\n'), 'skräp.pdf'))).toMatchObject({ code: 'corrupt-pdf', status: 422 });
  });

  it('refuses an encrypted PDF (made with qpdf --encrypt)', async () => {
    if (spawnSync('qpdf', ['--version']).status !== 0) return;
    const dir = mkdtempSync(path.join(tmpdir(), 'krypto-'));
    writeFileSync(path.join(dir, 'in.pdf'), await pdf(2));
    for (const [bits, ...extra] of [['256'], ['128', '--use-aes=y']] as const) {
      expect(spawnSync('qpdf', ['--encrypt', '', 'ägare', bits, ...extra, '--', path.join(dir, 'in.pdf'), path.join(dir, `ut${bits}.pdf`)]).status).toBe(0);
      expect(await refusal(checkPdf(readFileSync(path.join(dir, `ut${bits}.pdf`)), 'låst.pdf'))).toMatchObject({ code: 'encrypted-pdf', status: 422, message: expect.stringContaining('krypterad') });
    }
  });
});

/** A small PDF with one page, changed by `edit` before saving (with object streams unless told). */
async function crafted(edit: (doc: PDFDocument) => void | Promise<void>, useObjectStreams = true): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.addPage().drawText('Bilaga');
  await edit(doc);
  return doc.save({ useObjectStreams });
}

const js = (doc: PDFDocument) => doc.context.obj({ Type: 'Action', S: 'JavaScript', JS: PDFString.of('app.alert("hej")') });
const annotate = (doc: PDFDocument, annot: Record<string, unknown>) =>
  doc.getPage(0).node.set(PDFName.of('Annots'), doc.context.obj([doc.context.register(doc.context.obj({ Type: 'Annot', Rect: [0, 0, 100, 100], ...annot } as never))]));

/** Hand-written PDF text (uncompressed), with a correct cross-reference table. */
function handWritten(objects: string[]): Uint8Array {
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(out);
}

describe('refusing PDFs with active content', () => {
  const cases: Array<[string, (doc: PDFDocument) => void | Promise<void>, string]> = [
    ['a JavaScript /OpenAction', (doc) => doc.catalog.set(PDFName.of('OpenAction'), js(doc)), 'javascript'],
    [
      'JavaScript in the names tree',
      (doc) => doc.catalog.set(PDFName.of('Names'), doc.context.obj({ JavaScript: doc.context.obj({ Names: [PDFString.of('start'), doc.context.register(js(doc))] }) })),
      'javascript',
    ],
    ['a page’s additional actions (/AA)', (doc) => doc.getPage(0).node.set(PDFName.of('AA'), doc.context.obj({ O: js(doc) })), 'javascript'],
    ['the document’s additional actions (/AA)', (doc) => doc.catalog.set(PDFName.of('AA'), doc.context.obj({ WC: js(doc) })), 'javascript'],
    ['a link that runs JavaScript', (doc) => annotate(doc, { Subtype: 'Link', A: js(doc) }), 'javascript'],
    ['a /Launch action', (doc) => annotate(doc, { Subtype: 'Link', A: { S: 'Launch', F: PDFString.of('calc.exe') } }), 'launch'],
    ['a /SubmitForm action', (doc) => annotate(doc, { Subtype: 'Widget', A: { S: 'SubmitForm', F: PDFString.of('https://example.com/') } }), 'launch'],
    ['an embedded file (/EmbeddedFiles)', (doc) => doc.attach(new TextEncoder().encode('hej'), 'hej.txt', { mimeType: 'text/plain' }), 'embedded'],
    ['a /FileAttachment annotation', (doc) => annotate(doc, { Subtype: 'FileAttachment', FS: PDFString.of('virus.exe') }), 'embedded'],
  ];

  it.each(cases)('refuses %s, in Swedish, whether or not objects are compressed', async (_what, edit, kind) => {
    for (const streams of [true, false]) {
      const bytes = await crafted(edit, streams);
      const r = await refusal(checkPdf(bytes, 'bilaga.pdf'));
      expect(r).toMatchObject({ code: 'active-pdf', status: 422, message: expect.stringMatching(/^Filen bilaga\.pdf innehåller .* och kan inte läggas in i kallelsen/) });
      // the bytes alone tell it too: outside streams, or inside the decompressed object streams
      expect(activeInBytes(bytes).found).toContain(kind);
    }
  });

  it('names what it found', async () => {
    const bytes = await crafted(async (doc) => {
      doc.catalog.set(PDFName.of('OpenAction'), js(doc));
      await doc.attach(new TextEncoder().encode('hej'), 'hej.txt');
    });
    const r = await refusal(checkPdf(bytes, 'två.pdf'));
    expect(r?.message).toContain('JavaScript');
    expect(r?.message).toContain('inbäddade filer');
  });

  it('finds names spelt with #-escapes, and in a file whose structure pdf-lib cannot read', async () => {
    const escaped = handWritten([
      '<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>',
      '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>',
      '<< /S /J#61vaScript /J#53 (app.alert(1)) >>',
    ]);
    expect(await refusal(checkPdf(escaped, 'dold.pdf'))).toMatchObject({ code: 'active-pdf' });
    // an action hidden after a broken object: pdf-lib gives up, the byte scan does not
    const broken = new TextEncoder().encode('%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\n2 0 obj << /S /Launch /F (cmd.exe) >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
    expect(await refusal(checkPdf(broken, 'trasig.pdf'))).toMatchObject({ code: 'active-pdf', message: expect.stringContaining('startar program') });
  });

  it('accepts ordinary PDFs: links to web pages, an opening view, forms without actions, images', async () => {
    const ordinary = await crafted(async (doc) => {
      doc.catalog.set(PDFName.of('OpenAction'), doc.context.obj([doc.getPage(0).ref, 'Fit']));
      annotate(doc, { Subtype: 'Link', A: { S: 'URI', URI: PDFString.of('https://www.regionorebrolan.se/') } });
      const form = doc.getForm();
      form.createTextField('namn').addToPage(doc.getPage(0), { x: 10, y: 10 });
      const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
      doc.getPage(0).drawImage(await doc.embedPng(png), { x: 50, y: 50, width: 20, height: 20 });
      doc.setTitle('Vanlig bilaga');
    });
    expect(await checkPdf(ordinary, 'vanlig.pdf')).toMatchObject({ pageCount: 1 });
    expect(activeInBytes(ordinary)).toEqual({ found: new Set(), unreadable: false });
  });

  it('accepts the PDFs Styrbord itself makes and ones made by other programs', async () => {
    for (const file of ['/usr/share/doc/shared-mime-info/shared-mime-info-spec.pdf', '/usr/share/doc/libtasn1-doc/libtasn1.pdf']) {
      let bytes: Uint8Array;
      try {
        bytes = readFileSync(file);
      } catch {
        continue; // not installed here
      }
      expect((await checkPdf(bytes, path.basename(file))).pageCount).toBeGreaterThan(0);
    }
  });
});

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { checkPdf } from './pdfcheck.ts';

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

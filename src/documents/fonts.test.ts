import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { readPdf } from '../../test/helpers/pdf.ts';
import { embedFonts } from './fonts.ts';

async function pdfWith(lines: string[]): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const fonts = await embedFonts(doc);
  const page = doc.addPage();
  lines.forEach((line, i) => page.drawText(line, { x: 50, y: 700 - i * 20, size: 12, font: i % 2 ? fonts.bold : fonts.regular }));
  return doc.save();
}

describe('the embedded fonts', () => {
  it('extract å, ä, ö and every letter as written, in document after document (the parsed font is shared)', async () => {
    // The first document's subset takes in Ö and Ä as composites of O and A with their marks.
    await pdfWith(['Örebro Äppelgården Åmål', 'ÖRA ÄRA ÅRA']);
    const second = await readPdf(await pdfWith(['OSL 31 kap. 16 § och Region Örebro län', 'OSL 7 AO Ö Ä Å ö ä å – ”citat” é']));
    expect(second.pages[0]).toContain('OSL 31 kap. 16 § och Region Örebro län');
    expect(second.pages[0]).toContain('OSL 7 AO Ö Ä Å ö ä å – ”citat” é');
  });
});

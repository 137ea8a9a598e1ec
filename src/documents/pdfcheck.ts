/**
 * Checks that uploaded bytes are a PDF the book can use: not empty, a PDF by
 * its header, complete (the end-of-file marker is there), not encrypted, and
 * readable to the last page. Returns the page count, which the book needs to
 * number its pages before it is written.
 */
import { EncryptedPDFError, ParseSpeeds, PDFArray, PDFDocument, PDFName, PDFRef } from 'pdf-lib';
import { DomainError } from '../kernel/errors.ts';

export const PDF_MEDIA_TYPE = 'application/pdf';

const ascii = (bytes: Uint8Array, from: number, to: number) => Buffer.from(bytes.buffer, bytes.byteOffset + from, Math.max(0, to - from)).toString('latin1');

const encrypted = (name: string) =>
  new DomainError('encrypted-pdf', `${name} är krypterad eller lösenordsskyddad och kan inte läggas in i kallelsen. Spara den utan lösenord och skydd och försök igen.`, {
    status: 422,
  });

/**
 * An encrypted PDF names its /Encrypt dictionary in the trailer (or the
 * cross-reference stream), at the end of the file or, when linearised, at the
 * start. pdf-lib cannot parse the encrypted object streams of AES-256 files at
 * all, so this is looked for before parsing.
 */
function looksEncrypted(bytes: Uint8Array): boolean {
  const re = /\/Encrypt\s*(\d+\s+\d+\s+R|<<)/;
  return re.test(ascii(bytes, 0, Math.min(bytes.length, 16384))) || re.test(ascii(bytes, Math.max(0, bytes.length - 65536), bytes.length));
}

export async function checkPdf(bytes: Uint8Array, fileName: string): Promise<{ pageCount: number; version: string }> {
  const name = `Filen ${fileName}`;
  if (bytes.length === 0) throw new DomainError('empty-file', `${name} är tom.`);
  const head = ascii(bytes, 0, Math.min(bytes.length, 1024));
  const at = head.indexOf('%PDF-');
  if (at < 0) {
    throw new DomainError('not-pdf', `${name} är inte en PDF-fil. Bara PDF-filer kan bifogas; spara dokumentet som PDF och försök igen.`, { status: 415 });
  }
  const version = /%PDF-(\d\.\d)/.exec(head)?.[1] ?? '?';
  const tail = ascii(bytes, Math.max(0, bytes.length - 2048), bytes.length);
  if (!tail.includes('%%EOF')) {
    throw new DomainError('corrupt-pdf', `${name} är skadad eller ofullständig: filens slut saknas. Ladda upp den igen eller spara om den som PDF.`, { status: 422 });
  }
  if (looksEncrypted(bytes)) throw encrypted(name);
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(bytes, { parseSpeed: ParseSpeeds.Fastest, updateMetadata: false, throwOnInvalidObject: true });
  } catch (e) {
    if (e instanceof EncryptedPDFError) throw encrypted(name);
    throw new DomainError('corrupt-pdf', `${name} är skadad och kan inte läsas som PDF. Spara om den som PDF och försök igen.`, { status: 422 });
  }
  let pageCount: number;
  try {
    const pages = doc.getPages();
    pageCount = pages.length;
    // Every page's content must be there: a reference to an object that does not exist means a damaged file.
    for (const page of pages) {
      const contents = page.node.get(PDFName.of('Contents'));
      const refs = contents instanceof PDFArray ? contents.asArray() : contents ? [contents] : [];
      for (const r of refs) if (r instanceof PDFRef && !doc.context.lookup(r)) throw new Error(`missing ${r.toString()}`);
    }
  } catch {
    throw new DomainError('corrupt-pdf', `${name} är skadad: sidorna kan inte läsas. Spara om den som PDF och försök igen.`, { status: 422 });
  }
  if (pageCount === 0) throw new DomainError('corrupt-pdf', `${name} har inga sidor.`, { status: 422 });
  return { pageCount, version };
}

/**
 * Checks that uploaded bytes are a PDF the book can use: not empty, a PDF by
 * its header, complete (the end-of-file marker is there), not encrypted,
 * without active content (JavaScript, actions that start programs or send
 * form data, embedded files), and readable to the last page. Returns the page
 * count, which the book needs to number its pages before it is written.
 */
import { inflateSync } from 'node:zlib';
import { EncryptedPDFError, ParseSpeeds, PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, PDFRef, PDFStream, type PDFObject } from 'pdf-lib';
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

// ── Active content ────────────────────────────────────────────────────────

/** What a PDF may not carry into the kallelse book: each kind, and how it is named to the user. */
export type ActiveContent = 'javascript' | 'launch' | 'embedded';

const ACTIVE_LABEL: Record<ActiveContent, string> = {
  javascript: 'JavaScript eller åtgärder som körs automatiskt (när filen öppnas, skrivs ut eller en sida visas)',
  launch: 'åtgärder som startar program eller skickar formulärdata',
  embedded: 'inbäddade filer (bilagor inuti PDF-filen)',
};

/**
 * The names that mark active content, as keys of a dictionary or as values
 * (an action's /S, an annotation's /Subtype, a stream's /Type): JavaScript
 * actions (/JS, /JavaScript in the names tree, /S /JavaScript, /AA additional
 * actions on the document, a page or a field, /OpenAction carrying either),
 * XFA forms (scripted), /Launch, /SubmitForm and /ImportData actions, embedded
 * files (/EmbeddedFiles in the names tree, /EF file specifications,
 * /EmbeddedFile streams, /FileAttachment annotations, /GoToE, /RichMedia).
 */
const ACTIVE_NAMES: ReadonlyMap<string, ActiveContent> = new Map([
  ['JS', 'javascript'],
  ['JavaScript', 'javascript'],
  ['AA', 'javascript'],
  ['XFA', 'javascript'],
  ['Launch', 'launch'],
  ['SubmitForm', 'launch'],
  ['ImportData', 'launch'],
  ['EmbeddedFiles', 'embedded'],
  ['EmbeddedFile', 'embedded'],
  ['EF', 'embedded'],
  ['FileAttachment', 'embedded'],
  ['GoToE', 'embedded'],
  ['RichMedia', 'embedded'],
]);

/** A name as PDF spells it (#xx escapes decoded, so /J#61vaScript is /JavaScript). */
const decodeName = (raw: string) => raw.replace(/#([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));

/**
 * Active content in the parsed document: every indirect object (pdf-lib reads
 * the whole file, the objects inside object streams included), and every
 * dictionary and array nested in it, so the catalog's /OpenAction and /AA, the
 * names tree, the pages' /AA and annotations, the form's fields and any object
 * nothing refers to are all looked at.
 */
function activeInStructure(doc: PDFDocument): Set<ActiveContent> {
  const found = new Set<ActiveContent>();
  const note = (name: PDFName) => {
    const kind = ACTIVE_NAMES.get(name.decodeText());
    if (kind) found.add(kind);
  };
  const stack: PDFObject[] = doc.context.enumerateIndirectObjects().map(([, o]) => o);
  while (stack.length > 0) {
    const o = stack.pop()!;
    if (o instanceof PDFName) note(o);
    else if (o instanceof PDFArray) stack.push(...o.asArray());
    else if (o instanceof PDFDict || o instanceof PDFStream) {
      const dict = o instanceof PDFStream ? o.dict : o;
      for (const [key, value] of dict.entries()) {
        note(key);
        stack.push(value);
      }
    }
  }
  return found;
}

/** Every name token of PDF syntax in `text` (latin1), with the kinds of active content they name. */
function activeNamesIn(text: string, found: Set<ActiveContent>): void {
  for (const m of text.matchAll(/\/([^\s/<>[\]()%{}]+)/g)) {
    const kind = ACTIVE_NAMES.get(decodeName(m[1]!));
    if (kind) found.add(kind);
  }
}

/**
 * The same names looked for in the file's bytes, in case its structure is
 * broken in a way pdf-lib reads past but a viewer does not (an object only the
 * cross-reference table points to, two objects with one number): all object
 * syntax outside streams, and the decompressed contents of every object
 * stream (/Type /ObjStm, where the objects of a compressed file are). Other
 * streams (page contents, images, fonts) are skipped: their bytes are not
 * objects, and compressed data would match by chance.
 */
export function activeInBytes(bytes: Uint8Array): { found: Set<ActiveContent>; unreadable: boolean } {
  const found = new Set<ActiveContent>();
  let unreadable = false;
  const text = ascii(bytes, 0, bytes.length);
  const streamAt = /\bstream(\r\n|\n|\r)/g;
  let from = 0;
  for (let m = streamAt.exec(text); m; m = streamAt.exec(text)) {
    if (text.slice(Math.max(0, m.index - 3), m.index) === 'end') continue; // "endstream"
    const objectSyntax = text.slice(from, m.index);
    activeNamesIn(objectSyntax, found);
    const dataStart = m.index + m[0].length;
    const end = text.indexOf('endstream', dataStart);
    const dataEnd = end < 0 ? text.length : end;
    // the stream's dictionary: the text since the last "obj" before it
    const dict = objectSyntax.slice(Math.max(0, objectSyntax.lastIndexOf('obj')));
    if (/\/Type\s*\/ObjStm\b/.test(dict)) {
      const filters = [...dict.matchAll(/\/(FlateDecode|Fl|ASCIIHexDecode|AHx|ASCII85Decode|A85|LZWDecode|LZW|RunLengthDecode|RL|Crypt)\b/g)].map((f) => f[1]);
      if (filters.length === 0) activeNamesIn(text.slice(dataStart, dataEnd), found);
      else if (filters.every((f) => f === 'FlateDecode' || f === 'Fl') && filters.length === 1) {
        try {
          const inflated = inflateSync(bytes.subarray(dataStart, dataEnd), { finishFlush: 2 /* Z_SYNC_FLUSH: tolerate a missing end */ });
          activeNamesIn(inflated.toString('latin1'), found);
        } catch {
          unreadable = true;
        }
      } else unreadable = true;
    }
    from = end < 0 ? text.length : end + 'endstream'.length;
    streamAt.lastIndex = from;
  }
  activeNamesIn(text.slice(from), found);
  return { found, unreadable };
}

/** Refuses a PDF with active content, naming what was found, in Swedish. */
function refuseActive(name: string, found: Set<ActiveContent>): never {
  const kinds = (['javascript', 'launch', 'embedded'] as const).filter((k) => found.has(k));
  const what = kinds.map((k) => ACTIVE_LABEL[k]);
  const list = what.length > 1 ? `${what.slice(0, -1).join(', ')} och ${what.at(-1)}` : what[0];
  throw new DomainError(
    'active-pdf',
    `${name} innehåller ${list} och kan inte läggas in i kallelsen. Skriv ut den till en ny PDF (Skriv ut → Spara som PDF) eller spara den som PDF/A utan bilagor och försök igen.`,
    { status: 422, details: { found: kinds } },
  );
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
  const raw = activeInBytes(bytes);
  if (raw.found.size > 0) refuseActive(name, raw.found);
  if (raw.unreadable) {
    throw new DomainError('corrupt-pdf', `${name} har komprimerade objekt som inte kan läsas och därför inte granskas. Spara om den som PDF och försök igen.`, { status: 422 });
  }
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(bytes, { parseSpeed: ParseSpeeds.Fastest, updateMetadata: false, throwOnInvalidObject: true });
  } catch (e) {
    if (e instanceof EncryptedPDFError) throw encrypted(name);
    throw new DomainError('corrupt-pdf', `${name} är skadad och kan inte läsas som PDF. Spara om den som PDF och försök igen.`, { status: 422 });
  }
  const structural = activeInStructure(doc);
  if (structural.size > 0) refuseActive(name, structural);
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

/**
 * What a file given to the importer is, and its text for the parser: a PDF
 * (text extracted page by page, furniture removed, page stamps checked), a
 * text file (UTF-8, or Windows-1252 when it is not valid UTF-8; pages split
 * at form feeds as pdftotext writes them), or something else, refused in
 * Swedish before anything is written: an empty file, one over the limit, a
 * binary file that is no PDF, a PDF without text (scanned: OCR first), an
 * encrypted or damaged PDF.
 */
import { DomainError } from '../kernel/errors.ts';
import { pagedText } from './furniture.ts';
import { looksLikePdf, pdfPages } from './pdfText.ts';

export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

/** A file as it came: its text (the API's `text`), or its bytes (the CLI, the API's `fileBase64`). */
export type ImportFile = { fileName: string; text: string } | { fileName: string; bytes: Uint8Array };

export interface SourceText {
  kind: 'text' | 'pdf';
  /** The text for the parser. */
  text: string;
  /** The text as it came (decoded; for a PDF the same as `text`): files recorded before texts were made canonical are known by its hash. */
  raw: string;
  byteSize: number;
  /** Reported with the import (Swedish): missing or misordered pages, a file cut short. */
  warnings: string[];
  /** When the text was put together from pages: the page (1-based) of each line. */
  pageOfLine: number[] | null;
}

const tooLarge = (name: string, bytes: number) =>
  new DomainError(
    'file-too-large',
    `Filen ${name} är för stor (${Math.ceil(bytes / 1024 / 1024)} MB); högst ${MAX_IMPORT_BYTES / 1024 / 1024} MB kan importeras.`,
    { status: 413 },
  );
const empty = (name: string) => new DomainError('empty-file', `Filen ${name} är tom.`);

/** What a binary file is, by its first bytes, for the message. */
function binaryKind(b: Uint8Array): string {
  const at = (s: number[]) => s.every((v, k) => b[k] === v);
  if (at([0x89, 0x50, 0x4e, 0x47]) || at([0xff, 0xd8, 0xff]) || at([0x49, 0x49, 0x2a, 0x00]) || at([0x4d, 0x4d, 0x00, 0x2a])) {
    return ' Den är en bild; en inskannad kallelse behöver tolkas med OCR först.';
  }
  if (at([0x50, 0x4b, 0x03, 0x04])) return ' Den är en zip-fil (till exempel ett Word-dokument); spara kallelsen som PDF.';
  if (at([0xd0, 0xcf, 0x11, 0xe0])) return ' Den är ett äldre Office-dokument; spara kallelsen som PDF.';
  return '';
}

const notText = (name: string, kind = '') =>
  new DomainError('not-text', `Filen ${name} är varken en PDF eller en textfil och kan inte läsas in.${kind || ' Importera kallelsen som PDF eller som text ur PDF:en.'}`, {
    status: 415,
  });

/** Bytes that are not text: a NUL, or more than 1 % control characters (other than tab, line breaks, form feed), in the first 64 KB. */
function isBinary(b: Uint8Array): boolean {
  const n = Math.min(b.length, 65536);
  let controls = 0;
  for (let k = 0; k < n; k++) {
    const c = b[k]!;
    if (c === 0) return true;
    if (c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12 && c !== 11 && c !== 27) controls++;
  }
  return controls * 100 > n;
}

/** A text that came as a string but is a binary file read as text: NULs, or many replacement characters. */
function isBinaryText(t: string): boolean {
  const n = Math.min(t.length, 65536);
  let odd = 0;
  for (let k = 0; k < n; k++) {
    const c = t.charCodeAt(k);
    if (c === 0) return true;
    if (c === 0xfffd || (c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12 && c !== 11 && c !== 27)) odd++;
  }
  return odd * 100 > n;
}

function decodeText(b: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(b);
  } catch {
    // not UTF-8: a Windows editor's Swedish text (å ä ö as single bytes)
    return new TextDecoder('windows-1252').decode(b);
  }
}

/** A text as pdftotext writes it (pages separated by form feeds) goes through the page furniture too. */
function fromText(text: string, byteSize: number): SourceText {
  if (!text.includes('\f')) return { kind: 'text', text, raw: text, byteSize, warnings: [], pageOfLine: null };
  const pages = text.replace(/\f+$/, '').split('\f').map((p) => p.replace(/\r\n?/g, '\n').replace(/\n$/, '').split('\n'));
  if (pages.length < 2) return { kind: 'text', text, raw: text, byteSize, warnings: [], pageOfLine: null };
  const paged = pagedText(pages);
  return { kind: 'text', text: paged.text, raw: text, byteSize, warnings: paged.warnings, pageOfLine: paged.pageOfLine };
}

export async function readSource(file: ImportFile): Promise<SourceText> {
  const name = file.fileName;
  if ('text' in file) {
    const bytes = Buffer.byteLength(file.text, 'utf8');
    if (bytes > MAX_IMPORT_BYTES) throw tooLarge(name, bytes);
    if (bytes === 0 || file.text.trim() === '') throw empty(name);
    if (isBinaryText(file.text)) throw notText(name);
    return fromText(file.text, bytes);
  }
  const b = file.bytes;
  if (b.length === 0) throw empty(name);
  if (b.length > MAX_IMPORT_BYTES) throw tooLarge(name, b.length);
  if (looksLikePdf(b)) {
    const { pages } = await pdfPages(b, name);
    const paged = pagedText(pages);
    return { kind: 'pdf', text: paged.text, raw: paged.text, byteSize: b.length, warnings: paged.warnings, pageOfLine: paged.pageOfLine };
  }
  if (isBinary(b)) throw notText(name, binaryKind(b));
  const text = decodeText(b);
  if (text.trim() === '') throw empty(name);
  if (isBinaryText(text)) throw notText(name);
  return fromText(text, b.length);
}

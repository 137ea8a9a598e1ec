/**
 * The archive form of the adjusted protokoll and its extracts (issue 15.7):
 * PDF/A-2b. The rendering (documents/flow.ts) already embeds its fonts
 * (DejaVu Sans, subset) and draws in DeviceRGB; this adds what PDF/A-2b asks
 * of the file itself, before the seal is put on (seal.ts signs the result,
 * and the signature widget it adds has the appearance stream and print flag
 * PDF/A wants):
 * - an XMP metadata stream in the catalogue (uncompressed) with
 *   pdfaid:part 2, pdfaid:conformance B, dc:title, dc:creator,
 *   dc:description, dc:date (the meeting's date: the document's date),
 *   xmp:CreateDate and xmp:ModifyDate (the adjustment date), xmp:CreatorTool
 *   and pdf:Producer – the same values as the document information
 *   dictionary, which is rewritten to match;
 * - an output intent (GTS_PDFA1) with the sRGB ICC profile shipped in
 *   assets/icc/sRGB.icc (Debian's icc-profiles-free, zlib licence; see
 *   assets/icc/README.md);
 * - a file identifier (/ID) in the trailer, derived from the content.
 * Dates are written as dates (YYYY-MM-DD, D:YYYYMMDD): the adjustment and
 * the meeting are days, and a time made up for them would be false.
 * veraPDF is not available here; the tests check the parts with qpdf,
 * pdffonts and pdfsig (docs/minutes.md).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFString } from 'pdf-lib';
import { formatLongDate } from '../kernel/dates.ts';
import type { MinutesSnapshot } from './model.ts';

const ICC_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../assets/icc/sRGB.icc');
let icc: Uint8Array | null = null;
const iccProfile = () => (icc ??= readFileSync(ICC_FILE));

export interface ArchiveMetadata {
  title: string;
  author: string;
  subject: string;
  /** The meeting's date: the document's date (dc:date). */
  documentDate: string;
  /** The adjustment date: the creation date (xmp:CreateDate, /CreationDate). */
  createdOn: string;
  language?: string;
}

const assertDay = (d: string) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) throw new Error(`inte ett datum: ${d}`);
  return d;
};

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export const PRODUCER = 'Styrbord (pdf-lib)';
export const CREATOR_TOOL = 'Styrbord';

/** The XMP packet of an archive copy (UTF-8). */
export function xmpPacket(m: ArchiveMetadata): string {
  const lang = m.language ?? 'sv-SE';
  const created = assertDay(m.createdOn);
  return `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
   <pdfaid:part>2</pdfaid:part>
   <pdfaid:conformance>B</pdfaid:conformance>
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">${xml(m.title)}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>${xml(m.author)}</rdf:li></rdf:Seq></dc:creator>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">${xml(m.subject)}</rdf:li></rdf:Alt></dc:description>
   <dc:language><rdf:Bag><rdf:li>${xml(lang)}</rdf:li></rdf:Bag></dc:language>
   <dc:date><rdf:Seq><rdf:li>${assertDay(m.documentDate)}</rdf:li></rdf:Seq></dc:date>
   <xmp:CreateDate>${created}</xmp:CreateDate>
   <xmp:ModifyDate>${created}</xmp:ModifyDate>
   <xmp:MetadataDate>${created}</xmp:MetadataDate>
   <xmp:CreatorTool>${CREATOR_TOOL}</xmp:CreatorTool>
   <pdf:Producer>${PRODUCER}</pdf:Producer>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>`;
}

/** The archive metadata of the adjusted protokoll (paragraph null) or of an extract. */
export function archiveMetadata(snap: Pick<MinutesSnapshot, 'bodyName' | 'meetingDate'>, paragraph: number | null, adjustedOn: string): ArchiveMetadata {
  const from = `${snap.bodyName}, sammanträde ${formatLongDate(snap.meetingDate)}, justerat ${formatLongDate(adjustedOn)}`;
  return {
    title: paragraph === null ? `Protokoll ${snap.bodyName} ${snap.meetingDate}` : `Protokollsutdrag § ${paragraph} ${snap.bodyName} ${snap.meetingDate}`,
    author: snap.bodyName,
    subject: paragraph === null ? `Justerat protokoll: ${from}` : `Bestyrkt protokollsutdrag § ${paragraph}: ${from}`,
    documentDate: snap.meetingDate,
    createdOn: adjustedOn,
  };
}

/** "2020-08-25" → "D:20200825" (a PDF date of a day). */
const pdfDay = (d: string) => `D:${assertDay(d).replace(/-/g, '')}`;

/**
 * The PDF as PDF/A-2b: XMP, output intent, a matching information
 * dictionary and a file identifier. Deterministic: the same input gives the
 * same bytes.
 */
export async function toPdfA(bytes: Uint8Array, m: ArchiveMetadata): Promise<Uint8Array> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const ctx = doc.context;
  // the information dictionary says what the XMP says, and nothing else
  const info = ctx.obj({
    Title: PDFHexString.fromText(m.title),
    Author: PDFHexString.fromText(m.author),
    Subject: PDFHexString.fromText(m.subject),
    Creator: PDFString.of(CREATOR_TOOL),
    Producer: PDFString.of(PRODUCER),
    CreationDate: PDFString.of(pdfDay(m.createdOn)),
    ModDate: PDFString.of(pdfDay(m.createdOn)),
  });
  ctx.trailerInfo.Info = ctx.register(info);

  const metadata = ctx.stream(new TextEncoder().encode(xmpPacket(m)), { Type: 'Metadata', Subtype: 'XML' });
  doc.catalog.set(PDFName.of('Metadata'), ctx.register(metadata));
  doc.catalog.set(PDFName.of('Lang'), PDFString.of(m.language ?? 'sv-SE'));

  const profile = ctx.flateStream(iccProfile(), { N: 3 });
  const intent = ctx.obj({
    Type: 'OutputIntent',
    S: 'GTS_PDFA1',
    OutputConditionIdentifier: PDFString.of('sRGB IEC61966-2.1'),
    RegistryName: PDFString.of('http://www.color.org'),
    Info: PDFString.of('sRGB IEC61966-2.1'),
    DestOutputProfile: ctx.register(profile),
  });
  doc.catalog.set(PDFName.of('OutputIntents'), ctx.obj([ctx.register(intent)]));
  // PDF/A-2 allows no NeedAppearances in an interactive form
  const form = doc.catalog.lookupMaybe(PDFName.of('AcroForm'), PDFDict);
  form?.delete(PDFName.of('NeedAppearances'));

  const id = PDFHexString.of(createHash('md5').update(bytes).update(JSON.stringify(m)).digest('hex'));
  ctx.trailerInfo.ID = ctx.obj([id, id]) as PDFArray;
  return doc.save({ useObjectStreams: false });
}

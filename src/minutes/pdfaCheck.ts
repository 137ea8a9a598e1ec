/**
 * A check of the PDF/A-2b parts of a file with the tools the machine has
 * (qpdf's JSON view of the objects, Poppler's pdffonts): veraPDF, the
 * reference validator, is not installed. It reports what is missing – no XMP
 * or one without pdfaid part 2 / conformance B, no GTS_PDFA1 output intent
 * with an ICC profile, a font not embedded, no file identifier, an
 * information dictionary that disagrees with the XMP – not full conformance.
 * Used by the tests and usable by the operator on a downloaded file.
 */
import { execFileSync } from 'node:child_process';

type Json = unknown;
type Obj = Record<string, Json>;

export interface PdfaReport {
  xmp: { part?: string; conformance?: string; title?: string; createDate?: string; modifyDate?: string; documentDate?: string; producer?: string } | null;
  info: Record<string, string>;
  outputIntent: { subtype?: string; profileComponents?: number; profileBytes: number } | null;
  fonts: Array<{ name: string; embedded: boolean }>;
  hasId: boolean;
  problems: string[];
}

/** A qpdf JSON v2 string ("u:text" or "b:hex") as text. */
function text(v: Json): string {
  if (typeof v !== 'string') return '';
  if (v.startsWith('u:')) return v.slice(2);
  if (v.startsWith('b:')) {
    const b = Buffer.from(v.slice(2), 'hex');
    if (b[0] === 0xfe && b[1] === 0xff) return Buffer.from(b.subarray(2)).swap16().toString('utf16le');
    return b.toString('latin1');
  }
  return v;
}

const tag = (xmp: string, name: string) => {
  const m = new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(xmp);
  if (!m) return undefined;
  const li = /<rdf:li[^>]*>([\s\S]*?)<\/rdf:li>/.exec(m[1]!);
  return (li ? li[1]! : m[1]!).trim().replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
};

/** "D:20200825" and "2020-08-25" (and longer forms) to one comparable form. */
const sameDate = (pdfDate: string, xmpDate: string) => pdfDate.replace(/^D:/, '').slice(0, 8) === xmpDate.replace(/-/g, '').slice(0, 8);

export function pdfaReport(file: string): PdfaReport {
  const json = JSON.parse(execFileSync('qpdf', ['--json=2', '--json-stream-data=inline', '--decode-level=generalized', file], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 })) as {
    qpdf: [unknown, Record<string, { value?: Json; stream?: { dict: Obj; data?: string } }>];
  };
  const objects = json.qpdf[1];
  const deref = (v: Json): { value?: Json; stream?: { dict: Obj; data?: string } } | undefined =>
    typeof v === 'string' && / 0 R$/.test(v) ? objects[`obj:${v}`] : { value: v };
  const dictOf = (v: Json): Obj | undefined => {
    const o = deref(v);
    return (o?.stream?.dict ?? o?.value) as Obj | undefined;
  };
  const problems: string[] = [];
  const trailer = objects['trailer']!.value as Obj;
  const catalog = dictOf(trailer['/Root'])!;
  const hasId = Array.isArray(trailer['/ID']) && (trailer['/ID'] as Json[]).length === 2;
  if (!hasId) problems.push('Filidentifierare (/ID) saknas i trailern.');

  let xmp: PdfaReport['xmp'] = null;
  const meta = deref(catalog['/Metadata']);
  if (!meta?.stream?.data) problems.push('XMP-metadata saknas i katalogen.');
  else {
    const s = Buffer.from(meta.stream.data, 'base64').toString('utf8');
    xmp = {
      part: tag(s, 'pdfaid:part'),
      conformance: tag(s, 'pdfaid:conformance'),
      title: tag(s, 'dc:title'),
      createDate: tag(s, 'xmp:CreateDate'),
      modifyDate: tag(s, 'xmp:ModifyDate'),
      documentDate: tag(s, 'dc:date'),
      producer: tag(s, 'pdf:Producer'),
    };
    if (xmp.part !== '2' || xmp.conformance !== 'B') problems.push(`XMP anger inte PDF/A-2b (part ${xmp.part ?? '–'}, conformance ${xmp.conformance ?? '–'}).`);
    if (meta.stream.dict['/Filter']) problems.push('XMP-strömmen är komprimerad.');
  }

  const info: Record<string, string> = {};
  const infoDict = trailer['/Info'] ? dictOf(trailer['/Info']) : undefined;
  for (const [k, v] of Object.entries(infoDict ?? {})) info[k.slice(1)] = text(v);
  if (xmp) {
    if (info.Title !== undefined && info.Title !== xmp.title) problems.push('Titeln i informationsordlistan och i XMP skiljer sig.');
    if (info.CreationDate && (!xmp.createDate || !sameDate(info.CreationDate, xmp.createDate))) problems.push('Skapandedatumet i informationsordlistan och i XMP skiljer sig.');
    if (info.ModDate && (!xmp.modifyDate || !sameDate(info.ModDate, xmp.modifyDate))) problems.push('Ändringsdatumet i informationsordlistan och i XMP skiljer sig.');
    if (info.Producer !== undefined && info.Producer !== xmp.producer) problems.push('Producer i informationsordlistan och pdf:Producer i XMP skiljer sig.');
  }

  let outputIntent: PdfaReport['outputIntent'] = null;
  const intents = deref(catalog['/OutputIntents'])?.value as Json[] | undefined;
  const intent = intents?.map(dictOf).find((d) => d?.['/S'] === '/GTS_PDFA1');
  if (!intent) problems.push('OutputIntent (GTS_PDFA1) saknas.');
  else {
    const profile = deref(intent['/DestOutputProfile']);
    const bytes = profile?.stream?.data ? Buffer.from(profile.stream.data, 'base64') : Buffer.alloc(0);
    outputIntent = { subtype: String(intent['/S']).slice(1), profileComponents: profile?.stream?.dict['/N'] as number | undefined, profileBytes: bytes.length };
    if (bytes.length < 128 || bytes.subarray(36, 40).toString('latin1') !== 'acsp') problems.push('OutputIntent saknar en ICC-profil.');
    else if (bytes.subarray(16, 20).toString('latin1') !== 'RGB ') problems.push('ICC-profilen i OutputIntent är inte en RGB-profil.');
  }

  const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' })
    .split('\n')
    .slice(2)
    .filter((l) => l.trim())
    .map((l) => {
      const cols = l.trim().split(/\s+/);
      // name, type (one or more words), encoding, emb, sub, uni, object, generation: emb is the sixth column from the end
      return { name: cols[0]!, embedded: cols[cols.length - 5] === 'yes' };
    });
  for (const f of fonts) if (!f.embedded) problems.push(`Typsnittet ${f.name} är inte inbäddat.`);
  return { xmp, info, outputIntent, fonts, hasId, problems };
}

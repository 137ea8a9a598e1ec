/**
 * Assembles a book of PDF parts and writes it as it goes, so memory holds
 * one attachment at a time, never the whole book.
 *
 * pdf-lib's own `save()` serialises a document only when it is complete, so
 * a merged book would sit in memory whole (and then once more as bytes).
 * Here the generated pages (summons, föredragningslista, dividers, memos)
 * live in one small PDFDocument; each attachment is loaded, its pages copied
 * into that document's object space, stamped, written out to the sink and
 * dropped from memory before the next one is read. The page tree, the
 * outline, the document information and the cross-reference table are
 * written last. Page numbers are known before anything is written, because
 * every attachment's page count is stored when it is uploaded.
 */
import {
  ParseSpeeds,
  PDFArray,
  PDFCrossRefSection,
  PDFDict,
  PDFDocument,
  PDFHeader,
  PDFHexString,
  PDFName,
  PDFNull,
  PDFNumber,
  PDFObjectCopier,
  PDFRawStream,
  PDFRef,
  PDFTrailer,
  PDFTrailerDict,
  type PDFFont,
  type PDFObject,
  type PDFPage,
} from 'pdf-lib';
import { pageStamp } from './model.ts';

export interface Sink {
  write(chunk: Uint8Array): Promise<void>;
}

export type BookPart =
  | { kind: 'generated'; pages: PDFPage[] }
  | { kind: 'pdf'; name: string; pageCount: number; read(): Promise<Uint8Array> };

export interface OutlineEntry {
  title: string;
  /** 1-based page number in the book. */
  page: number;
  children?: OutlineEntry[];
}

export interface AssembleOptions {
  /** The document that holds the generated pages and the embedded fonts; its metadata is the book's. */
  doc: PDFDocument;
  /** The font of the page stamps (must be embedded in `doc`). */
  stampFont: PDFFont;
  parts: BookPart[];
  outline: OutlineEntry[];
  sink: Sink;
  /** A stable identifier for the trailer's /ID (e.g. the snapshot's hash), 32 hex digits or more. */
  id: string;
  onProgress?: (pagesDone: number, total: number) => void | Promise<void>;
  /** Bytes gathered before they are handed to the sink (default 1 MiB). */
  flushBytes?: number;
}

const STAMP_SIZE = 9;
const STAMP_FONT = PDFName.of('StyrbordStamp');
const enc = new TextEncoder();

/** Writes indirect objects to a sink, remembering where each one starts. */
class ObjectWriter {
  private readonly offsets: Array<[PDFRef, number]> = [];
  private offset = 0;
  private chunks: Uint8Array[] = [];
  private pending = 0;

  constructor(
    private readonly sink: Sink,
    private readonly flushAt = 1 << 20,
  ) {}

  raw(bytes: Uint8Array): void {
    this.chunks.push(bytes);
    this.pending += bytes.length;
    this.offset += bytes.length;
  }

  object(ref: PDFRef, obj: PDFObject): void {
    const head = enc.encode(`${ref.objectNumber} ${ref.generationNumber} obj\n`);
    const size = obj.sizeInBytes();
    const buf = new Uint8Array(head.length + size + 9);
    buf.set(head, 0);
    obj.copyBytesInto(buf, head.length);
    buf.set(enc.encode('\nendobj\n\n'), head.length + size);
    this.offsets.push([ref, this.offset]);
    this.raw(buf);
  }

  async flush(force = false): Promise<void> {
    if (!force && this.pending < this.flushAt) return;
    if (this.pending === 0) return;
    const all = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.pending);
    this.chunks = [];
    this.pending = 0;
    await this.sink.write(all);
  }

  async end(trailer: PDFDict): Promise<void> {
    const xrefOffset = this.offset;
    // The table's subsections need the objects in number order; they were written in the order they were ready.
    const xref = PDFCrossRefSection.create();
    for (const [ref, at] of this.offsets.sort((a, b) => a[0].objectNumber - b[0].objectNumber)) xref.addEntry(ref, at);
    const xrefBytes = new Uint8Array(xref.sizeInBytes() + 1);
    xref.copyBytesInto(xrefBytes, 0);
    xrefBytes[xrefBytes.length - 1] = 0x0a;
    this.raw(xrefBytes);
    const dict = PDFTrailerDict.of(trailer);
    const dictBytes = new Uint8Array(dict.sizeInBytes() + 2);
    dict.copyBytesInto(dictBytes, 0);
    dictBytes.set([0x0a, 0x0a], dictBytes.length - 2);
    this.raw(dictBytes);
    const t = PDFTrailer.forLastCrossRefSectionOffset(xrefOffset);
    const tBytes = new Uint8Array(t.sizeInBytes());
    t.copyBytesInto(tBytes, 0);
    this.raw(tBytes);
    await this.flush(true);
  }
}

const num = (o: PDFObject | undefined): number | undefined => (o instanceof PDFNumber ? o.asNumber() : undefined);

/** The visible box of a page and its rotation, for placing the stamp upright in the top right corner. */
function stampMatrix(page: PDFDict, label: string, font: PDFFont): string {
  const boxObj = (page.lookup(PDFName.of('CropBox')) ?? page.lookup(PDFName.of('MediaBox'))) as PDFArray | undefined;
  const box = boxObj instanceof PDFArray ? [0, 1, 2, 3].map((i) => num(boxObj.lookup(i)) ?? 0) : [0, 0, 595.28, 841.89];
  const [x0, y0, x1, y1] = [Math.min(box[0]!, box[2]!), Math.min(box[1]!, box[3]!), Math.max(box[0]!, box[2]!), Math.max(box[1]!, box[3]!)];
  const rotate = ((((num(page.lookup(PDFName.of('Rotate'))) ?? 0) % 360) + 360) % 360) as 0 | 90 | 180 | 270;
  const w = x1 - x0;
  const h = y1 - y0;
  const [dw, dh] = rotate % 180 === 0 ? [w, h] : [h, w];
  // Display space (upright, origin bottom left) → user space.
  const m = { 0: [1, 0, 0, 1, x0, y0], 90: [0, 1, -1, 0, x1, y0], 180: [-1, 0, 0, -1, x1, y1], 270: [0, -1, 1, 0, x0, y1] }[rotate] ?? [1, 0, 0, 1, x0, y0];
  const tw = font.widthOfTextAtSize(label, STAMP_SIZE);
  const dx = dw - 50 - tw;
  const dy = dh - 40;
  const f = (n: number) => (Math.round(n * 1000) / 1000).toString();
  return `Q q ${m.map(f).join(' ')} cm BT 0 g /${STAMP_FONT.asString().slice(1)} ${STAMP_SIZE} Tf ${f(dx)} ${f(dy)} Td ${font.encodeText(label).toString()} Tj ET Q\n`;
}

/** Adds the page stamp to a copied page: its content is wrapped in q … Q and the stamp drawn after it. */
function stampCopiedPage(doc: PDFDocument, page: PDFDict, label: string, font: PDFFont, qRef: PDFRef): void {
  const ctx = doc.context;
  let resources = page.lookup(PDFName.of('Resources'));
  if (!(resources instanceof PDFDict)) {
    resources = ctx.obj({});
    page.set(PDFName.of('Resources'), resources);
  }
  const res = resources as PDFDict;
  let fontDict = res.lookup(PDFName.of('Font'));
  if (!(fontDict instanceof PDFDict)) {
    fontDict = ctx.obj({});
    res.set(PDFName.of('Font'), fontDict);
  }
  (fontDict as PDFDict).set(STAMP_FONT, font.ref);
  const stream = PDFRawStream.of(ctx.obj({}), enc.encode(stampMatrix(page, label, font)));
  stream.dict.set(PDFName.of('Length'), PDFNumber.of(stream.contents.length));
  const stampRef = ctx.register(stream);
  const existing = page.get(PDFName.of('Contents'));
  const kids: PDFObject[] = [qRef];
  const resolved = existing instanceof PDFRef ? ctx.lookup(existing) : existing;
  if (resolved instanceof PDFArray) kids.push(...resolved.asArray());
  else if (existing) kids.push(existing);
  kids.push(stampRef);
  page.set(PDFName.of('Contents'), ctx.obj(kids));
}

function buildOutline(doc: PDFDocument, entries: OutlineEntry[], pageRefs: PDFRef[], parent: PDFRef): { first?: PDFRef; last?: PDFRef; count: number; objects: Array<[PDFRef, PDFDict]> } {
  const ctx = doc.context;
  const refs = entries.map(() => ctx.nextRef());
  const objects: Array<[PDFRef, PDFDict]> = [];
  entries.forEach((e, i) => {
    const ref = refs[i]!;
    const pageRef = pageRefs[Math.min(Math.max(e.page, 1), pageRefs.length) - 1]!;
    const dict = ctx.obj({}) as PDFDict;
    dict.set(PDFName.of('Title'), PDFHexString.fromText(e.title));
    dict.set(PDFName.of('Parent'), parent);
    if (i > 0) dict.set(PDFName.of('Prev'), refs[i - 1]!);
    if (i < refs.length - 1) dict.set(PDFName.of('Next'), refs[i + 1]!);
    dict.set(PDFName.of('Dest'), ctx.obj([pageRef, PDFName.of('XYZ'), PDFNull, PDFNull, PDFNull]));
    if (e.children?.length) {
      const sub = buildOutline(doc, e.children, pageRefs, ref);
      dict.set(PDFName.of('First'), sub.first!);
      dict.set(PDFName.of('Last'), sub.last!);
      dict.set(PDFName.of('Count'), PDFNumber.of(-sub.count)); // closed until opened
      objects.push(...sub.objects);
    }
    objects.push([ref, dict]);
  });
  return { first: refs[0], last: refs.at(-1), count: entries.length, objects };
}

/** Writes the book to the sink; returns its page count. */
export async function assembleBook(o: AssembleOptions): Promise<{ pageCount: number }> {
  const { doc, stampFont: font } = o;
  const ctx = doc.context;
  const total = o.parts.reduce((n, p) => n + (p.kind === 'generated' ? p.pages.length : p.pageCount), 0);
  if (total === 0) throw new Error('Boken har inga sidor');

  // Stamps on the generated pages, and every glyph the attachments' stamps need, before the fonts are subset.
  let page = 0;
  for (const part of o.parts) {
    if (part.kind === 'generated') {
      for (const p of part.pages) {
        const label = pageStamp(++page, total);
        const { width, height } = p.getSize();
        p.drawText(label, { x: width - 50 - font.widthOfTextAtSize(label, STAMP_SIZE), y: height - 40, size: STAMP_SIZE, font });
      }
    } else page += part.pageCount;
  }
  font.encodeText('0123456789 ()');
  await doc.flush();

  const catalogRef = ctx.trailerInfo.Root as PDFRef;
  const infoRef = ctx.trailerInfo.Info as PDFRef;
  const catalog = doc.catalog;
  const rootRef = catalog.get(PDFName.of('Pages')) as PDFRef;
  const held = new Set([catalogRef, infoRef, rootRef].map((r) => r.tag));

  const w = new ObjectWriter(o.sink, o.flushBytes);
  const header = PDFHeader.forVersion(1, 7);
  const headerBytes = new Uint8Array(header.sizeInBytes() + 2);
  header.copyBytesInto(headerBytes, 0);
  headerBytes.set([0x0a, 0x0a], headerBytes.length - 2);
  w.raw(headerBytes);
  const qStream = PDFRawStream.of(ctx.obj({ Length: 2 }), enc.encode('q\n'));
  const qRef = ctx.register(qStream);
  for (const p of o.parts) if (p.kind === 'generated') for (const pg of p.pages) pg.node.set(PDFName.of('Parent'), rootRef);
  for (const [ref, obj] of ctx.enumerateIndirectObjects()) {
    if (held.has(ref.tag)) continue;
    w.object(ref, obj);
    ctx.delete(ref);
  }
  await w.flush();

  const pageRefs: PDFRef[] = [];
  page = 0;
  for (const part of o.parts) {
    if (part.kind === 'generated') {
      for (const p of part.pages) pageRefs.push(p.ref);
      page += part.pages.length;
      await o.onProgress?.(page, total);
      continue;
    }
    const src = await PDFDocument.load(await part.read(), { parseSpeed: ParseSpeeds.Fastest, updateMetadata: false });
    const srcPages = src.getPages();
    if (srcPages.length !== part.pageCount) throw new Error(`${part.name}: ${srcPages.length} sidor, väntade ${part.pageCount}`);
    const before = ctx.largestObjectNumber;
    const copier = PDFObjectCopier.for(src.context, ctx);
    for (const sp of srcPages) {
      const copied = copier.copy(sp.node);
      copied.set(PDFName.of('Parent'), rootRef);
      stampCopiedPage(doc, copied, pageStamp(++page, total), font, qRef);
      pageRefs.push(ctx.register(copied));
    }
    for (let n = before + 1; n <= ctx.largestObjectNumber; n++) {
      const ref = PDFRef.of(n);
      const obj = ctx.lookup(ref);
      if (!obj) continue;
      w.object(ref, obj);
      ctx.delete(ref);
    }
    await w.flush();
    await o.onProgress?.(page, total);
  }

  const root = ctx.lookup(rootRef, PDFDict);
  root.set(PDFName.of('Kids'), ctx.obj(pageRefs));
  root.set(PDFName.of('Count'), PDFNumber.of(pageRefs.length));
  w.object(rootRef, root);

  if (o.outline.length) {
    const outlinesRef = ctx.nextRef();
    const tree = buildOutline(doc, o.outline, pageRefs, outlinesRef);
    for (const [ref, dict] of tree.objects) w.object(ref, dict);
    const outlines = ctx.obj({ Type: 'Outlines', Count: tree.count }) as PDFDict;
    outlines.set(PDFName.of('First'), tree.first!);
    outlines.set(PDFName.of('Last'), tree.last!);
    w.object(outlinesRef, outlines);
    catalog.set(PDFName.of('Outlines'), outlinesRef);
    catalog.set(PDFName.of('PageMode'), PDFName.of('UseOutlines'));
  }
  w.object(catalogRef, catalog);
  w.object(infoRef, ctx.lookup(infoRef)!);

  const id = PDFHexString.of(o.id.replace(/[^0-9a-f]/gi, '').slice(0, 32).padEnd(32, '0'));
  const trailer = ctx.obj({ Size: ctx.largestObjectNumber + 1 }) as PDFDict;
  trailer.set(PDFName.of('Root'), catalogRef);
  trailer.set(PDFName.of('Info'), infoRef);
  trailer.set(PDFName.of('ID'), ctx.obj([id, id]));
  await w.end(trailer);
  return { pageCount: pageRefs.length };
}

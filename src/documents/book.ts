/**
 * The kallelse book of a meeting, built from a snapshot of its agenda: the
 * summons page, the föredragningslista, then for every item a divider page,
 * its briefing memo and its attachments. Every page is stamped "N (total)";
 * the outline has an entry per item (with its documents under it); the
 * document information names the body as author, in Swedish (sv-SE).
 */
import { PDFDocument } from 'pdf-lib';
import { formatLongDate } from '../kernel/dates.ts';
import { assembleBook, type BookPart, type OutlineEntry, type Sink } from './assemble.ts';
import { embedFonts, type Fonts } from './fonts.ts';
import { itemHeading, planBook, type BookSnapshot, type BriefingMemo, type ProposalText, type SnapshotItem } from './model.ts';
import { renderAgenda, renderDivider, renderMemo, renderSummons, type MemoContext } from './pages.ts';

export type BookPhase = 'rendering' | 'merging' | 'saving';

export interface RenderBookOptions {
  /** Reads an attachment's bytes by SHA-256 (one at a time, when its turn comes). */
  read(sha256: string): Promise<Uint8Array>;
  sink: Sink;
  /** For the trailer's /ID: the snapshot's hash. */
  id: string;
  createdAt?: Date;
  onProgress?: (p: { phase: BookPhase; done: number; total: number }) => void | Promise<void>;
  /** Bytes gathered before they go to the sink (default 1 MiB). */
  flushBytes?: number;
  /**
   * 'merged' (the book as sent: every attachment's pages in it) or 'listed'
   * (the archive edition: only the pages Styrbord renders, each item's
   * attachments named on its divider as files of their own).
   */
  attachments?: 'merged' | 'listed';
}

async function newDocument(meta: { title: string; author: string; subject: string; date: Date }): Promise<{ doc: PDFDocument; fonts: Fonts }> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const fonts = await embedFonts(doc);
  doc.setTitle(meta.title, { showInWindowTitleBar: true });
  doc.setAuthor(meta.author);
  doc.setSubject(meta.subject);
  doc.setLanguage('sv-SE');
  doc.setCreator('Styrbord');
  doc.setProducer('Styrbord (pdf-lib)');
  doc.setCreationDate(meta.date);
  doc.setModificationDate(meta.date);
  return { doc, fonts };
}

export const bookTitle = (s: BookSnapshot) => `Kallelse ${s.meeting.bodyName} ${s.meeting.date}`;

const memoContext = (s: BookSnapshot, item: BookSnapshot['items'][number]): MemoContext => ({
  bodyName: s.meeting.bodyName,
  organisation: s.meeting.organisation,
  meetingDate: s.meeting.date,
  caseNumber: item.caseNumber,
  itemTitle: item.title,
  proposal: item.proposal ?? { addressee: null, clauses: [], notes: [] },
});

/** Builds the book and writes it to the sink, one attachment at a time. */
export async function renderBook(s: BookSnapshot, o: RenderBookOptions): Promise<{ pageCount: number }> {
  const merged = (o.attachments ?? 'merged') === 'merged';
  const totalGuess = 2 + s.items.reduce((n, i) => n + 1 + i.attachments.reduce((m, a) => m + a.pageCount, 0), 0);
  await o.onProgress?.({ phase: 'rendering', done: 0, total: totalGuess });
  const { doc, fonts } = await newDocument({
    title: bookTitle(s),
    author: s.meeting.bodyName,
    subject: `Kallelse och föredragningslista med handlingar till sammanträdet ${formatLongDate(s.meeting.date)}`,
    date: o.createdAt ?? new Date(),
  });
  const summons = renderSummons(doc, fonts, s);
  const agenda = renderAgenda(doc, fonts, s);
  const memos = s.items.map((item) => (item.memo ? renderMemo(doc, fonts, item.memo, memoContext(s, item)) : []));
  const plan = planBook(
    summons.length,
    agenda.length,
    s.items.map((item, i) => ({ number: item.number, memoPages: memos[i]!.length, attachmentPages: merged ? item.attachments.map((a) => a.pageCount) : [] })),
  );

  const parts: BookPart[] = [{ kind: 'generated', pages: [...summons, ...agenda] }];
  const outline: OutlineEntry[] = [
    { title: 'Kallelse', page: 1 },
    { title: 'Föredragningslista', page: summons.length + 1 },
  ];
  s.items.forEach((item, i) => {
    const p = plan.items[i]!;
    const contents = [
      ...(item.memo ? [{ title: `FöredragningsPM, ${item.memo.title ?? item.title}`, page: p.dividerPage + 1 }] : []),
      ...item.attachments.map((a, k) => ({ title: a.title, page: merged ? p.attachments[k]!.firstPage : null, secrecyRef: a.secrecyRef })),
    ];
    const divider = renderDivider(doc, fonts, s, item, contents);
    if (divider.length !== 1) throw new Error('En avdelarsida ska vara en sida');
    parts.push({ kind: 'generated', pages: [...divider, ...memos[i]!] });
    for (const a of merged ? item.attachments : []) {
      parts.push({ kind: 'pdf', name: a.fileName, pageCount: a.pageCount, read: () => o.read(a.sha256) });
    }
    outline.push({ title: itemHeading(item), page: p.dividerPage, children: contents.flatMap((c) => (c.page === null ? [] : [{ title: c.title, page: c.page }])) });
  });

  await o.onProgress?.({ phase: 'merging', done: 0, total: plan.total });
  const result = await assembleBook({
    doc,
    stampFont: fonts.regular,
    parts,
    outline,
    sink: o.sink,
    id: o.id,
    ...(o.flushBytes ? { flushBytes: o.flushBytes } : {}),
    onProgress: (done, total) => o.onProgress?.({ phase: done >= total ? 'saving' : 'merging', done, total }),
  });
  if (result.pageCount !== plan.total) throw new Error(`Boken fick ${result.pageCount} sidor, planerat ${plan.total}`);
  return result;
}

/** One briefing memo as its own PDF (the preview, and what is kept with the item). */
export async function renderMemoPdf(memo: BriefingMemo, ctx: MemoContext, createdAt = new Date(0)): Promise<Uint8Array> {
  const { doc, fonts } = await newDocument({
    title: `FöredragningsPM ${memo.title ?? ctx.itemTitle}`,
    author: ctx.bodyName,
    subject: `FöredragningsPM till ${ctx.bodyName} ${formatLongDate(ctx.meetingDate)}${ctx.caseNumber ? `, dnr ${ctx.caseNumber}` : ''}`,
    date: createdAt,
  });
  renderMemo(doc, fonts, memo, ctx);
  return doc.save({ useObjectStreams: true, objectsPerTick: Number.POSITIVE_INFINITY });
}

export type { MemoContext, ProposalText };

// ── Secrecy marks as they are now, and the public edition ─────────────────

/** An item of a stored version with the marks as they are now; `basisSecrecy` runs beside `decisionBasis`. */
export interface MarkedItem extends SnapshotItem {
  basisSecrecy: Array<string | null>;
}
export interface MarkedSnapshot extends Omit<BookSnapshot, 'items'> {
  items: MarkedItem[];
}

/** The agenda as it is now, as far as marks go: items with their decision basis, and the uploaded files. */
export interface CurrentMarks {
  items: Array<{
    id: number;
    number: number;
    title: string;
    secrecyRef?: string | null;
    decisionBasis: Array<{ id: number; title: string; secrecyRef?: string | null }>;
  }>;
  attachments: Array<{ agendaItemId: number; decisionBasisId: number | null; sha256: string }>;
}

/**
 * A stored version's snapshot with the secrecy marks as they are now, not as
 * they were when it was built: an item is found by its number and title, a
 * file by its hash under the item, a decision-basis entry by its title. What
 * can no longer be found keeps the mark it had, so a mark is never lost.
 */
export function applyCurrentMarks(s: BookSnapshot, now: CurrentMarks): MarkedSnapshot {
  return {
    ...s,
    items: s.items.map((si) => {
      const cur = now.items.find((i) => i.number === si.number && i.title === si.title);
      if (!cur) {
        return { ...si, basisSecrecy: si.decisionBasis.map(() => null) };
      }
      const itemRef = cur.secrecyRef ?? null;
      const basisRef = (title: string) => cur.decisionBasis.find((b) => b.title === title)?.secrecyRef ?? null;
      return {
        ...si,
        secrecyRef: itemRef,
        attachments: si.attachments.map((a) => {
          const file = now.attachments.find((f) => f.agendaItemId === cur.id && f.sha256 === a.sha256);
          const own = file ? (cur.decisionBasis.find((b) => b.id === file.decisionBasisId)?.secrecyRef ?? null) : (basisRef(a.title) ?? a.secrecyRef);
          return { ...a, secrecyRef: own ?? itemRef };
        }),
        basisSecrecy: si.decisionBasis.map((title) => basisRef(title) ?? itemRef),
      };
    }),
  };
}

/** Whether a version holds secret material by the marks as they are now. */
export const containsSecretNow = (m: MarkedSnapshot): boolean =>
  m.items.some((i) => i.secrecyRef !== null || i.attachments.some((a) => a.secrecyRef !== null) || i.basisSecrecy.some((b) => b !== null));

/**
 * The public edition of a version: a secret item keeps its heading, case
 * number, presenters and proposal, but loses its summary, memo and papers;
 * a secret document is left out, and where the agenda (or a memo) names it,
 * it is named by its legal reference only.
 */
export function publicEdition(m: MarkedSnapshot, secretTitle: (ref: string) => string): BookSnapshot {
  return {
    layout: m.layout,
    meeting: m.meeting,
    members: m.members,
    substitutes: m.substitutes,
    items: m.items.map(({ basisSecrecy, ...item }) => {
      const hidden = new Map<string, string>();
      item.decisionBasis.forEach((t, k) => {
        const ref = basisSecrecy[k];
        if (ref) hidden.set(t, ref);
      });
      for (const a of item.attachments) if (a.secrecyRef) hidden.set(a.title, a.secrecyRef);
      const rename = (t: string) => (hidden.has(t) ? secretTitle(hidden.get(t)!) : t);
      const secret = item.secrecyRef !== null;
      return {
        ...item,
        summary: secret ? null : item.summary,
        memo: secret || !item.memo ? null : { ...item.memo, decisionBasis: item.memo.decisionBasis.map(rename) },
        decisionBasis: item.decisionBasis.map((t, k) => (secret ? secretTitle(item.secrecyRef!) : basisSecrecy[k] ? secretTitle(basisSecrecy[k]!) : rename(t))),
        attachments: secret ? [] : item.attachments.filter((a) => a.secrecyRef === null),
      };
    }),
  };
}

/** A copy of a snapshot with `mask` applied to every text in it, file hashes aside (they name the files to read). */
export function maskSnapshot(s: BookSnapshot, mask: (text: string) => string): BookSnapshot {
  const walk = (v: unknown, key?: string): unknown => {
    if (typeof v === 'string') return key === 'sha256' ? v : mask(v);
    if (Array.isArray(v)) return v.map((x) => walk(x));
    if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, k)]));
    return v;
  };
  return walk(s) as BookSnapshot;
}

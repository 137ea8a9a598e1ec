/**
 * Search: by case number, and Swedish full text over agenda items, decisions
 * (once their minutes are adjusted) and the text of attachments, ranked, with
 * highlighted snippets. The public sees only public material.
 */
import { sql } from 'kysely';
import type { Db, Executor } from '../db/index.ts';
import type { Actor } from '../access/model.ts';
import { DomainError } from '../kernel/errors.ts';
import { cleanLine } from '../kernel/text.ts';
import * as diarium from '../diarium/service.ts';
import * as meetings from '../meetings/service.ts';
import * as minutes from '../minutes/service.ts';
import type { AgendaItemView, SearchHit, SearchResult } from '../http/contract.ts';
import * as store from './store.ts';
import { maskPersonalNumbers, maskText } from './mask.ts';
import { naturalPersonNames } from '../funding/supportService.ts';
import { publicItem } from './public.ts';
import type { NewSearchDocument } from './store.ts';
import { FileStore } from '../documents/files.ts';
import { pdfPages } from '../importer/pdfText.ts';

export { MARK_START, MARK_END } from './store.ts';

/** Rebuilds the search documents of one meeting (inside the caller's transaction). */
export async function indexMeeting(ex: Executor, meetingId: number): Promise<number> {
  const m = await meetings.getMeeting(ex, meetingId);
  const hitOf = (it: AgendaItemView) => ({ item_id: it.id, item_number: it.number, meeting_date: m.date, case_number: it.caseNumber, presenters: it.presenters });
  const docs: NewSearchDocument[] = [];
  const caseIds = new Map<string, number>();
  for (const it of m.items) {
    if (it.caseNumber && !caseIds.has(it.caseNumber)) caseIds.set(it.caseNumber, (await diarium.getCase(ex, it.caseNumber)).id);
  }
  for (const full of m.items) {
    // the public document holds the public version of the item; a secret item's full text is kept non-public
    const it = publicItem(full);
    const bodyOf = (x: AgendaItemView) =>
      [
        x.presenters.join(', '),
        x.proposal?.addressee ?? '',
        ...(x.proposal?.clauses ?? []),
        x.summary ?? '',
        ...x.decisionBasis.map((d) => d.title),
        ...x.subItems.map((s) => `${s.title} ${s.presenters.join(', ')}`),
      ].join('\n');
    const body = bodyOf(it);
    docs.push({ kind: 'agenda-item', ref_id: it.id, meeting_id: meetingId, case_id: it.caseNumber ? caseIds.get(it.caseNumber)! : null, public: true, title: `${it.number}. ${it.title}`, body, ...hitOf(it) });
    // the body's members and officials find a secret item by its full text too
    if (full.secrecyRef || full.decisionBasis.some((d) => d.secrecyRef)) {
      docs.push({ kind: 'agenda-item', ref_id: it.id, meeting_id: meetingId, case_id: it.caseNumber ? caseIds.get(it.caseNumber)! : null, public: false, title: `${full.number}. ${full.title}`, body: bodyOf(full), ...hitOf(full) });
    }
  }
  // the imported text of an item's papers is one text: a secret item, or any secret document under it, keeps it all out of public search
  const secretItems = new Set(m.items.filter((i) => i.secrecyRef || i.decisionBasis.some((b) => b.secrecyRef)).map((i) => i.id));
  for (const a of await meetings.attachmentTexts(ex, meetingId)) {
    const item = m.items.find((i) => i.id === a.itemId)!;
    const isPublic = !secretItems.has(a.itemId);
    docs.push({
      kind: 'attachment', ref_id: a.itemId, meeting_id: meetingId, case_id: item.caseNumber ? caseIds.get(item.caseNumber)! : null, public: isPublic,
      title: `Bilagor till ${a.number}. ${maskPersonalNumbers(a.title)}`, body: isPublic ? maskPersonalNumbers(a.text) : a.text, ...hitOf(publicItem(item)),
    });
  }
  // the text of PDFs uploaded as beslutsunderlag (extracted by the queue, file_text): public only when the file itself is,
  // that is when neither its item nor its decision-basis entry is secret (as documents/service.ts serves it)
  for (const f of await store.meetingFiles(ex, meetingId)) {
    if (!f.text) continue;
    const item = m.items.find((i) => i.id === f.agenda_item_id)!;
    const secret = item.secrecyRef ?? item.decisionBasis.find((b) => b.id === f.decision_basis_id)?.secrecyRef ?? null;
    const text = f.text.slice(0, store.FILE_TEXT_LIMIT);
    docs.push({
      kind: 'attachment', ref_id: item.id, meeting_id: meetingId, case_id: item.caseNumber ? caseIds.get(item.caseNumber)! : null, public: !secret,
      title: secret ? `${item.number}. ${f.title}` : `${item.number}. ${maskPersonalNumbers(f.title)}`, body: secret ? text : maskPersonalNumbers(text),
      ...hitOf(secret ? item : publicItem(item)),
    });
  }
  if (await minutes.hasMinutes(ex, meetingId)) {
    const view = await minutes.getMinutes(ex, meetingId);
    if (view.locked) {
      for (const d of view.decisions) {
        const item = m.items.find((i) => i.id === d.agendaItemId)!;
        docs.push({
          kind: 'decision', ref_id: d.id, meeting_id: meetingId, case_id: item.caseNumber ? caseIds.get(item.caseNumber)! : null, public: true,
          title: `§ ${d.paragraph} ${maskPersonalNumbers(d.itemTitle)}`, body: maskPersonalNumbers([d.outcomeLabel, ...d.clauses, d.voteSummary ?? ''].join('\n')),
          ...hitOf(publicItem(item)),
        });
      }
    }
  }
  // personal data: every form of personnummer, and the names of natural persons (the register, co-financing applicants)
  // in the public document; staff keep a non-public copy with the text as written, so that they can search for it
  const names = await naturalPersonNames(ex);
  const indexed = docs.flatMap((d) => {
    if (!d.public) return [d];
    const masked = { ...d, title: maskText(d.title, names), body: maskText(d.body, names) };
    return masked.title === d.title && masked.body === d.body ? [d] : [masked, { ...d, public: false }];
  });
  await store.replaceMeetingDocuments(ex, meetingId, indexed);
  return indexed.length;
}

export { queueMeetingIndex } from './queue.ts';

/**
 * Reads the text of the meeting's uploaded PDFs that the index does not have
 * yet (pdf.js, importer/pdfText.ts), outside any transaction: the caller
 * writes it with the meeting's documents. A file without text (scanned
 * pages) or that cannot be read is recorded with the reason, so it is not
 * read again; a file missing from this process's file store is left for later.
 */
async function readPendingTexts(db: Db, files: FileStore, meetingId: number) {
  const pending = [...new Set((await store.meetingFiles(db.kysely, meetingId)).filter((f) => !f.extracted).map((f) => f.file_sha256))];
  const out: Array<{ sha256: string; text: string; pages: number | null; error: string | null }> = [];
  for (const sha256 of pending) {
    if (!(await files.has(sha256))) continue;
    try {
      const { pages } = await pdfPages(await files.read(sha256), sha256.slice(0, 12));
      out.push({ sha256, text: pages.map((p) => p.join('\n')).join('\n\n'), pages: pages.length, error: null });
    } catch (e) {
      out.push({ sha256, text: '', pages: null, error: (e instanceof Error ? e.message : String(e)).slice(0, 1000) });
    }
  }
  return out;
}

/**
 * Builds the search documents of every queued meeting, one transaction each
 * (the queue row goes with them, so a stop halfway loses nothing and repeats
 * nothing); on a server several processes can share the queue. The text of
 * the meeting's newly uploaded PDFs is read first, outside the transaction,
 * and written in it. A meeting that fails keeps its row with the error and
 * goes to the back of the queue, so it holds up no other; it is tried again
 * on the next run. Returns how many meetings were indexed.
 */
export async function indexQueued(db: Db, files: FileStore = new FileStore()): Promise<number> {
  let n = 0;
  const failed: number[] = [];
  /** taken by another process meanwhile: left to it */
  const taken: number[] = [];
  for (;;) {
    let meetingId: number | undefined;
    try {
      const next = await sql<{ meeting_id: number }>`
        select meeting_id from search_queue where meeting_id <> all(${[...failed, ...taken]}::int[])
        order by queued_at, meeting_id limit 1`.execute(db.kysely);
      meetingId = next.rows[0]?.meeting_id;
      if (meetingId === undefined) return n;
      const id = meetingId;
      const texts = await readPendingTexts(db, files, id);
      const indexed = await db.tx(async (trx) => {
        const mine = await sql`select meeting_id from search_queue where meeting_id = ${id} for update skip locked`.execute(trx);
        if (!mine.rows.length) return false;
        await store.saveFileTexts(trx, texts);
        await indexMeeting(trx, id);
        await trx.deleteFrom('search_queue').where('meeting_id', '=', id).execute();
        return true;
      });
      if (indexed) n++;
      else taken.push(id);
    } catch (e) {
      if (meetingId === undefined) throw e;
      failed.push(meetingId);
      const why = e instanceof Error ? e.message : String(e);
      console.error(`Sökindexet för sammanträde ${meetingId} kunde inte byggas (${why}); det försöks igen senare.`);
      await db.kysely
        .updateTable('search_queue')
        .set({ queued_at: sql`now()`, attempts: sql`attempts + 1`, last_error: why.slice(0, 1000) })
        .where('meeting_id', '=', meetingId)
        .execute();
    }
  }
}

/** Indexes the queue in the background, after whatever is already deferred on `db` (uploaded PDFs read from `files`). */
export function indexSoon(db: Db, files?: FileStore): void {
  db.defer(() => indexQueued(db, files));
}

export async function search(
  db: Db,
  rawQuery: string,
  opts: { publicOnly?: boolean; secretBodies?: number[] | 'all'; actor?: Actor } = {},
): Promise<SearchResult> {
  // what this process has written is searchable: wait for its queued indexing
  await db.settled();
  const query = cleanLine(rawQuery ?? '');
  if (query.length < 2) throw new DomainError('query-too-short', 'Skriv minst två tecken att söka efter.');
  if (query.length > 200) throw new DomainError('query-too-long', 'Sökfrågan får vara högst 200 tecken.');
  const compact = query.replace(/\s+/g, '');
  const looksLikeDnr = /^\d{2}RS\d*$/i.test(compact) || /^\d{3,}$/.test(compact);
  const caseIds = looksLikeDnr ? await diarium.findCaseIds(db.kysely, compact) : [];
  const [cases, byNameOrDnr, text] = await Promise.all([
    diarium.findCasesForSearch(db, looksLikeDnr ? compact : query, 50),
    // presenters and case numbers are names and codes, not words: matched as text
    meetings.searchAgenda(db, query, caseIds, 100),
    looksLikeDnr ? Promise.resolve([]) : store.fullText(db.kysely, query, { publicOnly: opts.publicOnly ?? true, secretBodies: opts.secretBodies ?? 'all', limit: 100 }),
  ]);
  // The public searches what the public may read: a case or item whose title matches only inside a
  // personnummer (masked for everyone not signed in) is no hit, or the search would tell whose number is in it.
  const publicOnly = !opts.actor || (!opts.actor.system && (opts.actor.roles ?? []).length === 0);
  const needle = query.toLocaleLowerCase('sv-SE');
  const lower = (t: string) => t.toLocaleLowerCase('sv-SE');
  /** The title matches only inside a personnummer: the raw text has the query, the masked one not. */
  const onlyInNumber = (t: string | null | undefined) => !!t && lower(t).includes(needle) && !lower(maskPersonalNumbers(t)).includes(needle);
  const hitsCase = (n: string | null | undefined) => !!n && n.toLowerCase().includes(compact.toLowerCase());
  const publicCases = publicOnly ? cases.filter((c) => hitsCase(c.caseNumber) || !onlyInNumber(c.title)) : cases;
  const publicAgenda = publicOnly
    ? byNameOrDnr.filter((h) => hitsCase(h.caseNumber) || !onlyInNumber(h.title) || h.presenters.some((p) => lower(p).includes(needle)))
    : byNameOrDnr;
  const hits: SearchHit[] = publicCases.map((c) => ({
    kind: 'case',
    caseNumber: c.caseNumber,
    title: c.title,
    meetingId: null,
    meetingDate: null,
    itemId: null,
    itemNumber: null,
    presenters: [],
    matchedOn: c.caseNumber.toLowerCase().includes(compact.toLowerCase()) ? 'dnr' : 'title',
    snippet: null,
  }));
  const seen = new Set<string>();
  const shown: typeof text = [];
  for (const h of publicAgenda) {
    seen.add(`agenda-item:${h.itemId}`);
    hits.push({ ...h, snippet: null });
  }
  for (const t of text) {
    const key = `${t.kind}:${t.ref_id}`;
    if (seen.has(key)) {
      // the best-ranked text document of an item gives its snippet
      const existing = hits.find((h) => h.kind === 'agenda-item' && h.itemId === t.ref_id);
      if (existing && existing.snippet === null) {
        existing.snippet = t.snippet;
        shown.push(t);
      }
      continue;
    }
    seen.add(key);
    shown.push(t);
    hits.push({
      kind: t.kind,
      caseNumber: t.case_number,
      title: t.title,
      meetingId: t.meeting_id,
      meetingDate: t.meeting_date,
      itemId: t.item_id,
      itemNumber: t.item_number,
      presenters: t.presenters,
      matchedOn: 'text',
      snippet: t.snippet,
    });
  }
  // a hit shown from a non-public document is a read of secret material
  const secretShown = shown.filter((t) => !t.public);
  if (secretShown.length && opts.actor) {
    for (const meetingId of new Set(secretShown.map((t) => t.meeting_id))) {
      if (meetingId === null) continue;
      const here = secretShown.filter((t) => t.meeting_id === meetingId);
      await meetings.recordSecretRead(db, opts.actor, { entity: 'meeting', entityId: meetingId, meetingId, secrecyRefs: [], detail: { read: 'search', query, items: here.map((t) => t.item_id) } });
    }
  }
  return { query, hits };
}

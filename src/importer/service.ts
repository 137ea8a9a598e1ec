/**
 * Imports a kallelse / föredragningslista into records, one file in one
 * transaction, and keeps each import as a record with its report (issue
 * 18.3, 18.8): directly (POST /api/imports, the command line, the demo data)
 * or in two steps from the import page: a preview that says what will be
 * created or changed and writes nothing of it, then a confirmation (an
 * import with flags needs it explicitly) or a cancellation. A preview whose
 * outcome would differ when it is confirmed (the data changed in between)
 * is refused as stale. The rules are in docs/importer.md ("Import page").
 */
import { createHash, randomBytes } from 'node:crypto';
import { PDFDocument } from 'pdf-lib';
import type { Db, Executor } from '../db/index.ts';
import { audit } from '../db/index.ts';
import { DomainError, notFound } from '../kernel/errors.ts';
import * as diarium from '../diarium/service.ts';
import { authorize, type Actor } from '../access/model.ts';
import * as meetings from '../meetings/service.ts';
import * as minutes from '../minutes/service.ts';
import { attachImportedPdf } from '../documents/service.ts';
import { FileStore } from '../documents/files.ts';
import { queueMeetingIndex } from '../publish/search.ts';
import { naturalPersonsChanged } from '../publish/publicEdge.ts';
import { importFromKallelse as importBusinessSupport } from '../funding/supportService.ts';
import { readTables } from './tables/index.ts';
import type { ImportResult, MeetingDetail } from '../http/contract.ts';
import { parseKallelse } from './model.ts';
import { canonicalText } from './identity.ts';
import { checkWeekdayWords } from '../kernel/weekdays.ts';
import * as store from './store.ts';
import { readSource, type ImportFile, type SourceText } from './source.ts';
import { planDocuments, type DocumentPlan } from './pages.ts';
import { saveImportedMemos, type MemoOutcome } from '../documents/memoImport.ts';
import type { ImportPlan, ImportPreview, ImportRecord, ItemChange, ParsedKallelse, TableReport } from './types.ts';

export { MAX_IMPORT_BYTES } from './source.ts';
export type { ImportFile } from './source.ts';

/** A preview not confirmed within this many hours is cancelled. */
export const PREVIEW_HOURS = 24;

/** The result of a direct import, with the record it was kept as (null: the same file again, nothing changed or recorded). */
export type ImportOutcome = ImportResult & { importId: number | null; plan: ImportPlan };

/** A file read and parsed, ready to be previewed or imported. */
interface Prepared {
  fileName: string;
  source: SourceText;
  /** The bytes as they came (a text given as a string: its UTF-8), kept as the import's source file. */
  bytes: Uint8Array;
  text: string;
  sha256: string;
  /** The meeting of the same file imported before; then nothing is parsed or changed. */
  seen: number | null;
  parsed: ParsedKallelse | null;
  docs: DocumentPlan;
  /** The people already on the body's lists (read before the import's transaction). */
  knownPeople: Set<string>;
}

async function prepare(db: Db, file: ImportFile): Promise<Prepared> {
  const source = await readSource(file);
  // the same text with other line endings, a byte-order mark or another Unicode form is the same file
  const text = canonicalText(source.text);
  const sha256 = fileHash(text);
  const bytes = 'bytes' in file ? file.bytes : Buffer.from(file.text, 'utf8');
  const seen = await findSameFile(db.kysely, sha256, source.raw);
  const none: DocumentPlan = { documents: [], flags: [] };
  if (seen !== null) return { fileName: file.fileName, source, bytes, text, sha256, seen, parsed: null, docs: none, knownPeople: new Set() };
  let parsed: ParsedKallelse;
  try {
    parsed = parseKallelse(text);
  } catch (e) {
    if (e instanceof DomainError) {
      const line = typeof e.details?.line === 'number' ? e.details.line : null;
      const page = line !== null && source.pageOfLine ? source.pageOfLine[Math.min(line, source.pageOfLine.length) - 1] : undefined;
      // a PDF's line numbers are of its extracted text: the page says where to look
      let message = page !== undefined ? e.message.replace(/^Rad (\d+):/, `Rad $1 (sidan ${page} i filen):`) : e.message;
      // pages missing from the file may be why: say so with the refusal
      if (source.warnings.length > 0) message += ` Filen är inte hel: ${source.warnings.join(' ')}`;
      throw new DomainError(e.code, `${file.fileName}: ${message}`, { status: 422, ...(e.details ? { details: { ...e.details, ...(page !== undefined ? { page } : {}) } } : {}) });
    }
    throw e;
  }
  const docs = source.kind === 'pdf' && source.pageOfLine ? planDocuments(parsed, source.pageOfLine, Math.max(...source.pageOfLine)) : none;
  const bodyId = (await meetings.listBodies(db)).find((b) => b.name === parsed.body)?.id ?? null;
  const knownPeople = new Set(bodyId === null ? [] : (await meetings.getBody(db, bodyId)).memberships.map((m) => m.name));
  return { fileName: file.fileName, source, bytes, text, sha256, seen: null, parsed, docs, knownPeople };
}

/** The tables read out of the kallelse, row by row (issue 18.3). */
function tablesOf(text: string): TableReport[] {
  // business support, the plan's follow-up, internal control and the number tables (importer/tables/)
  return readTables(text);
}

const itemContent = (i: MeetingDetail['items'][number]) =>
  JSON.stringify([i.title, i.kind, i.caseNumber, i.presenters, i.proposal, i.adjustmentDeadline, i.summary, i.decisionBasis.map((b) => b.title), i.subItems]);

/** Refused rather than silently half done: the meeting's agenda cannot change once it has minutes. */
async function assertNoMinutes(trx: Executor, parsed: ParsedKallelse, fileName: string): Promise<number | null> {
  const existing = await meetings.findMeetingId(trx, parsed.body, parsed.date);
  if (existing !== null && (await minutes.hasMinutes(trx, existing))) {
    throw new DomainError(
      'meeting-has-minutes',
      `${fileName}: sammanträdet ${parsed.date} har redan ett protokoll, så dess föredragningslista kan inte ersättas av en ny kallelse.`,
      { status: 409 },
    );
  }
  return existing;
}

/** What the same file again is: nothing changes. */
async function unchangedPlan(ex: Executor, p: Prepared): Promise<ImportPlan> {
  const m = await meetings.getMeeting(ex, p.seen!);
  return {
    outcome: 'unchanged',
    meeting: { id: m.id, body: m.bodyName, date: m.date, startTime: m.startTime, endTime: m.endTime, place: m.place },
    items: m.items.map((i) => ({ id: i.id, number: i.number, title: i.title, kind: i.kind, caseNumber: i.caseNumber, change: 'same' as const })),
    cases: [],
    people: [],
    tables: [],
    documents: [],
    flags: [...p.source.warnings],
    notes: ['Samma fil har importerats förut; ingenting ändras.'],
  };
}

interface Applied {
  plan: ImportPlan;
  result: ImportResult;
}

/**
 * Writes the import in the caller's transaction and says what it did. With
 * `files` null (a preview) the documents split from the PDF are only
 * planned, not written; the caller rolls the transaction back.
 */
async function apply(trx: Executor, actor: Actor, p: Prepared, files: FileStore | null): Promise<Applied> {
  const parsed = p.parsed!;
  const importer: Actor = { ...actor, id: `${actor.id} (import ${p.fileName})` };
  const existing = await assertNoMinutes(trx, parsed, p.fileName);
  const before = existing !== null ? await meetings.getMeeting(trx, existing) : null;
  const caseList = [
    ...parsed.items.flatMap((i) => (i.caseNumber ? [{ caseNumber: i.caseNumber, title: i.title }] : [])),
    ...parsed.items.flatMap((i) => i.subItems.flatMap((s) => (s.caseNumber ? [{ caseNumber: s.caseNumber, title: s.title }] : []))),
  ];
  const knownCases = new Set((await diarium.casesByNumbers(trx, caseList.map((c) => c.caseNumber))).map((c) => c.caseNumber));
  const knownPeople = p.knownPeople;

  // a meeting already there keeps its items (ids, secrecy marks, attachments, memos): the agenda is updated in place
  const caseIds = await diarium.ensureCases(trx, importer, caseList);
  const saved = await meetings.saveImportedMeeting(trx, importer, parsed, caseIds, { fileName: p.fileName, sha256: p.sha256 });
  await store.recordImport(trx, { sha256: p.sha256, file_name: p.fileName, byte_size: p.source.byteSize, meeting_id: saved.meetingId });
  await importBusinessSupport(trx, saved.meetingId, p.text);
  // the search documents (a Swedish tsvector of every attachment's text) are built just after the commit
  await queueMeetingIndex(trx, saved.meetingId);
  // a weekday word next to a date that falls on another day ("torsdag den 7 september 2022") is reported, not refused
  const weekdays = checkWeekdayWords(p.text).map((m) => `Rad ${m.line}: ${m.message}`);

  const after = await meetings.getMeeting(trx, saved.meetingId);
  // each item's föredragnings-PM as its memo form, editable afterwards; a memo edited in Styrbord since is kept (issue 18.5)
  const itemIdOf = new Map(after.items.map((i) => [i.number, i.id]));
  const memos = await saveImportedMemos(
    trx,
    importer,
    p.sha256,
    parsed.items.flatMap((i) => (itemIdOf.has(i.number) ? [{ itemId: itemIdOf.get(i.number)!, number: i.number, memo: i.memo, clauses: i.proposal?.clauses ?? [] }] : [])),
  );
  const old = new Map((before?.items ?? []).map((i) => [i.id, i]));
  const items: ImportPlan['items'] = after.items.map((i) => {
    const was = old.get(i.id);
    const change: ItemChange = !was ? 'new' : i.number > parsed.items.length ? 'kept' : itemContent(was) === itemContent(i) ? 'same' : 'changed';
    // the ids of new items are not known before they are written: a preview and its confirmation compare without them
    return { id: was ? i.id : null, number: i.number, title: i.title, kind: i.kind, caseNumber: i.caseNumber, change };
  });
  const kept = new Set(after.items.map((i) => i.id));
  for (const was of before?.items ?? []) {
    if (!kept.has(was.id)) items.push({ id: was.id, number: was.number, title: was.title, kind: was.kind, caseNumber: was.caseNumber, change: 'removed' });
  }
  const seenCases = new Set<string>();
  const cases = caseList.flatMap((c) => {
    if (seenCases.has(c.caseNumber)) return [];
    seenCases.add(c.caseNumber);
    return [{ caseNumber: c.caseNumber, title: c.title, isNew: !knownCases.has(c.caseNumber) }];
  });
  const people = parsed.memberships.map((m) => ({ name: m.name, party: m.party, kind: m.kind, isNew: !knownPeople.has(m.name) }));
  const tables = tablesOf(p.text);
  const tableFlags = tables.flatMap((t) => t.flagged.map((f) => `${t.label}${f.line ? `, rad ${f.line}` : ''}: ${f.reason} ("${f.row}")`));
  const plan: ImportPlan = {
    outcome: before ? 'update' : 'create',
    meeting: { id: before ? after.id : null, body: after.bodyName, date: after.date, startTime: after.startTime, endTime: after.endTime, place: after.place },
    items,
    cases,
    people,
    tables,
    documents: p.docs.documents,
    flags: [...p.source.warnings, ...tableFlags, ...(parsed.attachmentFlags ?? []), ...p.docs.flags],
    notes: [...weekdays, ...saved.report, ...memoNotes(memos)],
  };

  // the book's documents, each its pages of the imported PDF, as the items' attachments (issue 18.1)
  let attached = 0;
  let replaced = 0;
  if (files && p.docs.documents.length > 0) {
    const src = await PDFDocument.load(p.bytes, { updateMetadata: false });
    const byNumber = new Map(after.items.map((i) => [i.number, i]));
    for (const d of p.docs.documents) {
      const item = byNumber.get(d.itemNumber);
      if (!item) continue;
      const out = await PDFDocument.create({ updateMetadata: false });
      const indices = Array.from({ length: d.toPage - d.fromPage + 1 }, (_, k) => d.fromPage - 1 + k);
      for (const page of await out.copyPages(src, indices)) out.addPage(page);
      // the same pages give the same bytes, so a re-import finds the file it filed before
      const bytes = await out.save({ useObjectStreams: false });
      const basisId = d.basisIndex === null ? null : (item.decisionBasis[d.basisIndex]?.id ?? null);
      const r = await attachImportedPdf(trx, files, importer, item.id, {
        decisionBasisId: basisId,
        title: d.title,
        fileName: `${d.title.slice(0, 200)}.pdf`,
        bytes,
        pageCount: indices.length,
      });
      if (r.added) attached++;
      if (r.replaced) replaced++;
    }
    if (attached > 0) plan.notes.push(`${attached === 1 ? 'En handling' : `${attached} handlingar`} ur PDF:en lades till som bilagor.`);
    if (replaced > 0) plan.notes.push(`${replaced === 1 ? 'En bilaga' : `${replaced} bilagor`} från en tidigare import fick sidorna ur den nya PDF:en.`);
  }
  return {
    plan,
    result: {
      meetingId: saved.meetingId,
      created: true,
      replaced: saved.replaced,
      items: parsed.items.length,
      cases: caseIds.size,
      // as before the import records: the page problems, weekday words, what a re-import kept (the rest is in the plan)
      report: [...p.source.warnings, ...weekdays, ...saved.report, ...memos.report],
    },
  };
}

/** What the import did with the memos (issue 18.5), for the report. */
function memoNotes(m: MemoOutcome): string[] {
  const n = (k: number) => (k === 1 ? 'Ett föredragnings-PM' : `${k} föredragnings-PM`);
  return [
    ...(m.created > 0 ? [`${n(m.created)} ur kallelsen sparades som fält (kan redigeras i Styrbord).`] : []),
    ...(m.updated > 0 ? [`${n(m.updated)} som inte ändrats sedan förra importen uppdaterades.`] : []),
    ...m.report,
  ];
}

/** JSON with the keys of every object sorted (a plan read back from jsonb has its keys in another order). */
function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o).filter((k) => o[k] !== undefined).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(v ?? null);
}

/** What a preview and its confirmation must agree on. */
const planKey = (plan: ImportPlan) =>
  canonicalJson([plan.outcome, plan.meeting, plan.items, plan.cases, plan.people, plan.tables, plan.documents, plan.flags]);

const mediaTypeOf = (p: Prepared) => (p.source.kind === 'pdf' ? 'application/pdf' : 'text/plain; charset=utf-8');

function recordRow(p: Prepared, plan: ImportPlan, sourceSha256: string, actor: Actor) {
  return {
    kind: p.source.kind,
    file_name: p.fileName,
    byte_size: Math.max(1, p.bytes.length),
    source_sha256: sourceSha256,
    media_type: mediaTypeOf(p),
    text_sha256: p.sha256,
    body_name: plan.meeting.body,
    meeting_date: plan.meeting.date,
    outcome: plan.outcome,
    flagged: plan.flags.length,
    report: plan,
    created_by: actor.id,
  };
}

/** How a direct import treats flagged rows: the API and the CLI ask for an explicit confirmation (issue 18.3). */
export interface DirectImportOptions {
  /** Refuse an import whose tables have flagged rows unless `confirm` (POST /api/imports, npm run import). */
  requireConfirm?: boolean;
  confirm?: boolean;
}

/** Rows flagged in the import's tables. */
export const flaggedRows = (plan: ImportPlan) => plan.tables.reduce((n, t) => n + t.flagged.length, 0);

/** An import with flagged rows, not confirmed: refused (the transaction rolls back, nothing is written), with the report in the details. */
function refuseFlaggedRows(fileName: string, plan: ImportPlan): void {
  const n = flaggedRows(plan);
  if (n === 0) return;
  const per = plan.tables.filter((t) => t.flagged.length > 0).map((t) => `${t.label}: ${t.flagged.length}`).join(', ');
  throw new DomainError(
    'import-rows-unconfirmed',
    `${fileName}: importen har ${n === 1 ? 'en flaggad rad' : `${n} flaggade rader`} i tabellerna (${per}). Granska rapporten och bekräfta att importen ska göras ändå; ingenting sparades.`,
    { status: 409, details: { flaggedRows: n, tables: plan.tables } },
  );
}

/**
 * Imports one file directly: a kallelse as text, or its PDF (source.ts reads
 * it; an empty, too large, binary, encrypted or text-less file is refused
 * before anything is written). The import is kept as a record with its
 * report (the same file again changes nothing and is not recorded). Page
 * problems of a PDF (missing, misordered, cut short) come first in `report`.
 */
export async function importKallelse(db: Db, actor: Actor, file: ImportFile, files: FileStore = new FileStore(), o: DirectImportOptions = {}): Promise<ImportOutcome> {
  authorize(actor, 'import.kallelse');
  const p = await prepare(db, file);
  const unchanged = async (meetingId: number): Promise<ImportOutcome> => {
    const plan = await unchangedPlan(db.kysely, { ...p, seen: meetingId });
    return { meetingId, created: false, replaced: false, items: 0, cases: 0, report: [...p.source.warnings], importId: null, plan };
  };
  if (p.seen !== null) return unchanged(p.seen);
  const stored = await files.putBytes(p.bytes);
  const out = await db.tx(async (trx): Promise<ImportOutcome> => {
    const again = await findSameFile(trx, p.sha256, p.source.raw);
    if (again) return unchanged(again);
    const { plan, result } = await apply(trx, actor, p, files);
    if (o.requireConfirm && !o.confirm) refuseFlaggedRows(p.fileName, plan);
    const importId = await store.insertRun(trx, {
      ...recordRow(p, plan, stored.sha256, actor),
      token: randomBytes(24).toString('hex'),
      status: 'confirmed',
      meeting_id: result.meetingId,
      flags_confirmed: true,
      decided_by: actor.id,
      decided_at: new Date(),
    });
    return { ...result, importId, plan };
  });
  // the register may have new natural persons: their names are masked for the public from now on (not after the names' cache expires)
  if (out.created) naturalPersonsChanged(db);
  return out;
}

class DryRun extends Error {
  constructor(readonly applied: Applied) {
    super('dry run');
  }
}

/** Runs the import and rolls it back: what it would create or change, with nothing written. */
async function dryRun(db: Db, actor: Actor, p: Prepared): Promise<ImportPlan> {
  if (p.seen !== null) return unchangedPlan(db.kysely, p);
  try {
    await db.tx(async (trx) => {
      throw new DryRun(await apply(trx, actor, p, null));
    });
  } catch (e) {
    if (e instanceof DryRun) return e.applied.plan;
    throw e;
  }
  throw new Error('unreachable');
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

function toRecord(r: NonNullable<Awaited<ReturnType<typeof store.findRun>>>): ImportRecord {
  return {
    id: r.id,
    status: r.status,
    kind: r.kind,
    fileName: r.file_name,
    byteSize: r.byte_size,
    sourceSha256: r.source_sha256,
    meetingId: r.meeting_id,
    bodyName: r.body_name,
    meetingDate: r.meeting_date,
    outcome: r.outcome,
    flagged: r.flagged,
    flagsConfirmed: r.flags_confirmed,
    createdBy: r.created_by,
    createdAt: iso(r.created_at)!,
    decidedBy: r.decided_by,
    decidedAt: iso(r.decided_at),
    plan: (typeof r.report === 'string' ? JSON.parse(r.report) : r.report) as ImportPlan,
  };
}

/**
 * Reads and parses a file and says what importing it will create or change
 * (meeting, items, cases, people, rows per table, the documents split from a
 * PDF, flags) without writing any of it: the import runs in a transaction
 * that is rolled back. The file is kept in the file store and the preview as
 * a record, until it is confirmed or cancelled (PREVIEW_HOURS at most).
 */
export async function previewImport(db: Db, actor: Actor, file: ImportFile, files: FileStore = new FileStore()): Promise<ImportPreview> {
  authorize(actor, 'import.kallelse');
  const p = await prepare(db, file);
  const plan = await dryRun(db, actor, p);
  const stored = await files.putBytes(p.bytes);
  const token = randomBytes(24).toString('hex');
  const id = await db.tx(async (trx) => {
    await store.cancelStalePreviews(trx, new Date(Date.now() - PREVIEW_HOURS * 3600_000));
    return store.insertRun(trx, {
      ...recordRow(p, plan, stored.sha256, actor),
      token,
      status: 'preview',
      meeting_id: plan.meeting.id,
      flags_confirmed: false,
      decided_by: null,
      decided_at: null,
    });
  });
  const row = await store.findRun(db.kysely, id);
  return { ...toRecord(row!), token };
}

async function openPreview(ex: Executor, id: number, token: string, forUpdate: boolean) {
  const r = await store.findRun(ex, id, forUpdate);
  if (!r) throw notFound('Importen', id);
  if (r.token !== token) throw new DomainError('import-token', 'Förhandsgranskningen hör inte till den här importen (fel nyckel). Förhandsgranska filen igen.', { status: 409 });
  if (r.status !== 'preview') {
    throw new DomainError(
      'import-decided',
      r.status === 'confirmed' ? `Importen av ${r.file_name} är redan bekräftad.` : `Importen av ${r.file_name} är avbruten; förhandsgranska filen igen.`,
      { status: 409 },
    );
  }
  return r;
}

/**
 * Confirms a preview: the import is written in one transaction, as it was
 * previewed. An import with flags needs `confirmFlags`. If the import would
 * now do something else than the preview said (the meeting or its agenda
 * changed, the file was imported meanwhile), nothing is written and the
 * preview is refused as stale.
 */
export async function confirmImport(
  db: Db,
  actor: Actor,
  id: number,
  input: { token: string; confirmFlags?: boolean },
  files: FileStore = new FileStore(),
): Promise<ImportOutcome> {
  authorize(actor, 'import.kallelse');
  const run = await openPreview(db.kysely, id, input.token, false);
  const previewed = toRecord(run).plan;
  if (run.flagged > 0 && !input.confirmFlags) {
    throw new DomainError(
      'import-flags-unconfirmed',
      `Importen av ${run.file_name} har ${run.flagged === 1 ? 'en flaggad uppgift' : `${run.flagged} flaggade uppgifter`}; granska dem och bekräfta att importen ska göras ändå.`,
      { status: 409, details: { flagged: run.flagged } },
    );
  }
  const bytes = await files.read(run.source_sha256).catch(() => null);
  if (!bytes || createHash('sha256').update(bytes).digest('hex') !== run.source_sha256) {
    throw new DomainError('import-file-missing', `Filen ${run.file_name} finns inte längre kvar från förhandsgranskningen. Ladda upp den igen.`, { status: 409 });
  }
  const file: ImportFile = run.kind === 'pdf' ? { fileName: run.file_name, bytes } : { fileName: run.file_name, text: bytes.toString('utf8') };
  const p = await prepare(db, file);
  const stale = () =>
    new DomainError(
      'import-stale',
      `Förhandsgranskningen av ${run.file_name} gäller inte längre: uppgifterna har ändrats sedan dess (till exempel sammanträdet, dess föredragningslista eller ärendena), så importen skulle bli en annan. Ingenting sparades; förhandsgranska filen igen.`,
      { status: 409 },
    );
  const out = await db.tx(async (trx): Promise<ImportOutcome> => {
    await openPreview(trx, id, input.token, true);
    let plan: ImportPlan;
    let result: ImportResult;
    if (p.seen !== null || (await findSameFile(trx, p.sha256, p.source.raw)) !== null) {
      const seen = p.seen ?? (await findSameFile(trx, p.sha256, p.source.raw))!;
      plan = await unchangedPlan(trx, { ...p, seen });
      result = { meetingId: seen, created: false, replaced: false, items: 0, cases: 0, report: [...plan.flags, ...plan.notes] };
    } else {
      ({ plan, result } = await apply(trx, actor, p, files));
    }
    if (planKey(plan) !== planKey(previewed)) throw stale();
    await store.decideRun(trx, id, { status: 'confirmed', decided_by: actor.id, meeting_id: result.meetingId, flags_confirmed: run.flagged > 0, report: plan });
    await audit(trx, {
      actor: actor.id,
      action: 'import.confirm',
      entity: 'import_run',
      entityId: id,
      after: { file: run.file_name, sha256: run.source_sha256, meetingId: result.meetingId, outcome: plan.outcome, flagged: run.flagged },
    });
    return { ...result, importId: id, plan };
  });
  if (out.created) naturalPersonsChanged(db);
  return out;
}

/** Cancels a preview: nothing is imported. */
export async function cancelImport(db: Db, actor: Actor, id: number, input: { token: string }): Promise<ImportRecord> {
  authorize(actor, 'import.kallelse');
  await db.tx(async (trx) => {
    await openPreview(trx, id, input.token, true);
    await store.decideRun(trx, id, { status: 'cancelled', decided_by: actor.id });
  });
  return toRecord((await store.findRun(db.kysely, id))!);
}

/** The imports made (confirmed or cancelled), newest first. */
export async function listImports(db: Db, actor: Actor, limit = 200): Promise<ImportRecord[]> {
  authorize(actor, 'import.kallelse');
  return (await store.listRuns(db.kysely, Math.min(Math.max(1, limit), 500))).map(toRecord);
}

/** One import with its report. */
export async function getImport(db: Db, actor: Actor, id: number): Promise<ImportRecord> {
  authorize(actor, 'import.kallelse');
  const r = await store.findRun(db.kysely, id);
  if (!r) throw notFound('Importen', id);
  return toRecord(r);
}

/**
 * The SHA-256 a file is recognised by: of its canonical text (identity.ts)
 * without trailing white space, so text that differs only in line endings,
 * byte-order mark, Unicode form or trailing white space is the same file.
 */
export function fileHash(canonical: string): string {
  const h = createHash('sha256');
  const lines = canonical.split('\n');
  for (const [k, l] of lines.entries()) h.update(k === 0 ? l.trimEnd() : `\n${l.trimEnd()}`, 'utf8');
  return h.digest('hex');
}

/**
 * The meeting of a file imported before, if it was: by the hash of its
 * canonical text, or (files recorded before the text was made canonical) of
 * its bytes as they came.
 */
async function findSameFile(ex: Executor, sha256: string, raw: string): Promise<number | null> {
  const seen = await store.findImport(ex, sha256);
  if (seen?.meeting_id) return seen.meeting_id;
  const legacy = createHash('sha256').update(raw, 'utf8').digest('hex');
  if (legacy === sha256) return null;
  return (await store.findImport(ex, legacy))?.meeting_id ?? null;
}

/**
 * Use cases of the documents module: attachments to agenda items, briefing
 * memos, and the kallelse book with its versions. Writes are one transaction
 * each, with the policy check first and an audit entry; files are put in the
 * file store (by hash) before the transaction that refers to them, so a
 * failed upload leaves the tables as they were.
 */
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { audit, executorOf, type Db, type Executor } from '../db/index.ts';
import { authorize, can, SYSTEM, type Actor } from '../access/model.ts';
import { DomainError, notFound } from '../kernel/errors.ts';
import { cleanLine } from '../kernel/text.ts';
import { formatLongDate, todayInStockholm } from '../kernel/dates.ts';
import { toPdfA } from '../minutes/pdfa.ts';
import * as meetings from '../meetings/service.ts';
import type { AgendaItemView } from '../http/contract.ts';
import { maskDeep, maskText, SECRET_TITLE } from '../publish/mask.ts';
import { queueMeetingIndex } from '../publish/queue.ts';
import { naturalPersonNames } from '../funding/supportService.ts';
import { applyCurrentMarks, bookTitle, containsSecretNow, maskSnapshot, publicEdition, renderBook, renderMemoPdf, type CurrentMarks, type MarkedSnapshot } from './book.ts';
import { FileSink, FileStore, type Received } from './files.ts';
import { JobRegistry, type Progress } from './jobs.ts';
import { SharedBookJobs, sharedJobsOptionsFromEnv, type SharedJobsOptions } from './sharedJobs.ts';
import { buildSnapshot, containsSecret, diffSnapshots, snapshotHash, validateMemo, type BookSnapshot, type BriefingMemo } from './model.ts';
import { checkPdf, PDF_MEDIA_TYPE } from './pdfcheck.ts';
import * as store from './store.ts';
import { bookWarnings, docxToPdf } from './underlag.ts';
import type { AttachmentView, BookDiffView, BookJobView, BookStatus, BookVersionView, BuildResult, MemoView, SaveMemoRequest } from './types.ts';

export interface DocumentsConfig {
  files: FileStore;
  /** Largest attachment accepted, in bytes (FILE_LIMIT_MB, default 50). */
  fileLimitBytes: number;
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): DocumentsConfig {
  const mb = Number(env.FILE_LIMIT_MB ?? 50);
  return { files: new FileStore(), fileLimitBytes: Math.round((Number.isFinite(mb) && mb > 0 ? mb : 50) * 1024 * 1024) };
}

const iso = (d: Date | string) => new Date(d).toISOString();

/** Signed in, with some role (or the system). */
const signedIn = (actor: Actor): boolean => Boolean(actor.system) || (actor.roles?.length ?? 0) > 0;

/**
 * Secret papers (a secrecy mark on the item or on the decision-basis entry)
 * are read by the members and officials of the meeting's body and by
 * administrators (meetings.secretAccess); every such read is in the audit log.
 * The public sees that the document exists, by its legal reference, but not
 * its content, and a signed-in user of another body no more than the public.
 */
export const maySeeSecrets = (db: Db | Executor, actor: Actor, meetingId: number): Promise<boolean> => meetings.maySeeSecretsOfMeeting(db, actor, meetingId);

async function assertMayRead(db: Db | Executor, actor: Actor, meetingId: number, secrecyRef: string | null, what: string): Promise<void> {
  if (!secrecyRef || (await maySeeSecrets(db, actor, meetingId))) return;
  if (!signedIn(actor)) throw new DomainError('secret', `${what} omfattas av sekretess (${secrecyRef}). Logga in för att läsa den.`, { status: 401 });
  throw new DomainError('secret-other-body', `${what} omfattas av sekretess (${secrecyRef}) och läses bara av ledamöter och tjänstepersoner i nämnden.`, { status: 403 });
}

function assertSignedIn(actor: Actor, what: string): void {
  if (!signedIn(actor)) throw new DomainError('login-required', `Logga in för att ${what}.`, { status: 401 });
}
const limitText = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`.replace('.', ',');

// ── Attachments ───────────────────────────────────────────────────────────

type AttachmentRow = store.AttachmentRow;

const secrecyOf = (a: AttachmentRow, item: AgendaItemView): string | null =>
  item.decisionBasis.find((b) => b.id === a.decision_basis_id)?.secrecyRef ?? item.secrecyRef ?? null;

const toAttachmentView = (a: AttachmentRow, item: AgendaItemView): AttachmentView => ({
  id: a.id,
  agendaItemId: a.agenda_item_id,
  decisionBasisId: a.decision_basis_id,
  position: a.position,
  title: a.title,
  fileName: a.file_name,
  mediaType: a.media_type,
  byteSize: a.byte_size,
  pageCount: a.page_count,
  sha256: a.file_sha256,
  uploadedBy: a.uploaded_by,
  uploadedAt: iso(a.uploaded_at),
  version: a.version,
  secrecyRef: secrecyOf(a, item),
  url: `/api/attachments/${a.id}/file`,
});

/** What the public sees of a secret attachment: that it exists, and why it is withheld — not its hash, size, pages or who uploaded it. */
const masked = (v: AttachmentView): AttachmentView =>
  v.secrecyRef ? { ...v, title: SECRET_TITLE(v.secrecyRef), fileName: '', byteSize: null, pageCount: null, sha256: null, uploadedBy: null } : v;

/** An agenda item and its meeting, or a Swedish 404. */
export async function itemOf(ex: Executor, itemId: number): Promise<{ meetingId: number; item: AgendaItemView }> {
  const meetingId = await store.meetingOfItem(ex, itemId);
  if (meetingId === null) throw notFound('Punkten', itemId);
  const meeting = await meetings.getMeeting(ex, meetingId);
  const item = meeting.items.find((i) => i.id === itemId);
  if (!item) throw notFound('Punkten', itemId);
  return { meetingId, item };
}

/** Checks, before any bytes are received, that the actor may upload to the item and that it exists. */
export async function prepareUpload(db: Db, actor: Actor, itemId: number): Promise<void> {
  authorize(actor, 'case.register');
  await itemOf(db.kysely, itemId);
}

export function safeFileName(name: string | undefined | null): string {
  const base = cleanLine(path.posix.basename(String(name ?? '').replace(/\\/g, '/'))).slice(0, 255);
  return base || 'bilaga.pdf';
}

/**
 * Adds an uploaded PDF (already streamed to a temporary file) to an agenda
 * item's decision basis. Refused, with nothing saved, when the file is
 * empty, too large, not a PDF, encrypted or damaged.
 */
export async function uploadAttachment(
  db: Db,
  actor: Actor,
  cfg: DocumentsConfig,
  itemId: number,
  upload: { fileName: string; received: Received; title?: string | null; decisionBasisId?: number | null },
): Promise<AttachmentView> {
  let fileName = safeFileName(upload.fileName);
  let received = upload.received;
  let pageCount: number;
  try {
    authorize(actor, 'case.register');
    if (/\.docx$/i.test(fileName) && !received.truncated && received.size > 0 && received.size <= cfg.fileLimitBytes) {
      // a Word file: converted to PDF by LibreOffice when installed, refused in Swedish when not (underlag.ts)
      const pdf = await docxToPdf(await readFile(received.tmpPath), fileName);
      await writeFile(received.tmpPath, pdf);
      received = { ...received, size: pdf.length, sha256: createHash('sha256').update(pdf).digest('hex') };
      fileName = fileName.replace(/\.docx$/i, '.pdf');
    }
    if (received.truncated || received.size > cfg.fileLimitBytes) {
      throw new DomainError('file-too-large', `Filen ${fileName} är för stor: högst ${limitText(cfg.fileLimitBytes)} kan bifogas.`, {
        status: 413,
        details: { limitBytes: cfg.fileLimitBytes },
      });
    }
    if (received.size === 0) throw new DomainError('empty-file', `Filen ${fileName} är tom.`);
    ({ pageCount } = await checkPdf(await readFile(received.tmpPath), fileName));
  } catch (e) {
    await cfg.files.discard(received.tmpPath);
    throw e;
  }
  await cfg.files.adopt(received.tmpPath, received.sha256);

  const row = await db.tx(async (trx) => {
    await store.lock(trx, 'item', itemId);
    const { meetingId, item } = await itemOf(trx, itemId);
    let basisTitle: string | null = null;
    if (upload.decisionBasisId != null) {
      const basis = item.decisionBasis.find((b) => b.id === upload.decisionBasisId);
      if (!basis) {
        throw new DomainError('basis-not-found', `Beslutsunderlaget ${upload.decisionBasisId} hör inte till punkt ${item.number} (${item.title}).`, { status: 404 });
      }
      basisTitle = basis.title;
    }
    const title = (cleanLine(upload.title ?? '') || basisTitle || cleanLine(fileName.replace(/\.pdf$/i, '')) || 'Bilaga').slice(0, 300);
    await store.saveStoredFile(trx, { sha256: received.sha256, byte_size: received.size, media_type: PDF_MEDIA_TYPE, page_count: pageCount });
    const a = await store.insertAttachment(trx, {
      agenda_item_id: itemId,
      decision_basis_id: upload.decisionBasisId ?? null,
      position: await store.nextAttachmentPosition(trx, itemId),
      title,
      file_sha256: received.sha256,
      file_name: fileName,
      media_type: PDF_MEDIA_TYPE,
      byte_size: received.size,
      page_count: pageCount,
      uploaded_by: actor.id,
    });
    await audit(trx, {
      actor: actor.id,
      action: 'attachment.upload',
      entity: 'agenda_item',
      entityId: itemId,
      after: { meetingId, attachmentId: a.id, title, fileName, sha256: received.sha256, bytes: received.size, pages: pageCount },
    });
    // its text is read and indexed by the search queue after the commit (publish/search.ts indexQueued)
    await queueMeetingIndex(trx, meetingId);
    return { a, item };
  });
  return toAttachmentView(row.a, row.item);
}

/** Uploads bytes already in memory (the CLI, tests, the demo data). */
export async function uploadAttachmentBytes(
  db: Db,
  actor: Actor,
  cfg: DocumentsConfig,
  itemId: number,
  file: { fileName: string; bytes: Uint8Array; title?: string | null; decisionBasisId?: number | null },
): Promise<AttachmentView> {
  authorize(actor, 'case.register');
  const sink = await FileSink.open(cfg.files);
  let received: Received;
  try {
    if (file.bytes.length > cfg.fileLimitBytes) {
      received = { ...(await sink.finish()), size: file.bytes.length, truncated: true };
    } else {
      await sink.write(file.bytes);
      received = { ...(await sink.finish()), truncated: false };
    }
  } catch (e) {
    await sink.abort();
    throw e;
  }
  return uploadAttachment(db, actor, cfg, itemId, { ...file, received });
}

/** An item's attachments in order; for the public (and other bodies' users), secret ones show only their legal reference. */
export async function listAttachments(db: Db | Executor, itemId: number, actor: Actor = { id: 'system', system: true }): Promise<AttachmentView[]> {
  const ex = executorOf(db);
  const { meetingId, item } = await itemOf(ex, itemId);
  const views = (await store.listAttachments(ex, [itemId])).map((a) => toAttachmentView(a, item));
  const secret = views.filter((v) => v.secrecyRef);
  if (secret.length === 0) return views;
  if (!(await maySeeSecrets(ex, actor, meetingId))) return views.map(masked);
  await meetings.recordSecretRead(ex, actor, { entity: 'agenda_item', entityId: itemId, meetingId, secrecyRefs: secret.map((v) => v.secrecyRef), detail: { read: 'attachment-list', attachmentIds: secret.map((v) => v.id) } });
  return views;
}

export async function attachmentFile(db: Db, actor: Actor, cfg: DocumentsConfig, id: number): Promise<{ attachment: AttachmentView; path: string }> {
  const row = await store.findAttachment(db.kysely, id);
  if (!row) throw notFound('Bilagan', id);
  const { meetingId, item } = await itemOf(db.kysely, row.agenda_item_id);
  const view = toAttachmentView(row, item);
  await assertMayRead(db, actor, meetingId, view.secrecyRef, 'Handlingen');
  if (view.secrecyRef) await meetings.recordSecretRead(db, actor, { entity: 'attachment', entityId: id, meetingId, secrecyRefs: [view.secrecyRef], detail: { read: 'attachment-file', sha256: row.file_sha256 } });
  if (!(await cfg.files.has(row.file_sha256))) {
    throw new DomainError('file-missing', `Filen till bilagan "${row.title}" saknas i fillagret. Kontakta förvaltningen.`, { status: 500 });
  }
  return { attachment: view, path: await cfg.files.localPath(row.file_sha256) };
}

export async function deleteAttachment(db: Db, actor: Actor, id: number, version?: number): Promise<void> {
  authorize(actor, 'case.register');
  await db.tx(async (trx) => {
    const row = await store.findAttachment(trx, id);
    if (!row) throw notFound('Bilagan', id);
    await store.lock(trx, 'item', row.agenda_item_id);
    if (version !== undefined && version !== row.version) {
      throw new DomainError('stale', `Bilagan "${row.title}" har ändrats av någon annan. Ladda om och försök igen.`, { status: 409 });
    }
    await store.deleteAttachment(trx, id);
    await audit(trx, {
      actor: actor.id,
      action: 'attachment.delete',
      entity: 'agenda_item',
      entityId: row.agenda_item_id,
      before: { attachmentId: id, title: row.title, fileName: row.file_name, sha256: row.file_sha256, version: row.version },
    });
    // its text leaves the search index with the meeting's next rebuild
    const meetingId = await store.meetingOfItem(trx, row.agenda_item_id);
    if (meetingId !== null) await queueMeetingIndex(trx, meetingId);
  });
}

// ── Briefing memos ────────────────────────────────────────────────────────

type MemoRow = NonNullable<Awaited<ReturnType<typeof store.findMemo>>>;

const toMemoView = (row: MemoRow, meetingId: number, item: AgendaItemView): MemoView => ({
  agendaItemId: row.agenda_item_id,
  meetingId,
  memo: row.content as BriefingMemo,
  proposal: item.proposal,
  version: row.version,
  updatedBy: row.updated_by,
  updatedAt: iso(row.updated_at),
  pdfUrl: `/api/agenda-items/${row.agenda_item_id}/memo.pdf`,
});

/** Saves the FöredragningsPM of an item; a memo missing a mandatory section is refused with the section's name. */
export async function saveMemo(db: Db, actor: Actor, itemId: number, input: SaveMemoRequest): Promise<MemoView> {
  authorize(actor, 'case.register');
  return db.tx(async (trx) => {
    await store.lock(trx, 'item', itemId);
    const { meetingId, item } = await itemOf(trx, itemId);
    const memo = validateMemo(input, item.proposal);
    const existing = await store.findMemo(trx, itemId);
    if (existing && input.version !== undefined && input.version !== existing.version) {
      throw new DomainError('stale', `Föredragnings-PM:et för punkt ${item.number} har ändrats av någon annan (version ${existing.version}). Ladda om och försök igen.`, {
        status: 409,
      });
    }
    const row = existing ? await store.updateMemo(trx, itemId, memo, actor.id) : await store.insertMemo(trx, itemId, memo, actor.id);
    await audit(trx, {
      actor: actor.id,
      action: existing ? 'memo.update' : 'memo.create',
      entity: 'agenda_item',
      entityId: itemId,
      before: existing ? { version: existing.version, memo: existing.content } : undefined,
      after: { version: row.version, memo },
    });
    return toMemoView(row, meetingId, item);
  });
}

/** The memo of an item; for the public, not when the item's papers are secret. */
export async function getMemo(db: Db | Executor, itemId: number, actor: Actor = { id: 'system', system: true }): Promise<MemoView> {
  const ex = executorOf(db);
  const { meetingId, item } = await itemOf(ex, itemId);
  await assertMayRead(ex, actor, meetingId, item.secrecyRef ?? null, 'Föredragnings-PM:et');
  const row = await store.findMemo(ex, itemId);
  if (!row) throw new DomainError('not-found', `Punkt ${item.number} (${item.title}) har inget föredragnings-PM.`, { status: 404 });
  if (item.secrecyRef) await meetings.recordSecretRead(ex, actor, { entity: 'agenda_item', entityId: itemId, meetingId, secrecyRefs: [item.secrecyRef], detail: { read: 'memo' } });
  return toMemoView(row, meetingId, item);
}

export async function deleteMemo(db: Db, actor: Actor, itemId: number): Promise<void> {
  authorize(actor, 'case.register');
  await db.tx(async (trx) => {
    await store.lock(trx, 'item', itemId);
    const existing = await store.findMemo(trx, itemId);
    if (!existing) throw notFound('Föredragnings-PM:et för punkten', itemId);
    await store.deleteMemo(trx, itemId);
    await audit(trx, { actor: actor.id, action: 'memo.delete', entity: 'agenda_item', entityId: itemId, before: { version: existing.version, memo: existing.content } });
  });
}

/** The memo as PDF (the preview; in the book it is the item's first attachment). */
export async function memoPdf(db: Db, itemId: number, actor: Actor = { id: 'system', system: true }): Promise<{ pdf: Uint8Array; fileName: string }> {
  const view = await getMemo(db, itemId, actor);
  const meeting = await meetings.getMeeting(db, view.meetingId);
  const body = await meetings.getBody(db, meeting.bodyId);
  const item = meeting.items.find((i) => i.id === itemId)!;
  // the public's copy: personnummer and natural persons' names masked (publish/mask.ts)
  const names = can(actor, 'minutes.read-draft') ? null : await naturalPersonNames(db.kysely);
  const pub = <T,>(v: T): T => (names ? maskDeep(v, names) : v);
  const pdf = await renderMemoPdf(
    pub(view.memo),
    pub({
      bodyName: meeting.bodyName,
      organisation: body.organisation,
      meetingDate: meeting.date,
      caseNumber: item.caseNumber,
      itemTitle: item.title,
      proposal: item.proposal ?? { addressee: null, clauses: [], notes: [] },
    }),
    new Date(view.updatedAt),
  );
  return { pdf, fileName: `foredragningspm-${meeting.date}-punkt-${item.number}.pdf` };
}

// ── The kallelse book ─────────────────────────────────────────────────────

type BookRow = NonNullable<Awaited<ReturnType<typeof store.latestBook>>>;

const toVersionView = (b: BookRow, containsSecretNow: boolean = b.contains_secret): BookVersionView => ({
  version: b.version,
  pageCount: b.page_count,
  byteSize: b.byte_size,
  sha256: b.file_sha256,
  builtBy: b.built_by,
  builtAt: iso(b.built_at),
  sentAt: b.sent_at ? iso(b.sent_at) : null,
  sentBy: b.sent_by,
  containsSecret: containsSecretNow,
  url: `/api/meetings/${b.meeting_id}/kallelse/versions/${b.version}/file`,
});

const registries = new WeakMap<Db, JobRegistry<BuildResult>>();
function jobs(db: Db): JobRegistry<BuildResult> {
  let r = registries.get(db);
  if (!r) registries.set(db, (r = new JobRegistry<BuildResult>()));
  return r;
}

const publicRegistries = new WeakMap<Db, JobRegistry<number>>();
function publicJobs(db: Db): JobRegistry<number> {
  let r = publicRegistries.get(db);
  if (!r) publicRegistries.set(db, (r = new JobRegistry<number>()));
  return r;
}
const configs = new WeakMap<Db, DocumentsConfig>();
/** The file store the routes use for this database (the public editions are built into it). */
export function useConfig(db: Db, cfg: DocumentsConfig): void {
  configs.set(db, cfg);
}

const sharedJobs = new WeakMap<Db, SharedBookJobs<BuildResult>>();

/**
 * Several app processes on one PostgreSQL (issue 20.6): the book builds of
 * this database become pg-boss jobs with their view in `book_job`
 * (sharedJobs.ts), readable and resumable by every process. `start` calls it
 * when DATABASE_URL is set; PGlite and the tests keep the in-memory registry.
 */
export async function shareBookJobs(db: Db, cfg: DocumentsConfig, options: SharedJobsOptions = sharedJobsOptionsFromEnv(db)): Promise<SharedBookJobs<BuildResult>> {
  const shared = new SharedBookJobs<BuildResult>(db, (actor, meetingId, report) => buildBook(db, actor, cfg, meetingId, report), options);
  await shared.open();
  sharedJobs.set(db, shared);
  return shared;
}

/** Stops this database's shared build jobs (shutdown): no new ones are taken, the running ones finish. */
export async function stopSharedBookJobs(db: Db): Promise<void> {
  await sharedJobs.get(db)?.stop();
  sharedJobs.delete(db);
}

/** Waits for the builds running on this database, the public editions they call for included (shutdown, tests). */
export async function whenIdle(db: Db): Promise<void> {
  const shared = sharedJobs.get(db);
  for (let i = 0; i < 20 && (jobs(db).busy() || publicJobs(db).busy() || shared?.busy()); i++) {
    await shared?.idle();
    await jobs(db).idle();
    await publicJobs(db).idle();
    await new Promise((r) => setImmediate(r));
  }
}

/** The current marks of a meeting's agenda, to lay over a stored version's snapshot. */
async function currentMarks(ex: Executor, meetingId: number): Promise<CurrentMarks> {
  const meeting = await meetings.getMeeting(ex, meetingId);
  const files = await store.listAttachments(ex, meeting.items.map((i) => i.id));
  return {
    items: meeting.items,
    attachments: files.map((f) => ({ agendaItemId: f.agenda_item_id, decisionBasisId: f.decision_basis_id, sha256: f.file_sha256 })),
  };
}

async function markedVersion(ex: Executor, meetingId: number, version: number, marks: CurrentMarks): Promise<MarkedSnapshot> {
  return applyCurrentMarks((await store.bookSnapshot(ex, meetingId, version)) as BookSnapshot, marks);
}

/**
 * What the public may read of a version: without the papers that are secret
 * now, and with personal identity numbers and natural persons' names masked in
 * the generated pages (the uploaded files are the public's only when not
 * secret, as they are).
 */
function publicBook(marked: MarkedSnapshot, naturalPersons: readonly string[]): { edition: BookSnapshot; hash: string; secret: boolean; needed: boolean } {
  const secret = containsSecretNow(marked);
  const plain = publicEdition(marked, SECRET_TITLE);
  const edition = maskSnapshot(plain, (t) => maskText(t, naturalPersons));
  const hash = snapshotHash(edition);
  return { edition, hash, secret, needed: secret || hash !== snapshotHash(plain) };
}

const WITHDRAWN = (v: number, secret: boolean) =>
  secret
    ? `Version ${v} av kallelsen innehåller handlingar som omfattas av sekretess och är därför tillbakadragen för allmänheten. En version utan dem håller på att tas fram; försök igen om en stund.`
    : `Version ${v} av kallelsen innehåller personnummer. En version där de är maskerade håller på att tas fram; försök igen om en stund.`;

/**
 * Builds, for every version the public may ask for (sent versions and the
 * latest), the public edition its papers call for by the marks as they are
 * now, unless it is already stored. Run as a book job after a secrecy mark
 * changes, a version is built or a version is sent — never in a read.
 */
async function buildPublicEditions(db: Db, cfg: DocumentsConfig, meetingId: number, report: (p: Progress) => void): Promise<number> {
  report({ phase: 'collecting' });
  const marks = await currentMarks(db.kysely, meetingId);
  const names = await naturalPersonNames(db.kysely);
  const rows = await store.listBooks(db.kysely, meetingId);
  let built = 0;
  for (const row of rows) {
    if (!row.sent_at && row !== rows[0]) continue;
    const { edition, hash, needed } = publicBook(await markedVersion(db.kysely, meetingId, row.version, marks), names);
    if (!needed) continue;
    if (await store.findPublicEdition(db.kysely, row.id, hash)) continue;
    const sink = await FileSink.open(cfg.files);
    let file: { tmpPath: string; sha256: string; size: number; pageCount: number };
    try {
      const { pageCount } = await renderBook(edition, { read: (sha) => cfg.files.read(sha), sink, id: hash, createdAt: new Date(), onProgress: (p) => report(p) });
      file = { ...(await sink.finish()), pageCount };
    } catch (e) {
      await sink.abort();
      throw e;
    }
    await cfg.files.adopt(file.tmpPath, file.sha256);
    await db.tx(async (trx) => {
      await store.saveStoredFile(trx, { sha256: file.sha256, byte_size: file.size, media_type: PDF_MEDIA_TYPE, page_count: file.pageCount });
      if (await store.insertPublicEdition(trx, { book_id: row.id, redaction_sha256: hash, file_sha256: file.sha256, byte_size: file.size, page_count: file.pageCount, built_by: SYSTEM.id })) {
        await audit(trx, { actor: SYSTEM.id, action: 'kallelse.public-edition', entity: 'meeting', entityId: meetingId, after: { version: row.version, sha256: file.sha256, pages: file.pageCount, redactionSha256: hash } });
      }
    });
    built++;
  }
  return built;
}

const rerun = new WeakMap<Db, Set<number>>();

/**
 * Starts building the public editions a meeting's versions need (the secrecy
 * use case calls this after its commit). A build already running read the
 * marks before this change, so another one follows it.
 */
export function refreshPublicEditions(db: Db, meetingId: number, log?: ErrorLog): void {
  const cfg = configs.get(db) ?? configFromEnv();
  const started = publicJobs(db).start(meetingId, (report) => buildPublicEditions(db, cfg, meetingId, report), (e) => log?.(e, meetingId));
  if (!started.joined) return;
  let again = rerun.get(db);
  if (!again) rerun.set(db, (again = new Set()));
  if (again.has(meetingId)) return;
  again.add(meetingId);
  void started.promise
    .catch(() => {})
    .finally(() => {
      again.delete(meetingId);
      refreshPublicEditions(db, meetingId, log);
    });
}

/** The agenda as the book would show it now, read in one consistent snapshot of the database. */
export async function currentSnapshot(db: Db, meetingId: number): Promise<BookSnapshot> {
  return db.kysely
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      const meeting = await meetings.getMeeting(trx, meetingId);
      const body = await meetings.getBody(trx, meeting.bodyId);
      const itemIds = meeting.items.map((i) => i.id);
      const attachments = await store.listAttachments(trx, itemIds);
      const memos = await store.listMemos(trx, itemIds);
      return buildSnapshot(
        meeting,
        body,
        attachments.map((a) => ({
          agendaItemId: a.agenda_item_id,
          decisionBasisId: a.decision_basis_id,
          position: a.position,
          title: a.title,
          fileName: a.file_name,
          sha256: a.file_sha256,
          pageCount: a.page_count,
          byteSize: a.byte_size,
        })),
        new Map(memos.map((m) => [m.agenda_item_id, m.content as BriefingMemo])),
      );
    });
}

/**
 * Builds the book for a meeting as its agenda is now, and stores it as a new
 * version — unless the latest version already shows exactly this agenda, in
 * which case that version is the answer. Earlier versions are kept.
 */
export async function buildBook(db: Db, actor: Actor, cfg: DocumentsConfig, meetingId: number, report?: (p: Progress) => void): Promise<BuildResult> {
  authorize(actor, 'agenda.edit');
  report?.({ phase: 'collecting' });
  const snapshot = await currentSnapshot(db, meetingId);
  const hash = snapshotHash(snapshot);
  const latest = await store.latestBook(db.kysely, meetingId);
  if (latest?.snapshot_sha256 === hash) return { version: toVersionView(latest), created: false, warnings: bookWarnings(snapshot) };

  const names = new Map(snapshot.items.flatMap((i) => i.attachments.map((a) => [a.sha256, a.title] as const)));
  const sink = await FileSink.open(cfg.files);
  let file: { tmpPath: string; sha256: string; size: number; pageCount: number };
  try {
    const { pageCount } = await renderBook(snapshot, {
      read: async (sha) => {
        try {
          return await cfg.files.read(sha);
        } catch {
          throw new DomainError('file-missing', `Filen till bilagan "${names.get(sha) ?? sha}" saknas i fillagret; kallelsen kan inte byggas. Ladda upp bilagan igen.`, { status: 500 });
        }
      },
      sink,
      id: hash,
      createdAt: new Date(),
      onProgress: (p) => report?.(p),
    });
    file = { ...(await sink.finish()), pageCount };
  } catch (e) {
    await sink.abort();
    throw e;
  }
  await cfg.files.adopt(file.tmpPath, file.sha256);
  report?.({ phase: 'saving' });

  return db.tx(async (trx) => {
    await store.lock(trx, 'meeting', meetingId);
    const again = await store.latestBook(trx, meetingId);
    if (again?.snapshot_sha256 === hash) return { version: toVersionView(again), created: false, warnings: bookWarnings(snapshot) };
    await store.saveStoredFile(trx, { sha256: file.sha256, byte_size: file.size, media_type: PDF_MEDIA_TYPE, page_count: file.pageCount });
    const row = await store.insertBook(trx, {
      meeting_id: meetingId,
      version: (again?.version ?? 0) + 1,
      file_sha256: file.sha256,
      byte_size: file.size,
      page_count: file.pageCount,
      snapshot,
      snapshot_sha256: hash,
      contains_secret: containsSecret(snapshot),
      built_by: actor.id,
    });
    await audit(trx, {
      actor: actor.id,
      action: 'kallelse.build',
      entity: 'meeting',
      entityId: meetingId,
      before: again ? { version: again.version, sha256: again.file_sha256 } : undefined,
      after: { version: row.version, sha256: file.sha256, pages: file.pageCount, snapshotSha256: hash },
    });
    return { version: toVersionView(row), created: true, warnings: bookWarnings(snapshot) };
  }).then((r) => {
    if (r.created) refreshPublicEditions(db, meetingId);
    return r;
  });
}

/** Where a build that fails for an unexpected reason is reported (the job itself shows a plain Swedish message). */
export type ErrorLog = (error: unknown, meetingId: number) => void;

/** Starts building the book in the background (or joins the build already running); poll the job for progress. */
export async function startBookBuild(db: Db, actor: Actor, cfg: DocumentsConfig, meetingId: number, log?: ErrorLog): Promise<BookJobView> {
  authorize(actor, 'agenda.edit');
  await meetings.getMeeting(db, meetingId);
  const shared = sharedJobs.get(db);
  if (shared) return shared.startJob(actor, meetingId);
  return jobs(db).start(meetingId, (report) => buildBook(db, actor, cfg, meetingId, report), (e) => log?.(e, meetingId)).view;
}

/** Builds the book if the agenda changed since the latest version, waiting for it; returns the version to serve. */
export async function ensureBook(db: Db, actor: Actor, cfg: DocumentsConfig, meetingId: number, log?: ErrorLog): Promise<BuildResult> {
  authorize(actor, 'agenda.edit');
  await meetings.getMeeting(db, meetingId);
  const shared = sharedJobs.get(db);
  if (shared) return shared.wait((await shared.startJob(actor, meetingId)).jobId);
  return jobs(db).start(meetingId, (report) => buildBook(db, actor, cfg, meetingId, report), (e) => log?.(e, meetingId)).promise;
}

export async function bookJob(db: Db, actor: Actor, meetingId: number, jobId: string): Promise<BookJobView> {
  assertSignedIn(actor, 'följa bygget av kallelsen');
  const shared = sharedJobs.get(db);
  const job = shared ? await shared.get(jobId) : jobs(db).get(jobId);
  if (!job || job.meetingId !== meetingId) {
    throw new DomainError('not-found', 'Byggjobbet finns inte (det kan ha avslutats för mer än en timme sedan).', { status: 404 });
  }
  return job;
}

/**
 * The book's state in brief, for overviews across meetings (the staff start
 * page): the latest version, the latest sent one and whether the agenda has
 * changed since – without bookStatus's marked snapshots and diff per version.
 */
export async function bookState(db: Db, meetingId: number): Promise<{ latestVersion: number | null; sentAt: string | null; reissueNeeded: boolean }> {
  const rows = await store.listBooks(db.kysely, meetingId);
  const latest = rows[0] ?? null;
  const sent = rows.find((r) => r.sent_at) ?? null;
  const reissueNeeded = Boolean(latest?.sent_at) && latest!.snapshot_sha256 !== snapshotHash(await currentSnapshot(db, meetingId));
  return { latestVersion: latest?.version ?? null, sentAt: sent?.sent_at ? iso(sent.sent_at) : null, reissueNeeded };
}

export async function bookStatus(db: Db, actor: Actor, meetingId: number): Promise<BookStatus> {
  assertSignedIn(actor, 'se kallelsens versioner');
  const snapshot = await currentSnapshot(db, meetingId);
  const rows = await store.listBooks(db.kysely, meetingId);
  const latest = rows[0] ?? null;
  const upToDate = latest !== null && latest.snapshot_sha256 === snapshotHash(snapshot);
  // what changed shows the papers' text: only for those who read the body's secret papers when any is secret
  const staff = await maySeeSecrets(db, actor, meetingId);
  const marks = await currentMarks(db.kysely, meetingId);
  const secretNow = new Map<number, boolean>();
  for (const r of rows) secretNow.set(r.version, containsSecretNow(await markedVersion(db.kysely, meetingId, r.version, marks)));
  const pendingChanges =
    latest && !upToDate && (staff || (!secretNow.get(latest.version) && !containsSecret(snapshot)))
      ? diffSnapshots((await store.bookSnapshot(db.kysely, meetingId, latest.version)) as BookSnapshot, snapshot)
      : null;
  const view = (r: BookRow) => toVersionView(r, secretNow.get(r.version) ?? r.contains_secret);
  return {
    meetingId,
    upToDate,
    reissueNeeded: Boolean(latest?.sent_at) && !upToDate,
    latest: latest ? view(latest) : null,
    versions: rows.map(view),
    pendingChanges,
    job: sharedJobs.has(db) ? await sharedJobs.get(db)!.runningFor(meetingId) : jobs(db).runningFor(meetingId),
  };
}

/**
 * A version of the book (the latest when none is named). Whether it holds
 * secret papers is decided by the marks as they are now: then the members and
 * officials of the body get it (the read is audited), and everyone else the
 * public edition built without them — or, until that is built, a 409.
 */
export async function bookVersion(
  db: Db,
  actor: Actor,
  cfg: DocumentsConfig,
  meetingId: number,
  version?: number,
): Promise<{ version: BookVersionView; path: string; fileName: string }> {
  // the public reads the kallelse from the moment it is sent: only sent versions, never a draft
  const insider = can(actor, 'minutes.read-draft');
  let row = version === undefined ? await store.latestBook(db.kysely, meetingId) : await store.findBook(db.kysely, meetingId, version);
  if (row && !insider && !row.sent_at) {
    row = version === undefined ? (await store.listBooks(db.kysely, meetingId)).filter((b) => b.sent_at).sort((a, b) => b.version - a.version)[0] : undefined;
    if (!row) throw new DomainError('not-sent', 'Kallelsen är inte utskickad ännu.', { status: 404 });
  }
  if (!row) {
    await meetings.getMeeting(db, meetingId);
    throw new DomainError(
      'not-found',
      version === undefined ? 'Kallelsen till sammanträdet är inte upprättad ännu.' : `Version ${version} av kallelsen finns inte.`,
      { status: 404 },
    );
  }
  const meeting = await meetings.getMeeting(db, meetingId);
  const fileName = `kallelse-${meeting.date}-v${row.version}.pdf`;
  const marked = await markedVersion(db.kysely, meetingId, row.version, await currentMarks(db.kysely, meetingId));
  const pub = publicBook(marked, await naturalPersonNames(db.kysely));
  if (!pub.needed) return { version: toVersionView(row, false), path: await cfg.files.localPath(row.file_sha256), fileName };
  // personal identity numbers are for members and staff; secret papers for the body's own
  if (pub.secret ? await maySeeSecrets(db, actor, meetingId) : insider) {
    if (pub.secret) {
      const refs = marked.items.flatMap((i) => [i.secrecyRef, ...i.attachments.map((a) => a.secrecyRef), ...i.basisSecrecy]);
      await meetings.recordSecretRead(db, actor, { entity: 'meeting', entityId: meetingId, meetingId, secrecyRefs: refs, detail: { read: 'kallelse', version: row.version, sha256: row.file_sha256 } });
    }
    return { version: toVersionView(row, pub.secret), path: await cfg.files.localPath(row.file_sha256), fileName };
  }
  const edition = await store.findPublicEdition(db.kysely, row.id, pub.hash);
  if (!edition) throw new DomainError('withdrawn', WITHDRAWN(row.version, pub.secret), { status: 409 });
  return {
    version: { ...toVersionView(row, false), pageCount: edition.page_count, byteSize: Number(edition.byte_size), sha256: edition.file_sha256 },
    path: await cfg.files.localPath(edition.file_sha256),
    fileName: `kallelse-${meeting.date}-v${row.version}-offentlig.pdf`,
  };
}

/** What changed between two versions: `to` defaults to the latest, `from` to the one before `to`. */
export async function diffBookVersions(db: Db, actor: Actor, meetingId: number, q: { from?: number | undefined; to?: number | undefined }): Promise<BookDiffView> {
  assertSignedIn(actor, 'jämföra kallelsens versioner');
  const ex = db.kysely;
  const latest = await store.latestBook(ex, meetingId);
  if (!latest) {
    await meetings.getMeeting(db, meetingId);
    throw new DomainError('not-found', 'Kallelsen till sammanträdet har ingen version ännu.', { status: 404 });
  }
  const toV = q.to ?? latest.version;
  const fromV = q.from ?? toV - 1;
  if (fromV < 1) throw new DomainError('no-earlier-version', `Det finns ingen version före version ${toV} att jämföra med.`, { status: 404 });
  const [from, to] = await Promise.all([store.findBook(ex, meetingId, fromV), store.findBook(ex, meetingId, toV)]);
  if (!from) throw new DomainError('not-found', `Version ${fromV} av kallelsen finns inte.`, { status: 404 });
  if (!to) throw new DomainError('not-found', `Version ${toV} av kallelsen finns inte.`, { status: 404 });
  const [a, b] = await Promise.all([store.bookSnapshot(ex, meetingId, fromV), store.bookSnapshot(ex, meetingId, toV)]);
  const marks = await currentMarks(ex, meetingId);
  const [secretA, secretB] = [containsSecretNow(applyCurrentMarks(a as BookSnapshot, marks)), containsSecretNow(applyCurrentMarks(b as BookSnapshot, marks))];
  if ((secretA || secretB) && !(await maySeeSecrets(db, actor, meetingId))) {
    throw new DomainError('secret-other-body', 'Versionerna innehåller handlingar som omfattas av sekretess; jämförelsen visas bara för ledamöter och tjänstepersoner i nämnden.', { status: 403 });
  }
  return { from: toVersionView(from, secretA), to: toVersionView(to, secretB), diff: diffSnapshots(a as BookSnapshot, b as BookSnapshot) };
}

/** Records that a version was sent to the members (utskick); a later change then calls for a new version. */
export async function markBookSent(db: Db, actor: Actor, meetingId: number, version: number): Promise<BookVersionView> {
  authorize(actor, 'agenda.edit');
  return db.tx(async (trx) => {
    await store.lock(trx, 'meeting', meetingId);
    const row = await store.findBook(trx, meetingId, version);
    if (!row) throw new DomainError('not-found', `Version ${version} av kallelsen finns inte.`, { status: 404 });
    if (row.sent_at) return toVersionView(row);
    const at = new Date();
    await store.markBookSent(trx, row.id, actor.id, at);
    await audit(trx, { actor: actor.id, action: 'kallelse.send', entity: 'meeting', entityId: meetingId, after: { version, sha256: row.file_sha256 } });
    return toVersionView({ ...row, sent_at: at, sent_by: actor.id });
  }).then((v) => {
    // a sent version is the public's: its public edition, if its papers are secret
    refreshPublicEditions(db, meetingId);
    return v;
  });
}

/** Whether a meeting has attachments, memos or a kallelse book (so its agenda must not be replaced). */
export async function meetingHasDocuments(ex: Db | Executor, meetingId: number): Promise<boolean> {
  return (await store.countMeetingDocuments(executorOf(ex), meetingId)) > 0;
}

/**
 * Stores a PDF another module generated (the frozen protokoll and its
 * renditions): the file by hash through the file store (written to tmp/,
 * synced, renamed into place), and its stored_file row in the caller's
 * transaction. Returns the SHA-256.
 */
export async function storeGeneratedPdf(trx: Executor, files: FileStore, bytes: Uint8Array, pageCount: number | null): Promise<string> {
  const { sha256, size } = await files.putBytes(bytes);
  await store.saveStoredFile(trx, { sha256, byte_size: size, media_type: PDF_MEDIA_TYPE, page_count: pageCount });
  return sha256;
}

/**
 * Files a PDF that an import split out of a kallelse book (importer/service.ts,
 * issue 18.1) as an attachment of the item, under its decision-basis entry
 * when known, in the caller's transaction. The file is stored by hash first;
 * the same file already on the item is left as it is (a re-import adds
 * nothing twice), and a document an earlier import filed under the same
 * entry (or, under none, with the same title) gets the new file in place.
 */
export async function attachImportedPdf(
  trx: Executor,
  files: FileStore,
  actor: Actor,
  itemId: number,
  f: { decisionBasisId: number | null; title: string; fileName: string; bytes: Uint8Array; pageCount: number },
): Promise<{ id: number; added: boolean; replaced?: boolean }> {
  const sha256 = await storeGeneratedPdf(trx, files, f.bytes, f.pageCount);
  const attachments = await store.listAttachments(trx, [itemId]);
  const existing = attachments.find((a) => a.file_sha256 === sha256);
  if (existing) return { id: existing.id, added: false };
  const title = (cleanLine(f.title) || 'Bilaga').slice(0, 300);
  // the same document filed by an earlier import (under the same decision-basis entry, or by its title): its file is replaced in place
  const earlier = attachments.find(
    (a) => a.uploaded_by.includes(' (import ') && (f.decisionBasisId !== null ? a.decision_basis_id === f.decisionBasisId : a.decision_basis_id === null && a.title === title),
  );
  if (earlier) {
    await store.updateAttachmentFile(trx, earlier.id, { file_sha256: sha256, byte_size: f.bytes.length, page_count: f.pageCount, uploaded_by: actor.id });
    await audit(trx, {
      actor: actor.id,
      action: 'attachment.reimport',
      entity: 'agenda_item',
      entityId: itemId,
      before: { attachmentId: earlier.id, sha256: earlier.file_sha256, pages: earlier.page_count },
      after: { attachmentId: earlier.id, sha256, bytes: f.bytes.length, pages: f.pageCount },
    });
    return { id: earlier.id, added: false, replaced: true };
  }
  const fileName = safeFileName(f.fileName);
  const a = await store.insertAttachment(trx, {
    agenda_item_id: itemId,
    decision_basis_id: f.decisionBasisId,
    position: await store.nextAttachmentPosition(trx, itemId),
    title,
    file_sha256: sha256,
    file_name: fileName,
    media_type: PDF_MEDIA_TYPE,
    byte_size: f.bytes.length,
    page_count: f.pageCount,
    uploaded_by: actor.id,
  });
  await audit(trx, {
    actor: actor.id,
    action: 'attachment.import',
    entity: 'agenda_item',
    entityId: itemId,
    after: { attachmentId: a.id, title, fileName, sha256, bytes: f.bytes.length, pages: f.pageCount },
  });
  return { id: a.id, added: true };
}

/** The bytes of a stored file, checked against its hash; null when the file is missing from the file store. */
export async function readStoredFile(files: FileStore, sha256: string): Promise<Buffer | null> {
  if (!(await files.has(sha256))) return null;
  const bytes = await files.read(sha256);
  const actual = createHash('sha256').update(bytes).digest('hex');
  if (actual !== sha256) throw new DomainError('file-corrupt', `Den lagrade filen ${sha256.slice(0, 12)}… stämmer inte med sin kontrollsumma (den har ändrats eller skadats). Återställ den från säkerhetskopian.`, { status: 500 });
  return bytes;
}

/**
 * The kallelse that goes to the e-archive (issue 21.5): the latest version
 * sent to the members, or – for a meeting whose sending was never recorded –
 * the latest built; null when no book is built. `render` makes its archive
 * edition from that version's stored snapshot: the pages Styrbord renders
 * (kallelse, föredragningslista, each item's divider and FöredragningsPM),
 * the item's beslutsunderlag named on its divider as files of their own
 * (they go in the package as they were uploaded, not merged and converted),
 * as PDF/A-2b (minutes/pdfa.ts). Deterministic: the same version gives the
 * same bytes. The original text, secret papers included.
 */
export async function kallelseForArchive(
  ex: Db | Executor,
  meetingId: number,
): Promise<{ version: number; builtAt: string; sentAt: string | null; render: () => Promise<{ bytes: Uint8Array; sha256: string }> } | null> {
  const exec = executorOf(ex);
  const rows = await store.listBooks(exec, meetingId);
  const row = rows.find((r) => r.sent_at) ?? rows[0];
  if (!row) return null;
  const builtAt = iso(row.built_at);
  const sentAt = row.sent_at ? iso(row.sent_at) : null;
  return {
    version: row.version,
    builtAt,
    sentAt,
    render: async () => {
      const snapshot = (await store.bookSnapshot(exec, meetingId, row.version)) as BookSnapshot;
      const chunks: Uint8Array[] = [];
      await renderBook(snapshot, {
        read: () => Promise.reject(new Error('the archive edition reads no attachment')),
        sink: { write: async (c) => void chunks.push(c) },
        id: row.snapshot_sha256,
        createdAt: new Date(builtAt),
        attachments: 'listed',
      });
      const day = todayInStockholm(new Date(sentAt ?? builtAt));
      const bytes = await toPdfA(Buffer.concat(chunks), {
        title: bookTitle(snapshot),
        author: snapshot.meeting.bodyName,
        subject: `Kallelse och föredragningslista till sammanträdet ${formatLongDate(snapshot.meeting.date)}, version ${row.version}${sentAt ? `, utskickad ${formatLongDate(day)}` : ''}; beslutsunderlagen är egna filer`,
        documentDate: snapshot.meeting.date,
        createdOn: day,
      });
      return { bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
    },
  };
}

/**
 * Use cases of owned companies and foundations (issue 21.3): registering a
 * company with the region's share, its owner directives and agreements
 * (a PDF stored by content hash, or a reference) with their validity, the
 * reports expected of it per year and the day each arrived, and where the
 * committee's papers refer to it (agenda items, cases and the text of the
 * papers that name it). Each write is one transaction, audited, at the
 * version the user saw.
 *
 * Public reads: the companies, the share and the documents' titles and
 * periods are public records; the files, the reports and the references
 * are for staff.
 */
import { audit, executorOf, type Db, type Executor } from '../db/index.ts';
import { DomainError, notFound } from '../kernel/errors.ts';
import { assertVersion } from '../kernel/version.ts';
import { todayInStockholm, type IsoDate } from '../kernel/dates.ts';
import { authorize, can, type Actor } from '../access/model.ts';
import * as diarium from '../diarium/service.ts';
import * as meetings from '../meetings/service.ts';
import { search } from '../publish/search.ts';
import { FileStore } from '../documents/files.ts';
import { safeFileName } from '../documents/service.ts';
import {
  checkPdf,
  COMPANY_KIND_LABEL,
  DOCUMENT_KIND_LABEL,
  formatShare,
  namesCompany,
  overlapping,
  REPORT_STATUS_LABEL,
  reportStatus,
  VALIDITY_LABEL,
  validateCompany,
  validateDocument,
  validateReport,
  validityOf,
  type CompanyKind,
  type DocumentKind,
  type ReportStatus,
  type Validity,
} from './model.ts';
import * as store from './store.ts';
import type { CompanyInput, CompanyReference, CompanySummary, CompanyUpdate, CompanyView, DocumentInput, ReportInput } from './contract.ts';

export type { CompanyInput, CompanyReference, CompanySummary, CompanyUpdate, CompanyView, DocumentInput, ReportInput };
import type { CompanyRow } from './store.ts';

const READ = 'funding.read' as const;
const EDIT = 'funding.edit' as const;

function summaryOf(c: CompanyRow, counts: { documents: number; openReports: number }, staff: boolean): CompanySummary {
  return {
    id: c.id,
    name: c.name,
    orgNumber: c.org_number,
    kind: c.kind,
    kindLabel: COMPANY_KIND_LABEL[c.kind],
    shareBp: c.share_bp,
    shareLabel: c.share_bp === null ? null : formatShare(c.share_bp),
    documentCount: counts.documents,
    openReports: staff ? counts.openReports : 0,
  };
}

export async function listCompanies(db: Db, actor: Actor): Promise<CompanySummary[]> {
  const staff = can(actor, READ);
  return (await store.listCompanies(db.kysely)).map((c) => summaryOf(c, { documents: Number(c.document_count ?? 0), openReports: Number(c.open_reports ?? 0) }, staff));
}

async function viewOf(ex: Executor, c: CompanyRow, staff: boolean, today: IsoDate): Promise<CompanyView> {
  const [docs, reports] = await Promise.all([store.documentsOf(ex, c.id), staff ? store.reportsOf(ex, c.id) : Promise.resolve([])]);
  const numbers = await diarium.caseNumbersByIds(ex, reports.map((r) => r.case_id).filter((x): x is number => x !== null));
  return {
    ...summaryOf(c, { documents: docs.length, openReports: reports.filter((r) => !r.received_on).length }, staff),
    aliases: c.aliases,
    note: staff ? c.note : null,
    documents: docs.map((d) => {
      const validity = validityOf({ validFrom: d.valid_from, validTo: d.valid_to }, today);
      return {
        id: d.id, kind: d.kind, kindLabel: DOCUMENT_KIND_LABEL[d.kind], title: d.title, validFrom: d.valid_from, validTo: d.valid_to, validity, validityLabel: VALIDITY_LABEL[validity],
        reference: d.reference, hasFile: d.file_sha256 !== null,
        file: staff && d.file_sha256 ? { name: d.file_name!, byteSize: d.byte_size ?? 0, sha256: d.file_sha256 } : null,
      };
    }),
    reports: reports.map((r) => {
      const status = reportStatus({ dueOn: r.due_on, receivedOn: r.received_on }, today);
      return { id: r.id, year: r.year, kind: r.kind, dueOn: r.due_on, receivedOn: r.received_on, caseNumber: r.case_id === null ? null : (numbers.get(r.case_id) ?? null), status, statusLabel: REPORT_STATUS_LABEL[status] };
    }),
    version: c.version,
    updatedAt: new Date(c.updated_at).toISOString(),
  };
}

export async function getCompany(db: Db | Executor, actor: Actor, id: number, today: IsoDate = todayInStockholm()): Promise<CompanyView> {
  const ex = executorOf(db);
  const c = await store.findCompany(ex, id);
  if (!c) throw notFound('Bolaget', id);
  return viewOf(ex, c, can(actor, READ), today);
}

async function lockAt(trx: Executor, id: number, version: number | undefined): Promise<CompanyRow> {
  const c = await store.lockCompany(trx, id);
  if (!c) throw notFound('Bolaget', id);
  assertVersion(c.version, version, 'Bolaget', c.updated_by);
  return c;
}

async function refuseClash(trx: Executor, v: { name: string; org_number: string | null }, exceptId: number | null): Promise<void> {
  const c = await store.findClash(trx, v, exceptId);
  if (!c) return;
  const same = v.org_number && c.org_number === v.org_number ? `organisationsnumret ${v.org_number}` : `namnet ${c.name}`;
  throw new DomainError('company-exists', `Det finns redan ett bolag eller en stiftelse med ${same}.`, { status: 409, details: { id: c.id } });
}


export async function createCompany(db: Db, actor: Actor, input: CompanyInput, today: IsoDate = todayInStockholm()): Promise<CompanyView> {
  authorize(actor, EDIT);
  const f = validateCompany(input as unknown as Record<string, unknown>);
  return db.tx(async (trx) => {
    const v = { name: f.name, org_number: f.orgNumber, kind: f.kind, share_bp: f.shareBp, aliases: f.aliases, note: f.note };
    await refuseClash(trx, v, null);
    const c = await store.insertCompany(trx, v, actor.id);
    await audit(trx, { actor: actor.id, action: 'company.create', entity: 'owned_company', entityId: c.id, after: f });
    return viewOf(trx, c, true, today);
  });
}

export async function updateCompany(db: Db, actor: Actor, id: number, input: CompanyUpdate, today: IsoDate = todayInStockholm()): Promise<CompanyView> {
  authorize(actor, EDIT);
  return db.tx(async (trx) => {
    const c = await lockAt(trx, id, input.version);
    const pick = <T>(v: T | undefined, old: T) => (v === undefined ? old : v);
    const f = validateCompany({
      name: pick(input.name, c.name), orgNumber: pick(input.orgNumber, c.org_number), kind: pick(input.kind, c.kind), note: pick(input.note, c.note), aliases: pick(input.aliases, c.aliases),
      share: input.share === undefined ? (c.share_bp === null ? null : `${Math.floor(c.share_bp / 100)},${String(c.share_bp % 100).padStart(2, '0')}`) : input.share,
    });
    const v = { name: f.name, org_number: f.orgNumber, kind: f.kind, share_bp: f.shareBp, aliases: f.aliases, note: f.note };
    await refuseClash(trx, v, id);
    const after = await store.touchCompany(trx, id, v, actor.id);
    await audit(trx, { actor: actor.id, action: 'company.update', entity: 'owned_company', entityId: id, before: c, after: v });
    return viewOf(trx, after, true, today);
  });
}


/**
 * Adds an owner directive or agreement. Its PDF is stored by content hash
 * (documents/files.ts) before the row is written: a failed write leaves at
 * most an unreferenced file, never a row without its file. A new document of
 * a kind whose earlier one is still open-ended ends that one the day before.
 */
export async function addDocument(db: Db, actor: Actor, id: number, input: DocumentInput, today: IsoDate = todayInStockholm(), files: FileStore = new FileStore()): Promise<CompanyView> {
  authorize(actor, EDIT);
  const bytes = input.fileBase64 ? Buffer.from(input.fileBase64, 'base64') : null;
  const f = validateDocument(input as unknown as Record<string, unknown>, bytes !== null);
  if (bytes) checkPdf(bytes);
  const stored = bytes ? await files.putBytes(bytes) : null;
  return db.tx(async (trx) => {
    await lockAt(trx, id, input.version);
    const docs = await store.documentsOf(trx, id);
    const mapped = docs.map((d) => ({ ...d, validFrom: d.valid_from, validTo: d.valid_to }));
    // an open-ended predecessor of the same kind that began earlier ends when the new one begins
    const open = mapped.find((d) => d.kind === f.kind && d.validTo === null && d.validFrom < f.validFrom);
    const rest = open ? mapped.filter((d) => d.id !== open.id) : mapped;
    const clash = overlapping(rest, { kind: f.kind, validFrom: f.validFrom, validTo: f.validTo });
    if (clash) {
      throw new DomainError('company-document-overlap', `${DOCUMENT_KIND_LABEL[f.kind]} "${clash.title}" gäller redan ${clash.validFrom}–${clash.validTo ?? 'tills vidare'}; perioderna får inte överlappa.`, { status: 409 });
    }
    if (open) {
      const end = new Date(Date.parse(`${f.validFrom}T12:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
      await store.setDocumentEnd(trx, id, open.id, end);
    }
    const d = await store.insertDocument(trx, id, {
      kind: f.kind, title: f.title, valid_from: f.validFrom, valid_to: f.validTo, reference: f.reference,
      file_sha256: stored?.sha256 ?? null, file_name: stored ? safeFileName(input.fileName) || 'handling.pdf' : null, byte_size: stored?.size ?? null,
    }, actor.id);
    const after = await store.touchCompany(trx, id, {}, actor.id);
    await audit(trx, { actor: actor.id, action: 'company.document-add', entity: 'owned_company', entityId: id, after: { documentId: d.id, ...f, sha256: stored?.sha256 ?? null, endedPrevious: open?.id ?? null } });
    return viewOf(trx, after, true, today);
  });
}

export async function removeDocument(db: Db, actor: Actor, id: number, documentId: number, version: number, today: IsoDate = todayInStockholm()): Promise<CompanyView> {
  authorize(actor, EDIT);
  return db.tx(async (trx) => {
    await lockAt(trx, id, version);
    const gone = await store.deleteDocument(trx, id, documentId);
    if (!gone) throw notFound('Handlingen', documentId);
    const after = await store.touchCompany(trx, id, {}, actor.id);
    await audit(trx, { actor: actor.id, action: 'company.document-remove', entity: 'owned_company', entityId: id, before: gone });
    return viewOf(trx, after, true, today);
  });
}

/** A document's PDF (staff). */
export async function documentFile(db: Db, actor: Actor, id: number, documentId: number, files: FileStore = new FileStore()): Promise<{ name: string; bytes: Buffer }> {
  authorize(actor, READ);
  const d = await store.findDocument(db.kysely, id, documentId);
  if (!d) throw notFound('Handlingen', documentId);
  if (!d.file_sha256) throw new DomainError('not-found', 'Handlingen har ingen fil; se hänvisningen.', { status: 404 });
  return { name: d.file_name!, bytes: await files.read(d.file_sha256) };
}


/** A report expected of the company in a year (årsredovisning, verksamhetsberättelse …), or the day it arrived: one row per year and kind. */
export async function setReport(db: Db, actor: Actor, id: number, input: ReportInput, today: IsoDate = todayInStockholm()): Promise<CompanyView> {
  authorize(actor, EDIT);
  const f = validateReport(input as unknown as Record<string, unknown>, today);
  return db.tx(async (trx) => {
    await lockAt(trx, id, input.version);
    const before = await store.findReport(trx, id, f.year, f.kind);
    const caseId = input.caseNumber?.trim() ? (await diarium.getCase(trx, input.caseNumber.trim())).id : input.caseNumber === undefined ? (before?.case_id ?? null) : null;
    const r = await store.upsertReport(trx, id, { year: f.year, kind: f.kind, due_on: f.dueOn, received_on: f.receivedOn, case_id: caseId });
    const after = await store.touchCompany(trx, id, {}, actor.id);
    await audit(trx, { actor: actor.id, action: 'company.report', entity: 'owned_company', entityId: id, before: before ?? null, after: { reportId: r.id, ...f, caseId } });
    return viewOf(trx, after, true, today);
  });
}

export async function removeReport(db: Db, actor: Actor, id: number, reportId: number, version: number, today: IsoDate = todayInStockholm()): Promise<CompanyView> {
  authorize(actor, EDIT);
  return db.tx(async (trx) => {
    await lockAt(trx, id, version);
    const gone = await store.deleteReport(trx, id, reportId);
    if (!gone) throw notFound('Rapporten', reportId);
    const after = await store.touchCompany(trx, id, {}, actor.id);
    await audit(trx, { actor: actor.id, action: 'company.report-remove', entity: 'owned_company', entityId: id, before: gone });
    return viewOf(trx, after, true, today);
  });
}

/**
 * Where the committee's papers refer to the company: agenda items and cases
 * whose titles name it (its name or another name it goes by, as a whole
 * word), and the public text of the papers (proposals, memos, attachments)
 * that names it, newest meeting first.
 */
export async function references(db: Db, actor: Actor, id: number): Promise<CompanyReference[]> {
  authorize(actor, READ);
  const c = await store.findCompany(db.kysely, id);
  if (!c) throw notFound('Bolaget', id);
  const names = [c.name, ...c.aliases];
  const out: CompanyReference[] = [];
  const seen = new Set<string>();
  for (const name of names) {
    const [cases, items, text] = await Promise.all([
      diarium.findCasesForSearch(db, name, 200),
      meetings.searchAgenda(db, name, [], 200),
      search(db, `"${name}"`, { publicOnly: true, actor }).catch(() => ({ hits: [] })),
    ]);
    for (const k of cases) {
      if (!namesCompany(k.title, [name]) || seen.has(`case:${k.caseNumber}`)) continue;
      seen.add(`case:${k.caseNumber}`);
      out.push({ kind: 'case', title: k.title, caseNumber: k.caseNumber, meetingId: null, meetingDate: null, itemId: null, itemNumber: null, matched: name, snippet: null });
    }
    for (const h of items) {
      if (h.matchedOn === 'presenter' || !namesCompany(h.title, [name]) || seen.has(`item:${h.itemId}`)) continue;
      seen.add(`item:${h.itemId}`);
      out.push({ kind: 'agenda-item', title: h.title, caseNumber: h.caseNumber, meetingId: h.meetingId, meetingDate: h.meetingDate, itemId: h.itemId, itemNumber: h.itemNumber, matched: name, snippet: null });
    }
    for (const h of text.hits) {
      if (h.matchedOn !== 'text') continue;
      const key = h.itemId !== null ? `item:${h.itemId}` : `text:${h.kind}:${h.title}:${h.meetingId}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ kind: 'text', title: h.title, caseNumber: h.caseNumber, meetingId: h.meetingId, meetingDate: h.meetingDate, itemId: h.itemId, itemNumber: h.itemNumber, matched: name, snippet: h.snippet });
    }
  }
  return out.sort((a, b) => (b.meetingDate ?? '').localeCompare(a.meetingDate ?? '') || (a.itemNumber ?? 0) - (b.itemNumber ?? 0));
}

export async function findCompanyId(db: Db | Executor, name: string): Promise<number | null> {
  return (await store.findClash(executorOf(db), { name, org_number: null }, null))?.id ?? null;
}

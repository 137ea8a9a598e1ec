/**
 * The business support register (issue 16.6): filled from the delegation
 * reports in imported kallelser, entered and corrected by hand, and imported
 * from the national system's export (preview, then all of it or nothing);
 * read with filters and totals; each granted decision commits the 1:1
 * appropriation's business-support line; the list for the delegation's
 * redovisning to the committee (CSV, PDF).
 */
import { createHash } from 'node:crypto';
import { audit, auditMany, executorOf, type AuditEntry, type Db, type Executor } from '../db/index.ts';
import { DomainError, notFound } from '../kernel/errors.ts';
import { assertIsoDate, todayInStockholm } from '../kernel/dates.ts';
import { formatKronor, groupDigits, type Ore } from '../kernel/kronor.ts';
import { assertVersion } from '../kernel/version.ts';
import { authorize, can, SYSTEM, type Actor } from '../access/model.ts';
import { NATURAL_PERSON_MASK } from '../publish/mask.ts';
import { TextFlow } from '../documents/flow.ts';
import { REGION } from './decision.ts';
import { isSoleTraderName, parseBusinessSupport, totals, type BusinessSupportDecision, type SupportTotals } from './businessSupport.ts';
import { checkRows, FIELD_LABELS, mapColumns, readTable, validateEntry, type EntryInput, type SupportEntry } from './supportImport.ts';
import * as store from './supportStore.ts';
import { queueMeetingsMentioning } from '../publish/queue.ts';

/** Reads the business support tables of a kallelse's text into the register (inside the import's transaction); its granted rows commit the appropriation. */
export async function importFromKallelse(trx: Executor, meetingId: number, text: string): Promise<number> {
  await store.lockRegister(trx);
  const before = new Set(await store.naturalPersonNames(trx));
  const inserted = await store.replaceForMeeting(trx, meetingId, parseBusinessSupport(text));
  // decisions already made and reported: committed as they stand (no appropriation check can refuse a report)
  for (const r of inserted) await syncCommitment(trx, SYSTEM, r, { unchecked: true });
  // a natural person new to the register may be named in other meetings' papers: their public search documents are rebuilt
  const added = (await store.naturalPersonNames(trx)).filter((name) => !before.has(name));
  if (added.length) await queueMeetingsMentioning(trx, added);
  return inserted.length;
}

type StoredRow = NonNullable<Awaited<ReturnType<typeof store.find>>>;

export interface SupportRow extends BusinessSupportDecision {
  id: number;
  periodFrom: string;
  periodTo: string;
  /** The decision's date; null for rows read from a delegation report (only the report's period is known). */
  decidedOn: string | null;
  /** The decision's year: its date's, or else the year the report's period ends. */
  year: number;
  source: 'delegation-report' | 'manual' | 'import';
  version: number;
  /** A natural person (enskild firma): the name is masked for the public. Inferred from soleTrader unless set by staff. */
  naturalPerson: boolean;
  /** Who set the mark (staff only; null when inferred, and for the public). */
  naturalPersonSetBy: string | null;
}

export const SOLE_TRADER_MASK = NATURAL_PERSON_MASK;

export interface RegisterFilter {
  from?: string;
  to?: string;
  year?: number;
  supportType?: string;
  municipality?: string;
  gender?: 'K' | 'M' | 'none';
  outcome?: 'granted' | 'rejected';
}

export interface RegisterView {
  rows: SupportRow[];
  totals: SupportTotals;
  /** What the filters can be set to: the years, support types and municipalities the register holds. */
  facets: { years: number[]; supportTypes: string[]; municipalities: string[] };
}

const yearOfRow = (r: { decided_on: string | null; period_to: string }) => Number((r.decided_on ?? r.period_to).slice(0, 4));

function toRow(r: StoredRow, personal: boolean): SupportRow {
  return {
    id: r.id,
    periodFrom: r.period_from,
    periodTo: r.period_to,
    decidedOn: r.decided_on,
    year: yearOfRow(r),
    source: r.source,
    version: r.version,
    caseNumber: r.case_number,
    nypsId: r.nyps_id,
    supportType: r.support_type,
    company: r.natural_person && !personal ? SOLE_TRADER_MASK : r.company,
    soleTrader: r.sole_trader,
    naturalPerson: r.natural_person,
    naturalPersonSetBy: personal ? r.natural_person_set_by : null,
    sector: r.sector,
    gender: r.gender,
    municipality: r.municipality,
    amountOre: r.amount_ore === null ? null : Number(r.amount_ore),
    rejected: r.rejected,
    rejectionReason: r.rejection_reason,
    decider: r.decider,
    line: 0,
    importFlag: r.import_flag,
  };
}

function checkFilter(f: RegisterFilter): void {
  if (f.from) assertIsoDate(f.from, 'Från-datumet');
  if (f.to) assertIsoDate(f.to, 'Till-datumet');
  if (f.from && f.to && f.from > f.to) throw new DomainError('invalid-period', 'Från-datumet måste vara före till-datumet.');
  if (f.year !== undefined && (!Number.isInteger(f.year) || f.year < 2000 || f.year > 2100)) throw new DomainError('invalid-year', `Året ${f.year} är inte ett giltigt år (2000–2100).`);
}

/**
 * The register, filtered (period, year, support type, kommun, K/M, beviljat
 * or avslag), with totals of what is shown. Natural persons (sole traders, by
 * inference or by staff's mark): the public (and anyone without access to
 * personal data) sees "Enskild näringsidkare".
 */
export async function register(db: Db | Executor, actor: Actor, f: RegisterFilter = {}): Promise<RegisterView> {
  checkFilter(f);
  const ex = executorOf(db);
  const personal = can(actor, 'minutes.read-draft');
  const [stored, facets] = await Promise.all([store.list(ex, f), store.facets(ex)]);
  const rows = stored.map((r) => toRow(r, personal));
  return { rows, totals: totals(rows), facets };
}

export interface CommitmentOfRow {
  id: number;
  year: number;
  amountOre: Ore;
  committedOn: string;
  override: { rule: string; reason: string } | null;
}

export interface SupportEntryView extends SupportRow {
  /** The commitment the decision makes against the year's 1:1 appropriation (granted decisions only). */
  commitment: CommitmentOfRow | null;
  updatedBy: string | null;
  updatedAt: string;
}

const toCommitmentOfRow = (c: NonNullable<Awaited<ReturnType<typeof store.commitmentOf>>>): CommitmentOfRow => ({
  id: c.id,
  year: c.year,
  amountOre: Number(c.amount_ore),
  committedOn: c.committed_on,
  override: c.override_rule ? { rule: c.override_rule, reason: c.override_reason! } : null,
});

async function entryView(ex: Executor, r: StoredRow, actor: Actor): Promise<SupportEntryView> {
  const c = await store.commitmentOf(ex, r.id);
  return { ...toRow(r, can(actor, 'minutes.read-draft')), commitment: c ? toCommitmentOfRow(c) : null, updatedBy: r.updated_by, updatedAt: new Date(r.updated_at).toISOString() };
}

/** One row of the register with its commitment (staff). */
export async function getEntry(db: Db, actor: Actor, id: number): Promise<SupportEntryView> {
  authorize(actor, 'funding.read');
  const r = await store.find(db.kysely, id);
  if (!r) throw notFound('Raden i företagsstödsregistret', id);
  return entryView(db.kysely, r, actor);
}

// ── commitments: a granted decision commits the appropriation's business-support line ──

const kr = (ore: Ore) => formatKronor(ore, 'kr');
const caseLabel = (r: { nyps_id: string | null; case_number: string | null }) => [r.case_number, r.nyps_id].filter(Boolean).join(' / ') || 'utan ärende-id';

/**
 * Makes the appropriation's commitment follow a register row: one commitment
 * on the 'business-support' line of the decision's year for a granted row,
 * none for a rejected one (so nothing is counted twice, and a correction moves
 * it). An increase beyond what is left of a registered appropriation is
 * refused unless an override with a reason is given (stored with it);
 * `unchecked` (delegation reports: decisions already made and reported)
 * records it as it stands. No appropriation registered for the year: recorded
 * without a check (there is nothing to measure against).
 */
async function syncCommitment(trx: Executor, actor: Actor, r: StoredRow, o: { unchecked?: boolean; override?: { reason: string } | null } = {}): Promise<CommitmentOfRow | null> {
  const amount = r.rejected || r.amount_ore === null ? 0 : Number(r.amount_ore);
  const desired = amount > 0 ? { year: yearOfRow(r), amountOre: amount, on: r.decided_on ?? r.period_to, text: `Företagsstöd: ${r.support_type}, ${caseLabel(r)}, ${r.municipality}` } : null;
  const existing = await store.commitmentOf(trx, r.id);
  if (existing && desired && existing.year === desired.year && Number(existing.amount_ore) === desired.amountOre && existing.committed_on === desired.on && existing.text === desired.text) {
    return toCommitmentOfRow(existing);
  }
  if (existing) {
    await store.deleteCommitmentOf(trx, r.id);
    await audit(trx, { actor: actor.id, action: 'appropriation.release', entity: 'appropriation_commitment', entityId: existing.id, before: existing, after: { reason: desired ? 'Företagsstödet ändrat' : 'Företagsstödet avslaget' } });
  }
  if (!desired) return null;
  await store.lockYear(trx, desired.year);
  const state = await store.yearState(trx, desired.year);
  let override: { rule: 'appropriation-exceeded'; reason: string; remainingBefore: Ore; exceeding: Ore } | null = null;
  if (!o.unchecked && state.totalOre !== null) {
    const remaining = state.totalOre - state.committedOre;
    const increase = desired.amountOre - (existing && existing.year === desired.year ? Number(existing.amount_ore) : 0);
    if (increase > 0 && desired.amountOre > remaining) {
      const left = Math.max(0, remaining);
      const reason = o.override?.reason?.trim();
      if (!reason) {
        throw new DomainError(
          'appropriation-exceeded',
          `Anslaget för ${desired.year} räcker inte: ${kr(left)} återstår men företagsstödet ${caseLabel(r)} på ${kr(desired.amountOre)} binder anslaget. Ange ett uttryckligt undantag med motivering.`,
          { status: 422 },
        );
      }
      override = { rule: 'appropriation-exceeded', reason, remainingBefore: left, exceeding: desired.amountOre - left };
    }
  }
  const c = await store.insertCommitment(trx, {
    year: desired.year,
    line: 'business-support',
    amount_ore: desired.amountOre,
    committed_on: desired.on,
    decision_id: null,
    case_id: null,
    text: desired.text,
    business_support_id: r.id,
    override_rule: override?.rule ?? null,
    override_reason: override?.reason ?? null,
    override_by: override ? actor.id : null,
    override_on: override ? todayInStockholm() : null,
    override_remaining_before_ore: override?.remainingBefore ?? null,
    override_exceeding_ore: override?.exceeding ?? null,
    registered_by: actor.id,
  });
  await audit(trx, { actor: actor.id, action: override ? 'appropriation.override' : 'appropriation.commit', entity: 'appropriation_commitment', entityId: c.id, after: c });
  return toCommitmentOfRow(c);
}

// ── manual entry and correction ──────────────────────────────────────────

type Entry = ReturnType<typeof validateEntry>;

/** The register's columns for an entry; a manual or imported decision's period is its own date. */
function valuesOf(e: Entry, source: 'manual' | 'import', actor: Actor, before?: StoredRow): Partial<store.RowValues> {
  const periodDate = e.decidedOn ?? before?.period_to;
  return {
    ...(before?.source === 'delegation-report' && !e.decidedOn ? {} : { period_from: periodDate!, period_to: periodDate! }),
    ...(before ? {} : { meeting_id: null, source }),
    decided_on: e.decidedOn ?? before?.decided_on ?? null,
    nyps_id: e.nypsId,
    case_number: e.caseNumber,
    support_type: e.supportType,
    company: e.company,
    sole_trader: isSoleTraderName(e.company),
    sector: e.sector,
    gender: e.gender,
    municipality: e.municipality,
    amount_ore: e.amountOre,
    rejected: e.rejected,
    rejection_reason: e.rejectionReason,
    decider: e.decider,
    // staff's stated mark is kept with who set it; an inference does not overwrite a mark staff set
    ...(e.naturalPersonStated
      ? { natural_person: e.naturalPerson, natural_person_set_by: before && before.natural_person === e.naturalPerson && before.natural_person_set_by ? before.natural_person_set_by : actor.id }
      : before?.natural_person_set_by
        ? {}
        : { natural_person: e.naturalPerson, natural_person_set_by: null }),
    updated_by: actor.id,
  };
}

/** The register rows the entry names: by the national system's id; else by diarienummer among rows without another id. */
function matching<T extends { id: number; nyps_id: string | null; case_number: string | null }>(rows: T[], e: { nypsId: string | null; caseNumber: string | null }, except?: number): T[] {
  const lc = (s: string | null) => s?.toLowerCase() ?? null;
  const others = rows.filter((r) => r.id !== except);
  if (e.nypsId) {
    const byId = others.filter((r) => lc(r.nyps_id) === lc(e.nypsId));
    if (byId.length) return byId;
  }
  if (!e.caseNumber) return [];
  return others.filter((r) => lc(r.case_number) === lc(e.caseNumber) && (r.nyps_id === null || !e.nypsId));
}

const casesOf = (entries: Array<{ nypsId: string | null; caseNumber: string | null }>) => ({
  ids: entries.flatMap((e) => (e.nypsId ? [e.nypsId] : [])),
  dnrs: entries.flatMap((e) => (e.caseNumber ? [e.caseNumber] : [])),
});

export interface EntryRequest extends EntryInput {
  /** The row's version when correcting (optimistic locking). */
  version?: number;
  /** A reason to commit beyond what is left of the year's appropriation. */
  override?: { reason: string } | null;
}

/** Enters a decision by hand; its commitment against the appropriation with it (one transaction). */
export async function createEntry(db: Db, actor: Actor, input: EntryRequest): Promise<SupportEntryView> {
  authorize(actor, 'funding.edit');
  const e = validateEntry(input, todayInStockholm());
  return db.tx(async (trx) => {
    await store.lockRegister(trx);
    const { ids, dnrs } = casesOf([e]);
    const clash = matching(await store.findByCases(trx, ids, dnrs, true), e);
    if (clash.length) {
      throw new DomainError('duplicate-support-case', `Ärendet ${e.nypsId ?? e.caseNumber} finns redan i registret (${clash[0]!.support_type}, ${clash[0]!.decided_on ?? clash[0]!.period_to}). Rätta den raden i stället.`, { status: 409 });
    }
    const row = await store.insertRow(trx, valuesOf(e, 'manual', actor) as store.RowValues);
    await syncCommitment(trx, actor, row, { override: input.override ?? null });
    await audit(trx, { actor: actor.id, action: 'business-support.create', entity: 'business_support', entityId: row.id, after: row });
    if (row.natural_person) await queueMeetingsMentioning(trx, [row.company]);
    return entryView(trx, row, actor);
  });
}

/** Corrects a row (it names the version it was based on); the commitment follows. */
export async function updateEntry(db: Db, actor: Actor, id: number, input: EntryRequest): Promise<SupportEntryView> {
  authorize(actor, 'funding.edit');
  if (input.version === undefined) throw new DomainError('version-required', 'Ange radens version (den du rättar utifrån).');
  return db.tx(async (trx) => {
    await store.lockRegister(trx);
    const before = await store.find(trx, id, true);
    if (!before) throw notFound('Raden i företagsstödsregistret', id);
    assertVersion(before.version, input.version, 'Raden i företagsstödsregistret', before.updated_by);
    const e = validateEntry(input, todayInStockholm(), { dateOptional: before.decided_on === null });
    const { ids, dnrs } = casesOf([e]);
    const clash = matching(await store.findByCases(trx, ids, dnrs), e, id);
    if (clash.length) throw new DomainError('duplicate-support-case', `Ärendet ${e.nypsId ?? e.caseNumber} finns redan på en annan rad i registret.`, { status: 409 });
    const after = await store.updateRow(trx, id, before.version, valuesOf(e, 'manual', actor, before));
    if (!after) throw new DomainError('stale-version', 'Raden i företagsstödsregistret ändrades samtidigt av någon annan. Ladda om och gör ändringen igen.', { status: 409 });
    await syncCommitment(trx, actor, after, { override: input.override ?? null });
    await audit(trx, { actor: actor.id, action: 'business-support.update', entity: 'business_support', entityId: id, before, after });
    const names = [...new Set([before, after].filter((r) => r.natural_person).map((r) => r.company))];
    if (names.length) await queueMeetingsMentioning(trx, names);
    return entryView(trx, after, actor);
  });
}

// ── import of the national system's export ───────────────────────────────

export type ImportAction = 'create' | 'update' | 'unchanged' | 'refuse';

export interface ImportRowView {
  line: number;
  action: ImportAction;
  reason: string | null;
  caseLabel: string;
  company: string | null;
  supportType: string | null;
  decidedOn: string | null;
  rejected: boolean | null;
  amountOre: Ore | null;
  /** The register row it updates or leaves unchanged. */
  targetId: number | null;
  /** For an update: what changes (the Swedish column names). */
  changes: string[];
}

export interface YearEffect {
  year: number;
  registered: boolean;
  totalOre: Ore | null;
  committedBeforeOre: Ore;
  changeOre: Ore;
  committedAfterOre: Ore;
  remainingAfterOre: Ore | null;
  /** The import would take the year beyond its appropriation: confirming needs a reason. */
  exceeded: boolean;
}

export interface ImportPreview {
  fileName: string;
  sha256: string;
  /** Names this exact plan; the confirmation must send it back (the register may not have changed in between). */
  digest: string;
  columns: Array<{ field: string; label: string; header: string }>;
  ignoredColumns: string[];
  rows: ImportRowView[];
  counts: Record<ImportAction, number> & { rows: number; blank: number };
  appropriation: YearEffect[];
  needsOverride: boolean;
}

interface Planned {
  view: ImportRowView;
  entry: SupportEntry | null;
  target: StoredRow | null;
}

const CHANGE_LABELS: Array<[keyof store.RowValues, string]> = [
  ['nyps_id', 'Ärende-id'], ['case_number', 'Diarienummer'], ['support_type', 'Stöd'], ['company', 'Företag'], ['natural_person', 'Fysisk person'],
  ['sector', 'Bransch/Prioritering'], ['gender', 'Kön'], ['municipality', 'Kommun'], ['decided_on', 'Beslutsdatum'], ['rejected', 'Beslut'],
  ['amount_ore', 'Belopp'], ['rejection_reason', 'Avslagsskäl'], ['decider', 'Beslutsfattare'],
];

function changesOf(before: StoredRow, values: Partial<store.RowValues>): string[] {
  const norm = (v: unknown) => (v === undefined ? undefined : v === null ? null : typeof v === 'number' || typeof v === 'bigint' ? Number(v) : v);
  return CHANGE_LABELS.filter(([k]) => k in values && norm(values[k]) !== norm((before as Record<string, unknown>)[k])).map(([, label]) => label);
}

async function plan(ex: Executor, actor: Actor, fileName: string, bytes: Uint8Array, lock: boolean): Promise<{ preview: ImportPreview; planned: Planned[] }> {
  const table = await readTable(fileName, bytes);
  const map = mapColumns(table.headers);
  const checked = checkRows(table.rows, map, todayInStockholm());
  const entries = checked.flatMap((c) => (c.ok ? [c.entry] : []));
  const { ids, dnrs } = casesOf(entries);
  const existing = await store.findByCases(ex, ids, dnrs, lock);
  const commitments = new Map((await store.commitmentsOfRows(ex, existing.map((r) => r.id))).map((c) => [c.business_support_id!, c]));
  const planned: Planned[] = checked.map((c) => {
    const blank: ImportRowView = { line: c.line, action: 'refuse', reason: null, caseLabel: '', company: null, supportType: null, decidedOn: null, rejected: null, amountOre: null, targetId: null, changes: [] };
    if (!c.ok) return { view: { ...blank, reason: c.reason }, entry: null, target: null };
    const e = c.entry;
    const view: ImportRowView = { ...blank, caseLabel: [e.caseNumber, e.nypsId].filter(Boolean).join(' / '), company: e.company, supportType: e.supportType, decidedOn: e.decidedOn, rejected: e.rejected, amountOre: e.amountOre };
    const found = matching(existing, e);
    if (found.length > 1) return { view: { ...view, reason: `Ärendet ${e.nypsId ?? e.caseNumber} står på ${found.length} rader i registret; rätta registret för hand först.` }, entry: null, target: null };
    const target = found[0] ?? null;
    if (!target) return { view: { ...view, action: 'create' }, entry: e, target: null };
    const changes = changesOf(target, valuesOf(e, 'import', actor, target));
    return { view: { ...view, action: changes.length ? 'update' : 'unchanged', targetId: target.id, changes }, entry: e, target };
  });
  // what the import does to each year's appropriation
  const delta = new Map<number, Ore>();
  const add = (year: number, ore: Ore) => delta.set(year, (delta.get(year) ?? 0) + ore);
  for (const p of planned) {
    if (p.view.action !== 'create' && p.view.action !== 'update') continue;
    const e = p.entry!;
    if (!e.rejected && e.amountOre) add(Number(e.decidedOn.slice(0, 4)), e.amountOre);
    const old = p.target ? commitments.get(p.target.id) : undefined;
    if (old) add(old.year, -Number(old.amount_ore));
  }
  const appropriation: YearEffect[] = [];
  for (const year of [...delta.keys()].sort()) {
    const s = await store.yearState(ex, year);
    const change = delta.get(year)!;
    const after = s.committedOre + change;
    appropriation.push({
      year, registered: s.totalOre !== null, totalOre: s.totalOre, committedBeforeOre: s.committedOre, changeOre: change, committedAfterOre: after,
      remainingAfterOre: s.totalOre === null ? null : s.totalOre - after, exceeded: s.totalOre !== null && change > 0 && after > s.totalOre,
    });
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const digest = createHash('sha256')
    .update(sha256)
    .update(JSON.stringify(planned.map((p) => [p.view.line, p.view.action, p.target?.id ?? null, p.target?.version ?? null])))
    .digest('hex');
  const counts = { rows: planned.length, blank: table.blank, create: 0, update: 0, unchanged: 0, refuse: 0 };
  for (const p of planned) counts[p.view.action]++;
  const columns = Object.entries(map.columns).map(([field, i]) => ({ field, label: FIELD_LABELS[field as keyof typeof FIELD_LABELS], header: table.headers[i]!.trim() }));
  return {
    preview: { fileName, sha256, digest, columns, ignoredColumns: map.ignored, rows: planned.map((p) => p.view), counts, appropriation, needsOverride: appropriation.some((y) => y.exceeded) },
    planned,
  };
}

/** What an import of this file would do, row by row; nothing is written. */
export async function previewImport(db: Db, actor: Actor, fileName: string, bytes: Uint8Array): Promise<ImportPreview> {
  authorize(actor, 'funding.edit');
  return (await plan(db.kysely, actor, fileName, bytes, false)).preview;
}

export interface ImportResult extends ImportPreview {
  /** The register rows created and updated (ids, in the file's order). */
  createdIds: number[];
  updatedIds: number[];
}

/**
 * Writes the previewed import, all of it or nothing: the plan is made again
 * inside the transaction and must be the one previewed (`digest`); a year
 * taken beyond its appropriation needs `override.reason`. Refused rows are
 * reported (and audited with their reasons), never written.
 */
export async function confirmImport(db: Db, actor: Actor, input: { fileName: string; bytes: Uint8Array; digest: string; override?: { reason: string } | null }): Promise<ImportResult> {
  authorize(actor, 'funding.edit');
  const result = await db.tx(async (trx) => {
    await store.lockRegister(trx);
    const { preview, planned } = await plan(trx, actor, input.fileName, input.bytes, true);
    if (preview.digest !== input.digest) {
      throw new DomainError('import-changed', 'Registret eller filen har ändrats sedan förhandsgranskningen. Förhandsgranska filen igen innan du bekräftar.', { status: 409 });
    }
    if (preview.needsOverride && !input.override?.reason?.trim()) {
      const years = preview.appropriation.filter((y) => y.exceeded).map((y) => `${y.year} (${kr(-(y.remainingAfterOre ?? 0))} för mycket)`);
      throw new DomainError('appropriation-exceeded', `Inläsningen binder mer än anslaget för ${years.join(', ')}. Ange ett uttryckligt undantag med motivering.`, { status: 422 });
    }
    for (const y of preview.appropriation) await store.lockYear(trx, y.year);
    const before = new Set(await store.naturalPersonNames(trx));
    const createdIds: number[] = [];
    const updatedIds: number[] = [];
    const entries: AuditEntry[] = [];
    for (const p of planned) {
      if (p.view.action === 'create') {
        const row = await store.insertRow(trx, valuesOf(p.entry!, 'import', actor) as store.RowValues);
        await syncCommitment(trx, actor, row, { override: input.override ?? null });
        createdIds.push(row.id);
        entries.push({ actor: actor.id, action: 'business-support.create', entity: 'business_support', entityId: row.id, after: { ...row, importedFrom: input.fileName, line: p.view.line } });
      } else if (p.view.action === 'update') {
        const target = p.target!;
        const row = await store.updateRow(trx, target.id, target.version, valuesOf(p.entry!, 'import', actor, target));
        if (!row) throw new DomainError('import-changed', 'Registret ändrades under inläsningen. Förhandsgranska filen igen.', { status: 409 });
        await syncCommitment(trx, actor, row, { override: input.override ?? null });
        updatedIds.push(row.id);
        entries.push({ actor: actor.id, action: 'business-support.update', entity: 'business_support', entityId: row.id, before: target, after: { ...row, importedFrom: input.fileName, line: p.view.line } });
      }
    }
    entries.push({
      actor: actor.id, action: 'business-support.import', entity: 'business_support_import', entityId: preview.sha256,
      after: { fileName: input.fileName, counts: preview.counts, refused: preview.rows.filter((r) => r.action === 'refuse').map((r) => ({ line: r.line, reason: r.reason })), override: input.override?.reason ?? null },
    });
    await auditMany(trx, entries);
    const added = (await store.naturalPersonNames(trx)).filter((name) => !before.has(name));
    if (added.length) await queueMeetingsMentioning(trx, added);
    return { ...preview, createdIds, updatedIds };
  });
  return result;
}

// ── the delegation report to the committee ───────────────────────────────

export interface DelegationList {
  from: string;
  to: string;
  rows: SupportRow[];
  totals: SupportTotals;
}

/** The business-support decisions of a period (by decision date, or the report period's end), for the delegation's redovisning. */
export async function delegationList(db: Db, actor: Actor, from: string, to: string): Promise<DelegationList> {
  authorize(actor, 'funding.read');
  assertIsoDate(from, 'Från-datumet');
  assertIsoDate(to, 'Till-datumet');
  if (from > to) throw new DomainError('invalid-period', 'Från-datumet måste vara före till-datumet.');
  const personal = can(actor, 'minutes.read-draft');
  const rows = (await store.list(db.kysely, { decidedFrom: from, decidedTo: to })).map((r) => toRow(r, personal));
  return { from, to, rows, totals: totals(rows) };
}

const GENDER_TEXT = { K: 'K', M: 'M' } as const;
const amountText = (r: SupportRow) => (r.rejected ? 'Avslag' : groupDigits(Math.round((r.amountOre ?? 0) / 100)) + ((r.amountOre ?? 0) % 100 ? `,${String((r.amountOre ?? 0) % 100).padStart(2, '0')}` : ''));

/** The list as CSV (UTF-8 with BOM, semicolons): the same columns the import reads, so it can be read back. */
export function delegationCsv(l: DelegationList): string {
  const q = (v: string) => (/[;"\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const head = ['Diarienummer', 'Ärende-id', 'Stöd', 'Företag', 'Fysisk person', 'Bransch/Prioritering', 'Kön', 'Kommun', 'Beslut', 'Belopp', 'Avslagsskäl', 'Beslutsfattare', 'Beslutsdatum'];
  const lines = l.rows.map((r) =>
    [r.caseNumber ?? '', r.nypsId ?? '', r.supportType, r.company, r.naturalPerson ? 'ja' : 'nej', r.sector, r.gender ? GENDER_TEXT[r.gender] : '', r.municipality, r.rejected ? 'Avslag' : 'Beviljat', r.rejected ? '' : amountText(r).replace(/\u00a0/g, ' '), r.rejectionReason ?? '', r.decider, r.decidedOn ?? r.periodTo].map(q).join(';'),
  );
  return `\ufeff${[head.join(';'), ...lines].join('\r\n')}\r\n`;
}

/** The list as the PDF the committee gets: "Företagsstöd / Perioden: A – B", one block per decision, the sums. */
export async function delegationPdf(l: DelegationList): Promise<Uint8Array> {
  const flow = await TextFlow.create({
    title: `Redovisning av delegationsbeslut – företagsstöd ${l.from} – ${l.to}`,
    author: REGION,
    subject: 'Företagsstöd beslutade på delegation',
    date: new Date(`${l.to}T00:00:00Z`),
    header: `${REGION} – Regional utveckling – Redovisning av delegationsbeslut`,
  });
  flow.heading('Företagsstöd', 1);
  flow.text(`Perioden: ${l.from} – ${l.to}`, { bold: true, gapAfter: 8 });
  if (!l.rows.length) flow.text('Inga beslut om företagsstöd under perioden.');
  for (const r of l.rows) {
    flow.text(`${[r.caseNumber, r.nypsId ? `NypsID: ${r.nypsId}` : null].filter(Boolean).join(' · ')} – ${r.supportType}`, { bold: true, gapAfter: 1 });
    flow.text(`${r.company}${r.sector ? `, ${r.sector}` : ''}; ${r.gender ?? '–'}; ${r.municipality}`, { indent: 14, gapAfter: 1 });
    flow.text(`${r.rejected ? `Avslag${r.rejectionReason ? ` (${r.rejectionReason})` : ''}` : `${amountText(r)} kr`} – ${r.decider}, ${r.decidedOn ?? `perioden ${r.periodFrom} – ${r.periodTo}`}`, { indent: 14, gapAfter: 6 });
  }
  flow.space(8);
  const t = l.totals;
  flow.text(`Antal beslut: ${t.rows}, varav ${t.granted} beviljade och ${t.rejected} avslag. Beviljat belopp: ${kr(t.sumGrantedOre)}.`, { bold: true });
  flow.text(`Till kvinnor (K): ${t.byGender.K.granted} beslut, ${kr(t.byGender.K.sumOre)}; till män (M): ${t.byGender.M.granted} beslut, ${kr(t.byGender.M.sumOre)}; blandat eller ej angivet: ${t.byGender.okänt.granted} beslut, ${kr(t.byGender.okänt.sumOre)}.`);
  return flow.finish();
}

/**
 * Marks a row of the register as a natural person (or not), overriding the
 * inference; kept across re-imports of the same report. The caller rebuilds
 * the public search index (the name is masked there too).
 */
export async function setNaturalPerson(trx: Executor, actor: Actor, id: number, naturalPerson: boolean): Promise<{ id: number; name: string; naturalPerson: boolean }> {
  authorize(actor, 'funding.edit');
  if (typeof naturalPerson !== 'boolean') throw new DomainError('invalid-natural-person', 'Ange om stödmottagaren är en fysisk person (ja eller nej).');
  const before = await store.find(trx, id, true);
  if (!before) throw notFound('Raden i företagsstödsregistret', id);
  await store.setNaturalPerson(trx, id, naturalPerson, actor.id);
  await audit(trx, {
    actor: actor.id, action: 'business-support.natural-person', entity: 'business_support', entityId: id,
    before: { naturalPerson: before.natural_person, setBy: before.natural_person_set_by }, after: { naturalPerson },
  });
  return { id, name: before.company, naturalPerson };
}

/** The names of every natural person in the register and among co-financing applicants: masked on every public path. */
export const naturalPersonNames = (ex: Executor): Promise<string[]> => store.naturalPersonNames(ex);

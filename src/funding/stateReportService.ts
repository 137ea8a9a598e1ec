/**
 * The yearly report to the state (återrapportering): tables computed from the
 * records (the 1:1 appropriation and its commitments, the business support
 * register), exports, and the narrative per year with optimistic locking.
 */
import { audit, executorOf, type Db, type Executor } from '../db/index.ts';
import { DomainError } from '../kernel/errors.ts';
import { xlsx } from '../kernel/xlsx.ts';
import { authorize, SYSTEM, type Actor } from '../access/model.ts';
import * as support from './supportService.ts';
import { defaultSources, type StateReportSources } from './stateReportSources.ts';
import {
  NARRATIVE_HEADINGS,
  reportTables,
  tablesCsv,
  tablesSheets,
  validateAnalyses,
  validateNarrative,
  type Analysis,
  type NarrativeHeading,
  type ReportSupport,
  type ReportTable,
} from './stateReport.ts';
import * as store from './stateReportStore.ts';
import { renderStateReportPdf } from './stateReportPdf.ts';

export interface StateReportTables {
  year: number;
  tables: ReportTable[];
}

export interface NarrativeView {
  year: number;
  /** 0 while nothing is saved for the year. */
  version: number;
  sections: Record<string, string>;
  analyses: Analysis[];
  copiedFrom: number | null;
  updatedBy: string | null;
  updatedAt: string | null;
  headings: readonly NarrativeHeading[];
}

function checkYear(year: number): number {
  if (!Number.isInteger(year) || year < 2000 || year > 2100) throw new DomainError('invalid-year', `Året ${year} är inte ett giltigt rapportår (2000–2100).`);
  return year;
}

/** The year's business support decisions: those whose reporting period ends in the year; aggregates only, no names. */
async function supportOf(db: Db, year: number): Promise<ReportSupport[]> {
  const { rows } = await support.register(db, SYSTEM, { from: `${year}-01-01`, to: `${year}-12-31` });
  return rows
    .filter((r) => r.periodTo.slice(0, 4) === String(year))
    .map((r) => ({ supportType: r.supportType, gender: r.gender, municipality: r.municipality, amountOre: r.amountOre, rejected: r.rejected }));
}

/** Every table of sections 2 and 5 for the year. Public: aggregates, never names. */
export async function tables(db: Db, year: number, sources: StateReportSources = defaultSources): Promise<StateReportTables> {
  checkYear(year);
  const ex = executorOf(db);
  const [appropriation, projects, supportRows, narrative, priorities] = await Promise.all([sources.appropriation(ex, year), sources.projects(ex, year), supportOf(db, year), store.find(ex, year), store.priorities(ex)]);
  const analyses = narrative ? validateAnalyses(narrative.analyses) : [];
  return { year, tables: reportTables({ year, appropriation, projects, commitments: appropriation?.commitments ?? [], support: supportRows, analyses, priorities }) };
}

export async function tablesAsCsv(db: Db, year: number, sources?: StateReportSources): Promise<string> {
  return tablesCsv((await tables(db, year, sources)).tables);
}

export async function tablesAsXlsx(db: Db, year: number, sources?: StateReportSources): Promise<Buffer> {
  return xlsx(tablesSheets((await tables(db, year, sources)).tables));
}

/** The whole report as PDF: the narrative under every heading and every table (the narrative is a draft: staff only). */
export async function reportPdf(db: Db, actor: Actor, year: number, sources?: StateReportSources): Promise<Uint8Array> {
  authorize(actor, 'report.read-draft');
  checkYear(year);
  const [t, n] = await Promise.all([tables(db, year, sources), store.find(executorOf(db), year)]);
  return renderStateReportPdf({ year, tables: t.tables, sections: n?.sections ?? {}, version: n?.version ?? 0, updatedAt: n ? new Date(n.updated_at).toISOString() : null });
}

const toView = (year: number, r: Awaited<ReturnType<typeof store.find>>): NarrativeView => ({
  year,
  version: r?.version ?? 0,
  sections: r?.sections ?? {},
  analyses: r ? (r.analyses as Analysis[]) : [],
  copiedFrom: r?.copied_from ?? null,
  updatedBy: r?.updated_by ?? null,
  updatedAt: r ? new Date(r.updated_at).toISOString() : null,
  headings: NARRATIVE_HEADINGS,
});

/** The narrative of the year (a draft until sent: staff only). */
export async function narrative(db: Db | Executor, actor: Actor, year: number): Promise<NarrativeView> {
  authorize(actor, 'report.read-draft');
  checkYear(year);
  return toView(year, await store.find(executorOf(db), year));
}

export interface NarrativeChange {
  /** The version the change is based on; 0 for a year with nothing saved yet. */
  version: number;
  /** Only the headings given are changed; an empty text clears one. */
  sections?: Record<string, string>;
  /** When given, replaces the table of section 5. */
  analyses?: Analysis[];
}

function stale(year: number, mine: number, now: number, by: string | null): DomainError {
  return new DomainError(
    'stale-version',
    now === 0
      ? `Återrapporteringen ${year} finns inte ännu; spara med version 0 för att skapa den.`
      : `Återrapporteringen ${year} har ändrats av ${by ?? 'någon annan'} sedan du hämtade den (din version ${mine}, nu ${now}). Ladda om och gör ändringen igen.`,
    { status: 409 },
  );
}

/** Saves texts of the year's narrative; refused when someone else saved since `version`. */
export async function saveNarrative(db: Db, actor: Actor, year: number, change: NarrativeChange): Promise<NarrativeView> {
  authorize(actor, 'report.edit');
  checkYear(year);
  if (!Number.isInteger(change.version) || change.version < 0) throw new DomainError('invalid-version', 'Versionen ska vara ett heltal, 0 eller större.');
  const given = validateNarrative({ sections: change.sections ?? {}, analyses: change.analyses ?? [] });
  return db.tx(async (trx) => {
    await store.lockYear(trx, year);
    const before = await store.find(trx, year, true);
    const now = before?.version ?? 0;
    if (change.version !== now) throw stale(year, change.version, now, before?.updated_by ?? null);
    const sections = { ...(before?.sections ?? {}) };
    for (const key of Object.keys(change.sections ?? {})) {
      if (given.sections[key] === undefined) delete sections[key];
      else sections[key] = given.sections[key];
    }
    const analyses = change.analyses !== undefined ? given.analyses : ((before?.analyses as Analysis[] | undefined) ?? []);
    const row = before
      ? await store.update(trx, year, { sections, analyses, updated_by: actor.id })
      : await store.insert(trx, { year, sections, analyses, copied_from: null, updated_by: actor.id });
    await audit(trx, { actor: actor.id, action: 'state-report.narrative', entity: 'state_report', entityId: year, before: before ? { version: before.version, sections: before.sections, analyses: before.analyses } : undefined, after: { version: row.version, sections, analyses } });
    return toView(year, row);
  });
}

/** "Utgå från förra årets text": copies the latest earlier year's texts into a new draft for `year`. */
export async function copyFromPrevious(db: Db, actor: Actor, year: number): Promise<NarrativeView> {
  authorize(actor, 'report.edit');
  checkYear(year);
  return db.tx(async (trx) => {
    await store.lockYear(trx, year);
    const existing = await store.find(trx, year, true);
    if (existing && (Object.keys(existing.sections).length > 0 || (existing.analyses as unknown[]).length > 0)) {
      throw new DomainError('report-not-empty', `Återrapporteringen ${year} har redan texter; den kan inte ersättas med ett tidigare års.`, { status: 409 });
    }
    const prev = await store.previous(trx, year);
    if (!prev) throw new DomainError('no-previous-report', `Det finns ingen återrapportering före ${year} att utgå från.`, { status: 404 });
    const copy = { sections: prev.sections, analyses: validateAnalyses(prev.analyses) };
    const row = existing
      ? await store.update(trx, year, { ...copy, updated_by: actor.id, copied_from: prev.year })
      : await store.insert(trx, { year, ...copy, copied_from: prev.year, updated_by: actor.id });
    await audit(trx, { actor: actor.id, action: 'state-report.copy', entity: 'state_report', entityId: year, after: { copiedFrom: prev.year, version: row.version, sections: Object.keys(copy.sections) } });
    return toView(year, row);
  });
}

// ---------------------------------------------------------------- the strategy's priorities

export interface PriorityView {
  id: number;
  code: string;
  name: string;
  position: number;
  version: number;
}
export interface PriorityInput {
  code: string;
  name: string;
  position: number;
}

const priorityView = (r: { id: number; code: string; name: string; position: number; version: number }): PriorityView => ({ id: r.id, code: r.code, name: r.name, position: r.position, version: r.version });

function validatePriority(input: PriorityInput): PriorityInput {
  const code = String(input.code ?? '').trim();
  const name = String(input.name ?? '').trim().replace(/\s+/g, ' ');
  if (!code || code.length > 40) throw new DomainError('invalid-priority', 'Prioriteringens kod ska vara 1–40 tecken.');
  if (!name || name.length > 300) throw new DomainError('invalid-priority', 'Prioriteringens namn ska vara 1–300 tecken.');
  if (!Number.isInteger(input.position) || input.position < 1 || input.position > 1000) throw new DomainError('invalid-priority', 'Ordningen ska vara ett heltal 1–1000.');
  return { code, name, position: input.position };
}

/** The regional development strategy's priorities in the report's order. Public: names and codes of a published strategy. */
export async function listPriorities(db: Db | Executor): Promise<PriorityView[]> {
  return (await store.priorities(executorOf(db))).map(priorityView);
}

async function codeFree(trx: Executor, code: string, id: number | null): Promise<void> {
  const other = await store.priorityByCode(trx, code);
  if (other && other.id !== id) throw new DomainError('priority-code-taken', `Koden ${code} används redan av prioriteringen ${other.name}.`, { status: 409 });
}

/** Adds a priority; the co-financing applications whose rank is its code point to it from now on. */
export async function createPriority(db: Db, actor: Actor, input: PriorityInput): Promise<PriorityView> {
  authorize(actor, 'report.edit');
  const p = validatePriority(input);
  return db.tx(async (trx) => {
    await store.lockYear(trx, 0);
    await codeFree(trx, p.code, null);
    const row = await store.insertPriority(trx, { ...p, by: actor.id });
    await store.linkApplications(trx, row.id, row.code);
    await audit(trx, { actor: actor.id, action: 'state-report.priority-create', entity: 'strategy_priority', entityId: row.id, after: p });
    return priorityView(row);
  });
}

/** Changes a priority's code, name or order; refused when someone else changed it since `version`. */
export async function updatePriority(db: Db, actor: Actor, id: number, input: PriorityInput & { version: number }): Promise<PriorityView> {
  authorize(actor, 'report.edit');
  const p = validatePriority(input);
  return db.tx(async (trx) => {
    await store.lockYear(trx, 0);
    const before = await store.findPriority(trx, id, true);
    if (!before) throw new DomainError('priority-not-found', `Prioriteringen ${id} finns inte.`, { status: 404 });
    if (before.version !== input.version) {
      throw new DomainError('stale-version', `Prioriteringen ${before.name} har ändrats av ${before.updated_by} sedan du hämtade den (din version ${input.version}, nu ${before.version}). Ladda om och gör ändringen igen.`, { status: 409 });
    }
    await codeFree(trx, p.code, id);
    const row = await store.updatePriority(trx, id, { ...p, by: actor.id });
    if (row.code !== before.code) await store.linkApplications(trx, row.id, row.code);
    await audit(trx, { actor: actor.id, action: 'state-report.priority-update', entity: 'strategy_priority', entityId: id, before: { code: before.code, name: before.name, position: before.position }, after: p });
    return priorityView(row);
  });
}

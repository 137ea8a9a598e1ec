/** Use cases of the case register. Other modules use cases only through here. */
import { audit, auditMany, executorOf, type Db, type Executor } from '../db/index.ts';
import { DomainError, notFound } from '../kernel/errors.ts';
import { parseCaseNumber, formatCaseNumber } from '../kernel/caseNumber.ts';
import { caseNumberOf, cleanTitle, validateNewCase } from './model.ts';
import { authorize, type Actor } from '../access/model.ts';
import * as store from './store.ts';
import type { CaseRow } from './store.ts';

export type { Actor } from '../access/model.ts';

export interface CaseRecord {
  id: number;
  caseNumber: string;
  year: number;
  series: string;
  serial: number;
  title: string;
  registeredOn: string | null;
  origin: 'registered' | 'imported';
  version: number;
}

const toRecord = (r: CaseRow): CaseRecord => ({
  id: r.id,
  caseNumber: r.case_number,
  year: r.year,
  series: r.series,
  serial: r.serial,
  title: r.title,
  registeredOn: r.registered_on,
  origin: r.origin,
  version: r.version,
});

/** Registers a new case and gives it the next number of its year and series. */
export async function registerCase(
  db: Db,
  actor: Actor,
  input: { title?: unknown; series?: unknown; registeredOn?: unknown },
): Promise<CaseRecord> {
  authorize(actor, 'case.register');
  validateNewCase(input);
  return db.tx((trx) => registerCaseIn(trx, actor, input));
}

/** Registers a new case inside the caller's transaction (for modules that open a case as part of their own use case). */
export async function registerCaseIn(
  trx: Executor,
  actor: Actor,
  input: { title?: unknown; series?: unknown; registeredOn?: unknown },
): Promise<CaseRecord> {
  authorize(actor, 'case.register');
  const c = validateNewCase(input);
  const serial = await store.nextSerial(trx, c.year, c.series);
  const row = await store.insertCase(trx, {
    case_number: caseNumberOf(c.year, c.series, serial),
    year: c.year,
    series: c.series,
    serial,
    title: c.title,
    registered_on: c.registeredOn,
    origin: 'registered',
  });
  await audit(trx, { actor: actor.id, action: 'case.register', entity: 'case', entityId: row.case_number, after: row });
  return toRecord(row);
}

/**
 * Makes sure the cases named in a legacy paper exist (inside the caller's
 * transaction). A case already registered keeps its title. Returns case ids by number.
 */
export async function ensureCases(
  trx: Executor,
  actor: Actor,
  cases: Array<{ caseNumber: string; title: string }>,
): Promise<Map<string, number>> {
  const wanted = new Map<string, string>();
  for (const c of cases) {
    const normal = formatCaseNumber(parseCaseNumber(c.caseNumber));
    if (!wanted.has(normal)) wanted.set(normal, c.title);
  }
  const numbers = [...wanted.keys()].sort();
  const candidates = numbers.map((caseNumber) => {
    const cn = parseCaseNumber(caseNumber);
    return {
      case_number: caseNumber,
      year: cn.year,
      series: cn.series,
      serial: cn.serial,
      title: cleanTitle(wanted.get(caseNumber)!).slice(0, 500) || caseNumber,
      registered_on: null,
      origin: 'imported' as const,
    };
  });
  // three statements however many cases: the new ones, their counters, their audit entries
  const inserted = await store.insertCasesIfAbsent(trx, candidates);
  const added = candidates.filter((c) => inserted.has(c.case_number));
  await store.raiseCounters(trx, added);
  await auditMany(trx, added.map((row) => ({ actor: actor.id, action: 'case.import', entity: 'case', entityId: row.case_number, after: row })));
  const rows = await store.findCasesByNumbers(trx, numbers);
  return new Map(rows.map((r) => [r.case_number, r.id]));
}

export async function getCase(db: Db | Executor, caseNumber: string): Promise<CaseRecord> {
  const normal = formatCaseNumber(parseCaseNumber(caseNumber));
  const row = await store.findCaseByNumber(executorOf(db), normal);
  if (!row) throw notFound('Ärendet', normal);
  return toRecord(row);
}

/** Case numbers for case ids (for other modules' views). */
export async function caseNumbersByIds(ex: Executor, ids: number[]): Promise<Map<number, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await store.findCasesByIds(ex, unique);
  return new Map(rows.map((r) => [r.id, r.case_number]));
}

/** Cases by their (normalised) numbers, in one query, for other modules' views (the open-data API); unknown numbers are left out. */
export async function casesByNumbers(ex: Db | Executor, caseNumbers: string[]): Promise<CaseRecord[]> {
  const unique = [...new Set(caseNumbers)];
  if (unique.length === 0) return [];
  return (await store.findCasesByNumbers(executorOf(ex), unique)).map(toRecord);
}

/** Case ids whose number matches a (partial) case number, for search. */
export async function findCaseIds(ex: Executor, numberFragment: string, limit = 200): Promise<number[]> {
  return store.findCaseIdsByNumberFragment(ex, numberFragment, limit);
}

export async function listCases(
  db: Db,
  opts: { q?: string | undefined; limit?: number | undefined; offset?: number | undefined },
): Promise<{ items: CaseRecord[]; total: number; limit: number; offset: number }> {
  const limit = opts.limit ?? 50;
  const offset = opts.offset ?? 0;
  if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw new DomainError('invalid-limit', 'limit måste vara ett heltal mellan 1 och 500.');
  if (!Number.isInteger(offset) || offset < 0) throw new DomainError('invalid-offset', 'offset måste vara ett heltal, 0 eller större.');
  const { rows, total } = await store.listCases(db.kysely, { q: opts.q?.trim() || undefined, limit, offset });
  return { items: rows.map(toRecord), total: total ?? 0, limit, offset };
}

/** The newest cases whose number or title contains `q`, for search (no total count). */
export async function findCasesForSearch(db: Db, q: string, limit = 50): Promise<CaseRecord[]> {
  const { rows } = await store.listCases(db.kysely, { q: q.trim() || undefined, limit, offset: 0, withTotal: false });
  return rows.map(toRecord);
}

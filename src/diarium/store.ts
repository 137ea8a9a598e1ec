/** SQL for the case register: diarium_case and case_serial_counter. */
import { sql } from 'kysely';
import type { Executor } from '../db/index.ts';
import { escapeLike } from '../kernel/text.ts';

export interface CaseRow {
  id: number;
  case_number: string;
  year: number;
  series: string;
  serial: number;
  title: string;
  registered_on: string | null;
  origin: 'registered' | 'imported';
  version: number;
  officer: string | null;
  status: 'open' | 'dormant' | 'closed';
  closed_on: string | null;
  updated_by: string | null;
}

const caseColumns = ['id', 'case_number', 'year', 'series', 'serial', 'title', 'registered_on', 'origin', 'version', 'officer', 'status', 'closed_on', 'updated_by'] as const;

/**
 * Takes the next serial for (year, series). The counter row is locked until
 * the transaction ends, so concurrent registrations queue and a rolled-back
 * registration gives its number back: no gaps, no duplicates.
 */
export async function nextSerial(ex: Executor, year: number, series: string): Promise<number> {
  const row = await ex
    .insertInto('case_serial_counter')
    .values({ year, series, last_serial: 1 })
    .onConflict((oc) =>
      oc.columns(['year', 'series']).doUpdateSet({ last_serial: sql`case_serial_counter.last_serial + 1` }),
    )
    .returning('last_serial')
    .executeTakeFirstOrThrow();
  return row.last_serial;
}

/** Makes sure later registrations continue after a number taken from legacy papers. */
export async function insertCase(
  ex: Executor,
  c: Omit<CaseRow, 'id' | 'version' | 'officer' | 'status' | 'closed_on' | 'updated_by'> & Partial<Pick<CaseRow, 'officer'>>,
): Promise<CaseRow> {
  return ex.insertInto('diarium_case').values(c).returning(caseColumns).executeTakeFirstOrThrow();
}

export async function findCaseByNumber(ex: Executor, caseNumber: string): Promise<CaseRow | undefined> {
  return ex.selectFrom('diarium_case').select(caseColumns).where('case_number', '=', caseNumber).executeTakeFirst();
}

export async function findCasesByNumbers(ex: Executor, caseNumbers: string[]): Promise<CaseRow[]> {
  if (caseNumbers.length === 0) return [];
  return ex.selectFrom('diarium_case').select(caseColumns).where('case_number', 'in', caseNumbers).execute();
}

export async function findCasesByIds(ex: Executor, ids: number[]): Promise<CaseRow[]> {
  if (ids.length === 0) return [];
  return ex.selectFrom('diarium_case').select(caseColumns).where('id', 'in', ids).execute();
}

export async function findCaseIdsByNumberFragment(ex: Executor, fragment: string, limit: number): Promise<number[]> {
  const rows = await ex
    .selectFrom('diarium_case')
    .select('id')
    .where('case_number', 'ilike', `%${escapeLike(fragment)}%`)
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/** Inserts the cases not already there, in one statement; returns the case numbers it inserted. */
export async function insertCasesIfAbsent(ex: Executor, cases: Array<Omit<CaseRow, 'id' | 'version' | 'officer' | 'status' | 'closed_on' | 'updated_by'>>): Promise<Set<string>> {
  if (cases.length === 0) return new Set();
  const rows = await ex
    .insertInto('diarium_case')
    .values(cases)
    .onConflict((oc) => oc.column('case_number').doNothing())
    .returning('case_number')
    .execute();
  return new Set(rows.map((r) => r.case_number));
}

/** Raises several (year, series) counters to at least the given serials, in one statement. */
export async function raiseCounters(ex: Executor, counters: Array<{ year: number; series: string; serial: number }>): Promise<void> {
  const highest = new Map<string, { year: number; series: string; last_serial: number }>();
  for (const c of counters) {
    const key = `${c.year}:${c.series}`;
    if ((highest.get(key)?.last_serial ?? -1) < c.serial) highest.set(key, { year: c.year, series: c.series, last_serial: c.serial });
  }
  if (highest.size === 0) return;
  await ex
    .insertInto('case_serial_counter')
    .values([...highest.values()])
    .onConflict((oc) =>
      oc.columns(['year', 'series']).doUpdateSet({ last_serial: sql`greatest(case_serial_counter.last_serial, excluded.last_serial)` }),
    )
    .execute();
}

export async function listCases(
  ex: Executor,
  opts: { q?: string | undefined; limit: number; offset: number; withTotal?: boolean },
): Promise<{ rows: CaseRow[]; total: number | null }> {
  let base = ex.selectFrom('diarium_case');
  if (opts.q) {
    const like = `%${escapeLike(opts.q)}%`;
    base = base.where((eb) => eb.or([eb('case_number', 'ilike', like), eb('title', 'ilike', like)]));
  }
  const [rows, total] = await Promise.all([
    base
      .select(caseColumns)
      .orderBy('year', 'desc')
      .orderBy('serial', 'desc')
      .limit(opts.limit)
      .offset(opts.offset)
      .execute(),
    // the count scans every match: only when the caller shows it (a list page, not search)
    opts.withTotal === false ? Promise.resolve(null) : base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: total === null ? null : Number(total.n) };
}


/** The case row locked for an edit in this transaction. */
export async function lockCase(ex: Executor, caseNumber: string): Promise<CaseRow | undefined> {
  return ex.selectFrom('diarium_case').select(caseColumns).where('case_number', '=', caseNumber).forUpdate().executeTakeFirst();
}

export async function updateCase(ex: Executor, id: number, set: Partial<Pick<CaseRow, 'title' | 'officer' | 'status' | 'closed_on'>>, by: string): Promise<CaseRow> {
  return ex
    .updateTable('diarium_case')
    .set({ ...set, updated_by: by, updated_at: new Date(), version: sql`version + 1` })
    .where('id', '=', id)
    .returning(caseColumns)
    .executeTakeFirstOrThrow();
}

export interface CaseLinkRow {
  case_number: string;
  title: string;
  kind: 'extends' | 'related';
  /** 'from': this case refers to the other; 'to': the other refers to this one. */
  direction: 'from' | 'to';
}

export async function linksOf(ex: Executor, caseId: number): Promise<CaseLinkRow[]> {
  const side = (direction: 'from' | 'to') => {
    const [mine, other] = direction === 'from' ? (['l.from_case_id', 'l.to_case_id'] as const) : (['l.to_case_id', 'l.from_case_id'] as const);
    return ex
      .selectFrom('case_link as l')
      .innerJoin('diarium_case as c', 'c.id', other)
      .select(['c.case_number', 'c.title', 'l.kind'])
      .where(mine, '=', caseId)
      .orderBy('c.year')
      .orderBy('c.serial')
      .execute()
      .then((rows) => rows.map((r) => ({ ...r, direction })));
  };
  return [...(await side('from')), ...(await side('to'))];
}

/** Inserts a link unless the two cases are already linked either way; returns whether it did. */
export async function insertLink(ex: Executor, fromId: number, toId: number, kind: 'extends' | 'related', by: string): Promise<boolean> {
  const existing = await ex
    .selectFrom('case_link')
    .select('kind')
    .where((eb) => eb.or([eb.and([eb('from_case_id', '=', fromId), eb('to_case_id', '=', toId)]), eb.and([eb('from_case_id', '=', toId), eb('to_case_id', '=', fromId)])]))
    .executeTakeFirst();
  if (existing) return false;
  await ex.insertInto('case_link').values({ from_case_id: fromId, to_case_id: toId, kind, created_by: by }).execute();
  return true;
}

/** Removes the link between two cases, whichever way it was stored; returns whether there was one. */
export async function deleteLink(ex: Executor, a: number, b: number): Promise<boolean> {
  const r = await ex
    .deleteFrom('case_link')
    .where((eb) => eb.or([eb.and([eb('from_case_id', '=', a), eb('to_case_id', '=', b)]), eb.and([eb('from_case_id', '=', b), eb('to_case_id', '=', a)])]))
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

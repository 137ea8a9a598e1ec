/** Use cases of the case register. Other modules use cases only through here. */
import { audit, auditMany, executorOf, type Db, type Executor } from '../db/index.ts';
import { DomainError, notFound } from '../kernel/errors.ts';
import { parseCaseNumber, formatCaseNumber } from '../kernel/caseNumber.ts';
import { caseNumberOf, cleanTitle, validateNewCase } from './model.ts';
import { assertIsoDate, todayInStockholm } from '../kernel/dates.ts';
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
  /** Handläggare (the official who prepares the case), or null. */
  officer: string | null;
  status: CaseStatus;
  closedOn: string | null;
}

export type CaseStatus = 'open' | 'dormant' | 'closed';
export const CASE_STATUS_LABEL: Record<CaseStatus, string> = { open: 'Öppet', dormant: 'Vilande', closed: 'Avslutat' };

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
  officer: r.officer,
  status: r.status,
  closedOn: r.closed_on,
});

/**
 * Registers a new case and gives it the next number of its year and series –
 * or, with `caseNumber`, under the number it already has (a case begun in
 * another system): refused when that number is taken, and later numbers of
 * its year and series continue after it.
 */
export async function registerCase(
  db: Db,
  actor: Actor,
  input: { title?: unknown; series?: unknown; registeredOn?: unknown; caseNumber?: unknown; officer?: unknown },
): Promise<CaseRecord> {
  authorize(actor, 'case.register');
  const c = validateNewCase(input);
  const officer = validOfficer(input.officer);
  if (input.caseNumber === undefined || input.caseNumber === null || input.caseNumber === '') {
    return db.tx(async (trx) => {
      const created = await registerCaseIn(trx, actor, input);
      return officer ? toRecord(await store.updateCase(trx, created.id, { officer }, actor.id)) : created;
    });
  }
  const cn = parseCaseNumber(String(input.caseNumber));
  const caseNumber = formatCaseNumber(cn);
  return db.tx(async (trx) => {
    if (await store.findCaseByNumber(trx, caseNumber)) {
      throw new DomainError('case-exists', `Diarienumret ${caseNumber} finns redan i diariet. Öppna det ärendet i stället, eller kontrollera numret.`, { status: 409 });
    }
    const row = await store.insertCase(trx, {
      case_number: caseNumber, year: cn.year, series: cn.series, serial: cn.serial, title: c.title, registered_on: c.registeredOn, origin: 'registered', officer,
    });
    await store.raiseCounters(trx, [{ year: cn.year, series: cn.series, serial: cn.serial }]);
    await audit(trx, { actor: actor.id, action: 'case.register-existing', entity: 'case', entityId: caseNumber, after: row });
    return toRecord(row);
  });
}

function validOfficer(v: unknown): string | null {
  if (v === undefined || v === null) return null;
  const name = cleanTitle(String(v));
  if (name.length > 200) throw new DomainError('officer-too-long', 'Handläggarens namn får vara högst 200 tecken.');
  return name || null;
}

/**
 * Changes a case's ärendemening, handläggare or status at the version the
 * user saw; closing records the day (today unless given), reopening clears it.
 */
export async function updateCase(
  db: Db,
  actor: Actor,
  caseNumber: string,
  input: { version: number; title?: string; officer?: string | null; status?: CaseStatus; closedOn?: string | null },
): Promise<CaseRecord> {
  authorize(actor, 'case.register');
  const normal = formatCaseNumber(parseCaseNumber(caseNumber));
  return db.tx(async (trx) => {
    const row = await store.lockCase(trx, normal);
    if (!row) throw notFound('Ärendet', normal);
    if (row.version !== input.version) {
      throw new DomainError('stale-version', `Ärendet ${normal} har ändrats av ${row.updated_by ?? 'någon annan'} sedan du hämtade det (din version ${input.version}, nu ${row.version}). Ladda om och gör ändringen igen.`, { status: 409 });
    }
    const set: Parameters<typeof store.updateCase>[2] = {};
    if (input.title !== undefined) set.title = validateNewCase({ title: input.title, series: row.series, registeredOn: row.registered_on ?? undefined }).title;
    if (input.officer !== undefined) set.officer = validOfficer(input.officer);
    if (input.status !== undefined && input.status !== row.status) {
      if (!(input.status in CASE_STATUS_LABEL)) throw new DomainError('invalid-status', `Status "${String(input.status)}" finns inte; välj öppet, vilande eller avslutat.`);
      set.status = input.status;
      set.closed_on = input.status === 'closed' ? (input.closedOn ? assertIsoDate(input.closedOn, 'Avslutsdatumet') : todayInStockholm()) : null;
    } else if (input.closedOn !== undefined && row.status === 'closed' && input.closedOn) {
      set.closed_on = assertIsoDate(input.closedOn, 'Avslutsdatumet');
    }
    if (set.closed_on && row.registered_on && set.closed_on < row.registered_on) {
      throw new DomainError('invalid-date', `Ärendet kan inte avslutas ${set.closed_on}, före registreringen ${row.registered_on}.`);
    }
    if (Object.keys(set).length === 0) return toRecord(row);
    const after = await store.updateCase(trx, row.id, set, actor.id);
    await audit(trx, { actor: actor.id, action: 'case.update', entity: 'case', entityId: normal, before: { title: row.title, officer: row.officer, status: row.status, closedOn: row.closed_on }, after: set });
    return toRecord(after);
  });
}

export interface CaseLink {
  caseNumber: string;
  title: string;
  kind: 'extends' | 'related';
  /** How the link reads from this case: "förlänger" / "förlängs av" / "relaterat". */
  label: string;
}

const LINK_LABEL = { extends: { from: 'Fortsättning på', to: 'Fortsätts i' }, related: { from: 'Relaterat ärende', to: 'Relaterat ärende' } } as const;

export async function caseLinks(ex: Db | Executor, caseId: number): Promise<CaseLink[]> {
  return (await store.linksOf(executorOf(ex), caseId)).map((l) => ({ caseNumber: l.case_number, title: l.title, kind: l.kind, label: LINK_LABEL[l.kind][l.direction] }));
}

/** Links a case to another: `extends` when it continues (extends, amends) the other, else `related`. */
export async function linkCases(db: Db, actor: Actor, caseNumber: string, input: { caseNumber: string; kind: 'extends' | 'related' }): Promise<CaseLink[]> {
  authorize(actor, 'case.register');
  const from = formatCaseNumber(parseCaseNumber(caseNumber));
  const to = formatCaseNumber(parseCaseNumber(input.caseNumber));
  if (from === to) throw new DomainError('link-self', 'Ett ärende kan inte länkas till sig självt.');
  if (input.kind !== 'extends' && input.kind !== 'related') throw new DomainError('invalid-link', 'Välj om ärendet är en fortsättning på det andra eller relaterat till det.');
  return db.tx(async (trx) => {
    const [a, b] = [await store.lockCase(trx, from), await store.findCaseByNumber(trx, to)];
    if (!a) throw notFound('Ärendet', from);
    if (!b) throw notFound('Ärendet', to);
    if (!(await store.insertLink(trx, a.id, b.id, input.kind, actor.id))) {
      throw new DomainError('link-exists', `${from} och ${to} är redan länkade.`, { status: 409 });
    }
    await audit(trx, { actor: actor.id, action: 'case.link', entity: 'case', entityId: from, after: { to, kind: input.kind } });
    return caseLinks(trx, a.id);
  });
}

export async function unlinkCases(db: Db, actor: Actor, caseNumber: string, other: string): Promise<CaseLink[]> {
  authorize(actor, 'case.register');
  const from = formatCaseNumber(parseCaseNumber(caseNumber));
  const to = formatCaseNumber(parseCaseNumber(other));
  return db.tx(async (trx) => {
    const [a, b] = [await store.lockCase(trx, from), await store.findCaseByNumber(trx, to)];
    if (!a) throw notFound('Ärendet', from);
    if (!b || !(await store.deleteLink(trx, a.id, b.id))) throw new DomainError('not-found', `${from} och ${to} är inte länkade.`, { status: 404 });
    await audit(trx, { actor: actor.id, action: 'case.unlink', entity: 'case', entityId: from, before: { to } });
    return caseLinks(trx, a.id);
  });
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

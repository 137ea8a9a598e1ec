/**
 * Budgets per body and year: a draft whose parameters, areas and associations
 * are edited (optimistic locking on the budget's version, every change in the
 * audit log), then adopted and read-only. Adopted budgets are public; drafts
 * are read by members and staff. The follow-up report (outcome, forecast) is
 * entered through the year, also after adoption.
 */
import type { Transaction } from 'kysely';
import { audit, executorOf, type Database, type Db, type Executor } from '../db/index.ts';
import { DomainError, notFound } from '../kernel/errors.ts';
import { authorize, can, SYSTEM, type Actor } from '../access/model.ts';
import * as meetings from '../meetings/service.ts';
import {
  allocate,
  investmentTable,
  operatingStatement,
  PARAMETERS_2026,
  resultReport,
  validateArea,
  validateAssociation,
  validateInvestments,
  validateOperations,
  validateParameters,
  validateStatement,
  whatIf as whatIfModel,
  type AllocationParameters,
  type AllocationResult,
  type AreaInput,
  type AssociationInput,
  type InvestmentInput,
  type InvestmentRow,
  type OperationsInput,
  type OperationsRow,
  type StatementInput,
  type StatementRow,
  type WhatIf,
} from './model.ts';
import * as store from './store.ts';
import { budgetSheets, hasIllustrativeInputs } from './export.ts';
import { xlsx } from '../kernel/xlsx.ts';
import { DEMO_AREAS_2026, DEMO_ASSOCIATIONS_2026, SEED_000_REPORT, seed000Investments, seed000Operations, seed000Statement } from './seeds.ts';

export interface BudgetSummary {
  id: number;
  bodyId: number;
  year: number;
  status: 'draft' | 'adopted';
  version: number;
}

export interface BudgetReportView {
  id: number;
  periodLabel: string;
  periodEnd: string;
  version: number;
  statement: StatementInput;
  resultReport: StatementRow[];
  operations: OperationsInput[];
  operatingStatement: OperationsRow[];
  investments: InvestmentInput[];
  /** The investments with their total (empty when none are reported). */
  investmentTable: InvestmentRow[];
}

export interface BudgetView extends BudgetSummary {
  bodyName: string;
  adoptedAt: string | null;
  adoptedBy: string | null;
  updatedBy: string;
  parameters: AllocationParameters | null;
  areas: AreaInput[];
  associations: AssociationInput[];
  /** The frames computed from the parameters (null when the year has no allocation model). */
  allocation: AllocationResult | null;
  reports: BudgetReportView[];
  /** The areas or associations are the demo's illustrative inputs (seeds.ts): shown as "Konstruerade exempelvärden". */
  illustrativeInputs: boolean;
}

export interface CreateBudgetInput {
  year: number;
  parameters?: AllocationParameters | null;
  areas?: AreaInput[];
  associations?: AssociationInput[];
}

const summary = (r: store.BudgetRow): BudgetSummary => ({ id: r.id, bodyId: r.body_id, year: r.year, status: r.status, version: r.version });

function checkYear(year: number): void {
  if (!Number.isInteger(year) || year < 2000 || year > 2100) throw new DomainError('invalid-year', 'Budgetåret ska vara ett år mellan 2000 och 2100.');
}

/** The budgets of a body, newest first; the public sees only adopted ones. */
export async function listBudgets(db: Db, actor: Actor, bodyId: number): Promise<BudgetSummary[]> {
  await meetings.getBody(db, bodyId);
  const rows = await store.listBudgets(db.kysely, bodyId);
  const drafts = can(actor, 'budget.read-draft');
  return rows.filter((r) => drafts || r.status === 'adopted').map(summary);
}

async function loadRow(ex: Executor, actor: Actor, bodyId: number, year: number, opts: { forUpdate?: boolean } = {}) {
  checkYear(year);
  const row = await store.findBudget(ex, bodyId, year, opts);
  if (!row) throw new DomainError('not-found', `Det finns ingen budget för ${year}.`, { status: 404 });
  if (row.status !== 'adopted') authorize(actor, 'budget.read-draft');
  return row;
}

function checkAreas(areas: readonly AreaInput[]): AreaInput[] {
  if (!Array.isArray(areas)) throw new DomainError('invalid-area', 'Områdena ska vara en lista.');
  const out = areas.map(validateArea);
  const seen = new Set<string>();
  for (const a of out) {
    if (seen.has(a.name)) throw new DomainError('duplicate-area', `Området "${a.name}" finns två gånger.`);
    seen.add(a.name);
  }
  return out;
}

const checkAssociations = (list: readonly AssociationInput[], areas: readonly AreaInput[]) => {
  if (!Array.isArray(list)) throw new DomainError('invalid-association', 'Föreningarna ska vara en lista.');
  return list.map((a) => validateAssociation(a, areas.map((x) => x.name)));
};

async function view(ex: Executor, row: store.BudgetRow): Promise<BudgetView> {
  const body = await meetings.getBody(ex, row.body_id);
  const areas = await store.areasOf(ex, row.id);
  const associations = await store.associationsOf(ex, row.id);
  const parameters = row.has_model ? store.columnsToParams(row) : null;
  const reports: BudgetReportView[] = [];
  for (const r of await store.reportsOf(ex, row.id)) {
    const statement = await store.statementOf(ex, r.id);
    const operations = await store.operationsOf(ex, r.id);
    const investments = await store.investmentsOf(ex, r.id);
    reports.push({
      id: r.id,
      periodLabel: r.period_label,
      periodEnd: r.period_end,
      version: r.version,
      statement,
      resultReport: resultReport(statement),
      operations,
      operatingStatement: operatingStatement(operations),
      investments,
      investmentTable: investmentTable(investments),
    });
  }
  return {
    ...summary(row),
    bodyName: body.name,
    adoptedAt: row.adopted_at ? new Date(row.adopted_at).toISOString() : null,
    adoptedBy: row.adopted_by,
    updatedBy: row.updated_by,
    parameters,
    areas,
    associations,
    allocation: parameters ? allocate(parameters, areas, associations) : null,
    reports,
    illustrativeInputs: hasIllustrativeInputs(areas, associations),
  };
}

/** One budget with its computed frames and follow-up tables. */
export async function getBudget(db: Db | Executor, actor: Actor, bodyId: number, year: number): Promise<BudgetView> {
  const ex = executorOf(db);
  return view(ex, await loadRow(ex, actor, bodyId, year));
}

/** The budget as an Excel workbook (budget/export.ts); drafts only for those who may read them. */
export async function budgetXlsx(db: Db, actor: Actor, bodyId: number, year: number): Promise<Buffer> {
  return xlsx(budgetSheets(await getBudget(db, actor, bodyId, year)));
}

/** The computed frames only. */
export async function frames(db: Db, actor: Actor, bodyId: number, year: number): Promise<AllocationResult> {
  const b = await getBudget(db, actor, bodyId, year);
  if (!b.allocation) throw new DomainError('no-model', `Budgeten för ${year} har ingen fördelningsmodell.`, { status: 409 });
  return b.allocation;
}

/** What the frames would be with other parameters; nothing is stored. */
export async function whatIf(db: Db, actor: Actor, bodyId: number, year: number, change: Partial<AllocationParameters>): Promise<WhatIf> {
  const b = await getBudget(db, actor, bodyId, year);
  if (!b.parameters) throw new DomainError('no-model', `Budgeten för ${year} har ingen fördelningsmodell.`, { status: 409 });
  return whatIfModel(b.parameters, change ?? {}, b.areas, b.associations);
}

/** Starts a draft budget for a year. */
export async function createBudget(db: Db, actor: Actor, bodyId: number, input: CreateBudgetInput): Promise<BudgetView> {
  authorize(actor, 'budget.edit');
  checkYear(input.year);
  const parameters = input.parameters ? validateParameters(input.parameters) : null;
  const areas = checkAreas(input.areas ?? []);
  const associations = checkAssociations(input.associations ?? [], areas);
  if (parameters) allocate(parameters, areas, associations); // refuses inputs the model cannot compute
  return db.tx(async (trx) => {
    await meetings.getBody(trx, bodyId);
    const row = await store.insertBudget(trx, {
      body_id: bodyId,
      year: input.year,
      has_model: parameters !== null,
      ...(parameters ? store.paramsToColumns(parameters) : {}),
      created_by: actor.id,
      updated_by: actor.id,
    });
    if (!row) throw new DomainError('budget-exists', `Det finns redan en budget för ${input.year}.`, { status: 409 });
    await store.replaceAreas(trx, row.id, areas);
    await store.replaceAssociations(trx, row.id, associations);
    await audit(trx, { actor: actor.id, action: 'budget.create', entity: 'budget', entityId: row.id, after: { bodyId, year: input.year, parameters, areas, associations } });
    return view(trx, row);
  });
}

/** Locks a draft for a change based on `version`; refuses adopted budgets and stale versions. */
async function lockDraft(trx: Transaction<Database>, actor: Actor, bodyId: number, year: number, version: number | undefined): Promise<store.BudgetRow> {
  const row = await loadRow(trx, actor, bodyId, year, { forUpdate: true });
  if (row.status === 'adopted') {
    throw new DomainError('budget-adopted', `Budgeten för ${year} är fastställd och kan inte ändras.`, { status: 409 });
  }
  if (version !== row.version) {
    throw new DomainError(
      'stale-version',
      version === undefined
        ? `Ange budgetens version (${row.version}) för att ändra den.`
        : `Budgeten för ${year} har ändrats av ${row.updated_by} sedan du hämtade den (din version ${version}, nu ${row.version}). Ladda om och gör ändringen igen.`,
      { status: 409 },
    );
  }
  return row;
}

/** Changes the model's parameters of a draft. */
export async function setParameters(db: Db, actor: Actor, bodyId: number, year: number, input: { parameters: AllocationParameters; version: number }): Promise<BudgetView> {
  authorize(actor, 'budget.edit');
  const parameters = validateParameters(input.parameters);
  return db.tx(async (trx) => {
    const before = await lockDraft(trx, actor, bodyId, year, input.version);
    allocate(parameters, await store.areasOf(trx, before.id), await store.associationsOf(trx, before.id));
    const row = await store.touchBudget(trx, before.id, actor.id, { ...store.paramsToColumns(parameters), has_model: true });
    await audit(trx, { actor: actor.id, action: 'budget.parameters', entity: 'budget', entityId: row.id, before: before.has_model ? store.columnsToParams(before) : null, after: parameters });
    return view(trx, row);
  });
}

/** Replaces the areas (and, when given, the associations) of a draft. */
export async function setAreas(
  db: Db,
  actor: Actor,
  bodyId: number,
  year: number,
  input: { areas: AreaInput[]; associations?: AssociationInput[]; version: number },
): Promise<BudgetView> {
  authorize(actor, 'budget.edit');
  const areas = checkAreas(input.areas);
  return db.tx(async (trx) => {
    const before = await lockDraft(trx, actor, bodyId, year, input.version);
    const oldAreas = await store.areasOf(trx, before.id);
    const oldAssociations = await store.associationsOf(trx, before.id);
    const associations = checkAssociations(input.associations ?? oldAssociations, areas);
    if (before.has_model) allocate(store.columnsToParams(before), areas, associations);
    await store.replaceAreas(trx, before.id, areas);
    await store.replaceAssociations(trx, before.id, associations);
    const row = await store.touchBudget(trx, before.id, actor.id);
    await audit(trx, { actor: actor.id, action: 'budget.areas', entity: 'budget', entityId: row.id, before: { areas: oldAreas, associations: oldAssociations }, after: { areas, associations } });
    return view(trx, row);
  });
}

/** Adopts a draft: from then on read-only, and public. */
export async function adopt(db: Db, actor: Actor, bodyId: number, year: number, input: { version: number }): Promise<BudgetView> {
  authorize(actor, 'budget.adopt');
  return db.tx(async (trx) => {
    const before = await lockDraft(trx, actor, bodyId, year, input.version);
    const row = await store.touchBudget(trx, before.id, actor.id, { status: 'adopted', adopted_at: new Date(), adopted_by: actor.id });
    const v = await view(trx, row);
    await audit(trx, { actor: actor.id, action: 'budget.adopt', entity: 'budget', entityId: row.id, before: { status: 'draft' }, after: { status: 'adopted', frameOre: v.allocation?.frameOre ?? null, areas: v.allocation?.areas.map((a) => ({ name: a.name, frameOre: a.frameOre })) ?? [] } });
    return v;
  });
}

export interface ReportInput {
  periodLabel: string;
  periodEnd: string;
  statement: StatementInput;
  operations: OperationsInput[];
  /** The investments; left as they are when not given (none for a new report). */
  investments?: InvestmentInput[];
  /** Required when the report for that period exists. */
  version?: number;
}

/** Enters (or corrects) the follow-up for a period: the result report and the operating statement. */
export async function setReport(db: Db, actor: Actor, bodyId: number, year: number, input: ReportInput): Promise<BudgetView> {
  authorize(actor, 'budget.edit');
  const statement = validateStatement(input.statement);
  const operations = validateOperations(input.operations);
  const investments = input.investments === undefined ? undefined : validateInvestments(input.investments);
  const periodLabel = String(input.periodLabel ?? '').trim();
  if (!periodLabel || periodLabel.length > 100) throw new DomainError('invalid-period', 'Ange perioden, till exempel januari–juli 2020 (högst 100 tecken).');
  const periodEnd = String(input.periodEnd ?? '');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(periodEnd) || Number.isNaN(Date.parse(`${periodEnd}T00:00:00Z`)) || new Date(`${periodEnd}T00:00:00Z`).toISOString().slice(0, 10) !== periodEnd) {
    throw new DomainError('invalid-date', 'Periodens slutdatum ska vara ett datum (ÅÅÅÅ-MM-DD).');
  }
  if (Number(periodEnd.slice(0, 4)) !== year) throw new DomainError('invalid-period', `Perioden ska sluta under budgetåret ${year}.`);
  return db.tx(async (trx) => {
    const budget = await loadRow(trx, actor, bodyId, year, { forUpdate: true });
    const existing = await store.findReport(trx, budget.id, periodEnd);
    let reportId: number;
    let before: unknown = null;
    if (existing) {
      if (input.version !== existing.version) {
        throw new DomainError(
          'stale-version',
          input.version === undefined
            ? `Uppföljningen för ${existing.period_label} finns redan; ange dess version (${existing.version}) för att ändra den.`
            : `Uppföljningen för ${existing.period_label} har ändrats av ${existing.updated_by} sedan du hämtade den (din version ${input.version}, nu ${existing.version}). Ladda om och gör ändringen igen.`,
          { status: 409 },
        );
      }
      before = { statement: await store.statementOf(trx, existing.id), operations: await store.operationsOf(trx, existing.id), investments: await store.investmentsOf(trx, existing.id) };
      reportId = (await store.touchReport(trx, existing.id, existing.version, periodLabel, actor.id)).id;
    } else {
      reportId = (await store.insertReport(trx, { budget_id: budget.id, period_label: periodLabel, period_end: periodEnd, updated_by: actor.id })).id;
    }
    await store.replaceStatement(trx, reportId, statement);
    await store.replaceOperations(trx, reportId, operations);
    if (investments !== undefined) await store.replaceInvestments(trx, reportId, investments);
    const investmentsAfter = investments ?? (await store.investmentsOf(trx, reportId));
    await audit(trx, { actor: actor.id, action: 'budget.report', entity: 'budget_report', entityId: reportId, before, after: { periodLabel, periodEnd, statement, operations, investments: investmentsAfter } });
    return view(trx, budget);
  });
}

/**
 * Demo data for a body: the adopted 2020 budget with the interim report
 * January–July 2020 (seed 000), and a draft 2026 budget on seed 004's
 * parameters. Idempotent: a year that already has a budget is left alone.
 */
export async function importDemoBudgets(db: Db, bodyId: number, log: (msg: string) => void = () => {}): Promise<void> {
  if (!(await store.findBudget(db.kysely, bodyId, SEED_000_REPORT.year))) {
    await db.tx(async (trx) => {
      const row = await store.insertBudget(trx, { body_id: bodyId, year: SEED_000_REPORT.year, has_model: false, created_by: SYSTEM.id, updated_by: SYSTEM.id });
      if (!row) return; // another start got there first
      await store.touchBudget(trx, row.id, SYSTEM.id, { status: 'adopted', adopted_at: new Date(), adopted_by: SYSTEM.id });
      const report = await store.insertReport(trx, { budget_id: row.id, period_label: SEED_000_REPORT.periodLabel, period_end: SEED_000_REPORT.periodEnd, updated_by: SYSTEM.id });
      await store.replaceStatement(trx, report.id, seed000Statement());
      await store.replaceOperations(trx, report.id, seed000Operations());
      await store.replaceInvestments(trx, report.id, seed000Investments());
      await audit(trx, { actor: SYSTEM.id, action: 'budget.import', entity: 'budget', entityId: row.id, after: { year: SEED_000_REPORT.year, source: 'seeds/000_97425d05012e62df.txt' } });
    });
    log(`Importerade budgetuppföljningen ${SEED_000_REPORT.periodLabel}.`);
  }
  if (!(await store.findBudget(db.kysely, bodyId, 2026))) {
    try {
      await createBudget(db, SYSTEM, bodyId, { year: 2026, parameters: PARAMETERS_2026, areas: DEMO_AREAS_2026, associations: DEMO_ASSOCIATIONS_2026 });
      log('Skapade budgetutkastet 2026 (resursfördelningsmodellen).');
    } catch (e) {
      if (!(e instanceof DomainError && e.code === 'budget-exists')) throw e;
    }
  }
}

/** The demo hook for importer/demo.ts: the demo budgets for Regional tillväxtnämnd, once it exists. */
export async function importDemoBudgetsForRtn(db: Db, log: (msg: string) => void = () => {}): Promise<void> {
  const body = (await meetings.listBodies(db)).find((b) => /regional tillväxtnämnd/i.test(b.name));
  if (body) await importDemoBudgets(db, body.id, log);
}

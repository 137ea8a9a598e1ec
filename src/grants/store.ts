/** SQL for grants: organisations, applications with their decisions and reports, the history and its imports. Nothing else touches them. */
import { sql } from 'kysely';
import type { Executor } from '../db/index.ts';
import type { Database } from '../db/schema.ts';

export type OrganisationRow = NonNullable<Awaited<ReturnType<typeof findOrganisation>>>;
export type ApplicationRow = NonNullable<Awaited<ReturnType<typeof findApplication>>>;
export type HistoryRowRecord = Awaited<ReturnType<typeof historyOf>>[number];

type OrgValues = Pick<Database['grant_organisation'], 'name' | 'org_number' | 'kind' | 'note'> & { natural_person: boolean };

export async function insertOrganisation(ex: Executor, v: OrgValues, by: string) {
  return ex.insertInto('grant_organisation').values({ ...v, created_by: by, updated_by: by }).returningAll().executeTakeFirstOrThrow();
}

export async function findOrganisation(ex: Executor, id: number) {
  return ex.selectFrom('grant_organisation').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function lockOrganisation(ex: Executor, id: number) {
  return ex.selectFrom('grant_organisation').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

/** Another organisation with the same organisationsnummer or (case-insensitive) name. */
export async function findClash(ex: Executor, v: { name: string; org_number: string | null }, exceptId: number | null) {
  let q = ex
    .selectFrom('grant_organisation')
    .select(['id', 'name', 'org_number'])
    .where((eb) => eb.or([eb(sql`lower(name)`, '=', v.name.toLowerCase()), ...(v.org_number ? [eb('org_number', '=', v.org_number)] : [])]));
  if (exceptId !== null) q = q.where('id', '<>', exceptId);
  return q.executeTakeFirst();
}

export async function findOrganisationByNumberOrName(ex: Executor, orgNumber: string | null, name: string) {
  return findClash(ex, { name, org_number: orgNumber }, null);
}

/** Every change to an organisation (its history included) bumps its version. */
export async function touchOrganisation(ex: Executor, id: number, set: Partial<OrgValues>, by: string) {
  return ex
    .updateTable('grant_organisation')
    .set({ ...set, version: sql<number>`version + 1`, updated_at: sql<Date>`now()`, updated_by: by })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function listOrganisations(ex: Executor, q: string | undefined) {
  let query = ex
    .selectFrom('grant_organisation as o')
    .selectAll('o')
    .select((eb) => [
      eb.selectFrom('grant_application as a').select((f) => f.fn.countAll<number>().as('n')).whereRef('a.organisation_id', '=', 'o.id').as('application_count'),
      eb.selectFrom('grant_application as a').select((f) => f.fn.countAll<number>().as('n')).whereRef('a.organisation_id', '=', 'o.id').where('a.outcome', 'is', null).as('pending_count'),
      eb.selectFrom('grant_application as a').select(sql<string | null>`sum(a.granted_ore)`.as('s')).whereRef('a.organisation_id', '=', 'o.id').where('a.outcome', '=', 'bifall').as('granted_sum'),
      eb.selectFrom('grant_application as a').select(sql<number | null>`max(a.year)`.as('y')).whereRef('a.organisation_id', '=', 'o.id').as('latest_year'),
    ]);
  if (q) {
    const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) => eb.or([eb('o.name', 'ilike', like), eb('o.org_number', 'ilike', like)]));
  }
  return query.orderBy('o.name').limit(2000).execute();
}

type AppValues = Pick<Database['grant_application'], 'year' | 'amount_ore' | 'purpose' | 'received_on' | 'case_id' | 'budget_line'>;

export async function insertApplication(ex: Executor, organisationId: number, v: AppValues, by: string) {
  return ex.insertInto('grant_application').values({ ...v, organisation_id: organisationId, created_by: by, updated_by: by }).returningAll().executeTakeFirstOrThrow();
}

export async function findApplication(ex: Executor, id: number) {
  return ex.selectFrom('grant_application').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function lockApplication(ex: Executor, id: number) {
  return ex.selectFrom('grant_application').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export type ApplicationSet = Partial<
  AppValues &
    Pick<
      Database['grant_application'],
      'outcome' | 'granted_ore' | 'reason' | 'decided_on' | 'decided_in' | 'meeting_id' | 'agenda_item_id' | 'delegated_decision_id' | 'report_due' | 'report_received_on'
    >
>;

export async function updateApplication(ex: Executor, id: number, set: ApplicationSet, by: string) {
  return ex
    .updateTable('grant_application')
    .set({ ...set, version: sql<number>`version + 1`, updated_at: sql<Date>`now()`, updated_by: by })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function applicationsOf(ex: Executor, organisationId: number) {
  return ex.selectFrom('grant_application').selectAll().where('organisation_id', '=', organisationId).orderBy('year', 'desc').orderBy('id', 'desc').execute();
}

/** Applications and their organisation's name, for the sums per budget line. */
export async function applicationsForSums(ex: Executor, year: number | undefined) {
  let q = ex
    .selectFrom('grant_application as a')
    .innerJoin('grant_organisation as o', 'o.id', 'a.organisation_id')
    .select(['a.year', 'a.budget_line', 'a.amount_ore', 'a.outcome', 'a.granted_ore', 'o.name', 'o.natural_person']);
  if (year !== undefined) q = q.where('a.year', '=', year);
  return q.execute();
}

/** The applications decided or placed under an agenda item. */
export async function applicationsOfItem(ex: Executor, agendaItemId: number) {
  return ex.selectFrom('grant_application').select(['id', 'organisation_id']).where('agenda_item_id', '=', agendaItemId).execute();
}

export async function historyOf(ex: Executor, organisationId: number) {
  return ex.selectFrom('grant_history').selectAll().where('organisation_id', '=', organisationId).orderBy('year').orderBy('line').orderBy('id').execute();
}

export async function insertHistory(
  ex: Executor,
  organisationId: number,
  rows: Array<{ year: number; amount_ore: number | null; description: string | null; grouping: string | null; line: number | null; import_id: number | null }>,
  by: string,
): Promise<void> {
  if (!rows.length) return;
  for (let i = 0; i < rows.length; i += 500) {
    await ex
      .insertInto('grant_history')
      .values(rows.slice(i, i + 500).map((r) => ({ ...r, organisation_id: organisationId, created_by: by })))
      .execute();
  }
}

export async function deleteHistoryEntry(ex: Executor, organisationId: number, id: number) {
  return ex.deleteFrom('grant_history').where('organisation_id', '=', organisationId).where('id', '=', id).returningAll().executeTakeFirst();
}

export async function insertImport(ex: Executor, organisationId: number, v: { title: string; source_text: string; rows: unknown }, by: string) {
  return ex
    .insertInto('grant_history_import')
    .values({ organisation_id: organisationId, title: v.title, source_text: v.source_text, rows: JSON.stringify(v.rows), imported_by: by })
    .returning(['id', 'imported_at'])
    .executeTakeFirstOrThrow();
}

export async function importsOf(ex: Executor, organisationId: number) {
  return ex.selectFrom('grant_history_import').select(['id', 'title', 'rows', 'imported_at', 'imported_by']).where('organisation_id', '=', organisationId).orderBy('id').execute();
}

export async function findImportByText(ex: Executor, organisationId: number, sourceText: string) {
  return ex.selectFrom('grant_history_import').select(['id']).where('organisation_id', '=', organisationId).where('source_text', '=', sourceText).executeTakeFirst();
}

export async function deleteImport(ex: Executor, organisationId: number, id: number) {
  return ex.deleteFrom('grant_history_import').where('organisation_id', '=', organisationId).where('id', '=', id).returning(['id', 'title']).executeTakeFirst();
}

/** SQL for owned companies: the companies, their directives and agreements, the reports expected of them. Nothing else touches them. */
import { sql } from 'kysely';
import type { Executor } from '../db/index.ts';
import type { Database } from '../db/schema.ts';

export type CompanyRow = NonNullable<Awaited<ReturnType<typeof findCompany>>>;
export type DocumentRow = Awaited<ReturnType<typeof documentsOf>>[number];
export type ReportRow = Awaited<ReturnType<typeof reportsOf>>[number];

type CompanyValues = Pick<Database['owned_company'], 'name' | 'org_number' | 'kind' | 'share_bp' | 'note'> & { aliases: string[] };

export async function insertCompany(ex: Executor, v: CompanyValues, by: string) {
  return ex.insertInto('owned_company').values({ ...v, created_by: by, updated_by: by }).returningAll().executeTakeFirstOrThrow();
}

export async function findCompany(ex: Executor, id: number) {
  return ex.selectFrom('owned_company').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function lockCompany(ex: Executor, id: number) {
  return ex.selectFrom('owned_company').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function findClash(ex: Executor, v: { name: string; org_number: string | null }, exceptId: number | null) {
  let q = ex
    .selectFrom('owned_company')
    .select(['id', 'name', 'org_number'])
    .where((eb) => eb.or([eb(sql`lower(name)`, '=', v.name.toLowerCase()), ...(v.org_number ? [eb('org_number', '=', v.org_number)] : [])]));
  if (exceptId !== null) q = q.where('id', '<>', exceptId);
  return q.executeTakeFirst();
}

/** Every change to a company (its documents and reports included) bumps its version. */
export async function touchCompany(ex: Executor, id: number, set: Partial<CompanyValues>, by: string) {
  return ex
    .updateTable('owned_company')
    .set({ ...set, version: sql<number>`version + 1`, updated_at: sql<Date>`now()`, updated_by: by })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function listCompanies(ex: Executor) {
  return ex
    .selectFrom('owned_company as c')
    .selectAll('c')
    .select((eb) => [
      eb.selectFrom('company_report as r').select((f) => f.fn.countAll<number>().as('n')).whereRef('r.company_id', '=', 'c.id').where('r.received_on', 'is', null).as('open_reports'),
      eb.selectFrom('company_document as d').select((f) => f.fn.countAll<number>().as('n')).whereRef('d.company_id', '=', 'c.id').as('document_count'),
    ])
    .orderBy('c.name')
    .execute();
}

export async function documentsOf(ex: Executor, companyId: number) {
  return ex.selectFrom('company_document').selectAll().where('company_id', '=', companyId).orderBy('kind').orderBy('valid_from', 'desc').orderBy('id').execute();
}

export async function insertDocument(
  ex: Executor,
  companyId: number,
  v: Pick<Database['company_document'], 'kind' | 'title' | 'valid_from' | 'valid_to' | 'file_sha256' | 'file_name' | 'byte_size' | 'reference'>,
  by: string,
) {
  return ex.insertInto('company_document').values({ ...v, company_id: companyId, created_by: by }).returningAll().executeTakeFirstOrThrow();
}

export async function findDocument(ex: Executor, companyId: number, id: number) {
  return ex.selectFrom('company_document').selectAll().where('company_id', '=', companyId).where('id', '=', id).executeTakeFirst();
}

export async function setDocumentEnd(ex: Executor, companyId: number, id: number, validTo: string | null) {
  return ex.updateTable('company_document').set({ valid_to: validTo }).where('company_id', '=', companyId).where('id', '=', id).returningAll().executeTakeFirst();
}

export async function deleteDocument(ex: Executor, companyId: number, id: number) {
  return ex.deleteFrom('company_document').where('company_id', '=', companyId).where('id', '=', id).returningAll().executeTakeFirst();
}

export async function reportsOf(ex: Executor, companyId: number) {
  return ex.selectFrom('company_report').selectAll().where('company_id', '=', companyId).orderBy('year', 'desc').orderBy('kind').execute();
}

export async function upsertReport(ex: Executor, companyId: number, v: Pick<Database['company_report'], 'year' | 'kind' | 'due_on' | 'received_on' | 'case_id'>) {
  return ex
    .insertInto('company_report')
    .values({ ...v, company_id: companyId })
    .onConflict((oc) => oc.columns(['company_id', 'year', 'kind']).doUpdateSet({ due_on: v.due_on, received_on: v.received_on, case_id: v.case_id }))
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findReport(ex: Executor, companyId: number, year: number, kind: string) {
  return ex.selectFrom('company_report').selectAll().where('company_id', '=', companyId).where('year', '=', year).where('kind', '=', kind).executeTakeFirst();
}

export async function deleteReport(ex: Executor, companyId: number, id: number) {
  return ex.deleteFrom('company_report').where('company_id', '=', companyId).where('id', '=', id).returningAll().executeTakeFirst();
}

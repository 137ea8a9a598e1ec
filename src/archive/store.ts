/** SQL for the e-archive deliveries (migration 045). Nothing else touches archive_delivery. */
import type { Insertable } from 'kysely';
import type { Executor } from '../db/index.ts';
import type { Database } from '../db/schema.ts';

export type DeliveryRow = Awaited<ReturnType<typeof insertDelivery>>;

export async function insertDelivery(ex: Executor, v: Insertable<Database['archive_delivery']>) {
  return ex.insertInto('archive_delivery').values(v).returningAll().executeTakeFirstOrThrow();
}

export async function listDeliveries(ex: Executor, bodyId?: number) {
  let q = ex.selectFrom('archive_delivery').selectAll();
  if (bodyId !== undefined) q = q.where('body_id', '=', bodyId);
  return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(500).execute();
}

/** SQL for attendance during the meeting (migration 039: attendance_change). */
import type { Executor } from '../db/index.ts';

export async function changesOf(ex: Executor, minutesId: number) {
  return ex.selectFrom('attendance_change').selectAll().where('minutes_id', '=', minutesId).orderBy('id').execute();
}

export async function insertChange(
  ex: Executor,
  v: { minutes_id: number; person_id: number; kind: 'arrives' | 'leaves'; item_number: number; replaces_person_id: number | null; created_by: string },
): Promise<number> {
  return (await ex.insertInto('attendance_change').values(v).returning('id').executeTakeFirstOrThrow()).id;
}

export async function deleteChange(ex: Executor, minutesId: number, id: number): Promise<boolean> {
  const res = await ex.deleteFrom('attendance_change').where('minutes_id', '=', minutesId).where('id', '=', id).executeTakeFirst();
  return Number(res.numDeletedRows) === 1;
}

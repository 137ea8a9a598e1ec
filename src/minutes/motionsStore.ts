/** Tables of the yrkanden sheet (migration 036): motion_sheet, motion, proposition, motion_vote, motion_vote_row, and decision_note.motion_id. */
import { sql } from 'kysely';
import type { Executor } from '../db/index.ts';
import type { Choice } from './model.ts';
import type { Motion, MotionKind, MotionOutcome, Proposition, RecordedVote } from './motions.ts';

export async function findSheetForUpdate(ex: Executor, agendaItemId: number) {
  return ex.selectFrom('motion_sheet').selectAll().where('agenda_item_id', '=', agendaItemId).forUpdate().executeTakeFirst();
}

export async function findSheet(ex: Executor, agendaItemId: number) {
  return ex.selectFrom('motion_sheet').selectAll().where('agenda_item_id', '=', agendaItemId).executeTakeFirst();
}

/** Creates the sheet at version 1, or raises its version. */
export async function touchSheet(ex: Executor, agendaItemId: number, minutesId: number, actor: string): Promise<number> {
  const row = await ex
    .insertInto('motion_sheet')
    .values({ agenda_item_id: agendaItemId, minutes_id: minutesId, updated_by: actor })
    .onConflict((oc) => oc.column('agenda_item_id').doUpdateSet({ version: sql`motion_sheet.version + 1`, updated_by: actor, updated_at: sql`now()` }))
    .returning('version')
    .executeTakeFirstOrThrow();
  return row.version;
}

export interface SheetContent {
  motions: Array<Motion & { outcome: MotionOutcome }>;
  props: Proposition[];
  votes: RecordedVote[];
}

/** The yrkanden, propositions and omröstningar of one item, as the pure rules take them. */
export async function loadSheet(ex: Executor, agendaItemId: number): Promise<SheetContent> {
  const [motions, props, votes, rows] = await Promise.all([
    ex.selectFrom('motion').selectAll().where('agenda_item_id', '=', agendaItemId).orderBy('position').execute(),
    ex.selectFrom('proposition').selectAll().where('agenda_item_id', '=', agendaItemId).orderBy('position').execute(),
    ex.selectFrom('motion_vote').selectAll().where('agenda_item_id', '=', agendaItemId).orderBy('proposition_position').execute(),
    ex.selectFrom('motion_vote_row').selectAll().where('agenda_item_id', '=', agendaItemId).orderBy('person_id').execute(),
  ]);
  return {
    motions: motions.map((m) => ({ id: m.id, position: m.position, moverPersonId: m.mover_person_id, supporters: m.supporters, kind: m.kind, text: m.text, outcome: m.outcome })),
    props: props.map((p) => ({ position: p.position, jaMotionId: p.ja_motion_id, nejMotionId: p.nej_motion_id, chairFinds: p.chair_finds, text: p.text })),
    votes: votes.map((v) => ({
      propositionPosition: v.proposition_position,
      jaMeans: v.ja_means,
      nejMeans: v.nej_means,
      votes: rows.filter((r) => r.proposition_position === v.proposition_position).map((r) => ({ personId: r.person_id, choice: r.choice })),
      ja: v.ja,
      nej: v.nej,
      avstar: v.avstar,
      result: v.result,
      castingVote: v.casting_vote,
      summary: v.summary,
    })),
  };
}

export async function insertMotion(ex: Executor, v: { agenda_item_id: number; mover_person_id: number; supporters: number[]; kind: MotionKind; text: string; created_by: string }): Promise<number> {
  const next = await ex
    .selectFrom('motion')
    .select((eb) => eb.fn.coalesce(eb.fn.max('position'), sql<number>`0`).as('p'))
    .where('agenda_item_id', '=', v.agenda_item_id)
    .executeTakeFirstOrThrow();
  const row = await ex.insertInto('motion').values({ ...v, position: Number(next.p) + 1 }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function updateMotion(ex: Executor, id: number, v: { mover_person_id: number; supporters: number[]; kind: MotionKind; text: string }) {
  await ex.updateTable('motion').set(v).where('id', '=', id).execute();
}

export async function deleteMotion(ex: Executor, agendaItemId: number, id: number) {
  await ex.deleteFrom('motion').where('id', '=', id).execute();
  // the rest keep their order, numbered 1..n
  const rest = await ex.selectFrom('motion').select('id').where('agenda_item_id', '=', agendaItemId).orderBy('position').execute();
  await ex.updateTable('motion').set({ position: sql`position + 1000000` }).where('agenda_item_id', '=', agendaItemId).execute();
  for (const [i, r] of rest.entries()) await ex.updateTable('motion').set({ position: i + 1 }).where('id', '=', r.id).execute();
}

export async function setOutcomes(ex: Executor, outcomes: ReadonlyMap<number, MotionOutcome>) {
  for (const [id, outcome] of outcomes) await ex.updateTable('motion').set({ outcome }).where('id', '=', id).where('outcome', '<>', outcome).execute();
}

/** Writes the propositionsordning: positions 1..n, those beyond removed (with their omröstningar, which the caller has checked). */
export async function replacePropositions(ex: Executor, agendaItemId: number, props: Proposition[]) {
  await ex.deleteFrom('proposition').where('agenda_item_id', '=', agendaItemId).where('position', '>', props.length).execute();
  for (const p of props) {
    const v = { text: p.text, ja_motion_id: p.jaMotionId, nej_motion_id: p.nejMotionId, chair_finds: p.chairFinds };
    await ex
      .insertInto('proposition')
      .values({ agenda_item_id: agendaItemId, position: p.position, ...v })
      .onConflict((oc) => oc.columns(['agenda_item_id', 'position']).doUpdateSet(v))
      .execute();
  }
}

export async function replaceVote(ex: Executor, agendaItemId: number, v: RecordedVote, chairPersonId: number | null, actor: string) {
  await deleteVote(ex, agendaItemId, v.propositionPosition);
  await ex
    .insertInto('motion_vote')
    .values({
      agenda_item_id: agendaItemId,
      proposition_position: v.propositionPosition,
      ja_means: v.jaMeans,
      nej_means: v.nejMeans,
      ja: v.ja,
      nej: v.nej,
      avstar: v.avstar,
      result: v.result,
      casting_vote: v.castingVote,
      chair_person_id: chairPersonId,
      summary: v.summary,
      recorded_by: actor,
    })
    .execute();
  if (v.votes.length) {
    await ex
      .insertInto('motion_vote_row')
      .values(v.votes.map((r) => ({ agenda_item_id: agendaItemId, proposition_position: v.propositionPosition, person_id: r.personId, choice: r.choice as Choice })))
      .execute();
  }
}

export async function deleteVote(ex: Executor, agendaItemId: number, position: number) {
  await ex.deleteFrom('motion_vote').where('agenda_item_id', '=', agendaItemId).where('proposition_position', '=', position).execute();
}

/** The reservations of an item's decision with the yrkande each is tied to. */
export async function reservationsOf(ex: Executor, agendaItemId: number) {
  return ex
    .selectFrom('decision_note as n')
    .innerJoin('decision as d', 'd.id', 'n.decision_id')
    .select(['n.id', 'n.person_id', 'n.text', 'n.motion_id'])
    .where('d.agenda_item_id', '=', agendaItemId)
    .where('n.kind', '=', 'reservation')
    .orderBy('n.id')
    .execute();
}

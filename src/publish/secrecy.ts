/**
 * The secrecy use case, across the modules a mark reaches: the mark itself
 * (meetings), the search index, the public version of adjusted minutes
 * (stored now, in the mark's transaction, so no read has to write it), and
 * after the commit the public editions of the kallelse book (a book job).
 */
import type { Db } from '../db/index.ts';
import type { Actor } from '../access/model.ts';
import * as meetings from '../meetings/service.ts';
import { secrecyRefOf } from '../meetings/model.ts';
import * as minutes from '../minutes/service.ts';
import * as documents from '../documents/service.ts';
import { indexMeeting } from './search.ts';

export type SecrecyTarget = 'agenda-item' | 'decision-basis';

const SETTERS = { 'agenda-item': meetings.setItemSecrecy, 'decision-basis': meetings.setDocumentSecrecy } as const;

export async function markSecrecy(
  db: Db,
  actor: Actor,
  target: SecrecyTarget,
  id: number,
  input: { secrecyRef: string | null; reason?: string | null; version?: number },
  onBookError: (err: unknown, meetingId: number) => void,
): Promise<{ meetingId: number; secrecyRef: string | null }> {
  const meetingId = await db.tx(async (trx) => {
    const m = await SETTERS[target](trx, actor, id, input.secrecyRef, input.version, input.reason);
    await indexMeeting(trx, m);
    await minutes.refreshPublicMinutes(trx, m, actor.id);
    return m;
  });
  documents.refreshPublicEditions(db, meetingId, (err) => onBookError(err, meetingId));
  return { meetingId, secrecyRef: secrecyRefOf(input.secrecyRef, input.reason) };
}

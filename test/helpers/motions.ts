/** Test helper (issue 15.1): a bifall that wins over an avslag under one item, so the avslag's mover may reserve. */
import type { Db } from '../../src/db/index.ts';
import type { Actor } from '../../src/access/model.ts';
import * as motions from '../../src/minutes/motionsService.ts';

export async function outvotedAvslag(db: Db, actor: Actor, meetingId: number, itemNumber: number, bifallBy: number, avslagBy: number) {
  let s = await motions.getSheet(db, actor, meetingId, itemNumber);
  s = await motions.addMotion(db, actor, meetingId, itemNumber, { version: s.version, moverPersonId: bifallBy, kind: 'bifall' });
  s = await motions.addMotion(db, actor, meetingId, itemNumber, { version: s.version, moverPersonId: avslagBy, kind: 'avslag' });
  const [bifall, avslag] = s.motions.slice(-2);
  return motions.setPropositions(db, actor, meetingId, itemNumber, { version: s.version, propositions: [{ jaMotionId: bifall!.id, nejMotionId: avslag!.id, chairFinds: 'ja' }] });
}

/**
 * The demo anmälningsärenden (issue 21.6): seed 003's item 12 (2020-02-14,
 * "Anmälningsärenden", 19RS10494) reports three decisions on regional
 * development support taken by the förvaltningschef under point 3.2 of the
 * delegation order. The seed carries the decisions themselves among the
 * item's attachments (the letters "Medfinansiering av …" by Regional
 * utveckling); their day (the letter's date), case number, applicant and
 * "dock högst" amount are the letters' own. The point's title and delegate
 * are the memo's words ("Beslut om regionala utvecklingsstöd av
 * förvaltningschef enligt punkt 3.2"); its amount limit is not in the seeds,
 * so none is set. Each decision goes in the register and is listed under
 * item 12, as the agenda builder does it. The second group of the memo
 * (företagsstöd under point 3.3, "bilaga") is a list of business-support
 * decisions, not registered here.
 *
 * Idempotent: when a decision of the demo is in the register, nothing is
 * done; a point 3.2 the region has set itself is left as it is.
 */
import type { Db } from '../db/index.ts';
import { SYSTEM } from '../access/model.ts';
import type { Ore } from '../kernel/kronor.ts';
import * as diarium from '../diarium/service.ts';
import * as meetings from '../meetings/service.ts';
import { addListedItems, agendaOf } from '../meetings/agenda.ts';
import * as service from './service.ts';

export const DEMO_BODY = 'Regional tillväxtnämnd';
export const DEMO_MEETING_DATE = '2020-02-14';
/** The case of item 12 in seed 003. */
export const DEMO_REPORT_CASE = '19RS10494';
export const DEMO_POINT = { number: '3.2', title: 'Regionala utvecklingsstöd', delegate: 'förvaltningschef Regional utveckling' } as const;

/** The three decisions seed 003 reports under item 12, as their letters give them. */
export const DEMO_DECISIONS: ReadonlyArray<{ caseNumber: string; decidedOn: string; text: string; amountOre: Ore }> = [
  {
    caseNumber: '19RS9282',
    decidedOn: '2019-11-18',
    text: 'Medfinansiering av projekt MIND – Matrix for Industrial Network Development. Alfred Nobel Science Park AB beviljas 90 % av projektets bokförda kostnader, dock högst 432 000 kr.',
    amountOre: 43_200_000 as Ore,
  },
  {
    caseNumber: '19RS9565',
    decidedOn: '2019-12-09',
    text: 'Medfinansiering av Cykelområde Kottaberget, en etableringsmodell för hållbar naturturism. Nora kommun beviljas 15 % av projektets bokförda kostnader, dock högst 137 725 kr.',
    amountOre: 13_772_500 as Ore,
  },
  {
    caseNumber: '19RS10387',
    decidedOn: '2020-01-13',
    text: 'Medfinansiering av projekt Växthus – fokus USA och Tyskland. Almi Företagspartner Mälardalen AB beviljas 16 % av projektets bokförda kostnader, dock högst 200 000 kr.',
    amountOre: 20_000_000 as Ore,
  },
];

/** The case title the diarium gets for a decision's case when it has none: the decision's first sentence. */
const caseTitle = (text: string) => text.slice(0, text.indexOf('.') > 0 ? text.indexOf('.') : text.length);

export async function loadNotificationsDemo(db: Db, log: (msg: string) => void = () => {}): Promise<{ itemId: number | null; decisionIds: number[] }> {
  const meetingId = await meetings.findMeetingId(db, DEMO_BODY, DEMO_MEETING_DATE);
  if (meetingId === null) return { itemId: null, decisionIds: [] };
  const meeting = await meetings.getMeeting(db, meetingId);
  const item = meeting.items.find((i) => i.kind === 'delegation-report' && i.caseNumber === DEMO_REPORT_CASE);
  if (!item) return { itemId: null, decisionIds: [] };

  const numbers = new Set(DEMO_DECISIONS.map((d) => d.caseNumber));
  const already = (await service.register(db, meeting.bodyId)).filter((d) => d.pointNumber === DEMO_POINT.number && d.caseNumbers.some((c) => numbers.has(c)));
  if (already.length) return { itemId: item.id, decisionIds: already.map((d) => d.id) };

  if (!(await service.findPoint(db, meeting.bodyId, DEMO_POINT.number))) {
    await service.setPoint(db, SYSTEM, meeting.bodyId, { ...DEMO_POINT, maxAmountOre: null, decisionTypes: [] });
  }
  const ids: number[] = [];
  for (const d of DEMO_DECISIONS) {
    const known = await diarium.getCase(db, d.caseNumber).catch(() => null);
    if (!known) await diarium.registerCase(db, SYSTEM, { caseNumber: d.caseNumber, title: caseTitle(d.text) });
    const r = await service.registerDecision(db, SYSTEM, meeting.bodyId, { pointNumber: DEMO_POINT.number, decider: DEMO_POINT.delegate, decidedOn: d.decidedOn, caseNumbers: [d.caseNumber], text: d.text, amountOre: d.amountOre });
    ids.push(r.id);
  }
  const fresh = (await agendaOf(db, SYSTEM, meetingId)).items.find((i) => i.id === item.id)!;
  await addListedItems(db, SYSTEM, item.id, { version: fresh.version, delegatedDecisionIds: ids });
  log(`Registrerade ${ids.length} delegationsbeslut enligt punkt ${DEMO_POINT.number} och anmälde dem under punkt ${item.number} ${DEMO_MEETING_DATE}.`);
  return { itemId: item.id, decisionIds: ids };
}

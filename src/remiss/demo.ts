/**
 * The demo remisser, from seed 003 (the kallelse of 2020-02-14), after that
 * kallelse is imported. Idempotent: a second start changes nothing.
 *
 * - Incoming: item 5, "Svar på remiss – Program för smart specialisering
 *   Region Jämtland Härjedalen" (19RS10445). Sender, their dnr RUN/430/2018,
 *   the day it came (2019-12-18), the last day for synpunkter (18 mars 2020),
 *   the question and the föredragande as preparer are the papers' own (the
 *   e-mail and missive among item 5's attachments). Its answer is item 5 on
 *   the agenda of 2020-02-14; the papers carry no decision or sending, so none
 *   is recorded.
 * - Outgoing: item 4, "Handlingsplan för social välfärd 2019-2022"
 *   (19RS10641), "utsänd på remiss till länets kommuner": the recipients are
 *   the twelve municipalities of Örebro län. Constructed: the papers give no
 *   remisstid for it, so the demo takes the sentence "Remisstiden fastslås
 *   omfatta perioden 2019-12-18 – 2020-03-18" (in seed 003 it is Region
 *   Jämtland Härjedalen's decision § 205 among item 5's attachments); and of
 *   the eight answers the memo counts it names only Ljusnarsberg's, whose day
 *   (2020-01-31) is constructed. See docs/remiss.md.
 */
import type { Db } from '../db/index.ts';
import { SYSTEM } from '../access/model.ts';
import * as meetings from '../meetings/service.ts';
import * as service from './service.ts';
import { LANETS_KOMMUNER, parseRemissPeriod } from './model.ts';

export const DEMO_BODY = 'Regional tillväxtnämnd';
export const DEMO_MEETING_DATE = '2020-02-14';
export const DEMO_PERIOD_SENTENCE = 'Remisstiden fastslås omfatta perioden 2019-12-18 – 2020-03-18.';

export async function loadRemissDemo(db: Db, log: (msg: string) => void = () => {}): Promise<{ incoming: number | null; outgoing: number | null }> {
  const meetingId = await meetings.findMeetingId(db, DEMO_BODY, DEMO_MEETING_DATE);
  if (meetingId === null) return { incoming: null, outgoing: null };
  const meeting = await meetings.getMeeting(db, meetingId);
  const itemOf = (dnr: string) => meeting.items.find((i) => i.caseNumber === dnr) ?? null;

  let incoming = (await service.listRemisser(db, SYSTEM, { direction: 'incoming', q: '19RS10445' }))[0]?.id ?? null;
  const item5 = itemOf('19RS10445');
  if (incoming === null && item5) {
    const r = await service.registerIncoming(db, SYSTEM, {
      title: 'Program för smart specialisering Region Jämtland Härjedalen',
      sender: 'Region Jämtland Härjedalen',
      senderRef: 'RUN/430/2018',
      question: 'Remissutgåva av Program för Smart specialisering (RIS3), som ska ersätta länets nu gällande innovationsstrategi. I första hand ber vi om synpunkter gällande programmets föreslagna prioriteringar. Även synpunkter om övrigt innehåll kan givetvis lämnas.',
      receivedOn: '2019-12-18',
      replyDue: '2020-03-18',
      preparer: item5.presenters[0] ?? null,
      caseNumber: '19RS10445',
    });
    await service.placeOnAgenda(db, SYSTEM, r.id, { version: r.version, meetingId, itemId: item5.id });
    incoming = r.id;
    log(`Registrerade remissen från Region Jämtland Härjedalen (19RS10445), besvaras i punkt ${item5.number} ${DEMO_MEETING_DATE}.`);
  }

  let outgoing = (await service.listRemisser(db, SYSTEM, { direction: 'outgoing', q: '19RS10641' }))[0]?.id ?? null;
  if (outgoing === null && itemOf('19RS10641')) {
    const period = parseRemissPeriod(DEMO_PERIOD_SENTENCE)!;
    let r = await service.registerOutgoing(db, SYSTEM, {
      title: 'Handlingsplan för social välfärd 2019-2022',
      question: 'Förslag till handlingsplan för social välfärd 2019-2022 inom den regionala utvecklingsstrategins prioriterade område 5.6, för synpunkter från länets kommuner.',
      periodFrom: period.from,
      periodTo: period.to,
      recipients: [...LANETS_KOMMUNER],
      caseNumber: '19RS10641',
    });
    const ljusnarsberg = r.recipients.find((x) => x.name === 'Ljusnarsbergs kommun')!;
    r = await service.recordAnswer(db, SYSTEM, r.id, ljusnarsberg.id, {
      version: r.version,
      answeredOn: '2020-01-31',
      stance: 'synpunkter',
      summary: 'Anser att planen inte är komplett eftersom bilagan med uppföljningsplan och indikatorer för uppföljning inte är framtagen ännu.',
    });
    outgoing = r.id;
    log(`Registrerade den utgående remissen Handlingsplan för social välfärd 2019-2022 (19RS10641) till ${r.recipients.length} kommuner.`);
  }
  return { incoming, outgoing };
}

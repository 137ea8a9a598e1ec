/**
 * The legal clock of minutes under kommunallagen (2017:725), in one place:
 *  - justering: at the latest 14 days after the meeting (5 kap. 69 §, 6 kap. 35 §);
 *  - anslag: the adjustment is announced on the notice board within two days
 *    after the adjustment (8 kap. 12 §);
 *  - överklagande: three weeks from the day the notice was posted (13 kap. 5 §);
 *    the notice stays up until then (8 kap. 12 §);
 *  - a deadline that ends on a Saturday, Sunday, public holiday, midsommarafton,
 *    julafton or nyårsafton ends on the next working day (lag 1930:173);
 *  - a decision that is not appealed gains legal force (laga kraft) the day
 *    after the appeal period ends.
 * Dates are calendar dates in Europe/Stockholm.
 */
import { addDays, assertIsoDate, compareDates, daysBetween, type IsoDate } from '../kernel/dates.ts';
import { DomainError } from '../kernel/errors.ts';
import { extendToWorkingDay, nonWorkingReason } from '../kernel/holidays.ts';

export const ADJUSTMENT_DAYS = 14;
export const NOTICE_DAYS = 2;
export const APPEAL_DAYS = 21;

export interface Deadline {
  /** The last day by the rule's own count. */
  nominal: IsoDate;
  /** The last day after moving past non-working days (lag 1930:173). */
  due: IsoDate;
  /** Why it moved ("lördag", "juldagen"…), or null. */
  movedBecause: string | null;
}

function deadline(nominal: IsoDate): Deadline {
  const due = extendToWorkingDay(nominal);
  return { nominal, due, movedBecause: due === nominal ? null : nonWorkingReason(nominal) };
}

export const adjustmentDeadline = (meetingDate: IsoDate): Deadline => deadline(addDays(assertIsoDate(meetingDate, 'Sammanträdesdatumet'), ADJUSTMENT_DAYS));

/**
 * The day the protokoll is to be adjusted by. The committee decides it under
 * its protokollsjustering item ("Protokollet ska vara justerat senast den 25
 * augusti 2020", agenda_item.adjustment_deadline); without such a decision
 * the statute's day applies. A decided day after the statute's cannot extend
 * it: then the statute's applies and `exceedsLaw` says so.
 */
export interface AdjustmentDue {
  /** The day that applies. */
  by: IsoDate;
  basis: 'decided' | 'legal';
  decided: IsoDate | null;
  legal: Deadline;
  exceedsLaw: boolean;
}

export function adjustmentDue(meetingDate: IsoDate, decided: IsoDate | null | undefined): AdjustmentDue {
  const legal = adjustmentDeadline(meetingDate);
  const own = decided ? assertIsoDate(decided, 'Justeringsdagen') : null;
  const exceedsLaw = own !== null && compareDates(own, legal.due) > 0;
  const useOwn = own !== null && !exceedsLaw;
  return { by: useOwn ? own : legal.due, basis: useOwn ? 'decided' : 'legal', decided: own, legal, exceedsLaw };
}

export const noticeDeadline = (adjustedOn: IsoDate): Deadline => deadline(addDays(assertIsoDate(adjustedOn, 'Justeringsdatumet'), NOTICE_DAYS));

export interface AppealPeriod {
  postedOn: IsoDate;
  lastDay: Deadline;
  /** The first day the notice may be taken down. */
  takeDownFrom: IsoDate;
  /** The day the decision gains legal force if not appealed. */
  finalOn: IsoDate;
}

export function appealPeriod(postedOn: IsoDate): AppealPeriod {
  assertIsoDate(postedOn, 'Anslagsdatumet');
  const lastDay = deadline(addDays(postedOn, APPEAL_DAYS));
  return { postedOn, lastDay, takeDownFrom: addDays(lastDay.due, 1), finalOn: addDays(lastDay.due, 1) };
}

export type Warning = { code: string; message: string };

/**
 * The whole clock of one set of minutes as far as it has run, with warnings
 * for deadlines missed or near (within `warnDays`) on `today`.
 */
export function minutesClock(
  input: { meetingDate: IsoDate; decidedAdjustmentDue?: IsoDate | null; adjustedOn?: IsoDate | null; postedOn?: IsoDate | null; takenDownOn?: IsoDate | null },
  today: IsoDate,
  warnDays = 2,
) {
  const { meetingDate } = input;
  const due = adjustmentDue(meetingDate, input.decidedAdjustmentDue);
  const adjust = due.legal;
  const warnings: Warning[] = [];
  if (input.adjustedOn && compareDates(input.adjustedOn, meetingDate) < 0) {
    throw new DomainError('adjusted-before-meeting', 'Protokollet kan inte justeras före sammanträdet.');
  }
  if (input.postedOn && !input.adjustedOn) {
    throw new DomainError('posted-before-adjustment', 'Protokollet kan inte anslås innan det är justerat.');
  }
  if (input.postedOn && input.adjustedOn && compareDates(input.postedOn, input.adjustedOn) < 0) {
    throw new DomainError('posted-before-adjustment', 'Anslaget kan inte sättas upp före justeringen.');
  }
  // the day that applies, and where it comes from, in every adjustment warning
  const by = due.by;
  const basis = due.basis !== 'decided' ? '' : by === adjust.due ? ', som nämnden beslutade (lagens sista dag)' : `, som nämnden beslutade (lagens sista dag ${adjust.due})`;
  if (due.exceedsLaw && !input.adjustedOn) {
    warnings.push({
      code: 'adjustment-decided-after-law',
      message: `Nämnden beslutade att protokollet ska vara justerat senast ${due.decided}, men kommunallagen ger senast ${adjust.due}; lagens dag gäller.`,
    });
  }
  if (!input.adjustedOn) {
    const left = daysBetween(today, by);
    if (left < 0) warnings.push({ code: 'adjustment-late', message: `Protokollet skulle ha justerats senast ${by}${basis}.` });
    else if (left <= warnDays) warnings.push({ code: 'adjustment-due', message: `Protokollet ska justeras senast ${by}${basis} (${left === 0 ? 'i dag' : left === 1 ? 'i morgon' : `om ${left} dagar`}).` });
  } else if (compareDates(input.adjustedOn, by) > 0) {
    warnings.push({ code: 'adjusted-late', message: `Protokollet justerades ${input.adjustedOn}, efter sista dag ${by}${basis}.` });
  }
  const notice = input.adjustedOn ? noticeDeadline(input.adjustedOn) : null;
  if (notice && !input.postedOn) {
    const left = daysBetween(today, notice.due);
    if (left < 0) warnings.push({ code: 'notice-late', message: `Justeringen skulle ha anslagits senast ${notice.due}.` });
    else warnings.push({ code: 'notice-due', message: `Justeringen ska anslås på anslagstavlan senast ${notice.due}.` });
  } else if (notice && input.postedOn && compareDates(input.postedOn, notice.due) > 0) {
    warnings.push({ code: 'posted-late', message: `Anslaget sattes upp ${input.postedOn}, efter sista dag ${notice.due}.` });
  }
  const appeal = input.postedOn ? appealPeriod(input.postedOn) : null;
  if (appeal && input.takenDownOn && compareDates(input.takenDownOn, appeal.takeDownFrom) < 0) {
    warnings.push({ code: 'taken-down-early', message: `Anslaget togs ned ${input.takenDownOn}, men ska sitta uppe till och med ${appeal.lastDay.due}.` });
  }
  return {
    /** The statute's day (kommunallagen). */
    adjustment: adjust,
    /** The day that applies: the committee's when it decided one within the law. */
    adjustmentDue: due,
    notice,
    appeal,
    finalOn: appeal?.finalOn ?? null,
    isFinal: appeal ? compareDates(today, appeal.finalOn) >= 0 : false,
    warnings,
  };
}

/**
 * Kallelse: kommunallagen does not fix when a nämnd's kallelse goes out – 6 kap.
 * 20 § leaves it to the ordförande and the nämnd's reglemente, which commonly
 * says "senast sju dagar före sammanträdet". So this is the reglemente's rule,
 * not the statute's: `daysBefore` is the body's own figure (default 7). A day
 * that falls on a non-working day moves *earlier*, to the last working day
 * before it, since the papers must be out by then.
 */
export const KALLELSE_DAYS_BEFORE = 7;

export function kallelseSendBy(meetingDate: IsoDate, daysBefore = KALLELSE_DAYS_BEFORE): Deadline {
  const nominal = addDays(assertIsoDate(meetingDate, 'Sammanträdesdatumet'), -daysBefore);
  let due = nominal;
  while (nonWorkingReason(due) !== null) due = addDays(due, -1);
  return { nominal, due, movedBecause: due === nominal ? null : nonWorkingReason(nominal) };
}

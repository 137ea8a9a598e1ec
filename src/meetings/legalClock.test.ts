import { describe, expect, it } from 'vitest';
import { adjustmentDeadline, adjustmentDue, appealPeriod, kallelseSendBy, minutesClock, noticeDeadline } from './legalClock.ts';
import { easterSunday, extendToWorkingDay, isWorkingDay, nonWorkingReason } from '../kernel/holidays.ts';

describe('Swedish working days', () => {
  it('knows Easter and the moving holidays', () => {
    expect(easterSunday(2020)).toBe('2020-04-12');
    expect(easterSunday(2021)).toBe('2021-04-04');
    expect(easterSunday(2026)).toBe('2026-04-05');
    expect(nonWorkingReason('2020-04-10')).toBe('långfredagen');
    expect(nonWorkingReason('2020-04-13')).toBe('annandag påsk');
    expect(nonWorkingReason('2020-05-21')).toBe('Kristi himmelsfärdsdag');
    expect(nonWorkingReason('2020-06-19')).toBe('midsommarafton');
    expect(nonWorkingReason('2020-06-20')).toBe('midsommardagen');
    expect(nonWorkingReason('2020-10-31')).toBe('alla helgons dag');
    expect(nonWorkingReason('2020-12-24')).toBe('julafton');
    expect(nonWorkingReason('2020-12-31')).toBe('nyårsafton');
    expect(nonWorkingReason('2020-08-22')).toBe('lördag');
    expect(isWorkingDay('2020-08-24')).toBe(true);
    expect(extendToWorkingDay('2020-12-24')).toBe('2020-12-28');
  });
});

describe('the legal clock of minutes', () => {
  it('adjustment at the latest 14 days after the meeting (the seeds)', () => {
    expect(adjustmentDeadline('2020-02-14').due).toBe('2020-02-28');
    expect(adjustmentDeadline('2021-10-06').due).toBe('2021-10-20');
    expect(adjustmentDeadline('2020-08-24').due).toBe('2020-09-07');
  });

  it('moves a deadline that ends on a non-working day', () => {
    // 2020-12-10 + 14 = 2020-12-24 (julafton) → Monday 2020-12-28
    expect(adjustmentDeadline('2020-12-10')).toEqual({ nominal: '2020-12-24', due: '2020-12-28', movedBecause: 'julafton' });
    // 2020-02-15 + 14 = Saturday 2020-02-29 → Monday 2020-03-02
    expect(adjustmentDeadline('2020-02-15').due).toBe('2020-03-02');
  });

  it('notice within two days of adjustment, appeal three weeks from posting', () => {
    expect(noticeDeadline('2020-02-26').due).toBe('2020-02-28');
    expect(noticeDeadline('2020-02-27').due).toBe('2020-03-02'); // Saturday → Monday
    const p = appealPeriod('2020-02-28');
    expect(p.lastDay.due).toBe('2020-03-20');
    expect(p.finalOn).toBe('2020-03-21');
    expect(p.takeDownFrom).toBe('2020-03-21');
    // posted 2020-08-28: three weeks end on Friday 2020-09-18
    expect(appealPeriod('2020-08-28').lastDay.due).toBe('2020-09-18');
  });

  it('warns of deadlines near and missed, and tells when a decision is final', () => {
    const fresh = minutesClock({ meetingDate: '2020-02-14' }, '2020-02-27');
    expect(fresh.warnings.map((w) => w.code)).toEqual(['adjustment-due']);
    expect(fresh.finalOn).toBeNull();
    const late = minutesClock({ meetingDate: '2020-02-14' }, '2020-03-02');
    expect(late.warnings[0]!.message).toBe('Protokollet skulle ha justerats senast 2020-02-28.');
    const done = minutesClock({ meetingDate: '2020-02-14', adjustedOn: '2020-02-20', postedOn: '2020-02-21' }, '2020-03-20');
    expect(done.warnings).toEqual([]);
    expect(done.appeal!.lastDay.due).toBe('2020-03-13');
    expect(done.isFinal).toBe(true);
    expect(done.finalOn).toBe('2020-03-14');
    const early = minutesClock({ meetingDate: '2020-02-14', adjustedOn: '2020-02-20', postedOn: '2020-02-21', takenDownOn: '2020-03-01' }, '2020-03-02');
    expect(early.warnings.map((w) => w.code)).toEqual(['taken-down-early']);
    expect(() => minutesClock({ meetingDate: '2020-02-14', postedOn: '2020-02-20' }, '2020-03-01')).toThrow(/innan det är justerat/);
  });

  it('uses the day the committee decided for justering, with the statute\'s beside it', () => {
    // 2020-08-24: "Protokollet ska vara justerat senast den 25 augusti 2020"; the statute gives 2020-09-07
    expect(adjustmentDue('2020-08-24', '2020-08-25')).toMatchObject({ by: '2020-08-25', basis: 'decided', decided: '2020-08-25', exceedsLaw: false, legal: { due: '2020-09-07' } });
    expect(adjustmentDue('2020-08-24', null)).toMatchObject({ by: '2020-09-07', basis: 'legal', decided: null });
    const soon = minutesClock({ meetingDate: '2020-08-24', decidedAdjustmentDue: '2020-08-25' }, '2020-08-24');
    expect(soon.adjustmentDue.by).toBe('2020-08-25');
    expect(soon.adjustment.due).toBe('2020-09-07');
    expect(soon.warnings).toEqual([{ code: 'adjustment-due', message: 'Protokollet ska justeras senast 2020-08-25, som nämnden beslutade (lagens sista dag 2020-09-07) (i morgon).' }]);
    expect(minutesClock({ meetingDate: '2020-02-14' }, '2020-02-26').warnings[0]!.message).toBe('Protokollet ska justeras senast 2020-02-28 (om 2 dagar).');
    // late by the decision, though within the statute's 14 days
    const late = minutesClock({ meetingDate: '2020-08-24', decidedAdjustmentDue: '2020-08-25' }, '2020-08-27');
    expect(late.warnings.map((w) => w.message)).toEqual(['Protokollet skulle ha justerats senast 2020-08-25, som nämnden beslutade (lagens sista dag 2020-09-07).']);
    expect(minutesClock({ meetingDate: '2020-08-24' }, '2020-08-27').warnings).toEqual([]);
    const adjustedLate = minutesClock({ meetingDate: '2020-08-24', decidedAdjustmentDue: '2020-08-25', adjustedOn: '2020-08-26', postedOn: '2020-08-26' }, '2020-08-27');
    expect(adjustedLate.warnings.map((w) => w.code)).toEqual(['adjusted-late']);
    expect(adjustedLate.warnings[0]!.message).toBe('Protokollet justerades 2020-08-26, efter sista dag 2020-08-25, som nämnden beslutade (lagens sista dag 2020-09-07).');
    // the same day as the statute's
    expect(minutesClock({ meetingDate: '2020-02-14', decidedAdjustmentDue: '2020-02-28' }, '2020-03-02').warnings[0]!.message).toBe(
      'Protokollet skulle ha justerats senast 2020-02-28, som nämnden beslutade (lagens sista dag).',
    );
  });

  it('does not let a decided day extend the statute\'s', () => {
    const d = adjustmentDue('2020-08-24', '2020-09-30');
    expect(d).toMatchObject({ by: '2020-09-07', basis: 'legal', decided: '2020-09-30', exceedsLaw: true });
    const c = minutesClock({ meetingDate: '2020-08-24', decidedAdjustmentDue: '2020-09-30' }, '2020-09-08');
    expect(c.warnings.map((w) => w.code)).toEqual(['adjustment-decided-after-law', 'adjustment-late']);
    expect(c.warnings[0]!.message).toBe('Nämnden beslutade att protokollet ska vara justerat senast 2020-09-30, men kommunallagen ger senast 2020-09-07; lagens dag gäller.');
  });
});

describe('kallelseSendBy (the reglemente\'s rule, default seven days before)', () => {
  it('is seven days before a meeting on a weekday', () => {
    expect(kallelseSendBy('2020-08-24')).toEqual({ nominal: '2020-08-17', due: '2020-08-17', movedBecause: null });
  });
  it('moves earlier past a weekend and a holiday, never later', () => {
    // 2027-01-13 − 7 = 2027-01-06 (trettondedag jul, a Wednesday) → 2027-01-05
    const d = kallelseSendBy('2027-01-13');
    expect(d.nominal).toBe('2027-01-06');
    expect(d.due).toBe('2027-01-05');
    expect(d.movedBecause).toMatch(/trettondedag/i);
    // a Saturday moves to the Friday
    expect(kallelseSendBy('2026-12-19').due).toBe('2026-12-11');
  });
  it('takes the body\'s own number of days', () => {
    expect(kallelseSendBy('2020-08-24', 10).due).toBe('2020-08-14');
  });
});

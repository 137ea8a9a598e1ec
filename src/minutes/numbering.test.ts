import { describe, expect, it } from 'vitest';
import { assertSeriesChangeable, assertUnnumberable, compareMeetings, nextParagraph, paragraphRange, planNumbering, type SeriesMeeting } from './numbering.ts';

const feb = { meetingId: 2, date: '2020-02-14', startTime: '09:00' };
const aug = { meetingId: 1, date: '2020-08-24', startTime: '09:00' };
const meeting = (m: { meetingId: number; date: string; startTime?: string | null }, over: Partial<SeriesMeeting> = {}): SeriesMeeting => ({
  startTime: null, status: 'draft', first: null, last: null, fixed: false, ...m, ...over,
});
const items = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe('§ numbering in meeting order', () => {
  it('numbers the first meeting of the year from 1, in agenda order', () => {
    expect([...planNumbering(feb, [3, 1, 2], 1, [])]).toEqual([[1, 1], [2, 2], [3, 3]]);
  });

  it('continues after the earlier numbered meetings of the year', () => {
    const numberedFeb = meeting(feb, { status: 'numbered', first: 1, last: 13 });
    const p = planNumbering(aug, items(8), 1, [numberedFeb, meeting(aug)]);
    expect([...p.values()]).toEqual([14, 15, 16, 17, 18, 19, 20, 21]);
  });

  it('starts at the configured first number of the year', () => {
    expect([...planNumbering(feb, items(3), 41, []).values()]).toEqual([41, 42, 43]);
    // and continues from it
    expect(planNumbering(aug, items(2), 41, [meeting(feb, { status: 'adjusted', first: 41, last: 53, fixed: true })]).get(1)).toBe(54);
  });

  it('refuses a meeting earlier than one already numbered, naming the later meeting', () => {
    const numberedAug = meeting(aug, { status: 'numbered', first: 1, last: 8 });
    expect(() => planNumbering(feb, items(13), 1, [numberedAug])).toThrow(
      expect.objectContaining({ code: 'later-minutes-numbered', status: 409, message: expect.stringContaining('Protokollet från sammanträdet 2020-08-24 (§§ 1–8) är redan numrerat') }),
    );
  });

  it('never puts an earlier meeting before an adjusted one', () => {
    const adjustedAug = meeting(aug, { status: 'adjusted', first: 1, last: 8, fixed: true });
    expect(() => planNumbering(feb, items(13), 1, [adjustedAug])).toThrow(expect.objectContaining({ code: 'later-minutes-adjusted', message: expect.stringContaining('2020-08-24') }));
    // signing begun counts as adjusted
    const signing = meeting(aug, { status: 'numbered', first: 1, last: 8, fixed: true });
    expect(() => planNumbering(feb, items(13), 1, [signing])).toThrow(expect.objectContaining({ code: 'later-minutes-adjusted' }));
  });

  it('refuses while an earlier meeting of the year is begun but not numbered', () => {
    expect(() => planNumbering(aug, items(8), 1, [meeting(feb)])).toThrow(expect.objectContaining({ code: 'earlier-minutes-unnumbered', message: expect.stringContaining('2020-02-14') }));
    // a later draft does not matter
    expect(planNumbering(feb, items(2), 1, [meeting(aug)]).get(2)).toBe(2);
  });

  it('orders two meetings of one day by start time, then id', () => {
    const morning = { meetingId: 9, date: '2020-05-05', startTime: '08:30' };
    const noon = { meetingId: 3, date: '2020-05-05', startTime: '13:00' };
    expect(compareMeetings(morning, noon)).toBeLessThan(0);
    expect(compareMeetings({ ...noon, startTime: null }, morning)).toBeLessThan(0);
    expect(compareMeetings({ ...morning, startTime: null }, { ...noon, startTime: null })).toBeGreaterThan(0);
    expect(planNumbering(noon, items(2), 1, [meeting(morning, { status: 'numbered', first: 1, last: 4 })]).get(1)).toBe(5);
    expect(() => planNumbering(morning, items(2), 1, [meeting(noon, { status: 'numbered', first: 1, last: 4 })])).toThrow(expect.objectContaining({ code: 'later-minutes-numbered' }));
  });

  it('gives the same numbers whichever meeting is numbered first, once the later one is renumbered', () => {
    // August first: §§ 1–8; February refused; August undone, February numbered, August again
    let aFirst = planNumbering(aug, items(8), 1, []);
    expect([...aFirst.values()].at(-1)).toBe(8);
    const year: SeriesMeeting[] = [meeting(aug, { status: 'numbered', first: 1, last: 8 }), meeting(feb)];
    expect(() => planNumbering(feb, items(13), 1, year)).toThrow(expect.objectContaining({ code: 'later-minutes-numbered' }));
    assertUnnumberable(year[0]!, year);
    const f = planNumbering(feb, items(13), 1, [meeting(aug), meeting(feb)]);
    aFirst = planNumbering(aug, items(8), 1, [meeting(feb, { status: 'numbered', first: 1, last: 13 })]);
    expect([...f.values()]).toEqual(items(13));
    expect([...aFirst.values()]).toEqual([14, 15, 16, 17, 18, 19, 20, 21]);
  });
});

describe('undoing the numbering', () => {
  const f = meeting(feb, { status: 'numbered', first: 1, last: 13 });
  const a = meeting(aug, { status: 'numbered', first: 14, last: 21 });
  it('only at the end of the series', () => {
    expect(() => assertUnnumberable(f, [f, a])).toThrow(expect.objectContaining({ code: 'later-minutes-numbered', message: expect.stringContaining('2020-08-24 (§§ 14–21)') }));
    expect(() => assertUnnumberable(a, [f, a])).not.toThrow();
  });
  it('never for adjusted minutes or those being signed, nor for a draft', () => {
    expect(() => assertUnnumberable({ ...a, fixed: true }, [f, a])).toThrow(expect.objectContaining({ code: 'minutes-fixed' }));
    expect(() => assertUnnumberable({ ...a, status: 'adjusted', fixed: true }, [f, a])).toThrow(expect.objectContaining({ code: 'minutes-fixed' }));
    expect(() => assertUnnumberable(meeting(aug), [f])).toThrow(expect.objectContaining({ code: 'minutes-not-numbered' }));
  });
});

describe('the first number of a year', () => {
  it('may change while nothing of the year is numbered', () => {
    expect(() => assertSeriesChangeable(2020, 41, [meeting(feb), meeting(aug)])).not.toThrow();
    expect(() => assertSeriesChangeable(2020, 41, [meeting(feb, { status: 'numbered', first: 1, last: 13 })])).toThrow(
      expect.objectContaining({ code: 'paragraph-series-in-use', status: 409, message: expect.stringContaining('2020-02-14 (§§ 1–13)') }),
    );
  });
  it('is a whole number from 1', () => {
    for (const bad of [0, -3, 1.5, 100_001]) expect(() => assertSeriesChangeable(2020, bad, [])).toThrow(expect.objectContaining({ code: 'invalid-first-paragraph' }));
  });
  it('gives the next number', () => {
    expect(nextParagraph(1, [])).toBe(1);
    expect(nextParagraph(41, [meeting(feb)])).toBe(41);
    expect(nextParagraph(1, [meeting(feb, { status: 'numbered', first: 1, last: 13 }), meeting(aug, { status: 'numbered', first: 14, last: 21 })])).toBe(22);
    expect(paragraphRange(4, 4)).toBe('§ 4');
    expect(paragraphRange(null, null)).toBe('');
  });
});

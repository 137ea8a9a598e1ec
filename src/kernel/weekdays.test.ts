import { describe, expect, it } from 'vitest';
import { checkWeekdayWords, dateWarnings, dateWarningText, findDates } from './weekdays.ts';

describe('findDates', () => {
  it('reads every form the papers use, in order, with their lines', () => {
    const text = 'att fastställa sammanträdesdagar för 2027 till\n2027-02-10, 17 mars 2027, 21 apr. 2027\n2/6 2027 och 15.9.2027';
    const found = findDates(text);
    expect(found.map((f) => [f.date, f.line, f.text])).toEqual([
      ['2027-02-10', 2, '2027-02-10'],
      ['2027-03-17', 2, '17 mars 2027'],
      ['2027-04-21', 2, '21 apr. 2027'],
      ['2027-06-02', 3, '2/6 2027'],
      ['2027-09-15', 3, '15.9.2027'],
    ]);
  });

  it('uses the default year only for dates written without one', () => {
    expect(findDates('10 februari, 17/3 och 2028-01-12', { defaultYear: 2027 }).map((f) => [f.date, f.hasYear])).toEqual([
      ['2027-02-10', false],
      ['2027-03-17', false],
      ['2028-01-12', true],
    ]);
    const [noYear] = findDates('10 februari');
    expect(noYear).toMatchObject({ date: null, problem: '"10 februari" saknar år.' });
  });

  it('names a day that does not exist instead of rolling it over', () => {
    expect(findDates('30 februari 2027 och 2027-13-01').map((f) => [f.date, f.problem])).toEqual([
      [null, '"30 februari 2027" är inget datum som finns.'],
      [null, '"2027-13-01" är inget datum som finns.'],
    ]);
    expect(findDates('2027-02-29')[0]).toMatchObject({ date: null, problem: '"2027-02-29" är inget datum som finns.' });
    expect(findDates('2028-02-29')[0]!.date).toBe('2028-02-29');
  });

  it('does not read parts of longer numbers, times or case numbers as dates', () => {
    expect(findDates('Dnr 20RS6567, kl. 10.00-15.00, 2022/23, belopp 12 345 kr, 120 000 kronor')).toEqual([]);
    expect(findDates('12 septemberfest 2027')).toEqual([]);
  });
});

describe('checkWeekdayWords', () => {
  it('reports a weekday word that does not fit its date', () => {
    // 7 September 2022 was a Wednesday
    expect(checkWeekdayWords('Sammanträde torsdag den 7 september 2022 kl. 10.00')).toEqual([
      {
        text: 'torsdag den 7 september 2022',
        date: '2022-09-07',
        written: 'torsdag',
        actual: 'onsdag',
        line: 1,
        message: '"torsdag den 7 september 2022": 2022-09-07 är en onsdag, inte en torsdag.',
      },
    ]);
  });

  it('accepts the right weekday in every form, with or without "den", capitalised or not', () => {
    const right = [
      'onsdag den 7 september 2022',
      'Onsdagen den 7 september 2022',
      'onsdag 7 september 2022',
      'ONSDAG 2022-09-07',
      'onsdag 7/9 2022',
      'onsdag den 7.9.2022',
      '2022-09-07 onsdag',
      '2022-09-07 (onsdag)',
      'måndag 2022-09-05, tisdag 2022-09-06, torsdag 2022-09-08, fredag 2022-09-09, lördag 2022-09-10, söndag 2022-09-11',
    ];
    for (const t of right) expect(checkWeekdayWords(t), t).toEqual([]);
  });

  it('checks every weekday name against the date it stands next to', () => {
    const wrong = ['måndag', 'tisdag', 'torsdag', 'fredag', 'lördag', 'söndag'];
    for (const w of wrong) expect(checkWeekdayWords(`${w} den 7 september 2022`).map((m) => [m.written, m.actual]), w).toEqual([[w, 'onsdag']]);
  });

  it('binds a weekday to the date after it, else to the date before it; a list keeps each pair', () => {
    // 2027-02-10 and 2027-03-17 are Wednesdays
    expect(checkWeekdayWords('2027-02-10 onsdag, 2027-03-17 onsdag')).toEqual([]);
    expect(checkWeekdayWords('2027-02-10 torsdag, 2027-03-17 onsdag').map((m) => m.date)).toEqual(['2027-02-10']);
    expect(checkWeekdayWords('onsdag 10 februari 2027\ntorsdag 17 mars 2027').map((m) => [m.line, m.text])).toEqual([[2, 'torsdag 17 mars 2027']]);
  });

  it('checks year-less dates only when told the year', () => {
    expect(checkWeekdayWords('torsdag den 10 februari')).toEqual([]);
    expect(checkWeekdayWords('torsdag den 10 februari', { defaultYear: 2027 }).map((m) => m.actual)).toEqual(['onsdag']);
  });

  it('leaves a weekday word that stands apart from any date alone', () => {
    expect(checkWeekdayWords('Gruppmöten på torsdag. Sammanträdet hålls 2022-09-07 i Örebro.')).toEqual([]);
  });
});

describe('dateWarnings', () => {
  it('warns of Saturdays, Sundays and public holidays, naming them', () => {
    expect(dateWarnings('2027-02-10')).toEqual([]);
    expect(dateWarnings('2027-02-13')).toEqual([{ kind: 'weekend', reason: 'lördag' }]);
    expect(dateWarnings('2027-02-14')).toEqual([{ kind: 'weekend', reason: 'söndag' }]);
    expect(dateWarnings('2027-05-06')).toEqual([{ kind: 'holiday', reason: 'Kristi himmelsfärdsdag' }]);
    expect(dateWarnings('2027-06-06')).toEqual([{ kind: 'weekend', reason: 'söndag' }, { kind: 'holiday', reason: 'Sveriges nationaldag' }]);
    expect(dateWarnings('2027-03-26')).toEqual([{ kind: 'holiday', reason: 'långfredagen' }]);
    expect(dateWarnings('2027-03-29')).toEqual([{ kind: 'holiday', reason: 'annandag påsk' }]);
  });

  it('treats the eves as holidays too: midsommarafton, julafton, nyårsafton', () => {
    expect(dateWarnings('2027-06-25')).toEqual([{ kind: 'holiday', reason: 'midsommarafton' }]);
    expect(dateWarnings('2026-06-19')).toEqual([{ kind: 'holiday', reason: 'midsommarafton' }]);
    expect(dateWarnings('2026-06-18')).toEqual([]);
    expect(dateWarnings('2027-12-24')).toEqual([{ kind: 'holiday', reason: 'julafton' }]);
    expect(dateWarnings('2027-12-31')).toEqual([{ kind: 'holiday', reason: 'nyårsafton' }]);
  });

  it('says it in one Swedish sentence', () => {
    expect(dateWarningText('2027-02-10')).toBeNull();
    expect(dateWarningText('2027-05-06')).toBe('2027-05-06 är Kristi himmelsfärdsdag (torsdag).');
    expect(dateWarningText('2027-06-06')).toBe('2027-06-06 är en söndag och Sveriges nationaldag.');
    expect(dateWarningText('2027-02-13')).toBe('2027-02-13 är en lördag.');
  });
});

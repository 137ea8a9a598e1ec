import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { canonicalDecimal, compareDecimal, compareWithMean, formatDecimalSv, meanRounded } from './decimal.ts';
import { parseJsonExact, JsonNumber } from './json.ts';
import { evaluate, parseKolada, parsePeriod, periodLabel, validateTarget, COMPARISON_COUNTIES, type KpiValue } from './model.ts';

const fixture = (f: string) => readFileSync(new URL(`../../test/fixtures/kolada/${f}`, import.meta.url), 'utf8');
/** A data response with one value written exactly as `raw` in the file. */
const one = (raw: string) => `{"values":[{"kpi":"N00920","municipality":"0018","period":2020,"values":[{"gender":"T","count":1,"status":"","value":${raw}}]}]}`;

describe('exact decimals', () => {
  it('canonicalises without going through a float', () => {
    expect(canonicalDecimal('12.30')).toBe('12.3');
    expect(canonicalDecimal('-0.0')).toBe('0');
    expect(canonicalDecimal('007')).toBe('7');
    expect(canonicalDecimal('1.5e2')).toBe('150');
    expect(canonicalDecimal('1234.5E-6')).toBe('0.0012345');
    // 0.1 + 0.2 style trouble and digits a double cannot hold stay as written
    expect(canonicalDecimal('12.345678901234')).toBe('12.345678901234');
    expect(canonicalDecimal('123456789012345678')).toBe('123456789012345678');
    expect(Number('123456789012345678').toString()).not.toBe('123456789012345678');
  });
  it('refuses what it would have to round', () => {
    expect(() => canonicalDecimal('0.1234567890123')).toThrow('fler än 12 decimaler');
    expect(() => canonicalDecimal('1234567890123456789')).toThrow('fler än 18 siffror');
    expect(() => canonicalDecimal('1e999')).toThrow('orimlig exponent');
    expect(() => canonicalDecimal('NaN')).toThrow('är inte ett tal');
    expect(() => canonicalDecimal('0x10')).toThrow('är inte ett tal');
  });
  it('compares and averages exactly', () => {
    expect(compareDecimal('0.3', '0.30')).toBe(0);
    expect(compareDecimal('-1.5', '-1.25')).toBe(-1);
    expect(compareDecimal('79.3', '79.25')).toBe(1);
    // the mean of 0.1, 0.2 is 0.15 exactly: 0.15 is not above it (a float sum says 0.30000000000000004 / 2)
    expect(compareWithMean('0.15', ['0.1', '0.2'])).toBe(0);
    // mean of 1, 1, 2 is 1.333…: 1.33 is below, 1.34 above
    expect(compareWithMean('1.33', ['1', '1', '2'])).toBe(-1);
    expect(compareWithMean('1.34', ['1', '1', '2'])).toBe(1);
    expect(meanRounded(['1', '1', '2'])).toBe('1.33');
    expect(meanRounded(['81.4', '80.4', '78.6', '79.6'])).toBe('80');
    expect(meanRounded(['-1', '-2'], 0)).toBe('-2');
    expect(formatDecimalSv('1234567.5')).toBe('1\u00a0234\u00a0567,5');
    expect(formatDecimalSv('-0.25')).toBe('−0,25');
  });
});

describe('the exact JSON reader', () => {
  it('keeps numbers as written', () => {
    const v = parseJsonExact('{"a":[1.10, -2e3, 0.30000000000000004], "b": "x\\u00e5"}') as { a: JsonNumber[]; b: string };
    expect(v.a.map((n) => n.text)).toEqual(['1.10', '-2e3', '0.30000000000000004']);
    expect(v.b).toBe('xå');
  });
  it('refuses hostile input with a Swedish message', () => {
    expect(() => parseJsonExact('')).toThrow('Filen är tom');
    expect(() => parseJsonExact('{"a":1,}')).toThrow('Ett fältnamn väntades');
    expect(() => parseJsonExact('[1 2]')).toThrow('Komma eller ] väntades');
    expect(() => parseJsonExact('{"a": NaN}')).toThrow('Oväntat tecken');
    expect(() => parseJsonExact('"abc')).toThrow('tar aldrig slut');
    expect(() => parseJsonExact('[01]')).toThrow('Komma eller ]');
    expect(() => parseJsonExact('{} x')).toThrow('Oväntad text efter');
    expect(() => parseJsonExact('['.repeat(100_000))).toThrow('för djupt nästlad');
    expect(() => parseJsonExact('[' + '0,'.repeat(50) + '0]', { maxBytes: 1000, maxDepth: 5, maxNodes: 20 })).toThrow('för många värden');
    expect(() => parseJsonExact('x'.repeat(2000), { maxBytes: 1000, maxDepth: 5, maxNodes: 20 })).toThrow('för stor');
    expect(() => parseJsonExact('"a\u0001"')).toThrow('kontrolltecken');
    expect(() => parseJsonExact('"\\x"')).toThrow('escape');
    expect(() => parseJsonExact('1' + '0'.repeat(500))).toThrow('Ogiltigt tal');
  });
  it('does not let "__proto__" pollute objects', () => {
    const v = parseJsonExact('{"__proto__": {"polluted": true}}') as Record<string, unknown>;
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(v)).toBeNull();
  });
});

describe('Kolada files', () => {
  it('reads the data response: values per area, period and gender, exact', () => {
    const f = parseKolada(fixture('rtn-data.json'));
    if (f.kind !== 'data') throw new Error('data expected');
    expect(f.values).toHaveLength(6 * 6 * 3 * 2 + 6 * 6);
    expect(new Set(f.values.map((v) => v.area))).toEqual(new Set(['0018', '1880', '0006', '0007', '0017', '0019']));
    const at = (kpi: string, area: string, period: string, gender: string) => f.values.find((v) => v.kpi === kpi && v.area === area && v.period === period && v.gender === gender);
    expect(at('N00920', '0018', '2019', 'T')?.value).toBe('79.3');
    expect(at('N00920', '1880', '2016', 'K')?.value).toBe('77');
    expect(at('N00914', '0007', '2015', 'T')).toMatchObject({ value: null, status: 'Missing', count: 0 });
  });
  it('reads the KPI metadata response', () => {
    const f = parseKolada(fixture('rtn-kpi.json'));
    expect(f.kind).toBe('kpi');
    if (f.kind === 'kpi') expect(f.kpis.map((k) => k.id)).toEqual(['N00914', 'N00920', 'N00928']);
  });
  it('keeps a value with more digits than a double holds', () => {
    const f = parseKolada(one('12.345678901234'));
    expect(f.kind === 'data' && f.values[0]!.value).toBe('12.345678901234');
    const big = parseKolada(one('98765432109876543'));
    expect(big.kind === 'data' && big.values[0]!.value).toBe('98765432109876543');
    expect(String(JSON.parse('98765432109876543'))).not.toBe('98765432109876543');
  });
  it('accepts quarters and months as period strings', () => {
    const f = parseKolada(JSON.stringify({ values: [{ kpi: 'N00920', municipality: '0018', period: '2020-Q2', values: [{ gender: 'K', value: 1 }] }] }));
    expect(f.kind === 'data' && f.values[0]!.period).toBe('2020-Q2');
    expect(parsePeriod('2020-05')).toEqual({ year: 2020, kind: 'month', sub: 5 });
    expect(periodLabel('2020-Q2')).toBe('kvartal 2 2020');
    expect(periodLabel('2020-05')).toBe('maj 2020');
  });
  it('refuses hostile or foreign files, saying where', () => {
    expect(() => parseKolada('[]')).toThrow('fältet "values" saknas');
    expect(() => parseKolada('{"values": []}')).toThrow('är tom');
    expect(() => parseKolada(one('"12.3"'))).toThrow('ska vara ett tal eller null');
    expect(() => parseKolada(one('12,3'))).toThrow('Ett fältnamn väntades (rad 1, tecken 121)');
    expect(() => parseKolada(JSON.stringify({ values: [{ kpi: 'N00920', municipality: '0018', period: 2020, values: [{ gender: 'T', value: '12.3' }] }] }))).toThrow(
      'values[0].values[0].value: ska vara ett tal eller null',
    );
    expect(() => parseKolada(JSON.stringify({ values: [{ kpi: 'N00920', municipality: '0018', period: 2020, values: [{ gender: 'X', value: 1 }] }] }))).toThrow('"X" är inte T');
    expect(() => parseKolada(JSON.stringify({ values: [{ kpi: 'DROP TABLE', municipality: '0018', period: 2020, values: [] }] }))).toThrow('inte ett nyckeltals-id');
    expect(() => parseKolada(JSON.stringify({ values: [{ kpi: 'N00920', municipality: '18', period: 2020, values: [] }] }))).toThrow('inte en kommun- eller regionkod');
    expect(() => parseKolada(JSON.stringify({ values: [{ kpi: 'N00920', ou: 'V15E188000101', period: 2020, values: [] }] }))).toThrow('organisatorisk enhet');
    expect(() => parseKolada(JSON.stringify({ values: [{ kpi: 'N00920', municipality: '0018', period: 20201, values: [] }] }))).toThrow('values[0].period');
    expect(() => parseKolada('{"values":[{"kpi":"N00920","municipality":"0018","period":2020,"values":[{"gender":"T","value":1e400}]}]}')).toThrow('orimlig exponent');
    expect(() => parseKolada('{"values":[{"kpi":"N00920","municipality":"0018","period":2020,"values":[{"gender":"T","value":1,"count":-1}]}]}')).toThrow('icke-negativt heltal');
    const dup = '{"values":[{"kpi":"N00920","municipality":"0018","period":2020,"values":[{"gender":"T","value":1},{"gender":"T","value":2}]}]}';
    expect(() => parseKolada(dup)).toThrow('förekommer två gånger med olika värden');
  });
});

describe('targets', () => {
  const f = parseKolada(fixture('rtn-data.json'));
  const values = (f.kind === 'data' ? f.values : []) as KpiValue[];
  const of = (kpi: string) => values.filter((v) => v.kpi === kpi);

  it('a fixed target value: reached or not, per period (N00914 should increase to at least 6.5)', () => {
    const t = validateTarget({ kind: 'fixed', direction: 'increase', value: '6.50' });
    expect(t.value).toBe('6.5');
    const e = evaluate(of('N00914'), t).map((x) => [x.period, x.value, x.met]);
    expect(e).toEqual([
      ['2015', '5.82', false], ['2016', '5.85', false], ['2017', '6.01', false], ['2018', '6.16', false], ['2019', '6.2', false], ['2020', '6.98', true],
    ]);
    // equal to the target counts as met, both ways
    expect(evaluate([{ area: '0018', period: '2020', gender: 'T', value: '6.5' }], t)[0]!.met).toBe(true);
    expect(evaluate([{ area: '0018', period: '2020', gender: 'T', value: '6.5' }], { ...t, direction: 'decrease' })[0]!.met).toBe(true);
  });

  it('better than the baseline year (unemployment N00928 should decrease from 2019), by gender', () => {
    const t = validateTarget({ kind: 'baseline', direction: 'decrease', baselineYear: 2019 });
    const e = evaluate(of('N00928'), t).filter((x) => x.gender === 'T');
    expect(e.map((x) => [x.period, x.met, x.note])).toEqual([
      ['2015', null, 'före basåret'], ['2016', null, 'före basåret'], ['2017', null, 'före basåret'], ['2018', null, 'före basåret'], ['2019', null, 'basår'], ['2020', false, null],
    ]);
    expect(e.at(-1)).toMatchObject({ value: '9.4', reference: '7.5' });
    const g = evaluate(of('N00928'), t).filter((x) => x.period === '2020').map((x) => x.gender);
    expect(g).toEqual(['T', 'K', 'M']);
  });

  it('better than the comparison counties (employment N00920 should increase above their mean)', () => {
    const t = validateTarget({ kind: 'comparison', direction: 'increase', group: [...COMPARISON_COUNTIES] });
    const e = evaluate(of('N00920'), t).filter((x) => x.gender === 'T');
    // 2019: Örebro län 79.3 against (81.4 + 80.4 + 78.6 + 79.6) / 4 = 80
    expect(e.find((x) => x.period === '2019')).toMatchObject({ value: '79.3', reference: '80', met: false });
    expect(e.every((x) => x.met === false)).toBe(true);
    // Värmland alone is lower: met
    const v = evaluate(of('N00920'), { ...t, group: ['0017'] }).filter((x) => x.gender === 'T');
    expect(v.every((x) => x.met === true)).toBe(true);
    // a missing comparison value: the mean of those that exist, said so
    const n = evaluate(of('N00914'), { ...t, group: ['0007', '0017'] }).find((x) => x.period === '2015');
    expect(n).toMatchObject({ reference: '5.61', met: true, note: 'medel av 1 av 2 områden' });
  });

  it('refuses an incomplete target', () => {
    expect(() => validateTarget({ kind: 'fixed', direction: 'increase' })).toThrow('Ange målvärdet');
    expect(() => validateTarget({ kind: 'fixed', direction: null, value: '1' })).toThrow('öka eller minska');
    expect(() => validateTarget({ kind: 'baseline', direction: 'increase' })).toThrow('basåret');
    expect(() => validateTarget({ kind: 'comparison', direction: 'increase', group: [] })).toThrow('jämförelsegruppen');
    expect(() => validateTarget({ kind: 'comparison', direction: 'increase', group: ['x'] })).toThrow('kommun- eller regionkod');
    expect(() => validateTarget({ kind: 'fixed', direction: 'increase', value: 'tolv' })).toThrow('Målvärdet');
    expect(evaluate(of('N00914'), validateTarget({ kind: 'none' })).every((x) => x.met === null)).toBe(true);
  });
});

import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { canonicalText, matchAgendaItems, matchTitles, similarity } from './identity.ts';
import { parseKallelse } from './model.ts';
import { parseBusinessSupport } from '../funding/businessSupport.ts';
import { fileHash } from './service.ts';

const seed = readFileSync(new URL('../../seeds/000_97425d05012e62df.txt', import.meta.url), 'utf8');

describe('canonicalText', () => {
  it('makes line endings, byte-order mark, Unicode form and trailing white space alike', () => {
    expect(canonicalText('\ufeffa  \r\nb\t\rc\n\n  \n')).toBe('a \nb \nc\n');
    expect(canonicalText('Va\u0308xjo\u0308\r\n')).toBe('Växjö\n');
    const lines = seed.normalize('NFD').split('\n');
    const variant = `\ufeff${lines.map((l) => (l.endsWith(' ') ? `${l}\t ` : l)).join('\r\n')}\r\n\r\n`;
    expect(canonicalText(variant)).toBe(canonicalText(seed));
  });

  it('is linear in the length of the text: a run of a million blanks inside a line costs milliseconds', () => {
    const line = `a${' '.repeat(1_000_000)}b   \r\n`;
    const start = performance.now();
    expect(canonicalText(line.repeat(2))).toBe(`a${' '.repeat(1_000_000)}b \n`.repeat(2));
    expect(fileHash(canonicalText(line))).toBe(fileHash(`a${' '.repeat(1_000_000)}b\n`));
    expect(performance.now() - start).toBeLessThan(2000);
  });

  it('reads the seeds exactly as before (kallelse and business-support register)', () => {
    const c = canonicalText(seed);
    expect(isDeepStrictEqual(parseKallelse(c), parseKallelse(seed))).toBe(true);
    expect(isDeepStrictEqual(parseBusinessSupport(c), parseBusinessSupport(seed))).toBe(true);
  });
});

describe('matchAgendaItems', () => {
  const item = (number: number, title: string, caseId: number | null = null, kind = 'decision') => ({ number, title, kind, caseId });

  it('pairs by case number first, even when items moved or were renamed', () => {
    const old = [item(1, 'Protokollsjustering', null, 'adjustment'), item(2, 'Delårsrapport', 10), item(3, 'Smart tillväxt 2021 - 2023', 11), item(4, 'Information', null, 'information')];
    const incoming = [item(1, 'Protokollsjustering', null, 'adjustment'), item(2, 'Ny punkt', 12), item(3, 'Delårsrapport januari–juli', 10), item(4, 'Smart tillväxt 2021 – 2024', 11), item(5, 'Information', null, 'information')];
    expect(matchAgendaItems(old, incoming)).toEqual([0, null, 1, 2, 3]);
  });

  it('pairs by number and title, then title, then number, kind and a similar title; never across different cases', () => {
    const old = [item(1, 'Information', null, 'information'), item(2, 'Övriga frågor'), item(3, 'Val av revisor', 20)];
    const incoming = [item(1, 'Övriga frågor'), item(2, 'Informationer', null, 'information'), item(3, 'Val av revisor', 21)];
    expect(matchAgendaItems(old, incoming)).toEqual([1, null, null]);
    expect(matchAgendaItems([item(4, 'Medfinansiering av projekt Transmission')], [item(4, 'Utökad medfinansiering av projekt Transmission')])).toEqual([0]);
    expect(matchAgendaItems([item(4, 'Medfinansiering av projekt Transmission')], [item(4, 'Val av ombud till stämman')])).toEqual([null]);
  });
});

describe('matchTitles', () => {
  it('keeps the same documents, pairs a reworded one, and leaves a new one unpaired', () => {
    const old = ['FöredragningsPM 2020-08-24, Smart tillväxt', 'Projektbeskrivning, Smart tillväxt 2021-2023', 'Budget'];
    const incoming = ['Projektbeskrivning, Smart tillväxt 2021-2024', 'FöredragningsPM 2020-08-24, Smart tillväxt', 'Yttrande från kommunen'];
    expect(matchTitles(old, incoming)).toEqual([1, 0, null]);
    expect(similarity('a b c', 'a b d')).toBeCloseTo(2 / 3);
  });
});

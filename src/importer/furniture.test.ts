/**
 * Page furniture and page stamps (issue 18, items 1 and 2): property tests
 * with fast-check. Bodies are random lines of lower-case words; headers and
 * footers are random lines of capitalised words and numbers that change from
 * page to page (page numbers, dates).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkPageStamps, EDGE_LINES, furnitureKey, MIN_PAGES, pagedText, removeFurniture } from './furniture.ts';

const WORDS = ['att', 'nämnden', 'beslutar', 'projektet', 'medfinansiering', 'kronor', 'region', 'län', 'och', 'för', 'av', 'tillväxt', 'stöd', 'enligt', 'beslut', 'utveckling', 'ärendet', 'med'];
const CAPS = ['Kallelse', 'Regional', 'tillväxtnämnd', 'Region', 'Örebro', 'län', 'Föredragningslista', 'Sammanträde', 'REGION', 'ÖREBRO', 'LÄN', 'www.regionorebrolan.se'];

const bodyLine = fc.array(fc.constantFrom(...WORDS), { minLength: 2, maxLength: 9 }).map((w) => w.join(' '));
/** A page's body: lines, some blank, a leading space now and then (an indented bullet). */
const body = fc.array(fc.oneof({ weight: 6, arbitrary: bodyLine }, { weight: 1, arbitrary: fc.constant('') }, { weight: 1, arbitrary: bodyLine.map((l) => ` ${l}`) }), {
  minLength: 1,
  maxLength: 30,
});
/** A furniture line: capitalised words, maybe with a number that differs on every page ("#" is replaced by it). */
const furnitureLine = fc
  .tuple(fc.array(fc.constantFrom(...CAPS), { minLength: 1, maxLength: 5 }), fc.constantFrom('', ' #', ' # (#)', ' 2020-08-#'))
  .map(([w, n]) => `${w.join(' ')}${n}`);

const fill = (template: string, page: number, total: number) => template.replace('# (#)', `${page} (${total})`).replace(/#/g, String(page));
const trimBlank = (lines: string[]) => {
  let from = 0;
  let to = lines.length;
  while (from < to && lines[from]!.trim() === '') from++;
  while (to > from && lines[to - 1]!.trim() === '') to--;
  return lines.slice(from, to);
};
/** No body line is itself at the edge of more than half of the pages (else it is furniture by the rule, rightly). */
const bodyEdgesDistinct = (bodies: string[][]) => {
  const seen = new Map<string, number>();
  for (const b of bodies) {
    const filled = b.filter((l) => l.trim() !== '');
    for (const k of new Set([...filled.slice(0, EDGE_LINES + 3), ...filled.slice(-EDGE_LINES - 3)].map(furnitureKey))) seen.set(k, (seen.get(k) ?? 0) + 1);
  }
  return [...seen.values()].every((n) => n * 2 <= bodies.length);
};

describe('removeFurniture', () => {
  it('removes a header and a footer repeated on every page, and keeps every body line', () => {
    fc.assert(
      fc.property(
        fc.array(body, { minLength: MIN_PAGES, maxLength: 12 }),
        fc.array(furnitureLine, { minLength: 1, maxLength: 3 }),
        fc.array(furnitureLine, { minLength: 0, maxLength: 2 }),
        (bodies, header, footer) => {
          fc.pre(bodyEdgesDistinct(bodies));
          const total = bodies.length;
          const pages = bodies.map((b, k) => [...header.map((h) => fill(h, k + 1, total)), '', ...b, '', ...footer.map((f) => fill(f, k + 1, total))]);
          const out = removeFurniture(pages);
          expect(out.pages).toEqual(bodies.map(trimBlank));
          for (const h of [...header, ...footer]) expect(out.keys.has(furnitureKey(fill(h, 1, total)))).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('removes a header missing on some pages when it is on more than half of them', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(body, fc.boolean()), { minLength: MIN_PAGES, maxLength: 12 }), furnitureLine, (pages, header) => {
        const bodies = pages.map(([b]) => b);
        fc.pre(bodyEdgesDistinct(bodies));
        const withHeader = pages.filter(([, has]) => has).length;
        const out = removeFurniture(pages.map(([b, has], k) => (has ? [fill(header, k + 1, pages.length), ...b] : b)));
        if (withHeader * 2 > pages.length) expect(out.pages).toEqual(bodies.map(trimBlank));
        else expect(out.keys.has(furnitureKey(header))).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps a line that repeats on every page inside the text but not at its edges', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.array(bodyLine, { minLength: EDGE_LINES, maxLength: 8 }), fc.array(bodyLine, { minLength: EDGE_LINES, maxLength: 8 })), { minLength: MIN_PAGES, maxLength: 10 }),
        furnitureLine,
        furnitureLine,
        (halves, repeated, header) => {
          fc.pre(furnitureKey(repeated) !== furnitureKey(header));
          const bodies = halves.map(([a, b]) => [...a, repeated, ...b]);
          fc.pre(bodyEdgesDistinct(halves.map(([a, b]) => [...a, ...b])));
          const out = removeFurniture(bodies.map((b, k) => [fill(header, k + 1, bodies.length), ...b]));
          expect(out.pages).toEqual(bodies);
          expect(out.keys.has(furnitureKey(repeated))).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps the header’s own words where they stand inside the text ("Regional tillväxtnämnd" as header and as the memo’s Organ)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.array(bodyLine, { minLength: EDGE_LINES, maxLength: 8 }), fc.array(bodyLine, { minLength: EDGE_LINES, maxLength: 8 }), fc.boolean()), {
          minLength: MIN_PAGES,
          maxLength: 10,
        }),
        furnitureLine,
        (halves, header) => {
          fc.pre(bodyEdgesDistinct(halves.map(([a, b]) => [...a, ...b])));
          const bodies = halves.map(([a, b, inText], k) => (inText ? [...a, fill(header, k + 1, halves.length), ...b] : [...a, ...b]));
          const out = removeFurniture(bodies.map((b, k) => [fill(header, k + 1, halves.length), ...b]));
          expect(out.keys.has(furnitureKey(header))).toBe(true);
          expect(out.pages).toEqual(bodies);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('finds no furniture in fewer than MIN_PAGES pages', () => {
    const pages = [['Kallelse', 'text ett'], ['Kallelse', 'text två']];
    expect(removeFurniture(pages).pages).toEqual(pages);
  });
});

describe('checkPageStamps', () => {
  const stamped = (numbers: number[], total: number, where: 'top' | 'bottom' = 'bottom') =>
    numbers.map((n) => (where === 'top' ? [`Kallelse 2020-08-24 ${n} (${total})`, `text på sidan ${n}`, 'mer text', 'och mer'] : [`text på sidan ${n}`, 'mer text', 'och mer', `${n} (${total})`]));

  it('reports nothing for all pages in order, and something for any page left out, moved or given twice', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }).chain((total) =>
          fc.tuple(fc.constant(total), fc.array(fc.integer({ min: 1, max: total }), { minLength: 1, maxLength: total + 3 }), fc.constantFrom('top' as const, 'bottom' as const)),
        ),
        ([total, numbers, where]) => {
          const complete = numbers.length === total && numbers.every((n, k) => n === k + 1);
          const { warnings, total: read } = checkPageStamps(stamped(numbers, total, where));
          expect(read).toBe(total);
          expect(warnings.length === 0).toBe(complete);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('names the missing pages, the misordered ones and a file cut short', () => {
    expect(checkPageStamps(stamped([1, 2, 4, 5], 5)).warnings).toEqual(['Sidan 3 (5) saknas i filen.']);
    expect(checkPageStamps(stamped([3, 4, 5], 5)).warnings).toEqual(['Sidorna 1–2 (5) saknas i filen.']);
    expect(checkPageStamps(stamped([1, 3, 2, 4], 4)).warnings).toEqual(['Sidan 2 (4) kommer efter sidan 3 (4) i filen: sidorna står i fel ordning eller finns två gånger.']);
    expect(checkPageStamps(stamped([1, 2, 2, 4], 4)).warnings).toEqual([
      'Sidan 2 (4) kommer efter sidan 2 (4) i filen: sidorna står i fel ordning eller finns två gånger.',
      'Sidan 3 (4) saknas i filen.',
    ]);
    expect(checkPageStamps(stamped([1, 2, 3], 66)).warnings).toEqual(['Filen slutar med sidan 3 av 66: sidorna 4–66 (66) saknas.']);
    expect(checkPageStamps(stamped([1, 3, 4], 5)).warnings).toEqual(['Sidan 2 (5) saknas i filen.', 'Filen slutar med sidan 4 av 5: sidan 5 (5) saknas.']);
  });

  it('takes the book’s total, not a memo’s own "1 (2)", and counts a page without a stamp as the next one', () => {
    const pages = stamped([1, 2, 3, 4, 5], 5);
    pages[1]!.splice(0, 0, '1 (2)');
    pages[2]!.splice(0, 0, '2 (2)');
    pages[3]!.pop(); // page 4 lost its stamp
    expect(checkPageStamps(pages)).toMatchObject({ total: 5, warnings: [] });
  });
});

describe('pagedText', () => {
  it('gives the parser each page without furniture and its stamp after it, and knows the page of every line', () => {
    const words = ['ett', 'två', 'tre'];
    const pages = [1, 2, 3].map((n) => ['REGION ÖREBRO LÄN', `Kallelse 2020-08-24 Regional tillväxtnämnd ${n} (3)`, '', `${n}. Punkt ${words[n - 1]}`, `text ${words[n - 1]}`, '']);
    const r = pagedText(pages);
    expect(r.text).toBe('1. Punkt ett\ntext ett\n1 (3)\n2. Punkt två\ntext två\n2 (3)\n3. Punkt tre\ntext tre\n3 (3)\n');
    expect(r.pageOfLine).toEqual([1, 1, 1, 2, 2, 2, 3, 3, 3]);
    expect(r.totalPages).toBe(3);
  });
});

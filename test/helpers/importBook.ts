/**
 * A small kallelse book for the import page's tests (issue 18.1, 18.8):
 * seed 000's agenda, then item 2's divider page, its memo (two pages with a
 * stamp "1 (2)", "2 (2)" of its own) and the report it is about (two pages
 * without stamps), each part starting on a page of its own as in the
 * committee's books. `moveTo` gives the meeting another date (the demo data
 * has 2020-08-24 already).
 */
import { readFileSync } from 'node:fs';
import { kallelsePdf, printable } from './kallelsePdf.ts';

export const PER_PAGE = 50;

const seed = printable(readFileSync(new URL('../../seeds/000_97425d05012e62df.txt', import.meta.url), 'utf8')).split('\n');
/** Seed 000 up to the divider page of item 2: the agenda, without the seed's own page stamps. */
const dividerAt = seed.findIndex((l, k) => k > 150 && /^2\s*$/.test(l));
export const AGENDA = seed.slice(0, dividerAt).filter((l) => !/^\s*\d+\s*\(\d+\)\s*$/.test(l));
export const AGENDA_TEXT = `${AGENDA.join('\n')}\n`;
export const AGENDA_PAGES = Math.ceil(AGENDA.length / PER_PAGE);

/** Lines as whole pages of PER_PAGE lines (the last one padded). */
const asPages = (lines: string[]) => {
  const out: string[] = [];
  for (let k = 0; k < lines.length; k += PER_PAGE) {
    const page = lines.slice(k, k + PER_PAGE);
    out.push(...page, ...Array<string>(PER_PAGE - page.length).fill(''));
  }
  return out;
};
const filler = (what: string, n: number) => Array.from({ length: n }, (_, k) => `${what} rad ${k + 1} med text om verksamhet och ekonomi under perioden.`);

export const BOOK_TEXT = `${[
  ...asPages(AGENDA),
  ...asPages(['2', 'Delårsrapport januari-juli', '2020, regional tillväxtnämnd', '', '20RS6567']),
  ...asPages([
    '1 (2)',
    'Tjänsteställe, handläggare Sammanträdesdatum FöredragningsPM',
    'Ekonomi, Helena Torége 2020-08-24 Dnr: 20RS6567',
    '',
    'Organ',
    'Regional tillväxtnämnd',
    '',
    'Delårsrapport 2020, regional tillväxtnämnd',
    '',
    'Förslag till beslut',
    'Regional tillväxtnämnd beslutar',
    'att godkänna regional tillväxtnämnds delårsrapport januari-juli 2020.',
    '',
    'Sammanfattning',
    ...filler('PM', 30),
  ]),
  ...asPages(['2 (2)', 'Beslutsunderlag', 'FöredragningsPM till regional tillväxtnämnd den 24 augusti 2020.', '', ...filler('Bilaga', 10)]),
  ...asPages(['Delårsrapport januari–juli 2020', 'Regional tillväxtnämnd', '', ...filler('Rapport', 40)]),
  ...asPages(filler('Rapport, forts.', 40)),
].join('\n')}\n`;
/** Pages of the book: the agenda, the divider, two of the memo, two of the report. */
export const BOOK_PAGES = AGENDA_PAGES + 5;

/** The same text for a meeting on 2021-08-23 (a Monday, as 2020-08-24 was). */
export const moveTo2021 = (text: string) => text.replaceAll('2020-08-24', '2021-08-23').replaceAll('200824', '210823').replaceAll('24 augusti 2020', '23 augusti 2021');

/** The book as a PDF (header and page stamp on every page); `keep` leaves pages out. */
export const bookPdf = (text = BOOK_TEXT, keep?: (total: number) => number[]) => kallelsePdf(text, { linesPerPage: PER_PAGE, ...(keep ? { keep } : {}) });

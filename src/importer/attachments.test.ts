import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseKallelse } from './model.ts';
import { MEMO_ENTRY } from './attachments.ts';
import { planDocuments } from './pages.ts';
import type { ParsedKallelse } from './types.ts';

/** A small kallelse: item 2's memo has the header grid, item 3's memo has none (its title lines only). */
const agenda = [
  '1. Protokollsjustering',
  'Föredragande:',
  '',
  'Förslag till beslut',
  'Kulturnämnden beslutar',
  'att ordföranden och Eva Ek justerar dagens protokoll.',
  '',
  '2. Fiskevård i länets sjöar',
  'Diarienummer: 21KN100 Föredragande: Anna Berg',
  '',
  'Förslag till beslut',
  'Kulturnämnden beslutar',
  'att godkänna rapporten om fiskevård.',
  '',
  'Beslutsunderlag',
  'FöredragningsPM kulturnämnden 2021-03-15, Fiskevård i länets sjöar',
  'Rapport om fiskevården i länets sjöar 2020',
  '',
  '3. Medfinansiering av Cykelleder i Bergslagen',
  'Diarienummer: 21KN200 Föredragande: Per Holm',
  '',
  'Förslag till beslut',
  'Kulturnämnden beslutar',
  'att Bergslagens cykelförening beviljas högst 250 000 kronor.',
  '',
  'Beslutsunderlag',
  'FöredragningsPM kulturnämnden 2021-03-15, Cykelleder i Bergslagen',
  'Projektbeskrivning, Cykelleder i Bergslagen',
  '',
];
const memo2 = [
  'Tjänsteställe, handläggare Sammanträdesdatum FöredragningsPM',
  'Kultur och fritid, Anna Berg 2021-03-15 Dnr: 21KN100',
  '',
  'Organ',
  'Kulturnämnden',
  '',
  'Fiskevård i länets sjöar',
  '',
  'Förslag till beslut',
  'att godkänna rapporten om fiskevård.',
  '',
  'Sammanfattning',
  'Rapporten beskriver fiskevården under året.',
  '',
  'Ekonomiska konsekvenser',
  'Inga.',
  '',
  'Anna Berg',
  'Enhetschef',
  '',
  'Skickas till:',
  'Länsstyrelsen',
  '',
  'Rapport om fiskevården i',
  'länets sjöar 2020',
  '',
  'Fiskevården har bedrivits i tolv sjöar under året.',
];
const memo3 = [
  '',
  'Medfinansiering av Cykelleder i',
  'Bergslagen',
  '',
  'Förslag till beslut',
  'att Bergslagens cykelförening beviljas högst 250 000 kronor.',
  '',
  'Sammanfattning',
  'Föreningen söker medel för att märka ut cykelleder.',
  '',
  'Ärendebeskrivning',
  'Lederna går genom fyra kommuner.',
  '',
  'Bedömning',
  'Projektet stärker besöksnäringen.',
  '',
  'Konsekvenser för miljö-, barn- och jämställdhetsperspektiven',
  'Fler kan cykla i stället för att åka bil.',
  '',
  'Ekonomiska konsekvenser',
  'Finansiering sker inom ramen för anslaget.',
  '',
  'Beslutsunderlag',
  'FöredragningsPM till kulturnämnden 2021-03-15.',
  '',
  'Lars Lind',
  'Förvaltningschef',
  '',
  'Skickas till:',
  'Bergslagens cykelförening',
  'Kultur och fritid, Per Holm',
  ' Cykelleder i Bergslagen',
  '',
  'Projektbeskrivning',
  'Lederna märks ut under 2021.',
];

const text = (...parts: string[][]) => `${parts.flat().join('\n')}\n`;
const lineOf = (t: string, needle: string, from = 0) => t.split('\n').findIndex((l, k) => k >= from && l === needle) + 1;

describe('attachments to the right item (issue 18.4)', () => {
  const t = text(agenda, memo2, memo3);
  const k = parseKallelse(t);
  const docs = (n: number) => (k.attachmentDocuments ?? []).filter((d) => d.itemNumber === n);

  it('files the memo without a header grid, and its papers, under its own item, not the previous one', () => {
    expect(k.attachmentSections!.map((s) => s.itemNumber)).toEqual([2, 3]);
    const start3 = lineOf(t, 'Medfinansiering av Cykelleder i');
    expect(k.attachmentSections![1]!.fromLine).toBe(start3);
    expect(k.attachmentSections![0]!.toLine).toBeLessThan(start3);
    const item = (n: number) => k.items.find((i) => i.number === n)!;
    expect(item(2).attachmentText).toContain('Fiskevården har bedrivits');
    expect(item(2).attachmentText).not.toContain('250 000 kronor');
    expect(item(3).attachmentText).toContain('250 000 kronor');
    expect(item(3).attachmentText).toContain('Lederna märks ut under 2021.');
    expect(k.attachmentFlags).toEqual([]);
  });

  it('finds each beslutsunderlag by its title lines: the memo, then the document that names the entry', () => {
    expect(docs(2).map((d) => [d.basisIndex, d.kind, d.fromLine])).toEqual([
      [0, 'memo', lineOf(t, memo2[0]!)],
      [1, 'document', lineOf(t, 'Rapport om fiskevården i')],
    ]);
    expect(docs(3).map((d) => [d.basisIndex, d.kind, d.fromLine])).toEqual([
      [0, 'memo', lineOf(t, 'Medfinansiering av Cykelleder i')],
      [1, 'document', lineOf(t, ' Cykelleder i Bergslagen')],
    ]);
    // each document ends where the next begins
    expect(docs(2)[0]!.toLine).toBe(lineOf(t, 'Länsstyrelsen'));
  });

  it('splits a PDF by the documents found: each entry its own pages, the memo without a grid under its item', () => {
    // each document on pages of its own: the agenda p. 1, item 2's memo p. 2–3, its report p. 4, item 3's memo p. 5, its description p. 6
    const n = t.split('\n').length;
    // a new page at each of these lines (the memo's second page starts at its summary text)
    const starts = [lineOf(t, memo2[0]!), lineOf(t, memo2[12]!), lineOf(t, 'Rapport om fiskevården i'), lineOf(t, 'Medfinansiering av Cykelleder i'), lineOf(t, ' Cykelleder i Bergslagen')];
    const pageOfLine = Array.from({ length: n }, (_, k) => 1 + starts.filter((s) => s <= k + 1).length);
    const plan = planDocuments(k, pageOfLine, 6);
    expect(plan.flags).toEqual([]);
    expect(plan.documents.map((d) => [d.itemNumber, d.basisIndex, d.fromPage, d.toPage])).toEqual([
      [2, 0, 2, 3],
      [2, 1, 4, 4],
      [3, 0, 5, 5],
      [3, 1, 6, 6],
    ]);
  });

  it('reads the same with a divider page before each item and without any header grid', () => {
    const divided = text(agenda, ['2', 'Fiskevård i länets sjöar', '', '21KN100'], memo2.slice(2), ['', '3', 'Medfinansiering av Cykelleder i Bergslagen', '21KN200'], memo3);
    const d = parseKallelse(divided);
    expect(d.attachmentSections!.map((s) => s.itemNumber)).toEqual([2, 3]);
    expect(d.items[2]!.attachmentText).toContain('250 000 kronor');
    expect(d.items[1]!.attachmentText).not.toContain('250 000 kronor');
    expect((d.attachmentDocuments ?? []).map((x) => [x.itemNumber, x.basisIndex])).toEqual([
      [2, 0],
      [2, 1],
      [3, 0],
      [3, 1],
    ]);
  });

  it('flags a memo title that points back to an earlier item and leaves the text where it stands', () => {
    const back = text(agenda, memo2, memo3, ['', 'Fiskevård i länets sjöar', '', 'Förslag till beslut', 'att godkänna rapporten om fiskevård.']);
    const b = parseKallelse(back);
    expect(b.attachmentSections!.map((s) => s.itemNumber)).toEqual([2, 3]);
    expect(b.attachmentFlags).toHaveLength(1);
    expect(b.attachmentFlags![0]).toMatch(/^Rad \d+: "Fiskevård i länets sjöar" ser ut som rubriken på föredragnings-PM:et till punkt 2 men står bland handlingarna till punkt 3/);
  });

  it('reads the memo without a header grid into its fields', () => {
    const m = k.items[2]!.memo!;
    expect(m.summary).toBe('Föreningen söker medel för att märka ut cykelleder.');
    expect(m.description).toBe('Lederna går genom fyra kommuner.\n\nBedömning\n\nProjektet stärker besöksnäringen.');
    expect(m.consequences).toEqual({
      economy: 'Finansiering sker inom ramen för anslaget.',
      children: 'Fler kan cykla i stället för att åka bil.',
      environment: 'Fler kan cykla i stället för att åka bil.',
      equality: 'Fler kan cykla i stället för att åka bil.',
    });
    expect([m.signatoryName, m.signatoryTitle]).toEqual(['Lars Lind', 'Förvaltningschef']);
    expect(m.sendTo).toEqual(['Bergslagens cykelförening', 'Kultur och fritid, Per Holm']);
    expect([m.unit, m.officer]).toEqual(['', '']);
    const g = k.items[1]!.memo!;
    expect([g.unit, g.officer, g.summary, g.consequences, g.sendTo]).toEqual(['Kultur och fritid', 'Anna Berg', 'Rapporten beskriver fiskevården under året.', { economy: 'Inga.' }, ['Länsstyrelsen']]);
  });
});

// ---------------------------------------------------------------------------
// The seeds: general checks, nothing of their text

const seeds = ['000_97425d05012e62df.txt', '003_f8eb7d47c03ea706.txt'];
const read = (name: string) => readFileSync(new URL(`../../seeds/${name}`, import.meta.url), 'utf8');
const squash = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');

describe.each(seeds)('seed %s: every beslutsunderlag under its own item', (name) => {
  const k: ParsedKallelse = parseKallelse(read(name));
  const sections = k.attachmentSections ?? [];
  const documents = k.attachmentDocuments ?? [];
  const within = (n: number, line: number) => sections.some((s) => s.itemNumber === n && s.fromLine <= line && line <= s.toLine);

  it('gives every item that lists beslutsunderlag a stretch of the text, in agenda order, without overlaps', () => {
    for (const it of k.items) if (it.decisionBasis.length > 0) expect(sections.some((s) => s.itemNumber === it.number), `punkt ${it.number}`).toBe(true);
    const order = sections.map((s) => s.itemNumber);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    for (let n = 1; n < sections.length; n++) expect(sections[n]!.fromLine).toBeGreaterThan(sections[n - 1]!.toLine);
  });

  it('finds the memo of every item that lists one, under that item, and its text holds the item’s own proposal', () => {
    for (const it of k.items) {
      const memoIndex = it.decisionBasis.findIndex((e) => MEMO_ENTRY.test(e));
      if (memoIndex < 0) continue;
      const memo = documents.find((d) => d.itemNumber === it.number && d.kind === 'memo');
      expect(memo, `punkt ${it.number}`).toBeDefined();
      expect(memo!.basisIndex).toBe(memoIndex);
      expect(within(it.number, memo!.fromLine)).toBe(true);
      // the memo repeats the item's first att-sats: it is this item's memo, not a neighbour's
      const clause = it.proposal?.clauses[0];
      if (clause) expect(squash(it.attachmentText ?? ''), `punkt ${it.number}`).toContain(squash(clause).slice(0, 40));
      for (const other of k.items) {
        const c = other.proposal?.clauses[0];
        if (other.number !== it.number && c && squash(c).length > 40 && !k.items.some((x) => x !== other && x.proposal?.clauses[0] === c)) {
          expect(squash(memo ? it.memo?.summary ?? '' : ''), `punkt ${it.number} / ${other.number}`).not.toContain(squash(c).slice(0, 60));
        }
      }
    }
  });

  it('files every document it finds under the item whose list names it, each entry at most once', () => {
    for (const d of documents) {
      const it = k.items.find((i) => i.number === d.itemNumber)!;
      expect(within(d.itemNumber, d.fromLine), `${d.title}`).toBe(true);
      if (d.basisIndex !== null) expect(it.decisionBasis[d.basisIndex]).toBe(d.title);
    }
    const keys = documents.filter((d) => d.basisIndex !== null).map((d) => `${d.itemNumber}/${d.basisIndex}`);
    expect(new Set(keys).size).toBe(keys.length);
    // more than the memos: most items' other documents are found by their titles
    const others = k.items.flatMap((i) => i.decisionBasis.filter((e) => !MEMO_ENTRY.test(e)).map((_, n) => i.number * 100 + n));
    const foundOthers = documents.filter((d) => d.kind === 'document' && d.basisIndex !== null).length;
    expect(foundOthers / others.length).toBeGreaterThan(0.35);
  });

  it('reads the memo fields of the memos it finds (handläggare, description, consequences, recipients)', () => {
    const memos = k.items.flatMap((i) => (i.memo ? [i.memo] : []));
    expect(memos.length).toBeGreaterThanOrEqual(5);
    for (const m of memos) {
      expect(m.summary.length, `rad ${m.fromLine}`).toBeGreaterThan(20);
      // nothing of the page furniture or the header grid in the fields
      for (const f of [m.summary, m.description, ...Object.values(m.consequences), ...m.sendTo]) expect(f).not.toMatch(/tjänsteställe|www\.|Postadress|\d+ \(\d+\)$/i);
      if (m.officer) expect(m.officer).toMatch(/^\p{Lu}\p{L}+(?: \p{Lu}[\p{L}-]+)+$/u);
      if (m.signatoryName) expect(m.signatoryName).toMatch(/^\p{Lu}\p{L}+(?: \p{Lu}[\p{L}-]+)+$/u);
    }
    // a memo with its header grid names its handläggare
    const raw = read(name).split(/\r\n?|\n/);
    for (const m of memos) {
      const grid = raw.slice(m.fromLine - 1, m.toLine).some((l) => /^\s*Tjänsteställe\b.*\bFöredragnings-?PM\b/i.test(l));
      if (grid) expect(m.officer, `rad ${m.fromLine}`).not.toBe('');
    }
    expect(memos.filter((m) => m.description.length > 100).length).toBeGreaterThanOrEqual(3);
    expect(memos.filter((m) => m.consequences['economy']).length).toBeGreaterThanOrEqual(3);
    expect(memos.filter((m) => m.sendTo.length > 0).length).toBeGreaterThanOrEqual(3);
  });
});

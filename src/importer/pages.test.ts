/** Which pages of an imported PDF are each item's documents (importer/pages.ts, issue 18.1). */
import { describe, expect, it } from 'vitest';
import { planDocuments } from './pages.ts';
import type { ParsedKallelse } from './types.ts';

/** A kallelse with only what planDocuments reads: items with their decision basis, sections, stamps. */
const kallelse = (k: Pick<ParsedKallelse, 'attachmentSections' | 'documentStamps'> & { basis: Record<number, string[]> }): ParsedKallelse =>
  ({
    items: Object.entries(k.basis).map(([n, decisionBasis]) => ({ number: Number(n), title: `Punkt ${n}`, decisionBasis })),
    attachmentSections: k.attachmentSections,
    documentStamps: k.documentStamps,
  }) as unknown as ParsedKallelse;

/** Ten lines a page: line L is on page ceil(L / 10). */
const pageOfLine = Array.from({ length: 200 }, (_, k) => Math.floor(k / 10) + 1);

describe('planDocuments', () => {
  it('splits at a document’s own stamp "1 (N)" and N pages on, and files the parts under the decision-basis entries in order', () => {
    const k = kallelse({
      basis: { 1: [], 2: ['FöredragningsPM', 'Projektbeskrivning'] },
      attachmentSections: [{ itemNumber: 2, fromLine: 41, toLine: 80 }],
      documentStamps: [{ line: 41, page: 1, total: 2 }],
    });
    expect(planDocuments(k, pageOfLine, 20)).toEqual({
      documents: [
        { itemNumber: 2, basisIndex: 0, title: 'FöredragningsPM', fromPage: 5, toPage: 6 },
        { itemNumber: 2, basisIndex: 1, title: 'Projektbeskrivning', fromPage: 7, toPage: 8 },
      ],
      flags: [],
    });
  });

  it('keeps an item’s pages whole, under no entry, and flags it when the documents are not as many as the entries', () => {
    const k = kallelse({
      basis: { 3: ['PM', 'Bilaga 1', 'Bilaga 2'] },
      attachmentSections: [{ itemNumber: 3, fromLine: 11, toLine: 45 }],
      documentStamps: [{ line: 12, page: 1, total: 4 }],
    });
    const plan = planDocuments(k, pageOfLine, 20);
    expect(plan.documents).toEqual([{ itemNumber: 3, basisIndex: null, title: 'Handlingar till punkt 3', fromPage: 2, toPage: 5 }]);
    expect(plan.flags).toEqual(['Punkt 3 "Punkt 3": sidorna 2–5 i filen är ett dokument men beslutsunderlaget listar 3 handlingar; sidorna sparas som en bilaga till punkten, inte under en viss handling.']);
  });

  it('ignores stamps that are not a first page, and sections outside the file', () => {
    const k = kallelse({
      basis: { 1: ['PM', 'Rapport'] },
      attachmentSections: [{ itemNumber: 1, fromLine: 1, toLine: 30 }, { itemNumber: 2, fromLine: 50, toLine: 40 }],
      documentStamps: [{ line: 15, page: 2, total: 2 }, { line: 21, page: 1, total: 9 }],
    });
    // "1 (9)" on page 3 starts the second document (it would run past the section: no third)
    expect(planDocuments(k, pageOfLine, 20).documents).toEqual([
      { itemNumber: 1, basisIndex: 0, title: 'PM', fromPage: 1, toPage: 2 },
      { itemNumber: 1, basisIndex: 1, title: 'Rapport', fromPage: 3, toPage: 3 },
    ]);
  });
});

import { PDFDocument, type PDFFont } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { embedFonts } from './fonts.ts';
import { TextFlow } from './flow.ts';
import { Layout, MAX_LAYOUT_CHARS, textWidth, wrap } from './layout.ts';

let font: PDFFont;
beforeAll(async () => {
  font = (await embedFonts(await PDFDocument.create())).regular;
});

/** The fastest of a few runs, in milliseconds (the least disturbed by other work on the machine). */
function fastest(f: () => unknown, runs = 5): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    f();
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

describe('wrapping text into lines', () => {
  it('keeps words whole while they fit, and every line within the width', () => {
    const text = 'Regional tillväxtnämnd beslutar att godkänna delårsrapporten för januari till juli 2020 och att lägga den till handlingarna.';
    const lines = wrap(text, font, 10.5, 200);
    expect(lines.length).toBeGreaterThan(2);
    expect(lines.join(' ')).toBe(text);
    for (const line of lines) expect(textWidth(font, line, 10.5)).toBeLessThanOrEqual(200);
    // each line is as long as it may be: the next word would not have fitted
    lines.slice(0, -1).forEach((line, i) => expect(textWidth(font, `${line} ${lines[i + 1]!.split(' ')[0]}`, 10.5)).toBeGreaterThan(200));
  });

  it('cuts a word longer than a line into pieces that fill the line, between characters', () => {
    const word = 'å'.repeat(500) + '😀'.repeat(100);
    const lines = wrap(`kort ${word} slut`, font, 10, 150);
    expect(lines[0]).toBe('kort');
    expect(lines.join('').replace(/ /g, '')).toBe(`kort${word}slut`);
    for (const line of lines) expect(textWidth(font, line, 10)).toBeLessThanOrEqual(150);
    // no surrogate pair is split
    for (const line of lines) expect(line).not.toMatch(/[\uD800-\uDBFF]$|^[\uDC00-\uDFFF]/);
    // every cut piece is full: one more character would not fit
    const pieces = lines.slice(1, -1);
    pieces.forEach((p, i) => expect(textWidth(font, p + [...lines[i + 2]!][0]!, 10)).toBeGreaterThan(150));
  });

  it('breaks a 20 000-character word in well under a second, in time linear in its length', () => {
    const ms20k = fastest(() => wrap('x'.repeat(20_000), font, 10.5, 455), 1);
    expect(ms20k).toBeLessThan(5000);
    // 4 × the length: linear costs 4 ×, the old cubic cutting 64 ×
    const ms10k = fastest(() => wrap('m'.repeat(10_000), font, 10.5, 455));
    const ms40k = fastest(() => wrap('m'.repeat(40_000), font, 10.5, 455));
    expect(ms40k / Math.max(ms10k, 0.05)).toBeLessThan(8);
  });

  it('lays out a 200 000-character text and a 20 000-character word as PDF pages in well under a second', async () => {
    const started = performance.now();
    const flow = await TextFlow.create({ title: 'Lång text', author: 'Styrbord' });
    flow.text('ord och mening '.repeat(200_000 / 15));
    flow.text('y'.repeat(20_000));
    const bytes = await flow.finish();
    expect(performance.now() - started).toBeLessThan(5000);
    expect(flow.pageIndex()).toBeGreaterThan(50);
    expect(bytes.length).toBeGreaterThan(10_000);

    const doc = await PDFDocument.create();
    const layout = new Layout(doc, await embedFonts(doc));
    const t = performance.now();
    layout.paragraphs('z'.repeat(20_000));
    layout.clause(`att ${'q'.repeat(20_000)}`);
    expect(performance.now() - t).toBeLessThan(5000);
    expect(layout.pages.length).toBeGreaterThan(5);
  });

  it('refuses, in Swedish, to lay out more text than one document may hold', async () => {
    const flow = await TextFlow.create({ title: 'För lång', author: 'Styrbord' });
    flow.text('a'.repeat(MAX_LAYOUT_CHARS / 2));
    expect(() => flow.text('b'.repeat(MAX_LAYOUT_CHARS / 2 + 1))).toThrow(/för stort för att skapas som PDF/);
    const doc = await PDFDocument.create();
    const layout = new Layout(doc, await embedFonts(doc));
    expect(() => layout.text('c'.repeat(MAX_LAYOUT_CHARS + 1))).toThrow(expect.objectContaining({ code: 'document-too-large', status: 413 }));
  });
});

/** Reading generated PDFs in tests with pdf.js: the text of each page, the outline, the metadata. */
import { getDocument, VerbosityLevel } from 'pdfjs-dist/legacy/build/pdf.mjs';

export interface PdfText {
  pageCount: number;
  /** The text of each page (index 0 is page 1), lines separated by "\n". */
  pages: string[];
  outline: Array<{ title: string; page: number; children: Array<{ title: string; page: number }> }>;
  info: Record<string, unknown>;
}

interface OutlineNode {
  title: string;
  dest: unknown;
  items: OutlineNode[];
}

export async function readPdf(bytes: Uint8Array): Promise<PdfText> {
  const pdf = await getDocument({ data: new Uint8Array(bytes), verbosity: VerbosityLevel.ERRORS, isEvalSupported: false, disableFontFace: true }).promise;
  try {
    const pages: string[] = [];
    for (let i = 1; i <= pdf.numPages; i++) {
      const page = await pdf.getPage(i);
      const content = await page.getTextContent();
      let text = '';
      for (const item of content.items) {
        if (!('str' in item)) continue;
        text += item.str + (item.hasEOL ? '\n' : ' ');
      }
      pages.push(text.replace(/[ \t]+/g, ' ').replace(/ \n/g, '\n'));
      page.cleanup();
    }
    const pageOf = async (dest: unknown): Promise<number> => {
      const d = typeof dest === 'string' ? await pdf.getDestination(dest) : (dest as unknown[] | null);
      if (!d || !d[0]) return 0;
      return (await pdf.getPageIndex(d[0] as { num: number; gen: number })) + 1;
    };
    const outline = await Promise.all(
      ((await pdf.getOutline()) as OutlineNode[] | null ?? []).map(async (o) => ({
        title: o.title,
        page: await pageOf(o.dest),
        children: await Promise.all(o.items.map(async (c) => ({ title: c.title, page: await pageOf(c.dest) }))),
      })),
    );
    const info = (await pdf.getMetadata()).info as Record<string, unknown>;
    return { pageCount: pdf.numPages, pages, outline, info };
  } finally {
    await pdf.destroy();
  }
}

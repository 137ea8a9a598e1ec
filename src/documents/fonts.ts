/** The embedded fonts of every generated PDF: DejaVu Sans (renders å, ä, ö), shipped in assets/fonts. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fontkit from '@pdf-lib/fontkit';
import type { PDFDocument, PDFFont } from 'pdf-lib';

const FONT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../assets/fonts');
let cache: { regular: Uint8Array; bold: Uint8Array } | null = null;

function fontBytes() {
  cache ??= {
    regular: readFileSync(path.join(FONT_DIR, 'DejaVuSans.ttf')),
    bold: readFileSync(path.join(FONT_DIR, 'DejaVuSans-Bold.ttf')),
  };
  return cache;
}

/**
 * fontkit parses a font file anew for every document and lays out every glyph
 * anew with it. The parsed fonts are read-only (each document gets its own
 * subset), so they are parsed once per process and shared: a document then
 * costs only the glyphs it draws.
 */
type Fontkit = typeof fontkit;
const parsed = new WeakMap<Uint8Array, unknown>();
const sharedFontkit: Fontkit = {
  ...fontkit,
  create(data: Uint8Array, postscriptName?: string) {
    if (postscriptName !== undefined) return fontkit.create(data, postscriptName);
    let font = parsed.get(data);
    if (!font) parsed.set(data, (font = fontkit.create(data)));
    return font as ReturnType<Fontkit['create']>;
  },
};

export interface Fonts {
  regular: PDFFont;
  bold: PDFFont;
}

/** Embeds the fonts (subset to the glyphs used) into a document. */
export async function embedFonts(doc: PDFDocument): Promise<Fonts> {
  doc.registerFontkit(sharedFontkit);
  const bytes = fontBytes();
  const [regular, bold] = await Promise.all([doc.embedFont(bytes.regular, { subset: true }), doc.embedFont(bytes.bold, { subset: true })]);
  return { regular, bold };
}

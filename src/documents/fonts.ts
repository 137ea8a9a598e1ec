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
 * fontkit parses a font file anew for every document, and shapes every line
 * of text through the font's OpenType tables (most of the time of drawing a
 * page). pdf-lib uses only the glyphs of the result (it draws no kerning), and
 * running text in Swedish needs no shaping: one character, one glyph. So the
 * parsed fonts are shared by the whole process (each document still gets its
 * own subset) and `layout` maps characters to glyphs through the font's cmap.
 * The glyphs are our own small records with the character they were drawn
 * for: fontkit's cached glyph objects are shared, and one first met as part of
 * a composite (the O in Ö) has no code point, which would leave it out of the
 * ToUnicode map, and the text would not extract as written.
 */
type Fontkit = typeof fontkit;
type FontkitFont = ReturnType<Fontkit['create']>;
interface Glyph {
  id: number;
  advanceWidth: number;
  codePoints: number[];
}
const parsed = new WeakMap<Uint8Array, FontkitFont>();

function withPlainLayout(font: FontkitFont): FontkitFont {
  const f = font as unknown as { glyphForCodePoint(cp: number): Glyph };
  const glyphs = new Map<number, Glyph>();
  const layout = (text: string) => {
    const run: Glyph[] = [];
    for (const ch of text) {
      const cp = ch.codePointAt(0)!;
      let g = glyphs.get(cp);
      if (!g) {
        const base = f.glyphForCodePoint(cp);
        g = { id: base.id, advanceWidth: base.advanceWidth, codePoints: [cp] };
        glyphs.set(cp, g);
      }
      run.push(g);
    }
    return { glyphs: run, positions: run.map((g) => ({ xAdvance: g.advanceWidth, yAdvance: 0, xOffset: 0, yOffset: 0 })) };
  };
  return new Proxy(font, { get: (target, prop) => (prop === 'layout' ? layout : Reflect.get(target, prop, target)) });
}

const sharedFontkit: Fontkit = {
  ...fontkit,
  create(data: Uint8Array, postscriptName?: string) {
    if (postscriptName !== undefined) return fontkit.create(data, postscriptName);
    let font = parsed.get(data);
    if (!font) parsed.set(data, (font = withPlainLayout(fontkit.create(data))));
    return font;
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

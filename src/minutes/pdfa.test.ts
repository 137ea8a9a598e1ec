/**
 * The archive copy as PDF/A-2b (issue 15.7), checked with the tools at hand
 * (veraPDF is not installed): qpdf finds the file sound and the catalogue
 * holds the XMP (part 2, conformance B, title, dates) and an output intent
 * with an RGB ICC profile; pdffonts has every font embedded; the seal put on
 * afterwards is still valid for pdfsig.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TextFlow } from '../documents/flow.ts';
import { toPdfA, xmpPacket } from './pdfa.ts';
import { generateSelfSignedP12, sealPdf, type Seal } from './seal.ts';
import { pdfaReport } from './pdfaCheck.ts';

const dir = mkdtempSync(join(tmpdir(), 'pdfa-'));
let n = 0;
const fileOf = (bytes: Uint8Array) => {
  const f = join(dir, `f${++n}.pdf`);
  writeFileSync(f, bytes);
  return f;
};

async function sample(): Promise<Uint8Array> {
  const flow = await TextFlow.create({ title: 'Protokollsutdrag § 3', author: 'Regional tillväxtnämnd', date: new Date('2020-08-24T00:00:00Z'), header: 'Protokollsutdrag' });
  flow.heading('Protokollsutdrag', 1);
  flow.text('Regional tillväxtnämnd beslutar att bevilja stöd. Åäö.', { color: [0.7, 0, 0] });
  return flow.finish();
}

const meta = { title: 'Protokollsutdrag § 3 Regional tillväxtnämnd 2020-08-24', author: 'Regional tillväxtnämnd', subject: 'Beslut & <motivering>', documentDate: '2020-08-24', createdOn: '2020-08-25' };

describe('PDF/A-2b archive copy', () => {
  const seal: Seal = { p12: generateSelfSignedP12('Test Region', 'pw'), password: 'pw', demo: true, name: 'Test Region' };

  it('writes XMP, output intent and info dictionary that agree, fonts embedded; the seal stays valid', async () => {
    const archived = await toPdfA(await sample(), meta);
    const sealed = await sealPdf(archived, seal, { reason: 'test', location: 'Örebro' });
    const file = fileOf(sealed);
    const check = spawnSync('qpdf', ['--check', file], { encoding: 'utf8' });
    expect(check.status, check.stdout + check.stderr).toBe(0);
    const r = pdfaReport(file);
    expect(r.problems).toEqual([]);
    expect(r.xmp).toMatchObject({ part: '2', conformance: 'B', title: meta.title, createDate: '2020-08-25', documentDate: '2020-08-24' });
    expect(r.info).toMatchObject({ Title: meta.title, CreationDate: 'D:20200825' });
    expect(r.outputIntent).toMatchObject({ subtype: 'GTS_PDFA1', profileComponents: 3 });
    expect(r.fonts.length).toBeGreaterThan(0);
    expect(r.fonts.every((f) => f.embedded)).toBe(true);
    expect(r.hasId).toBe(true);
    const sig = spawnSync('pdfsig', [file], { encoding: 'utf8' });
    expect(sig.stdout).toMatch(/Signature Validation: Signature is Valid\./);
  });

  it('is deterministic and escapes text in the XMP', async () => {
    const input = await sample();
    const a = await toPdfA(input, meta);
    const b = await toPdfA(input, meta);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    expect(xmpPacket(meta)).toContain('Beslut &amp; &lt;motivering&gt;');
    expect(() => xmpPacket({ ...meta, createdOn: '25 augusti' })).toThrow();
  });

  it('the check reports what a plain PDF lacks', async () => {
    const r = pdfaReport(fileOf(await sample()));
    expect(r.problems).toEqual(expect.arrayContaining([expect.stringMatching(/XMP/), expect.stringMatching(/OutputIntent/)]));
    expect(execFileSync('pdffonts', [fileOf(await sample())], { encoding: 'utf8' })).toMatch(/yes/);
  });
});

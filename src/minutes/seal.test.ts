import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { generateSelfSignedP12, loadSeal, sealPdf, type Seal } from './seal.ts';

function pdfsig(bytes: Uint8Array): string {
  const dir = mkdtempSync(join(tmpdir(), 'seal-'));
  const file = join(dir, 'x.pdf');
  writeFileSync(file, bytes);
  try {
    return execFileSync('pdfsig', [file], { encoding: 'utf8' });
  } catch (e) {
    const err = e as { stdout?: string };
    return err.stdout ?? '';
  }
}

async function samplePdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.addPage().drawText('Protokoll', { x: 50, y: 700 });
  return doc.save();
}

describe('seal', () => {
  const seal: Seal = { p12: generateSelfSignedP12('Test Region', 'pw'), password: 'pw', demo: true, name: 'Test Region' };

  it('signs a PDF that pdfsig reports valid, and invalid after one byte of the signed range changes', async () => {
    const signed = await sealPdf(await samplePdf(), seal, { reason: 'Justerat protokoll', location: 'Örebro' });
    expect(pdfsig(signed)).toMatch(/Signature Validation: Signature is Valid\./);
    const text = Buffer.from(signed).toString('latin1');
    const at = text.indexOf('Protokoll') > 0 ? text.indexOf('/Type /Catalog') : 20;
    const tampered = new Uint8Array(signed);
    tampered[at + 1] = tampered[at + 1]! ^ 0x01;
    const out = pdfsig(tampered);
    expect(out).toMatch(/Signature Validation:/);
    expect(out).not.toMatch(/Signature Validation: Signature is Valid\./);
  }, 60_000);

  it('refuses to sign in production without a configured certificate', () => {
    expect(() => loadSeal({ NODE_ENV: 'production' })).toThrow(/inget sigillcertifikat/);
  });

  it('generates a demo certificate in the data directory outside production', () => {
    const dir = mkdtempSync(join(tmpdir(), 'seal-data-'));
    const s = loadSeal({ DATA_DIR: dir, NODE_ENV: 'development' });
    expect(s.demo).toBe(true);
    expect(s.name).toMatch(/DEMOCERTIFIKAT/);
  }, 60_000);
});

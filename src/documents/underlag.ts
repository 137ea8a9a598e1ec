/**
 * Beslutsunderlag (issue 14, point 5): which listed handlingar of an agenda
 * item have no file, as the book build's warnings and the divider page's text,
 * and the .docx → PDF conversion through LibreOffice when it is installed.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DomainError } from '../kernel/errors.ts';
import { isMemoTitle, type BookSnapshot, type SnapshotItem } from './model.ts';

const norm = (t: string) => t.replace(/\s+/g, ' ').trim().toLowerCase();

/** The decision basis titles of an item that no attachment (or the memo) stands for. */
export function missingUnderlag(item: Pick<SnapshotItem, 'decisionBasis' | 'attachments' | 'memo'>): string[] {
  const have = new Set(item.attachments.map((a) => norm(a.title)));
  return item.decisionBasis.filter((t) => !have.has(norm(t)) && !(isMemoTitle(t) && item.memo));
}

/** One Swedish warning per item with listed beslutsunderlag that have no file. */
export function bookWarnings(s: Pick<BookSnapshot, 'items'>): string[] {
  return s.items.flatMap((i) => {
    const missing = missingUnderlag(i);
    return missing.length ? [`Punkt ${i.number} (${i.title}): beslutsunderlag utan fil: ${missing.map((m) => `"${m}"`).join(', ')}.`] : [];
  });
}

export const DOCX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

const run = (cmd: string, args: string[], timeout: number) =>
  new Promise<{ ok: boolean; stderr: string }>((resolve) => {
    execFile(cmd, args, { timeout }, (err, _out, stderr) => resolve({ ok: !err, stderr: String(stderr ?? '') }));
  });

/** Whether LibreOffice (soffice) can be run on this machine; asked at run time. */
export async function sofficeAvailable(cmd = process.env.SOFFICE ?? 'soffice'): Promise<boolean> {
  return (await run(cmd, ['--version'], 20_000)).ok;
}

/** Converts a Word file to PDF with LibreOffice in headless mode, or refuses in Swedish when it is not installed. */
export async function docxToPdf(bytes: Buffer, fileName: string, cmd = process.env.SOFFICE ?? 'soffice'): Promise<Buffer> {
  if (!(await sofficeAvailable(cmd))) {
    throw new DomainError(
      'docx-unsupported',
      `Word-filen "${fileName}" är inte en PDF-fil och kan inte omvandlas här: LibreOffice, som omvandlar Word-filer till PDF, är inte installerat på servern. Spara filen som PDF i Word och ladda upp den igen.`,
      { status: 415 },
    );
  }
  const dir = await mkdtemp(path.join(tmpdir(), 'styrbord-docx-'));
  try {
    const src = path.join(dir, 'in.docx');
    await writeFile(src, bytes);
    const r = await run(cmd, ['--headless', `-env:UserInstallation=file://${dir}/profile`, '--convert-to', 'pdf', '--outdir', dir, src], 120_000);
    const out = await readFile(path.join(dir, 'in.pdf')).catch(() => null);
    if (!r.ok || !out) throw new DomainError('docx-failed', `Word-filen "${fileName}" kunde inte omvandlas till PDF. Spara den som PDF i Word och ladda upp den igen.`, { status: 422 });
    return out;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

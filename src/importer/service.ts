/** Imports a kallelse / föredragningslista text into records, one file in one transaction. */
import { createHash } from 'node:crypto';
import type { Db, Executor } from '../db/index.ts';
import { DomainError } from '../kernel/errors.ts';
import * as diarium from '../diarium/service.ts';
import { authorize, type Actor } from '../access/model.ts';
import * as meetings from '../meetings/service.ts';
import * as minutes from '../minutes/service.ts';
import { indexSoon, queueMeetingIndex } from '../publish/search.ts';
import { naturalPersonsChanged } from '../publish/publicEdge.ts';
import { importFromKallelse as importBusinessSupport } from '../funding/supportService.ts';
import type { ImportResult } from '../http/contract.ts';
import { parseKallelse } from './model.ts';
import { canonicalText } from './identity.ts';
import { checkWeekdayWords } from '../kernel/weekdays.ts';
import * as store from './store.ts';
import { readSource, type ImportFile } from './source.ts';

export { MAX_IMPORT_BYTES } from './source.ts';
export type { ImportFile } from './source.ts';

/**
 * Imports one file: a kallelse as text, or its PDF (source.ts reads it; an
 * empty, too large, binary, encrypted or text-less file is refused before
 * anything is written). Page problems of a PDF (missing, misordered, cut
 * short) are reported in `report`, first.
 */
export async function importKallelse(db: Db, actor: Actor, file: ImportFile): Promise<ImportResult> {
  authorize(actor, 'import.kallelse');
  const source = await readSource(file);
  // the same text with other line endings, a byte-order mark or another Unicode form is the same file
  const text = canonicalText(source.text);
  const bytes = source.byteSize;
  const sha256 = fileHash(text);
  const unchanged = (meetingId: number): ImportResult => ({ meetingId, created: false, replaced: false, items: 0, cases: 0, report: [...source.warnings] });
  const seen = await findSameFile(db.kysely, sha256, source.raw);
  if (seen) return unchanged(seen);

  let parsed;
  try {
    parsed = parseKallelse(text);
  } catch (e) {
    if (e instanceof DomainError) {
      const line = typeof e.details?.line === 'number' ? e.details.line : null;
      const page = line !== null && source.pageOfLine ? source.pageOfLine[Math.min(line, source.pageOfLine.length) - 1] : undefined;
      // a PDF's line numbers are of its extracted text: the page says where to look
      let message = page !== undefined ? e.message.replace(/^Rad (\d+):/, `Rad $1 (sidan ${page} i filen):`) : e.message;
      // pages missing from the file may be why: say so with the refusal
      if (source.warnings.length > 0) message += ` Filen är inte hel: ${source.warnings.join(' ')}`;
      throw new DomainError(e.code, `${file.fileName}: ${message}`, { status: 422, ...(e.details ? { details: { ...e.details, ...(page !== undefined ? { page } : {}) } } : {}) });
    }
    throw e;
  }
  const importer: Actor = { ...actor, id: `${actor.id} (import ${file.fileName})` };
  const result = await db.tx(async (trx): Promise<ImportResult> => {
    const again = await findSameFile(trx, sha256, source.raw);
    if (again) return unchanged(again);
    const existing = await meetings.findMeetingId(trx, parsed.body, parsed.date);
    if (existing !== null && (await minutes.hasMinutes(trx, existing))) {
      throw new DomainError(
        'meeting-has-minutes',
        `${file.fileName}: sammanträdet ${parsed.date} har redan ett protokoll, så dess föredragningslista kan inte ersättas av en ny kallelse.`,
        { status: 409 },
      );
    }
    // a meeting already there keeps its items (ids, secrecy marks, attachments, memos): the agenda is updated in place
    const cases = [
      ...parsed.items.flatMap((i) => (i.caseNumber ? [{ caseNumber: i.caseNumber, title: i.title }] : [])),
      ...parsed.items.flatMap((i) => i.subItems.flatMap((s) => (s.caseNumber ? [{ caseNumber: s.caseNumber, title: s.title }] : []))),
    ];
    const caseIds = await diarium.ensureCases(trx, importer, cases);
    const saved = await meetings.saveImportedMeeting(trx, importer, parsed, caseIds, { fileName: file.fileName, sha256 });
    await store.recordImport(trx, { sha256, file_name: file.fileName, byte_size: bytes, meeting_id: saved.meetingId });
    await importBusinessSupport(trx, saved.meetingId, text);
    // the search documents (a Swedish tsvector of every attachment's text) are built just after the commit
    await queueMeetingIndex(trx, saved.meetingId);
    // a weekday word next to a date that falls on another day ("torsdag den 7 september 2022") is reported, not refused
    const weekdays = checkWeekdayWords(text).map((m) => `Rad ${m.line}: ${m.message}`);
    return {
      meetingId: saved.meetingId,
      created: true,
      replaced: saved.replaced,
      items: parsed.items.length,
      cases: caseIds.size,
      report: [...source.warnings, ...weekdays, ...saved.report],
    };
  });
  // the register may have new natural persons: their names are masked for the public from now on (not after the names' cache expires)
  if (result.created) naturalPersonsChanged(db);
  return result;
}

/**
 * The SHA-256 a file is recognised by: of its canonical text (identity.ts)
 * without trailing white space, so text that differs only in line endings,
 * byte-order mark, Unicode form or trailing white space is the same file.
 */
export function fileHash(canonical: string): string {
  const h = createHash('sha256');
  const lines = canonical.split('\n');
  for (const [k, l] of lines.entries()) h.update(k === 0 ? l.trimEnd() : `\n${l.trimEnd()}`, 'utf8');
  return h.digest('hex');
}

/**
 * The meeting of a file imported before, if it was: by the hash of its
 * canonical text, or (files recorded before the text was made canonical) of
 * its bytes as they came.
 */
async function findSameFile(ex: Executor, sha256: string, raw: string): Promise<number | null> {
  const seen = await store.findImport(ex, sha256);
  if (seen?.meeting_id) return seen.meeting_id;
  const legacy = createHash('sha256').update(raw, 'utf8').digest('hex');
  if (legacy === sha256) return null;
  return (await store.findImport(ex, legacy))?.meeting_id ?? null;
}

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

export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

export async function importKallelse(db: Db, actor: Actor, file: { fileName: string; text: string }): Promise<ImportResult> {
  authorize(actor, 'import.kallelse');
  const bytes = Buffer.byteLength(file.text, 'utf8');
  if (bytes === 0 || file.text.trim() === '') throw new DomainError('empty-file', `Filen ${file.fileName} är tom.`);
  if (bytes > MAX_IMPORT_BYTES) {
    throw new DomainError('file-too-large', `Filen ${file.fileName} är för stor (${Math.ceil(bytes / 1024 / 1024)} MB); högst ${MAX_IMPORT_BYTES / 1024 / 1024} MB kan importeras.`, { status: 413 });
  }
  // the same text with other line endings, a byte-order mark or another Unicode form is the same file
  const text = canonicalText(file.text);
  const sha256 = fileHash(text);
  const unchanged = (meetingId: number): ImportResult => ({ meetingId, created: false, replaced: false, items: 0, cases: 0, report: [] });
  const seen = await findSameFile(db.kysely, sha256, file.text);
  if (seen) return unchanged(seen);

  let parsed;
  try {
    parsed = parseKallelse(text);
  } catch (e) {
    if (e instanceof DomainError) {
      throw new DomainError(e.code, `${file.fileName}: ${e.message}`, { status: 422, ...(e.details ? { details: e.details } : {}) });
    }
    throw e;
  }
  const importer: Actor = { ...actor, id: `${actor.id} (import ${file.fileName})` };
  const result = await db.tx(async (trx): Promise<ImportResult> => {
    const again = await findSameFile(trx, sha256, file.text);
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
    return { meetingId: saved.meetingId, created: true, replaced: saved.replaced, items: parsed.items.length, cases: caseIds.size, report: [...weekdays, ...saved.report] };
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

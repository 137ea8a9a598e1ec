/** Imports a kallelse / föredragningslista text into records, one file in one transaction. */
import { createHash } from 'node:crypto';
import type { Db } from '../db/index.ts';
import { DomainError } from '../kernel/errors.ts';
import * as diarium from '../diarium/service.ts';
import { authorize, type Actor } from '../access/model.ts';
import * as meetings from '../meetings/service.ts';
import * as minutes from '../minutes/service.ts';
import { indexSoon, queueMeetingIndex } from '../publish/search.ts';
import { meetingHasDocuments } from '../documents/service.ts';
import { importFromKallelse as importBusinessSupport } from '../funding/supportService.ts';
import type { ImportResult } from '../http/contract.ts';
import { parseKallelse } from './model.ts';
import * as store from './store.ts';

export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

export async function importKallelse(db: Db, actor: Actor, file: { fileName: string; text: string }): Promise<ImportResult> {
  authorize(actor, 'import.kallelse');
  const bytes = Buffer.byteLength(file.text, 'utf8');
  if (bytes === 0 || file.text.trim() === '') throw new DomainError('empty-file', `Filen ${file.fileName} är tom.`);
  if (bytes > MAX_IMPORT_BYTES) {
    throw new DomainError('file-too-large', `Filen ${file.fileName} är för stor (${Math.ceil(bytes / 1024 / 1024)} MB); högst ${MAX_IMPORT_BYTES / 1024 / 1024} MB kan importeras.`, { status: 413 });
  }
  const sha256 = createHash('sha256').update(file.text, 'utf8').digest('hex');
  const seen = await store.findImport(db.kysely, sha256);
  if (seen?.meeting_id) return { meetingId: seen.meeting_id, created: false, items: 0, cases: 0 };

  let parsed;
  try {
    parsed = parseKallelse(file.text);
  } catch (e) {
    if (e instanceof DomainError) {
      throw new DomainError(e.code, `${file.fileName}: ${e.message}`, { status: 422, ...(e.details ? { details: e.details } : {}) });
    }
    throw e;
  }
  const importer: Actor = { ...actor, id: `${actor.id} (import ${file.fileName})` };
  const result = await db.tx(async (trx) => {
    const again = await store.findImport(trx, sha256);
    if (again?.meeting_id) return { meetingId: again.meeting_id, created: false, items: 0, cases: 0 };
    const existing = await meetings.findMeetingId(trx, parsed.body, parsed.date);
    if (existing !== null && (await minutes.hasMinutes(trx, existing))) {
      throw new DomainError(
        'meeting-has-minutes',
        `${file.fileName}: sammanträdet ${parsed.date} har redan ett protokoll, så dess föredragningslista kan inte ersättas av en ny kallelse.`,
        { status: 409 },
      );
    }
    if (existing !== null && (await meetingHasDocuments(trx, existing))) {
      throw new DomainError(
        'meeting-has-documents',
        `${file.fileName}: sammanträdet ${parsed.date} har redan bilagor, föredragnings-PM eller en utskickad kallelse; föredragningslistan kan inte ersättas av en ny import. Ändra punkterna i Styrbord i stället.`,
        { status: 409 },
      );
    }
    const cases = [
      ...parsed.items.flatMap((i) => (i.caseNumber ? [{ caseNumber: i.caseNumber, title: i.title }] : [])),
      ...parsed.items.flatMap((i) => i.subItems.flatMap((s) => (s.caseNumber ? [{ caseNumber: s.caseNumber, title: s.title }] : []))),
    ];
    const caseIds = await diarium.ensureCases(trx, importer, cases);
    const { meetingId } = await meetings.saveImportedMeeting(trx, importer, parsed, caseIds, { fileName: file.fileName, sha256 });
    await store.recordImport(trx, { sha256, file_name: file.fileName, byte_size: bytes, meeting_id: meetingId });
    await importBusinessSupport(trx, meetingId, file.text);
    // the search documents (a Swedish tsvector of every attachment's text) are built just after the commit
    await queueMeetingIndex(trx, meetingId);
    return { meetingId, created: true, items: parsed.items.length, cases: caseIds.size };
  });
  if (result.created) indexSoon(db);
  return result;
}

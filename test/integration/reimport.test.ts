/** A changed kallelse may replace an agenda only while nothing hangs on its items. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { afterAll, describe, expect, it } from 'vitest';
import { dropTestSchemas, testDatabases } from '../helpers/db.ts';
import { actorWith } from '../helpers/auth.ts';
import { importKallelse } from '../../src/importer/service.ts';
import * as meetings from '../../src/meetings/service.ts';
import { configFromEnv, uploadAttachmentBytes } from '../../src/documents/service.ts';
import { FileStore } from '../../src/documents/files.ts';

const text = readFileSync(new URL('../../seeds/000_97425d05012e62df.txt', import.meta.url), 'utf8');
const secretary = actorWith('secretary');
afterAll(dropTestSchemas);

describe.each(testDatabases)('re-importing a kallelse on $name', (tdb) => {
  it('replaces the agenda when nothing hangs on it, and refuses once an attachment does', async () => {
    const db = await tdb.open();
    const files = mkdtempSync(path.join(tmpdir(), 'styrbord-files-'));
    try {
      await importKallelse(db, secretary, { fileName: 'v1.txt', text });
      const v2 = text.replace('Medfinansiering av Smart tillväxt 2021 - 2023', 'Medfinansiering av Smart tillväxt 2021 – 2024');
      const r2 = await importKallelse(db, secretary, { fileName: 'v2.txt', text: v2 });
      expect(r2.created).toBe(true);
      const m = await meetings.getMeeting(db, r2.meetingId);
      expect(m.items[3]!.title).toBe('Medfinansiering av Smart tillväxt 2021 – 2024');
      expect((await meetings.listMeetings(db)).length).toBe(1);

      const doc = await PDFDocument.create();
      doc.addPage();
      const cfg = { ...configFromEnv(), files: new FileStore(files) };
      await uploadAttachmentBytes(db, secretary, cfg, m.items[3]!.id, { fileName: 'bilaga.pdf', bytes: await doc.save() });
      const v3 = v2.replace('2021 – 2024', '2021 – 2025');
      await expect(importKallelse(db, secretary, { fileName: 'v3.txt', text: v3 })).rejects.toMatchObject({ code: 'meeting-has-documents', status: 409 });
      expect((await meetings.getMeeting(db, r2.meetingId)).items[3]!.title).toBe('Medfinansiering av Smart tillväxt 2021 – 2024');
    } finally {
      await db.close();
      rmSync(files, { recursive: true, force: true });
    }
  });
});

/** The app on a test database with the demo kallelse of 2020-08-24 (seed 000) imported. */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { TestDatabase } from './db.ts';
import type { Db } from '../../src/db/index.ts';
import { buildApp } from '../../src/http/app.ts';
import type { MeetingDetail } from '../../src/http/contract.ts';
import { importKallelse } from '../../src/importer/service.ts';
import * as meetings from '../../src/meetings/service.ts';
import * as documents from '../../src/documents/service.ts';

const secretary = { id: 'sekreterare', roles: ['secretary'] as const };

/**
 * Opens the database and the app before the tests, imports the 2020-08-24 kallelse and hands over
 * its meeting; afterwards waits for the files written in the background, then closes both.
 */
export function useAugustMeeting(tdb: TestDatabase, use: (db: Db, app: FastifyInstance, aug: MeetingDetail) => void): void {
  let db: Db;
  let app: FastifyInstance;
  beforeAll(async () => {
    db = await tdb.open();
    app = await buildApp({ db });
    await importKallelse(db, secretary, { fileName: '000.txt', text: readFileSync(new URL('../../seeds/000_97425d05012e62df.txt', import.meta.url), 'utf8') });
    const list = await meetings.listMeetings(db);
    use(db, app, await meetings.getMeeting(db, list.find((m) => m.date === '2020-08-24')!.id));
  });
  afterAll(async () => {
    await documents.whenIdle(db);
    await app.close();
    await db.close();
  });
}

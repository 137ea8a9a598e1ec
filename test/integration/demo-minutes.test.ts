/**
 * The demo data shows the end of the cycle (issue 15.8): after the demo
 * import that `npm start` runs, the 2020-08-24 protokoll is adjusted,
 * sealed with the demo certificate – which the PDF labels as having no
 * legal effect, and pdfsig reports valid –, PDF/A-2b, posted on the notice
 * board, and its extracts recorded as dispatched, honestly marked as demo
 * data with no e-mail sent. A second start changes nothing. On both databases.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { dropTestSchemas, testDatabases, useApp } from '../helpers/db.ts';
import { signIn } from '../helpers/auth.ts';
import type { Db } from '../../src/db/index.ts';
import { importDemoData } from '../../src/importer/demo.ts';
import * as meetings from '../../src/meetings/service.ts';
import * as minutes from '../../src/minutes/service.ts';
import * as documents from '../../src/documents/service.ts';
import { DEMO_LABEL } from '../../src/minutes/seal.ts';
import { DEMO_DISPATCH_METHOD } from '../../src/minutes/dispatchDemo.ts';
import { pdfaReport } from '../../src/minutes/pdfaCheck.ts';
import type { ExpedieringView } from '../../src/minutes/dispatch.ts';

const WORK = mkdtempSync(path.join(tmpdir(), 'styrbord-demo-minutes-'));
process.env.FILES_DIR = path.join(WORK, 'files');
process.env.DATA_DIR = path.join(WORK, 'data');
delete process.env.SEAL_P12_PATH;
delete process.env.SEAL_P12_PASSWORD;

let n = 0;
const fileOf = (bytes: Uint8Array) => {
  const file = path.join(WORK, `f${++n}.pdf`);
  writeFileSync(file, bytes);
  return file;
};

afterAll(dropTestSchemas);

describe.each(testDatabases)('the demo data ends the cycle of 2020-08-24 on $name', (tdb) => {
  let db: Db;
  let app: FastifyInstance;
  useApp(tdb, (d, a) => {
    db = d;
    app = a;
  });
  afterAll(async () => {
    await documents.whenIdle(db);
  });

  it('adjusts, seals with the labelled demo certificate, posts and dispatches; a second start changes nothing', { timeout: 600_000 }, async () => {
    const lines: string[] = [];
    await importDemoData(db, (m) => lines.push(m));
    const id = (await meetings.findMeetingId(db, 'Regional tillväxtnämnd', '2020-08-24'))!;
    const m = await minutes.getMinutes(db, id);
    expect(m.locked).toBe(true);
    expect(m.status).toBe('adjusted');
    expect(m.notice).toEqual({ postedOn: m.adjustedOn, takenDownOn: null });
    expect(m.adjusters.map((a) => a.name)).toEqual(['Irén Lejegren', 'Torbjörn Appelqvist']);
    expect(lines.some((l) => l.startsWith('Demoprotokollet 2020-08-24 är justerat'))).toBe(true);

    // the public reads the sealed protokoll: valid for pdfsig, the demo certificate named and labelled in the PDF
    const pdf = await app.inject({ url: `/api/meetings/${id}/minutes.pdf` });
    expect(pdf.statusCode).toBe(200);
    const sig = spawnSync('pdfsig', [fileOf(pdf.rawPayload)], { encoding: 'utf8' }).stdout;
    expect(sig).toMatch(/Signature Validation: Signature is Valid\./);
    expect(sig).toContain('Signer Certificate Common Name: Region DEMOCERTIFIKAT - inte giltig for rattsverkan');
    const text = spawnSync('pdftotext', ['-layout', fileOf(pdf.rawPayload), '-'], { encoding: 'utf8' }).stdout.replace(/\s+/g, ' ');
    expect(text).toContain(DEMO_LABEL);
    expect(text).toContain('Anslagsbevis');
    expect(pdfaReport(fileOf(pdf.rawPayload)).problems).toEqual([]);
    const board = (await app.inject({ url: '/api/notice-board' })).json() as Array<{ meetingId: number }>;
    expect(board.some((b) => b.meetingId === id)).toBe(true);

    // dispatched: every memo recipient recorded, as demo data, no e-mail
    const clerk = await signIn(app, db, ['secretary']);
    const exp = (await app.inject({ url: `/api/meetings/${id}/expediering`, headers: clerk.headers })).json() as ExpedieringView;
    const recipients = exp.paragraphs.flatMap((p) => p.recipients);
    expect(recipients.length).toBeGreaterThan(3);
    expect(recipients.every((r) => r.id !== null && r.dispatch?.status === 'sent' && r.dispatch.channel === 'other' && r.dispatch.method === DEMO_DISPATCH_METHOD)).toBe(true);
    expect(exp.paragraphs.find((p) => p.itemNumber === 2)!.recipients.map((r) => r.name)).toEqual(['Regionstyrelsen', 'Regionkansliet']);
    // the protokoll's Skickas till are the memos'
    expect(m.decisions.find((d) => d.itemNumber === 2)!.recipients).toEqual(['Regionstyrelsen', 'Regionkansliet']);

    const before = await db.kysely.selectFrom('extract_dispatch').select(['id', 'version']).orderBy('id').execute();
    await importDemoData(db);
    expect(await db.kysely.selectFrom('extract_dispatch').select(['id', 'version']).orderBy('id').execute()).toEqual(before);
    expect((await minutes.getMinutes(db, id)).pdfSha256).toBe(m.pdfSha256);
  });
});

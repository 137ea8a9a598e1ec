/**
 * The signed protokoll is frozen (issue 13, point 3): at the last signature
 * the PDF is stored once and served byte for byte from then on, its hash is
 * what the API reports, and what it shows (attendance, parties, roles) is the
 * snapshot taken at signing – a later import that changes a member's party
 * or role never changes it. The public gets a stored public version (secret
 * items' content left out, personnummer masked), rebuilt when an item is
 * marked secret after signing while the original stays.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { dropTestSchemas, testDatabases, useApp } from '../helpers/db.ts';
import { signIn, type Client } from '../helpers/auth.ts';
import type { Db } from '../../src/db/index.ts';
import { importKallelse } from '../../src/importer/service.ts';
import * as meetings from '../../src/meetings/service.ts';
import * as minutes from '../../src/minutes/service.ts';
import { outvotedAvslag } from '../helpers/motions.ts';
import { FileStore } from '../../src/documents/files.ts';
import { SYSTEM } from '../../src/access/model.ts';
import { sql } from 'kysely';
import type { BodyDetail, MeetingDetail, MinutesView } from '../../src/http/contract.ts';

const FILES = mkdtempSync(path.join(tmpdir(), 'styrbord-frozen-'));
process.env.FILES_DIR = FILES;
const WORK = mkdtempSync(path.join(tmpdir(), 'styrbord-frozen-pdf-'));

const seed = (name: string) => readFileSync(new URL(`../../seeds/${name}`, import.meta.url), 'utf8');
const secretary = { id: 'sekreterare', roles: ['secretary'] as const };
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const PNR = '811218-0008'; // a valid personnummer (Luhn)

let n = 0;
/** qpdf --check passes, and pdftotext's text of the file. */
function checkedText(bytes: Uint8Array): string {
  const file = path.join(WORK, `p${++n}.pdf`);
  writeFileSync(file, bytes);
  const check = spawnSync('qpdf', ['--check', file], { encoding: 'utf8' });
  expect(check.status, check.stdout + check.stderr).toBe(0);
  const text = spawnSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
  expect(text.status, text.stderr).toBe(0);
  return text.stdout.replace(/[ \t]+/g, ' ');
}

afterAll(dropTestSchemas);

describe.each(testDatabases)('the signed protokoll is frozen on $name', (tdb) => {
  let db: Db;
  let app: FastifyInstance;
  useApp(tdb, (d, a) => {
    db = d;
    app = a;
  });
  let feb: MeetingDetail;
  let body: BodyDetail;
  let clerk: Client;
  let signedView: MinutesView;
  let original: Buffer;
  let publicVersion: Buffer;
  const person = (name: string) => body.memberships.find((m) => m.name === name)!.personId;
  const get = (url: string, client?: Client, headers: Record<string, string> = {}) =>
    app.inject({ url, ...(client ? { headers: { ...client.headers, ...headers } } : { headers }) });

  beforeAll(async () => {
    await importKallelse(db, secretary, { fileName: '003.txt', text: seed('003_f8eb7d47c03ea706.txt') });
    feb = await meetings.getMeeting(db, (await meetings.listMeetings(db)).find((m) => m.date === '2020-02-14')!.id);
    body = await meetings.getBody(db, feb.bodyId);
    clerk = await signIn(app, db, ['secretary']);
    // the secretary serves this body: reads its secret papers, and so the signed original
    const me = (await app.inject({ url: '/api/session', ...clerk })).json() as { user: { id: number } };
    await meetings.setServedBodies(db, SYSTEM, me.user.id, [feb.bodyId]);

    let view = await minutes.openMinutes(db, secretary, feb.id);
    const attendance = [
      ...body.memberships.filter((m) => m.kind === 'member' && m.name !== 'Rolf Karlsson').map((m) => ({ personId: m.personId, present: true })),
      { personId: person('Rolf Karlsson'), present: false },
      { personId: person('Ingrid Båve'), present: true, replacesPersonId: person('Rolf Karlsson') },
    ];
    view = await minutes.setAttendance(db, secretary, feb.id, { version: view.version, attendance });
    for (const item of feb.items) {
      if (item.kind === 'information' || item.kind === 'presentations') continue;
      if (item.number === 7) {
        await outvotedAvslag(db, secretary, feb.id, 7, person('Irén Lejegren'), person('Torbjörn Appelqvist'));
        await minutes.recordDecision(db, secretary, feb.id, 7, {
          outcome: 'amended',
          clauses: [`att bevilja Anna Berg, ${PNR}, utökat verksamhetsbidrag med 50 000 kronor.`],
          notes: [{ personId: person('Torbjörn Appelqvist'), kind: 'reservation', text: 'Jag reserverar mig mot beslutet.' }],
          recipients: ['Hopajola'],
        });
        continue;
      }
      await minutes.recordDecision(db, secretary, feb.id, item.number, { outcome: 'according-to-proposal' });
    }
    await minutes.numberMinutes(db, secretary, feb.id);
    // item 5's papers are secret before signing: the public version leaves its decision out from the start
    await db.tx((trx) => meetings.setItemSecrecy(trx, secretary, feb.items.find((i) => i.number === 5)!.id, 'OSL 31 kap. 16 §'));
    await minutes.setAdjusters(db, secretary, feb.id, { personIds: [person('Irén Lejegren'), person('Torbjörn Appelqvist')] });

    const read = await get(`/api/meetings/${feb.id}/minutes.pdf`, clerk);
    expect(read.statusCode).toBe(200);
    const readSha = sha256(read.rawPayload);
    for (const name of ['Irén Lejegren', 'Torbjörn Appelqvist']) {
      const adjuster = await signIn(app, db, ['adjuster'], person(name));
      const res = await app.inject({ method: 'POST', url: `/api/meetings/${feb.id}/minutes/signatures`, ...adjuster, payload: { personId: person(name), sha256: readSha } });
      expect(res.statusCode, res.body).toBe(200);
      signedView = res.json();
    }
    expect(signedView.locked).toBe(true);
    // the adjusters signed the content they read; the stored file is that content adjusted and sealed (protokoll-seal.test.ts)
    expect(signedView.signedPdfSha256).toBe(readSha);
    expect(signedView.pdfSha256).not.toBe(readSha);
  });

  it('stores the signed PDF once (file store and stored_file) and serves those bytes with ETag = the hash the API reports', async () => {
    const res = await get(`/api/meetings/${feb.id}/minutes.pdf`, clerk);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    original = res.rawPayload;
    const sha = sha256(original);
    expect(sha).toBe(signedView.pdfSha256);
    expect(res.headers.etag).toBe(`"${sha}"`);
    expect(res.headers['x-content-sha256']).toBe(sha);
    // the file is the stored one, content-addressed
    const stored = new FileStore(FILES);
    expect(existsSync(stored.pathOf(sha))).toBe(true);
    expect(sha256(readFileSync(stored.pathOf(sha)))).toBe(sha);
    const row = await db.kysely.selectFrom('stored_file').selectAll().where('sha256', '=', sha).executeTakeFirst();
    expect(row).toMatchObject({ media_type: 'application/pdf', byte_size: original.length });
    expect(await minutes.verifySignatures(db, feb.id)).toBe(true);
    // a client holding it is told nothing changed
    const again = await get(`/api/meetings/${feb.id}/minutes.pdf`, clerk, { 'if-none-match': `"${sha}"` });
    expect(again.statusCode).toBe(304);

    const text = checkedText(original);
    expect(text).toContain('Torbjörn Appelqvist (M)');
    expect(text).toContain('Torbjörn Ahlin (C), vice ordförande');
    expect(text).toContain('Ingrid Båve (S), tjänstgörande ersättare för Rolf Karlsson');
    expect(text).toContain(PNR); // the original is the record: staff read it as signed
  });

  it('a later kallelse import that changes a member\'s party and role changes neither the protokoll nor its extracts', async () => {
    const extractUrl = `/api/meetings/${feb.id}/minutes/paragraphs/7/extract.pdf`;
    const extractBefore = await get(extractUrl, clerk);
    expect(extractBefore.statusCode).toBe(200);
    expect(checkedText(extractBefore.rawPayload)).toContain('Reservation: Torbjörn Appelqvist (M)');
    const publicExtractBefore = await get(extractUrl);

    // the next meeting's kallelse: Appelqvist has changed party, Ahlin is no longer vice chair
    const march = seed('003_f8eb7d47c03ea706.txt')
      .replace('Sammanträdesdatum: 2020-02-14', 'Sammanträdesdatum: 2020-03-20')
      .replace('Torbjörn Appelqvist (M) \n', 'Torbjörn Appelqvist (KD) \n')
      .replace('Torbjörn Ahlin (C), vice ordförande', 'Torbjörn Ahlin (C)');
    await importKallelse(db, secretary, { fileName: '003-mars.txt', text: march });
    const now = await meetings.getBody(db, feb.bodyId);
    expect(now.memberships.find((m) => m.name === 'Torbjörn Appelqvist')!.party).toBe('KD'); // the import did change the member
    expect(now.memberships.find((m) => m.name === 'Torbjörn Ahlin' && m.kind === 'member')!.role).toBe('member');

    const res = await get(`/api/meetings/${feb.id}/minutes.pdf`, clerk);
    expect(res.statusCode).toBe(200);
    expect(Buffer.compare(res.rawPayload, original)).toBe(0);
    const view = (await get(`/api/meetings/${feb.id}/minutes`, clerk)).json() as MinutesView;
    expect(view.pdfSha256).toBe(sha256(res.rawPayload));
    expect(res.headers['x-content-sha256']).toBe(view.pdfSha256);
    expect(await minutes.verifySignatures(db, feb.id)).toBe(true);
    // the API shows the protokoll as signed, too
    expect(view.attendance.find((a) => a.name === 'Torbjörn Appelqvist')!.party).toBe('M');
    expect(view.attendance.find((a) => a.name === 'Torbjörn Ahlin')!.role).toBe('first-vice-chair');
    expect(view.adjusters.find((a) => a.name === 'Torbjörn Appelqvist')!.party).toBe('M');
    expect(view.decisions.find((d) => d.itemNumber === 7)!.notes[0]!.party).toBe('M');
    expect(view.frozen?.takenAt).toBeTruthy();
    const text = checkedText(res.rawPayload);
    expect(text).toContain('Torbjörn Appelqvist (M)');
    expect(text).not.toContain('(KD), ');
    expect(text).toContain('Torbjörn Ahlin (C), vice ordförande');

    const extractAfter = await get(extractUrl, clerk);
    expect(Buffer.compare(extractAfter.rawPayload, extractBefore.rawPayload)).toBe(0);
    expect(extractAfter.headers.etag).toBe(`"${sha256(extractBefore.rawPayload)}"`);
    expect(Buffer.compare((await get(extractUrl)).rawPayload, publicExtractBefore.rawPayload)).toBe(0);

    // and the database itself refuses to change what was frozen
    await expect(db.kysely.updateTable('minutes_snapshot').set({ taken_by: 'någon' }).execute()).rejects.toThrow(/fryst/);
    await expect(db.kysely.updateTable('minutes').set({ pdf_sha256: 'f'.repeat(64) }).where('meeting_id', '=', feb.id).execute()).rejects.toThrow(/justerat/);
  });

  it('gives the public the stored public version: secret items\' content left out, personnummer masked', async () => {
    const res = await get(`/api/meetings/${feb.id}/minutes.pdf`);
    expect(res.statusCode).toBe(200);
    publicVersion = res.rawPayload;
    const sha = sha256(publicVersion);
    expect(sha).not.toBe(signedView.pdfSha256);
    expect(res.headers.etag).toBe(`"${sha}"`);
    const view = (await get(`/api/meetings/${feb.id}/minutes`)).json() as MinutesView;
    expect(view.frozen?.publicPdfSha256).toBe(sha);
    expect(existsSync(new FileStore(FILES).pathOf(sha))).toBe(true);
    const text = checkedText(publicVersion);
    expect(text).not.toContain(PNR);
    expect(text).toContain('811218-XXXX');
    expect(text).toContain('Offentlig version');
    const item5 = signedView.decisions.find((d) => d.itemNumber === 5)!;
    expect(text).toMatch(/Ärendet omfattas av sekretess \([^)]*16 §[^)]*\)/);
    const secretClause = item5.clauses[0]!.slice(0, 40);
    expect(checkedText(original).replace(/\s+/g, ' ')).toContain(secretClause);
    expect(text.replace(/\s+/g, ' ')).not.toContain(secretClause);
    // the same bytes on every request
    expect(Buffer.compare((await get(`/api/meetings/${feb.id}/minutes.pdf`)).rawPayload, publicVersion)).toBe(0);
    // staff who do not serve this body do not read its secrets either: they get the public version too
    const other = await signIn(app, db, ['case-officer']);
    const theirs = await get(`/api/meetings/${feb.id}/minutes.pdf`, other);
    expect(theirs.headers['x-styrbord-version']).toBe('offentlig');
    expect(Buffer.compare(theirs.rawPayload, publicVersion)).toBe(0);
    const json = (await get(`/api/meetings/${feb.id}/minutes`)).json() as MinutesView;
    expect(json.decisions.find((d) => d.itemNumber === 5)!.clauses).toEqual([]);
    expect(((await get(`/api/meetings/${feb.id}/minutes`, clerk)).json() as MinutesView).decisions.find((d) => d.itemNumber === 5)!.clauses).toEqual(item5.clauses);
    // the public extract of § 7 is masked as well
    const extract = await get(`/api/meetings/${feb.id}/minutes/paragraphs/7/extract.pdf`);
    expect(checkedText(extract.rawPayload)).not.toContain(PNR);
  });

  it('an item marked secret after signing gets a new public version; the original and the earlier public version stay', async () => {
    const item7 = feb.items.find((i) => i.number === 7)!;
    const mark = await app.inject({ method: 'PUT', url: `/api/agenda-items/${item7.id}/secrecy`, ...clerk, payload: { secrecyRef: 'OSL 31 kap. 16 §' } });
    expect(mark.statusCode, mark.body).toBe(200);
    // the marking stored the new public version: no read has to write it
    const storedByMark = await db.kysely.selectFrom('minutes_rendition').select('file_sha256')
      .where('minutes_id', '=', signedView.id).where('document', '=', 'protokoll').where('audience', '=', 'public').execute();
    const res = await get(`/api/meetings/${feb.id}/minutes.pdf`);
    expect(storedByMark.map((r) => r.file_sha256)).toContain(sha256(res.rawPayload));
    expect(res.statusCode).toBe(200);
    const text = checkedText(res.rawPayload);
    expect(Buffer.compare(res.rawPayload, publicVersion)).not.toBe(0);
    expect(text).not.toContain('811218-XXXX'); // § 7's clause is left out entirely now
    expect(text).not.toContain('Jag reserverar mig mot beslutet.');
    const extract = await get(`/api/meetings/${feb.id}/minutes/paragraphs/7/extract.pdf`);
    expect(checkedText(extract.rawPayload)).toContain('Ärendet omfattas av sekretess');
    // staff still get the signed original, unchanged
    const staff = await get(`/api/meetings/${feb.id}/minutes.pdf`, clerk);
    expect(Buffer.compare(staff.rawPayload, original)).toBe(0);
    // every rendition is kept: the earlier public version too
    const renditions = await db.kysely
      .selectFrom('minutes_rendition')
      .select(['file_sha256', 'audience'])
      .where('minutes_id', '=', signedView.id)
      .where('document', '=', 'protokoll')
      .execute();
    expect(renditions.map((r) => r.file_sha256)).toEqual(expect.arrayContaining([sha256(original), sha256(publicVersion), sha256(res.rawPayload)]));
    const view = (await get(`/api/meetings/${feb.id}/minutes`)).json() as MinutesView;
    expect(view.frozen?.publicPdfSha256).toBe(sha256(res.rawPayload));
    // storing it again finds the same file
    expect(await db.tx((trx) => minutes.refreshPublicMinutes(trx, feb.id))).toBe(sha256(res.rawPayload));
  });

  it('minutes adjusted before snapshots existed are frozen at their first read, and the audit log says whether that still matches the signature', async () => {
    // as if adjusted before migration 022: no snapshot, no stored renditions (the triggers forbid this; the owner lifts them here)
    const id = signedView.id;
    await sql`alter table minutes_rendition disable trigger minutes_rendition_frozen`.execute(db.kysely);
    await sql`alter table minutes_snapshot disable trigger minutes_snapshot_frozen`.execute(db.kysely);
    await db.kysely.deleteFrom('minutes_rendition').where('minutes_id', '=', id).execute();
    await db.kysely.deleteFrom('minutes_snapshot').where('minutes_id', '=', id).execute();
    await sql`alter table minutes_rendition enable trigger minutes_rendition_frozen`.execute(db.kysely);
    await sql`alter table minutes_snapshot enable trigger minutes_snapshot_frozen`.execute(db.kysely);

    const first = await get(`/api/meetings/${feb.id}/minutes.pdf`, clerk);
    expect(first.statusCode).toBe(200);
    // Appelqvist's party changed since the signature: the frozen file shows it as it is now, and says so in the audit log
    expect(checkedText(first.rawPayload)).toContain('Torbjörn Appelqvist (KD)');
    const entry = await db.kysely.selectFrom('audit_log').select('after').where('action', '=', 'minutes.freeze').where('entity_id', '=', String(feb.id)).executeTakeFirstOrThrow();
    expect(entry.after).toMatchObject({ sha256: sha256(first.rawPayload), signedSha256: signedView.signedPdfSha256, matchesSignature: false });
    // from now on it is frozen: a later change of the members does not reach it
    await db.kysely.updateTable('person').set({ name: 'Torbjörn Appelqvist-Ek' }).where('id', '=', person('Torbjörn Appelqvist')).execute();
    const second = await get(`/api/meetings/${feb.id}/minutes.pdf`, clerk);
    expect(Buffer.compare(second.rawPayload, first.rawPayload)).toBe(0);
  });
});

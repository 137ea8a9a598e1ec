/**
 * The adjusted protokoll as a record anyone can verify (issue 15, points 3
 * and 4): at the last signature the PDF is rendered once with each signature
 * (name, date, method), the secretary, övriga närvarande and the
 * anslagsbevis, sealed with the region's seal (a PKCS#12 configured as a
 * region would, SEAL_P12_PATH/SEAL_P12_PASSWORD) and stored; Poppler's
 * pdfsig reports it valid, and not valid once one byte changes; every
 * download gives the same bytes. An absent member cannot be an adjuster.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
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
import { FileStore } from '../../src/documents/files.ts';
import { generateSelfSignedP12 } from '../../src/minutes/seal.ts';
import { appealPeriod } from '../../src/meetings/legalClock.ts';
import { todayInStockholm } from '../../src/kernel/dates.ts';
import type { BodyDetail, MeetingDetail, MinutesView } from '../../src/http/contract.ts';

const FILES = mkdtempSync(path.join(tmpdir(), 'styrbord-seal-files-'));
const WORK = mkdtempSync(path.join(tmpdir(), 'styrbord-seal-'));
process.env.FILES_DIR = FILES;
// the region's own seal, as docs/minutes.md tells a region to configure it
const SEAL_NAME = 'Region Orebro lan testsigill';
process.env.SEAL_P12_PATH = path.join(WORK, 'region-seal.p12');
process.env.SEAL_P12_PASSWORD = 'hemligt sigill';
writeFileSync(process.env.SEAL_P12_PATH, generateSelfSignedP12(SEAL_NAME, process.env.SEAL_P12_PASSWORD));

const seed = (name: string) => readFileSync(new URL(`../../seeds/${name}`, import.meta.url), 'utf8');
const secretary = { id: 'sekreterare', roles: ['secretary'] as const };
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

let n = 0;
const fileOf = (bytes: Uint8Array) => {
  const file = path.join(WORK, `f${++n}.pdf`);
  writeFileSync(file, bytes);
  return file;
};
/** pdfsig's report (it exits non-zero for a bad signature; the report is on stdout either way). */
const pdfsig = (bytes: Uint8Array) => {
  const r = spawnSync('pdfsig', [fileOf(bytes)], { encoding: 'utf8' });
  expect(r.error).toBeUndefined();
  return r.stdout + r.stderr;
};
const pdftotext = (bytes: Uint8Array) => {
  const r = spawnSync('pdftotext', ['-layout', '-enc', 'UTF-8', fileOf(bytes), '-'], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout.replace(/\s+/g, ' ');
};
const VALID = /Signature Validation: Signature is Valid\./;

afterAll(dropTestSchemas);

describe.each(testDatabases)('the adjusted protokoll is sealed on $name', (tdb) => {
  let db: Db;
  let app: FastifyInstance;
  useApp(tdb, (d, a) => {
    db = d;
    app = a;
  });
  let aug: MeetingDetail;
  let body: BodyDetail;
  let clerk: Client;
  let adjusted: MinutesView;
  let readSha: string;
  let original: Buffer;
  let clerkName: string;
  const person = (name: string) => body.memberships.find((m) => m.name === name && m.kind === 'member')?.personId ?? body.memberships.find((m) => m.name === name)!.personId;
  const get = (url: string, client?: Client) => app.inject({ url, ...(client ? { headers: client.headers } : {}) });
  const absentName = () => body.memberships.find((m) => m.kind === 'member' && m.role === 'member')!.name;

  beforeAll(async () => {
    // the February kallelse lists the body's members and substitutes; the August one is the meeting adjusted here
    await importKallelse(db, secretary, { fileName: '003.txt', text: seed('003_f8eb7d47c03ea706.txt') });
    await importKallelse(db, secretary, { fileName: '000.txt', text: seed('000_97425d05012e62df.txt') });
    aug = await meetings.getMeeting(db, (await meetings.listMeetings(db)).find((m) => m.date === '2020-08-24')!.id);
    body = await meetings.getBody(db, aug.bodyId);
    clerk = await signIn(app, db, ['secretary']);
    let view = await minutes.openMinutes(db, secretary, aug.id);
    const absent = absentName();
    const substitute = body.memberships.find((m) => m.kind === 'substitute')!;
    const visitor = body.memberships.filter((m) => m.kind === 'substitute' && m.personId !== substitute.personId)[0]!;
    view = await minutes.setAttendance(db, secretary, aug.id, {
      version: view.version,
      attendance: [
        ...body.memberships.filter((m) => m.kind === 'member').map((m) => ({ personId: m.personId, present: m.name !== absent })),
        { personId: substitute.personId, present: true, replacesPersonId: person(absent) },
        { personId: visitor.personId, present: true }, // an ersättare present without serving: övriga närvarande
      ],
    });
    for (const item of aug.items) {
      if (item.kind === 'information' || item.kind === 'presentations') continue;
      await minutes.recordDecision(db, secretary, aug.id, item.number, { outcome: 'according-to-proposal' });
    }
    // the secretary numbers the minutes: they are the one who kept them (the August kallelse names no nämndsekreterare)
    const numbered = await app.inject({ method: 'POST', url: `/api/meetings/${aug.id}/minutes/numbering`, ...clerk });
    expect(numbered.statusCode, numbered.body).toBe(200);
    clerkName = ((await app.inject({ url: '/api/session', ...clerk })).json() as { user: { displayName: string } }).user.displayName;
  });

  it('refuses an adjuster who was not at the meeting, in Swedish', async () => {
    const res = await app.inject({
      method: 'PUT',
      url: `/api/meetings/${aug.id}/minutes/adjusters`,
      ...clerk,
      payload: { personIds: [person('Irén Lejegren'), person(absentName())] },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'adjuster-not-present', message: `${absentName()} var inte närvarande vid sammanträdet och kan inte justera protokollet.` });
    expect((await minutes.getMinutes(db, aug.id)).adjusters).toEqual([]);
  });

  it('seals the protokoll at the last signature: the adjusters sign its content, pdfsig reports the seal valid', async () => {
    const ok = await app.inject({ method: 'PUT', url: `/api/meetings/${aug.id}/minutes/adjusters`, ...clerk, payload: { personIds: [person('Irén Lejegren'), person('Torbjörn Appelqvist')] } });
    expect(ok.statusCode, ok.body).toBe(200);
    const read = await get(`/api/meetings/${aug.id}/minutes.pdf`, clerk);
    expect(read.statusCode).toBe(200);
    readSha = sha256(read.rawPayload);
    // before the last signature nothing is sealed: pdfsig finds no signature
    expect(pdfsig(read.rawPayload)).not.toMatch(VALID);
    for (const name of ['Irén Lejegren', 'Torbjörn Appelqvist']) {
      const adjuster = await signIn(app, db, ['adjuster'], person(name));
      const res = await app.inject({ method: 'POST', url: `/api/meetings/${aug.id}/minutes/signatures`, ...adjuster, payload: { personId: person(name), sha256: readSha } });
      expect(res.statusCode, res.body).toBe(200);
      adjusted = res.json();
    }
    expect(adjusted.locked).toBe(true);
    expect(adjusted.signedPdfSha256).toBe(readSha);
    expect(adjusted.adjusters.map((a) => a.signedVia)).toEqual(['password', 'password']);

    const res = await get(`/api/meetings/${aug.id}/minutes.pdf`, clerk);
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-styrbord-version']).toBe('original');
    original = res.rawPayload;
    expect(sha256(original)).toBe(adjusted.pdfSha256);
    expect(sha256(original)).not.toBe(readSha);
    const report = pdfsig(original);
    expect(report, report).toMatch(VALID);
    expect(report).toContain(`Signer Certificate Common Name: ${SEAL_NAME}`);
    expect(report).toMatch(/Signature Type: adbe\.pkcs7\.detached/);
    expect(report).toMatch(/The signature form covers the entire document|Total document signed/);
    expect(await minutes.verifySignatures(db, aug.id)).toBe(true);
  });

  it('reports the seal not valid after one byte of the file changes', () => {
    const text = original.toString('latin1');
    const tampered = Buffer.from(original);
    const at = text.indexOf('/Type /Catalog'); // inside the signed byte range
    expect(at).toBeGreaterThan(0);
    tampered[at + 2] = tampered[at + 2]! ^ 0x01;
    const report = pdfsig(tampered);
    expect(report).toMatch(/Signature Validation:/);
    expect(report).not.toMatch(VALID);
    // one byte in the middle of the page content, too
    const again = Buffer.from(original);
    const mid = Math.floor(original.length / 3);
    again[mid] = again[mid]! ^ 0x20;
    expect(pdfsig(again)).not.toMatch(VALID);
  });

  it('carries the signatures with dates and method, the secretary, övriga närvarande and the anslagsbevis', () => {
    const text = pdftotext(original);
    const on = adjusted.adjustedOn!;
    expect(on).toBe(todayInStockholm());
    const when = (name: string) => {
      const at = new Date(adjusted.adjusters.find((a) => a.name === name)!.signedAt!);
      const hm = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at).replace(':', '.');
      return `${todayInStockholm(at)} kl. ${hm}`;
    };
    expect(text).toContain(`Ordförande: Irén Lejegren (S) – signerade ${when('Irén Lejegren')}, elektroniskt efter ny inloggning med lösenord`);
    expect(text).toContain(`Justerare: Torbjörn Appelqvist (M) – signerade ${when('Torbjörn Appelqvist')}, elektroniskt efter ny inloggning med lösenord`);
    expect(text).toContain(`Protokollet justerades ${on}.`);
    expect(text).toContain(`Sekreterare: ${clerkName}`);
    expect(text).toMatch(/Övriga närvarande .*\(\w+\), ersättare/);
    expect(text).toContain('Anslagsbevis');
    expect(text).toContain('Organ: Regional tillväxtnämnd');
    expect(text).toContain('Sammanträdesdatum: 2020-08-24');
    expect(text).toContain(`Datum då anslaget sätts upp: ${on}`);
    expect(text).toContain(`Datum då anslaget tas ned: ${appealPeriod(on).takeDownFrom}`);
    expect(text).toContain(`Förvaringsplats för protokollet: ${adjusted.keptAt}`);
    expect(text).toContain(`elektroniskt förseglat med sigillet ${SEAL_NAME}`);
    expect(text).not.toContain('DEMOCERTIFIKAT'); // the region's own certificate is no demo
    // the content the adjusters read is all there, and the blank signature lines are not
    expect(text).toContain('Torbjörn Appelqvist (M)');
    expect(text).not.toContain('______');
  });

  it('the notice is posted the day the anslagsbevis gives, and no other', async () => {
    expect(adjusted.notice).toEqual({ postedOn: adjusted.adjustedOn, takenDownOn: null });
    const board = (await get('/api/notice-board')).json() as Array<{ meetingId: number; postedOn: string }>;
    expect(board.find((b) => b.meetingId === aug.id)?.postedOn).toBe(adjusted.adjustedOn);
    // posting it that day again changes nothing; another day is refused
    const same = await app.inject({ method: 'POST', url: `/api/meetings/${aug.id}/minutes/notice`, ...clerk, payload: { postedOn: adjusted.adjustedOn } });
    expect(same.statusCode, same.body).toBe(200);
    const later = appealPeriod(adjusted.adjustedOn!).lastDay.due;
    const other = await app.inject({ method: 'POST', url: `/api/meetings/${aug.id}/minutes/notice`, ...clerk, payload: { postedOn: later } });
    expect(other.statusCode).toBe(409);
    expect(other.json().error.code).toBe('notice-date-sealed');
    expect(other.json().error.message).toMatch(/^Justeringen anslogs \d{4}-\d{2}-\d{2}, som anslagsbeviset i det förseglade protokollet anger/);
  });

  it('is stored once and served byte for byte; the database refuses to swap the sealed file', async () => {
    const second = await get(`/api/meetings/${aug.id}/minutes.pdf`, clerk);
    expect(Buffer.compare(second.rawPayload, original)).toBe(0);
    expect(second.headers.etag).toBe(`"${sha256(original)}"`);
    const stored = new FileStore(FILES);
    expect(Buffer.compare(readFileSync(stored.pathOf(sha256(original))), original)).toBe(0);
    const row = await db.kysely.selectFrom('minutes').select(['sealed_sha256', 'pdf_sha256']).where('meeting_id', '=', aug.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ sealed_sha256: sha256(original), pdf_sha256: readSha });
    const rendition = await db.kysely.selectFrom('minutes_rendition').select(['file_sha256', 'sealed']).where('minutes_id', '=', adjusted.id).where('audience', '=', 'original').executeTakeFirstOrThrow();
    expect(rendition).toEqual({ file_sha256: sha256(original), sealed: true });
    await expect(db.kysely.updateTable('minutes').set({ sealed_sha256: readSha }).where('meeting_id', '=', aug.id).execute()).rejects.toThrow(/förseglade filen/);
  });

  it('seals the public version and the certified extracts too', async () => {
    const pub = await get(`/api/meetings/${aug.id}/minutes.pdf`);
    expect(pub.statusCode).toBe(200);
    expect(pdfsig(pub.rawPayload)).toMatch(VALID);
    const p = adjusted.decisions.find((d) => d.itemNumber === 4)!.paragraph!;
    const extract = await get(`/api/meetings/${aug.id}/minutes/paragraphs/${p}/extract.pdf`, clerk);
    expect(extract.statusCode).toBe(200);
    const report = pdfsig(extract.rawPayload);
    expect(report, report).toMatch(VALID);
    expect(report).toContain(`Signer Certificate Common Name: ${SEAL_NAME}`);
    const text = pdftotext(extract.rawPayload);
    expect(text).toContain('Bestyrkande: utdraget överensstämmer med det justerade protokollet');
    expect(text).toContain('Ordförande: Irén Lejegren (S), signerade');
    const again = await get(`/api/meetings/${aug.id}/minutes/paragraphs/${p}/extract.pdf`, clerk);
    expect(Buffer.compare(again.rawPayload, extract.rawPayload)).toBe(0);
  });
});

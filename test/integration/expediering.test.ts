/**
 * Expediering and the archive copy (issue 15, points 6 and 7), through the
 * API on both databases, with a real SMTP server (test/helpers/smtp.ts):
 * the recipients come from the memo's "Skickas till" (here the imported
 * memo's text) and are confirmed with an address; nothing goes out before
 * justering; after it each recipient gets the sealed extract attached – read
 * back from the server, pdfsig reports it valid, it is the stored file byte
 * for byte, and it is PDF/A-2b as far as qpdf and pdffonts can tell –; a
 * refused address is recorded as failed with the server's answer and
 * succeeds on retry; a secret item's extract never goes by e-mail and is
 * recorded as sent another way. The adjusted protokoll is PDF/A-2b with the
 * meeting's date as the document date and the adjustment date as creation.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { dropTestSchemas, testDatabases, useApp } from '../helpers/db.ts';
import { actorWith, signIn, type Client } from '../helpers/auth.ts';
import { startSmtpServer, type ReceivedMail, type TestSmtp } from '../helpers/smtp.ts';
import type { Db } from '../../src/db/index.ts';
import { importKallelse } from '../../src/importer/service.ts';
import * as meetings from '../../src/meetings/service.ts';
import * as minutes from '../../src/minutes/service.ts';
import * as documents from '../../src/documents/service.ts';
import { formatLongDate } from '../../src/kernel/dates.ts';
import { generateSelfSignedP12 } from '../../src/minutes/seal.ts';
import { pdfaReport } from '../../src/minutes/pdfaCheck.ts';
import type { ExpedieringView, SendExtractsResult } from '../../src/minutes/dispatch.ts';
import type { BodyDetail, MeetingDetail, MinutesView } from '../../src/http/contract.ts';

const FILES = mkdtempSync(path.join(tmpdir(), 'styrbord-exp-files-'));
const WORK = mkdtempSync(path.join(tmpdir(), 'styrbord-exp-'));
process.env.FILES_DIR = FILES;
const SEAL_NAME = 'Region Orebro lan expedieringssigill';
process.env.SEAL_P12_PATH = path.join(WORK, 'region-seal.p12');
process.env.SEAL_P12_PASSWORD = 'sigill';
writeFileSync(process.env.SEAL_P12_PATH, generateSelfSignedP12(SEAL_NAME, process.env.SEAL_P12_PASSWORD));

const seed = (name: string) => readFileSync(new URL(`../../seeds/${name}`, import.meta.url), 'utf8');
const secretary = { id: 'sekreterare', roles: ['secretary'] as const };
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const VALID = /Signature Validation: Signature is Valid\./;

let n = 0;
const fileOf = (bytes: Uint8Array) => {
  const file = path.join(WORK, `f${++n}.pdf`);
  writeFileSync(file, bytes);
  return file;
};
const pdfsig = (bytes: Uint8Array) => {
  const r = spawnSync('pdfsig', [fileOf(bytes)], { encoding: 'utf8' });
  return r.stdout + r.stderr;
};

/** The PDF attachments of a received message (its raw MIME parts), decoded. */
function attachments(mail: ReceivedMail): Array<{ filename: string; bytes: Buffer }> {
  const boundary = /boundary="?([^";]+)"?/i.exec(mail.headers['content-type'] ?? '')?.[1];
  if (!boundary) return [];
  return mail.raw
    .split(`--${boundary}`)
    .slice(1)
    .filter((p) => !p.startsWith('--'))
    .map((part) => {
      const at = part.search(/\r?\n\r?\n/);
      const head = part.slice(0, at).replace(/\r?\n[ \t]+/g, ' ');
      return { head, body: part.slice(at).trim() };
    })
    .filter((p) => /content-type:\s*application\/pdf/i.test(p.head))
    .map((p) => ({ filename: /filename="?([^";\r\n]+)"?/i.exec(p.head)?.[1] ?? '', bytes: Buffer.from(p.body.replace(/\s+/g, ''), 'base64') }));
}

afterAll(dropTestSchemas);

describe.each(testDatabases)('expediering of sealed extracts on $name', (tdb) => {
  let db: Db;
  let app: FastifyInstance;
  useApp(tdb, (d, a) => {
    db = d;
    app = a;
  });
  let smtp: TestSmtp;
  let aug: MeetingDetail;
  let body: BodyDetail;
  let clerk: Client;
  let adjusted: MinutesView;
  let secretItem: number;
  const base = () => `/api/meetings/${aug.id}/expediering`;
  const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown, who: Client = clerk) =>
    app.inject({ method, url, headers: who.headers, ...(payload !== undefined ? { payload: payload as object } : {}) });
  const person = (name: string) => body.memberships.find((m) => m.name === name && m.kind === 'member')?.personId ?? body.memberships.find((m) => m.name === name)!.personId;
  const paragraphOf = (v: ExpedieringView, item: number) => v.paragraphs.find((p) => p.itemNumber === item)!;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    process.env.SMTP_URL = smtp.url;
    await importKallelse(db, secretary, { fileName: '003.txt', text: seed('003_f8eb7d47c03ea706.txt') });
    await importKallelse(db, secretary, { fileName: '000.txt', text: seed('000_97425d05012e62df.txt') });
    aug = await meetings.getMeeting(db, (await meetings.listMeetings(db)).find((m) => m.date === '2020-08-24')!.id);
    body = await meetings.getBody(db, aug.bodyId);
    clerk = await signIn(app, db, ['secretary']);
    const userId = ((await app.inject({ url: '/api/session', headers: clerk.headers })).json() as { user: { id: number } }).user.id;
    await meetings.setServedBodies(db, actorWith('admin'), userId, [aug.bodyId]);
    // one decided item is secret: its extract must never go by plain e-mail
    secretItem = aug.items.filter((i) => i.kind === 'decision').at(-1)!.number;
    const marked = await call('PUT', `/api/agenda-items/${aug.items.find((i) => i.number === secretItem)!.id}/secrecy`, { secrecyRef: '21 kap. 1 § OSL' });
    expect(marked.statusCode, marked.body).toBe(200);
    let view = await minutes.openMinutes(db, secretary, aug.id);
    view = await minutes.setAttendance(db, secretary, aug.id, { version: view.version, attendance: body.memberships.filter((m) => m.kind === 'member').map((m) => ({ personId: m.personId, present: true })) });
    for (const item of aug.items) {
      if (item.kind === 'information' || item.kind === 'presentations') continue;
      await minutes.recordDecision(db, secretary, aug.id, item.number, { outcome: 'according-to-proposal', ...(item.number === secretItem ? { recipients: ['Sökanden'] } : {}) });
    }
    expect((await call('POST', `/api/meetings/${aug.id}/minutes/numbering`)).statusCode).toBe(200);
  });
  afterAll(async () => {
    await documents.whenIdle(db);
    await smtp.close();
  });

  it('proposes the recipients of the memo\'s "Skickas till" and of the protokoll, and sends nothing before justering', async () => {
    const res = await call('GET', base());
    expect(res.statusCode, res.body).toBe(200);
    const v = res.json() as ExpedieringView;
    expect(v.adjusted).toBe(false);
    const two = paragraphOf(v, 2);
    expect(two.recipients.map((r) => [r.id, r.name, r.source])).toEqual([
      [null, 'Regionstyrelsen', 'memo'],
      [null, 'Regionkansliet', 'memo'],
    ]);
    // the import put the first page of item 3's memo at the end of item 2's papers: its block still goes to item 3
    expect(paragraphOf(v, 3).recipients.map((r) => r.name)).toEqual(['Susanne Rosendahl, Regional utveckling', 'Mirela Redzic, Regional utveckling', 'Anneli Baier, Regional utveckling']);
    expect(paragraphOf(v, secretItem).recipients.map((r) => [r.name, r.source])).toContainEqual(['Sökanden', 'protokoll']);
    // confirmed with addresses (one is refused by the mail server later); one more added by the secretary
    for (const [name, email] of [['Regionstyrelsen', 'regionstyrelsen@example.se'], ['Regionkansliet', 'kansliet@example.se'], ['Ekonomistaben', 'ekonomi@example.se']] as const) {
      const added = await call('POST', `${base()}/items/2/recipients`, { name, email });
      expect(added.statusCode, added.body).toBe(201);
    }
    const bad = await call('POST', `${base()}/items/2/recipients`, { name: 'Fel', email: 'inte en adress' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('invalid-email');
    const twice = await call('POST', `${base()}/items/2/recipients`, { name: 'regionstyrelsen', email: 'x@example.se' });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.message).toBe('regionstyrelsen är redan mottagare för punkt 2.');
    const secret = await call('POST', `${base()}/items/${secretItem}/recipients`, { name: 'Sökanden', email: 'sokanden@example.se' });
    const after = secret.json() as ExpedieringView;
    expect(paragraphOf(after, 2).recipients.map((r) => [r.name, r.source, r.email])).toEqual([
      ['Regionstyrelsen', 'memo', 'regionstyrelsen@example.se'],
      ['Regionkansliet', 'memo', 'kansliet@example.se'],
      ['Ekonomistaben', 'added', 'ekonomi@example.se'],
    ]);
    expect(paragraphOf(after, secretItem).recipients[0]).toMatchObject({ name: 'Sökanden', source: 'protokoll' });
    const early = await call('POST', `${base()}/send`, {});
    expect(early.statusCode).toBe(409);
    expect(early.json().error).toMatchObject({ code: 'not-adjusted', message: 'Utdragen expedieras först när protokollet är justerat.' });
    expect(smtp.messages).toHaveLength(0);
    expect(await db.kysely.selectFrom('extract_dispatch').select('id').execute()).toEqual([]);
  });

  it('after justering sends the sealed extract, recorded per recipient; a refused address fails with the server\'s answer and succeeds on retry', async () => {
    const ok = await call('PUT', `/api/meetings/${aug.id}/minutes/adjusters`, { personIds: [person('Irén Lejegren'), person('Torbjörn Appelqvist')] });
    expect(ok.statusCode, ok.body).toBe(200);
    const sha = sha256((await call('GET', `/api/meetings/${aug.id}/minutes.pdf`)).rawPayload);
    for (const name of ['Irén Lejegren', 'Torbjörn Appelqvist']) {
      const adjuster = await signIn(app, db, ['adjuster'], person(name));
      const res = await call('POST', `/api/meetings/${aug.id}/minutes/signatures`, { personId: person(name), sha256: sha }, adjuster);
      expect(res.statusCode, res.body).toBe(200);
      adjusted = res.json();
    }
    expect(adjusted.locked).toBe(true);

    smtp.reject('kansliet@example.se');
    const res = await call('POST', `${base()}/send`, {});
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json() as SendExtractsResult;
    expect([r.sent, r.failed]).toEqual([2, 1]);
    expect(r.secretSkipped).toEqual([{ itemNumber: secretItem, name: 'Sökanden' }]);
    const two = paragraphOf(r, 2);
    const byName = new Map(two.recipients.map((x) => [x.name, x]));
    expect(byName.get('Regionstyrelsen')!.dispatch).toMatchObject({ channel: 'email', status: 'sent', address: 'regionstyrelsen@example.se', attempts: 1, audience: 'original' });
    const failed = byName.get('Regionkansliet')!.dispatch!;
    expect(failed).toMatchObject({ status: 'failed', sentAt: null });
    expect(failed.error).toMatch(/^E-postservern tog inte emot meddelandet: 550 .*brevlådan finns inte/);
    expect(paragraphOf(r, secretItem).recipients[0]!.dispatch).toBeNull();
    expect(smtp.to('sokanden@example.se')).toEqual([]);

    // the message: subject and text in Swedish, the sealed extract attached – the stored file, byte for byte
    const [mail] = smtp.to('regionstyrelsen@example.se');
    expect(mail!.subject).toBe(`Protokollsutdrag § ${two.paragraph}, Regional tillväxtnämnd 2020-08-24: ${two.itemTitle} (20RS6567)`);
    expect(mail!.text).toContain(`Protokollet justerades ${formatLongDate(adjusted.adjustedOn!)}.`);
    expect(mail!.text).toContain(`förseglat med sigillet ${SEAL_NAME}`);
    const [pdf] = attachments(mail!);
    expect(pdf!.filename).toBe(`protokollsutdrag-2020-08-24-p${two.paragraph}.pdf`);
    expect(sha256(pdf!.bytes)).toBe(failed.fileSha256);
    const served = await call('GET', two.extractUrl!);
    expect(sha256(served.rawPayload)).toBe(sha256(pdf!.bytes));
    const report = pdfsig(pdf!.bytes);
    expect(report, report).toMatch(VALID);
    expect(report).toContain(`Signer Certificate Common Name: ${SEAL_NAME}`);
    // and as an archive copy
    const a = pdfaReport(fileOf(pdf!.bytes));
    expect(a.problems).toEqual([]);
    expect(a.xmp).toMatchObject({ part: '2', conformance: 'B', title: `Protokollsutdrag § ${two.paragraph} Regional tillväxtnämnd 2020-08-24`, createDate: adjusted.adjustedOn, documentDate: '2020-08-24' });
    expect(a.fonts.every((f) => f.embedded)).toBe(true);

    // nothing is sent twice; the refused one is retried once the address works
    smtp.accept('kansliet@example.se');
    const again = (await call('POST', `${base()}/send`, { itemNumbers: [2] })).json() as SendExtractsResult;
    expect([again.sent, again.failed]).toEqual([1, 0]);
    expect(smtp.to('regionstyrelsen@example.se')).toHaveLength(1);
    expect(paragraphOf(again, 2).recipients.find((x) => x.name === 'Regionkansliet')!.dispatch).toMatchObject({ status: 'sent', attempts: 2, error: null });
    expect(attachments(smtp.to('kansliet@example.se')[0]!)[0]!.bytes.equals(pdf!.bytes)).toBe(true);
    const retrySent = await call('POST', `/api/extract-dispatches/${failed.id}/retry`);
    expect(retrySent.statusCode).toBe(409);
    expect(retrySent.json().error.code).toBe('dispatch-sent');
    const edit = await call('PUT', `/api/expediering-recipients/${byName.get('Regionstyrelsen')!.id}`, { name: 'Regionstyrelsen', email: 'ny@example.se' });
    expect(edit.statusCode).toBe(409);
    expect(edit.json().error.code).toBe('recipient-dispatched');

    const log = await db.kysely.selectFrom('audit_log').select('action').where('action', 'like', 'expediering.%').orderBy('id').execute();
    expect(log.map((l) => l.action)).toEqual(expect.arrayContaining(['expediering.send', 'expediering.sent', 'expediering.failed']));
  });

  it('retries a failed dispatch to the address as corrected', async () => {
    const v = (await call('GET', base())).json() as ExpedieringView;
    const eko = paragraphOf(v, 3);
    const added = (await call('POST', `${base()}/items/3/recipients`, { name: 'Almi Företagspartner', email: 'fel@example.se' })).json() as ExpedieringView;
    const rec = paragraphOf(added, 3).recipients.find((x) => x.name === 'Almi Företagspartner')!;
    smtp.reject('fel@example.se');
    const sent = (await call('POST', `${base()}/send`, { itemNumbers: [3] })).json() as SendExtractsResult;
    const d = paragraphOf(sent, 3).recipients.find((x) => x.id === rec.id)!.dispatch!;
    expect(d.status).toBe('failed');
    const fixed = await call('PUT', `/api/expediering-recipients/${rec.id}`, { name: 'Almi Företagspartner', email: 'almi@example.se', version: rec.version });
    expect(fixed.statusCode, fixed.body).toBe(200);
    const retried = await call('POST', `/api/extract-dispatches/${d.id}/retry`);
    expect(retried.statusCode, retried.body).toBe(200);
    expect(paragraphOf(retried.json(), 3).recipients.find((x) => x.id === rec.id)!.dispatch).toMatchObject({ status: 'sent', address: 'almi@example.se', attempts: 2 });
    const [mail] = smtp.to('almi@example.se');
    expect(pdfsig(attachments(mail!)[0]!.bytes)).toMatch(VALID);
    expect(eko.itemNumber).toBe(3);
  });

  it("never e-mails a secret item's extract: refused in Swedish, recorded as sent another way with how", async () => {
    const v = (await call('GET', base())).json() as ExpedieringView;
    const s = paragraphOf(v, secretItem).recipients[0]!;
    const direct = await call('POST', `${base()}/send`, { itemNumbers: [secretItem] });
    expect(direct.statusCode).toBe(409);
    expect(direct.json().error.code).toBe('secret-extract-email');
    expect(direct.json().error.message).toMatch(/^Punkt \d+ omfattas av sekretess \(21 kap\. 1 § OSL\)\. Utdraget skickas inte med vanlig e-post/);
    const empty = await call('POST', `/api/expediering-recipients/${s.id}/recorded`, { method: ' ' });
    expect(empty.statusCode).toBe(400);
    const rec = await call('POST', `/api/expediering-recipients/${s.id}/recorded`, { method: 'Rekommenderat brev', version: s.version });
    expect(rec.statusCode, rec.body).toBe(200);
    expect(paragraphOf(rec.json(), secretItem).recipients[0]!.dispatch).toMatchObject({ channel: 'other', method: 'Rekommenderat brev', status: 'sent', address: null });
    expect(smtp.to('sokanden@example.se')).toEqual([]);
  });

  it('the adjusted protokoll is PDF/A-2b: XMP with the dates, an sRGB output intent, fonts embedded; qpdf finds it sound, the seal valid', async () => {
    const res = await call('GET', `/api/meetings/${aug.id}/minutes.pdf`);
    const file = fileOf(res.rawPayload);
    const check = spawnSync('qpdf', ['--check', file], { encoding: 'utf8' });
    expect(check.status, check.stdout + check.stderr).toBe(0);
    const a = pdfaReport(file);
    expect(a.problems).toEqual([]);
    expect(a.xmp).toMatchObject({ part: '2', conformance: 'B', title: 'Protokoll Regional tillväxtnämnd 2020-08-24', createDate: adjusted.adjustedOn, documentDate: '2020-08-24' });
    expect(a.info.CreationDate).toBe(`D:${adjusted.adjustedOn!.replace(/-/g, '')}`);
    expect(a.outputIntent).toMatchObject({ subtype: 'GTS_PDFA1', profileComponents: 3, profileBytes: readFileSync(new URL('../../assets/icc/sRGB.icc', import.meta.url)).length });
    expect(a.fonts.length).toBeGreaterThan(0);
    expect(a.fonts.every((f) => f.embedded)).toBe(true);
    expect(pdfsig(res.rawPayload)).toMatch(VALID);
  });

  it('is for the secretariat only', async () => {
    const member = await signIn(app, db, ['member']);
    expect((await call('GET', base(), undefined, member)).statusCode).toBe(403);
    expect((await app.inject({ url: base() })).statusCode).toBe(401);
  });
});

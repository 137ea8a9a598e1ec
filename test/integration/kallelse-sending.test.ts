/**
 * Sending the kallelse (issue 14.6) through a real SMTP server started here
 * (test/helpers/smtp.ts), never a mocked transport: every member and ersättare
 * with an address receives it, no secret title leaves in any message, a
 * recipient the server refuses is recorded as failed and sent on retry, and
 * without SMTP_URL the send is refused in Swedish with nothing recorded.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { dropTestSchemas, testDatabases } from '../helpers/db.ts';
import { signIn, type Client } from '../helpers/auth.ts';
import { startSmtpServer, type TestSmtp } from '../helpers/smtp.ts';
import type { Db } from '../../src/db/index.ts';
import { buildApp } from '../../src/http/app.ts';
import { importKallelse } from '../../src/importer/service.ts';
import * as meetings from '../../src/meetings/service.ts';
import * as documents from '../../src/documents/service.ts';
import type { MeetingDetail } from '../../src/http/contract.ts';
import type { BookJobView, BookStatus } from '../../src/documents/types.ts';
import type { DispatchView, KallelseDispatches, PersonEmailView, SendKallelseResult } from '../../src/meetings/sending.ts';

const seed = (name: string) => readFileSync(new URL(`../../seeds/${name}`, import.meta.url), 'utf8');
const secretary = { id: 'sekreterare', roles: ['secretary'] as const };
const BASE = 'https://styrbord.example.se';
const SECRET_TITLE = 'Ansökan från Hemligbolaget AB om företagsstöd';
const OPEN_TITLE = 'Regional cykelstrategi för Örebro län';
process.env.FILES_DIR = mkdtempSync(path.join(tmpdir(), 'styrbord-utskick-'));
process.env.PUBLIC_BASE_URL = BASE;

afterAll(dropTestSchemas);

describe.each(testDatabases)('sending the kallelse on $name', (tdb) => {
  let db: Db;
  let app: FastifyInstance;
  let smtp: TestSmtp;
  let clerk: Client;
  let member: Client;
  let meeting: MeetingDetail;
  /** Addresses given to the body's members and ersättare (all but two). */
  const addresses = new Map<number, string>();
  let rejected = '';
  let rejectedDispatch: DispatchView;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    process.env.SMTP_URL = smtp.url;
    db = await tdb.open();
    app = await buildApp({ db });
    await importKallelse(db, secretary, { fileName: '003.txt', text: seed('003_f8eb7d47c03ea706.txt') });
    const imported = (await meetings.listMeetings(db)).find((m) => m.date === '2020-02-14')!;
    clerk = await signIn(app, db, ['secretary']);
    const seat = (await meetings.getBody(db, imported.bodyId)).memberships.find((m) => m.kind === 'member' && !m.validTo)!;
    member = await signIn(app, db, ['member'], seat.personId);
    const created = await app.inject({ method: 'POST', url: '/api/meetings', headers: clerk.headers, payload: { bodyId: imported.bodyId, date: '2026-09-10', startTime: '09:00', place: 'Länsgården, sal Kilsbergen' } });
    expect(created.statusCode, created.body).toBe(201);
    const meetingId = (created.json() as MeetingDetail).id;
    await db.tx(async (trx) => {
      await meetings.addAgendaItem(trx, secretary, meetingId, { title: OPEN_TITLE, kind: 'decision' });
      const secret = await meetings.addAgendaItem(trx, secretary, meetingId, { title: SECRET_TITLE, kind: 'decision' });
      await meetings.setItemSecrecy(trx, secretary, secret.id, '30 kap. 23 § OSL');
    });
    meeting = await meetings.getMeeting(db, meetingId);
  });
  afterAll(async () => {
    await documents.whenIdle(db);
    await app.close();
    await db.close();
    await smtp.close();
    delete process.env.SMTP_URL;
  });

  const dispatches = async () => {
    const res = await app.inject({ url: `/api/meetings/${meeting.id}/kallelse/dispatches`, headers: clerk.headers });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as KallelseDispatches;
  };
  const send = () => app.inject({ method: 'POST', url: `/api/meetings/${meeting.id}/kallelse/send`, headers: clerk.headers });
  const bookStatus = async () => (await app.inject({ url: `/api/meetings/${meeting.id}/kallelse`, headers: clerk.headers })).json() as BookStatus;

  async function buildBook(): Promise<BookJobView> {
    const start = await app.inject({ method: 'POST', url: `/api/meetings/${meeting.id}/kallelse`, headers: clerk.headers });
    expect(start.statusCode, start.body).toBe(202);
    const job = start.json() as BookJobView;
    for (let i = 0; i < 1500; i++) {
      const view = (await app.inject({ url: `/api/meetings/${meeting.id}/kallelse/jobs/${job.jobId}`, headers: clerk.headers })).json() as BookJobView;
      if (view.state !== 'running') return view;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error('bygget blev inte klart');
  }

  it('lists every member and ersättare as without an address at first, and sets addresses version-locked', async () => {
    const first = await dispatches();
    expect(first.dispatches).toEqual([]);
    expect(first.withoutAddress.length).toBeGreaterThan(4);
    expect(new Set(first.withoutAddress.map((p) => p.kind))).toEqual(new Set(['member', 'substitute']));
    // everyone but one member and one ersättare gets an address
    const keepMember = first.withoutAddress.find((p) => p.kind === 'member')!;
    const keepSubstitute = first.withoutAddress.find((p) => p.kind === 'substitute')!;
    for (const p of first.withoutAddress) {
      if (p === keepMember || p === keepSubstitute) continue;
      const address = `person${p.personId}@example.se`;
      const res = await app.inject({ method: 'PUT', url: `/api/people/${p.personId}/email`, headers: clerk.headers, payload: { email: ` ${address} `, version: p.version } });
      expect(res.statusCode, res.body).toBe(200);
      expect((res.json() as PersonEmailView).email).toBe(address);
      addresses.set(p.personId, address);
    }
    const after = await dispatches();
    expect(after.withoutAddress.map((p) => p.personId).sort()).toEqual([keepMember.personId, keepSubstitute.personId].sort());

    // an old version is refused with who-changed-it in Swedish; not an address is refused naming it
    const stale = await app.inject({ method: 'PUT', url: `/api/people/${first.withoutAddress[2]!.personId}/email`, headers: clerk.headers, payload: { email: 'x@example.se', version: first.withoutAddress[2]!.version } });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.message).toMatch(/har ändrats av/);
    const bad = await app.inject({ method: 'PUT', url: `/api/people/${keepMember.personId}/email`, headers: clerk.headers, payload: { email: 'inte en adress', version: keepMember.version } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'invalid-email', message: expect.stringMatching(/"inte en adress" är ingen e-postadress/) });
    const audited = await db.kysely.selectFrom('audit_log').select('after').where('action', '=', 'person.email').where('entity_id', '=', String([...addresses.keys()][0])).execute();
    expect(audited).toHaveLength(1);
  });

  it('refuses to send without SMTP_URL, in Swedish, and records nothing', async () => {
    delete process.env.SMTP_URL;
    try {
      const res = await send();
      expect(res.statusCode).toBe(422);
      expect(res.json().error).toMatchObject({ code: 'smtp-missing', message: expect.stringMatching(/E-post kan inte skickas: SMTP_URL är inte satt/) });
    } finally {
      process.env.SMTP_URL = smtp.url;
    }
    expect((await dispatches()).dispatches).toEqual([]);
    expect(smtp.messages).toHaveLength(0);
  });

  it('refuses to send before the book is built', async () => {
    const res = await send();
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ code: 'book-not-built', message: expect.stringMatching(/bygg kallelseboken först/) });
    expect((await dispatches()).dispatches).toEqual([]);
  });

  it('sends the built version to every address, without a secret title, and records a refused recipient as failed', async () => {
    const built = await buildBook();
    expect(built.state, JSON.stringify(built.error)).toBe('done');
    rejected = [...addresses.values()][1]!;
    smtp.reject(rejected);

    const res = await send();
    expect(res.statusCode, res.body).toBe(200);
    const result = res.json() as SendKallelseResult;
    expect(result).toMatchObject({ version: 1, sent: addresses.size - 1, failed: 1, alreadySent: 0, latestVersion: 1 });
    expect(result.withoutAddress).toHaveLength(2);

    // every address but the refused one received exactly one message, from the real server
    expect(smtp.messages).toHaveLength(addresses.size - 1);
    for (const address of addresses.values()) expect(smtp.to(address)).toHaveLength(address === rejected ? 0 : 1);
    for (const m of smtp.messages) {
      expect(m.subject).toBe(`Kallelse: ${meeting.bodyName} 2026-09-10`);
      expect(m.text).toContain('Datum: 2026-09-10');
      expect(m.text).toContain('Plats: Länsgården, sal Kilsbergen');
      expect(m.text).toContain(`1. ${OPEN_TITLE}`);
      expect(m.text).toContain('2. Sekretess enligt 30 kap. 23 § OSL');
      expect(m.text).toContain(`${BASE}/api/meetings/${meeting.id}/kallelse/versions/1/file`);
      // secret material never in an e-mail: not in the text, not anywhere in the raw message
      expect(m.text).not.toContain('Hemligbolaget');
      expect(m.raw).not.toContain('Hemligbolaget');
      expect(Buffer.from(m.raw).toString('base64')).not.toContain(Buffer.from('Hemligbolaget').toString('base64'));
    }

    // who was sent what and when
    const list = await dispatches();
    expect(list.dispatches).toHaveLength(addresses.size);
    for (const d of list.dispatches) {
      expect(d.bookVersion).toBe(1);
      expect(d.address).toBe(addresses.get(d.personId));
      expect(d.sentBy).toMatch(/^user:/);
      if (d.address === rejected) {
        expect(d).toMatchObject({ status: 'failed', sentAt: null, attempts: 1 });
        expect(d.error).toMatch(/^E-postservern tog inte emot meddelandet: 550/);
        rejectedDispatch = d;
      } else {
        expect(d.status).toBe('sent');
        expect(d.error).toBeNull();
        expect(Date.now() - new Date(d.sentAt!).getTime()).toBeLessThan(120_000);
      }
    }
    // the version is marked sent (the public may read it from now), and the send is audited
    expect((await bookStatus()).latest?.sentAt).not.toBeNull();
    const audited = await db.kysely.selectFrom('audit_log').select(['action']).where('action', 'like', 'kallelse.dispatch%').execute();
    expect(audited.filter((a) => a.action === 'kallelse.dispatch')).toHaveLength(1);
    expect(audited.filter((a) => a.action === 'kallelse.dispatch-sent')).toHaveLength(addresses.size - 1);
    expect(audited.filter((a) => a.action === 'kallelse.dispatch-failed')).toHaveLength(1);
  });

  it('sending again reaches only those who have not received it; the retry sends once the server accepts', async () => {
    const before = smtp.messages.length;
    const again = (await send()).json() as SendKallelseResult;
    expect(again).toMatchObject({ sent: 0, failed: 1, alreadySent: addresses.size - 1 });
    expect(smtp.messages).toHaveLength(before);

    smtp.accept(rejected);
    const retry = await app.inject({ method: 'POST', url: `/api/kallelse-dispatches/${rejectedDispatch.id}/retry`, headers: clerk.headers });
    expect(retry.statusCode, retry.body).toBe(200);
    expect(retry.json() as DispatchView).toMatchObject({ id: rejectedDispatch.id, status: 'sent', error: null, attempts: 3, address: rejected });
    expect(smtp.to(rejected)).toHaveLength(1);
    expect(smtp.to(rejected)[0]!.text).not.toContain('Hemligbolaget');

    const twice = await app.inject({ method: 'POST', url: `/api/kallelse-dispatches/${rejectedDispatch.id}/retry`, headers: clerk.headers });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.message).toMatch(/redan skickad till/);
    expect((await dispatches()).dispatches.every((d) => d.status === 'sent')).toBe(true);
  });

  it('refuses to send an outdated book after the agenda changed', async () => {
    await db.tx((trx) => meetings.addAgendaItem(trx, secretary, meeting.id, { title: 'Extra punkt', kind: 'information' }));
    const res = await send();
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ code: 'book-outdated', message: expect.stringMatching(/Bygg en ny version innan kallelsen skickas/) });
  });

  it('is for the secretariat only', async () => {
    for (const [method, url] of [
      ['POST', `/api/meetings/${meeting.id}/kallelse/send`],
      ['GET', `/api/meetings/${meeting.id}/kallelse/dispatches`],
      ['POST', `/api/kallelse-dispatches/${rejectedDispatch.id}/retry`],
    ] as const) {
      expect((await app.inject({ method, url })).statusCode).toBe(401);
      expect((await app.inject({ method, url, headers: member.headers })).statusCode).toBe(403);
    }
    const put = await app.inject({ method: 'PUT', url: `/api/people/${[...addresses.keys()][0]}/email`, headers: member.headers, payload: { email: 'a@example.se' } });
    expect(put.statusCode).toBe(403);
    const missing = await app.inject({ method: 'POST', url: '/api/kallelse-dispatches/999999/retry', headers: clerk.headers });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.message).toMatch(/Utskicket/);
  });
});

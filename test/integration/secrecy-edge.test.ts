/**
 * Secrecy at the public edge (issue 13, points 1, 8 and 9): a mark set after a
 * book was sent withdraws it from the public, who get a public edition built
 * without the secret papers; a secret document leaves public search and OParl;
 * the attachment list hides a secret file's hash, size, pages and uploader; the
 * legal reference comes from the committee's OSL list; secret papers are read
 * only within one's own bodies, and every such read is in the audit log.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { dropTestSchemas, testDatabases } from '../helpers/db.ts';
import { actorWith, signIn, type Client } from '../helpers/auth.ts';
import { readPdf } from '../helpers/pdf.ts';
import type { Db } from '../../src/db/index.ts';
import { buildApp } from '../../src/http/app.ts';
import { importKallelse } from '../../src/importer/service.ts';
import * as meetings from '../../src/meetings/service.ts';
import * as documents from '../../src/documents/service.ts';
import { indexMeeting } from '../../src/publish/search.ts';
import type { AgendaItemView, MeetingDetail, SearchResult } from '../../src/http/contract.ts';
import type { AttachmentView } from '../../src/documents/types.ts';

process.env.FILES_DIR = mkdtempSync(path.join(tmpdir(), 'styrbord-sekretess-'));
afterAll(dropTestSchemas);

const SECRET_WORD = 'Kvartsgruvan';
const secretary = actorWith('secretary');

async function pdfWith(text: string): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  doc.addPage([595, 842]).drawText(text, { x: 72, y: 700, size: 14, font });
  return doc.save();
}

const flat = (pages: string[]) => pages.join(' ').replace(/\s+/g, ' ');

describe.each(testDatabases)('secrecy at the public edge on $name', (tdb) => {
  let db: Db;
  let app: FastifyInstance;
  let clerk: Client;
  let admin: Client;
  let meeting: MeetingDetail;
  let item: AgendaItemView;

  const put = (url: string, who: Client, payload: Record<string, unknown>) => app.inject({ method: 'PUT', url, headers: who.headers, payload });
  const userIdOf = async (who: Client) => ((await app.inject({ url: '/api/session', headers: who.headers })).json() as { user: { id: number } }).user.id;
  const secretReads = async () =>
    (await db.kysely.selectFrom('audit_log').select(['actor', 'entity', 'entity_id', 'after']).where('action', '=', 'secret.read').orderBy('id').execute()).map((r) => ({
      ...r,
      after: (typeof r.after === 'string' ? JSON.parse(r.after) : r.after) as { read: string },
    }));

  beforeAll(async () => {
    db = await tdb.open();
    app = await buildApp({ db });
    await importKallelse(db, secretary, { fileName: '003.txt', text: readFileSync(new URL('../../seeds/003_f8eb7d47c03ea706.txt', import.meta.url), 'utf8') });
    meeting = await meetings.getMeeting(db, (await meetings.listMeetings(db))[0]!.id);
    item = meeting.items.find((i) => i.summary && i.decisionBasis.length >= 1)!;
    clerk = await signIn(app, db, ['secretary']);
    admin = await signIn(app, db, ['admin']);
    await meetings.setServedBodies(db, actorWith('admin'), await userIdOf(clerk), [meeting.bodyId]);
  });
  afterAll(async () => {
    await documents.whenIdle(db);
    await app.close();
    await db.close();
  });

  it('offers the OSL provisions the committee uses, refuses anything else in Swedish, and audits the mark with its before value', async () => {
    const list = (await app.inject('/api/secrecy-provisions')).json() as { provisions: Array<{ ref: string; label: string }>; other: string };
    expect(list.provisions.map((p) => p.ref)).toEqual(['18 kap. 8 § OSL', '19 kap. 1 § OSL', '19 kap. 3 § OSL', '21 kap. 1 § OSL', '21 kap. 7 § OSL', '30 kap. 23 § OSL', '31 kap. 16 § OSL', '39 kap. 1 § OSL']);
    expect(list.other).toBe('annan');
    const other = meeting.items.find((i) => i.id !== item.id)!;
    const url = `/api/agenda-items/${other.id}/secrecy`;

    const unknown = await put(url, clerk, { secrecyRef: 'OSL 99 kap. 1 §' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.message).toMatch(/^Ange lagrummet för sekretessen ur nämndens lista: 18 kap\. 8 § OSL, .* eller "annan" med en motivering\.$/);
    const bare = await put(url, clerk, { secrecyRef: 'annan' });
    expect(bare.statusCode).toBe(400);
    expect(bare.json().error.message).toBe('Ange grunden för sekretessen (5–180 tecken) när lagrummet är "annan".');

    const first = await put(url, clerk, { secrecyRef: 'OSL 21 kap. 1 §' });
    expect(first.statusCode).toBe(200);
    expect(first.json().secrecyRef).toBe('21 kap. 1 § OSL');
    const second = await put(url, clerk, { secrecyRef: 'annan', reason: '25 kap. 1 § OSL, hälso- och sjukvård' });
    expect(second.json().secrecyRef).toBe('Annan grund: 25 kap. 1 § OSL, hälso- och sjukvård');
    expect((await put(url, clerk, { secrecyRef: null })).statusCode).toBe(200);

    const log = await db.kysely.selectFrom('audit_log').select(['action', 'before', 'after']).where('entity', '=', 'agenda_item').where('entity_id', '=', String(other.id)).orderBy('id').execute();
    const parse = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v);
    expect(log.map((l) => [l.action, parse(l.before), parse(l.after)])).toEqual([
      ['secrecy.mark', { secrecyRef: null }, { secrecyRef: '21 kap. 1 § OSL' }],
      ['secrecy.mark', { secrecyRef: '21 kap. 1 § OSL' }, { secrecyRef: 'Annan grund: 25 kap. 1 § OSL, hälso- och sjukvård' }],
      ['secrecy.unmark', { secrecyRef: 'Annan grund: 25 kap. 1 § OSL, hälso- och sjukvård' }, { secrecyRef: null }],
    ]);
  });

  it('withdraws a sent book version at once when its papers become secret, and gives the public an edition without them', async () => {
    const basis = item.decisionBasis[0]!;
    await documents.uploadAttachmentBytes(db, secretary, documents.configFromEnv(), item.id, { fileName: 'kalkyl.pdf', bytes: await pdfWith(`Kalkyl ${SECRET_WORD}`), decisionBasisId: basis.id });
    const built = await documents.ensureBook(db, actorWith('secretary'), documents.configFromEnv(), meeting.id);
    expect(built.version.containsSecret).toBe(false);
    expect((await app.inject({ method: 'POST', url: `/api/meetings/${meeting.id}/kallelse/versions/${built.version.version}/sent`, headers: clerk.headers })).statusCode).toBe(200);
    await documents.whenIdle(db);
    const before = await app.inject(`/api/meetings/${meeting.id}/kallelse.pdf`);
    expect(before.statusCode).toBe(200);
    expect(flat((await readPdf(before.rawPayload)).pages)).toContain(SECRET_WORD);

    // the item is marked secret: from this moment no public path serves the old version
    const summaryWords = item.summary!.split(/\s+/).slice(0, 6).join(' ');
    expect((await put(`/api/agenda-items/${item.id}/secrecy`, clerk, { secrecyRef: '30 kap. 23 § OSL', version: item.version })).statusCode).toBe(200);
    for (const url of [`/api/meetings/${meeting.id}/kallelse.pdf`, `/api/meetings/${meeting.id}/kallelse/versions/${built.version.version}/file`]) {
      const res = await app.inject(url);
      if (res.statusCode === 200) {
        expect(flat((await readPdf(res.rawPayload)).pages)).not.toContain(SECRET_WORD);
      } else {
        expect(res.statusCode).toBe(409);
        expect(res.json().error.message).toMatch(/tillbakadragen för allmänheten\. En version utan dem håller på att tas fram/);
      }
    }

    // the public edition, built by the book job the mark started
    await documents.whenIdle(db);
    for (const url of [`/api/meetings/${meeting.id}/kallelse.pdf`, `/api/meetings/${meeting.id}/kallelse/versions/${built.version.version}/file`]) {
      const res = await app.inject(url);
      expect(res.statusCode, url).toBe(200);
      const text = flat((await readPdf(res.rawPayload)).pages);
      expect(text).not.toContain(SECRET_WORD);
      expect(text).not.toContain(summaryWords);
      expect(text).toContain('Sekretess enligt 30 kap. 23 § OSL');
      expect(res.headers['x-content-sha256']).not.toBe(built.version.sha256);
    }
    // staff of the body keep the version as it was sent, and that read is logged
    const staff = await app.inject({ url: `/api/meetings/${meeting.id}/kallelse/versions/${built.version.version}/file`, headers: clerk.headers });
    expect(staff.headers['x-content-sha256']).toBe(built.version.sha256);
    expect(flat((await readPdf(staff.rawPayload)).pages)).toContain(SECRET_WORD);
    expect((await secretReads()).filter((r) => r.after.read === 'kallelse').length).toBeGreaterThanOrEqual(1);

    // until the public edition for the marks as they are exists, the public gets a Swedish 409, never the secret version
    await sql`delete from kallelse_book_public`.execute(db.kysely);
    const pending = await app.inject(`/api/meetings/${meeting.id}/kallelse/versions/${built.version.version}/file`);
    expect(pending.statusCode).toBe(409);
    expect(pending.json().error.message).toBe(
      `Version ${built.version.version} av kallelsen innehåller handlingar som omfattas av sekretess och är därför tillbakadragen för allmänheten. En version utan dem håller på att tas fram; försök igen om en stund.`,
    );
    // the version list reports the secret content by the marks as they are now
    const status = (await app.inject({ url: `/api/meetings/${meeting.id}/kallelse`, headers: clerk.headers })).json() as { versions: Array<{ containsSecret: boolean }> };
    expect(status.versions[0]!.containsSecret).toBe(true);

    // lifted again: the sent version is public as it was
    expect((await put(`/api/agenda-items/${item.id}/secrecy`, clerk, { secrecyRef: null })).statusCode).toBe(200);
    const again = await app.inject(`/api/meetings/${meeting.id}/kallelse.pdf`);
    expect(again.headers['x-content-sha256']).toBe(built.version.sha256);
  });

  it('hides a secret file’s hash, size, pages and uploader from the public list, and shows it as deleted in OParl', async () => {
    const basis = item.decisionBasis[0]!;
    const pubList = (await app.inject(`/api/agenda-items/${item.id}/attachments`)).json() as AttachmentView[];
    const file = pubList.find((a) => a.decisionBasisId === basis.id)!;
    expect(file.sha256).toMatch(/^[0-9a-f]{64}$/);
    const oparlBefore = (await app.inject(`/oparl/v1/file/${file.id}`)).json() as { name?: string; modified: string };
    expect(oparlBefore.name).toBeTruthy();

    // the document (not the item) is marked secret
    expect((await put(`/api/decision-basis/${basis.id}/secrecy`, clerk, { secrecyRef: '19 kap. 3 § OSL' })).statusCode).toBe(200);
    const hidden = ((await app.inject(`/api/agenda-items/${item.id}/attachments`)).json() as AttachmentView[]).find((a) => a.id === file.id)!;
    expect(hidden).toMatchObject({ title: 'Handling som omfattas av sekretess (19 kap. 3 § OSL)', fileName: '', sha256: null, byteSize: null, pageCount: null, uploadedBy: null });
    expect((await app.inject(file.url)).statusCode).toBe(401);

    const gone = (await app.inject(`/oparl/v1/file/${file.id}`)).json() as Record<string, unknown>;
    expect(gone).toMatchObject({ id: expect.stringMatching(new RegExp(`/oparl/v1/file/${file.id}$`)), deleted: true });
    expect(Object.keys(gone).sort()).toEqual(['created', 'deleted', 'id', 'modified', 'type']);
    expect(Date.parse(gone.modified as string)).toBeGreaterThan(Date.parse(oparlBefore.modified));
    const files = (await app.inject(`/oparl/v1/body/${meeting.bodyId}/files?modified_since=${encodeURIComponent(oparlBefore.modified)}`)).json() as { data: Array<Record<string, unknown>> };
    expect(files.data.find((f) => f.id === gone.id)).toMatchObject({ deleted: true });
    expect(JSON.stringify((await app.inject(`/oparl/v1/body/${meeting.bodyId}/files`)).json())).not.toContain(file.sha256!);
  });

  it('takes the text of a secret decision-basis document out of public search at once', async () => {
    const basis = item.decisionBasis[0]!;
    // the item and its document public to begin with
    expect((await put(`/api/agenda-items/${item.id}/secrecy`, clerk, { secrecyRef: null })).statusCode).toBe(200);
    expect((await put(`/api/decision-basis/${basis.id}/secrecy`, clerk, { secrecyRef: null })).statusCode).toBe(200);
    await sql`update agenda_item set attachment_text = coalesce(attachment_text, '') || ${` Intyg från ${SECRET_WORD}.`} where id = ${item.id}`.execute(db.kysely);
    await db.tx((trx) => indexMeeting(trx, meeting.id));
    const search = async (who?: Client) => (await app.inject({ url: `/api/search?q=${SECRET_WORD}`, ...(who ? { headers: who.headers } : {}) })).json() as SearchResult;
    expect((await search()).hits.some((h) => h.itemId === item.id)).toBe(true);

    expect((await put(`/api/decision-basis/${basis.id}/secrecy`, clerk, { secrecyRef: '21 kap. 7 § OSL' })).statusCode).toBe(200);
    expect((await search()).hits).toEqual([]);
    // the body's own staff still find it (and that read is logged)
    expect((await search(clerk)).hits.some((h) => h.itemId === item.id)).toBe(true);
    expect((await secretReads()).some((r) => r.after.read === 'search')).toBe(true);
  });

  it('lets members and officials read secret papers only of the bodies they belong to or serve; administrators read all; each read is logged', async () => {
    // the item is secret again; its decision-basis document is too (from the test before)
    const fresh = (await meetings.getMeeting(db, meeting.id)).items.find((i) => i.id === item.id)!;
    expect((await put(`/api/agenda-items/${item.id}/secrecy`, clerk, { secrecyRef: '31 kap. 16 § OSL', version: fresh.version })).statusCode).toBe(200);
    const file = ((await app.inject({ url: `/api/agenda-items/${item.id}/attachments`, headers: admin.headers })).json() as AttachmentView[])[0]!;

    // a member who is no member of this body, and an official who serves no body
    const outsider = await signIn(app, db, ['member']);
    const official = await signIn(app, db, ['case-officer']);
    for (const who of [outsider, official]) {
      const page = (await app.inject({ url: `/api/meetings/${meeting.id}`, headers: who.headers })).json() as MeetingDetail;
      expect(page.items.find((i) => i.id === item.id)!.summary).toBeNull();
      const res = await app.inject({ url: file.url, headers: who.headers });
      expect(res.statusCode).toBe(403);
      expect(res.json().error.message).toBe('Handlingen omfattas av sekretess (21 kap. 7 § OSL) och läses bara av ledamöter och tjänstepersoner i nämnden.');
      expect(((await app.inject({ url: `/api/agenda-items/${item.id}/attachments`, headers: who.headers })).json() as AttachmentView[])[0]!.sha256).toBeNull();
    }

    // a member of the body (through the person's seat) reads it
    const seat = (await meetings.getBody(db, meeting.bodyId)).memberships.find((m) => m.kind === 'member' && !m.validTo)!;
    const member = await signIn(app, db, ['member'], seat.personId);
    const seen = (await app.inject({ url: `/api/meetings/${meeting.id}`, headers: member.headers })).json() as MeetingDetail;
    expect(seen.items.find((i) => i.id === item.id)!.summary).toBe(item.summary);
    expect((await app.inject({ url: file.url, headers: member.headers })).statusCode).toBe(200);
    // search: the body's member finds the secret summary, the outsider does not
    const word = item.summary!.split(/[^A-Za-zÅÄÖåäö]+/).sort((x, y) => y.length - x.length)[0]!;
    const find = async (who: Client) => ((await app.inject({ url: `/api/search?q=${encodeURIComponent(word)}`, headers: who.headers })).json() as SearchResult).hits;
    expect((await find(member)).some((h) => h.itemId === item.id && h.snippet)).toBe(true);
    expect((await find(outsider)).some((h) => h.itemId === item.id && h.snippet?.includes(word.slice(1)))).toBe(false);

    // the administrator sets which bodies the official serves (audited), and then the official reads it
    const officialId = await userIdOf(official);
    const denied = await app.inject({ method: 'PUT', url: `/api/users/${officialId}/bodies`, headers: clerk.headers, payload: { bodyIds: [meeting.bodyId] } });
    expect(denied.statusCode).toBe(403);
    const set = await app.inject({ method: 'PUT', url: `/api/users/${officialId}/bodies`, headers: admin.headers, payload: { bodyIds: [meeting.bodyId] } });
    expect(set.statusCode).toBe(200);
    expect(set.json()).toEqual({ userId: officialId, bodyIds: [meeting.bodyId] });
    expect((await app.inject({ url: '/api/user-bodies', headers: admin.headers })).json()).toContainEqual({ userId: officialId, bodyIds: [meeting.bodyId] });
    expect((await app.inject({ url: file.url, headers: official.headers })).statusCode).toBe(200);
    expect((await app.inject({ url: file.url, headers: admin.headers })).statusCode).toBe(200);

    const reads = await secretReads();
    const byWhom = (who: string, read: string) => reads.filter((r) => r.actor.includes(who) && r.after.read === read).length;
    expect(byWhom('.member', 'agenda')).toBeGreaterThanOrEqual(1);
    expect(byWhom('.member', 'attachment-file')).toBe(1);
    expect(byWhom('.case-officer', 'attachment-file')).toBe(1);
    expect(byWhom('.admin', 'attachment-file')).toBe(1);
    expect(byWhom('.admin', 'attachment-list')).toBeGreaterThanOrEqual(1);
    const bodiesLog = await db.kysely.selectFrom('audit_log').select(['before', 'after']).where('action', '=', 'user.bodies').where('entity_id', '=', String(officialId)).execute();
    expect(bodiesLog).toHaveLength(1);
  });

  it('masks personal identity numbers in the public edition of a sent book; members and staff get it as sent', async () => {
    const other = meeting.items.find((i) => i.id !== item.id && i.summary)!;
    await sql`update agenda_item set summary = summary || ' Sökande 811218-9876.' where id = ${other.id}`.execute(db.kysely);
    const built = await documents.ensureBook(db, actorWith('secretary'), documents.configFromEnv(), meeting.id);
    expect(built.created).toBe(true);
    expect((await app.inject({ method: 'POST', url: `/api/meetings/${meeting.id}/kallelse/versions/${built.version.version}/sent`, headers: clerk.headers })).statusCode).toBe(200);
    await documents.whenIdle(db);
    const pub = await app.inject(`/api/meetings/${meeting.id}/kallelse/versions/${built.version.version}/file`);
    expect(pub.statusCode).toBe(200);
    const text = flat((await readPdf(pub.rawPayload)).pages);
    expect(text).not.toContain('9876');
    expect(text).toContain('Sökande 811218-XXXX.');
    const staff = await app.inject({ url: `/api/meetings/${meeting.id}/kallelse/versions/${built.version.version}/file`, headers: clerk.headers });
    expect(flat((await readPdf(staff.rawPayload)).pages)).toContain('Sökande 811218-9876.');
  });
});

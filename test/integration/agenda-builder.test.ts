/**
 * The agenda builder (issue 14.2) through its routes, on PGlite and PostgreSQL:
 * items from a case, standard items and free items added; edited, removed and
 * reordered; stale versions, a closed agenda and bad input refused in Swedish
 * with nothing half-saved; a change after the kallelse was sent shows as
 * needing reissue.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { dropTestSchemas, testDatabases } from '../helpers/db.ts';
import { signIn, type Client } from '../helpers/auth.ts';
import type { Db } from '../../src/db/index.ts';
import { buildApp } from '../../src/http/app.ts';
import { importKallelse } from '../../src/importer/service.ts';
import * as meetings from '../../src/meetings/service.ts';
import * as minutes from '../../src/minutes/service.ts';
import * as documents from '../../src/documents/service.ts';
import type { BodyDetail, MeetingDetail } from '../../src/http/contract.ts';
import type { AgendaView } from '../../src/meetings/agendaContract.ts';
import type { BookStatus } from '../../src/documents/types.ts';
import { MEMO_CONSEQUENCES } from '../../src/documents/memoForm.ts';

const seed = (name: string) => readFileSync(new URL(`../../seeds/${name}`, import.meta.url), 'utf8');
const secretary = { id: 'sekreterare', roles: ['secretary'] as const };
process.env.FILES_DIR = mkdtempSync(path.join(tmpdir(), 'styrbord-agenda-'));

async function pdfOf(title: string): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  doc.addPage().drawText(title, { x: 60, y: 760, size: 14, font });
  return Buffer.from(await doc.save());
}

function multipart(file: { name: string; bytes: Buffer }) {
  const boundary = `----ag${Math.random().toString(16).slice(2)}`;
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/pdf\r\n\r\n`),
    file.bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

afterAll(dropTestSchemas);

describe.each(testDatabases)('agenda builder on $name', (tdb) => {
  let db: Db;
  let app: FastifyInstance;
  let clerk: Client;
  let admin: Client;
  let officer: Client;
  let aug: MeetingDetail;
  let body: BodyDetail;
  let meetingId: number;
  let registered: string;

  beforeAll(async () => {
    db = await tdb.open();
    app = await buildApp({ db });
    await importKallelse(db, secretary, { fileName: '003.txt', text: seed('003_f8eb7d47c03ea706.txt') }); // the members and substitutes
    await importKallelse(db, secretary, { fileName: '000.txt', text: seed('000_97425d05012e62df.txt') });
    const list = await meetings.listMeetings(db);
    aug = await meetings.getMeeting(db, list.find((m) => m.date === '2020-08-24')!.id);
    body = await meetings.getBody(db, aug.bodyId);
    clerk = await signIn(app, db, ['secretary']);
    admin = await signIn(app, db, ['admin']);
    officer = await signIn(app, db, ['case-officer']);
    const created = await app.inject({ method: 'POST', url: '/api/meetings', headers: clerk.headers, payload: { bodyId: aug.bodyId, date: '2020-09-21', startTime: '09:00' } });
    expect(created.statusCode, created.body).toBe(201);
    meetingId = created.json().id;
    const c = await app.inject({ method: 'POST', url: '/api/cases', headers: clerk.headers, payload: { title: 'Medfinansiering av projekt Gröna jobb', registeredOn: '2020-09-01', officer: 'Anna Handläggare' } });
    expect(c.statusCode, c.body).toBe(201);
    registered = c.json().caseNumber;
  });
  afterAll(async () => {
    await documents.whenIdle(db);
    await app.close();
    await db.close();
  });

  const agenda = async (id = meetingId, who = clerk) => {
    const res = await app.inject({ url: `/api/meetings/${id}/agenda`, headers: who.headers });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as AgendaView;
  };
  const add = (payload: Record<string, unknown>, who: Client | null = clerk, id = meetingId) =>
    app.inject({ method: 'POST', url: `/api/meetings/${id}/agenda-items`, headers: who?.headers ?? {}, payload });
  const edit = (itemId: number, payload: Record<string, unknown>, who = clerk) => app.inject({ method: 'PUT', url: `/api/agenda-items/${itemId}`, headers: who.headers, payload });
  const remove = (itemId: number, version: number, who = clerk) => app.inject({ method: 'DELETE', url: `/api/agenda-items/${itemId}?version=${version}`, headers: who.headers });
  const reorder = (payload: Record<string, unknown>, who = clerk, id = meetingId) => app.inject({ method: 'PUT', url: `/api/meetings/${id}/agenda-order`, headers: who.headers, payload });
  const audits = async (action: string) => db.kysely.selectFrom('audit_log').select(['actor', 'entity_id', 'before', 'after']).where('action', '=', action).orderBy('id').execute();
  /** Nothing written: the same agenda, items and versions, and the same meeting version. */
  const unchanged = async (before: AgendaView) => expect(await agenda()).toEqual(before);

  it('adds an item from a case: dnr and title from the diarium, föredragande the case had last time; audited', async () => {
    const onCase = aug.items.find((i) => i.caseNumber && i.presenters.length > 0 && i.kind === 'decision')!;
    const res = await add({ template: 'case', caseNumber: onCase.caseNumber });
    expect(res.statusCode, res.body).toBe(201);
    const view = res.json() as AgendaView;
    const item = view.items.find((i) => i.id === view.createdId)!;
    expect(item).toMatchObject({ number: 1, kind: 'decision', caseNumber: onCase.caseNumber, presenters: onCase.presenters, version: 1, dependants: [] });
    const diarium = (await app.inject(`/api/cases/${onCase.caseNumber}`)).json();
    expect(item.title).toBe(diarium.title);

    // the registered case's handläggare is the föredragande, unless the secretary names someone
    const own = await add({ template: 'case', caseNumber: registered.toLowerCase(), version: view.version });
    expect(own.statusCode, own.body).toBe(201);
    const second = (own.json() as AgendaView).items.find((i) => i.number === 2)!;
    expect(second).toMatchObject({ caseNumber: registered, title: 'Medfinansiering av projekt Gröna jobb', presenters: ['Anna Handläggare'] });
    const named = await add({ template: 'case', caseNumber: registered, presenters: ['  Bo   Berg '], title: 'Gröna jobb, extra' });
    expect((named.json() as AgendaView).items.find((i) => i.number === 3)).toMatchObject({ title: 'Gröna jobb, extra', presenters: ['Bo Berg'] });
    const third = (named.json() as AgendaView).items.find((i) => i.number === 3)!;
    expect((await remove(third.id, third.version)).statusCode).toBe(200);

    const entries = await audits('agenda.build-item');
    expect(entries).toHaveLength(3);
    expect(entries[0]!.actor).toMatch(/^user:/);
    expect(entries[2]!.after).toMatchObject({ meetingId, template: 'case', presenters: ['Bo Berg'] });
    // the meeting page shows them, in order, with the dnr
    const page = (await app.inject({ url: `/api/meetings/${meetingId}`, headers: clerk.headers })).json() as MeetingDetail;
    expect(page.items.map((i) => [i.number, i.caseNumber])).toEqual([[1, onCase.caseNumber], [2, registered]]);
  });

  it('adds the standard items: protokollsjustering with adjusters and the adjustment day, information with sub-items, anmälningsärenden, delegationsbeslut, and a free item', async () => {
    const [a, b] = body.memberships.filter((m) => m.kind === 'member').slice(2, 4);
    const adj = await add({ template: 'adjustment', proposedAdjusters: [a!.name, b!.name] });
    expect(adj.statusCode, adj.body).toBe(201);
    const adjItem = (adj.json() as AgendaView).items.at(-1)!;
    // 21 September 2020 + 14 days = Monday 5 October
    expect(adjItem).toMatchObject({ title: 'Protokollsjustering', kind: 'adjustment', proposedAdjusters: [a!.name, b!.name], adjustmentDeadline: '2020-10-05' });
    const page = (await app.inject({ url: `/api/meetings/${meetingId}`, headers: clerk.headers })).json() as MeetingDetail;
    const shown = page.items.find((i) => i.id === adjItem.id)!;
    expect(shown.proposal).toEqual({
      addressee: 'Regional tillväxtnämnd beslutar',
      clauses: [`att nämndens ordförande och ${a!.name} (${a!.party}) med ${b!.name} (${b!.party}) som ersättare justerar dagens protokoll.`],
      notes: ['Protokollet ska vara justerat senast den 5 oktober 2020.'],
    });
    expect(shown.adjustmentDeadline).toBe('2020-10-05');

    const info = await add({ template: 'information', subItems: [{ title: 'Programarbete ERUF', presenters: ['Mirela Redzic'] }, { title: 'Läget i näringslivet', presenters: [] }] });
    expect(info.statusCode, info.body).toBe(201);
    expect((info.json() as AgendaView).items.at(-1)).toMatchObject({
      title: 'Information',
      kind: 'information',
      subItems: [{ title: 'Programarbete ERUF', presenters: ['Mirela Redzic'], caseNumber: null }, { title: 'Läget i näringslivet', presenters: [], caseNumber: null }],
    });
    expect((await add({ template: 'notifications' })).json().items.at(-1)).toMatchObject({ title: 'Anmälningsärenden', kind: 'delegation-report' });
    const del = await add({ template: 'delegation-report' });
    expect(del.json().items.at(-1)).toMatchObject({ title: 'Redovisning av delegationsbeslut', kind: 'delegation-report' });
    const delShown = ((await app.inject({ url: `/api/meetings/${meetingId}`, headers: clerk.headers })).json() as MeetingDetail).items.at(-1)!;
    expect(delShown.proposal?.clauses).toEqual(['att godkänna redovisningen.']);
    const free = await add({ template: 'free', title: 'Övriga frågor', kind: 'information' });
    expect(free.statusCode, free.body).toBe(201);
    expect((free.json() as AgendaView).items.map((i) => i.number)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('refuses bad input in Swedish and saves nothing', async () => {
    const before = await agenda();
    const outsider = await add({ template: 'adjustment', proposedAdjusters: ['Kalle Anka'] });
    expect(outsider.statusCode).toBe(400);
    expect(outsider.json().error.message).toBe('Kalle Anka är inte ledamot eller ersättare i Regional tillväxtnämnd; välj justerare bland dem.');
    const late = await add({ template: 'adjustment', adjustmentDeadline: '2020-10-20' });
    expect(late.statusCode).toBe(400);
    expect(late.json().error.message).toMatch(/ska vara justerat senast 2020-10-05.*för sent/);
    const early = await add({ template: 'adjustment', adjustmentDeadline: '2020-09-01' });
    expect(early.json().error.message).toMatch(/före sammanträdet/);
    const untitled = await add({ template: 'free', title: '   ' });
    expect(untitled.statusCode).toBe(400);
    expect(untitled.json().error.message).toBe('Punkten måste ha en rubrik.');
    const noCase = await add({ template: 'case' });
    expect(noCase.json().error.message).toMatch(/Välj det ärende/);
    const unknown = await add({ template: 'case', caseNumber: '20RS99999' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.message).toMatch(/Ärendet 20RS99999 finns inte/);
    const garbled = await add({ template: 'case', caseNumber: 'inget nummer' });
    expect(garbled.statusCode).toBe(400);
    const twice = await add({ template: 'information', presenters: ['Anna Berg', 'anna berg'] });
    expect(twice.json().error.message).toMatch(/Anna Berg|anna berg/);
    const badSub = await add({ template: 'information', subItems: [{ title: 'Bra' }, { title: ' ' }] });
    expect(badSub.json().error.message).toBe('Underpunkt 2 måste ha en rubrik.');
    const schema = await add({ template: 'ingen-mall' });
    expect(schema.statusCode).toBe(400);
    const stale = await add({ template: 'free', title: 'Sent påkommen', version: before.version - 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.message).toMatch(/Föredragningslistan har ändrats av .+ sedan du hämtade den/);
    await unchanged(before);

    // who may: the secretary and the administrator; not a handläggare, not the public
    expect((await add({ template: 'free', title: 'X' }, officer)).statusCode).toBe(403);
    expect((await add({ template: 'free', title: 'X' }, null)).statusCode).toBe(401);
    expect((await app.inject({ url: `/api/meetings/${meetingId}/agenda`, headers: officer.headers })).statusCode).toBe(403);
    await unchanged(before);
    expect((await app.inject({ url: `/api/meetings/999999/agenda`, headers: clerk.headers })).statusCode).toBe(404);
  });

  it('edits title, föredragande, kind and the adjusters; a stale version is a Swedish 409', async () => {
    let view = await agenda();
    const free = view.items.find((i) => i.title === 'Övriga frågor')!;
    const res = await edit(free.id, { version: free.version, title: 'Övriga frågor och meddelanden', presenters: ['Ordföranden'], kind: 'decision' }, admin);
    expect(res.statusCode, res.body).toBe(200);
    view = res.json() as AgendaView;
    const edited = view.items.find((i) => i.id === free.id)!;
    expect(edited).toMatchObject({ title: 'Övriga frågor och meddelanden', presenters: ['Ordföranden'], kind: 'decision', version: free.version + 1 });

    const stale = await edit(free.id, { version: free.version, title: 'Något annat' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.message).toMatch(/^Punkt 7 har ändrats av user:.+ sedan du hämtade den \(din version 1, nu 2\)/);
    expect((await agenda()).items.find((i) => i.id === free.id)!.title).toBe('Övriga frågor och meddelanden');

    const adj = view.items.find((i) => i.kind === 'adjustment')!;
    const c = body.memberships.filter((m) => m.kind === 'member')[5]!;
    const re = await edit(adj.id, { version: adj.version, proposedAdjusters: [c.name], adjustmentDeadline: '2020-10-01' });
    expect(re.statusCode, re.body).toBe(200);
    const page = (await app.inject({ url: `/api/meetings/${meetingId}`, headers: clerk.headers })).json() as MeetingDetail;
    expect(page.items.find((i) => i.id === adj.id)!.proposal).toEqual({
      addressee: 'Regional tillväxtnämnd beslutar',
      clauses: [`att nämndens ordförande och ${c.name} (${c.party}) justerar dagens protokoll.`],
      notes: ['Protokollet ska vara justerat senast den 1 oktober 2020.'],
    });
    const before = await agenda();
    const notAdj = await edit(edited.id, { version: edited.version, proposedAdjusters: [c.name] });
    expect(notAdj.statusCode).toBe(400);
    expect(notAdj.json().error.message).toMatch(/ingen protokollsjustering/);
    const half = await edit(edited.id, { version: edited.version, title: 'Ny rubrik', presenters: ['Ett Namn', 'ett namn'] });
    expect(half.statusCode).toBe(400);
    await unchanged(before);
    const e = (await audits('agenda.edit-item')).at(0)!;
    expect(e.before).toMatchObject({ version: 1, title: 'Övriga frågor', kind: 'information' });
    expect(e.after).toMatchObject({ title: 'Övriga frågor och meddelanden', presenters: ['Ordföranden'] });
  });

  it('reorders the whole agenda in one go, numbering 1..n; refuses a stale version and an order that is not the whole agenda', async () => {
    const view = await agenda();
    const ids = view.items.map((i) => i.id);
    const adjId = view.items.find((i) => i.kind === 'adjustment')!.id;
    const order = [adjId, ...ids.filter((id) => id !== adjId)];
    expect(order).not.toEqual(ids);
    const res = await reorder({ version: view.version, itemIds: order });
    expect(res.statusCode, res.body).toBe(200);
    const after = res.json() as AgendaView;
    expect(after.items.map((i) => i.id)).toEqual(order);
    expect(after.items.map((i) => i.number)).toEqual(order.map((_, k) => k + 1));
    expect(after.version).toBe(view.version + 1);
    const page = (await app.inject({ url: `/api/meetings/${meetingId}`, headers: clerk.headers })).json() as MeetingDetail;
    expect(page.items[0]!.title).toBe('Protokollsjustering');

    const stale = await reorder({ version: view.version, itemIds: ids });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.message).toMatch(/Föredragningslistan har ändrats av user:/);
    const short = await reorder({ version: after.version, itemIds: order.slice(1) });
    expect(short.statusCode).toBe(400);
    expect(short.json().error.message).toBe('Den nya ordningen saknar punkt 1; ange alla punkter.');
    const twice = await reorder({ version: after.version, itemIds: [...order, order[0]] });
    expect(twice.json().error.message).toMatch(/två gånger/);
    const foreign = await reorder({ version: after.version, itemIds: [...order.slice(0, -1), aug.items[0]!.id] });
    expect(foreign.json().error.message).toMatch(/finns inte på det här sammanträdets föredragningslista/);
    expect((await agenda()).items.map((i) => i.id)).toEqual(order);
    expect(await audits('agenda.reorder')).toHaveLength(1);

    // two secretaries reorder from the same version at once: one wins, the other is told
    const a = [...order].reverse();
    const b = [order[1]!, order[0]!, ...order.slice(2)];
    const both = await Promise.all([reorder({ version: after.version, itemIds: a }), reorder({ version: after.version, itemIds: b }, admin)]);
    expect(both.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const winner = both.find((r) => r.statusCode === 200)!.json() as AgendaView;
    expect((await agenda()).items.map((i) => i.id)).toEqual(winner.items.map((i) => i.id));
    expect(winner.items.map((i) => i.number)).toEqual(order.map((_, k) => k + 1));
    // back to the order the next tests expect
    expect((await reorder({ version: winner.version, itemIds: order })).statusCode).toBe(200);
    expect((await app.inject({ method: 'DELETE', url: `/api/agenda-items/${order[0]}`, headers: clerk.headers })).statusCode).toBe(400);
  });

  it('removes an item and renumbers the rest; refuses one with underlag, a stale version, and one with a decision in the protokoll', async () => {
    let view = await agenda();
    const withFile = view.items.find((i) => i.caseNumber === registered)!;
    const f = multipart({ name: 'Ansökan.pdf', bytes: await pdfOf('Ansökan') });
    const up = await app.inject({ method: 'POST', url: `/api/agenda-items/${withFile.id}/attachments`, payload: f.payload, headers: { ...f.headers, ...clerk.headers } });
    expect(up.statusCode, up.body).toBe(201);
    view = await agenda();
    const fileItem = view.items.find((i) => i.id === withFile.id)!;
    expect(fileItem.dependants).toEqual(['1 bilaga (beslutsunderlag)']);
    const refused = await remove(fileItem.id, fileItem.version);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toBe(`Punkt ${fileItem.number} "Medfinansiering av projekt Gröna jobb" kan inte tas bort: den har 1 bilaga (beslutsunderlag). Ta bort bilagorna på punktens sida först.`);

    const target = view.items.find((i) => i.title === 'Anmälningsärenden')!;
    const stale = await remove(target.id, target.version + 1);
    expect(stale.statusCode).toBe(409);
    await unchanged(view);
    const gone = await remove(target.id, target.version);
    expect(gone.statusCode, gone.body).toBe(200);
    const after = gone.json() as AgendaView;
    expect(after.items.map((i) => i.id)).toEqual(view.items.filter((i) => i.id !== target.id).map((i) => i.id));
    expect(after.items.map((i) => i.number)).toEqual(after.items.map((_, k) => k + 1));
    expect((await audits('agenda.remove-item')).at(-1)).toMatchObject({ entity_id: String(target.id), before: { title: 'Anmälningsärenden', number: target.number } });
    expect((await remove(target.id, 1)).statusCode).toBe(404);

    // a memo goes with its item; its text stays in the audit entry
    await add({ template: 'free', title: 'Punkt med PM' });
    const withMemo = (await agenda()).items.at(-1)!;
    const form = {
      unit: 'Näringsliv', officer: 'Anna Handläggare', summary: 'Ett PM som tas bort med punkten.', description: '', clauses: ['godkänna'],
      consequences: Object.fromEntries(MEMO_CONSEQUENCES.map((c) => [c.key, 'Inga.'])), signatoryName: 'Petter Chef', signatoryTitle: 'Förvaltningschef', sendTo: [],
    };
    const start = (await app.inject({ url: `/api/agenda-items/${withMemo.id}/memo-form`, headers: officer.headers })).json();
    const memo = await app.inject({ method: 'PUT', url: `/api/agenda-items/${withMemo.id}/memo-form`, headers: officer.headers, payload: { form, version: start.version } });
    expect(memo.statusCode, memo.body).toBe(200);
    const current = (await agenda()).items.find((i) => i.id === withMemo.id)!;
    expect(current.dependants).toEqual([]);
    expect((await remove(current.id, current.version)).statusCode).toBe(200);
    expect(await db.kysely.selectFrom('memo_form').select('agenda_item_id').where('agenda_item_id', '=', current.id).execute()).toEqual([]);
    expect(JSON.stringify((await audits('agenda.remove-item')).at(-1)!.before)).toContain('Ett PM som tas bort med punkten.');

    // an item with a decision in the protokoll (the imported meeting's item 2)
    await minutes.openMinutes(db, secretary, aug.id);
    const few = body.memberships.filter((m) => m.kind === 'member');
    await minutes.setAttendance(db, secretary, aug.id, { attendance: few.map((m) => ({ personId: m.personId, present: true })) });
    await minutes.recordDecision(db, secretary, aug.id, 2, { outcome: 'according-to-proposal' });
    const augAgenda = await agenda(aug.id);
    const decided = augAgenda.items.find((i) => i.number === 2)!;
    expect(decided.dependants).toContain('ett beslut i protokollet');
    const no = await remove(decided.id, decided.version);
    expect(no.statusCode).toBe(409);
    expect(no.json().error.message).toMatch(/^Punkt 2 ".+" kan inte tas bort: den har ett beslut i protokollet/);
    expect(await agenda(aug.id)).toEqual(augAgenda);
  });

  it('a change after the kallelse was sent marks it for reissue', async () => {
    const built = await documents.buildBook(db, secretary, documents.configFromEnv(), meetingId);
    const sent = await app.inject({ method: 'POST', url: `/api/meetings/${meetingId}/kallelse/versions/${built.version.version}/sent`, headers: clerk.headers });
    expect(sent.statusCode, sent.body).toBe(200);
    const status = async () => (await app.inject({ url: `/api/meetings/${meetingId}/kallelse`, headers: clerk.headers })).json() as BookStatus;
    expect(await status()).toMatchObject({ upToDate: true, reissueNeeded: false });
    const view = await agenda();
    const last = view.items.at(-1)!;
    const res = await edit(last.id, { version: last.version, title: 'Övriga frågor (ändrad efter utskick)' });
    expect(res.statusCode, res.body).toBe(200);
    const s = await status();
    expect(s).toMatchObject({ upToDate: false, reissueNeeded: true });
    expect(JSON.stringify(s.pendingChanges)).toContain('Övriga frågor (ändrad efter utskick)');
  });

  it('once the agenda is closed (the protokoll adjusted) nothing can be changed', async () => {
    const view = await agenda();
    await db.tx((trx) => meetings.closeAgenda(trx, meetingId, new Date()));
    const closed = await agenda();
    expect(closed.closed).toBe(true);
    const item = closed.items[0]!;
    for (const res of [
      await add({ template: 'free', title: 'För sent' }),
      await edit(item.id, { version: item.version, title: 'För sent' }),
      await remove(closed.items.at(-1)!.id, closed.items.at(-1)!.version),
      await reorder({ version: closed.version, itemIds: [...closed.items.map((i) => i.id)].reverse() }),
    ]) {
      expect(res.statusCode).toBe(409);
      expect(res.json().error).toMatchObject({ code: 'agenda-closed', message: expect.stringContaining('föredragningslistan är stängd') });
    }
    expect({ ...(await agenda()), closed: false }).toEqual(view);
  });
});

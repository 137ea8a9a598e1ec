/**
 * Anmälningsärenden as an agenda kind with its listed items (issue 21.4),
 * after seed 003 item 12: the secretary adds the item, lists a registered
 * case from the diarium and delegated decisions from the register (point 3.2,
 * förvaltningschef, the Cykelområde Kottaberget and MIND co-financings), each
 * with its line; the decisions are tied to the item (not listed twice, not
 * removed with it, let go when their line is dropped), and what can be listed
 * is the body's unlisted decisions up to the meeting's day.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { dropTestSchemas, testDatabases, useApp } from '../helpers/db.ts';
import { signIn, type Client } from '../helpers/auth.ts';
import type { Db } from '../../src/db/index.ts';
import { importKallelse } from '../../src/importer/service.ts';
import * as meetings from '../../src/meetings/service.ts';
import * as delegation from '../../src/delegation/service.ts';
import * as diarium from '../../src/diarium/service.ts';
import type { AgendaView, NotificationCandidates } from '../../src/meetings/agendaContract.ts';

const seed = (name: string) => readFileSync(new URL(`../../seeds/${name}`, import.meta.url), 'utf8');
const secretary = { id: 'sekreterare', roles: ['secretary'] as const };

afterAll(dropTestSchemas);

describe.each(testDatabases)('anmälningsärenden on $name', (tdb) => {
  let db: Db;
  let app: FastifyInstance;
  useApp(tdb, (d, a) => {
    db = d;
    app = a;
  });
  let meetingId: number;
  let clerk: Client;
  let decisionIds: number[];
  const agenda = async () => (await app.inject({ url: `/api/meetings/${meetingId}/agenda`, ...clerk })).json() as AgendaView;

  beforeAll(async () => {
    await importKallelse(db, secretary, { fileName: '003.txt', text: seed('003_f8eb7d47c03ea706.txt') });
    const feb = (await meetings.listMeetings(db)).find((m) => m.date === '2020-02-14')!;
    meetingId = feb.id;
    clerk = await signIn(app, db, ['secretary']);
    await diarium.registerCase(db, secretary, { caseNumber: '20RS1111', title: 'Uppföljning av internkontrollplan 2019', officer: 'Petter Arneback' });
    await delegation.setPoint(db, secretary, feb.bodyId, { number: '3.2', title: 'Regionala utvecklingsstöd', delegate: 'förvaltningschef Regional utveckling', maxAmountOre: 100_000_000, decisionTypes: [] });
    decisionIds = [];
    for (const [dnr, text, on] of [
      ['19RS9565', 'Medfinansiering av Cykelområde Kottaberget', '2020-01-20'],
      ['19RS9282', 'Medfinansiering av projekt MIND', '2020-01-28'],
      ['19RS10387', 'Medfinansiering av projekt Växthus – fokus USA och Tyskland', '2020-02-20'], // after the meeting
    ] as const) {
      await diarium.registerCase(db, secretary, { caseNumber: dnr, title: text });
      decisionIds.push((await delegation.registerDecision(db, secretary, feb.bodyId, { pointNumber: '3.2', decider: 'förvaltningschef Regional utveckling', decidedOn: on, caseNumbers: [dnr], text, amountOre: 50_000_000 })).id);
    }
  });

  it('lists cases and delegated decisions under an anmälningsärenden item', async () => {
    const before = await agenda();
    const created = await app.inject({ method: 'POST', url: `/api/meetings/${meetingId}/agenda-items`, ...clerk, payload: { template: 'notifications', presenters: ['Petter Arneback'], version: before.version } });
    expect(created.statusCode, created.body).toBe(201);
    const view = created.json() as AgendaView;
    const item = view.items.find((i) => i.id === view.createdId)!;
    expect(item).toMatchObject({ title: 'Anmälningsärenden', kind: 'delegation-report', subItems: [] });

    // what can be listed: the body's unlisted decisions up to the meeting's day
    const cands = (await app.inject({ url: `/api/meetings/${meetingId}/notification-candidates`, ...clerk })).json() as NotificationCandidates;
    expect(cands.delegatedDecisions.map((d) => d.id)).toEqual(decisionIds.slice(0, 2));
    expect(cands.delegatedDecisions[0]!.line).toBe('Beslut av förvaltningschef Regional utveckling. Regionala utvecklingsstöd enligt punkt 3.2 i delegationsordningen. Medfinansiering av Cykelområde Kottaberget. Diarienummer 19RS9565.');

    const res = await app.inject({
      method: 'POST',
      url: `/api/agenda-items/${item.id}/listed-items`,
      ...clerk,
      payload: { version: item.version, caseNumbers: ['20RS1111'], delegatedDecisionIds: decisionIds.slice(0, 2) },
    });
    expect(res.statusCode, res.body).toBe(200);
    const listed = (res.json() as AgendaView).items.find((i) => i.id === item.id)!;
    expect(listed.version).toBe(item.version + 1);
    expect(listed.subItems).toEqual([
      { title: 'Uppföljning av internkontrollplan 2019', presenters: ['Petter Arneback'], caseNumber: '20RS1111' },
      { title: cands.delegatedDecisions[0]!.line, presenters: [], caseNumber: '19RS9565' },
      { title: cands.delegatedDecisions[1]!.line, presenters: [], caseNumber: '19RS9282' },
    ]);
    expect(listed.dependants).toEqual(['2 anmälda delegationsbeslut']);
    // the kallelse shows them as the item's sub-items
    const m = await meetings.getMeeting(db, meetingId);
    expect(m.items.find((i) => i.id === item.id)!.subItems.map((s) => s.caseNumber)).toEqual(['20RS1111', '19RS9565', '19RS9282']);
    // tied to the item in the register, and no longer offered
    const reg = await delegation.register(db, m.bodyId);
    expect(reg.filter((d) => d.reportItemId === item.id).map((d) => d.id)).toEqual(decisionIds.slice(0, 2));
    expect(((await app.inject({ url: `/api/meetings/${meetingId}/notification-candidates`, ...clerk })).json() as NotificationCandidates).delegatedDecisions).toEqual([]);
    const audit = await db.kysely.selectFrom('audit_log').select(['after']).where('action', '=', 'agenda.list-items').execute();
    expect(audit).toHaveLength(1);
  });

  it('refuses in Swedish: a stale version, a case listed twice, a decision not offered, an item of another kind, removal while listed', async () => {
    const item = (await agenda()).items.find((i) => i.title === 'Anmälningsärenden' && i.subItems.length === 3)!;
    const post = (id: number, payload: object) => app.inject({ method: 'POST', url: `/api/agenda-items/${id}/listed-items`, ...clerk, payload });
    const stale = await post(item.id, { version: item.version - 1, caseNumbers: ['20RS1111'] });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('stale-version');
    const twice = await post(item.id, { version: item.version, caseNumbers: ['20RS1111'] });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.message).toBe(`Ärende 20RS1111 är redan anmält under punkt ${item.number}.`);
    const later = await post(item.id, { version: item.version, delegatedDecisionIds: [decisionIds[2]] });
    expect(later.statusCode).toBe(409);
    expect(later.json().error.code).toBe('not-reportable');
    const again = await post(item.id, { version: item.version, delegatedDecisionIds: [decisionIds[0]] });
    expect(again.json().error.code).toBe('not-reportable');
    const nothing = await post(item.id, { version: item.version });
    expect(nothing.statusCode).toBe(400);
    expect(nothing.json().error.message).toBe('Välj minst ett ärende eller delegationsbeslut att anmäla.');
    const decision = (await agenda()).items.find((i) => i.kind === 'decision')!;
    const wrongKind = await post(decision.id, { version: decision.version, caseNumbers: ['20RS1111'] });
    expect(wrongKind.statusCode).toBe(400);
    expect(wrongKind.json().error.code).toBe('not-notifications');
    const removal = await app.inject({ method: 'DELETE', url: `/api/agenda-items/${item.id}?version=${item.version}`, ...clerk });
    expect(removal.statusCode).toBe(409);
    expect(removal.json().error.message).toContain('2 anmälda delegationsbeslut');
    // nothing changed by the refusals
    expect((await agenda()).items.find((i) => i.id === item.id)!.version).toBe(item.version);
  });

  it('lets a decision go when its line is dropped from the item, so it can be listed again', async () => {
    const item = (await agenda()).items.find((i) => i.title === 'Anmälningsärenden' && i.subItems.length === 3)!;
    const keep = item.subItems.filter((s) => s.caseNumber !== '19RS9282').map((s) => ({ title: s.title, presenters: s.presenters, caseNumber: s.caseNumber }));
    const res = await app.inject({ method: 'PUT', url: `/api/agenda-items/${item.id}`, ...clerk, payload: { version: item.version, subItems: keep } });
    expect(res.statusCode, res.body).toBe(200);
    const reg = await delegation.register(db, (await meetings.getMeeting(db, meetingId)).bodyId);
    expect(reg.find((d) => d.id === decisionIds[1])!.reportItemId).toBeNull();
    expect(reg.find((d) => d.id === decisionIds[0])!.reportItemId).toBe(item.id);
    const cands = (await app.inject({ url: `/api/meetings/${meetingId}/notification-candidates`, ...clerk })).json() as NotificationCandidates;
    expect(cands.delegatedDecisions.map((d) => d.id)).toEqual([decisionIds[1]]);
    // members do not build agendas
    const member = await signIn(app, db, ['member']);
    expect((await app.inject({ url: `/api/meetings/${meetingId}/notification-candidates`, ...member })).statusCode).toBe(403);
  });
});

import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { dropTestSchemas, testDatabases } from '../helpers/db.ts';
import { actorWith, signIn } from '../helpers/auth.ts';
import type { Db } from '../../src/db/index.ts';
import { buildApp } from '../../src/http/app.ts';
import { importKallelse } from '../../src/importer/service.ts';
import { ensureCases } from '../../src/diarium/service.ts';
import * as meetings from '../../src/meetings/service.ts';
import * as minutes from '../../src/minutes/service.ts';
import * as delegation from '../../src/delegation/service.ts';

const secretary = actorWith('secretary');
const officer = actorWith('case-officer');
afterAll(dropTestSchemas);

describe.each(testDatabases)('delegation on $name', (tdb) => {
  let db: Db;
  let app: FastifyInstance;
  let bodyId: number;

  beforeAll(async () => {
    db = await tdb.open();
    app = await buildApp({ db });
    for (const f of ['003_f8eb7d47c03ea706.txt', '000_97425d05012e62df.txt']) {
      await importKallelse(db, secretary, { fileName: f, text: readFileSync(new URL(`../../seeds/${f}`, import.meta.url), 'utf8') });
    }
    bodyId = (await meetings.listBodies(db))[0]!.id;
    await db.tx((trx) => ensureCases(trx, secretary, ['20RS4806', '20RS4903', '20RS5012', '20RS5938', '20RS6187', '20RS7061'].map((caseNumber) => ({ caseNumber, title: 'Delegationsärende' }))));
    for (const p of [
      { number: '1.5', title: 'Brådskande beslut', delegate: 'regional tillväxtnämnds ordförande', maxAmountOre: null, decisionTypes: [] },
      { number: '3.2', title: 'Regionala utvecklingsstöd', delegate: 'förvaltningschef Regional utveckling', maxAmountOre: 100_000_000, decisionTypes: [] },
      { number: '3.3', title: 'Företagsstöd', delegate: 'områdeschef för Näringslivsutveckling', maxAmountOre: 50_000_000, decisionTypes: ['Mikrobidrag', 'Såddbidrag', 'Kommersiell service'] },
    ]) {
      await delegation.setPoint(db, secretary, bodyId, p);
    }
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  it('keeps the delegation order and refuses decisions outside it', async () => {
    const order = await delegation.delegationOrder(db, bodyId);
    expect(order.map((p) => p.number)).toEqual(['1.5', '3.2', '3.3']);
    // a change must be based on the current version: a stale write names who changed it
    const p32 = order.find((p) => p.number === '3.2')!;
    const { version: _version, ...withoutVersion } = p32;
    await expect(delegation.setPoint(db, secretary, bodyId, { ...withoutVersion, maxAmountOre: 200_000_000 })).rejects.toMatchObject({ code: 'stale-version', status: 409 });
    const changed = await delegation.setPoint(db, actorWith('admin'), bodyId, { ...p32, maxAmountOre: 120_000_000, version: p32.version });
    expect(changed.version).toBe(p32.version + 1);
    await expect(delegation.setPoint(db, secretary, bodyId, { ...p32, maxAmountOre: 90_000_000, version: p32.version })).rejects.toThrow(
      `Punkt 3.2 har ändrats av test:admin sedan du hämtade den (din version ${p32.version}, nu ${p32.version + 1}). Ladda om och gör ändringen igen.`,
    );
    await delegation.setPoint(db, secretary, bodyId, { ...p32, maxAmountOre: 100_000_000, version: changed.version });
    const client = await signIn(app, db, ['case-officer']);
    const over = await app.inject({
      method: 'POST', url: `/api/bodies/${bodyId}/delegated-decisions`, ...client,
      payload: { pointNumber: '3.3', decider: 'områdeschef för Näringslivsutveckling', decidedOn: '2020-05-02', caseNumbers: ['20RS4806'], text: 'Såddbidrag', amountOre: 60_000_000, decisionType: 'Såddbidrag' },
    });
    expect(over.statusCode).toBe(422);
    expect(over.json().error.message).toMatch(/överstiger gränsen 500\u00a0000\u00a0kronor för punkt 3\.3/);
    const unknown = await app.inject({
      method: 'POST', url: `/api/bodies/${bodyId}/delegated-decisions`, ...client,
      payload: { pointNumber: '9.9', decider: 'x', decidedOn: '2020-05-02', caseNumbers: ['20RS4806'], text: 'x' },
    });
    expect(unknown.json().error.message).toBe('Punkt 9.9 finns inte i delegationsordningen.');
    expect((await delegation.register(db, bodyId)).length).toBe(0);
  });

  it('reports every unreported decision on the next meeting in one click, and marks them reported once approved', async () => {
    const reg = (pointNumber: string, decider: string, decidedOn: string, caseNumber: string, text: string, amountOre: number | null, decisionType: string | null = null) =>
      delegation.registerDecision(db, officer, bodyId, { pointNumber, decider, decidedOn, caseNumbers: [caseNumber], text, amountOre, decisionType });
    await reg('3.3', 'områdeschef för Näringslivsutveckling', '2020-04-22', '20RS4806', 'Mikrobidrag', 5_000_000, 'Mikrobidrag');
    await reg('3.3', 'områdeschef för Näringslivsutveckling', '2020-05-12', '20RS4903', 'Såddbidrag', 20_000_000, 'Såddbidrag');
    await reg('3.3', 'områdeschef för Näringslivsutveckling', '2020-05-30', '20RS5012', 'Kommersiell service', 10_000_000, 'Kommersiell service');
    await reg('1.5', 'regional tillväxtnämnds ordförande', '2020-07-01', '20RS7061', 'Positionspapper kring TEN-E', null);
    await reg('3.2', 'förvaltningschef Regional utveckling', '2020-06-15', '20RS5938', 'Medfinansiering', 40_000_000);
    await reg('3.2', 'förvaltningschef Regional utveckling', '2020-06-15', '20RS6187', 'Medfinansiering', 30_000_000);

    const next = await meetings.createMeeting(db, secretary, { bodyId, date: '2020-09-28', startTime: '09:00', endTime: '12:00', place: 'Konferensrum Linden' });
    const report = await delegation.createReport(db, secretary, next.id);
    expect(report.lines).toEqual([
      '1. Beslut av regional tillväxtnämnds ordförande. Brådskande beslut enligt punkt 1.5 i delegationsordningen. Positionspapper kring TEN-E. Diarienummer 20RS7061.',
      '2. Beslut av förvaltningschef Regional utveckling. Regionala utvecklingsstöd enligt punkt 3.2 i delegationsordningen. Diarienummer 20RS5938 och 20RS6187.',
      '3. Beslut av områdeschef för Näringslivsutveckling. Företagsstöd enligt punkt 3.3 i delegationsordningen för perioden 2020-04-22 – 2020-05-30. Diarienummer 20RS4806 med flera.',
    ]);
    const meeting = await meetings.getMeeting(db, next.id);
    const item = meeting.items.find((i) => i.number === report.itemNumber)!;
    expect(item).toMatchObject({ title: 'Redovisning av delegationsbeslut', kind: 'delegation-report' });
    expect(item.proposal).toEqual({ addressee: 'Regional tillväxtnämnd beslutar', clauses: ['att godkänna redovisningen.'], notes: [] });
    expect(item.summary).toContain('Nu redovisas följande beslut:');
    await expect(delegation.createReport(db, secretary, next.id)).rejects.toMatchObject({ code: 'nothing-to-report' });

    // the body approves the report in its minutes; then the decisions are reported
    const body = await meetings.getBody(db, bodyId);
    await minutes.openMinutes(db, secretary, next.id);
    await minutes.setAttendance(db, secretary, next.id, { attendance: body.memberships.filter((m) => m.kind === 'member').map((m) => ({ personId: m.personId, present: true })) });
    await expect(delegation.approveReport(db, secretary, next.id, report.itemNumber)).rejects.toMatchObject({ status: 404 });
    await minutes.recordDecision(db, secretary, next.id, report.itemNumber, { outcome: 'according-to-proposal' });
    expect(await delegation.approveReport(db, secretary, next.id, report.itemNumber)).toBe(6);
    expect((await delegation.register(db, bodyId)).every((d) => d.reportedOn === '2020-09-28')).toBe(true);
    expect(await delegation.register(db, bodyId, { unreported: true })).toEqual([]);
  });
});

/**
 * The demo's anmälningsärenden (issue 21.6): after seed 003 is imported,
 * item 12 of 2020-02-14 lists the three delegated decisions its memo reports
 * under point 3.2, each in the register with the letter's day, case number
 * and "dock högst" amount, tied to the item; a second load changes nothing,
 * and a point 3.2 the region has set itself is kept.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropTestSchemas, testDatabases, useApp } from '../helpers/db.ts';
import type { Db } from '../../src/db/index.ts';
import { SYSTEM } from '../../src/access/model.ts';
import { importKallelse } from '../../src/importer/service.ts';
import * as meetings from '../../src/meetings/service.ts';
import * as delegation from '../../src/delegation/service.ts';
import { loadNotificationsDemo } from '../../src/delegation/demo.ts';

const seed = (name: string) => readFileSync(new URL(`../../seeds/${name}`, import.meta.url), 'utf8');

afterAll(dropTestSchemas);

describe.each(testDatabases)('demo anmälningsärenden on $name', (tdb) => {
  let db: Db;
  useApp(tdb, (d) => {
    db = d;
  });
  let bodyId: number;

  beforeAll(async () => {
    await importKallelse(db, SYSTEM, { fileName: '003.txt', text: seed('003_f8eb7d47c03ea706.txt') });
    bodyId = (await meetings.listMeetings(db)).find((m) => m.date === '2020-02-14')!.bodyId;
    // the region's own point 3.2, with a limit the seeds do not give
    await delegation.setPoint(db, SYSTEM, bodyId, { number: '3.2', title: 'Regionala utvecklingsstöd', delegate: 'förvaltningschef Regional utveckling', maxAmountOre: 100_000_000, decisionTypes: [] });
  });

  it('lists seed 003 item 12\'s three decisions under point 3.2', async () => {
    const r = await loadNotificationsDemo(db);
    expect(r.decisionIds).toHaveLength(3);
    const reg = await delegation.register(db, bodyId);
    expect(reg.map((d) => [d.pointNumber, d.decidedOn, d.caseNumbers, d.amountOre, d.reportItemId])).toEqual([
      ['3.2', '2019-11-18', ['19RS9282'], 43_200_000, r.itemId],
      ['3.2', '2019-12-09', ['19RS9565'], 13_772_500, r.itemId],
      ['3.2', '2020-01-13', ['19RS10387'], 20_000_000, r.itemId],
    ]);
    expect(reg[0]!.decider).toBe('förvaltningschef Regional utveckling');
    expect((await delegation.findPoint(db, bodyId, '3.2'))!.maxAmountOre).toBe(100_000_000);

    const feb = await meetings.getMeeting(db, (await meetings.listMeetings(db)).find((m) => m.date === '2020-02-14')!.id);
    const item = feb.items.find((i) => i.id === r.itemId)!;
    expect(item).toMatchObject({ number: 12, kind: 'delegation-report', caseNumber: '19RS10494' });
    expect(item.subItems.map((s) => s.caseNumber)).toEqual(['19RS9282', '19RS9565', '19RS10387']);
    expect(item.subItems[1]!.title).toMatch(/^Beslut av förvaltningschef Regional utveckling\. Regionala utvecklingsstöd enligt punkt 3\.2 i delegationsordningen\. Medfinansiering av Cykelområde Kottaberget/);
  });

  it('changes nothing when loaded again', async () => {
    const before = await delegation.register(db, bodyId);
    const audits = await db.kysely.selectFrom('audit_log').select('id').execute();
    const again = await loadNotificationsDemo(db);
    expect(again.decisionIds).toEqual(before.map((d) => d.id));
    expect(await delegation.register(db, bodyId)).toEqual(before);
    expect(await db.kysely.selectFrom('audit_log').select('id').execute()).toHaveLength(audits.length);
  });
});

import { afterAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { dropTestSchemas, testDatabases } from '../helpers/db.ts';
import { registerCase, getCase, listCases, ensureCases } from '../../src/diarium/service.ts';
import { nextSerial } from '../../src/diarium/store.ts';
import { DomainError } from '../../src/kernel/errors.ts';

const actor = { id: 'test', roles: ['case-officer'] as const };

afterAll(dropTestSchemas);

describe.each(testDatabases)('diarium on $name', (tdb) => {
  it('gives 50 parallel registrations 50 distinct consecutive serials', async () => {
    const db = await tdb.open();
    try {
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) => registerCase(db, actor, { title: `Ärende ${i}`, registeredOn: '2026-03-01' })),
      );
      const serials = results.map((r) => r.serial).sort((a, b) => a - b);
      expect(new Set(serials).size).toBe(50);
      expect(serials).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
      expect(results.every((r) => r.caseNumber === `26RS${r.serial}`)).toBe(true);
      // another year and another series count on their own
      expect((await registerCase(db, actor, { title: 'Nytt år', registeredOn: '2027-01-02' })).caseNumber).toBe('27RS1');
      expect((await registerCase(db, actor, { title: 'Annan serie', series: 'ab', registeredOn: '2026-05-05' })).caseNumber).toBe('26AB1');
    } finally {
      await db.close();
    }
  });

  it('gives a number back when its registration is rolled back (no gaps)', async () => {
    const db = await tdb.open();
    try {
      await registerCase(db, actor, { title: 'Första', registeredOn: '2025-01-10' });
      await expect(
        db.tx(async (trx) => {
          expect(await nextSerial(trx, 2025, 'RS')).toBe(2);
          throw new Error('avbruten');
        }),
      ).rejects.toThrow('avbruten');
      expect((await registerCase(db, actor, { title: 'Andra', registeredOn: '2025-02-01' })).caseNumber).toBe('25RS2');
    } finally {
      await db.close();
    }
  });

  it('continues after numbers imported from legacy papers and keeps their titles', async () => {
    const db = await tdb.open();
    try {
      await db.tx((trx) =>
        ensureCases(trx, actor, [
          { caseNumber: '20RS6567', title: 'Delårsrapport januari-juli 2020' },
          { caseNumber: '20rs6567', title: 'Annan rubrik' },
          { caseNumber: '19RS10494', title: 'Redovisning av delegationsbeslut' },
        ]),
      );
      const next = await registerCase(db, actor, { title: 'Efter import', registeredOn: '2020-09-01' });
      expect(next.caseNumber).toBe('20RS6568');
      const imported = await getCase(db, '20RS6567');
      expect(imported.title).toBe('Delårsrapport januari-juli 2020');
      expect(imported.origin).toBe('imported');
      expect(imported.registeredOn).toBeNull();
      const page = await listCases(db, { q: '19RS104' });
      expect(page.items.map((c) => c.caseNumber)).toEqual(['19RS10494']);
    } finally {
      await db.close();
    }
  });

  it('refuses bad input with Swedish messages and writes nothing', async () => {
    const db = await tdb.open();
    try {
      const bad = [
        { title: '' },
        { title: '   ' },
        { title: 'x'.repeat(501) },
        { title: 'Ok', series: 'R1' },
        { title: 'Ok', registeredOn: '2020-02-30' },
        { title: 'Ok', registeredOn: '1999-12-31' },
      ];
      for (const input of bad) {
        const err = await registerCase(db, actor, input).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(DomainError);
        expect((err as DomainError).message).toMatch(/[åäöÅÄÖ]|måste|ogiltig|ska/i);
      }
      expect((await listCases(db, {})).total).toBe(0);
      await expect(getCase(db, '20RS99')).rejects.toMatchObject({ code: 'not-found', status: 404 });
      await expect(getCase(db, 'nonsens')).rejects.toMatchObject({ code: 'invalid-case-number' });
    } finally {
      await db.close();
    }
  });

  it('keeps the audit log append-only', async () => {
    const db = await tdb.open();
    try {
      await registerCase(db, actor, { title: 'Granskas', registeredOn: '2026-01-01' });
      const entries = await db.kysely.selectFrom('audit_log').selectAll().execute();
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({ actor: 'test', action: 'case.register', entity: 'case', entity_id: '26RS1' });
      await expect(sql`update audit_log set actor = 'x'`.execute(db.kysely)).rejects.toThrow(/endast för tillägg/);
      await expect(sql`delete from audit_log`.execute(db.kysely)).rejects.toThrow(/endast för tillägg/);
    } finally {
      await db.close();
    }
  });
});

/**
 * Twenty clients at once over real HTTP: registering cases (distinct,
 * consecutive numbers) and editing the same minutes with the same version
 * (one wins; every other client is told, in Swedish, who changed it; no
 * lost update). On PGlite and PostgreSQL.
 */
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { dropTestSchemas, testDatabases } from '../helpers/db.ts';
import { actorWith, signIn, type Client } from '../helpers/auth.ts';
import type { Db } from '../../src/db/index.ts';
import { buildApp } from '../../src/http/app.ts';
import { importKallelse } from '../../src/importer/service.ts';
import * as meetings from '../../src/meetings/service.ts';
import * as minutes from '../../src/minutes/service.ts';

afterAll(dropTestSchemas);

describe.each(testDatabases)('20 clients at once on $name', (tdb) => {
  let db: Db;
  let app: FastifyInstance;
  let base: string;
  const clients: Client[] = [];

  beforeAll(async () => {
    db = await tdb.open();
    app = await buildApp({ db });
    await importKallelse(db, actorWith('secretary'), { fileName: '003.txt', text: readFileSync(new URL('../../seeds/003_f8eb7d47c03ea706.txt', import.meta.url), 'utf8') });
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    for (let i = 0; i < 20; i++) clients.push(await signIn(app, db, ['secretary']));
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  const call = (c: Client, method: string, path: string, body: unknown) =>
    fetch(`${base}${path}`, { method, headers: { ...c.headers, 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('registers 20 cases at once with distinct consecutive numbers', async () => {
    const res = await Promise.all(clients.map((c, i) => call(c, 'POST', '/api/cases', { title: `Samtidigt ärende ${i}`, registeredOn: '2027-03-01' })));
    expect(res.map((r) => r.status)).toEqual(Array(20).fill(201));
    const serials = (await Promise.all(res.map((r) => r.json() as Promise<{ serial: number }>))).map((c) => c.serial).sort((a, b) => a - b);
    expect(serials).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it('lets exactly one of 20 edits of the same minutes version win and tells the others', async () => {
    const m = (await meetings.listMeetings(db))[0]!;
    const view = await minutes.openMinutes(db, actorWith('secretary'), m.id);
    const members = (await meetings.getBody(db, m.bodyId)).memberships.filter((x) => x.kind === 'member');
    // each client marks a different member absent
    const res = await Promise.all(
      clients.map((c, i) =>
        call(c, 'PUT', `/api/meetings/${m.id}/minutes/attendance`, {
          version: view.version,
          attendance: members.map((x, k) => ({ personId: x.personId, present: k !== i % members.length })),
        }),
      ),
    );
    const statuses = res.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    const winner = statuses.indexOf(200);
    for (const r of res.filter((x) => x.status === 409)) {
      expect(((await r.json()) as { error: { message: string } }).error.message).toMatch(/^Protokollet har ändrats av user:testare\d+\.secretary sedan du hämtade det/);
    }
    // no lost update: the stored attendance is the winner's
    const after = await minutes.getMinutes(db, m.id);
    const absent = after.attendance.filter((a) => !a.present).map((a) => a.personId);
    expect(absent).toEqual([members[winner % members.length]!.personId]);
    expect(after.version).toBe(view.version + 1);
  });
});

import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { dropTestSchemas, testDatabases } from '../helpers/db.ts';
import { actorWith, signIn } from '../helpers/auth.ts';
import type { Db } from '../../src/db/index.ts';
import { buildApp } from '../../src/http/app.ts';
import { importKallelse } from '../../src/importer/service.ts';

const seed = (name: string) => readFileSync(new URL(`../../seeds/${name}`, import.meta.url), 'utf8');
afterAll(dropTestSchemas);

describe.each(testDatabases)('the business support register on $name', (tdb) => {
  let db: Db;
  let app: FastifyInstance;
  beforeAll(async () => {
    db = await tdb.open();
    app = await buildApp({ db });
    for (const f of ['003_f8eb7d47c03ea706.txt', '000_97425d05012e62df.txt']) await importKallelse(db, actorWith('secretary'), { fileName: f, text: seed(f) });
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  it('is filled from the delegation reports of the imported kallelser', async () => {
    const r = (await app.inject('/api/business-support?from=2020-04-01&to=2020-06-30')).json();
    expect(r.rows).toHaveLength(20);
    expect(r.totals).toMatchObject({ rows: 20, granted: 17, rejected: 3, sumGrantedOre: 358_898_100 });
    expect(r.totals.byGender.K).toEqual({ granted: 7, sumOre: 24_728_000 });
    const all = (await app.inject('/api/business-support')).json();
    expect(all.rows).toHaveLength(32);
    expect(all.totals.sumGrantedOre).toBe(358_898_100 + 106_412_600);
    const bad = await app.inject('/api/business-support?from=2020-06-30&to=2020-04-01');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toBe('Från-datumet måste vara före till-datumet.');
  });

  it("masks sole traders' names for the public, not for members", async () => {
    const pub = (await app.inject('/api/business-support?from=2020-04-01&to=2020-06-30')).body;
    expect(pub).not.toContain('Kerstin Önnebo');
    expect(pub.match(/Enskild näringsidkare/g)).toHaveLength(4);
    expect(pub).toContain('Carmentus AB');
    const member = await signIn(app, db, ['member']);
    expect((await app.inject({ url: '/api/business-support?from=2020-04-01&to=2020-06-30', ...member })).body).toContain('Kerstin Önnebo');
  });
});

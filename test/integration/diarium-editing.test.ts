/**
 * Diarium where the agenda needs it (issue 14.3), through the routes on both
 * databases: a case registered under the number it already has, its
 * ärendemening, handläggare and status edited at the version seen, and links
 * between cases – each audited, each refusal Swedish with nothing saved.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { dropTestSchemas, testDatabases } from '../helpers/db.ts';
import { signIn, type Client } from '../helpers/auth.ts';
import type { Db } from '../../src/db/index.ts';
import { buildApp } from '../../src/http/app.ts';
import type { CaseDetail } from '../../src/http/contract.ts';

afterAll(dropTestSchemas);

describe.each(testDatabases)('diarium editing on $name', (tdb) => {
  let db: Db;
  let app: FastifyInstance;
  let officer: Client;
  let member: Client;

  beforeAll(async () => {
    db = await tdb.open();
    app = await buildApp({ db });
    officer = await signIn(app, db, ['case-officer']);
    member = await signIn(app, db, ['member']);
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  const register = (payload: object, who = officer) => app.inject({ method: 'POST', url: '/api/cases', headers: who.headers, payload });
  const get = async (dnr: string) => (await app.inject({ url: `/api/cases/${dnr}` })).json() as CaseDetail;
  const auditOf = (dnr: string) => db.kysely.selectFrom('audit_log').select('action').where('entity', '=', 'case').where('entity_id', '=', dnr).orderBy('id').execute();

  it('registers a case under the number it has from another system, and later numbers continue after it', async () => {
    const res = await register({ title: 'Ansökan om medfinansiering, Smart tillväxt', caseNumber: '19rs 4711', registeredOn: '2019-11-02', officer: 'Anna Handläggare' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ caseNumber: '19RS4711', officer: 'Anna Handläggare', status: 'open', statusLabel: 'Öppet', version: 1 });
    const next = await register({ title: 'Nästa ärende', registeredOn: '2019-12-01' });
    expect(next.json().caseNumber).toBe('19RS4712');
    const again = await register({ title: 'Dubblett', caseNumber: '19RS4711' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toMatch(/19RS4711 finns redan/);
    const bad = await register({ title: 'Fel', caseNumber: 'RS-4711' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(/inte ett diarienummer/);
    expect((await auditOf('19RS4711')).map((a) => a.action)).toEqual(['case.register-existing']);
  });

  it('edits ärendemening, handläggare and status at the version seen', async () => {
    const put = (dnr: string, payload: object, who = officer) => app.inject({ method: 'PUT', url: `/api/cases/${dnr}`, headers: who.headers, payload });
    const res = await put('19RS4711', { version: 1, title: 'Medfinansiering av Smart tillväxt 2020–2022', officer: 'Bo Handläggare' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ title: 'Medfinansiering av Smart tillväxt 2020–2022', officer: 'Bo Handläggare', version: 2 });
    const stale = await put('19RS4711', { version: 1, title: 'Gammal' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.message).toMatch(/har ändrats av .+ sedan du hämtade/);
    expect((await get('19RS4711')).title).toBe('Medfinansiering av Smart tillväxt 2020–2022');

    const closed = await put('19RS4711', { version: 2, status: 'closed', closedOn: '2023-06-30' });
    expect(closed.json()).toMatchObject({ status: 'closed', statusLabel: 'Avslutat', closedOn: '2023-06-30', version: 3 });
    const early = await put('19RS4711', { version: 3, closedOn: '2018-01-01' });
    expect(early.statusCode).toBe(400);
    expect(early.json().error.message).toMatch(/före registreringen/);
    const reopened = await put('19RS4711', { version: 3, status: 'open' });
    expect(reopened.json()).toMatchObject({ status: 'open', closedOn: null, version: 4 });
    const empty = await put('19RS4711', { version: 4, title: '   ' });
    expect(empty.statusCode).toBe(400);
    expect((await put('19RS4711', { version: 4, title: 'X' }, member)).statusCode).toBe(403);
    expect((await auditOf('19RS4711')).filter((a) => a.action === 'case.update')).toHaveLength(3);
  });

  it('links an extension to its original case, shown from both sides, and removes the link', async () => {
    const ext = (await register({ title: 'Förlängning av Smart tillväxt', registeredOn: '2022-03-01' })).json() as CaseDetail;
    const link = await app.inject({ method: 'POST', url: `/api/cases/${ext.caseNumber}/links`, headers: officer.headers, payload: { caseNumber: '19RS4711', kind: 'extends' } });
    expect(link.statusCode, link.body).toBe(201);
    expect((await get(ext.caseNumber)).links).toEqual([expect.objectContaining({ caseNumber: '19RS4711', kind: 'extends', label: 'Fortsättning på' })]);
    expect((await get('19RS4711')).links).toEqual([expect.objectContaining({ caseNumber: ext.caseNumber, label: 'Fortsätts i' })]);
    const twice = await app.inject({ method: 'POST', url: `/api/cases/19RS4711/links`, headers: officer.headers, payload: { caseNumber: ext.caseNumber, kind: 'related' } });
    expect(twice.statusCode).toBe(409);
    const self = await app.inject({ method: 'POST', url: `/api/cases/19RS4711/links`, headers: officer.headers, payload: { caseNumber: '19RS4711', kind: 'related' } });
    expect(self.json().error.message).toMatch(/sig självt/);
    const missing = await app.inject({ method: 'POST', url: `/api/cases/19RS4711/links`, headers: officer.headers, payload: { caseNumber: '19RS999999', kind: 'related' } });
    expect(missing.statusCode).toBe(404);
    const gone = await app.inject({ method: 'DELETE', url: `/api/cases/19RS4711/links/${ext.caseNumber}`, headers: officer.headers });
    expect(gone.statusCode, gone.body).toBe(200);
    expect((await get(ext.caseNumber)).links).toEqual([]);
    expect((await app.inject({ method: 'DELETE', url: `/api/cases/19RS4711/links/${ext.caseNumber}`, headers: officer.headers })).statusCode).toBe(404);
  });
});

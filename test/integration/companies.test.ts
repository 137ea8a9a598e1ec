/**
 * Owned companies and foundations through the routes (issue 21.3), on PGlite
 * and PostgreSQL: Almi Företagspartner Mälardalen AB in the demo with no
 * share (the seeds state none), a company with the region's share, an owner
 * directive uploaded as a PDF (stored by content hash) and an agreement by
 * reference with their validity, the reports expected per year and their
 * arrival, version locks, roles, what the public sees, the audit log, and the
 * papers that refer to the company.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { PDFDocument } from 'pdf-lib';
import { dropTestSchemas, testDatabases } from '../helpers/db.ts';
import { signIn, type Client } from '../helpers/auth.ts';
import type { Db } from '../../src/db/index.ts';
import { buildApp } from '../../src/http/app.ts';
import { importKallelse } from '../../src/importer/service.ts';
import { loadCompaniesDemo } from '../../src/companies/demo.ts';
import type { CompanyReference, CompanySummary, CompanyView } from '../../src/companies/service.ts';
import { todayInStockholm } from '../../src/kernel/dates.ts';

process.env.FILES_DIR = mkdtempSync(path.join(tmpdir(), 'styrbord-companies-'));
const SEED_000 = readFileSync(new URL('../../seeds/000_97425d05012e62df.txt', import.meta.url), 'utf8');
const secretaryActor = { id: 'sekreterare', roles: ['secretary'] as const };
afterAll(dropTestSchemas);

async function pdf(text: string): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const page = doc.addPage();
  page.drawText(text, { x: 50, y: 700 });
  return Buffer.from(await doc.save());
}

describe.each(testDatabases)('owned companies on $name', (tdb) => {
  let db: Db;
  let app: FastifyInstance;
  let officer: Client;
  let member: Client;
  let almi: number;

  beforeAll(async () => {
    db = await tdb.open();
    app = await buildApp({ db });
    await importKallelse(db, secretaryActor, { fileName: '000.txt', text: SEED_000 });
    almi = (await loadCompaniesDemo(db)).almi;
    officer = await signIn(app, db, ['case-officer']);
    member = await signIn(app, db, ['member']);
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  const send = (method: 'POST' | 'PUT' | 'DELETE', url: string, who: Client, payload?: object) => app.inject({ method, url, ...who, ...(payload ? { payload } : {}) });
  const get = async (id: number, who?: Client) => {
    const res = await app.inject({ method: 'GET', url: `/api/bolag/${id}`, ...(who ?? {}) });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as CompanyView;
  };

  it('holds Almi Företagspartner Mälardalen AB, without a share the seeds do not state, and finds the papers that name it', async () => {
    const c = await get(almi, member);
    expect(c).toMatchObject({ name: 'Almi Företagspartner Mälardalen AB', kind: 'bolag', shareBp: null, shareLabel: null, orgNumber: null, aliases: ['Almi'], documents: [], reports: [] });
    expect(await loadCompaniesDemo(db)).toEqual({ almi });
    const res = await app.inject({ method: 'GET', url: `/api/bolag/${almi}/referenser`, ...member });
    expect(res.statusCode, res.body).toBe(200);
    const refs = res.json() as CompanyReference[];
    // seed 000 item 4: "att Almi Företagspartner Mälardalen AB beviljas 13 procent …" (in the proposal, not the title)
    const smart = refs.find((r) => r.itemId !== null && r.title.endsWith('Medfinansiering av Smart tillväxt 2021 - 2023'));
    expect(smart, JSON.stringify(refs)).toMatchObject({ kind: 'text', meetingDate: '2020-08-24', itemNumber: 4, matched: expect.stringMatching(/Almi/) });
    expect(smart!.snippet).toMatch(/Almi/);
    expect(refs.every((r) => r.meetingDate === null || r.meetingDate === '2020-08-24')).toBe(true);
    // staff only
    expect((await app.inject({ method: 'GET', url: `/api/bolag/${almi}/referenser` })).statusCode).toBe(401);
  });

  it('registers a company with the region\'s share, its directive as a PDF and an agreement by reference, and the reports expected of it', async () => {
    expect((await send('POST', '/api/bolag', member, { name: 'Testbolaget AB', kind: 'bolag' })).statusCode).toBe(403);
    let res = await send('POST', '/api/bolag', officer, { name: 'Länsbolaget AB', kind: 'bolag', share: '100,5' });
    expect(res.json().error).toMatchObject({ code: 'company-invalid-share', message: 'Ägarandelen kan inte vara mer än 100 procent.' });
    res = await send('POST', '/api/bolag', officer, { name: 'Länsbolaget AB', kind: 'bolag', share: '33,33', orgNumber: '556000-0000', aliases: 'Länsbolaget' });
    expect(res.json().error.code).toBe('invalid-org-number');
    res = await send('POST', '/api/bolag', officer, { name: 'Länsbolaget AB', kind: 'bolag', share: '33,33', aliases: 'Länsbolaget' });
    expect(res.statusCode, res.body).toBe(201);
    let c = res.json() as CompanyView;
    expect(c).toMatchObject({ shareBp: 3333, shareLabel: '33,33\u00a0%', aliases: ['Länsbolaget'] });

    // an owner directive as a PDF: stored by its hash, downloadable by staff
    const bytes = await pdf('Agaranvisning for Lansbolaget AB 2020');
    res = await send('POST', `/api/bolag/${c.id}/handlingar`, officer, { version: c.version, kind: 'ägaranvisning', title: 'Ägaranvisning 2020', validFrom: '2020-01-01', fileBase64: bytes.toString('base64'), fileName: 'agaranvisning-2020.pdf' });
    expect(res.statusCode, res.body).toBe(201);
    c = res.json();
    const directive = c.documents[0]!;
    expect(directive).toMatchObject({ kind: 'ägaranvisning', kindLabel: 'Ägaranvisning', validFrom: '2020-01-01', validTo: null, validity: 'current', file: { name: 'agaranvisning-2020.pdf', byteSize: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') } });
    const file = await app.inject({ method: 'GET', url: `/api/bolag/${c.id}/handlingar/${directive.id}/fil`, ...member });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(Buffer.compare(file.rawPayload, bytes)).toBe(0);
    // not a PDF: refused, nothing saved; the old version: refused
    res = await send('POST', `/api/bolag/${c.id}/handlingar`, officer, { version: c.version, kind: 'ägaranvisning', title: 'X', validFrom: '2021-01-01', fileBase64: Buffer.from('hej').toString('base64') });
    expect(res.json().error).toMatchObject({ code: 'company-invalid-file', message: 'Filen är inte en PDF.' });
    res = await send('POST', `/api/bolag/${c.id}/handlingar`, officer, { version: c.version - 1, kind: 'finansieringsavtal', title: 'X', validFrom: '2021-01-01', reference: 'x' });
    expect(res.statusCode).toBe(409);

    // a new directive ends the open-ended one the day before; an overlapping agreement is refused
    res = await send('POST', `/api/bolag/${c.id}/handlingar`, officer, { version: c.version, kind: 'ägaranvisning', title: 'Ägaranvisning 2022', validFrom: '2022-01-01', reference: 'Regionfullmäktige 2021-12-08 § 201' });
    expect(res.statusCode, res.body).toBe(201);
    c = res.json();
    expect(c.documents.filter((d) => d.kind === 'ägaranvisning').map((d) => [d.title, d.validFrom, d.validTo, d.validity])).toEqual([
      ['Ägaranvisning 2022', '2022-01-01', null, '2022-01-01' <= todayInStockholm() ? 'current' : 'future'],
      ['Ägaranvisning 2020', '2020-01-01', '2021-12-31', 'expired'],
    ]);
    res = await send('POST', `/api/bolag/${c.id}/handlingar`, officer, { version: c.version, kind: 'finansieringsavtal', title: 'Finansieringsavtal 2020–2022', validFrom: '2020-01-01', validTo: '2022-12-31', reference: '19RS1234' });
    c = res.json();
    res = await send('POST', `/api/bolag/${c.id}/handlingar`, officer, { version: c.version, kind: 'finansieringsavtal', title: 'Finansieringsavtal 2022–2024', validFrom: '2022-01-01', validTo: '2024-12-31', reference: 'x' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('company-document-overlap');

    // reports per year: expected, then arrived
    res = await send('PUT', `/api/bolag/${c.id}/rapporter`, officer, { version: c.version, year: 2020, kind: 'Årsredovisning', dueOn: '2021-04-30' });
    expect(res.statusCode, res.body).toBe(200);
    c = res.json();
    expect(c.reports).toMatchObject([{ year: 2020, kind: 'Årsredovisning', dueOn: '2021-04-30', receivedOn: null, status: 'late', statusLabel: 'Försenad' }]);
    expect(c.openReports).toBe(1);
    res = await send('PUT', `/api/bolag/${c.id}/rapporter`, officer, { version: c.version, year: 2020, kind: 'Årsredovisning', dueOn: '2021-04-30', receivedOn: '2021-05-03' });
    c = res.json();
    expect(c.reports).toMatchObject([{ receivedOn: '2021-05-03', status: 'received' }]);
    expect(c.openReports).toBe(0);

    // the public: the company, its share and documents' titles and periods; no file, no reports
    const pub = await get(c.id);
    expect(pub).toMatchObject({ shareBp: 3333, reports: [], note: null });
    expect(pub.documents.every((d) => d.file === null)).toBe(true);
    expect(pub.documents.find((d) => d.title === 'Ägaranvisning 2020')!.hasFile).toBe(true);
    expect((await app.inject({ method: 'GET', url: `/api/bolag/${c.id}/handlingar/${directive.id}/fil` })).statusCode).toBe(401);
    expect(((await app.inject({ method: 'GET', url: '/api/bolag' })).json() as CompanySummary[]).map((x) => x.name)).toEqual(['Almi Företagspartner Mälardalen AB', 'Länsbolaget AB']);

    const log = await db.kysely.selectFrom('audit_log').select(['action']).where('entity', '=', 'owned_company').where('entity_id', '=', String(c.id)).orderBy('id').execute();
    expect(log.map((l) => l.action)).toEqual(['company.create', 'company.document-add', 'company.document-add', 'company.document-add', 'company.report', 'company.report']);
  });
});

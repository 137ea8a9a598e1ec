/**
 * The business-support register (issue 16.6) on PGlite and (with
 * DATABASE_URL) PostgreSQL: the register read from the seeds' delegation
 * reports, filtered and summed; manual entry and correction with audit and
 * versions; natural persons masked for the public; the import of the national
 * system's export (preview writes nothing, confirmation all or nothing, every
 * row accounted for); register decisions committing the appropriation's
 * business-support line without double counting; the delegation list.
 */
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { dropTestSchemas, testDatabases } from '../helpers/db.ts';
import { actorWith, signIn, type Client } from '../helpers/auth.ts';
import type { Db } from '../../src/db/index.ts';
import { buildApp } from '../../src/http/app.ts';
import { importKallelse } from '../../src/importer/service.ts';
import { pdfPages } from '../../src/importer/pdfText.ts';
import type { ImportPreview, RegisterView, SupportEntryView } from '../../src/funding/supportService.ts';

const kr = (n: number) => n * 100;
const seed = (name: string) => readFileSync(new URL(`../../seeds/${name}`, import.meta.url), 'utf8');
const SEEDS = ['003_f8eb7d47c03ea706.txt', '000_97425d05012e62df.txt'];
afterAll(dropTestSchemas);

const ENTRY = {
  nypsId: 'Regt-900-25', caseNumber: '25RS0900', supportType: 'Mikrobidrag', company: 'Sigrid Lönnqvist', sector: 'Besöksnäring', gender: 'K',
  municipality: 'Nora', decidedOn: '2025-03-14', rejected: false, amountOre: kr(80_000), decider: 'Anna Andersson',
} as const;

const csv = (rows: string[][]) => Buffer.from(`\ufeff${rows.map((r) => r.join(';')).join('\r\n')}\r\n`, 'utf8').toString('base64');
const HEAD = ['Ärende-id', 'Dnr', 'Stödtyp', 'Stödmottagare', 'Organisationsnummer', 'Bransch', 'Kön', 'Kommun', 'Beslut', 'Beviljat belopp', 'Avslagsskäl', 'Beslutsfattare', 'Beslutsdatum', 'Handläggarens anteckning'];

describe.each(testDatabases)('the business-support register on $name', (tdb) => {
  let db: Db;
  let app: FastifyInstance;
  let officer: Client;
  let sec: Client;
  let member: Client;
  let entry: SupportEntryView;
  const get = (url: string, c: Client | null = null) => app.inject({ method: 'GET', url, ...(c ?? {}) });
  const send = (method: 'POST' | 'PUT', url: string, c: Client | null, payload: unknown) => app.inject({ method, url, ...(c ?? {}), payload: payload as object });
  const reg = async (qs = '', c: Client | null = sec) => (await get(`/api/business-support/decisions${qs}`, c)).json() as RegisterView;
  const appropriation = async (year: number) => (await get(`/api/appropriations/${year}`, sec)).json() as { summary: { rows: Array<{ line: string; committedOre: number }>; remainingOre: number }; commitments: Array<{ line: string; amountOre: number; text: string; override: { reason: string } | null }> };
  const supportCommitted = async (year: number) => (await appropriation(year)).summary.rows.find((r) => r.line === 'business-support')!.committedOre;
  const auditCount = async () => Number((await db.kysely.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    db = await tdb.open();
    app = await buildApp({ db });
    for (const f of SEEDS) await importKallelse(db, actorWith('secretary'), { fileName: f, text: seed(f) });
    officer = await signIn(app, db, ['case-officer']);
    sec = await signIn(app, db, ['secretary']);
    member = await signIn(app, db, ['member']);
    for (const [year, total] of [[2020, 50_000_000], [2025, 1_000_000], [2024, 100_000]] as const) {
      expect((await send('PUT', `/api/appropriations/${year}`, sec, { totalOre: kr(total) })).statusCode).toBe(200);
    }
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  it('the delegation reports\' granted decisions commit the 2020 appropriation\'s business-support line, once each', async () => {
    const everything = await reg();
    expect(everything.rows).toHaveLength(32);
    expect(everything.totals.sumGrantedOre).toBe(358_898_100 + 106_412_600);
    const all = await reg('?year=2020');
    expect(all.rows.length).toBeGreaterThan(0);
    expect(all.rows.every((r) => r.periodTo.startsWith('2020'))).toBe(true);
    expect(await supportCommitted(2020)).toBe(all.totals.sumGrantedOre);
    expect((await appropriation(2020)).commitments.filter((c) => c.line === 'business-support')).toHaveLength(all.totals.granted);
    // importing the same kallelse again does not count them twice
    await importKallelse(db, actorWith('secretary'), { fileName: SEEDS[0]!, text: seed(SEEDS[0]!) });
    expect(await supportCommitted(2020)).toBe(all.totals.sumGrantedOre);
    // a typed commitment for business support is refused: the register commits it
    const typed = await send('POST', '/api/appropriations/2020/commitments', sec, { line: 'business-support', amountOre: kr(1_000), committedOn: '2020-12-31', text: 'Företagsstöd' });
    expect(typed.statusCode).toBe(422);
    expect(typed.json().error.code).toBe('business-support-from-register');
  });

  it('filters by year, support type, kommun, K/M and outcome, and sums what it shows', async () => {
    const all = (await reg()).rows;
    expect((await reg()).facets.years).toContain(2020);
    const cases: Array<[string, (r: (typeof all)[number]) => boolean]> = [
      ['?outcome=rejected', (r) => r.rejected],
      ['?outcome=granted&gender=K', (r) => !r.rejected && r.gender === 'K'],
      ['?gender=none', (r) => r.gender === null],
      [`?municipality=${encodeURIComponent('Örebro')}&year=2020`, (r) => r.municipality === 'Örebro' && r.year === 2020],
      [`?supportType=${encodeURIComponent('Omställningscheck')}`, (r) => r.supportType === 'Omställningscheck'],
    ];
    for (const [qs, keep] of cases) {
      const v = await reg(qs);
      const expected = all.filter(keep);
      expect(expected.length, qs).toBeGreaterThan(0);
      expect(v.rows.map((r) => r.id), qs).toEqual(expected.map((r) => r.id));
      expect(v.totals.sumGrantedOre, qs).toBe(expected.reduce((s, r) => s + (r.rejected ? 0 : r.amountOre!), 0));
    }
    expect((await get('/api/business-support/decisions?gender=X')).statusCode).toBe(400);
  });

  it('a decision entered by hand: audited, committed, the natural person masked for the public', async () => {
    expect((await send('POST', '/api/business-support/decisions', member, ENTRY)).statusCode).toBe(403);
    expect((await send('POST', '/api/business-support/decisions', null, ENTRY)).statusCode).toBe(401);
    const bad = await send('POST', '/api/business-support/decisions', officer, { ...ENTRY, decidedOn: '2099-01-01', amountOre: null });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toBe('Beslutsdatum 2099-01-01 ligger i framtiden (ange dagen beslutet fattades); beviljat stöd utan belopp.');
    const r = await send('POST', '/api/business-support/decisions', officer, ENTRY);
    expect(r.statusCode, r.body).toBe(201);
    entry = r.json();
    expect(entry).toMatchObject({ source: 'manual', version: 1, naturalPerson: true, year: 2025, commitment: { year: 2025, amountOre: kr(80_000) } });
    expect(await supportCommitted(2025)).toBe(kr(80_000));
    const logged = await db.kysely.selectFrom('audit_log').select(['action', 'actor']).where('entity', '=', 'business_support').where('entity_id', '=', String(entry.id)).execute();
    expect(logged.map((l) => l.action)).toEqual(['business-support.create']);
    // the public never sees the natural person's name
    const pub = await get('/api/business-support/decisions?year=2025');
    expect(pub.body).not.toContain('Sigrid Lönnqvist');
    expect(pub.json().rows[0].company).toBe('Enskild näringsidkare');
    expect((await get('/api/business-support')).body).not.toContain('Sigrid Lönnqvist');
    expect((await get('/api/business-support/decisions?year=2025', member)).body).toContain('Sigrid Lönnqvist');
    // the same case twice is refused
    const dup = await send('POST', '/api/business-support/decisions', officer, { ...ENTRY, caseNumber: null });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe('duplicate-support-case');
  });

  it('a correction names its version; the commitment follows it, and goes with an avslag', async () => {
    const url = `/api/business-support/decisions/${entry.id}`;
    expect((await send('PUT', url, officer, { ...ENTRY, amountOre: kr(90_000) })).statusCode).toBe(400);
    const ok = await send('PUT', url, officer, { ...ENTRY, amountOre: kr(90_000), version: 1 });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ version: 2, commitment: { amountOre: kr(90_000) } });
    const stale = await send('PUT', url, officer, { ...ENTRY, amountOre: kr(70_000), version: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('stale-version');
    expect(await supportCommitted(2025)).toBe(kr(90_000));
    const rejected = await send('PUT', url, officer, { ...ENTRY, rejected: true, amountOre: null, rejectionReason: 'Ej stödberättigande', version: 2 });
    expect(rejected.json()).toMatchObject({ version: 3, commitment: null, rejected: true });
    expect(await supportCommitted(2025)).toBe(0);
    const back = await send('PUT', url, officer, { ...ENTRY, version: 3 });
    entry = back.json();
    expect(await supportCommitted(2025)).toBe(kr(80_000));
    const actions = await db.kysely.selectFrom('audit_log').select('action').where('entity', '=', 'business_support').where('entity_id', '=', String(entry.id)).orderBy('id').execute();
    expect(actions.map((a) => a.action)).toEqual(['business-support.create', 'business-support.update', 'business-support.update', 'business-support.update']);
  });

  it('beyond what is left of the appropriation only with a reason, stored with the commitment', async () => {
    const big = { ...ENTRY, nypsId: 'Regt-901-25', caseNumber: '25RS0901', company: 'Stora Verkstaden AB', amountOre: kr(950_000) };
    const refused = await send('POST', '/api/business-support/decisions', officer, big);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.message).toBe('Anslaget för 2025 räcker inte: 920\u00a0000\u00a0kr återstår men företagsstödet 25RS0901 / Regt-901-25 på 950\u00a0000\u00a0kr binder anslaget. Ange ett uttryckligt undantag med motivering.');
    expect((await reg('?year=2025')).rows).toHaveLength(1); // nothing half-saved
    const reason = 'Återflöde väntas från avslutade projekt.';
    const ok = await send('POST', '/api/business-support/decisions', officer, { ...big, override: { reason } });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().commitment.override).toEqual({ rule: 'appropriation-exceeded', reason });
    expect((await appropriation(2025)).summary.remainingOre).toBe(kr(1_000_000 - 80_000 - 950_000));
  });

  it('an import: the preview writes nothing; the confirmation accounts for every row and writes all of it', async () => {
    const before = await reg();
    const audits = await auditCount();
    const file = csv([
      HEAD,
      // updates the manual entry (matched by its national id): a new amount
      ['Regt-900-25', '25RS0900', 'Mikrobidrag', 'Sigrid Lönnqvist', '19700101-1234', 'Besöksnäring', 'K', 'Nora', 'Beviljat', '85 000', '', 'Anna Andersson', '2025-03-14', 'x'],
      // new, a company
      ['Regt-902-25', '', 'Investeringsbidrag', 'Kumla Mek AB', '556000-1111', 'Tillverkning', 'M', 'kumla', 'Beviljat', '120000', '', 'Anna Andersson', '2025-04-01', ''],
      // new, rejected
      ['Regt-903-25', '25RS0903', 'Konsulttjänst', 'Ola Persson', '19800101-2222', 'Handel', '', 'Laxå', 'Avslag', '', 'Ej stödberättigande', 'Anna Andersson', '2025-04-02', ''],
      // refused: no date, unknown gender
      ['Regt-904-25', '', 'Mikrobidrag', 'Fel AB', '', '', 'Q', 'Nora', 'Beviljat', '10 000', '', 'Anna Andersson', '', ''],
      [],
      // unchanged: the large decision as registered
      ['Regt-901-25', '25RS0901', 'Mikrobidrag', 'Stora Verkstaden AB', '', 'Besöksnäring', 'K', 'Nora', 'Beviljat', '950 000', '', 'Anna Andersson', '2025-03-14', ''],
    ]);
    const p = await send('POST', '/api/business-support/imports/preview', officer, { fileName: 'nyps-export.csv', fileBase64: file });
    expect(p.statusCode, p.body).toBe(200);
    const preview = p.json() as ImportPreview;
    expect(preview.counts).toEqual({ rows: 5, blank: 1, create: 2, update: 1, unchanged: 1, refuse: 1 });
    expect(preview.rows.map((r) => [r.line, r.action])).toEqual([[2, 'update'], [3, 'create'], [4, 'create'], [5, 'refuse'], [7, 'unchanged']]);
    expect(preview.rows[0]!.changes).toEqual(['Belopp']);
    expect(preview.rows[3]!.reason).toBe('Beslutsdatum saknas; Kön "Q" är inte K, M eller tomt (blandat).');
    expect(preview.ignoredColumns).toEqual(['Handläggarens anteckning']);
    // +5 000 kr (update) + 120 000 kr (new) against 2025, already beyond its appropriation
    expect(preview.appropriation).toEqual([
      { year: 2025, registered: true, totalOre: kr(1_000_000), committedBeforeOre: kr(1_030_000), changeOre: kr(125_000), committedAfterOre: kr(1_155_000), remainingAfterOre: -kr(155_000), exceeded: true },
    ]);
    expect(preview.needsOverride).toBe(true);
    // nothing written by the preview
    expect((await reg()).rows.length).toBe(before.rows.length);
    expect(await auditCount()).toBe(audits);

    const confirm = (body: Record<string, unknown>) => send('POST', '/api/business-support/imports', officer, { fileName: 'nyps-export.csv', fileBase64: file, ...body });
    expect((await confirm({ digest: 'a'.repeat(64) })).statusCode).toBe(409);
    const noReason = await confirm({ digest: preview.digest });
    expect(noReason.statusCode).toBe(422);
    expect(noReason.json().error.message).toBe('Inläsningen binder mer än anslaget för 2025 (155\u00a0000\u00a0kr för mycket). Ange ett uttryckligt undantag med motivering.');
    expect((await reg()).rows.length).toBe(before.rows.length);

    const done = await confirm({ digest: preview.digest, override: { reason: 'Beslutade i det nationella systemet.' } });
    expect(done.statusCode, done.body).toBe(201);
    expect(done.json()).toMatchObject({ createdIds: [expect.any(Number), expect.any(Number)], updatedIds: [entry.id] });
    const y = await reg('?year=2025', member);
    expect(y.rows.map((r) => [r.nypsId, r.source, r.amountOre, r.naturalPerson, r.municipality])).toEqual([
      ['Regt-900-25', 'manual', kr(85_000), true, 'Nora'],
      ['Regt-901-25', 'manual', kr(950_000), false, 'Nora'],
      ['Regt-902-25', 'import', kr(120_000), false, 'Kumla'],
      ['Regt-903-25', 'import', null, true, 'Laxå'],
    ]);
    expect(await supportCommitted(2025)).toBe(kr(85_000 + 950_000 + 120_000));
    const imp = await db.kysely.selectFrom('audit_log').select('after').where('action', '=', 'business-support.import').execute();
    expect(imp).toHaveLength(1);
    expect(imp[0]!.after).toMatchObject({ fileName: 'nyps-export.csv', refused: [{ line: 5, reason: preview.rows[3]!.reason }] });
    // the same confirmation again: the plan is no longer the one previewed
    expect((await confirm({ digest: preview.digest, override: { reason: 'igen' } })).statusCode).toBe(409);
    const again = (await send('POST', '/api/business-support/imports/preview', officer, { fileName: 'nyps-export.csv', fileBase64: file })).json() as ImportPreview;
    expect(again.counts).toMatchObject({ create: 0, update: 0, unchanged: 4, refuse: 1 });
  });

  it('an xlsx export; a file without the required columns is refused whole', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Export');
    ws.addRow(['NYPS-ID', 'diarienummer', 'STÖD', 'Företag', 'K/M', 'Kommun', 'Belopp', 'Beslutad av', 'Beslutsdag']);
    ws.addRow(['Regt-905-24', '24RS0905', 'Innovationscheck', 'Nora Data AB', 'M', 'Nora', 40000, 'Bo Ek', new Date('2024-06-01T00:00:00Z')]);
    const fileBase64 = Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
    const p = (await send('POST', '/api/business-support/imports/preview', officer, { fileName: 'export.xlsx', fileBase64 })).json() as ImportPreview;
    expect(p.rows.map((r) => [r.action, r.amountOre, r.decidedOn])).toEqual([['create', kr(40_000), '2024-06-01']]);
    expect(p.needsOverride).toBe(false);
    const done = await send('POST', '/api/business-support/imports', officer, { fileName: 'export.xlsx', fileBase64, digest: p.digest });
    expect(done.statusCode, done.body).toBe(201);
    expect(await supportCommitted(2024)).toBe(kr(40_000));
    const missing = await send('POST', '/api/business-support/imports/preview', officer, { fileName: 'x.csv', fileBase64: csv([['Dnr', 'Stöd', 'Företag'], ['1', '2', '3']]) });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.code).toBe('missing-columns');
  });

  it('two confirmations of the same preview at once: one is saved, the other refused', async () => {
    const fileBase64 = csv([HEAD, ['Regt-906-24', '', 'Mikrobidrag', 'Samtidigt AB', '', '', 'M', 'Nora', 'Beviljat', '1 000', '', 'Bo Ek', '2024-07-01', '']]);
    const p = (await send('POST', '/api/business-support/imports/preview', officer, { fileName: 'a.csv', fileBase64 })).json() as ImportPreview;
    const both = await Promise.all([1, 2].map(() => send('POST', '/api/business-support/imports', officer, { fileName: 'a.csv', fileBase64, digest: p.digest })));
    expect(both.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    expect((await reg('?year=2024')).rows.filter((r) => r.nypsId === 'Regt-906-24')).toHaveLength(1);
    expect(await supportCommitted(2024)).toBe(kr(40_000 + 1_000));
  });

  it('a corrected delegation-report row survives a new import of its kallelse', async () => {
    const row = (await reg('?year=2020', sec)).rows.find((r) => r.caseNumber === '20RS4806')!;
    expect(row.source).toBe('delegation-report');
    const fixed = await send('PUT', `/api/business-support/decisions/${row.id}`, sec, {
      nypsId: row.nypsId, caseNumber: row.caseNumber, supportType: row.supportType, company: row.company, naturalPerson: row.naturalPerson, sector: 'Rättad bransch',
      gender: row.gender, municipality: row.municipality, decidedOn: null, rejected: row.rejected, amountOre: row.amountOre, rejectionReason: row.rejectionReason, decider: row.decider, version: row.version,
    });
    expect(fixed.statusCode, fixed.body).toBe(200);
    const total = (await reg('?year=2020')).totals.sumGrantedOre;
    await importKallelse(db, actorWith('secretary'), { fileName: SEEDS[0]!, text: seed(SEEDS[0]!) });
    const after = (await reg('?year=2020', sec)).rows.filter((r) => r.caseNumber === '20RS4806');
    expect(after.map((r) => [r.id, r.sector])).toEqual([[row.id, 'Rättad bransch']]);
    expect((await reg('?year=2020')).totals.sumGrantedOre).toBe(total);
    expect(await supportCommitted(2020)).toBe(total);
  });

  it('the list for the delegation\'s redovisning: JSON, CSV that reads back unchanged, and PDF', async () => {
    expect((await get('/api/business-support/delegation-report?from=2025-01-01&to=2025-12-31')).statusCode).toBe(401);
    const list = (await get('/api/business-support/delegation-report?from=2025-01-01&to=2025-12-31', member)).json();
    expect(list.rows).toHaveLength(4);
    expect(list.totals).toMatchObject({ rows: 4, granted: 3, rejected: 1, sumGrantedOre: kr(85_000 + 950_000 + 120_000) });
    const c = await get('/api/business-support/delegation-report?from=2025-01-01&to=2025-12-31&format=csv', sec);
    expect(c.headers['content-type']).toContain('text/csv');
    expect(c.body).toContain('Sigrid Lönnqvist');
    const back = (await send('POST', '/api/business-support/imports/preview', officer, { fileName: 'lista.csv', fileBase64: Buffer.from(c.body).toString('base64') })).json() as ImportPreview;
    expect(back.counts).toMatchObject({ rows: 4, unchanged: 4 });
    const pdf = await get('/api/business-support/delegation-report?from=2025-01-01&to=2025-12-31&format=pdf', sec);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = (await pdfPages(new Uint8Array(pdf.rawPayload), 'lista.pdf')).pages.flat().join('\n');
    expect(text).toContain('Perioden: 2025-01-01 – 2025-12-31');
    expect(text).toContain('Kumla Mek AB');
    expect(text).toMatch(/Beviljat belopp: 1\s155\s000\skr/);
    expect((await get('/api/business-support/delegation-report?from=2025-12-31&to=2025-01-01', sec)).statusCode).toBe(400);
  });
});

/**
 * Every table row an import reads is accounted for (issue 18.3, 17.8): a
 * delegation report's business-support row of an unknown support type is
 * kept and flagged; POST /api/imports refuses an import with flagged rows
 * (409, Swedish, the report in the details, nothing written) until it is
 * sent with `confirm: true`; the import page's preview shows the flagged
 * row and needs its explicit confirmation; `npm run import` prints the
 * report and asks for --bekrafta. Seed 000 printed to a PDF reads the same
 * 20 business-support rows as its text.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { dropTestSchemas, testDatabases } from '../helpers/db.ts';
import { actorWith, signIn, type Client } from '../helpers/auth.ts';
import { AGENDA_TEXT } from '../helpers/importBook.ts';
import { kallelsePdf, printable } from '../helpers/kallelsePdf.ts';
import { openDb, type Db } from '../../src/db/index.ts';
import { runCli } from '../helpers/server.ts';
import { buildApp } from '../../src/http/app.ts';
import { importKallelse } from '../../src/importer/service.ts';
import type { ImportPreview } from '../../src/importer/types.ts';

const filesDir = mkdtempSync(path.join(tmpdir(), 'styrbord-import-tables-'));
process.env.FILES_DIR = filesDir;
afterAll(() => rmSync(filesDir, { recursive: true, force: true }));
afterAll(dropTestSchemas);

/** Seed 000's agenda with a delegation report of three business-support decisions, one of a support type not on the list. */
const REPORT = [
  '',
  ' Företagsstöd ',
  'Perioden: 2020-06-01 – 2020-06-30 ',
  '',
  'Dnr Stöd Företag Bransch/Prioritering Kön Kommun Belopp Beslutsfattare ',
  '',
  'Områdeschef ',
  '',
  '20RS7001 Mikrobidrag Berg & Dal AB Turism K Nora 15 000 Kristina Eklöf ',
  '',
  '20RS7002 Exportcheck Klara Sinnerstrand Hälsa och ',
  '',
  'kroppsvård K Kumla 25 000 Kristina Eklöf ',
  '',
  '20RS7003 Såddbidrag Lindbergs Bageri AB Livsmedel M Örebro 40 000 Kristina Eklöf ',
  '',
];
const FLAGGED_TEXT = `${AGENDA_TEXT}${REPORT.join('\n')}\n`;
const seed000 = printable(readFileSync(new URL('../../seeds/000_97425d05012e62df.txt', import.meta.url), 'utf8'));
let pdf000: Promise<Uint8Array> | null = null;

async function counts(db: Db) {
  const r = await sql<{ meetings: number; support: number; runs: number; imports: number }>`
    select (select count(*)::int from meeting) as meetings, (select count(*)::int from business_support) as support,
           (select count(*)::int from import_run) as runs, (select count(*)::int from import_file) as imports`.execute(db.kysely);
  return r.rows[0]!;
}

const supportRows = (db: Db) =>
  db.kysely
    .selectFrom('business_support')
    .select(['case_number', 'nyps_id', 'support_type', 'company', 'sector', 'gender', 'municipality', 'amount_ore', 'rejected', 'rejection_reason', 'decider', 'import_flag'])
    .orderBy('id')
    .execute();

describe.each(testDatabases)('import tables accounted for on $name', (tdb) => {
  let db: Db;
  let app: FastifyInstance;
  let clerk: Client;
  beforeAll(async () => {
    db = await tdb.open();
    app = await buildApp({ db });
    clerk = await signIn(app, db, ['secretary']);
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });
  const post = (url: string, payload: Record<string, unknown>) => app.inject({ method: 'POST', url, ...clerk, payload });

  it('refuses an API import with flagged rows until it is confirmed, then keeps the flagged row', async () => {
    const before = await counts(db);
    const refused = await post('/api/imports', { fileName: 'delegation.txt', text: FLAGGED_TEXT });
    expect(refused.statusCode, refused.body).toBe(409);
    const error = refused.json().error;
    expect(error.code).toBe('import-rows-unconfirmed');
    expect(error.message).toBe('delegation.txt: importen har en flaggad rad i tabellerna (Företagsstöd: 1). Granska rapporten och bekräfta att importen ska göras ändå; ingenting sparades.');
    expect(error.details.flaggedRows).toBe(1);
    expect(error.details.tables).toEqual([
      {
        table: 'business-support',
        label: 'Företagsstöd',
        read: 3,
        kept: 3,
        flagged: [{ row: expect.stringContaining('20RS7002 Exportcheck Klara Sinnerstrand'), reason: expect.stringContaining('okänd stödtyp "Exportcheck"'), line: expect.any(Number) }],
      },
    ]);
    expect(await counts(db)).toEqual(before);

    const ok = await post('/api/imports', { fileName: 'delegation.txt', text: FLAGGED_TEXT, confirm: true });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().plan.tables[0]).toMatchObject({ read: 3, kept: 3 });
    const rows = await supportRows(db);
    expect(rows.map((r) => [r.case_number, r.support_type, r.company, r.sector, Number(r.amount_ore), r.import_flag === null])).toEqual([
      ['20RS7001', 'Mikrobidrag', 'Berg & Dal AB', 'Turism', 1_500_000, true],
      ['20RS7002', 'Exportcheck', 'Klara Sinnerstrand', 'Hälsa och kroppsvård', 2_500_000, false],
      ['20RS7003', 'Såddbidrag', 'Lindbergs Bageri AB', 'Livsmedel', 4_000_000, true],
    ]);
    expect(rows[1]!.import_flag).toContain('okänd stödtyp');
    // the report is stored with the import
    const run = await db.kysely.selectFrom('import_run').select(['flagged', 'report']).orderBy('id', 'desc').executeTakeFirstOrThrow();
    const report = (typeof run.report === 'string' ? JSON.parse(run.report) : run.report) as ImportPreview['plan'];
    expect(report.tables[0]).toMatchObject({ read: 3, kept: 3, flagged: [expect.objectContaining({ reason: expect.stringContaining('Exportcheck') })] });
    expect(run.flagged).toBeGreaterThanOrEqual(1);
  });

  it('shows the flagged row in the import page’s preview and needs its explicit confirmation', async () => {
    const text = FLAGGED_TEXT.replaceAll('2020-08-24', '2020-09-21');
    const res = await post('/api/imports/preview', { fileName: 'september.txt', text });
    expect(res.statusCode, res.body).toBe(201);
    const p: ImportPreview = res.json();
    expect(p.plan.tables).toEqual([expect.objectContaining({ label: 'Företagsstöd', read: 3, kept: 3, flagged: [expect.objectContaining({ reason: expect.stringContaining('okänd stödtyp') })] })]);
    expect(p.plan.flags.some((f) => f.startsWith('Företagsstöd, rad ') && f.includes('Exportcheck'))).toBe(true);
    const refused = await post(`/api/imports/${p.id}/confirm`, { token: p.token });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('import-flags-unconfirmed');
    const ok = await post(`/api/imports/${p.id}/confirm`, { token: p.token, confirmFlags: true });
    expect(ok.statusCode, ok.body).toBe(200);
  });

  it('imports an API file without flagged rows without asking', async () => {
    const text = AGENDA_TEXT.replaceAll('2020-08-24', '2020-10-19');
    const res = await post('/api/imports', { fileName: 'oktober.txt', text });
    expect(res.statusCode, res.body).toBe(201);
  });

  it('reads the 20 business-support rows of seed 000 printed to a PDF as from its text', async () => {
    const pdf = await (pdf000 ??= kallelsePdf(seed000));
    const fromText = await tdb.open();
    const fromPdf = await tdb.open();
    try {
      const t = await importKallelse(fromText, actorWith('secretary'), { fileName: '000.txt', text: seed000 });
      const p = await importKallelse(fromPdf, actorWith('secretary'), { fileName: '000.pdf', bytes: pdf });
      const support = (x: typeof t) => x.plan.tables.filter((r) => r.table === 'business-support');
      expect(support(p)).toEqual([{ table: 'business-support', label: 'Företagsstöd', read: 20, kept: 20, flagged: [] }]);
      expect(support(t)).toEqual(support(p));
      // the delårsrapport's tables, from both: the same tables and rows (cells the PDF's collapsed spacing cannot place are flagged there)
      const shape = (x: typeof t) => x.plan.tables.map((r) => [r.table, r.label, r.read === r.kept]);
      expect(shape(p)).toEqual(shape(t));
      expect(shape(t).map(([kind]) => kind)).toEqual(['business-support', 'plan', 'control', 'budget', 'budget', 'budget']);
      const run = await fromText.kysely.selectFrom('import_run').select('report').executeTakeFirstOrThrow();
      const stored = (typeof run.report === 'string' ? JSON.parse(run.report) : run.report) as ImportPreview['plan'];
      expect(stored.tables).toEqual(t.plan.tables);
      const [a, b] = [await supportRows(fromText), await supportRows(fromPdf)];
      expect(b).toHaveLength(20);
      // a word broken inside a cell ("Dataprogram" | "merare") cannot be told from two words once the text layer has no line-end spaces
      const key = (r: (typeof a)[number]) => ({ ...r, sector: r.sector.replace(/ /g, '') });
      expect(b.map(key)).toEqual(a.map(key));
    } finally {
      await fromText.close();
      await fromPdf.close();
    }
  }, 300_000);
});

describe('npm run import with flagged rows', () => {
  it('prints the report and imports only with --bekrafta', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'styrbord-import-tables-cli-'));
    try {
      const file = path.join(dir, 'delegation.txt');
      writeFileSync(file, FLAGGED_TEXT);
      const env = { DATA_DIR: path.join(dir, 'data'), FILES_DIR: path.join(dir, 'filer') };
      const refused = await runCli(['import', file], env);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('delegation.txt: importen har en flaggad rad i tabellerna (Företagsstöd: 1).');
      expect(refused.stdout).toContain('  Företagsstöd: 3 rader lästa, 3 sparade, 1 flaggade.');
      expect(refused.stdout).toMatch(/ {4}rad \d+: okänd stödtyp "Exportcheck"/);
      expect(refused.stderr).toContain('Kör igen med --bekrafta');
      const ok = await runCli(['import', '--bekrafta', file], env);
      expect(ok.stderr).toBe('');
      expect(ok.code).toBe(0);
      // the refused import was rolled back (its meeting id is used up, nothing was kept): the first import recorded
      expect(ok.stdout).toMatch(/: importerad som sammanträde \d+ \(8 punkter/);
      expect(ok.stdout).toContain('  Importen sparades med sin rapport som import 1 (sidan Import, /import/1).');
      expect(ok.stdout).toContain('  Företagsstöd: 3 rader lästa, 3 sparade, 1 flaggade.');
      const db = await openDb({ url: '', dataDir: env.DATA_DIR });
      try {
        expect((await db.kysely.selectFrom('business_support').select('import_flag').execute()).filter((r) => r.import_flag).length).toBe(1);
      } finally {
        await db.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);
});

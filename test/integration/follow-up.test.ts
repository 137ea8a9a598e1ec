/**
 * Follow-up beyond statuses (issue 17.2, 17.7) over HTTP on PGlite and
 * PostgreSQL: the responsible person's address (never public), the prognos
 * beside the utfall, the sign-off cleared by a later change, the summary matrix
 * per level and origin, reminders by e-mail to a real SMTP server recorded per
 * recipient with their outcome, the helår starting from the delår, and the
 * plan and report exported as PDF and xlsx and read back.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { dropTestSchemas, testDatabases } from '../helpers/db.ts';
import { signIn, type Client } from '../helpers/auth.ts';
import { startSmtpServer, type TestSmtp } from '../helpers/smtp.ts';
import { readPdf } from '../helpers/pdf.ts';
import { readXlsx, unzipTest } from '../helpers/xlsx.ts';
import type { Db } from '../../src/db/index.ts';
import { buildApp } from '../../src/http/app.ts';
import { importKallelse } from '../../src/importer/service.ts';
import { importDemoPlan } from '../../src/importer/demo.ts';
import { SYSTEM } from '../../src/access/model.ts';
import type { PlanItemView, PlanView, ReportItemView, ReportView, SendRemindersResult } from '../../src/steering/service.ts';

afterAll(dropTestSchemas);

const flat = <T extends { children: T[] }>(items: T[]): T[] => items.flatMap((i) => [i, ...flat(i.children)]);

describe.each(testDatabases)('follow-up on $name', (tdb) => {
  let db: Db;
  let app: FastifyInstance;
  let smtp: TestSmtp;
  let planId: number;
  let officer: Client;
  let secretary: Client;
  let member: Client;
  let interimId: number;
  let indicator: PlanItemView;
  let nr29: PlanItemView;
  let nr20: PlanItemView;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    db = await tdb.open();
    app = await buildApp({ db });
    await importKallelse(db, SYSTEM, { fileName: '003.txt', text: readFileSync(new URL('../../seeds/003_f8eb7d47c03ea706.txt', import.meta.url), 'utf8') });
    await importDemoPlan(db);
    officer = await signIn(app, db, ['case-officer']);
    secretary = await signIn(app, db, ['secretary']);
    member = await signIn(app, db, ['member']);
    const bodies = (await app.inject({ method: 'GET', url: '/api/bodies' })).json() as Array<{ id: number; name: string }>;
    const bodyId = bodies.find((b) => b.name === 'Regional tillväxtnämnd')!.id;
    planId = (await app.inject({ method: 'GET', url: `/api/bodies/${bodyId}/plans`, ...officer })).json()[0].id;
  });
  afterAll(async () => {
    delete process.env.SMTP_URL;
    await app.close();
    await db.close();
    await smtp.close();
  });

  const get = (url: string, client?: Client) => app.inject({ method: 'GET', url, ...(client ?? {}) });
  const send = (method: 'POST' | 'PUT' | 'DELETE', url: string, client: Client, payload?: unknown) =>
    app.inject({ method, url, ...client, ...(payload === undefined ? {} : { payload: payload as object }) });
  const plan = async (client: Client | null = officer): Promise<PlanView> => (await get(`/api/plans/${planId}`, client ?? undefined)).json();
  const report = async (id = interimId, client: Client | null = officer): Promise<ReportView> => (await get(`/api/plan-reports/${id}`, client ?? undefined)).json();
  const item = async (id: number, reportId = interimId) => flat((await report(reportId)).items).find((i) => i.id === id)!;
  const entry = (id: number, body: object, reportId = interimId) => send('PUT', `/api/plan-reports/${reportId}/entries/${id}`, officer, body);

  it('keeps the responsible person\'s address for staff, also after adoption; the public never sees it', async () => {
    const items = flat((await plan()).items);
    indicator = items.find((i) => i.kind === 'indicator' && i.text.startsWith('Antal gästnätter'))!;
    nr29 = items.find((i) => i.kind === 'assignment' && i.number === '29')!;
    nr20 = items.find((i) => i.kind === 'assignment' && i.number === '20')!;
    const set = (i: PlanItemView, responsible: string | null, responsibleEmail: string | null, version = i.version) =>
      send('PUT', `/api/plan-items/${i.id}/responsible`, officer, { responsible, responsibleEmail, version });
    expect((await set(nr29, 'Anna Andersson', 'anna')).json().error.message).toBe('"anna" är ingen e-postadress. Skriv den som namn@exempel.se.');
    expect((await set(nr29, null, 'anna@example.se')).statusCode).toBe(422);
    expect((await set(nr29, 'Anna Andersson', 'anna@example.se')).json()).toMatchObject({ responsible: 'Anna Andersson', responsibleEmail: 'anna@example.se', version: nr29.version + 1 });
    expect((await set(nr29, 'Anna', null)).statusCode).toBe(409); // stale
    expect((await send('PUT', `/api/plan-items/${nr29.id}/responsible`, member, { responsible: 'x', responsibleEmail: null, version: 1 })).statusCode).toBe(403);

    const p = await plan();
    const adopted = await send('POST', `/api/plans/${planId}/adoption`, secretary, { version: p.version, adoptedOn: '2025-12-10' });
    expect(adopted.statusCode, adopted.body).toBe(200);
    // after adoption the text is read-only, but who answers for an item still changes
    const fresh = flat((await plan()).items);
    const i20 = fresh.find((i) => i.id === nr20.id)!;
    expect((await set(i20, 'Bo Berg', 'bo@example.se')).statusCode).toBe(200);
    const i = fresh.find((x) => x.id === indicator.id)!;
    expect((await set(i, 'Cecilia Citron', null)).statusCode).toBe(200);
    const audited = await db.kysely.selectFrom('audit_log').select('after').where('action', '=', 'plan.item.responsible').where('entity_id', '=', String(nr20.id)).execute();
    expect(audited.map((a) => a.after)).toEqual([{ responsible: 'Bo Berg', responsibleEmail: 'bo@example.se' }]);

    const publicPlan = flat((await plan(null)).items);
    expect(publicPlan.find((x) => x.id === nr29.id)).toMatchObject({ responsible: 'Anna Andersson', responsibleEmail: null });
    expect(JSON.stringify(publicPlan)).not.toContain('@example.se');
    // nor do members (they read drafts, but do not follow up)
    expect(JSON.stringify((await plan(member)).items)).not.toContain('@example.se');
  });

  it('records a prognos beside the utfall for a styrtal only', async () => {
    const r = await send('POST', `/api/plans/${planId}/reports`, officer, { kind: 'interim', period: 'januari–juli 2026', asOf: '2026-07-31' });
    expect(r.statusCode, r.body).toBe(201);
    interimId = r.json().id;
    expect(r.json()).toMatchObject({ deadline: null, carriedFromId: null });
    const saved = await entry(indicator.id, { status: 'met', outcomeValue: '1 250', outcomeUnit: 'tusen', forecastValue: '1 310,5', forecastComment: 'Sommaren ser stark ut.', comment: 'Fler gästnätter än i fjol.' });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ outcomeValue: '1250', forecastValue: '1310.5', forecastComment: 'Sommaren ser stark ut.', signedOffBy: null, carriedOver: false });
    const bad = await entry(nr29.id, { status: 'met', forecastValue: '3' });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.message).toBe('Prognos anges för styrtal; skriv bedömningen för uppdrag i kommentaren.');
    expect((await entry(indicator.id, { status: 'met', forecastValue: 'mycket', version: saved.json().entryVersion })).json().error.message).toBe(
      'Prognosen "mycket" är inte ett tal; skriv t.ex. 6,3 eller 1 200.',
    );
  });

  it('signs off an entry (who, when) for the version seen; a change after it clears the sign-off', async () => {
    const signOff = (id: number, version: number, client = officer) => send('POST', `/api/plan-reports/${interimId}/entries/${id}/sign-off`, client, { version });
    expect((await signOff(nr29.id, 1)).json().error.code).toBe('entry-missing');
    const e29 = (await entry(nr29.id, { status: 'partly', comment: 'Modellen tas fram.' })).json() as ReportItemView;
    expect((await signOff(nr29.id, e29.entryVersion!, member)).statusCode).toBe(403);
    expect((await signOff(nr29.id, e29.entryVersion! + 5)).statusCode).toBe(409);
    const signed = await signOff(nr29.id, e29.entryVersion!);
    expect(signed.statusCode, signed.body).toBe(200);
    expect(signed.json()).toMatchObject({ signedOffBy: expect.stringMatching(/^user:/), entryVersion: e29.entryVersion! + 1 });
    expect(Date.now() - Date.parse(signed.json().signedOffAt)).toBeLessThan(60_000);
    expect((await signOff(nr29.id, signed.json().entryVersion)).json().error.code).toBe('already-signed-off');
    // saving the same again keeps it; a real change clears it
    const same = await entry(nr29.id, { status: 'partly', comment: 'Modellen tas fram.', version: signed.json().entryVersion });
    expect(same.json()).toMatchObject({ signedOffBy: signed.json().signedOffBy });
    const changed = await entry(nr29.id, { status: 'partly', comment: 'Modellen tas fram; klar i oktober.', version: same.json().entryVersion });
    expect(changed.json()).toMatchObject({ signedOffBy: null, signedOffAt: null });
    // signed again; and withdrawn once for the audit
    const again = (await signOff(nr29.id, changed.json().entryVersion)).json() as ReportItemView;
    const withdrawn = await send('DELETE', `/api/plan-reports/${interimId}/entries/${nr29.id}/sign-off?version=${again.entryVersion}`, officer);
    expect(withdrawn.json()).toMatchObject({ signedOffBy: null });
    expect((await signOff(nr29.id, withdrawn.json().entryVersion)).statusCode).toBe(200);
    const actions = await db.kysely.selectFrom('audit_log').select('action').where('entity_id', '=', `${interimId}:${nr29.id}`).where('action', 'like', 'plan.report.sign-off%').execute();
    expect(actions.map((a) => a.action)).toEqual(['plan.report.sign-off', 'plan.report.sign-off', 'plan.report.sign-off-withdrawn', 'plan.report.sign-off']);
  });

  it('computes the summary matrix per level and origin from the entries, each cell with its items', async () => {
    const r = await report();
    const byLabel = new Map(r.originMatrix.map((m) => [m.label, m]));
    // the same items as the per-level matrix, split by origin
    for (const level of r.matrix) {
      const rows = r.originMatrix.filter((m) => m.level === level.level);
      const sum = (k: 'met' | 'partly' | 'notMet' | 'missing') => rows.reduce((s, m) => s + m[k], 0);
      expect([sum('met'), sum('partly'), sum('notMet'), sum('missing')]).toEqual([level.met, level.partly, level.notMet, level.missing]);
    }
    const all = flat(r.items);
    const find = (id: number) => all.find((i) => i.id === id)!;
    // uppdrag 29 is "(FM 2026)"? whichever body its origin names, it sits in that row's partly cell
    const i29 = find(nr29.id);
    const row29 = r.originMatrix.find((m) => m.level === 'assignment' && m.items.partly.includes(nr29.id))!;
    expect(row29.label).toBe(i29.origin?.kind === 'FM' || i29.origin?.via === 'FM' ? 'Uppdrag från regionfullmäktige' : 'Uppdrag från nämnden');
    expect(byLabel.get('Målsättningar från regionfullmäktige')!.missing).toBe(r.matrix[0]!.missing);
    const ind = r.originMatrix.find((m) => m.level === 'indicator' && m.items.met.includes(indicator.id))!;
    expect(ind.met).toBe(1);
  });

  it('sends reminders to the responsible persons with open items, recorded per recipient with the outcome', async () => {
    const remind = (client = officer) => send('POST', `/api/plan-reports/${interimId}/reminders`, client);
    delete process.env.SMTP_URL;
    expect((await remind()).json().error.code).toBe('smtp-missing');
    process.env.SMTP_URL = smtp.url;
    expect((await remind()).json().error.message).toBe('Ange sista dag för delårsrapport januari–juli 2026 innan påminnelser skickas.');
    expect((await remind(member)).statusCode).toBe(403);
    const r = await report();
    const bad = await send('PUT', `/api/plan-reports/${interimId}/deadline`, officer, { deadline: '2026-02-30', version: r.version });
    expect(bad.statusCode).toBe(400);
    const dl = await send('PUT', `/api/plan-reports/${interimId}/deadline`, officer, { deadline: '2026-08-14', version: r.version });
    expect(dl.json()).toMatchObject({ deadline: '2026-08-14', version: r.version + 1 });
    expect((await send('PUT', `/api/plan-reports/${interimId}/deadline`, officer, { deadline: '2026-08-15', version: r.version })).statusCode).toBe(409);

    smtp.reject('bo@example.se');
    const sent = await remind();
    expect(sent.statusCode, sent.body).toBe(200);
    const result = sent.json() as SendRemindersResult;
    // nr 29 is signed off (nobody reminded for it): Anna has nothing open; Bo (nr 20) fails; Cecilia has no address
    expect(result).toMatchObject({ sent: 0, failed: 1, withoutAddress: [{ responsible: 'Cecilia Citron', items: 1 }] });
    expect(result.reminders).toEqual([expect.objectContaining({ responsible: 'Bo Berg', address: 'bo@example.se', items: 1, status: 'failed', error: expect.stringContaining('E-postservern tog inte emot meddelandet') })]);

    // Anna's item changes: her sign-off goes, so she is reminded now; Bo's address is accepted again
    const e29 = await item(nr29.id);
    await entry(nr29.id, { status: 'met', comment: 'Modellen är klar.', version: e29.entryVersion });
    smtp.accept('bo@example.se');
    const second = (await remind()).json() as SendRemindersResult;
    expect(second).toMatchObject({ sent: 2, failed: 0 });
    const mails = await smtp.waitFor(2);
    const anna = smtp.to('anna@example.se');
    expect(anna).toHaveLength(1);
    expect(anna[0]!.subject).toBe('Påminnelse: Delårsrapport januari–juli 2026 – sista dag 14 augusti 2026');
    expect(anna[0]!.text).toContain('Hej Anna Andersson,');
    expect(anna[0]!.text).toMatch(/- Uppdrag 29: .* \(uppfyllt, ej signerad\)/);
    expect(anna[0]!.text).toContain(`/verksamhetsplan/rapporter/${interimId}`);
    expect(smtp.to('bo@example.se')).toHaveLength(1);
    expect(mails.every((m) => !m.text.includes('Cecilia'))).toBe(true);
    const rows = await db.kysely.selectFrom('plan_report_reminder').select(['address', 'status']).where('report_id', '=', interimId).orderBy('id').execute();
    expect(rows).toEqual([
      { address: 'bo@example.se', status: 'failed' },
      { address: 'anna@example.se', status: 'sent' },
      { address: 'bo@example.se', status: 'sent' },
    ]);
    // the public report shows neither the reminders nor the addresses
    const pub = await report(interimId, null);
    expect(pub.reminders).toBeNull();
    expect(JSON.stringify(pub)).not.toContain('@example.se');
    expect((await report(interimId, member)).reminders).toBeNull();
  });

  it('exports the report as PDF (coloured matrix, prognos, sign-off) and as xlsx with numbers as numbers and totals as formulas', async () => {
    const pdf = await get(`/api/plan-reports/${interimId}/report.pdf`);
    expect(pdf.statusCode).toBe(200);
    const text = (await readPdf(pdf.rawPayload)).pages.join('\n').replace(/\s+/g, ' ');
    expect(text).toContain('Sammanfattning uppföljning av mål och uppdrag Prognos måluppfyllelse');
    expect(text).toMatch(/Uppdrag från (regionfullmäktige|nämnden) 1/);
    expect(text).toContain('Prognos: 1 310,5 tusen, Sommaren ser stark ut.');
    expect(text).toContain('Sista dag för ansvariga: 14 augusti 2026.');
    expect(text).toContain('Ansvarig: Cecilia Citron');

    const x = await get(`/api/plan-reports/${interimId}/report.xlsx`);
    expect(x.statusCode).toBe(200);
    expect(x.headers['content-disposition']).toContain('attachment; filename="delarsrapport-januari-juli-2026-regional-tillvaxtnamnd.xlsx"');
    unzipTest(x.rawPayload);
    const [summary, items] = await readXlsx(x.rawPayload);
    const r = await report();
    const rowOf = (label: string) => Object.entries(summary!.values).find(([addr, v]) => addr.startsWith('A') && v === label)![0].slice(1);
    const firstRow = r.originMatrix[0]!;
    const n = rowOf(firstRow.label);
    expect([summary!.values[`B${n}`], summary!.values[`C${n}`], summary!.values[`D${n}`], summary!.values[`E${n}`]]).toEqual([firstRow.met, firstRow.partly, firstRow.notMet, firstRow.missing]);
    expect(summary!.cells[`F${n}`]!.formula).toBe(`SUM(B${n}:E${n})`);
    const total = rowOf('Summa');
    const items_ = flat(r.items).filter((i) => ['strategic-goal', 'objective', 'indicator', 'assignment'].includes(i.kind)).length;
    expect(summary!.values[`F${total}`]).toBe(items_);
    const indRow = Object.entries(items!.values).find(([addr, v]) => addr.startsWith('C') && v === indicator.text)![0].slice(1);
    expect(items!.values[`G${indRow}`]).toBe(1250);
    expect(items!.values[`J${indRow}`]).toBe(1310.5);
    expect(items!.values[`H${indRow}`]).toBe('tusen');
    expect(items!.values[`E${indRow}`]).toBe('Uppfyllt (grön)');
  });

  it('starts the helår from the delår: statuses, outcomes and comments carried over and marked so; no sign-off, no prognos', async () => {
    const r = await send('POST', `/api/plans/${planId}/reports`, officer, { kind: 'annual', period: 'januari–december 2026', asOf: '2026-12-31', deadline: '2027-01-31' });
    expect(r.statusCode, r.body).toBe(201);
    const annualId = r.json().id as number;
    expect(r.json()).toMatchObject({ carriedFromId: interimId, deadline: '2027-01-31' });
    const annual = await report(annualId);
    expect(annual.carriedFromName).toBe('Delårsrapport januari–juli 2026');
    const ind = flat(annual.items).find((i) => i.id === indicator.id)!;
    expect(ind).toMatchObject({ status: 'met', outcomeValue: '1250', outcomeUnit: 'tusen', comment: 'Fler gästnätter än i fjol.', carriedOver: true, signedOffBy: null, forecastValue: null });
    const i29 = flat(annual.items).find((i) => i.id === nr29.id)!;
    expect(i29).toMatchObject({ status: 'met', comment: 'Modellen är klar.', carriedOver: true });
    // the matrices are the delår's
    expect(annual.matrix).toEqual((await report()).matrix);
    // a change makes it the helår's own
    const changed = await entry(indicator.id, { status: 'met', outcomeValue: '1 320', outcomeUnit: 'tusen', comment: 'Rekordår.', version: ind.entryVersion }, annualId);
    expect(changed.json()).toMatchObject({ carriedOver: false, outcomeValue: '1320' });
    // the delår is untouched
    expect(await item(indicator.id)).toMatchObject({ outcomeValue: '1250', forecastValue: '1310.5' });
    const [audited] = await db.kysely.selectFrom('audit_log').select('after').where('action', '=', 'plan.report').where('entity_id', '=', String(annualId)).execute();
    expect(audited!.after).toMatchObject({ carried: { from: interimId, entries: expect.any(Number) } });
  });

  it('exports the plan as PDF and xlsx', async () => {
    const pdf = await get(`/api/plans/${planId}/plan.pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = (await readPdf(pdf.rawPayload)).pages.join('\n').replace(/\s+/g, ' ');
    expect(text).toContain('Verksamhetsplan med budget 2026 – Regional tillväxtnämnd');
    expect(text).toContain('Fastställd 10 december 2025.');
    expect(text).toMatch(/Uppdrag nr 29[^:]*: Att utveckla det innovationsfrämjande systemet/);
    expect(text).toContain('Ansvarig: Anna Andersson');
    expect(text).not.toContain('@example.se');

    const x = await get(`/api/plans/${planId}/plan.xlsx`);
    expect(x.statusCode).toBe(200);
    unzipTest(x.rawPayload);
    const [items, counts] = await readXlsx(x.rawPayload);
    const p = await plan();
    expect(Object.entries(items!.values).filter(([addr]) => /^C\d+$/.test(addr) && Number(addr.slice(1)) > 3)).toHaveLength(flat(p.items).length);
    const row29 = Object.entries(items!.values).find(([addr, v]) => addr.startsWith('B') && v === '29')![0].slice(1);
    expect(items!.values[`G${row29}`]).toBe('Anna Andersson');
    const sumRow = Object.entries(counts!.values).find(([, v]) => v === 'Summa')![0].slice(1);
    expect(counts!.cells[`B${sumRow}`]!.formula).toMatch(/^SUM\(B\d+:B\d+\)$/);
    expect(counts!.values[`B${sumRow}`]).toBe(flat(p.items).length);
  });

  it('a locked report takes no sign-off, deadline or reminder', async () => {
    let r = await report();
    expect((await send('POST', `/api/plan-reports/${interimId}/submission`, officer, { version: r.version })).statusCode).toBe(200);
    r = await report();
    expect((await send('POST', `/api/plan-reports/${interimId}/lock`, secretary, { version: r.version })).statusCode).toBe(200);
    r = await report();
    const ind = flat(r.items).find((i) => i.id === indicator.id)!;
    const signOff = await send('POST', `/api/plan-reports/${interimId}/entries/${indicator.id}/sign-off`, officer, { version: ind.entryVersion });
    expect(signOff.statusCode).toBe(409);
    expect(signOff.json().error.message).toBe('Delårsrapport januari–juli 2026 är låst och kan inte ändras.');
    expect((await send('PUT', `/api/plan-reports/${interimId}/deadline`, officer, { deadline: '2026-09-01', version: r.version })).json().error.code).toBe('report-locked');
    expect((await send('POST', `/api/plan-reports/${interimId}/reminders`, officer)).json().error.code).toBe('report-locked');
    expect((await report()).deadline).toBe('2026-08-14');
  });
});

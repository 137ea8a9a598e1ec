/**
 * Plan editing and follow-up as the browser does them (issue 17), over HTTP on
 * PGlite and PostgreSQL: items of a draft added with a responsible person and a
 * deadline, changed, reordered, moved under another parent and removed – each
 * with optimistic locking and an audit entry; an adopted plan refuses all of it
 * in Swedish. Then the follow-up: a styrtal's outcome as a number with its unit,
 * statuses rolling up to mål and målsättningar, the controller's override with a
 * reason, and the report moving open → submitted → locked, locked read-only.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { dropTestSchemas, testDatabases } from '../helpers/db.ts';
import { signIn, type Client } from '../helpers/auth.ts';
import type { Db } from '../../src/db/index.ts';
import { buildApp } from '../../src/http/app.ts';
import { importKallelse } from '../../src/importer/service.ts';
import { importDemoPlan } from '../../src/importer/demo.ts';
import { SYSTEM } from '../../src/access/model.ts';
import type { PlanItemView, PlanView, ReportItemView, ReportView } from '../../src/steering/service.ts';
import { readPdf } from '../helpers/pdf.ts';

afterAll(dropTestSchemas);

const flat = (items: PlanItemView[]): PlanItemView[] => items.flatMap((i) => [i, ...flat(i.children)]);

describe.each(testDatabases)('plan editing on $name', (tdb) => {
  let db: Db;
  let app: FastifyInstance;
  let planId: number;
  let member: Client;
  let officer: Client;
  let secretary: Client;

  beforeAll(async () => {
    db = await tdb.open();
    app = await buildApp({ db });
    await importKallelse(db, SYSTEM, { fileName: '003.txt', text: readFileSync(new URL('../../seeds/003_f8eb7d47c03ea706.txt', import.meta.url), 'utf8') });
    await importDemoPlan(db);
    member = await signIn(app, db, ['member']);
    officer = await signIn(app, db, ['case-officer']);
    secretary = await signIn(app, db, ['secretary']);
    const bodies = (await app.inject({ method: 'GET', url: '/api/bodies' })).json() as Array<{ id: number; name: string }>;
    const bodyId = bodies.find((b) => b.name === 'Regional tillväxtnämnd')!.id;
    planId = (await app.inject({ method: 'GET', url: `/api/bodies/${bodyId}/plans`, ...member })).json()[0].id;
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  const get = (url: string, client?: Client) => app.inject({ method: 'GET', url, ...(client ?? {}) });
  const send = (method: 'POST' | 'PUT' | 'DELETE', url: string, client: Client, payload?: unknown) =>
    app.inject({ method, url, ...client, ...(payload === undefined ? {} : { payload: payload as object }) });
  const plan = async (): Promise<PlanView> => (await get(`/api/plans/${planId}`, officer)).json();
  const find = async (pred: (i: PlanItemView) => boolean) => flat((await plan()).items).find(pred)!;
  const auditOf = async (action: string, entityId: number) =>
    db.kysely.selectFrom('audit_log').select(['actor', 'before', 'after']).where('action', '=', action).where('entity_id', '=', String(entityId)).execute();

  let added: PlanItemView;

  it('adds an item with a responsible person, a deadline and an origin written as the papers write it', async () => {
    const obj = await find((i) => i.kind === 'objective' && i.number === '4.3');
    const r = await send('POST', `/api/plans/${planId}/items`, officer, {
      kind: 'assignment', parentId: obj.id, number: '40', text: 'Att kartlägga kompetensbehoven i länets företag.',
      assignee: 'Förvaltningen', originText: 'Förslag till DN 2026', responsible: 'Anna Controller', deadline: '2026-06-30',
    });
    expect(r.statusCode).toBe(201);
    added = r.json();
    expect(added).toMatchObject({ kind: 'assignment', number: '40', originText: 'Förslag till DN 2026', origin: { kind: 'proposal', via: 'DN', year: 2026 }, responsible: 'Anna Controller', deadline: '2026-06-30', version: 1 });
    // last under its parent
    const parent = await find((i) => i.id === obj.id);
    expect(parent.children.at(-1)!.id).toBe(added.id);
    expect(await auditOf('plan.item.add', added.id)).toHaveLength(1);

    const badDate = await send('POST', `/api/plans/${planId}/items`, officer, { kind: 'assignment', parentId: obj.id, text: 'x', deadline: '2026-02-30' });
    expect(badDate.statusCode).toBe(400);
    expect(badDate.json().error.message).toBe('Sista datum "2026-02-30" är inte ett giltigt datum. Skriv det som ÅÅÅÅ-MM-DD, till exempel 2020-08-24.');
    const badOrigin = await send('POST', `/api/plans/${planId}/items`, officer, { kind: 'assignment', parentId: obj.id, text: 'x', originText: 'Från förr' });
    expect(badOrigin.statusCode).toBe(400);
    expect(badOrigin.json().error.message).toMatch(/^Ursprunget "Från förr" kan inte tolkas/);
    expect((await send('POST', `/api/plans/${planId}/items`, member, { kind: 'assignment', parentId: obj.id, text: 'x' })).statusCode).toBe(403);
  });

  it('changes an item; a change based on an old version is refused', async () => {
    const r = await send('PUT', `/api/plan-items/${added.id}`, officer, { text: added.text, responsible: 'Bo Controller', deadline: null, version: added.version });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ responsible: 'Bo Controller', deadline: null, originText: 'Förslag till DN 2026', assignee: 'Förvaltningen', version: 2 });
    const stale = await send('PUT', `/api/plan-items/${added.id}`, officer, { text: 'Annat.', version: added.version });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.message).toBe('Uppdrag har ändrats sedan du hämtade den (din version 1, nu 2). Ladda om och gör ändringen igen.');
    const [entry] = await auditOf('plan.item', added.id);
    expect(entry!.after).toMatchObject({ responsible: 'Bo Controller', deadline: null });
    added = r.json();
  });

  it('reorders an item among its siblings (Flytta upp / Flytta ned)', async () => {
    const parentId = (await find((i) => i.children.some((c) => c.id === added.id))).id;
    const before = (await find((i) => i.id === parentId)).children.map((c) => c.id);
    const index = before.indexOf(added.id);
    expect(index).toBe(before.length - 1);
    const up = await send('POST', `/api/plan-items/${added.id}/move`, officer, { parentId, position: index - 1, version: added.version });
    expect(up.statusCode).toBe(200);
    const after = (await find((i) => i.id === parentId)).children.map((c) => c.id);
    expect(after).toEqual([...before.slice(0, index - 1), added.id, before[index - 1], ...before.slice(index + 1)]);
    expect(up.json().version).toBe(added.version + 1);
    // the same button pressed on the stale page
    const stale = await send('POST', `/api/plan-items/${added.id}/move`, officer, { parentId, position: 0, version: added.version });
    expect(stale.statusCode).toBe(409);
    expect((await find((i) => i.id === parentId)).children.map((c) => c.id)).toEqual(after);
    added = up.json();
    // first place, then back down one
    await send('POST', `/api/plan-items/${added.id}/move`, officer, { parentId, position: 0, version: added.version });
    added = await find((i) => i.id === added.id);
    expect((await find((i) => i.id === parentId)).children[0]!.id).toBe(added.id);
    const down = await send('POST', `/api/plan-items/${added.id}/move`, officer, { parentId, position: 1, version: added.version });
    expect(down.statusCode).toBe(200);
    expect((await find((i) => i.id === parentId)).children.map((c) => c.id).indexOf(added.id)).toBe(1);
    added = down.json();
  });

  it('moves an item under another parent, never where its kind may not hang or into itself', async () => {
    const target = await find((i) => i.kind === 'objective' && i.number === '4.1.1');
    const moved = await send('POST', `/api/plan-items/${added.id}/move`, officer, { parentId: target.id, version: added.version });
    expect(moved.statusCode).toBe(200);
    expect((await find((i) => i.id === target.id)).children.at(-1)!.id).toBe(added.id);
    added = moved.json();
    const moves = await auditOf('plan.item.move', added.id);
    expect(moves.at(-1)!.after).toMatchObject({ parentId: target.id });

    const toTop = await send('POST', `/api/plan-items/${added.id}/move`, officer, { parentId: null, version: added.version });
    expect(toTop.statusCode).toBe(422);
    expect(toTop.json().error.message).toBe('Uppdrag kan inte ligga högst upp i planen.');
    const area = await find((i) => i.kind === 'focus-area' && i.number === '4.1');
    const sub = await find((i) => i.kind === 'focus-area' && i.number === '4.1.1');
    const intoItself = await send('POST', `/api/plan-items/${area.id}/move`, officer, { parentId: sub.id, version: area.version });
    expect(intoItself.statusCode).toBe(422);
    expect(intoItself.json().error.message).toBe('Fokusområde kan inte flyttas in under sig själv eller det som hör till den.');
    const elsewhere = await send('POST', `/api/plan-items/${added.id}/move`, officer, { parentId: 999999, version: added.version });
    expect(elsewhere.statusCode).toBe(422);
    expect((await send('POST', `/api/plan-items/${added.id}/move`, member, { parentId: target.id, version: added.version })).statusCode).toBe(403);
  });

  it('removes an item only at the version seen, with an audit entry', async () => {
    const stale = await send('DELETE', `/api/plan-items/${added.id}?version=${added.version - 1}`, officer);
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.message).toMatch(/^Uppdrag har ändrats sedan du hämtade den/);
    expect(await find((i) => i.id === added.id)).toBeDefined();
    expect((await send('DELETE', `/api/plan-items/${added.id}`, officer)).statusCode).toBe(400); // no version: refused
    const r = await send('DELETE', `/api/plan-items/${added.id}?version=${added.version}`, officer);
    expect(r.statusCode).toBe(204);
    expect(await find((i) => i.id === added.id)).toBeUndefined();
    const [entry] = await auditOf('plan.item.remove', added.id);
    expect(entry!.before).toMatchObject({ text: added.text, items: 1 });
    const gone = await send('DELETE', `/api/plan-items/${added.id}?version=${added.version}`, officer);
    expect(gone.statusCode).toBe(404);
  });

  it('removes a parent with what hangs under it', async () => {
    const theme = (await plan()).items.find((i) => i.kind === 'theme')!;
    const count = flat([theme]).length;
    expect(count).toBeGreaterThan(1);
    const before = flat((await plan()).items).length;
    expect((await send('DELETE', `/api/plan-items/${theme.id}?version=${theme.version}`, officer)).statusCode).toBe(204);
    expect(flat((await plan()).items).length).toBe(before - count);
    expect((await auditOf('plan.item.remove', theme.id))[0]!.before).toMatchObject({ items: count });
  });

  it('refuses every change to an adopted plan in Swedish', async () => {
    const p = await plan();
    expect((await send('POST', `/api/plans/${planId}/adoption`, secretary, { version: p.version, adoptedOn: '2025-11-18' })).statusCode).toBe(200);
    const item = flat(p.items).find((i) => i.kind === 'assignment')!;
    const obj = flat(p.items).find((i) => i.kind === 'objective')!;
    const refusal = 'Verksamhetsplan 2026 är fastställd och kan inte ändras.';
    for (const r of [
      await send('POST', `/api/plans/${planId}/items`, officer, { kind: 'assignment', parentId: obj.id, text: 'Nytt.' }),
      await send('PUT', `/api/plan-items/${item.id}`, officer, { text: 'Ändrat.', version: item.version }),
      await send('POST', `/api/plan-items/${item.id}/move`, officer, { parentId: obj.id, position: 0, version: item.version }),
      await send('DELETE', `/api/plan-items/${item.id}?version=${item.version}`, officer),
    ]) {
      expect(r.statusCode).toBe(409);
      expect(r.json().error.message).toBe(refusal);
    }
  });

  describe('follow-up', () => {
    let reportId: number;
    const report = async (): Promise<ReportView> => (await get(`/api/plan-reports/${reportId}`, officer)).json();
    const item = async (pred: (i: ReportItemView) => boolean) => {
      const all = (xs: ReportItemView[]): ReportItemView[] => xs.flatMap((i) => [i, ...all(i.children)]);
      return all((await report()).items).find(pred)!;
    };
    const entry = (id: number, body: object, client: Client = officer) => send('PUT', `/api/plan-reports/${reportId}/entries/${id}`, client, body);
    const step = (path: string, version: number, client: Client) => send('POST', `/api/plan-reports/${reportId}/${path}`, client, { version });

    it('starts open', async () => {
      const r = await send('POST', `/api/plans/${planId}/reports`, officer, { kind: 'interim', period: 'januari–juli 2026', asOf: '2026-07-31' });
      expect(r.statusCode).toBe(201);
      expect(r.json()).toMatchObject({ state: 'open', stateLabel: 'Öppen', submittedAt: null, lockedAt: null, version: 1 });
      reportId = r.json().id;
    });

    it("records a styrtal's outcome as a number with its unit, and refuses one for an uppdrag", async () => {
      const ind = await item((i) => i.kind === 'indicator' && i.text.startsWith('Antal gästnätter'));
      const r = await entry(ind.id, { status: 'partly', outcomeValue: '1 234,5', outcomeUnit: 'tusen gästnätter', comment: 'Ökningen fortsätter men långsammare.' });
      expect(r.statusCode).toBe(200);
      expect(r.json()).toMatchObject({ status: 'partly', statusSource: 'entered', outcomeValue: '1234.5', outcomeUnit: 'tusen gästnätter', comment: 'Ökningen fortsätter men långsammare.', entryVersion: 1 });
      const ass = await item((i) => i.kind === 'assignment' && i.number === '29');
      const wrong = await entry(ass.id, { status: 'met', outcomeValue: '3' });
      expect(wrong.statusCode).toBe(422);
      expect(wrong.json().error.message).toBe('Utfall som tal med enhet anges för styrtal; skriv utfallet för uppdrag som text.');
      const noValue = await entry(ind.id, { status: 'partly', outcomeUnit: '%', version: 1 });
      expect(noValue.statusCode).toBe(422);
      expect(noValue.json().error.message).toBe('Ange utfallets värde när du anger en enhet.');
      const notANumber = await entry(ind.id, { status: 'partly', outcomeValue: 'sex', version: 1 });
      expect(notANumber.statusCode).toBe(400);
      expect(notANumber.json().error.message).toBe('Utfallet "sex" är inte ett tal; skriv t.ex. 6,3 eller 1 200.');
    });

    it('rolls statuses up to the mål and the målsättning; a different status for a parent needs a reason', async () => {
      const obj = await item((i) => i.kind === 'objective' && i.number === '4.1.1');
      const goal = await item((i) => i.kind === 'strategic-goal' && i.number === '4');
      expect(obj).toMatchObject({ status: 'partly', statusSource: 'children', fromChildren: 'partly', enteredStatus: null });
      expect(goal).toMatchObject({ status: 'partly', statusSource: 'children' });
      // a mål not yet assessed elsewhere: still Ej bedömd in the matrix unless rolled up
      const before = await report();
      expect(before.matrix.find((m) => m.level === 'strategic-goal')).toMatchObject({ partly: 1, missing: 9 });

      const plain = await entry(obj.id, { status: 'met' });
      expect(plain.statusCode).toBe(422);
      expect(plain.json().error.message).toBe('Målets status följer dess styrtal och uppdrag (delvis uppfyllt); ange ett skäl för att sätta en annan status.');
      const same = await entry(goal.id, { status: 'partly', comment: 'Sammanvägning.' });
      expect(same.statusCode).toBe(200); // the same status as its children give: no reason needed
      const leaf = await item((i) => i.kind === 'assignment' && i.number === '29');
      const leafOverride = await entry(leaf.id, { status: 'met', overrideReason: 'x' });
      expect(leafOverride.statusCode).toBe(422);
      expect(leafOverride.json().error.message).toMatch(/^Bara en målsättnings eller ett måls sammanvägda status kan åsidosättas/);

      const override = await entry(obj.id, { status: 'met', overrideReason: 'Gästnätterna 2026 är redan fler än målet; statistiken släpar.' });
      expect(override.statusCode).toBe(200);
      expect(override.json()).toMatchObject({ status: 'met', statusSource: 'override', fromChildren: 'partly', overrideReason: 'Gästnätterna 2026 är redan fler än målet; statistiken släpar.' });
      // målsättning 4 follows the overridden mål
      expect(await item((i) => i.id === goal.id)).toMatchObject({ status: 'met', statusSource: 'children' });
      const after = await report();
      expect(after.matrix.find((m) => m.level === 'objective')).toMatchObject({ met: 1, missing: 3 });
      const [audited] = await db.kysely.selectFrom('audit_log').select(['after']).where('action', '=', 'plan.report.entry').where('entity_id', '=', `${reportId}:${obj.id}`).execute();
      expect(audited!.after).toMatchObject({ status: 'met', override_reason: 'Gästnätterna 2026 är redan fler än målet; statistiken släpar.' });
    });

    it('moves open → submitted → locked; a submitted report is reopened only by the secretary, a locked one never changes', async () => {
      const ind = await item((i) => i.kind === 'indicator' && i.text.startsWith('Antal gästnätter'));
      expect((await step('submission', 1, member)).statusCode).toBe(403);
      const submitted = await step('submission', 1, officer);
      expect(submitted.statusCode).toBe(200);
      expect(submitted.json()).toMatchObject({ state: 'submitted', stateLabel: 'Inlämnad', version: 2 });
      expect(submitted.json().submittedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
      const whileSubmitted = await entry(ind.id, { status: 'met', version: ind.entryVersion! });
      expect(whileSubmitted.statusCode).toBe(409);
      expect(whileSubmitted.json().error.message).toBe('Delårsrapport januari–juli 2026 är inlämnad och kan inte ändras; den måste öppnas igen först.');
      expect((await step('submission', 2, officer)).json().error.message).toBe('Delårsrapport januari–juli 2026 är redan inlämnad.');

      expect((await step('reopening', 2, officer)).statusCode).toBe(403);
      const staleReopen = await step('reopening', 1, secretary);
      expect(staleReopen.statusCode).toBe(409);
      expect(staleReopen.json().error).toMatchObject({ code: 'stale-version', details: { current: 2, expected: 1 } });
      const reopened = await step('reopening', 2, secretary);
      expect(reopened.json()).toMatchObject({ state: 'open', submittedAt: null, version: 3 });
      // a write replaces the whole entry (the form sends every field)
      expect((await entry(ind.id, { status: 'met', outcomeValue: '1300', outcomeUnit: 'tusen gästnätter', version: ind.entryVersion! })).statusCode).toBe(200);
      expect((await step('lock', 3, secretary)).json().error.message).toBe('Delårsrapport januari–juli 2026 är öppen; lämna in den innan den låses.');
      const stale = await step('submission', 2, officer);
      expect(stale.statusCode).toBe(409);
      expect(stale.json().error.message).toMatch(/^Delårsrapport januari–juli 2026 har ändrats av .* sedan du hämtade den \(din version 2, nu 3\)/);
      expect((await step('submission', 3, officer)).statusCode).toBe(200);

      expect((await step('lock', 4, officer)).statusCode).toBe(403);
      const staleLock = await step('lock', 3, secretary);
      expect(staleLock.statusCode).toBe(409);
      expect(staleLock.json().error.message).toMatch(/^Delårsrapport januari–juli 2026 har ändrats av .* \(din version 3, nu 4\)/);
      const locked = await step('lock', 4, secretary);
      expect(locked.statusCode).toBe(200);
      expect(locked.json()).toMatchObject({ state: 'locked', stateLabel: 'Låst', version: 5 });
      expect(locked.json().lockedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);

      const refusal = 'Delårsrapport januari–juli 2026 är låst och kan inte ändras.';
      const fresh = await item((i) => i.id === ind.id);
      for (const r of [await entry(ind.id, { status: 'not-met', version: fresh.entryVersion! }), await step('submission', 5, officer)]) {
        expect(r.statusCode).toBe(409);
        expect(r.json().error.message).toBe(refusal);
      }
      const reopen = await step('reopening', 5, secretary);
      expect(reopen.statusCode).toBe(409);
      expect(reopen.json().error.message).toBe('Delårsrapport januari–juli 2026 är låst och kan inte öppnas igen.');
      expect(await item((i) => i.id === ind.id)).toMatchObject({ status: 'met', outcomeValue: '1300', outcomeUnit: 'tusen gästnätter', comment: null });
      const actions = await db.kysely.selectFrom('audit_log').select('action').where('entity', '=', 'plan_report').where('entity_id', '=', String(reportId)).orderBy('id').execute();
      expect(actions.map((a) => a.action)).toEqual(['plan.report', 'plan.report.submit', 'plan.report.reopen', 'plan.report.submit', 'plan.report.lock']);
    });

    it('prints the state, the rolled-up and overridden statuses and the outcome with its unit in the PDF', async () => {
      const pdf = await get(`/api/plan-reports/${reportId}/report.pdf`);
      expect(pdf.statusCode).toBe(200);
      const all = (await readPdf(pdf.rawPayload)).pages.join('\n').replace(/\s+/g, ' ');
      expect(all).toMatch(/Låst \d{4}-\d{2}-\d{2}\./);
      expect(all).toContain('Status: Uppfyllt (grön) – Utfall: 1 300 tusen gästnätter');
      expect(all).toContain('Status: Uppfyllt (grön) – satt av controller');
      expect(all).toContain('Skäl: Gästnätterna 2026 är redan fler än målet; statistiken släpar.');
      expect(all).toContain('Status: Uppfyllt (grön) – sammanvägd');
    });
  });
});

/**
 * Automatic reminders before a report period's deadline (issue 17.2) on
 * PGlite and PostgreSQL, against a real SMTP server started here: the check
 * records each reminder once per report, item and recipient (two checks at
 * once send one message), resolves the responsible person through a linked
 * account's e-mail or the address on the item, flags the unresolved, and
 * records a refused message as failed and sends it on a later retry.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { dropTestSchemas, testDatabases } from '../helpers/db.ts';
import { signIn, type Client } from '../helpers/auth.ts';
import { startSmtpServer, type TestSmtp } from '../helpers/smtp.ts';
import type { Db } from '../../src/db/index.ts';
import { buildApp } from '../../src/http/app.ts';
import { importKallelse } from '../../src/importer/service.ts';
import { importDemoPlan } from '../../src/importer/demo.ts';
import { createUser } from '../../src/access/service.ts';
import { SYSTEM } from '../../src/access/model.ts';
import * as meetings from '../../src/meetings/service.ts';
import { setPersonEmail } from '../../src/meetings/sendingService.ts';
import { runDueReminders, type DueRemindersOfReport, type ResponsibleAccount } from '../../src/steering/dueReminders.ts';
import type { PlanItemView, PlanView } from '../../src/steering/service.ts';

afterAll(dropTestSchemas);
const flat = <T extends { children: T[] }>(items: T[]): T[] => items.flatMap((i) => [i, ...flat(i.children)]);
const BASE = 'https://styrbord.example.se';
/** Four days before the deadline, 2026-08-14. */
const NOW = new Date('2026-08-10T07:00:00Z');

describe.each(testDatabases)('automatic reminders on $name', (tdb) => {
  let db: Db;
  let app: FastifyInstance;
  let smtp: TestSmtp;
  let officer: Client;
  let reportId: number;
  let nr29: PlanItemView;
  let nr20: PlanItemView;
  let indicator: PlanItemView;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    env = { SMTP_URL: smtp.url, REMINDER_DAYS_BEFORE: '7' };
    db = await tdb.open();
    app = await buildApp({ db });
    await importKallelse(db, SYSTEM, { fileName: '003.txt', text: readFileSync(new URL('../../seeds/003_f8eb7d47c03ea706.txt', import.meta.url), 'utf8') });
    await importDemoPlan(db);
    officer = await signIn(app, db, ['case-officer']);
    const secretary = await signIn(app, db, ['secretary']);
    const bodies = (await app.inject({ method: 'GET', url: '/api/bodies' })).json() as Array<{ id: number; name: string }>;
    const bodyId = bodies.find((b) => b.name === 'Regional tillväxtnämnd')!.id;
    const plan = (await app.inject({ method: 'GET', url: `/api/bodies/${bodyId}/plans`, ...officer })).json()[0] as PlanView;
    const adopted = await app.inject({ method: 'POST', url: `/api/plans/${plan.id}/adoption`, ...secretary, payload: { version: plan.version, adoptedOn: '2025-12-10' } });
    expect(adopted.statusCode, adopted.body).toBe(200);
    const items = flat(((await app.inject({ method: 'GET', url: `/api/plans/${plan.id}`, ...officer })).json() as PlanView).items);
    nr29 = items.find((i) => i.kind === 'assignment' && i.number === '29')!;
    nr20 = items.find((i) => i.kind === 'assignment' && i.number === '20')!;
    indicator = items.find((i) => i.kind === 'indicator')!;
    const r = await app.inject({ method: 'POST', url: `/api/plans/${plan.id}/reports`, ...officer, payload: { kind: 'interim', period: 'januari–juli 2026', asOf: '2026-07-31', deadline: '2026-08-14' } });
    expect(r.statusCode, r.body).toBe(201);
    reportId = r.json().id;
  });
  afterAll(async () => {
    await app.close();
    await db.close();
    await smtp.close();
  });

  it('links a responsible person to an account; the free text stays, the unlinked without address are flagged', async () => {
    const set = await app.inject({ method: 'PUT', url: `/api/plan-items/${nr29.id}/responsible`, ...officer, payload: { responsible: 'Anna Andersson', responsibleEmail: 'Anna@Example.se', version: nr29.version } });
    expect(set.statusCode, set.body).toBe(200);
    const noAddress = await app.inject({ method: 'PUT', url: `/api/plan-items/${indicator.id}/responsible`, ...officer, payload: { responsible: 'Cecilia Citron', responsibleEmail: null, version: indicator.version } });
    expect(noAddress.statusCode).toBe(200);
    // an official with an account whose person has an address
    const body = (await meetings.listBodies(db)).find((b) => b.name === 'Regional tillväxtnämnd')!;
    const seat = (await meetings.getBody(db, body.id)).memberships.find((m) => !m.validTo)!;
    await setPersonEmail(db, SYSTEM, seat.personId, { email: 'bo.berg@example.se' });
    const bo = await createUser(db, SYSTEM, { username: 'bo.berg', displayName: 'Bo Berg', password: 'ett långt testlösenord', roles: ['case-officer'], personId: seat.personId });
    const accounts = (await app.inject({ method: 'GET', url: '/api/responsible-accounts', ...officer })).json() as ResponsibleAccount[];
    expect(accounts.find((a) => a.displayName === 'Bo Berg')).toEqual({ id: bo.id, displayName: 'Bo Berg', hasEmail: true });
    const link = (version: number, userId: number | null) => app.inject({ method: 'PUT', url: `/api/plan-items/${nr20.id}/responsible-account`, ...officer, payload: { userId, version } });
    expect((await link(nr20.version, 999999)).statusCode).toBe(422);
    const linked = await link(nr20.version, bo.id);
    expect(linked.statusCode, linked.body).toBe(200);
    expect((await link(nr20.version, bo.id)).statusCode).toBe(409);
    const member = await signIn(app, db, ['member']);
    expect((await app.inject({ method: 'PUT', url: `/api/plan-items/${nr20.id}/responsible-account`, ...member, payload: { userId: null, version: 9 } })).statusCode).toBe(403);
    const state = (await app.inject({ method: 'GET', url: `/api/plan-reports/${reportId}/due-reminders`, ...officer })).json() as DueRemindersOfReport;
    expect(state.reminders).toEqual([]);
    expect(state.unresolved).toEqual([{ responsible: 'Cecilia Citron', itemIds: [indicator.id] }]);
  });

  it('is not run without SMTP_URL, nor too early', async () => {
    expect(await runDueReminders(db, { baseUrl: BASE, now: NOW, env: {} })).toMatchObject({ skipped: 'no-smtp', sent: 0 });
    expect(await runDueReminders(db, { baseUrl: BASE, now: new Date('2026-08-01T07:00:00Z'), env })).toMatchObject({ recorded: 0, sent: 0 });
    expect(smtp.messages).toHaveLength(0);
  });

  it('sends once per item and person, also when two checks run at once; a refused message is retried later', async () => {
    smtp.reject('bo.berg@example.se');
    const [a, b] = await Promise.all([runDueReminders(db, { baseUrl: BASE, now: NOW, env }), runDueReminders(db, { baseUrl: BASE, now: NOW, env })]);
    expect(a.recorded + b.recorded).toBe(2);
    expect(a.sent + b.sent).toBe(1);
    expect(a.failed + b.failed).toBe(1);
    expect(a.unresolved).toEqual([{ reportId, responsible: 'Cecilia Citron', items: 1 }]);
    const anna = smtp.to('anna@example.se');
    expect(anna).toHaveLength(1);
    expect(anna[0]!.subject).toBe('Påminnelse: Delårsrapport januari–juli 2026 – sista dag 14 augusti 2026');
    expect(anna[0]!.text).toContain(`Uppdrag 29: ${nr29.text.slice(0, 40)}`);
    expect(anna[0]!.text).toContain(`${BASE}/verksamhetsplan/rapporter/${reportId}`);
    let state = (await app.inject({ method: 'GET', url: `/api/plan-reports/${reportId}/due-reminders`, ...officer })).json() as DueRemindersOfReport;
    const failed = state.reminders.find((r) => r.recipient === 'bo.berg@example.se')!;
    expect(failed).toMatchObject({ itemId: nr20.id, responsible: 'Bo Berg', status: 'failed', attempts: 1, nextAttemptAt: '2026-08-10T07:05:00.000Z' });
    expect(failed.error).toContain('E-postservern tog inte emot meddelandet');
    // the same check again: nothing new, nothing sent twice, the failed one not yet due
    expect(await runDueReminders(db, { baseUrl: BASE, now: new Date(NOW.getTime() + 60_000), env })).toMatchObject({ recorded: 0, sent: 0, failed: 0 });
    smtp.accept('bo.berg@example.se');
    expect(await runDueReminders(db, { baseUrl: BASE, now: new Date(NOW.getTime() + 6 * 60_000), env })).toMatchObject({ recorded: 0, sent: 1, failed: 0 });
    expect(smtp.to('bo.berg@example.se')).toHaveLength(1);
    expect(smtp.to('anna@example.se')).toHaveLength(1);
    state = (await app.inject({ method: 'GET', url: `/api/plan-reports/${reportId}/due-reminders`, ...officer })).json() as DueRemindersOfReport;
    expect(state.reminders.map((r) => [r.recipient, r.status, r.attempts])).toEqual([
      ['anna@example.se', 'sent', 1],
      ['bo.berg@example.se', 'sent', 2],
    ]);
    const audited = await db.kysely.selectFrom('audit_log').select('action').where('action', 'like', 'plan.report.due-reminder%').execute();
    expect(audited.map((x) => x.action).sort()).toEqual(['plan.report.due-reminder-failed', 'plan.report.due-reminder-sent', 'plan.report.due-reminder-sent']);
  });
});

/**
 * The follow-up's links changed in the browser on an ADOPTED plan (issue 17.2,
 * 17.3): the controller links a styrtal to another KPI series ("Koppla
 * nyckeltalsserie"), then on the delårsrapport gives one item's responsible an
 * address and another's only a name – flagged under "Påminnelser" as not
 * reachable – links the latter to an account whose person has an e-mail
 * address ("Ansvarigt konto"), which clears the flag; after one run of the
 * automatic check against a real SMTP server that refuses the first address,
 * the section shows one reminder sent and one failed with the server's answer
 * and the next attempt.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { axeViolations as axe, signInThroughForm, startBrowserTest, type BrowserTest } from '../helpers/browser.ts';
import { startSmtpServer, type TestSmtp } from '../helpers/smtp.ts';
import { createUser } from '../../src/access/service.ts';
import { SYSTEM } from '../../src/access/model.ts';
import { runDueReminders } from '../../src/steering/dueReminders.ts';
import type { PlanItemView, PlanView } from '../../src/steering/service.ts';

const PASSWORD = 'ett långt lösenord för e2e';
const REFUSED = 'refuseras@example.se';
const ACCOUNT_MAIL = 'e2e.ansvarig@example.se';
const NO_ADDRESS = 'Enheten Utan Adress';
let t: BrowserTest;
let smtp: TestSmtp;
let page: Page;
let planId = 0;
const pageErrors: string[] = [];

beforeAll(async () => {
  t = await startBrowserTest();
  smtp = await startSmtpServer();
  await createUser(t.server.db, SYSTEM, { username: 'e2e.controller', displayName: 'E2E Controller', password: PASSWORD, roles: ['secretary'], personId: null });
  // an account whose person has an e-mail address (set-up, not what is tested)
  const person = await t.server.db.kysely.insertInto('person').values({ name: 'E2E Ansvarig', email: ACCOUNT_MAIL }).returning('id').executeTakeFirstOrThrow();
  await createUser(t.server.db, SYSTEM, { username: 'e2e.ansvarig', displayName: 'E2E Ansvarig', password: PASSWORD, roles: ['case-officer'], personId: person.id });
  page = await t.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('dialog', (d) => void d.accept());
  await signInThroughForm(page, t.server.url, { username: 'e2e.controller', password: PASSWORD, displayName: 'E2E Controller' });
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

const flat = (items: readonly PlanItemView[]): PlanItemView[] => items.flatMap((i) => [i, ...flat(i.children)]);
async function planItems(): Promise<PlanItemView[]> {
  const res = await page.request.get(`${t.server.url}/api/plans/${planId}`);
  expect(res.status()).toBe(200);
  return flat(((await res.json()) as PlanView).items);
}

describe('uppföljningens kopplingar i en fastställd plan', () => {
  it('links a styrtal of the adopted plan to another KPI series', async () => {
    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Verksamhetsplan' }).click();
    await page.getByRole('link', { name: 'Verksamhetsplan med budget 2026' }).click();
    await page.waitForURL(/\/verksamhetsplan\/\d+$/);
    planId = Number(new URL(page.url()).pathname.split('/').pop());
    await page.getByRole('button', { name: 'Fastställ planen' }).click();
    await page.locator('p.lead').getByText(/^Fastställd \d{4}-\d{2}-\d{2}$/).waitFor();

    const styrtal = page.locator('li[data-kind="indicator"]').first();
    const open = styrtal.getByRole('button', { name: /^Koppla nyckeltalsserie till styrtal\b/ });
    const name = (await open.getAttribute('aria-label'))!.replace(/^Koppla nyckeltalsserie till /, '');
    const item = (await planItems()).find((i) => i.kind === 'indicator' && `styrtal${i.number ? ` ${i.number}` : ''}: ${i.text.slice(0, 60)}` === name)!;
    expect(item).toBeDefined();
    await open.click();
    const form = page.getByRole('form', { name: `Nyckeltalsserie för ${name}` });
    const select = form.getByLabel('Nyckeltalsserie');
    await select.locator('option:not([value=""])').first().waitFor({ state: 'attached' });
    expect(await select.inputValue()).toBe(item.kpiSeriesId == null ? '' : String(item.kpiSeriesId));
    const values = await select.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    const other = values.find((v) => v !== '' && v !== String(item.kpiSeriesId))!;
    await select.selectOption(other);
    expect(await axe(page)).toEqual([]);
    await form.getByRole('button', { name: 'Spara serien' }).click();
    await form.waitFor({ state: 'detached' });
    const after = (await planItems()).find((i) => i.id === item.id)!;
    expect(after.kpiSeriesId).toBe(Number(other));
    expect(after.version).toBe(item.version + 1);
    // the styrtal now shows its new series' badge; the plan stays adopted
    expect(after.kpi?.kpiId).toBeTruthy();
    await styrtal.locator(`.kpi-badge[data-kpi="${after.kpi!.kpiId}"]`).waitFor();
    await page.locator('p.lead').getByText(/^Fastställd /).waitFor();
  });

  it('flags a responsible nobody can remind, links an account, and shows the reminders sent and failed', async () => {
    await page.getByLabel('Sista dag för ansvariga').fill('2026-08-14');
    await page.getByRole('button', { name: 'Påbörja rapport' }).click();
    await page.getByRole('link', { name: 'Delårsrapport januari–juli 2026' }).click();
    await page.getByRole('heading', { level: 1, name: /^Delårsrapport januari–juli 2026/ }).waitFor();
    const section = page.getByRole('region', { name: 'Påminnelser', exact: true });
    await section.getByText('Inga automatiska påminnelser ännu.').waitFor();

    // two styrtal: one gets a name and an address, the other only a name
    const entries = page.locator('li[data-kind="indicator"]');
    const names: string[] = [];
    for (const [n, who, mail] of [[0, 'E2E Mottagare', REFUSED], [1, NO_ADDRESS, '']] as const) {
      const change = entries.nth(n).getByRole('button', { name: /^Ändra ansvarig för / });
      names.push((await change.getAttribute('aria-label'))!.replace(/^Ändra ansvarig för /, ''));
      await change.click();
      const f = page.getByRole('form', { name: `Ansvarig för ${names[n]}` });
      await f.getByLabel('Ansvarig', { exact: true }).fill(who);
      await f.getByLabel('E-post').fill(mail);
      await f.getByRole('button', { name: 'Spara ansvarig' }).click();
      await f.waitFor({ state: 'detached' });
    }
    const flagged = section.getByRole('note', { name: 'Ansvariga som inte kan påminnas' });
    await flagged.getByText(`${NO_ADDRESS}: ${names[1]}`).waitFor();
    expect(await flagged.getByText('E2E Mottagare').count()).toBe(0);

    // the second is linked to an account whose person has an address: no longer flagged
    const link = page.getByRole('form', { name: `Ansvarigt konto för ${names[1]}` });
    expect(await link.getByLabel('Ansvarigt konto').inputValue()).toBe('');
    await link.getByLabel('Ansvarigt konto').selectOption({ label: 'E2E Ansvarig' });
    expect(await axe(page)).toEqual([]);
    await link.getByRole('button', { name: 'Spara konto' }).click();
    await flagged.getByText(NO_ADDRESS).waitFor({ state: 'detached' });
    await page.reload();
    expect(await page.getByRole('form', { name: `Ansvarigt konto för ${names[1]}` }).getByLabel('Ansvarigt konto').inputValue()).not.toBe('');
    await section.getByText('Inga automatiska påminnelser ännu.').waitFor();

    // one run of the automatic check five days before the deadline; the server refuses the first address
    smtp.reject(REFUSED);
    const run = await runDueReminders(t.server.db, { baseUrl: t.server.url, now: new Date('2026-08-09T07:00:00Z'), env: { SMTP_URL: smtp.url, REMINDER_DAYS_BEFORE: '7' } });
    expect(run.sent).toBeGreaterThanOrEqual(1);
    expect(run.failed).toBeGreaterThanOrEqual(1);
    await page.reload();
    const table = section.getByRole('table', { name: 'Automatiska påminnelser' });
    const refused = table.getByRole('row').filter({ hasText: REFUSED });
    await refused.waitFor();
    expect(await refused.getByRole('link', { name: names[0] }).count()).toBe(1);
    expect(await refused.getByRole('cell').last().innerText()).toMatch(/^Misslyckades \(försök 1\): E-postservern tog inte emot meddelandet: .*550.*\. Nytt försök 2026-08-09 09:05$/);
    const sent = table.getByRole('row').filter({ hasText: ACCOUNT_MAIL });
    expect(await sent.getByRole('link', { name: names[1] }).count()).toBe(1);
    expect(await sent.getByRole('cell').last().innerText()).toBe('Skickad 2026-08-09 09:00'); // Swedish time (CEST)
    expect(smtp.to(ACCOUNT_MAIL)).toHaveLength(1);
    expect(await axe(page)).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});

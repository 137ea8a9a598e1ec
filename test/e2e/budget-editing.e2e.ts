/**
 * Editing the budget follow-up in real Chromium (issue 17.6): a case officer
 * opens the adopted 2020 budget, types a budget for the period on one line of
 * the result report in Swedish ("−35 423 456 kr"), saves and sees the
 * deviation computed; a malformed amount is refused in Swedish; switching to
 * tkr shows the same deviation rounded from öre, and the choice is remembered.
 * Then an area's input of the 2026 draft is changed and its frame follows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations as axe, startBrowserTest, type BrowserTest, signInThroughForm } from '../helpers/browser.ts';
import { createUser } from '../../src/access/service.ts';
import { SYSTEM } from '../../src/access/model.ts';
import * as meetings from '../../src/meetings/service.ts';
import type { BudgetView } from '../../src/budget/service.ts';
import { formatKronor } from '../../src/kernel/kronor.ts';

const PASSWORD = 'ett långt lösenord för e2e-budgetredigering';
const NB = '\u00a0';

let t: BrowserTest;
let url: string;
let bodyId: number;
const pageErrors: string[] = [];

beforeAll(async () => {
  t = await startBrowserTest();
  url = t.server.url;
  bodyId = (await meetings.listBodies(t.server.db)).find((b) => /regional tillväxtnämnd/i.test(b.name))!.id;
});
afterAll(async () => {
  await t?.close();
});

describe('budgetuppföljningen redigeras i webbläsaren', () => {
  it('sparar budget för perioden, visar avvikelsen och byter till tkr', async () => {
    await createUser(t.server.db, SYSTEM, { username: 'budget.handlaggare', displayName: 'Budget Handläggare', password: PASSWORD, roles: ['case-officer'], personId: null });
    const page = await t.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await signInThroughForm(page, url, { username: 'budget.handlaggare', password: PASSWORD, displayName: 'Budget Handläggare' });
    const api = `${url}/api/bodies/${bodyId}/budgets/2020`;
    const before = (await (await page.request.get(api)).json()) as BudgetView;
    const outcome = before.reports[0]!.statement.otherCosts.outcomePeriod!;
    const budgetPeriod = outcome - 1_012_345_600; // the outcome 10 123 456 kr better than budget

    await page.goto(`${url}/budget/${bodyId}/2020`);
    await page.getByRole('heading', { level: 1, name: /Budget 2020/ }).waitFor();
    await page.getByText('Ändra uppföljningen januari–juli 2020').click();
    const field = page.getByRole('textbox', { name: 'Övriga kostnader, budget perioden' });
    await field.fill('35 4234 kr');
    await page.getByRole('button', { name: 'Spara uppföljningen' }).click();
    await page.getByRole('alert').filter({ hasText: 'Övriga kostnader, budget perioden:' }).waitFor();
    expect(await page.getByRole('alert').textContent()).toMatch(/felaktig siffergruppering/);

    await field.fill(formatKronor(budgetPeriod, 'kr'));
    await page.getByRole('button', { name: 'Spara uppföljningen' }).click();
    await page.getByRole('status').filter({ hasText: 'Sparat.' }).waitFor();
    const row = page.locator('table.result-report tr', { has: page.getByRole('rowheader', { name: 'Övriga kostnader' }) });
    const cell = row.locator('td').nth(2); // Avvikelse mot budget
    await expect.poll(async () => (await cell.textContent())?.trim(), { timeout: 30_000 }).toBe('10,1');
    const saved = (await (await page.request.get(api)).json()) as BudgetView;
    expect(saved.reports[0]!.statement.otherCosts.budgetPeriod).toBe(budgetPeriod);
    expect(saved.reports[0]!.version).toBe(before.reports[0]!.version + 1);

    await page.getByRole('radio', { name: 'tusen kronor (tkr)' }).check();
    await expect.poll(async () => (await cell.textContent())?.trim(), { timeout: 30_000 }).toBe(`10${NB}123`);
    expect(await page.getByText(/Belopp i tkr, avrundade till hela tusental kronor/).count()).toBe(1);
    await page.getByRole('radio', { name: 'kronor (kr)' }).check();
    await expect.poll(async () => (await cell.textContent())?.trim(), { timeout: 30_000 }).toBe(`10${NB}123${NB}456`);
    // the investments of seed 000 with their total, in kr
    const total = page.locator('table.investments tr', { has: page.getByRole('rowheader', { name: 'Summa' }) });
    expect((await total.locator('td').first().textContent())?.trim()).toBe(`100${NB}000`);

    // the choice is remembered
    await page.getByRole('radio', { name: 'tusen kronor (tkr)' }).check();
    await page.reload();
    await page.getByRole('heading', { level: 1, name: /Budget 2020/ }).waitFor();
    expect(await page.getByRole('radio', { name: 'tusen kronor (tkr)' }).isChecked()).toBe(true);
    expect(await axe(page)).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('ändrar ett områdes underlag i utkastet 2026 och visar den nya ramen; de övriga påhittade underlagen förblir märkta', async () => {
    const page = await t.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await signInThroughForm(page, url, { username: 'budget.handlaggare', password: PASSWORD, displayName: 'Budget Handläggare' });
    const api = `${url}/api/bodies/${bodyId}/budgets/2026`;
    const before = (await (await page.request.get(api)).json()) as BudgetView;
    const area = before.areas[0]!;
    await page.goto(`${url}/budget/${bodyId}/2026`);
    await page.getByRole('heading', { level: 1, name: /Budget 2026/ }).waitFor();
    await page.getByText('Ändra områdenas underlag och bidragen', { exact: true }).click();
    await page.getByRole('radio', { name: 'kronor (kr)' }).check();
    await page.getByRole('textbox', { name: `${area.name}, övriga kostnader` }).fill(formatKronor(area.otherCostOre + 10_000_000, 'kr'));
    // a new grant to the same area
    await page.getByRole('button', { name: 'Lägg till bidrag' }).click();
    const n = before.associations.length + 1;
    await page.getByRole('textbox', { name: `Nytt bidrag ${n}, mottagare` }).fill('Testföreningen');
    await page.getByRole('combobox', { name: 'Testföreningen, område' }).selectOption(area.name);
    await page.getByRole('textbox', { name: 'Testföreningen, bidrag' }).fill('50 000 kr');
    await page.getByRole('button', { name: 'Spara områden och bidrag' }).click();
    await page.getByRole('status').filter({ hasText: 'Sparat.' }).waitFor();
    const saved = (await (await page.request.get(api)).json()) as BudgetView;
    expect(saved.version).toBe(before.version + 1);
    expect(saved.areas[0]!.otherCostOre).toBe(area.otherCostOre + 10_000_000);
    const frame = saved.allocation!.areas[0]!.frameOre;
    expect(saved.associations.at(-1)).toEqual({ name: 'Testföreningen', kind: 'förening', area: area.name, grantOre: 5_000_000, upliftBp: null });
    // 100 000 kr more other costs and a 50 000 kr grant, both uprated 2,5 % (each product rounded once to whole kronor)
    expect(Math.abs(frame - before.allocation!.areas[0]!.frameOre - 10_250_000 - 5_125_000)).toBeLessThanOrEqual(100);
    const row = page.locator('table.budget-frames tr', { has: page.getByRole('rowheader', { name: area.name, exact: true }) });
    await expect.poll(async () => (await row.locator('td').last().textContent())?.trim(), { timeout: 30_000 }).toBe(formatKronor(frame, 'kr').replace(/\u00a0kr$/, ''));
    expect(saved.illustrativeInputs).toBe(true);
    await page.getByText('Konstruerade exempelvärden.').first().waitFor();
    expect(await axe(page)).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});

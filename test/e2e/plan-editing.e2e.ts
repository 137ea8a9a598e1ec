/**
 * Plan editing and follow-up in real Chromium (issue 17): the controller adds an
 * uppdrag to the 2026 draft with a responsible person and a deadline, moves it
 * up among its siblings and then under another mål, is refused in Swedish when
 * removing it after someone else changed it, adopts the plan (the editor
 * becomes a read-only note), starts the interim report, enters a status and a
 * comment for the new uppdrag and a styrtal's outcome as a number with its
 * unit, sees the mål's status rolled up, hands the report in and locks it – after
 * which nothing on the page can be changed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { axeViolations as axe, signInThroughForm, startBrowserTest, type BrowserTest } from '../helpers/browser.ts';
import { createUser } from '../../src/access/service.ts';
import { SYSTEM } from '../../src/access/model.ts';

const PASSWORD = 'ett långt lösenord för e2e';
const NEW_TEXT = 'Att kartlägga kompetensbehoven i länets företag.';
let t: BrowserTest;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  t = await startBrowserTest();
  // the committee's controller: edits and follows up plans, and (as nämndsekreterare) adopts and locks
  await createUser(t.server.db, SYSTEM, { username: 'e2e.controller', displayName: 'E2E Controller', password: PASSWORD, roles: ['secretary'], personId: null });
  page = await t.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('dialog', (d) => void d.accept());
  await signInThroughForm(page, t.server.url, { username: 'e2e.controller', password: PASSWORD, displayName: 'E2E Controller' });
});
afterAll(async () => {
  await t?.close();
});

const editor = () => page.getByRole('region', { name: 'Redigera utkastet' });
/** The labels of the outline rows directly under the row whose label starts with `parent`, in order. */
async function childLabels(parent: string): Promise<string[]> {
  return page.evaluate((prefix) => {
    const strong = [...document.querySelectorAll('.plan-edit .plan-edit-item > span > strong')].find((e) => e.textContent?.startsWith(prefix));
    const li = strong?.closest('li');
    if (!li) return [];
    return [...li.querySelectorAll(':scope > ol > li > .plan-edit-item > span > strong')].map((e) => e.textContent ?? '');
  }, parent);
}

describe('verksamhetsplanen redigeras och följs upp i webbläsaren', () => {
  it('adds an uppdrag to the draft, moves it up and then under another mål', async () => {
    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Verksamhetsplan' }).click();
    await page.getByRole('link', { name: 'Verksamhetsplan med budget 2026' }).click();
    await editor().waitFor();

    await editor().getByRole('button', { name: /^Lägg till under Mål 4\.3:/ }).click();
    const form = editor().getByRole('form', { name: /^Ny post under Mål 4\.3:/ });
    await form.getByLabel('Typ av post').selectOption('assignment');
    await form.getByLabel('Text').fill(NEW_TEXT);
    await form.getByLabel('Ursprung').fill('Förslag till DN 2026');
    await form.getByLabel('Mottagare').fill('Förvaltningen');
    await form.getByLabel('Ansvarig').fill('E2E Controller');
    await form.getByLabel('Sista datum').fill('2026-06-30');
    expect(await axe(page)).toEqual([]);
    await form.getByRole('button', { name: 'Lägg till' }).click();
    await form.waitFor({ state: 'detached' });
    const label = `Uppdrag: ${NEW_TEXT}`;
    await editor().getByText('Ansvarig: E2E Controller, senast 2026-06-30').waitFor();
    const under43 = await childLabels('Mål 4.3:');
    expect(under43.at(-1)).toBe(label);

    // one place up: it swaps with the sibling above it
    await editor().getByRole('button', { name: `Flytta upp ${label}` }).click();
    await expect.poll(() => childLabels('Mål 4.3:')).toEqual([...under43.slice(0, -2), label, under43.at(-2)]);
    expect(await editor().getByRole('button', { name: `Flytta ned ${label}` }).isEnabled()).toBe(true);

    // under another parent: mål 4.1.1
    await editor().getByRole('button', { name: `Flytta till … ${label}` }).click();
    const select = editor().getByLabel(`Ny plats för ${label}`);
    const value = await select.locator('option', { hasText: /Mål 4\.1\.1:/ }).getAttribute('value');
    await select.selectOption(value!);
    await editor().getByRole('button', { name: 'Flytta hit' }).click();
    await editor().getByRole('button', { name: 'Flytta hit' }).waitFor({ state: 'detached' });
    await expect.poll(async () => (await childLabels('Mål 4.1.1:')).at(-1)).toBe(label);
    expect(await childLabels('Mål 4.3:')).not.toContain(label);

    // someone else changes it meanwhile: this page's removal, based on what it saw, is refused in Swedish
    const other = await t.newPage();
    other.on('pageerror', (e) => pageErrors.push(e.message));
    await signInThroughForm(other, t.server.url, { username: 'e2e.controller', password: PASSWORD, displayName: 'E2E Controller' });
    await other.goto(page.url());
    const otherEditor = other.getByRole('region', { name: 'Redigera utkastet' });
    await otherEditor.getByRole('button', { name: `Ändra ${label}` }).click();
    const change = otherEditor.getByRole('form', { name: `Ändra ${label}` });
    await change.getByLabel('Ansvarig').fill('Någon Annan');
    await change.getByRole('button', { name: 'Spara ändringen' }).click();
    await otherEditor.getByText('Ansvarig: Någon Annan, senast 2026-06-30').waitFor();
    await other.close();
    await editor().getByRole('button', { name: `Ta bort ${label}` }).click();
    await editor().getByRole('alert').filter({ hasText: /^Uppdrag har ändrats sedan du hämtade den \(din version \d+, nu \d+\)\. Ladda om/ }).waitFor();
    await page.reload();
    await editor().getByText('Ansvarig: Någon Annan, senast 2026-06-30').waitFor();

    // the plan's own view shows it in focus area 4.1.1 with its origin
    const area = page.getByRole('region', { name: 'Fokusområde 4.1.1 Innovationsstöds- och företagsfrämjande system' });
    await area.getByText(`${NEW_TEXT} (Förslag till DN 2026)`).waitFor();
    expect(pageErrors).toEqual([]);
  });

  it('adopts the plan: the editor gives way to a read-only note', async () => {
    await page.getByRole('button', { name: 'Fastställ planen' }).click();
    await page.locator('p.lead').getByText(/^Fastställd \d{4}-\d{2}-\d{2}$/).waitFor();
    await page.getByText('Verksamhetsplan 2026 är fastställd och kan inte ändras.', { exact: false }).waitFor();
    expect(await page.getByRole('region', { name: 'Redigera utkastet' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /^Flytta upp/ }).count()).toBe(0);
  });

  it('follows up the new uppdrag and a styrtal in the interim report, then hands it in and locks it', async () => {
    await page.getByRole('button', { name: 'Påbörja rapport' }).click();
    await page.getByRole('link', { name: 'Delårsrapport januari–juli 2026' }).click();
    await page.getByRole('heading', { level: 1, name: 'Delårsrapport januari–juli 2026 – Regional tillväxtnämnd' }).waitFor();
    await page.getByRole('heading', { name: 'Rapportens status: Öppen' }).waitFor();
    await page.getByRole('row', { name: 'Uppdrag 0 0 0 29' }).waitFor();

    await page.getByRole('button', { name: `Följ upp uppdrag: ${NEW_TEXT}` }).click();
    const entry = page.getByRole('form', { name: /^Uppföljning av uppdrag: Att kartlägga/ });
    await entry.getByLabel(/^Status för uppdrag:/).selectOption('partly');
    await entry.getByLabel('Kommentar').fill('Kartläggningen har startat; enkäten går ut i september.');
    await entry.getByRole('button', { name: 'Spara uppföljningen' }).click();
    await entry.waitFor({ state: 'detached' });
    await page.getByText('Kommentar: Kartläggningen har startat; enkäten går ut i september.').waitFor();
    await page.getByRole('row', { name: 'Uppdrag 0 1 0 28' }).waitFor();
    // mål 4.1.1 follows its uppdrag: delvis uppfyllt, rolled up
    await page.getByRole('row', { name: 'Nämndens mål 0 1 0 3' }).waitFor();
    const goal = page.locator('li[data-kind="objective"]').filter({ hasText: 'Öka länets konkurrens- och attraktionskraft' }).first();
    expect(await goal.locator(':scope > .report-entry .report-status').first().textContent()).toBe('Delvis uppfyllt (gul) – sammanvägd');

    await page.getByRole('button', { name: /^Följ upp styrtal: Antal gästnätter/ }).click();
    const ind = page.getByRole('form', { name: /^Uppföljning av styrtal: Antal gästnätter/ });
    await ind.getByLabel(/^Status för styrtal:/).selectOption('met');
    await ind.getByLabel('Utfall (tal)').fill('1 300,5');
    await ind.getByLabel('Enhet').fill('tusen');
    expect(await axe(page)).toEqual([]);
    await ind.getByRole('button', { name: 'Spara uppföljningen' }).click();
    await ind.waitFor({ state: 'detached' });
    await page.getByText('Utfall: 1 300,5 tusen').waitFor();

    await page.getByRole('button', { name: 'Lämna in rapporten' }).click();
    await page.getByRole('heading', { name: 'Rapportens status: Inlämnad' }).waitFor();
    expect(await page.getByRole('button', { name: /^Följ upp/ }).count()).toBe(0);
    await page.getByRole('button', { name: 'Lås rapporten' }).click();
    await page.getByRole('heading', { name: 'Rapportens status: Låst' }).waitFor();
    await page.getByText(/^Låst \d{4}-\d{2}-\d{2} av e2e\.controller\. Rapporten är skrivskyddad\.$/).waitFor();
    expect(await page.getByRole('button', { name: /^(Följ upp|Lås rapporten|Öppna rapporten igen|Lämna in rapporten)/ }).count()).toBe(0);
    // stored: a fresh load shows the locked report with what was entered
    await page.reload();
    await page.getByRole('heading', { name: 'Rapportens status: Låst' }).waitFor();
    await page.getByText('Kommentar: Kartläggningen har startat; enkäten går ut i september.').waitFor();
    expect(await axe(page)).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});

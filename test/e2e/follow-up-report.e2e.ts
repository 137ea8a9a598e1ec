/**
 * A delårsrapport filled in, signed off, locked and exported in real Chromium
 * (issue 17.2, 17.7): the controller adopts the 2026 plan, starts the interim
 * report with a deadline, enters a styrtal's outcome, prognos and comment,
 * signs the entry off, follows the summary matrix per level and origin through
 * to the item, hands the report in and locks it, and downloads it as PDF and as
 * xlsx through the page's links – both read back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { axeViolations as axe, signInThroughForm, startBrowserTest, type BrowserTest } from '../helpers/browser.ts';
import { readPdf } from '../helpers/pdf.ts';
import { readXlsx } from '../helpers/xlsx.ts';
import { createUser } from '../../src/access/service.ts';
import { SYSTEM } from '../../src/access/model.ts';

const PASSWORD = 'ett långt lösenord för e2e';
const COMMENT = 'Gästnätterna ökar efter en stark vår; sommaren avgör.';
let t: BrowserTest;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  t = await startBrowserTest();
  await createUser(t.server.db, SYSTEM, { username: 'e2e.controller', displayName: 'E2E Controller', password: PASSWORD, roles: ['secretary'], personId: null });
  page = await t.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('dialog', (d) => void d.accept());
  await signInThroughForm(page, t.server.url, { username: 'e2e.controller', password: PASSWORD, displayName: 'E2E Controller' });
});
afterAll(async () => {
  await t?.close();
});

describe('delårsrapporten fylls i, signeras, låses och exporteras', () => {
  it('fills a styrtal with outcome, prognos and comment, signs it off and follows the matrix to it', async () => {
    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Verksamhetsplan' }).click();
    await page.getByRole('link', { name: 'Verksamhetsplan med budget 2026' }).click();
    await page.getByRole('button', { name: 'Fastställ planen' }).click();
    await page.locator('p.lead').getByText(/^Fastställd \d{4}-\d{2}-\d{2}$/).waitFor();

    await page.getByLabel('Sista dag för ansvariga').fill('2026-08-14');
    await page.getByRole('button', { name: 'Påbörja rapport' }).click();
    await page.getByRole('link', { name: 'Delårsrapport januari–juli 2026' }).click();
    await page.getByRole('heading', { level: 1, name: 'Delårsrapport januari–juli 2026 – Regional tillväxtnämnd' }).waitFor();
    expect(await page.getByLabel('Sista dag', { exact: true }).inputValue()).toBe('2026-08-14');

    await page.getByRole('button', { name: /^Följ upp styrtal: Antal gästnätter/ }).click();
    const form = page.getByRole('form', { name: /^Uppföljning av styrtal: Antal gästnätter/ });
    await form.getByLabel(/^Status för styrtal:/).selectOption('met');
    await form.getByLabel('Utfall (tal)').fill('1 250');
    await form.getByLabel('Enhet').fill('tusen');
    await form.getByLabel('Prognos (tal)').fill('1 310,5');
    await form.getByLabel('Prognos, kommentar').fill('Sommaren ser stark ut.');
    await form.getByLabel('Kommentar', { exact: true }).fill(COMMENT);
    expect(await axe(page)).toEqual([]);
    await form.getByRole('button', { name: 'Spara uppföljningen' }).click();
    await form.waitFor({ state: 'detached' });
    await page.getByText('Utfall: 1 250 tusen').waitFor();
    await page.getByText('Prognos: 1 310,5 tusen, Sommaren ser stark ut.').waitFor();
    await page.getByText(`Kommentar: ${COMMENT}`).waitFor();

    const entry = page.locator('li[data-kind="indicator"]').filter({ hasText: COMMENT });
    await entry.getByText('Ej signerad').waitFor();
    await entry.getByRole('button', { name: /^Signera styrtal: Antal gästnätter/ }).click();
    await entry.getByText(/^Signerad \d{4}-\d{2}-\d{2} av e2e\.controller$/).waitFor();

    // the summary per level and origin counts it green; its cell lists it, linked to the item
    const matrix = page.getByRole('table', { name: 'Prognos måluppfyllelse per nivå och ursprung' });
    const cell = matrix.getByRole('button', { name: /^Styrtal från (regionfullmäktige|nämnden), grön: 1$/ });
    await cell.click();
    const list = page.getByRole('region', { name: /^Styrtal från (regionfullmäktige|nämnden), grön$/ });
    const link = list.getByRole('link', { name: /^styrtal: Antal gästnätter/ });
    const href = await link.getAttribute('href');
    expect(await page.locator(href!).filter({ hasText: COMMENT }).count()).toBe(1);
    await link.click();
    expect(new URL(page.url()).hash).toBe(href);
    expect(await axe(page)).toEqual([]);
  });

  it('hands the report in and locks it, then exports it as PDF and xlsx and reads both back', async () => {
    await page.getByRole('button', { name: 'Lämna in rapporten' }).click();
    await page.getByRole('heading', { name: 'Rapportens status: Inlämnad' }).waitFor();
    await page.getByRole('button', { name: 'Lås rapporten' }).click();
    await page.getByRole('heading', { name: 'Rapportens status: Låst' }).waitFor();
    expect(await page.getByRole('button', { name: /^(Signera|Följ upp|Skicka påminnelser)/ }).count()).toBe(0);
    // the sign-off and the entry stay on the locked report
    await page.reload();
    await page.getByRole('heading', { name: 'Rapportens status: Låst' }).waitFor();
    await page.getByText(/^Signerad \d{4}-\d{2}-\d{2} av e2e\.controller$/).waitFor();

    const pdfHref = await page.getByRole('link', { name: 'Rapporten som PDF' }).getAttribute('href');
    const pdf = await page.request.get(new URL(pdfHref!, page.url()).toString());
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    const text = (await readPdf(await pdf.body())).pages.join('\n').replace(/\s+/g, ' ');
    expect(text).toMatch(/Låst \d{4}-\d{2}-\d{2}\./);
    expect(text).toContain('Sammanfattning uppföljning av mål och uppdrag Prognos måluppfyllelse');
    expect(text).toContain('Status: Uppfyllt (grön) – Utfall: 1 250 tusen');
    expect(text).toContain('Prognos: 1 310,5 tusen, Sommaren ser stark ut.');
    expect(text).toContain(`Kommentar: ${COMMENT}`);
    expect(text).toMatch(/Signerad \d{4}-\d{2}-\d{2} av e2e\.controller/);

    const xlsxHref = await page.getByRole('link', { name: 'Rapporten som Excel' }).getAttribute('href');
    const x = await page.request.get(new URL(xlsxHref!, page.url()).toString());
    expect(x.status()).toBe(200);
    expect(x.headers()['content-disposition']).toContain('attachment; filename="delarsrapport-januari-juli-2026-regional-tillvaxtnamnd.xlsx"');
    const [summary, items] = await readXlsx(await x.body());
    expect(summary!.name).toBe('Sammanfattning');
    const row = Object.entries(items!.values).find(([addr, v]) => addr.startsWith('L') && v === COMMENT)![0].slice(1);
    expect(String(items!.values[`C${row}`])).toMatch(/^Antal gästnätter/);
    expect(items!.values[`E${row}`]).toBe('Uppfyllt (grön)');
    expect(items!.values[`G${row}`]).toBe(1250);
    expect(items!.values[`H${row}`]).toBe('tusen');
    expect(items!.values[`J${row}`]).toBe(1310.5);
    expect(items!.values[`N${row}`]).toBe('e2e.controller');
    expect(pageErrors).toEqual([]);
  });
});

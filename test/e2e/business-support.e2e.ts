/**
 * The business-support register in real Chromium (issue 16.6): a handläggare
 * filters the register (avslag only: the sums follow), enters a decision by
 * hand, imports an export (the preview shows each row's fate and writes
 * nothing; the confirmation saves it), and corrects a row; the public sees
 * the register with the natural person's name masked. axe clean.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { axeViolations as axe, startBrowserTest, type BrowserTest, signInThroughForm } from '../helpers/browser.ts';
import { createUser } from '../../src/access/service.ts';
import { SYSTEM } from '../../src/access/model.ts';

const PASSWORD = 'ett långt lösenord för företagsstöden';
let t: BrowserTest;
const pageErrors: string[] = [];

beforeAll(async () => {
  t = await startBrowserTest();
  await createUser(t.server.db, SYSTEM, { username: 'hanna.handlaggare', displayName: 'Hanna Handläggare', password: PASSWORD, roles: ['case-officer'], personId: null });
});
afterAll(async () => {
  await t?.close();
});

const sums = async (page: Page) => {
  const dl = page.getByLabel('Summor för urvalet');
  const dt = await dl.locator('dt').allTextContents();
  const dd = await dl.locator('dd').allTextContents();
  return Object.fromEntries(dt.map((k, i) => [k, dd[i]]));
};
const rowsOf = (page: Page) => page.getByRole('table', { name: 'Beslut om företagsstöd' }).locator('tbody tr');

const EXPORT = [
  'Ärende-id;Diarienummer;Stöd;Företag;Kön;Kommun;Beslut;Belopp;Beslutsfattare;Beslutsdatum',
  'Regt-700-25;25RS0700;Mikrobidrag;Lindesbergs Smide AB;M;Lindesberg;Beviljat;60 000;Anna Andersson;2025-05-02',
  'Regt-701-25;;Mikrobidrag;Grythyttans Bageri AB;K;Hällefors;Beviljat;45 000;Anna Andersson;2025-05-03',
  'Regt-702-25;;Investeringsbidrag;Fel AB;X;Nora;Beviljat;;Anna Andersson;2025-05-04',
].join('\r\n');

describe('Företagsstöd i webbläsaren', () => {
  it('filtrerar, registrerar för hand, läser in en export och rättar en rad', async () => {
    const page = await t.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await signInThroughForm(page, t.server.url, { username: 'hanna.handlaggare', password: PASSWORD, displayName: 'Hanna Handläggare' });
    await page.getByRole('navigation').getByRole('link', { name: 'Företagsstöd' }).click();
    await page.getByRole('heading', { level: 1, name: 'Företagsstöd' }).waitFor();
    const register = page.getByRole('region', { name: 'Registret' });
    await rowsOf(page).first().waitFor();
    const all = await sums(page);
    expect(Number(all['Antal beslut'])).toBe(await rowsOf(page).count());

    // avslag only: every row says Avslag, and nothing is granted
    await register.getByLabel('Beslut', { exact: true }).selectOption({ label: 'Avslag' });
    await page.getByLabel('Summor för urvalet').getByText('0\u00a0kr', { exact: true }).first().waitFor();
    const rejected = await sums(page);
    expect(rejected['Beviljat belopp']).toBe('0\u00a0kr');
    expect(Number(rejected['Antal beslut'])).toBe(await rowsOf(page).count());
    expect(Number(rejected['Avslag'])).toBeGreaterThan(0);
    for (const cells of await rowsOf(page).evaluateAll((trs) => trs.map((tr) => tr.children[6]?.textContent))) expect(cells).toBe('Avslag');
    await register.getByLabel('Beslut', { exact: true }).selectOption({ label: 'Beviljat och avslag' });

    // a decision entered by hand
    await page.getByRole('button', { name: 'Registrera beslut' }).click();
    const form = page.getByRole('region', { name: 'Registrera beslut om företagsstöd' });
    await form.getByLabel('Ärende-id i det nationella systemet').fill('Regt-699-25');
    await form.getByLabel('Stöd', { exact: true }).fill('Mikrobidrag');
    await form.getByLabel('Företag (stödmottagare)').fill('Maja Nordström');
    await form.getByLabel('Kön').selectOption({ label: 'Kvinna (K)' });
    await form.getByLabel('Kommun').fill('Nora');
    await form.getByLabel('Beslutsdatum').fill('2025-04-30');
    await form.getByLabel('Beslutsfattare').fill('Anna Andersson');
    await form.getByLabel('Beviljat belopp').fill('50 000');
    await form.getByRole('button', { name: 'Registrera beslutet' }).click();
    await form.waitFor({ state: 'detached' });
    await register.getByLabel('År', { exact: true }).selectOption('2025');
    await register.getByRole('cell', { name: 'Maja Nordström' }).waitFor();
    expect((await sums(page))['Beviljat belopp']).toBe('50\u00a0000\u00a0kr');

    // the import: the preview writes nothing
    await page.getByRole('button', { name: 'Läs in export' }).click();
    const imp = page.getByRole('region', { name: 'Läs in export från det nationella systemet' });
    await imp.getByLabel('Fil (CSV eller xlsx)').setInputFiles({ name: 'nyps-export.csv', mimeType: 'text/csv', buffer: Buffer.from(EXPORT, 'utf8') });
    await imp.getByRole('button', { name: 'Förhandsgranska' }).click();
    const status = imp.getByRole('status');
    await status.waitFor();
    expect(await status.textContent()).toBe('3 rader: 2 skapas, 0 uppdateras, 0 oförändrade, 1 vägras.');
    expect(await imp.getByRole('row', { name: /Vägras/ }).textContent()).toContain('Kön "X" är inte K, M eller tomt (blandat); beviljat stöd utan belopp.');
    expect(await register.getByRole('cell', { name: 'Lindesbergs Smide AB' }).count()).toBe(0);
    await imp.getByRole('button', { name: 'Bekräfta inläsningen' }).click();
    await imp.getByText('Inläsningen är sparad: 2 beslut skapades och 0 uppdaterades; 0 var oförändrade och 1 vägrades.').waitFor();
    await register.getByRole('cell', { name: 'Lindesbergs Smide AB' }).waitFor();
    expect((await sums(page))['Beviljat belopp']).toBe('155\u00a0000\u00a0kr');
    expect(await axe(page)).toEqual([]);

    // a correction of one row, on its own page
    await register.getByRole('link', { name: '25RS0700 / Regt-700-25' }).click();
    await page.getByRole('heading', { level: 1, name: 'Mikrobidrag: Lindesbergs Smide AB' }).waitFor();
    const fix = page.getByRole('region', { name: 'Rätta beslutet' });
    await fix.getByLabel('Beviljat belopp').fill('65 000');
    await fix.getByRole('button', { name: 'Spara rättelsen' }).click();
    await page.getByText('Rättelsen är sparad.').waitFor();
    await page.getByText('65\u00a0000\u00a0kr för 2025').waitFor();
    expect(await page.locator('main').textContent()).toContain('Beviljat, 65\u00a0000\u00a0kr');
    expect(await axe(page)).toEqual([]);
  });

  it('visar registret för allmänheten utan fysiska personers namn', async () => {
    const page = await t.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(`${t.server.url}/foretagsstod`);
    const register = page.getByRole('region', { name: 'Registret' });
    await rowsOf(page).first().waitFor();
    await register.getByLabel('År', { exact: true }).selectOption('2025');
    await register.getByRole('cell', { name: 'Lindesbergs Smide AB' }).waitFor();
    expect(await page.locator('main').textContent()).not.toContain('Maja Nordström');
    await register.getByRole('cell', { name: 'Enskild näringsidkare' }).waitFor();
    expect(await page.getByRole('button', { name: 'Registrera beslut' }).count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });
});

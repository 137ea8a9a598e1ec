/**
 * One follow-up cycle in real Chromium (issue 17, "Tests:"): the committee's
 * controller edits the 2026 draft plan – adds a styrtal measured by a KPI
 * series chosen from the list and changes another styrtal's responsible
 * person – adopts it, starts the delårsrapport, enters the new styrtal's
 * outcome from the value its series shows on the report, with a comment,
 * hands the report in and locks it, downloads it as PDF and as xlsx through
 * the page's links and reads both back (pdftotext, exceljs), then points the
 * styrtal to a heading of the state report on the year's follow-up page and
 * finds the same comment and value in the 2026 state report under "Ur
 * uppföljningen". Written once, shown in all three.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Download, Page } from 'playwright-core';
import { axeViolations as axe, signInThroughForm, startBrowserTest, type BrowserTest } from '../helpers/browser.ts';
import { readXlsx } from '../helpers/xlsx.ts';
import { createUser } from '../../src/access/service.ts';
import { SYSTEM } from '../../src/access/model.ts';

const PASSWORD = 'ett långt lösenord för e2e';
const NEW_TEXT = 'Arbetslösheten bland invånare 16–64 år ska minska.';
const COMMENT = 'Arbetslösheten har sjunkit något under våren; insatserna för unga fortsätter.';
const label = `Styrtal: ${NEW_TEXT}`;
let t: BrowserTest;
let page: Page;
let dir: string;
const pageErrors: string[] = [];
/** The value and unit the new styrtal's series showed on the report, as entered. */
let kpiValue = '';
let kpiUnit = '';

beforeAll(async () => {
  t = await startBrowserTest();
  dir = mkdtempSync(path.join(tmpdir(), 'styrbord-uppfoljning-e2e-'));
  // the committee's controller: plan.edit and report.edit as any staff, plan.adopt (adopt, lock) as nämndsekreterare
  await createUser(t.server.db, SYSTEM, { username: 'e2e.controller', displayName: 'E2E Controller', password: PASSWORD, roles: ['secretary'], personId: null });
  page = await t.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('dialog', (d) => void d.accept());
  await signInThroughForm(page, t.server.url, { username: 'e2e.controller', password: PASSWORD, displayName: 'E2E Controller' });
});
afterAll(async () => {
  await t?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const editor = () => page.getByRole('region', { name: 'Redigera utkastet' });

/** Clicks a link that downloads and saves the file; returns its path and suggested name. */
async function download(linkName: string): Promise<{ file: string; name: string }> {
  const downloading = page.waitForEvent('download');
  await page.getByRole('link', { name: linkName }).click();
  const d: Download = await downloading;
  const file = path.join(dir, d.suggestedFilename());
  await d.saveAs(file);
  return { file, name: d.suggestedFilename() };
}

describe('en uppföljning från planutkast till återrapportering', () => {
  it('edits the draft: adds a styrtal with its KPI series and changes another, then adopts the plan', async () => {
    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Verksamhetsplan' }).click();
    await page.getByRole('link', { name: 'Verksamhetsplan med budget 2026' }).click();
    await editor().waitFor();

    await editor().getByRole('button', { name: /^Lägg till under Mål 4\.3:/ }).click();
    const form = editor().getByRole('form', { name: /^Ny post under Mål 4\.3:/ });
    await form.getByLabel('Typ av post').selectOption('indicator');
    await form.getByLabel('Text').fill(NEW_TEXT);
    await form.getByLabel('Ursprung').fill('Förslag till DN 2026');
    const series = form.getByLabel('Nyckeltalsserie');
    const seriesValue = await series.locator('option', { hasText: /^N00928 – / }).getAttribute('value');
    await series.selectOption(seriesValue!);
    await form.getByLabel('Ansvarig').fill('E2E Controller');
    await form.getByLabel('Sista datum').fill('2026-08-14');
    expect(await axe(page)).toEqual([]);
    await form.getByRole('button', { name: 'Lägg till' }).click();
    await form.waitFor({ state: 'detached' });
    await editor().getByText(label).waitFor();

    // another styrtal of the draft changes hands
    const other = editor().getByRole('button', { name: /^Ändra Styrtal: Antal nystartade företag/ });
    const otherName = (await other.getAttribute('aria-label'))!.replace(/^Ändra /, '');
    await other.click();
    const change = editor().getByRole('form', { name: `Ändra ${otherName}` });
    await change.getByLabel('Ansvarig').fill('Näringslivsenheten');
    await change.getByRole('button', { name: 'Spara ändringen' }).click();
    await change.waitFor({ state: 'detached' });
    await editor().getByText('Ansvarig: Näringslivsenheten', { exact: false }).first().waitFor();

    await page.getByRole('button', { name: 'Fastställ planen' }).click();
    await page.locator('p.lead').getByText(/^Fastställd \d{4}-\d{2}-\d{2}$/).waitFor();
    expect(await page.getByRole('region', { name: 'Redigera utkastet' }).count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });

  it('fills the delårsrapport with the styrtal’s KPI value and a comment, hands it in and locks it', async () => {
    await page.getByRole('button', { name: 'Påbörja rapport' }).click();
    await page.getByRole('link', { name: 'Delårsrapport januari–juli 2026' }).click();
    await page.getByRole('heading', { level: 1, name: 'Delårsrapport januari–juli 2026 – Regional tillväxtnämnd' }).waitFor();
    await page.getByRole('heading', { name: 'Rapportens status: Öppen' }).waitFor();

    // the series' latest value, as the report shows it beside the styrtal
    const entry = page.locator('li[data-kind="indicator"]').filter({ hasText: NEW_TEXT });
    const latest = (await entry.locator('.kpi-badge[data-kpi="N00928"] .kpi-latest').first().textContent())!.trim();
    const m = /^(-?[\d\s\u00a0]+(?:,\d+)?)\s*(.*)$/.exec(latest);
    expect(m, `senaste värdet: ${latest}`).not.toBeNull();
    kpiValue = m![1]!.replace(/[\s\u00a0]/g, '');
    kpiUnit = m![2]!.trim();
    expect(kpiValue).toMatch(/^\d+(,\d+)?$/);
    expect(kpiUnit).toBe('%');

    await page.getByRole('button', { name: `Följ upp ${label.replace(/^Styrtal/, 'styrtal')}` }).click();
    const f = page.getByRole('form', { name: `Uppföljning av ${label.replace(/^Styrtal/, 'styrtal')}` });
    await f.getByLabel(/^Status för styrtal:/).selectOption('met');
    await f.getByLabel('Utfall (tal)').fill(kpiValue);
    await f.getByLabel('Enhet').fill(kpiUnit);
    await f.getByLabel('Kommentar', { exact: true }).fill(COMMENT);
    expect(await axe(page)).toEqual([]);
    await f.getByRole('button', { name: 'Spara uppföljningen' }).click();
    await f.waitFor({ state: 'detached' });
    await entry.getByText(`Utfall: ${kpiValue} ${kpiUnit}`).waitFor();
    await entry.getByText(`Kommentar: ${COMMENT}`).waitFor();

    await page.getByRole('button', { name: 'Lämna in rapporten' }).click();
    await page.getByRole('heading', { name: 'Rapportens status: Inlämnad' }).waitFor();
    await page.getByRole('button', { name: 'Lås rapporten' }).click();
    await page.getByRole('heading', { name: 'Rapportens status: Låst' }).waitFor();
    expect(await page.getByRole('button', { name: /^(Följ upp|Lås rapporten|Lämna in rapporten)/ }).count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });

  it('downloads the locked report as PDF and xlsx and finds the comment and the value in both', async () => {
    // the PDF opens in the browser (served inline, so no download event, and Chromium's viewer keeps the bytes
    // from the page): the link's navigation is checked, the same address fetched in the signed-in context and saved
    const reportUrl = page.url();
    const receiving = page.waitForResponse((r) => new URL(r.url()).pathname.endsWith('/report.pdf') && r.request().method() === 'GET');
    await page.getByRole('link', { name: 'Rapporten som PDF' }).click();
    const response = await receiving;
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toBe('application/pdf');
    expect(response.headers()['content-disposition']).toMatch(/filename="?delarsrapport-januari-juli-2026-[^"]*\.pdf/);
    const fetched = await page.context().request.get(response.url());
    expect(fetched.status()).toBe(200);
    const pdfFile = path.join(dir, 'rapport.pdf');
    writeFileSync(pdfFile, await fetched.body());
    expect(readFileSync(pdfFile).subarray(0, 5).toString()).toBe('%PDF-');
    const text = execFileSync('pdftotext', ['-layout', pdfFile, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(text).toMatch(/Låst \d{4}-\d{2}-\d{2}/);
    expect(text).toContain(NEW_TEXT);
    expect(text).toContain(`Utfall: ${kpiValue} ${kpiUnit}`);
    expect(text).toContain(COMMENT);

    await page.goto(reportUrl);
    await page.getByRole('heading', { name: 'Rapportens status: Låst' }).waitFor();
    // the workbook is an attachment: a real download
    const xlsx = await download('Rapporten som Excel');
    expect(xlsx.name).toMatch(/^delarsrapport-januari-juli-2026-.*\.xlsx$/);
    const sheets = await readXlsx(readFileSync(xlsx.file));
    const items = sheets.find((s) => Object.values(s.values).includes(COMMENT));
    expect(items, 'kommentaren i arbetsboken').toBeDefined();
    const addr = Object.entries(items!.values).find(([, v]) => v === COMMENT)![0];
    const row = addr.replace(/^[A-Z]+/, '');
    const rowValues = Object.entries(items!.values).filter(([a]) => a.replace(/^[A-Z]+/, '') === row).map(([, v]) => v);
    expect(rowValues.some((v) => typeof v === 'string' && v.startsWith(NEW_TEXT))).toBe(true);
    // the outcome as a number, not text
    expect(rowValues).toContain(Number(kpiValue.replace(',', '.')));
    expect(rowValues).toContain(kpiUnit);
  });

  it('points the styrtal to a state report heading and finds the same text in the 2026 state report', async () => {
    await page.goto(`${t.server.url}/uppfoljning/2026`);
    await page.getByRole('heading', { level: 1, name: 'Uppföljning 2026' }).waitFor();
    const select = page.getByLabel('Koppla en post till avsnitt 1.2.1');
    const value = await select.locator('option', { hasText: NEW_TEXT }).getAttribute('value');
    await select.selectOption(value!);
    const section = page.getByRole('region', { name: /^1\.2\.1 / });
    await section.getByRole('button', { name: 'Koppla' }).click();
    const here = page.getByRole('list', { name: 'Ur uppföljningen, avsnitt 1.2.1' });
    await here.getByText(COMMENT).waitFor();
    expect(await axe(page)).toEqual([]);

    await page.getByRole('link', { name: 'Öppna återrapporteringen' }).click();
    const list = page.getByRole('list', { name: 'Ur uppföljningen, avsnitt 1.2.1' });
    await list.waitFor();
    const item = list.getByRole('listitem').filter({ hasText: NEW_TEXT });
    await item.getByText(COMMENT, { exact: true }).waitFor();
    expect(await item.textContent()).toContain(`utfall ${kpiValue} ${kpiUnit}`);
    await item.getByRole('link', { name: 'delårsrapport januari–juli 2026' }).waitFor();
    // only there: no other heading got it
    expect(await page.getByRole('listitem').filter({ hasText: COMMENT }).count()).toBe(1);
    expect(await axe(page)).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});

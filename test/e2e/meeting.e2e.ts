/**
 * The UI in real Chromium: from the start page to the 2020-08-24 meeting, a
 * case and its meetings, search by presenter, and registering a case.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startTestServer } from '../helpers/server.ts';
import { createUser } from '../../src/access/service.ts';
import { SYSTEM } from '../../src/access/model.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const WEB_INDEX = fileURLToPath(new URL('../../web/dist/index.html', import.meta.url));

let server: Awaited<ReturnType<typeof startTestServer>>;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  if (!existsSync(WEB_INDEX)) {
    const { build } = await import('vite');
    await build({ configFile: fileURLToPath(new URL('../../web/vite.config.ts', import.meta.url)), logLevel: 'warn' });
  }
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium saknas (${CHROMIUM}); installera med apt-get install chromium.`);
  server = await startTestServer();
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const context = await browser.newContext({ locale: 'sv-SE', viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (e) => pageErrors.push(e.message));
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const text = async (selector: string) => (await page.locator(selector).first().textContent()) ?? '';

describe('Styrbord i webbläsaren', () => {
  it('visar sammanträdet 2020-08-24 med punkt 4 och dess att-satser', async () => {
    await page.goto(`${server.url}/`);
    expect(await page.getAttribute('html', 'lang')).toBe('sv');
    await page.getByRole('heading', { level: 1, name: 'Sammanträden' }).waitFor();
    await page.getByRole('banner').getByText('Region Örebro län').waitFor();
    // Client-side navigation from here on: the marker survives only if the page is never reloaded.
    await page.evaluate(() => ((window as unknown as { __spa: number }).__spa = 1));

    await page.getByRole('link', { name: /2020-08-24/ }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Regional tillväxtnämnd – sammanträde 2020-08-24' }).waitFor();
    expect(new URL(page.url()).pathname).toMatch(/^\/sammantraden\/\d+$/);
    // This kallelse's first page (time and place) is not among the imported papers.
    expect(await text('main')).toContain('Tid och plats framgår inte av kallelsen');

    const item = page.locator('article#punkt-4');
    await item.waitFor();
    expect(await item.locator('h3').textContent()).toContain('Medfinansiering av Smart tillväxt 2021 - 2023');
    const clauses = await item.locator('.clauses > li').allTextContents();
    expect(clauses.length).toBeGreaterThan(1);
    expect(clauses.some((c) => c.includes('1 912 400 kronor'))).toBe(true);
    expect(await item.textContent()).toContain('Föredragande:');
    expect(await item.textContent()).not.toContain('null');
    expect(await page.evaluate(() => (window as unknown as { __spa?: number }).__spa)).toBe(1);
  });

  it('visar ärende 19RS10494 med båda sammanträdena', async () => {
    await page.locator('main a.dnr', { hasText: '19RS10494' }).first().click();
    await page.getByRole('heading', { level: 2, name: 'Behandlat på sammanträden' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/arenden/19RS10494');
    const appearances = await page.locator('.appearances > li').allTextContents();
    expect(appearances.some((a) => a.includes('2020-02-14'))).toBe(true);
    expect(appearances.some((a) => a.includes('2020-08-24'))).toBe(true);
    expect(await page.evaluate(() => (window as unknown as { __spa?: number }).__spa)).toBe(1);

    // The links lead back to the punkt on the meeting page.
    await page.locator('.appearances a', { hasText: /^Punkt/ }).first().click();
    await page.getByRole('heading', { level: 1, name: /sammanträde 2020-02-14/ }).waitFor();
    expect(await text('main')).toContain('kl. 10:00–15:00');
    expect(await text('main')).toContain('fredag 14 februari 2020');
  });

  it('söker på föredragande', async () => {
    const search = page.getByRole('search', { name: 'Sök i Styrbord' }).getByRole('searchbox');
    await search.fill('Lena Kihl');
    await search.press('Enter');
    await page.waitForURL(/\/sok\?q=Lena(\+|%20)Kihl$/);
    await page.locator('.hits > li').first().waitFor();
    const hits = await page.locator('.hits > li').allTextContents();
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.join('\n')).toContain('Lena Kihl');
    expect(hits.join('\n')).toContain('Medfinansiering av Smart tillväxt');
  });

  it('registrerar ett ärende och visar det tilldelade diarienumret', async () => {
    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Ärenden' }).click();
    await page.getByRole('heading', { level: 1, name: 'Ärenden' }).waitFor();
    const form = page.locator('section.register');

    // Not signed in: the server's Swedish message is shown.
    await form.getByLabel(/Ärendemening/).fill('Medfinansiering av webbläsartest 2026');
    await form.getByRole('button', { name: 'Registrera ärende' }).click();
    const alert = form.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/Logga in/);

    const username = 'e2e.handlaggare';
    const password = 'ett långt lösenord för e2e';
    await createUser(server.db, SYSTEM, { username, displayName: 'E2E Handläggare', password, roles: ['case-officer'] });
    await page.getByRole('banner').getByRole('link', { name: 'Logga in' }).click();
    await page.getByLabel('Användarnamn').fill(username);
    await page.getByLabel('Lösenord').fill(password);
    await page.getByRole('button', { name: 'Logga in' }).click();
    await page.waitForURL(/\/arenden$/);
    await page.getByRole('banner').getByText('E2E Handläggare').waitFor();

    await form.getByLabel(/Ärendemening/).fill('Medfinansiering av webbläsartest 2026');
    await form.getByRole('button', { name: 'Registrera ärende' }).click();
    const dnr = form.locator('.allocated-dnr');
    await dnr.waitFor();
    const allocated = ((await dnr.textContent()) ?? '').trim();
    expect(allocated).toMatch(/^\d{2}RS\d+$/);

    // The new case is in the list and has its own page.
    await page.locator('table.cases a.dnr', { hasText: allocated }).waitFor();
    await dnr.getByRole('link').click();
    await page.getByRole('heading', { level: 1, name: /Medfinansiering av webbläsartest 2026/ }).waitFor();
  });

  it('visar "Sidan finns inte" för okända adresser', async () => {
    await page.goto(`${server.url}/finns-inte`);
    await page.getByRole('heading', { level: 1, name: 'Sidan finns inte' }).waitFor();
    await page.goto(`${server.url}/sammantraden/999999`);
    await page.getByRole('heading', { level: 1, name: 'Sidan finns inte' }).waitFor();
    expect(pageErrors).toEqual([]);
  });
});

/**
 * The Content-Security-Policy in real Chromium: the built app loads, shows its
 * pages and signs in without one violation (no inline script or style, no
 * foreign origin), Swagger UI at /api/docs shows the API under its own policy,
 * and a served PDF is sandboxed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { startBrowserTest, type BrowserTest } from '../helpers/browser.ts';
import { createUser } from '../../src/access/service.ts';
import { SYSTEM } from '../../src/access/model.ts';
import * as meetings from '../../src/meetings/service.ts';

let t: BrowserTest;
let context: BrowserContext;

/** Every CSP violation a page reports: the console's messages and the DOM's securitypolicyviolation events. */
async function watchedPage(): Promise<{ page: Page; violations: string[] }> {
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content[- ]Security[- ]Policy/i.test(m.text())) violations.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => {
    if (/Content[- ]Security[- ]Policy/i.test(e.message)) violations.push(`error: ${e.message}`);
  });
  await page.exposeFunction('__cspViolation', (v: string) => violations.push(`event: ${v}`));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      (window as unknown as { __cspViolation: (v: string) => void }).__cspViolation(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  return { page, violations };
}

beforeAll(async () => {
  t = await startBrowserTest();
  // a context of its own, without bypassing the page's policy
  context = await t.browser.newContext({ locale: 'sv-SE', viewport: { width: 1280, height: 900 } });
  await createUser(t.server.db, SYSTEM, { username: 'csp.sekreterare', displayName: 'Sara Sekreterare', password: 'ett långt testlösenord för csp', roles: ['secretary'] });
});

afterAll(async () => {
  await context?.close();
  await t?.close();
});

describe('the Content-Security-Policy in the browser', () => {
  it('lets the built app load its pages and sign in with no violation', async () => {
    const { page, violations } = await watchedPage();
    const response = await page.goto(`${t.server.url}/`);
    const policy = response!.headers()['content-security-policy'] ?? '';
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toContain("script-src 'self'");
    await page.getByRole('main').waitFor();
    const list = await meetings.listMeetings(t.server.db);
    const meeting = list.find((m) => m.date === '2020-08-24')!;
    await page.goto(`${t.server.url}/sammantraden/${meeting.id}`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.goto(`${t.server.url}/logga-in`);
    await page.getByLabel('Användarnamn').fill('csp.sekreterare');
    await page.getByLabel('Lösenord').fill('ett långt testlösenord för csp');
    await page.getByRole('button', { name: 'Logga in' }).click();
    await page.getByRole('banner').getByText('Sara Sekreterare').waitFor();
    await page.goto(`${t.server.url}/sammantraden/${meeting.id}`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.waitForLoadState('networkidle');
    expect(violations).toEqual([]);
    await page.close();
  });

  it('shows the API in Swagger UI at /api/docs with no violation', async () => {
    const { page, violations } = await watchedPage();
    await page.goto(`${t.server.url}/api/docs`);
    await page.getByText('Styrbord API').first().waitFor();
    await page.getByText('/api/meetings').first().waitFor();
    await page.waitForLoadState('networkidle');
    expect(violations).toEqual([]);
    await page.close();
  });

  it('cannot be framed by another page', async () => {
    const { page } = await watchedPage();
    await page.goto('about:blank');
    await page.setContent(`<iframe title="inramad" src="${t.server.url}/"></iframe>`);
    await page.waitForTimeout(1500);
    const frame = page.frames().find((f) => f !== page.mainFrame())!;
    // the frame is refused (Chromium shows its error page): the app's page never loads in it
    expect(frame.url()).not.toBe(`${t.server.url}/`);
    expect(await frame.locator('#root').count()).toBe(0);
    await page.close();
  });
});

/** Browser tests: the built UI, a test server with the demo papers, and Debian's Chromium. */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { startTestServer, type TestServer } from './server.ts';
import { createUser } from '../../src/access/service.ts';
import { SYSTEM, type Role } from '../../src/access/model.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const WEB_INDEX = fileURLToPath(new URL('../../web/dist/index.html', import.meta.url));

export interface BrowserTest {
  server: TestServer;
  browser: Browser;
  /** A page in a fresh context (its own cookies), Swedish locale, 1280 px wide. */
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

export async function startBrowserTest(): Promise<BrowserTest> {
  if (!existsSync(WEB_INDEX)) {
    const { build } = await import('vite');
    await build({ configFile: fileURLToPath(new URL('../../web/vite.config.ts', import.meta.url)), logLevel: 'warn' });
  }
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium saknas (${CHROMIUM}); installera med apt-get install chromium.`);
  const server = await startTestServer();
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return {
    server,
    browser,
    async newPage() {
      const page = await (await browser.newContext({ locale: 'sv-SE', viewport: { width: 1280, height: 900 } })).newPage();
      // a wait for an element: a minute before it counts as missing (a busy machine took over 30 s to show the sign-in form)
      page.setDefaultTimeout(60_000);
      return page;
    },
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

/** Starts the browser test before the file's tests and closes it after them; read its members inside the tests. */
export function useBrowserTest(): BrowserTest {
  let started: BrowserTest | undefined;
  beforeAll(async () => {
    started = await startBrowserTest();
  });
  afterAll(async () => {
    await started?.close();
  });
  const t = () => {
    if (!started) throw new Error('Webbläsartestet har inte startat.');
    return started;
  };
  return {
    get server() {
      return t().server;
    },
    get browser() {
      return t().browser;
    },
    newPage: () => t().newPage(),
    close: () => t().close(),
  };
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Runs axe-core on the page against WCAG 2.1 A and AA; one line per violation (rule, help, the first nodes), empty when none. */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE); // the page’s CSP refuses inline scripts (addScriptTag); evaluate runs outside it
  return page.evaluate(async () => {
    const w = window as unknown as { axe: { run: (ctx: Document, opts: unknown) => Promise<{ violations: Array<{ id: string; help: string; nodes: Array<{ target: string[] }> }> }> } };
    const r = await w.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return r.violations.map((v) => `${v.id}: ${v.help} – ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
  });
}

/** Signs a page in through the sign-in form and waits until the header shows who is signed in. */
export async function signInThroughForm(page: Page, baseUrl: string, user: { username: string; password: string; displayName: string }): Promise<Page> {
  await page.goto(`${baseUrl}/logga-in`);
  await page.getByLabel('Användarnamn').fill(user.username);
  await page.getByLabel('Lösenord').fill(user.password);
  await page.getByRole('button', { name: 'Logga in' }).click();
  await page.getByRole('banner').getByText(user.displayName).waitFor();
  return page;
}

/** Creates an account (as the system) and signs it in through the form, on `page` or on a fresh one. */
export async function signInNewUser(
  t: BrowserTest,
  user: { username: string; displayName: string; password: string; roles: Role[]; personId?: number | null },
  page?: Page,
): Promise<Page> {
  await createUser(t.server.db, SYSTEM, user);
  return signInThroughForm(page ?? (await t.newPage()), t.server.url, user);
}

/**
 * A new user's first run in real Chromium: `npm start` (src/cli.ts start as its
 * own process) on an empty data directory imports the demo papers and, since
 * no administrator exists, prints a one-time link in the terminal. The link,
 * read from the server's stdout, opens the first-run page; a weak password is
 * refused in Swedish, a strong one creates the administrator, who ends signed
 * in (the header names them, the administrator's menu shows). The link then
 * no longer works, and the token never stays in the address bar.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { axeViolations, CHROMIUM } from '../helpers/browser.ts';
import { startServerProcess, waitForOutput, type ServerProcess } from '../helpers/server.ts';

const work = mkdtempSync(path.join(tmpdir(), 'styrbord-forsta-'));
let server: ServerProcess;
let browser: Browser;

beforeAll(async () => {
  server = await startServerProcess({ DATA_DIR: path.join(work, 'data'), PUBLIC_BASE_URL: '' });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  rmSync(work, { recursive: true, force: true });
});

describe('the first run of a new user', () => {
  it('goes from npm start on an empty data directory to a signed-in administrator through the printed link', async () => {
    const printed = await waitForOutput(server, /Det finns ingen administratör ännu[\s\S]*?(http:\/\/localhost:\d+\/forsta-inloggning#token=[A-Za-z0-9_-]{43})/);
    const link = printed[1]!;
    expect(new URL(link).port).toBe(new URL(server.url).port);

    const page = await (await browser.newContext({ locale: 'sv-SE', viewport: { width: 1280, height: 900 } })).newPage();
    page.setDefaultTimeout(30_000);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(link);
    await page.getByRole('heading', { level: 1, name: 'Skapa den första administratören' }).waitFor();
    // the token is taken out of the address bar (and the history) at once
    expect(new URL(page.url()).hash).toBe('');
    expect(await axeViolations(page)).toEqual([]);

    await page.getByLabel('Användarnamn').fill('petter.arneback');
    await page.getByLabel('Namn', { exact: true }).fill('Petter Arneback');
    await page.getByLabel('Lösenord', { exact: true }).fill('password1234');
    await page.getByLabel('Upprepa lösenordet').fill('password1234');
    await page.getByRole('button', { name: 'Skapa administratören och logga in' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(/Lösenordet är för lätt att gissa/);

    const strong = 'fyra hästar dricker kaffe';
    await page.getByLabel('Lösenord', { exact: true }).fill(strong);
    await page.getByLabel('Upprepa lösenordet').fill(strong);
    await page.getByRole('button', { name: 'Skapa administratören och logga in' }).click();

    await page.getByRole('heading', { level: 1, name: 'Välkommen, Petter Arneback' }).waitFor();
    await expect(page.getByRole('status').textContent()).resolves.toContain('Du är inloggad som administratör (petter.arneback)');
    await page.getByRole('banner').getByText('Petter Arneback').waitFor();
    // the administrator's own menu entry: the audit log
    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Granskningslogg' }).click();
    await page.getByRole('heading', { level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/granskning');
    await page.getByRole('banner').getByText('Petter Arneback').waitFor();

    // the link is used up: opened again (another browser), it says so and points to signing in
    const other = await (await browser.newContext({ locale: 'sv-SE' })).newPage();
    await other.goto(link);
    await other.getByText('Det finns redan en administratör').waitFor();
    await other.getByRole('main').getByRole('link', { name: 'Logga in' }).waitFor();
    expect(errors).toEqual([]);
  });

  it('shows the end of the cycle: the demo protokoll of 2020-08-24 adjusted with the demo certificate, posted and dispatched (issue 15.8)', async () => {
    await waitForOutput(server, /Demoprotokollet 2020-08-24 är justerat \d{4}-\d{2}-\d{2} och förseglat med DEMOCERTIFIKATET \(ingen rättsverkan\); justeringen är anslagen\./);
    await waitForOutput(server, /Demoprotokollets utdrag är markerade som expedierade till \d+ mottagare \(demodata: ingen e-post skickades\)\./);
    const board = (await (await fetch(`${server.url}/api/notice-board`)).json()) as Array<{ meetingDate: string; bodyName: string }>;
    expect(board.some((b) => b.meetingDate === '2020-08-24' && b.bodyName === 'Regional tillväxtnämnd')).toBe(true);
  });
});

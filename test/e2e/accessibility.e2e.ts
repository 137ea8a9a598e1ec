/**
 * WCAG 2.1 AA in real Chromium: axe-core runs on every public page of the
 * portal (and the sign-in page) and must find no violations.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startBrowserTest, type BrowserTest } from '../helpers/browser.ts';
import * as meetings from '../../src/meetings/service.ts';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let t: BrowserTest;
let server: BrowserTest['server'];
let page: Page;

beforeAll(async () => {
  t = await startBrowserTest();
  server = t.server;
  page = await t.newPage();
});

afterAll(async () => {
  await t?.close();
});

interface AxeViolation {
  id: string;
  impact: string;
  help: string;
  nodes: Array<{ target: string[] }>;
}

async function axe(): Promise<AxeViolation[]> {
  await page.evaluate(AXE); // the page’s CSP refuses inline scripts (addScriptTag); evaluate runs outside it
  return page.evaluate(async () => {
    const w = window as unknown as { axe: { run: (ctx: Document, opts: unknown) => Promise<{ violations: AxeViolation[] }> } };
    const r = await w.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
  });
}

describe('tillgänglighet (WCAG 2.1 AA, axe-core)', () => {
  it('finds no violations on the public pages', async () => {
    const list = await meetings.listMeetings(server.db);
    const aug = list.find((m) => m.date === '2020-08-24')!;
    const pages: Array<[string, string]> = [
      ['/', 'Sammanträden'],
      [`/sammantraden/${aug.id}`, 'Regional tillväxtnämnd – sammanträde 2020-08-24'],
      [`/namnder/${aug.bodyId}`, 'Regional tillväxtnämnd'],
      ['/arenden', 'Ärenden'],
      ['/arenden/19RS10494', '19RS10494'],
      ['/sok?q=medfinansiering%20Almi', 'Sök'],
      ['/anslagstavla', 'Anslagstavla'],
      [`/sammantraden/${aug.id}/protokoll`, 'Protokoll – Regional tillväxtnämnd 2020-08-24'],
      ['/logga-in', 'Logga in'],
      ['/finns-inte', 'Sidan finns inte'],
    ];
    const found: string[] = [];
    for (const [path, heading] of pages) {
      await page.goto(`${server.url}${path}`);
      await page.getByRole('heading', { level: 1, name: heading }).first().waitFor();
      await page.waitForLoadState('networkidle');
      for (const v of await axe()) found.push(`${path}: ${v.id} (${v.impact}) ${v.help} – ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
    }
    expect(found).toEqual([]);
  });
});

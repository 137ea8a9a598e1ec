/**
 * The agenda builder in real Chromium (issue 14.2): the secretary adds items
 * from registered cases (found by dnr in the diarium), a protokollsjustering
 * with a proposed adjuster, reorders with the keyboard path (Flytta upp) and
 * sees the new order on the page and in the database.
 */
import { describe, expect, it } from 'vitest';
import { axeViolations, signInNewUser, useBrowserTest } from '../helpers/browser.ts';
import * as meetings from '../../src/meetings/service.ts';
import * as diarium from '../../src/diarium/service.ts';
import { SYSTEM } from '../../src/access/model.ts';

const t = useBrowserTest();

describe('föredragningslistan byggs i webbläsaren', () => {
  it('adds items from cases and a protokollsjustering, moves the justering first with Flytta upp, and sees the order', async () => {
    const db = t.server.db;
    const bodyId = (await meetings.listMeetings(db))[0]!.bodyId;
    const body = await meetings.getBody(db, bodyId);
    const meeting = await meetings.createMeeting(db, SYSTEM, { bodyId, date: '2031-03-12', startTime: '09:00', place: 'Länsgården' });
    const first = await diarium.registerCase(db, SYSTEM, { title: 'Medfinansiering av projekt Gröna jobb', officer: 'Anna Handläggare' });
    const second = await diarium.registerCase(db, SYSTEM, { title: 'Yttrande över regional transportplan' });
    const adjuster = body.memberships.find((m) => m.kind === 'member' && m.role === 'member')!;

    const page = await signInNewUser(t, { username: 'e2e.agenda', displayName: 'E2E Sekreterare', password: 'ett långt lösenord för e2e', roles: ['secretary'] });
    await page.goto(`${t.server.url}/sammantraden/${meeting.id}`);
    await page.getByRole('heading', { name: 'Bygg föredragningslistan' }).waitFor();

    for (const c of [first, second]) {
      await page.getByLabel('Sök ärende').fill(c.caseNumber);
      await page.getByRole('button', { name: 'Sök i diariet' }).click();
      await page.getByRole('button', { name: `Lägg till ${c.caseNumber} ${c.title}` }).click();
      await page.getByRole('list', { name: 'Punkterna i ordning' }).getByText(c.title).waitFor();
    }
    await page.getByLabel('Slags punkt').selectOption('adjustment');
    await page.getByLabel('Justerare', { exact: true }).selectOption(adjuster.name);
    await page.getByRole('button', { name: 'Lägg till punkten' }).click();
    const list = page.getByRole('list', { name: 'Punkterna i ordning' });
    await list.getByText('Protokollsjustering').waitFor();
    expect(await list.getByRole('listitem').count()).toBe(3);
    await list.getByText('Föredragande: Anna Handläggare').waitFor(); // the case's handläggare

    // the keyboard path: focus Flytta upp and press Enter, twice
    for (const n of [3, 2]) {
      const up = page.getByRole('button', { name: `Flytta upp punkt ${n} Protokollsjustering` });
      await up.focus();
      await page.keyboard.press('Enter');
      await page.getByRole('button', { name: `Flytta upp punkt ${n - 1} Protokollsjustering` }).waitFor();
    }
    const order = async () => (await list.locator('.agenda-editor-title').allTextContents()).map((s) => s.replace(/\s+/g, ' ').trim());
    const shown = await order();
    expect(shown[0]).toMatch(/^1\. Protokollsjustering/);
    expect(shown[1]).toMatch(/^2\. Medfinansiering av projekt Gröna jobb/);
    expect(shown[2]).toMatch(/^3\. Yttrande över regional transportplan/);
    // the page's own agenda follows (the table of contents is rebuilt from the meeting)
    const toc = page.getByRole('navigation', { name: 'Punkter på föredragningslistan' });
    await toc.getByRole('link', { name: /^1\. Protokollsjustering/ }).waitFor();
    const saved = await meetings.getMeeting(db, meeting.id);
    expect(saved.items.map((i) => [i.number, i.title])).toEqual([
      [1, 'Protokollsjustering'],
      [2, 'Medfinansiering av projekt Gröna jobb'],
      [3, 'Yttrande över regional transportplan'],
    ]);
    expect(saved.items[0]!.proposal?.clauses[0]).toContain(adjuster.name);
    expect(saved.items[1]!.caseNumber).toBe(first.caseNumber);

    // removal asks first; the editor and its forms pass axe
    await page.getByRole('button', { name: 'Ta bort punkt 3 Yttrande över regional transportplan' }).click();
    await page.getByRole('button', { name: 'Ja, ta bort punkten' }).click();
    await page.getByRole('button', { name: 'Ta bort punkt 3 Yttrande över regional transportplan' }).waitFor({ state: 'detached' });
    expect((await meetings.getMeeting(db, meeting.id)).items).toHaveLength(2);
    await page.getByRole('button', { name: 'Ändra punkt 1 Protokollsjustering' }).click();
    await page.getByRole('heading', { name: 'Ändra punkt 1' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
  }, 180_000);
});

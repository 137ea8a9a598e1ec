/**
 * Arkivleverans in real Chromium (issue 21.5): the demo's meeting of
 * 2020-08-24 is adjusted (the protokoll's own use cases), then a nämndsekreterare
 * opens Arkivleverans from the menu, sees the archive's identifiers, is told
 * in Swedish that a meeting not adjusted cannot be delivered, sees what the
 * adjusted one's package holds, downloads it (a tar whose root is METS.xml)
 * and finds the delivery in the list.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { axeViolations, signInNewUser, useBrowserTest } from '../helpers/browser.ts';
import * as meetings from '../../src/meetings/service.ts';
import * as minutes from '../../src/minutes/service.ts';
import { SYSTEM } from '../../src/access/model.ts';

process.env.ARCHIVE_CREATOR_ID = '232100-0164';
process.env.ARCHIVE_NAME = 'Regionarkivet';
const t = useBrowserTest();
const secretary = { id: 'sekreterare', roles: ['secretary'] as const };

describe('arkivleverans', () => {
  it('shows, downloads and records the package of an adjusted meeting', async () => {
    const db = t.server.db;
    const augId = (await meetings.findMeetingId(db, 'Regional tillväxtnämnd', '2020-08-24'))!;
    const aug = await meetings.getMeeting(db, augId);
    const body = await meetings.getBody(db, aug.bodyId);
    let view = await minutes.openMinutes(db, secretary, augId);
    view = await minutes.setAttendance(db, secretary, augId, { version: view.version, attendance: body.memberships.filter((m) => m.kind === 'member').map((m) => ({ personId: m.personId, present: true })) });
    for (const item of aug.items) {
      if (item.kind === 'information' || item.kind === 'presentations') continue;
      await minutes.recordDecision(db, secretary, augId, item.number, { outcome: 'according-to-proposal' });
    }
    await minutes.numberMinutes(db, secretary, augId);
    const members = body.memberships.filter((m) => m.kind === 'member' && m.role !== 'chair');
    view = await minutes.setAdjusters(db, secretary, augId, { personIds: [members[0]!.personId] });
    for (const a of view.adjusters) {
      await minutes.signMinutes(db, { id: `user:justerare${a.personId}`, roles: ['adjuster'], personId: a.personId, authenticatedAt: new Date(), authenticatedVia: 'password' }, augId, a.personId);
    }
    expect((await minutes.getMinutes(db, augId)).locked).toBe(true);

    const page = await signInNewUser(t, { username: 'e2e.arkiv', displayName: 'E2E Arkivarie', password: 'ett långt lösenord för e2e', roles: ['admin'] });
    await meetings.setServedBodies(db, SYSTEM, (await db.kysely.selectFrom('app_user').select('id').where('username', '=', 'e2e.arkiv').executeTakeFirstOrThrow()).id, [aug.bodyId]);
    await page.goto(`${t.server.url}/`);
    await page.getByRole('navigation').getByRole('link', { name: 'Arkivleverans' }).click();
    await page.getByRole('heading', { name: 'Arkivleverans', level: 1 }).waitFor();
    await page.getByText('232100-0164').waitFor();

    await page.getByLabel('Nämnd').selectOption({ label: 'Regional tillväxtnämnd' });
    // the February meeting has no adjusted protokoll: refused in Swedish before anything is built
    await page.getByLabel('Sammanträde', { exact: true }).selectOption({ label: '2020-02-14' });
    await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('Bara sammanträden med justerat protokoll levereras');

    await page.getByLabel('Sammanträde', { exact: true }).selectOption({ label: '2020-08-24' });
    const contents = page.getByRole('table', { name: 'Dokument i paketet' });
    await contents.waitFor();
    await contents.getByRole('cell', { name: 'Justerat protokoll', exact: true }).waitFor();
    expect(await contents.getByRole('cell', { name: 'Protokollsutdrag', exact: true }).count()).toBe((await minutes.getMinutes(db, augId)).decisions.filter((d) => d.paragraph !== null).length);
    expect(await axeViolations(page)).toEqual([]);

    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Skapa och ladda ned leveranspaketet' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe('arkiv-regional-tillvaxtnamnd-2020-08-24.tar');
    const dir = mkdtempSync(path.join(tmpdir(), 'styrbord-arkiv-e2e-'));
    const file = path.join(dir, 'paket.tar');
    await download.saveAs(file);
    const listing = spawnSync('tar', ['-tf', file], { encoding: 'utf8' });
    expect(listing.status).toBe(0);
    const names = listing.stdout.split('\n').filter(Boolean);
    expect(names.some((n) => /^uuid-[0-9a-f-]{36}\/METS\.xml$/.test(n))).toBe(true);
    expect(names.some((n) => n.endsWith('/representations/rep1/data/2020-08-24/protokoll-2020-08-24.pdf'))).toBe(true);

    await page.getByRole('status').filter({ hasText: 'leveransen registrerad' }).waitFor();
    const log = page.getByRole('table', { name: 'Leveranser, senaste först' });
    await log.getByRole('cell', { name: 'arkiv-regional-tillvaxtnamnd-2020-08-24.tar' }).waitFor();
    expect(await log.getByRole('row').count()).toBe(2); // header and the one delivery
  });
});

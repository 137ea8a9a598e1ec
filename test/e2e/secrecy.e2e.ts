/**
 * Secrecy in real Chromium: the secretariat marks an item secret by choosing the provision from
 * the committee's OSL list ("annan" needs a reason, refused in Swedish without), the public page
 * then names the papers by their legal reference only; the administrator sets which bodies an
 * official serves on the Användare page.
 */
import { describe, expect, it } from 'vitest';
import { axeViolations, signInNewUser, useBrowserTest } from '../helpers/browser.ts';
import { createUser } from '../../src/access/service.ts';
import { SYSTEM } from '../../src/access/model.ts';
import * as meetings from '../../src/meetings/service.ts';

const PASSWORD = 'ett långt lösenord för e2e';

const t = useBrowserTest();

describe('sekretess i webbläsaren', () => {
  it('marks an item secret from the OSL list and sets the bodies an official serves', async () => {
    const { server } = t;
    const aug = (await meetings.listMeetings(server.db)).find((m) => m.date === '2020-08-24')!;
    const item4 = (await meetings.getMeeting(server.db, aug.id)).items.find((i) => i.number === 4)!;
    const official = await createUser(server.db, SYSTEM, { username: 'e2e.handlaggare', displayName: 'E2E Handläggare', password: PASSWORD, roles: ['case-officer'] });
    const page = await signInNewUser(t, { username: 'e2e.sekr.admin', displayName: 'E2E Sekretessadmin', password: PASSWORD, roles: ['admin'] });

    await page.goto(`${server.url}/sammantraden/${aug.id}`);
    await page.getByRole('heading', { level: 1, name: 'Regional tillväxtnämnd – sammanträde 2020-08-24' }).waitFor();
    const select = page.getByLabel('Sekretess för punkt 4');
    const form = page.locator('form.secrecy-control', { has: select });
    // the list is the committee's, plus "annan"
    await expect.poll(() => select.locator('option').count()).toBe(10);
    expect(await select.locator('option').allTextContents()).toContain('30 kap. 23 § OSL – enskilds affärs- eller driftförhållanden i stöd- och tillsynsverksamhet för näringslivet');

    await select.selectOption('annan');
    await form.getByRole('button', { name: 'Spara sekretess' }).click();
    await form.getByRole('alert').filter({ hasText: 'Ange grunden för sekretessen (5–180 tecken) när lagrummet är "annan".' }).waitFor();

    await select.selectOption('30 kap. 23 § OSL');
    await form.getByRole('button', { name: 'Spara sekretess' }).click();
    await page.locator('article#punkt-4').getByText('Sekretess enligt 30 kap. 23 § OSL').first().waitFor();
    expect(await page.getByLabel('Sekretess för punkt 4').inputValue()).toBe('30 kap. 23 § OSL');
    expect(await axeViolations(page)).toEqual([]);

    // the public page: the papers by their legal reference, no summary
    const pub = await t.newPage();
    await pub.goto(`${server.url}/sammantraden/${aug.id}`);
    const pubItem = pub.locator('article#punkt-4');
    await pubItem.getByText('Handling som omfattas av sekretess (30 kap. 23 § OSL)').first().waitFor();
    expect(await pubItem.textContent()).not.toContain(item4.summary!.slice(0, 40));
    expect(await pub.getByLabel('Sekretess för punkt 4').count()).toBe(0);

    // the administrator says which bodies the official serves
    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Användare' }).click();
    await page.getByRole('heading', { level: 2, name: 'Tjänstgöring i nämnder' }).waitFor();
    const row = page.getByRole('row', { name: /E2E Handläggare \(e2e\.handlaggare\)/ });
    await row.getByRole('checkbox', { name: aug.bodyName }).check();
    await row.getByRole('button', { name: 'Spara nämnder för e2e.handlaggare' }).click();
    await row.getByRole('status').filter({ hasText: 'Sparat.' }).waitFor();
    expect(await meetings.servedBodies(server.db, SYSTEM, official.id)).toEqual([aug.bodyId]);
    expect(await axeViolations(page)).toEqual([]);
  });
});

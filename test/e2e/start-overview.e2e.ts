/** The staff start page in real Chromium (issue 14.8): the next meeting with what it lacks and the day the kallelse must be out by. */
import { describe, expect, it } from 'vitest';
import { signInNewUser, useBrowserTest } from '../helpers/browser.ts';
import * as meetings from '../../src/meetings/service.ts';
import { addDays, todayInStockholm } from '../../src/kernel/dates.ts';
import { kallelseSendBy } from '../../src/meetings/legalClock.ts';
import { SYSTEM } from '../../src/access/model.ts';

const t = useBrowserTest();

describe('startsidan för tjänstepersoner', () => {
  it('shows the next meeting, its missing memo and underlag, and the kallelse deadline; a member does not get the list', async () => {
    const db = t.server.db;
    const body = (await meetings.listBodies(db))[0]!;
    // a weekday three weeks or more ahead, after any meeting the demo holds
    let date = addDays(todayInStockholm(), 21);
    while ([0, 6].includes(new Date(`${date}T12:00:00Z`).getUTCDay())) date = addDays(date, 1);
    const m = await meetings.createMeeting(db, SYSTEM, { bodyId: body.id, date, startTime: '09:00', place: 'Sessionssalen' });
    await db.tx((trx) => meetings.addAgendaItem(trx, SYSTEM, m.id, { title: 'Medfinansiering av Provprojektet', kind: 'decision', decisionBasis: ['Projektplan Provprojektet'] }));

    const page = await signInNewUser(t, { username: 'e2e.start', displayName: 'E2E Sekreterare', password: 'ett långt lösenord för e2e', roles: ['secretary'] });
    await page.goto(`${t.server.url}/`);
    const todo = page.getByRole('region', { name: 'Att göra' });
    await todo.waitFor();
    const card = todo.getByRole('region', { name: new RegExp(`^${body.name}, `) });
    await card.waitFor();
    const text = (await card.textContent()) ?? '';
    expect(text).toContain('Kallelsen är inte skickad');
    expect(text).toContain(`senast ${kallelseSendBy(date).due}`);
    expect(text).toContain('Projektplan Provprojektet');
    await card.getByRole('link', { name: 'Punkt 1: Medfinansiering av Provprojektet' }).click();
    await page.waitForURL(new RegExp(`/sammantraden/${m.id}/punkter/\\d+$`));

    const member = await signInNewUser(t, { username: 'e2e.ledamot', displayName: 'E2E Ledamot', password: 'ett långt lösenord för e2e', roles: ['member'] });
    await member.goto(`${t.server.url}/`);
    await member.getByRole('heading', { name: 'Sammanträden', level: 1 }).waitFor();
    expect(await member.getByRole('region', { name: 'Att göra' }).count()).toBe(0);
  }, 120_000);
});

/**
 * The administrators' Användare page in real Chromium: create an account linked to a person
 * (one-time password shown once), change its roles, deactivate it after confirming the password
 * again (the sign-in is older than 10 minutes), reset its password; the user then signs in with
 * the one-time password and must choose a strong one (password1234 is refused in Swedish).
 */
import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { axeViolations, signInNewUser, useBrowserTest } from '../helpers/browser.ts';
import * as meetings from '../../src/meetings/service.ts';

const PASSWORD = 'ett långt lösenord för e2e';

const t = useBrowserTest();

describe('användare i webbläsaren', () => {
  it('lets an administrator manage accounts, asking for the password again when the sign-in is old', async () => {
    const { server } = t;
    const feb = (await meetings.listMeetings(server.db)).find((m) => m.date === '2020-02-14')!;
    const member = (await meetings.getBody(server.db, feb.bodyId)).memberships.find((m) => m.kind === 'member')!;
    const page = await signInNewUser(t, { username: 'e2e.admin', displayName: 'E2E Administratör', password: PASSWORD, roles: ['admin'] });

    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Användare' }).click();
    await page.getByRole('heading', { level: 1, name: 'Användare' }).waitFor();

    // create an account for a member: a one-time password is shown once
    const form = page.getByRole('form', { name: 'Ny användare' });
    await form.getByLabel('Användarnamn').fill('e2e.ledamot');
    await form.getByLabel('Namn', { exact: true }).fill(member.name);
    await form.getByLabel('Person (ledamot eller ersättare)').selectOption(String(member.personId));
    await form.getByLabel('Ledamot/ersättare').check();
    await form.getByRole('button', { name: 'Skapa användare' }).click();
    const shown = page.getByRole('status').filter({ hasText: 'Engångslösenord för e2e.ledamot' });
    await shown.waitFor();
    const temporary = (await shown.locator('code').textContent())!.trim();
    expect(temporary).toMatch(/^[a-z2-9]{5}(-[a-z2-9]{5}){3}$/);
    // one account per person: the person cannot be chosen again
    const option = form.getByLabel('Person (ledamot eller ersättare)').locator(`option[value="${member.personId}"]`);
    await expect.poll(() => option.isDisabled()).toBe(true);
    expect(await option.textContent()).toContain('har konto (e2e.ledamot)');
    await page.getByRole('button', { name: 'Jag har sparat lösenordet' }).click();

    // roles
    const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'e2e.ledamot' }) });
    await row.getByRole('button', { name: 'Ändra roller för e2e.ledamot' }).click();
    await row.getByLabel('Justerare/ordförande').check();
    await row.getByRole('button', { name: 'Spara roller' }).click();
    await row.getByText('Ledamot/ersättare, Justerare/ordförande').waitFor();

    expect(await axeViolations(page)).toEqual([]);

    // ten minutes later: the server asks for the password again, the dialog does, the action is retried
    await sql`update user_session set authenticated_at = now() - interval '11 minutes'`.execute(server.db.kysely);
    await row.getByRole('button', { name: 'Stäng av kontot e2e.ledamot' }).click();
    const dialog = page.getByRole('dialog', { name: 'Bekräfta att det är du' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('de senaste 10 minuterna');
    expect(await axeViolations(page)).toEqual([]);
    await dialog.getByLabel('Lösenord').fill('fel lösenord igen');
    await dialog.getByRole('button', { name: 'Bekräfta' }).click();
    await dialog.getByRole('alert').getByText('Fel lösenord.').waitFor();
    await dialog.getByLabel('Lösenord').fill(PASSWORD);
    await dialog.getByRole('button', { name: 'Bekräfta' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await row.getByText('Avstängt').waitFor();
    await row.getByRole('button', { name: 'Återaktivera kontot e2e.ledamot' }).click();
    await row.getByText('Aktivt').waitFor();

    // reset the password: a new one-time password
    await row.getByRole('button', { name: 'Återställ lösenord för e2e.ledamot' }).click();
    await row.getByRole('button', { name: 'Ja, återställ lösenordet' }).click();
    const again = page.getByRole('status').filter({ hasText: 'Engångslösenord för e2e.ledamot' });
    await again.waitFor();
    const reset = (await again.locator('code').textContent())!.trim();
    expect(reset).not.toBe(temporary);

    // the user signs in with it and must choose a strong password first
    const user = await t.newPage();
    await user.goto(`${server.url}/logga-in`);
    await user.getByLabel('Användarnamn').fill('e2e.ledamot');
    await user.getByLabel('Lösenord', { exact: true }).fill(reset);
    await user.getByRole('button', { name: 'Logga in' }).click();
    await user.getByRole('heading', { level: 1, name: 'Byt lösenord' }).waitFor();
    await user.getByLabel('Tillfälligt lösenord').fill(reset);
    await user.getByLabel('Nytt lösenord', { exact: true }).fill('password1234');
    await user.getByLabel('Nytt lösenord igen').fill('password1234');
    await user.getByRole('button', { name: 'Byt lösenord' }).click();
    await user.getByRole('alert').getByText(/Lösenordet är för lätt att gissa/).waitFor();
    await user.getByLabel('Nytt lösenord', { exact: true }).fill('gurka tåg moln fyrtorn');
    await user.getByLabel('Nytt lösenord igen').fill('gurka tåg moln fyrtorn');
    await user.getByRole('button', { name: 'Byt lösenord' }).click();
    // changed: on to the page the sign-in was for (the start page)
    await user.waitForURL((u) => u.pathname === '/');
    await user.getByRole('banner').getByText(member.name).waitFor();
    const me = (await (await user.request.get(`${server.url}/api/session`)).json()) as { user: { mustChangePassword: boolean; roles: string[] } };
    expect(me.user).toMatchObject({ mustChangePassword: false, roles: ['member', 'adjuster'] });

    // deactivated while signed in: the next page that needs the session finds it gone, and the header says so
    // (the list is from before the user changed the password: the change is refused as stale until it is read again)
    await row.getByRole('button', { name: 'Stäng av kontot e2e.ledamot' }).click();
    await row.getByRole('alert').getByText(/har ändrats av någon annan sedan du läste det/).waitFor();
    await page.reload();
    await row.getByRole('button', { name: 'Stäng av kontot e2e.ledamot' }).click();
    await row.getByText('Avstängt').waitFor();
    await user.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Internkontroll' }).click();
    await user.getByRole('banner').getByRole('link', { name: 'Logga in' }).waitFor();

    // all of it in the audit log
    const log = await server.db.kysely.selectFrom('audit_log').select('action').where('entity', '=', 'user').where('entity_id', '=', 'e2e.ledamot').orderBy('id').execute();
    expect(log.map((e) => e.action)).toEqual(['user.create', 'user.roles', 'user.deactivate', 'user.activate', 'user.password-reset', 'user.login', 'user.password-change', 'user.deactivate']);
  });
});

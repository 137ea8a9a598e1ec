/**
 * The audit page in real Chromium: an administrator sees that the hash chain
 * is whole; after the table's owner changes an entry behind the trigger, the
 * check names that entry.
 */
import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { axeViolations as axe, signInNewUser, useBrowserTest } from '../helpers/browser.ts';

const PASSWORD = 'ett långt lösenord för granskningskedjan';

const t = useBrowserTest();

describe('granskningsloggens kedja i webbläsaren', () => {
  it('visar att kedjan är hel, och pekar ut en post som har ändrats i databasen', async () => {
    const db = t.server.db;
    const page = await t.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await signInNewUser(t, { username: 'kedja.admin', displayName: 'Kedja Admin', password: PASSWORD, roles: ['admin'], personId: null }, page);
    await page.goto(`${t.server.url}/granskning`);
    const section = page.getByRole('region', { name: 'Kontroll av loggens hashkedja' });
    await section.getByRole('status').getByText('Kedjan är hel.').waitFor();
    expect(await axe(page)).toEqual([]);

    const victim = (await db.kysely.selectFrom('audit_log').select('id').where('action', '=', 'user.create').orderBy('id', 'desc').executeTakeFirstOrThrow()).id;
    await db.tx(async (trx) => {
      await sql`alter table audit_log disable trigger audit_log_no_update`.execute(trx);
      await sql`update audit_log set actor = 'user:någon-annan' where id = ${victim}`.execute(trx);
      await sql`alter table audit_log enable trigger audit_log_no_update`.execute(trx);
    });
    await section.getByRole('button', { name: 'Kontrollera igen' }).click();
    const alert = section.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(new RegExp(`Granskningsloggen är inte hel\\. Posten med id ${victim} .*har ändrats efter att den skrevs`));
    expect(await axe(page)).toEqual([]);
    expect(errors).toEqual([]);
  });
});

/**
 * The sammanträdesplan in real Chromium (issue 14.1): the secretary opens it
 * from the body page, pastes next year's dates as the body decided them (one
 * a public holiday), is warned, confirms with "Spara ändå", cancels one
 * meeting with a reason, moves and removes another and sees the year's list
 * with the cancelled one as inställt.
 */
import { describe, expect, it } from 'vitest';
import { axeViolations, signInNewUser, useBrowserTest } from '../helpers/browser.ts';
import { addDays, publicHolidays, weekday } from '../../src/kernel/index.ts';

const t = useBrowserTest();

/** The first Wednesday of a month. */
function firstWednesday(year: number, month: number): string {
  let d = `${year}-${String(month).padStart(2, '0')}-01`;
  while (weekday(d) !== 'onsdag') d = addDays(d, 1);
  return d;
}

describe('sammanträdesplanen i webbläsaren', () => {
  it('adds a year of dates with a holiday confirmed, cancels one, and lists them', async () => {
    const year = new Date().getFullYear() + 1;
    const ascension = [...publicHolidays(year)].find(([, name]) => name === 'Kristi himmelsfärdsdag')![0];
    const [feb, mar, sep] = [firstWednesday(year, 2), firstWednesday(year, 3), firstWednesday(year, 9)];
    const body = (await t.server.db.kysely.selectFrom('body').select(['id', 'name']).executeTakeFirstOrThrow());

    const page = await signInNewUser(t, { username: 'e2e.kalender', displayName: 'E2E Kalender', password: 'ett långt lösenord för kalendern', roles: ['secretary'] });
    await page.goto(`${t.server.url}/namnder/${body.id}`);
    await page.getByRole('link', { name: 'Prenumerera på sammanträdesplanen (iCalendar)' }).waitFor();
    await page.getByRole('link', { name: 'Sammanträdesplan', exact: true }).click();
    await page.getByLabel('År').selectOption(String(year));
    await page.getByRole('heading', { level: 1, name: `Sammanträdesplan ${year}` }).waitFor();
    await page.getByText(`Inga sammanträden är planerade ${year}.`).waitFor();

    const list = page.getByRole('form', { name: 'Lägg till datum ur nämndens beslut' });
    await list.getByLabel('Datum').fill(`att fastställa sammanträdesdagar ${year}\n${feb}, ${mar}\ntorsdag ${ascension}\n${sep}`);
    await list.getByLabel('Starttid').fill('09:00');
    await list.getByLabel('Sluttid').fill('12:00');
    await list.getByLabel('Plats').fill('Regionens hus');
    await list.getByRole('button', { name: 'Lägg till datumen' }).click();
    const warning = list.getByRole('alert').filter({ hasText: 'Kristi himmelsfärdsdag' });
    await warning.waitFor();
    expect(await warning.textContent()).toContain(`${ascension} är Kristi himmelsfärdsdag (torsdag).`);
    // nothing is saved before the warning is confirmed
    expect(await t.server.db.kysely.selectFrom('meeting').select('id').where('date', '=', feb).execute()).toEqual([]);
    await warning.getByRole('button', { name: 'Spara ändå' }).click();
    await list.getByRole('table', { name: 'Tillagda sammanträden' }).waitFor();

    const table = page.getByRole('table', { name: `Sammanträden ${year}, ${body.name}` });
    await table.waitFor();
    const rows = table.getByRole('row');
    await expect.poll(() => rows.count()).toBe(5); // header and four meetings
    expect(await table.getByRole('rowheader').allTextContents()).toEqual([feb, mar, ascension, sep].map((d) => `${d}, ${weekday(d)}`));
    expect(await rows.nth(1).textContent()).toContain('09:00–12:00');

    await page.getByRole('button', { name: `Ställ in sammanträdet ${mar}` }).click();
    const cancel = page.getByRole('form', { name: new RegExp(`^Ställ in sammanträdet ${mar}`) });
    await cancel.getByRole('button', { name: 'Ställ in sammanträdet' }).click(); // no reason: the browser's required check stops it
    await cancel.getByLabel('Anledning').fill('Inga ärenden att behandla');
    await cancel.getByRole('button', { name: 'Ställ in sammanträdet' }).click();
    const cancelledRow = table.getByRole('row').filter({ hasText: mar });
    await cancelledRow.getByText('Inställt').waitFor();
    expect(await cancelledRow.textContent()).toContain('Inga ärenden att behandla');
    expect(await page.getByRole('button', { name: `Ställ in sammanträdet ${mar}` }).count()).toBe(0);
    expect(await rows.count()).toBe(5);

    // moved a week (keeping the list's time), then the September meeting removed: nothing hangs on it
    const sepMoved = addDays(sep, 7);
    await page.getByRole('button', { name: `Flytta sammanträdet ${sep}` }).click();
    const move = page.getByRole('form', { name: new RegExp(`^Flytta eller ändra sammanträdet ${sep}`) });
    expect(await move.getByLabel('Starttid').inputValue()).toBe('09:00');
    await move.getByLabel('Datum').fill(sepMoved);
    await move.getByRole('button', { name: 'Spara ändringen' }).click();
    await table.getByRole('rowheader', { name: `${sepMoved}, ${weekday(sepMoved)}` }).waitFor();
    await page.getByRole('button', { name: `Ta bort sammanträdet ${sepMoved}` }).click();
    await page.getByRole('button', { name: 'Ja, ta bort' }).click();
    await expect.poll(() => rows.count()).toBe(4);

    // a date taken twice is refused in Swedish
    const one = page.getByRole('form', { name: 'Lägg till ett sammanträde' });
    await one.getByLabel('Datum').fill(feb);
    await one.getByRole('button', { name: 'Lägg till sammanträdet' }).click();
    await one.getByRole('alert').filter({ hasText: `har redan ett sammanträde ${feb}` }).waitFor();

    // the reglemente's rule for the kallelse: a bad figure refused in Swedish, then ten days saved
    const rule = page.getByRole('form', { name: 'Kallelsens utskick' });
    await rule.getByLabel('Dagar före sammanträdet').fill('0');
    await rule.getByRole('button', { name: 'Spara regeln' }).click();
    await rule.getByRole('alert').filter({ hasText: 'heltal mellan 1 och 60' }).waitFor();
    await rule.getByLabel('Dagar före sammanträdet').fill('10');
    await rule.getByRole('button', { name: 'Spara regeln' }).click();
    await rule.getByRole('status').filter({ hasText: 'senast 10 dagar före sammanträdet' }).waitFor();
    expect((await t.server.db.kysely.selectFrom('body').select('kallelse_days_before').where('id', '=', body.id).executeTakeFirstOrThrow()).kallelse_days_before).toBe(10);

    expect(await axeViolations(page)).toEqual([]);
    const saved = await t.server.db.kysely.selectFrom('meeting').select(['date', 'cancel_reason']).where('body_id', '=', body.id).where('date', '>=', `${year}-01-01`).orderBy('date').execute();
    expect(saved).toEqual([
      { date: feb, cancel_reason: null },
      { date: mar, cancel_reason: 'Inga ärenden att behandla' },
      { date: ascension, cancel_reason: null },
    ]);
  }, 120_000);
});

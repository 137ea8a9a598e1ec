/**
 * The minutes in real Chromium, from an empty meeting to the notice board: the
 * secretary starts the minutes of 2020-02-14, records attendance and decisions in
 * the forms (amended att-satser, jäv, a protocol note, no quorum confirmed, a stale
 * edit refused), numbers the paragraphs and chooses the adjusters; the chair and
 * Torbjörn Appelqvist each sign in and sign the PDF's SHA-256; the minutes lock,
 * the secretary posts the notice and the public reads it on /anslagstavla.
 * Then the delegation page: the order, a refused and an accepted delegated
 * decision, and the report on the 2020-08-24 meeting.
 *
 * Set E2E_SCREENSHOTS=<folder> to save full-page screenshots (1280 px) of each page.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { axeViolations as axe, startBrowserTest, type BrowserTest, signInThroughForm } from '../helpers/browser.ts';
import { createUser } from '../../src/access/service.ts';
import { SYSTEM, type Role } from '../../src/access/model.ts';
import type { BodyDetail, MeetingDetail, MeetingSummary, MinutesView } from '../../src/http/contract.ts';

const PASSWORD = 'ett långt lösenord för e2e-protokoll';
const SHOTS = process.env.E2E_SCREENSHOTS;

let t: BrowserTest;
let url: string;
let feb: MeetingSummary;
let aug: MeetingSummary;
let body: BodyDetail;
let clerk: Page;
const pageErrors: string[] = [];

const personId = (name: string) => body.memberships.find((m) => m.name === name)!.personId;
const members = () => body.memberships.filter((m) => m.kind === 'member');

async function api<T>(path: string): Promise<T> {
  const res = await fetch(`${url}${path}`);
  if (!res.ok) throw new Error(`${path}: ${res.status}`);
  return (await res.json()) as T;
}

async function shot(page: Page, name: string): Promise<void> {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  // in slices of 1 400 px, readable at 1280 px wide
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  for (let y = 0, i = 1; y < height; y += 1400, i++) {
    await page.screenshot({ path: join(SHOTS, `${name}-${i}.png`), fullPage: true, clip: { x: 0, y, width: 1280, height: Math.min(1400, height - y) } });
  }
}

/** A fresh browser context, signed in through the sign-in page. */
async function signedIn(username: string, displayName: string, roles: Role[], person: number | null = null): Promise<Page> {
  await createUser(t.server.db, SYSTEM, { username, displayName, password: PASSWORD, roles, personId: person });
  const page = await t.newPage();
  page.on('pageerror', (e) => pageErrors.push(`${username}: ${e.message}`));
  return signInThroughForm(page, url, { username, password: PASSWORD, displayName });
}

/** Every form control in main has an accessible name (from the accessibility tree). */
async function expectNamedControls(page: Page): Promise<void> {
  const tree = await page.locator('main').ariaSnapshot();
  const unnamed = tree
    .split('\n')
    .filter((line) => /^\s*- (button|checkbox|combobox|listbox|textbox|spinbutton|radio|searchbox|slider|switch)(?: \[[^\]]*\])*:?$/.test(line));
  expect(unnamed, tree).toEqual([]);
}

interface AxeViolation {
  id: string;
  impact: string;
  help: string;
  nodes: Array<{ target: string[] }>;
}

/** axe-core, WCAG 2.1 A and AA rules: the violations on the page as it is now. */

/** The secretary's session: cookie from the browser context, CSRF token from GET /api/session. */
async function clerkWrite(method: 'PUT' | 'POST', path: string, data: unknown): Promise<unknown> {
  const { csrfToken } = (await (await clerk.request.get(`${url}/api/session`)).json()) as { csrfToken: string };
  const res = await clerk.request.fetch(`${url}${path}`, { method, headers: { 'x-csrf-token': csrfToken }, data });
  expect(res.status(), await res.text()).toBeLessThan(300);
  return res.json();
}

const paragraph = (n: number): Locator => clerk.locator(`article#punkt-${n}`);

beforeAll(async () => {
  t = await startBrowserTest();
  url = t.server.url;
  const meetings = await api<MeetingSummary[]>('/api/meetings');
  feb = meetings.find((m) => m.date === '2020-02-14')!;
  aug = meetings.find((m) => m.date === '2020-08-24')!;
  body = await api<BodyDetail>(`/api/bodies/${feb.bodyId}`);
});

afterAll(async () => {
  await t?.close();
});

describe('protokoll, justering och anslagstavla i webbläsaren', () => {
  it('låter sekreteraren påbörja protokollet och fylla i närvaron', async () => {
    clerk = await signedIn('e2e.protokoll.sekr', 'Sekreterare Protokoll', ['secretary']);
    await clerk.goto(`${url}/sammantraden/${feb.id}`);
    await clerk.getByRole('link', { name: 'Protokoll', exact: true }).click();
    await clerk.getByRole('heading', { level: 1, name: 'Protokoll – Regional tillväxtnämnd 2020-02-14' }).waitFor();
    await clerk.getByText('Protokoll saknas ännu.').waitFor();
    await clerk.getByRole('button', { name: 'Påbörja protokoll' }).click();

    // the header: status and the legal clock, with its warning (the adjustment day has long passed)
    await clerk.getByRole('heading', { level: 2, name: 'Frister' }).waitFor();
    const head = clerk.getByRole('region', { name: 'Om protokollet' });
    expect(await head.textContent()).toContain('Utkast');
    const clock = clerk.getByRole('region', { name: 'Frister' });
    // the day the committee decided under item 1 ("Protokollet ska vara justerat senast den 28 februari 2020"), the statute's beside it
    expect(await clock.textContent()).toContain('Sista dag för justering2020-02-28 enligt nämndens beslutLagens sista dag: 2020-02-28');
    expect(await clerk.getByRole('status').filter({ hasText: 'Frister att bevaka' }).textContent()).toContain(
      'Protokollet skulle ha justerats senast 2020-02-28, som nämnden beslutade (lagens sista dag).',
    );

    // attendance: every member present by default, the substitutes not
    for (const m of body.memberships) {
      expect(await clerk.getByRole('checkbox', { name: `${m.name} närvarande`, exact: true }).isChecked(), m.name).toBe(m.kind === 'member');
    }
    expect(await clerk.getByRole('combobox', { name: 'Ingrid Båve ersätter' }).isDisabled()).toBe(true);
    expect(await clerk.getByRole('spinbutton', { name: 'Irén Lejegren från punkt' }).isEnabled()).toBe(true);
    await clerk.getByRole('button', { name: 'Spara närvaron' }).click();
    await clerk.getByText('Närvaron är sparad.').waitFor();
    await shot(clerk, '01-protokoll-utkast');
  });

  it('protokollför beslut i formuläret per punkt: ändring, jäv, anteckning, beslutsförhet och samtidiga ändringar', async () => {
    // § for item 3: amended att-satser (one with a bullet), jäv, a protocol note, recipients, immediately adjusted
    const p3 = paragraph(3);
    await p3.locator('summary', { hasText: 'Protokollför beslut' }).click();
    const form3 = p3.getByRole('form', { name: 'Beslut under punkt 3' });
    await form3.getByLabel('Beslut', { exact: true }).selectOption({ label: 'Beslut med ändring' });
    await form3
      .getByLabel('Beslutade att-satser (en per rad)')
      .fill('att godkänna verksamhetsberättelse 2019 för regional tillväxtnämnd, samt\n• att den redovisas för regionstyrelsen\natt lägga rapporten till handlingarna.');
    await form3.getByRole('checkbox', { name: 'Jäv: Bo Rudolfsson (KD)' }).check();
    await form3.getByRole('button', { name: 'Lägg till reservation eller protokollsanteckning' }).click();
    await form3.getByLabel('Typ (rad 1)').selectOption({ label: 'Protokollsanteckning' });
    await form3.getByLabel('Ledamot (rad 1)').selectOption({ label: 'Kenneth Lantz (V)' });
    await form3.getByLabel('Text (rad 1)').fill('Vänsterpartiet vill se en tydligare jämställdhetsanalys.');
    await form3.getByLabel('Skickas till (en mottagare per rad)').fill('Regionstyrelsen\nRegional utveckling');
    await form3.getByRole('checkbox', { name: 'Paragrafen förklaras omedelbart justerad' }).check();
    await expectNamedControls(clerk);
    await shot(clerk, '02-beslutsformular');
    await form3.getByRole('button', { name: 'Protokollför beslutet' }).click();
    await p3.getByText('Beslutet under punkt 3 är sparat.').waitFor();
    expect(await form3.count()).toBe(0);
    expect(await p3.locator('.badge').textContent()).toBe('Beslut med ändring');
    expect(await p3.locator('.clauses > li').count()).toBe(2);
    expect(await p3.locator('.clauses > li').first().textContent()).toContain('att den redovisas för regionstyrelsen');
    expect(await p3.locator('.clauses > li').nth(1).textContent()).toBe('att lägga rapporten till handlingarna.');
    const text3 = (await p3.textContent()) ?? '';
    expect(text3).toContain('Jäv: Bo Rudolfsson deltar inte i handläggningen');
    expect(text3).toContain('Kenneth Lantz (V): Vänsterpartiet vill se en tydligare jämställdhetsanalys.');
    expect(text3).toContain('Paragrafen förklaras omedelbart justerad.');
    expect(await p3.locator('.dispatch-list > li').allTextContents()).toEqual(['Regionstyrelsen: inte skickat', 'Regional utveckling: inte skickat']);

    // item 4: eight of fifteen members with jäv leave no quorum; the server refuses until it is confirmed
    const p4 = paragraph(4);
    await p4.locator('summary', { hasText: 'Protokollför beslut' }).click();
    const form4 = p4.getByRole('form', { name: 'Beslut under punkt 4' });
    for (const m of members().slice(0, 8)) {
      await form4.getByRole('checkbox', { name: `Jäv: ${m.name} (${m.party})` }).check();
    }
    await form4.getByRole('button', { name: 'Protokollför beslutet' }).click();
    const refusal = form4.getByRole('alert');
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain('Bekräfta för att ändå protokollföra beslutet.');
    await form4.getByRole('button', { name: 'Protokollför ändå utan beslutsförhet' }).click();
    await p4.getByText('Beslutet protokollfördes trots att nämnden inte var beslutsför under punkten.').waitFor();

    // ... and corrected: editing sends the decision's version
    await p4.locator('summary', { hasText: 'Ändra beslutet' }).click();
    for (const m of members().slice(0, 8)) {
      await form4.getByRole('checkbox', { name: `Jäv: ${m.name} (${m.party})` }).uncheck();
    }
    await form4.getByRole('button', { name: 'Spara ändringen' }).click();
    await p4.getByText('Beslutet under punkt 4 är sparat.').waitFor();
    expect(await p4.getByText('inte var beslutsför').count()).toBe(0);
    expect(await p4.locator('.badge').textContent()).toBe('Beslut enligt förslag');

    // a stale edit: the form was opened on version n, someone saved n+1 meanwhile
    await p3.locator('summary', { hasText: 'Ändra beslutet' }).click();
    await form3.waitFor();
    const before = await api<MinutesView>(`/api/meetings/${feb.id}/minutes`).catch(() => null);
    expect(before).toBeNull(); // drafts are not public
    const minutes = (await (await clerk.request.get(`${url}/api/meetings/${feb.id}/minutes`)).json()) as MinutesView;
    const d3 = minutes.decisions.find((d) => d.itemNumber === 3)!;
    await clerkWrite('PUT', `/api/meetings/${feb.id}/minutes/items/3/decision`, {
      outcome: 'amended',
      clauses: d3.clauses,
      conflicted: [personId('Bo Rudolfsson')],
      notes: d3.notes.map((n) => ({ personId: n.personId, kind: n.kind, text: n.text })),
      recipients: [...d3.recipients, 'Revisionen'],
      immediatelyAdjusted: true,
      version: d3.version,
    });
    await form3.getByRole('button', { name: 'Spara ändringen' }).click();
    const stale = p3.getByRole('status').filter({ hasText: 'har ändrats av' });
    await stale.waitFor();
    expect(await stale.textContent()).toMatch(/Beslutet under punkt 3 har ändrats av user:e2e\.protokoll\.sekr sedan du hämtade det/);
    // the form starts over from the saved decision (now with three recipients) and saves
    await expect.poll(() => form3.getByLabel('Skickas till (en mottagare per rad)').inputValue()).toBe('Regionstyrelsen\nRegional utveckling\nRevisionen');
    await form3.getByRole('button', { name: 'Spara ändringen' }).click();
    await p3.getByText('Beslutet under punkt 3 är sparat.').waitFor();
  });

  it('numrerar paragraferna och väljer justerare med knapparna', async () => {
    // the other decisions through the API, with the secretary's session
    const meeting = await api<MeetingDetail>(`/api/meetings/${feb.id}`);
    for (const item of meeting.items) {
      if (item.number === 3 || item.number === 4 || item.kind === 'information' || item.kind === 'presentations') continue;
      await clerkWrite('PUT', `/api/meetings/${feb.id}/minutes/items/${item.number}/decision`, {
        outcome: 'according-to-proposal',
        ...(item.number === 7 ? { recipients: ['Hopajola'] } : {}),
      });
    }
    await clerk.reload();
    // the body's series for 2020: nothing numbered yet, so it starts at § 1 and its first number may still be set
    await clerk.getByText('Inga andra protokoll från 2020 är numrerade. Nästa lediga paragraf: § 1.').waitFor();
    expect(await clerk.getByRole('textbox', { name: 'Första paragrafen 2020' }).inputValue()).toBe('1');
    await clerk.getByRole('button', { name: 'Numrera paragrafer' }).click();
    await clerk.getByRole('heading', { level: 3, name: /^§ 13 Presentationer/ }).waitFor();
    expect(await clerk.getByRole('heading', { level: 3, name: /^§ 2 Information/ }).count()).toBe(1);
    await clerk.getByText('Paragraferna är numrerade (§§ 1–13).').waitFor();
    expect(await clerk.getByRole('textbox', { name: 'Första paragrafen 2020' }).count()).toBe(0);
    // undone and numbered again (as when an earlier meeting of the year must go first): the same numbers
    await clerk.getByRole('button', { name: 'Häv numreringen' }).click();
    await clerk.getByRole('button', { name: 'Numrera paragrafer' }).waitFor();
    expect(await clerk.getByRole('heading', { level: 3, name: /^§ 13 Presentationer/ }).count()).toBe(0);
    await clerk.getByRole('button', { name: 'Numrera paragrafer' }).click();
    await clerk.getByRole('heading', { level: 3, name: /^§ 13 Presentationer/ }).waitFor();
    expect(await clerk.getByRole('region', { name: 'Om protokollet' }).textContent()).toContain('Numrerat');
    expect(await clerk.getByRole('button', { name: 'Numrera paragrafer' }).count()).toBe(0);

    await clerk.getByRole('checkbox', { name: 'Irén Lejegren', exact: true }).check();
    await clerk.getByRole('checkbox', { name: 'Torbjörn Appelqvist', exact: true }).check();
    await clerk.getByRole('button', { name: 'Välj justerare' }).click();
    await clerk.getByText('Torbjörn Appelqvist (M): har inte signerat').waitFor();
    await clerk.getByText('Irén Lejegren (S): har inte signerat').waitFor();
    await expectNamedControls(clerk);
    expect(await axe(clerk)).toEqual([]);
    await shot(clerk, '03-protokoll-numrerat');
  });

  it('låter ordföranden och Torbjörn Appelqvist signera; då är protokollet justerat och låst', async () => {
    const minutesUrl = `${url}/sammantraden/${feb.id}/protokoll`;
    for (const [username, name, last] of [
      ['e2e.protokoll.ordf', 'Irén Lejegren', false],
      ['e2e.protokoll.appelqvist', 'Torbjörn Appelqvist', true],
    ] as const) {
      const page = await signedIn(username, name, ['member'], personId(name));
      await page.goto(minutesUrl);
      const box = page.getByRole('region', { name: 'Justera protokollet' });
      await box.waitFor();
      // the hash shown is the one the server gives for the PDF now
      const code = box.locator('code');
      await code.waitFor();
      const shown = (await code.textContent()) ?? '';
      expect(shown).toMatch(/^[0-9a-f]{64}$/);
      const pdf = await page.request.get(`${url}/api/meetings/${feb.id}/minutes.pdf`);
      expect(pdf.headers()['x-content-sha256']).toBe(shown);
      expect(await box.textContent()).toContain(`SHA-256 ${shown}`);

      const sign = box.getByRole('button', { name: 'Signera' });
      expect(await sign.isDisabled()).toBe(true);
      await expectNamedControls(page);
      if (!last) {
        expect(await axe(page)).toEqual([]);
        await shot(page, '04-justera');
      }
      await box.getByRole('checkbox', { name: 'Jag har läst protokollet' }).check();
      await sign.click();
      await page.getByText(new RegExp(`^${name} \\([A-Z]+\\): signerade \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}$`)).waitFor();
      expect(await page.getByRole('region', { name: 'Justera protokollet' }).count()).toBe(0);
      if (last) {
        await page.getByText('Protokollet är justerat och låst.').waitFor();
        expect(await page.getByRole('region', { name: 'Om protokollet' }).textContent()).toContain('Justerat');
        // the PDF link answers a PDF, and so does the extract of a paragraph
        const href = await page.getByRole('link', { name: 'Protokollet som PDF' }).getAttribute('href');
        const pdfRes = await page.request.get(`${url}${href}`);
        expect(pdfRes.headers()['content-type']).toBe('application/pdf');
        expect((await pdfRes.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
        const extract = await page.getByRole('link', { name: 'Protokollsutdrag § 3 (PDF)' }).getAttribute('href');
        expect((await page.request.get(`${url}${extract}`)).headers()['content-type']).toBe('application/pdf');
        await shot(page, '05-justerat');
      } else {
        await page.getByText('Du har signerat. Protokollet låses när alla justerare har signerat.').waitFor();
      }
      await page.context().close();
    }
  });

  it('låter sekreteraren expediera och anslå; allmänheten ser anslaget', async () => {
    await clerk.reload();
    await clerk.getByText('Protokollet är justerat och låst.').waitFor();
    expect(await clerk.locator('main summary').count()).toBe(0);
    expect(await clerk.getByRole('button', { name: 'Spara närvaron' }).count()).toBe(0);
    await clerk.getByRole('button', { name: 'Markera skickat till Hopajola' }).click();
    await clerk.getByText(/^Hopajola: skickat \d{4}-\d{2}-\d{2} \d{2}:\d{2} av e2e\.protokoll\.sekr$/).waitFor();

    // the justering went up on the notice board with the last signature, the day the sealed protokoll's anslagsbevis gives
    expect(await clerk.getByRole('button', { name: 'Anslå på anslagstavlan' }).count()).toBe(0);
    await clerk.getByRole('button', { name: 'Ta ned anslaget' }).waitFor();
    const clock = clerk.getByRole('region', { name: 'Frister' });
    expect(await clock.textContent()).toMatch(/Överklagandetiden går ut\d{4}-\d{2}-\d{2}/);
    expect(await clock.textContent()).toContain('sitter uppe');
    // the notice must stay up for the whole appeal period: the server's message is shown
    await clerk.getByRole('button', { name: 'Ta ned anslaget' }).click();
    const refusal = clerk.getByRole('region', { name: 'Anslag' }).getByRole('alert');
    await refusal.waitFor();
    expect(await refusal.textContent()).toMatch(/^Anslaget ska sitta uppe hela överklagandetiden, till och med \d{4}-\d{2}-\d{2}/);

    const visitor = await t.newPage();
    visitor.on('pageerror', (e) => pageErrors.push(`visitor: ${e.message}`));
    await visitor.goto(`${url}/`);
    await visitor.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Anslagstavla' }).click();
    await visitor.getByRole('heading', { level: 1, name: 'Anslagstavla' }).waitFor();
    const notice = visitor.getByRole('article', { name: 'Regional tillväxtnämnd, sammanträde 2020-02-14' });
    await notice.getByText('§§ 1–13').waitFor();
    const text = (await notice.textContent()) ?? '';
    expect(text).toContain('Sammanträdesdatum2020-02-14');
    expect(text).toMatch(/Anslaget\d{4}-\d{2}-\d{2}/);
    expect(text).toContain('sitter uppe');
    expect(text).toMatch(/Sista dag att överklaga\d{4}-\d{2}-\d{2}/);
    expect(text).toContain('Förvaltningsrätten i Karlstad');
    expect(await axe(visitor)).toEqual([]);
    await shot(visitor, '06-anslagstavla');

    await notice.getByRole('link', { name: 'Regional tillväxtnämnd, sammanträde 2020-02-14' }).click();
    await visitor.getByRole('heading', { level: 1, name: 'Protokoll – Regional tillväxtnämnd 2020-02-14' }).waitFor();
    await visitor.getByText('Protokollet är justerat och låst.').waitFor();
    await visitor.getByRole('heading', { level: 3, name: /^§ 3 Verksamhetsberättelse 2019/ }).waitFor();
    expect(await visitor.getByRole('button').filter({ hasText: /Markera skickat|Anslå|Signera/ }).count()).toBe(0);
    expect(await axe(visitor)).toEqual([]);
    await visitor.context().close();
  });
});

describe('delegation i webbläsaren', () => {
  it('visar delegationsordningen och registret, vägrar beslut över gränsen och skapar redovisningen', async () => {
    await clerk.goto(`${url}/namnder/${feb.bodyId}`);
    await clerk.getByRole('link', { name: 'Delegationsordning och delegationsbeslut' }).click();
    await clerk.getByRole('heading', { level: 1, name: 'Delegation – Regional tillväxtnämnd' }).waitFor();
    await clerk.getByText('Delegationsordningen har inga punkter ännu.').waitFor();

    const pointForm = clerk.getByRole('form', { name: 'Lägg till en punkt' });
    await pointForm.getByLabel('Punkt', { exact: true }).fill('3.2');
    await pointForm.getByLabel('Ärendetyp').fill('Regionala utvecklingsstöd');
    await pointForm.getByLabel('Delegat (vem som beslutar)').fill('förvaltningschef Regional utveckling');
    await pointForm.getByLabel('Beloppsgräns per beslut').fill('1 000 000 kronor');
    await pointForm.getByRole('button', { name: 'Spara punkten' }).click();
    const row = clerk.getByRole('row', { name: /^3\.2 / });
    await row.waitFor();
    expect(await row.textContent()).toContain('1\u00a0000\u00a0000\u00a0kronor');

    const form = clerk.getByRole('form', { name: 'Registrera delegationsbeslut' });
    await form.getByLabel('Beslutsfattare').waitFor();
    expect(await form.getByLabel('Beslutsfattare').inputValue()).toBe('förvaltningschef Regional utveckling');
    await form.getByLabel('Beslutsdatum').fill('2020-08-01');
    await form.getByLabel('Diarienummer').fill('20RS284');
    await form.getByLabel('Beslut', { exact: true }).fill('Regionalt utvecklingsstöd till projekt Vilt- och naturvård');
    await form.getByLabel(/^Belopp/).fill('1 200 000 kronor');
    await form.getByRole('button', { name: 'Registrera beslutet' }).click();
    const refusal = form.getByRole('alert');
    await refusal.waitFor();
    expect(await refusal.textContent()).toBe(
      'Beloppet 1\u00a0200\u00a0000\u00a0kronor överstiger gränsen 1\u00a0000\u00a0000\u00a0kronor för punkt 3.2 (Regionala utvecklingsstöd); beslutet måste fattas av nämnden.',
    );
    await form.getByLabel(/^Belopp/).fill('474 529 kronor');
    await form.getByRole('button', { name: 'Registrera beslutet' }).click();
    await form.getByText('Beslutet är registrerat under punkt 3.2.').waitFor();
    const decision = clerk.getByRole('row', { name: /Vilt- och naturvård/ });
    await decision.waitFor();
    expect(await decision.textContent()).toContain('474\u00a0529\u00a0kronor');
    expect(await decision.textContent()).toContain('Inte redovisat');
    await expectNamedControls(clerk);
    expect(await axe(clerk)).toEqual([]);
    await shot(clerk, '07-delegation');

    // the report on the 2020-08-24 meeting, from the meeting page
    await clerk.goto(`${url}/sammantraden/${aug.id}`);
    await clerk.getByRole('button', { name: 'Skapa redovisning av delegationsbeslut' }).click();
    await clerk.getByText(/^Punkt 9 "Redovisning av delegationsbeslut" är skapad/).waitFor();
    await clerk.reload();
    await clerk.locator('article#punkt-9').getByRole('heading', { name: /Redovisning av delegationsbeslut/ }).waitFor();
    expect(await clerk.locator('article#punkt-9').textContent()).toContain(
      'Beslut av förvaltningschef Regional utveckling. Regionala utvecklingsstöd enligt punkt 3.2 i delegationsordningen.',
    );

    // the public reads the order and the register, without the forms
    const visitor = await t.newPage();
    await visitor.goto(`${url}/namnder/${feb.bodyId}/delegation`);
    const reported = visitor.getByRole('row', { name: /Vilt- och naturvård/ });
    await reported.waitFor();
    expect(await reported.textContent()).toContain('På väg till nämnden');
    expect(await visitor.getByRole('button', { name: 'Registrera beslutet' }).count()).toBe(0);
    await visitor.context().close();
    expect(pageErrors).toEqual([]);
  });
});

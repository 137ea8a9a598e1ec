/**
 * Walks every API route with every role and checks who is let through.
 * The expectations are written here, independently of the routes' own
 * declarations: a new route without an expectation fails the test.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { openDb, type Db } from '../../src/db/index.ts';
import { buildApp } from '../../src/http/app.ts';
import { importKallelse } from '../../src/importer/service.ts';
import { SYSTEM, type Role } from '../../src/access/model.ts';
import * as meetings from '../../src/meetings/service.ts';
import * as minutes from '../../src/minutes/service.ts';
import * as budget from '../../src/budget/service.ts';
import { PARAMETERS_2026 } from '../../src/budget/model.ts';
import { DEMO_AREAS_2026 } from '../../src/budget/seeds.ts';
import { signIn, type Client } from '../helpers/auth.ts';

type Who = 'public' | Role;
const ALL: Who[] = ['public', 'member', 'case-officer', 'secretary', 'adjuster', 'admin'];
const STAFF: Who[] = ['member', 'case-officer', 'secretary', 'adjuster', 'admin'];
const EDIT: Who[] = ['secretary', 'admin'];

/** Who may call each route ("GET /api/…"); everyone else gets 401 (public) or 403. */
const EXPECTED: Record<string, Who[]> = {
  'GET /api/health': ALL,
  'GET /api/bodies': ALL,
  'GET /api/bodies/:id': ALL,
  'GET /api/meetings': ALL,
  'GET /api/meetings/:id': ALL,
  'POST /api/meetings': EDIT,
  // the agenda builder (issue 14.2)
  'GET /api/meetings/:id/agenda': EDIT,
  'POST /api/meetings/:id/agenda-items': EDIT,
  'PUT /api/agenda-items/:id': EDIT,
  'DELETE /api/agenda-items/:id': EDIT,
  'PUT /api/meetings/:id/agenda-order': EDIT,
  // the sammanträdesplan (issue 14.1): public per year and as iCalendar; changed by the secretariat
  'GET /api/bodies/:id/calendar/:year': ALL,
  'GET /api/bodies/:id/calendar.ics': ALL,
  'POST /api/bodies/:id/calendar': EDIT,
  'POST /api/bodies/:id/calendar/dates': EDIT,
  'PUT /api/meetings/:id/schedule': EDIT,
  'POST /api/meetings/:id/cancel': EDIT,
  'DELETE /api/meetings/:id': EDIT,
  'PUT /api/bodies/:id/kallelse-rule': EDIT, // the reglemente's days before the meeting
  // grants to associations and foundations (issue 21.2) and owned companies (21.3): registers public; funding.read/edit/decide
  'GET /api/foreningsbidrag': ALL,
  'GET /api/foreningsbidrag/budgetrader': ALL,
  'GET /api/foreningsbidrag/:id': ALL,
  'POST /api/foreningsbidrag': ['case-officer', 'secretary', 'admin'],
  'PUT /api/foreningsbidrag/:id': ['case-officer', 'secretary', 'admin'],
  'POST /api/foreningsbidrag/:id/ansokningar': ['case-officer', 'secretary', 'admin'],
  'PUT /api/foreningsbidrag/ansokningar/:id': ['case-officer', 'secretary', 'admin'],
  'POST /api/foreningsbidrag/ansokningar/:id/punkt': ['case-officer', 'secretary', 'admin'],
  'POST /api/foreningsbidrag/ansokningar/:id/beslut': EDIT,
  'PUT /api/foreningsbidrag/ansokningar/:id/redovisning': ['case-officer', 'secretary', 'admin'],
  'POST /api/foreningsbidrag/:id/historik': ['case-officer', 'secretary', 'admin'],
  'DELETE /api/foreningsbidrag/:id/historik/:entryId': ['case-officer', 'secretary', 'admin'],
  'POST /api/foreningsbidrag/:id/historik/import': ['case-officer', 'secretary', 'admin'],
  'DELETE /api/foreningsbidrag/:id/historik/import/:entryId': ['case-officer', 'secretary', 'admin'],
  'GET /api/bolag': ALL,
  'GET /api/bolag/:id': ALL,
  'GET /api/bolag/:id/referenser': STAFF,
  'GET /api/bolag/:id/handlingar/:docId/fil': STAFF,
  'POST /api/bolag': ['case-officer', 'secretary', 'admin'],
  'PUT /api/bolag/:id': ['case-officer', 'secretary', 'admin'],
  'POST /api/bolag/:id/handlingar': ['case-officer', 'secretary', 'admin'],
  'DELETE /api/bolag/:id/handlingar/:docId': ['case-officer', 'secretary', 'admin'],
  'PUT /api/bolag/:id/rapporter': ['case-officer', 'secretary', 'admin'],
  'DELETE /api/bolag/:id/rapporter/:docId': ['case-officer', 'secretary', 'admin'],
  // expediering of sealed extracts (issue 15.6): decision.dispatch
  'GET /api/meetings/:id/expediering': ['case-officer', 'secretary', 'admin'],
  'POST /api/meetings/:id/expediering/items/:number/recipients': ['case-officer', 'secretary', 'admin'],
  'PUT /api/expediering-recipients/:id': ['case-officer', 'secretary', 'admin'],
  'DELETE /api/expediering-recipients/:id': ['case-officer', 'secretary', 'admin'],
  'POST /api/expediering-recipients/:id/recorded': ['case-officer', 'secretary', 'admin'],
  'POST /api/meetings/:id/expediering/send': ['case-officer', 'secretary', 'admin'],
  'POST /api/extract-dispatches/:id/retry': ['case-officer', 'secretary', 'admin'],
  // live attendance (issue 15.1): read by staff, changed by the secretariat
  'GET /api/meetings/:id/minutes/attendance/live': STAFF,
  'POST /api/meetings/:id/minutes/attendance/changes': EDIT,
  'DELETE /api/meetings/:id/minutes/attendance/changes/:changeId': EDIT,
  // the business-support register (issue 16.6): public list (natural persons masked); funding.read/edit
  'GET /api/business-support/decisions': ALL,
  'GET /api/business-support/decisions/:id': STAFF,
  'POST /api/business-support/decisions': ['case-officer', 'secretary', 'admin'],
  'PUT /api/business-support/decisions/:id': ['case-officer', 'secretary', 'admin'],
  'POST /api/business-support/imports/preview': ['case-officer', 'secretary', 'admin'],
  'POST /api/business-support/imports': ['case-officer', 'secretary', 'admin'],
  'GET /api/business-support/delegation-report': STAFF,
  // the import page (issue 18.8): import.kallelse
  'POST /api/imports/preview': EDIT,
  'POST /api/imports/:id/confirm': EDIT,
  'POST /api/imports/:id/cancel': EDIT,
  'GET /api/imports': EDIT,
  'GET /api/imports/:id': EDIT,
  // co-financing payment plans, appropriation per year and lists with filters and export (issue 16.5, 16.8)
  'PUT /api/cofinancing/:id/payment-plan': ['case-officer', 'secretary', 'admin'],
  'GET /api/appropriation-profile': STAFF,
  'GET /api/cofinancing-lists/:kind': STAFF,
  // the state report as PDF (draft narrative: staff) and the strategy's priorities (issue 16.7)
  'GET /api/state-report/:year.pdf': STAFF,
  'GET /api/state-report/priorities': ALL,
  'POST /api/state-report/priorities': ['case-officer', 'secretary', 'admin'],
  'PUT /api/state-report/priorities/:id': ['case-officer', 'secretary', 'admin'],
  // anmälningsärenden (issue 21.4): listed cases and delegated decisions, by the secretariat
  'GET /api/meetings/:id/notification-candidates': EDIT,
  'POST /api/agenda-items/:id/listed-items': EDIT,
  // archive delivery (issue 21.5): archive.export
  'GET /api/arkiv/installningar': EDIT,
  'GET /api/arkiv/innehall': EDIT,
  'GET /api/arkiv/leveranser': EDIT,
  'POST /api/arkiv/leveranser': EDIT,
  'GET /api/cases': ALL,
  'GET /api/cases/:caseNumber': ALL,
  'POST /api/cases': ['case-officer', 'secretary', 'admin'],
  // diarium editing (issue 14.3): ärendemening, handläggare, status, links
  'PUT /api/cases/:caseNumber': ['case-officer', 'secretary', 'admin'],
  'POST /api/cases/:caseNumber/links': ['case-officer', 'secretary', 'admin'],
  'DELETE /api/cases/:caseNumber/links/:other': ['case-officer', 'secretary', 'admin'],
  // kallelse sending (issue 14.6)
  'POST /api/meetings/:id/kallelse/send': EDIT,
  'GET /api/meetings/:id/kallelse/dispatches': EDIT,
  'POST /api/kallelse-dispatches/:id/retry': EDIT,
  'PUT /api/people/:id/email': EDIT,
  'POST /api/imports': EDIT,
  'GET /api/search': ALL,
  'GET /api/session': ALL,
  'POST /api/session': ALL,
  'DELETE /api/session': ALL,
  'GET /api/oidc/login': ALL, // 404 here: no identity provider configured
  'GET /api/oidc/callback': ALL,
  'GET /api/users': ['admin'],
  'POST /api/users': ['admin'],
  'PUT /api/users/:id/roles': ['admin'],
  'PUT /api/users/:id/active': ['admin'],
  'POST /api/users/:id/password-reset': ['admin'], // on an id no user has (404): resetting a real one would end a session used here
  'GET /api/people': ['admin'],
  'GET /api/user-bodies': ['admin'],
  'PUT /api/users/:id/bodies': ['admin'],
  'GET /api/secrecy-provisions': ALL,
  'GET /api/first-run': ALL, // whether the one-time link of the first start is still open (no token: no secret)
  'POST /api/first-run': ALL, // the token is the authority; without one, a Swedish 400
  'POST /api/session/reauth': STAFF,
  'PUT /api/session/password': STAFF,
  'GET /api/audit': ['admin'],
  'GET /api/audit.csv': ['admin'],
  'GET /api/audit/verify': ['admin'],
  // the minutes of the test meeting are a draft: only members and staff read them
  'GET /api/meetings/:id/minutes': STAFF,
  // yrkanden, propositionsordning and voting lists of the live minutes (issue 15.1)
  'GET /api/meetings/:id/minutes/items/:number/motions': STAFF,
  'POST /api/meetings/:id/minutes/items/:number/motions': EDIT,
  'PUT /api/meetings/:id/minutes/items/:number/motions/:motionId': EDIT,
  'DELETE /api/meetings/:id/minutes/items/:number/motions/:motionId': EDIT,
  'PUT /api/meetings/:id/minutes/items/:number/propositions': EDIT,
  'PUT /api/meetings/:id/minutes/items/:number/propositions/:position/vote': EDIT,
  'DELETE /api/meetings/:id/minutes/items/:number/propositions/:position/vote': EDIT,
  // § numbering per body and year (issue 15.2)
  'GET /api/bodies/:id/paragraph-series/:year': STAFF,
  'PUT /api/bodies/:id/paragraph-series/:year': EDIT,
  'DELETE /api/meetings/:id/minutes/numbering': EDIT,
  'GET /api/meetings/:id/minutes.pdf': STAFF,
  'GET /api/meetings/:id/minutes/paragraphs/:paragraph/extract.pdf': STAFF,
  'POST /api/meetings/:id/minutes': EDIT,
  'PUT /api/meetings/:id/minutes/attendance': EDIT,
  'PUT /api/meetings/:id/minutes/adjusters': EDIT,
  'PUT /api/meetings/:id/minutes/items/:number/decision': EDIT,
  'POST /api/meetings/:id/minutes/numbering': EDIT,
  'POST /api/meetings/:id/minutes/signatures': ['member', 'adjuster'],
  'POST /api/meetings/:id/minutes/notice': EDIT,
  'POST /api/meetings/:id/minutes/notice/take-down': EDIT,
  'POST /api/meetings/:id/minutes/items/:number/dispatches': ['case-officer', 'secretary', 'admin'],
  'GET /api/notice-board': ALL,
  'GET /api/business-support': ALL,
  'PUT /api/business-support/:id/natural-person': ['case-officer', 'secretary', 'admin'],
  'GET /api/meetings/:id/adjustment-proposal': ALL,
  'GET /api/bodies/:id/delegation-order': ALL,
  'PUT /api/bodies/:id/delegation-order/:number': EDIT,
  'GET /api/bodies/:id/delegated-decisions': ALL,
  'POST /api/bodies/:id/delegated-decisions': ['case-officer', 'secretary', 'admin'],
  'POST /api/meetings/:id/delegation-report': EDIT,
  'POST /api/meetings/:id/delegation-report/:number/approval': EDIT,
  'PUT /api/agenda-items/:id/secrecy': EDIT,
  'POST /api/agenda-items/:id/attachments': ['case-officer', 'secretary', 'admin'],
  'GET /api/agenda-items/:id/attachments': ALL,
  'GET /api/attachments/:id/file': ALL,
  'DELETE /api/attachments/:id': ['case-officer', 'secretary', 'admin'],
  'PUT /api/agenda-items/:id/memo': ['case-officer', 'secretary', 'admin'],
  'GET /api/agenda-items/:id/memo': ALL,
  'GET /api/overview': STAFF, // the staff start page (issue 14.8)
  // remisser (issue 21.1): the register is public (organisations, titles, dates); details for staff
  'GET /api/remisser': ALL,
  'GET /api/remisser/deadlines': STAFF,
  'GET /api/remisser/:id': STAFF,
  'GET /api/remisser/:id/svar': STAFF,
  'GET /api/remisser/:id/svar.pdf': STAFF,
  'POST /api/remisser/incoming': ['case-officer', 'secretary', 'admin'],
  'POST /api/remisser/outgoing': ['case-officer', 'secretary', 'admin'],
  'PUT /api/remisser/:id': ['case-officer', 'secretary', 'admin'],
  'POST /api/remisser/:id/agenda': EDIT,
  'POST /api/remisser/:id/sending': ['case-officer', 'secretary', 'admin'],
  'POST /api/remisser/:id/recipients': ['case-officer', 'secretary', 'admin'],
  'DELETE /api/remisser/:id/recipients/:recipientId': ['case-officer', 'secretary', 'admin'],
  'PUT /api/remisser/:id/recipients/:recipientId/answer': ['case-officer', 'secretary', 'admin'],
  // Mina sammanträden (issue 14.7): signed-in users; the test's accounts are linked to no person, so the
  // person-specific reads are refused 403 (checked with linked members in member-reading.test.ts)
  'GET /api/my/meetings': STAFF,
  'POST /api/my/meetings/:id/read': STAFF,
  'GET /api/my/meetings/:id/notes': [],
  'PUT /api/my/agenda-items/:id/note': STAFF,
  'PUT /api/my/meetings/:id/absence': STAFF,
  'GET /api/meetings/:id/absences': EDIT,
  // the memo form (issue 14.4): drafts by handläggare, 'klar för kallelse' by the secretary
  'GET /api/agenda-items/:id/memo-form': ['case-officer', 'secretary', 'admin'],
  'PUT /api/agenda-items/:id/memo-form': ['case-officer', 'secretary', 'admin'],
  'POST /api/agenda-items/:id/memo-form/state': EDIT,
  'PUT /api/attachments/:id/title': ['case-officer', 'secretary', 'admin'],
  'PUT /api/agenda-items/:id/attachments/order': ['case-officer', 'secretary', 'admin'],
  'GET /api/agenda-items/:id/memo.pdf': ALL,
  'DELETE /api/agenda-items/:id/memo': ['case-officer', 'secretary', 'admin'],
  'GET /api/meetings/:id/kallelse': STAFF,
  'POST /api/meetings/:id/kallelse': EDIT,
  'GET /api/meetings/:id/kallelse/jobs/:jobId': STAFF,
  'GET /api/meetings/:id/kallelse.pdf': ALL,
  'GET /api/meetings/:id/kallelse/versions/:version/file': ALL,
  'GET /api/meetings/:id/kallelse/diff': STAFF,
  'POST /api/meetings/:id/kallelse/versions/:version/sent': EDIT,
  'PUT /api/decision-basis/:id/secrecy': EDIT,
  // co-financing: applications are public once granted (404 before), staff read the rest
  'GET /api/cofinancing': ALL,
  'POST /api/cofinancing': ['case-officer', 'secretary', 'admin'],
  'GET /api/cofinancing/:id': ALL,
  'PUT /api/cofinancing/:id': ['case-officer', 'secretary', 'admin'],
  'PUT /api/cofinancing/:id/natural-person': ['case-officer', 'secretary', 'admin'],
  'GET /api/cofinancing/:id/proposal': STAFF,
  'POST /api/cofinancing/:id/decision': EDIT,
  'POST /api/cofinancing/:id/confirmation': EDIT,
  'POST /api/cofinancing/:id/extensions': EDIT,
  'POST /api/cofinancing/:id/payouts': ['case-officer', 'secretary', 'admin'],
  // decisions (issue 16, item 1): move a proposal, withdrawal by the applicant, avslag
  'POST /api/cofinancing/:id/move': EDIT,
  'POST /api/cofinancing/:id/withdrawal': ['case-officer', 'secretary', 'admin'],
  'POST /api/cofinancing/:id/rejection': EDIT,
  // payouts with attest (issue 16, item 2): the attest by another person with funding.attest
  'POST /api/cofinancing-payouts/:id/attest': EDIT,
  'POST /api/cofinancing-payouts/:id/reversal': ['case-officer', 'secretary', 'admin'],
  'GET /api/cofinancing/payouts.csv': EDIT,
  'GET /api/cofinancing/:id/letter.pdf': ALL,
  'GET /api/cofinancing-conditions': STAFF,
  'POST /api/cofinancing-conditions': EDIT,
  'PUT /api/cofinancing-conditions/:id': EDIT,
  'GET /api/appropriations/:year': STAFF,
  'PUT /api/appropriations/:year': EDIT,
  'POST /api/appropriations/:year/commitments': EDIT,
  // budgets: the test body has a draft budget for 2026 (drafts: members and staff; adopted: everyone)
  'GET /api/bodies/:id/budgets': ALL,
  'POST /api/bodies/:id/budgets': ['case-officer', 'secretary', 'admin'],
  'GET /api/bodies/:id/budgets/:year': STAFF,
  'GET /api/bodies/:id/budgets/:year/frames': STAFF,
  'POST /api/bodies/:id/budgets/:year/what-if': STAFF,
  'PUT /api/bodies/:id/budgets/:year/parameters': ['case-officer', 'secretary', 'admin'],
  'PUT /api/bodies/:id/budgets/:year/areas': ['case-officer', 'secretary', 'admin'],
  'POST /api/bodies/:id/budgets/:year/adoption': EDIT,
  'PUT /api/bodies/:id/budgets/:year/report': ['case-officer', 'secretary', 'admin'],
  // the state report: tables are public aggregates; the narrative is a draft for members and staff
  'GET /api/state-report/:year': ALL,
  'GET /api/state-report/:year.csv': ALL,
  'GET /api/state-report/:year.xlsx': ALL,
  'GET /api/state-report/:year/narrative': STAFF,
  'PUT /api/state-report/:year/narrative': ['case-officer', 'secretary', 'admin'],
  'POST /api/state-report/:year/narrative/copy-from-previous': ['case-officer', 'secretary', 'admin'],
  // indicator series are public; importing and targets for officers; the internal control plan for signed-in staff
  'GET /api/kpi/series': ALL,
  'GET /api/kpi/series/:id': ALL,
  'POST /api/kpi/imports': ['case-officer', 'secretary', 'admin'],
  'PUT /api/kpi/series/:id': ['case-officer', 'secretary', 'admin'],
  'GET /api/control/plans': STAFF,
  'GET /api/control/plans/:id': STAFF,
  'POST /api/control/imports': ['case-officer', 'secretary', 'admin'],
  'POST /api/control/plans/:id/risks': ['case-officer', 'secretary', 'admin'],
  'PUT /api/control/risks/:id': ['case-officer', 'secretary', 'admin'],
  'POST /api/control/risks/:id/actions': ['case-officer', 'secretary', 'admin'],
  'PUT /api/control/actions/:id': ['case-officer', 'secretary', 'admin'],
  // xlsx exports (issue 17.7): drafts and the control plan for staff, KPI series public like the series
  'GET /api/bodies/:id/budgets/:year.xlsx': STAFF, // the test body's budget is the 2026 draft; adopted budgets are ALL
  'GET /api/kpi/series.xlsx': ALL,
  'GET /api/kpi/series/:id.xlsx': ALL,
  'GET /api/control/plans/:id.xlsx': STAFF,
  // business plans: none in this database (404); drafts are refused to the public in steering.test.ts
  'GET /api/bodies/:id/plans': ALL,
  'POST /api/bodies/:id/plans/imports': ['case-officer', 'secretary', 'admin'],
  'GET /api/plans/:id': ALL,
  'POST /api/plans/:id/items': ['case-officer', 'secretary', 'admin'],
  'PUT /api/plan-items/:id': ['case-officer', 'secretary', 'admin'],
  // this session's parts (issues 16, 17)
  'PUT /api/cofinancing-decisions/:id/priority': ['case-officer', 'secretary', 'admin'],
  'PUT /api/plan-items/:id/kpi-series': ['case-officer', 'secretary', 'admin'],
  'GET /api/plan-reports/:id/due-reminders': ['case-officer', 'secretary', 'admin'],
  'GET /api/responsible-accounts': ['case-officer', 'secretary', 'admin'],
  'PUT /api/plan-items/:id/responsible-account': ['case-officer', 'secretary', 'admin'],
  'PUT /api/plan-items/:id/state-report-section': ['case-officer', 'secretary', 'admin'],
  'GET /api/follow-up/years/:year': STAFF,
  'GET /api/follow-up/years/:year/state-report': STAFF,
  'POST /api/kpi/series': ['case-officer', 'secretary', 'admin'],
  'POST /api/kpi/series/:id/kolada': ['case-officer', 'secretary', 'admin'],
  'PUT /api/kpi/series/:id/values': ['case-officer', 'secretary', 'admin'],
  'GET /api/control/years/:year': STAFF,
  'POST /api/control/plans/:id/carry-over': ['case-officer', 'secretary', 'admin'],
  'DELETE /api/plan-items/:id': ['case-officer', 'secretary', 'admin'],
  'POST /api/plan-items/:id/move': ['case-officer', 'secretary', 'admin'],
  'POST /api/plan-reports/:id/submission': ['case-officer', 'secretary', 'admin'],
  'POST /api/plan-reports/:id/reopening': EDIT,
  'POST /api/plan-reports/:id/lock': EDIT,
  'POST /api/plans/:id/versions': ['case-officer', 'secretary', 'admin'],
  'GET /api/plans/:id/compare': ALL,
  'POST /api/plans/:id/adoption': EDIT,
  'GET /api/plans/:id/reports': ALL,
  'POST /api/plans/:id/reports': ['case-officer', 'secretary', 'admin'],
  'GET /api/plan-reports/:id': ALL,
  'PUT /api/plan-reports/:id/entries/:itemId': ['case-officer', 'secretary', 'admin'],
  'GET /api/plan-reports/:id/report.pdf': ALL,
  // follow-up (issue 17.2, 17.7): sign-off, deadline, responsible, reminders by plan.edit; exports public for adopted plans (none here: 404)
  'POST /api/plan-reports/:id/entries/:itemId/sign-off': ['case-officer', 'secretary', 'admin'],
  'DELETE /api/plan-reports/:id/entries/:itemId/sign-off': ['case-officer', 'secretary', 'admin'],
  'PUT /api/plan-reports/:id/deadline': ['case-officer', 'secretary', 'admin'],
  'PUT /api/plan-items/:id/responsible': ['case-officer', 'secretary', 'admin'],
  'POST /api/plan-reports/:id/reminders': ['case-officer', 'secretary', 'admin'],
  'GET /api/plans/:id/plan.pdf': ALL,
  'GET /api/plans/:id/plan.xlsx': ALL,
  'GET /api/plan-reports/:id/report.xlsx': ALL,
};

const IGNORED = (url: string) => url.startsWith('/api/docs') || !url.startsWith('/api/');

describe('every route with every role', () => {
  let db: Db;
  let app: FastifyInstance;
  let meetingId: number;
  let bodyId: number;
  const clients = new Map<Who, Client | null>();

  beforeAll(async () => {
    db = await openDb({ url: '', dataDir: 'memory://' });
    app = await buildApp({ db });
    await importKallelse(db, SYSTEM, { fileName: '003.txt', text: readFileSync(new URL('../../seeds/003_f8eb7d47c03ea706.txt', import.meta.url), 'utf8') });
    const m = (await meetings.listMeetings(db))[0]!;
    meetingId = m.id;
    bodyId = m.bodyId;
    await minutes.openMinutes(db, SYSTEM, meetingId);
    await budget.createBudget(db, SYSTEM, bodyId, { year: 2026, parameters: PARAMETERS_2026, areas: DEMO_AREAS_2026 });
    clients.set('public', null);
    for (const role of ALL) if (role !== 'public') clients.set(role, await signIn(app, db, [role]));
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  it('has an expectation for every route', () => {
    const routes = app.routeList.filter((r) => !IGNORED(r.url)).map((r) => `${r.method} ${r.url}`);
    expect(routes.filter((r) => !(r in EXPECTED))).toEqual([]);
    expect(Object.keys(EXPECTED).filter((k) => !routes.includes(k))).toEqual([]);
  });

  it('lets exactly the expected roles through', async () => {
    const fill = (url: string) =>
      url
        .replace(':caseNumber', '20RS263')
        .replace(':paragraph', '1')
        .replace(':year', '2026')
        .replace(':number', url.includes('delegation-order') ? '3.2' : '1')
        .replace(':id', String(url.startsWith('/api/bodies') ? bodyId : url.startsWith('/api/meetings') ? meetingId : url.startsWith('/api/users/') ? 99999 : 1));
    const wrong: string[] = [];
    let calls = 0;
    for (const r of app.routeList.filter((x) => !IGNORED(x.url))) {
      if (r.method === 'DELETE' && r.url === '/api/session') continue; // would end the session used below
      const allowed = EXPECTED[`${r.method} ${r.url}`] ?? [];
      for (const who of ALL) {
        const client = clients.get(who);
        const res = await app.inject({
          method: r.method as 'GET',
          url: fill(r.url) + (r.url === '/api/search' ? '?q=medfinansiering' : r.url.endsWith('adjustment-proposal') ? '?adjuster=1' : ''),
          ...(client ?? {}),
          ...(r.method === 'GET' ? {} : { payload: {} }),
        });
        calls++;
        const denied = res.statusCode === 401 || res.statusCode === 403;
        const ok = allowed.includes(who) ? !denied : res.statusCode === (who === 'public' ? 401 : 403);
        if (!ok) wrong.push(`${who} ${r.method} ${r.url} → ${res.statusCode} ${res.body.slice(0, 100)}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(calls).toBeGreaterThan(200);
  });
});

/** HTTP for business plans: the tree, edits, versions and comparison, adoption, follow-up reports and their PDF. */
import type { FastifyInstance } from 'fastify';
import { linkSeries } from './kpiLinks.ts';
import type { Db } from '../db/index.ts';
import { errorReplies, idParam, isoDate } from '../http/schemas.ts';
import { actorOf } from '../http/actor.ts';
import { sendFile } from '../http/files.ts';
import { publicBaseUrl } from '../http/headers.ts';
import { XLSX_MEDIA_TYPE } from '../kernel/xlsx.ts';
import { ITEM_KINDS, REPORT_KINDS, STATUSES, type ItemKind, type Origin, type ReportKind, type Status } from './model.ts';
import * as service from './service.ts';
import * as dueReminders from './dueReminders.ts';
import * as yearView from './yearView.ts';

const TAGS = ['Verksamhetsplan'];
const int = { type: 'integer', minimum: 1, maximum: 2147483647 } as const;
const version = { type: 'integer', minimum: 0, maximum: 2147483647 } as const;
const shortText = (max: number) => ({ type: 'string', maxLength: max, nullable: true }) as const;
const conflict = { ...errorReplies, 409: errorReplies[400], 422: errorReplies[400] };

const origin = {
  type: 'object',
  nullable: true,
  additionalProperties: false,
  required: ['kind', 'year'],
  description: 'Ursprung: FM 2026, DN 2025, Förslag till DN 2026, Från 2025 …',
  properties: {
    kind: { type: 'string', enum: ['FM', 'DN', 'proposal', 'from', 'keep'] },
    // 1990–2100 is checked by the service with a Swedish message
    year: { type: 'integer', minimum: 0, maximum: 2100, nullable: true },
    via: { type: 'string', enum: ['FM', 'DN'] },
    newIndicator: { type: 'boolean' },
    remove: { type: 'string', pattern: '^\\d{1,3}(\\.\\d{1,3}){0,3}$' },
  },
} as const;

const itemFields = {
  text: { type: 'string', minLength: 1, maxLength: 2000 },
  title: shortText(300),
  number: { type: 'string', maxLength: 20, nullable: true },
  origin,
  assignee: shortText(300),
  note: shortText(1000),
  originText: { ...shortText(80), description: 'Ursprunget som papperen skriver det, t.ex. "Förslag till DN 2026"; ersätter origin' },
  responsible: { ...shortText(200), description: 'Ansvarig för posten (namn)' },
  responsibleEmail: { ...shortText(254), description: 'Den ansvariges e-postadress (påminnelser går dit; visas aldrig publikt)' },
  // ISO date or '' / null; checked by the service with a Swedish message
  deadline: { ...shortText(10), description: 'Sista datum, ÅÅÅÅ-MM-DD' },
  kpiSeriesId: { ...int, nullable: true, description: 'Styrtalets nyckeltalsserie (GET /api/kpi/series); null: ingen' },
} as const;

const versionRef = { type: 'string', pattern: '^([1-9][0-9]{0,8}|current)$' } as const;
const refOf = (s: string): number | 'current' => (s === 'current' ? 'current' : Number(s));

type ItemBody = {
  text: string; title?: string | null; number?: string | null; origin?: Origin | null; assignee?: string | null; note?: string | null;
  originText?: string | null; responsible?: string | null; deadline?: string | null; responsibleEmail?: string | null;
  kpiSeriesId?: number | null;
};

export function steeringRoutes(app: FastifyInstance, db: Db) {
  app.get<{ Params: { id: number } }>(
    '/api/bodies/:id/plans',
    { schema: { tags: TAGS, summary: 'Nämndens verksamhetsplaner (utkast bara för inloggad personal)', params: idParam, response: errorReplies } },
    async (req) => service.listPlans(db, actorOf(req), req.params.id),
  );

  app.post<{ Params: { id: number }; Body: { text: string; fileName?: string } }>(
    '/api/bodies/:id/plans/imports',
    {
      config: { permission: 'plan.edit' },
      bodyLimit: 2 * 1024 * 1024,
      schema: {
        tags: TAGS,
        summary: 'Läs in ett underlag för verksamhetsplan (som workshopunderlaget för 2026) som ett utkast',
        params: idParam,
        body: {
          type: 'object',
          required: ['text'],
          additionalProperties: false,
          properties: { text: { type: 'string', minLength: 1, maxLength: 1_000_000 }, fileName: { type: 'string', maxLength: 200 } },
        },
        response: conflict,
      },
    },
    async (req, reply) => {
      const r = await service.importWorkshop(db, actorOf(req), req.params.id, req.body);
      return reply.status(r.created ? 201 : 200).send(r);
    },
  );

  app.get<{ Params: { id: number } }>(
    '/api/plans/:id',
    { schema: { tags: TAGS, summary: 'Verksamhetsplanen som träd: målsättningar, fokusområden, mål, styrtal och uppdrag', params: idParam, response: errorReplies } },
    async (req) => service.getPlan(db, actorOf(req), req.params.id),
  );

  app.post<{ Params: { id: number }; Body: ItemBody & { kind: ItemKind; parentId: number | null } }>(
    '/api/plans/:id/items',
    {
      config: { permission: 'plan.edit' },
      schema: {
        tags: TAGS,
        summary: 'Lägg till en post i ett utkast',
        params: idParam,
        body: {
          type: 'object',
          required: ['kind', 'parentId', 'text'],
          additionalProperties: false,
          properties: { kind: { type: 'string', enum: [...ITEM_KINDS] }, parentId: { ...int, nullable: true }, ...itemFields },
        },
        response: conflict,
      },
    },
    async (req, reply) => reply.status(201).send(await service.addItem(db, actorOf(req), req.params.id, req.body)),
  );

  app.put<{ Params: { id: number }; Body: ItemBody & { version: number } }>(
    '/api/plan-items/:id',
    {
      config: { permission: 'plan.edit' },
      schema: {
        tags: TAGS,
        summary: 'Ändra en post i ett utkast (fastställda planer kan inte ändras)',
        params: idParam,
        body: { type: 'object', required: ['text', 'version'], additionalProperties: false, properties: { ...itemFields, version } },
        response: conflict,
      },
    },
    async (req) => service.updateItem(db, actorOf(req), req.params.id, req.body),
  );

  app.delete<{ Params: { id: number }; Querystring: { version: number } }>(
    '/api/plan-items/:id',
    {
      config: { permission: 'plan.edit' },
      schema: {
        tags: TAGS,
        summary: 'Ta bort en post (och det som hör till den) ur ett utkast; ?version= den version du såg',
        params: idParam,
        querystring: { type: 'object', required: ['version'], additionalProperties: false, properties: { version: int } },
        response: conflict,
      },
    },
    async (req, reply) => {
      await service.removeItem(db, actorOf(req), req.params.id, req.query.version);
      return reply.status(204).send();
    },
  );

  app.post<{ Params: { id: number }; Body: { parentId: number | null; position?: number; version: number } }>(
    '/api/plan-items/:id/move',
    {
      config: { permission: 'plan.edit' },
      schema: {
        tags: TAGS,
        summary: 'Flytta en post i ett utkast: under en annan post (parentId, null högst upp) och/eller till en annan plats bland syskonen (position, 0 först)',
        params: idParam,
        body: {
          type: 'object',
          required: ['parentId', 'version'],
          additionalProperties: false,
          properties: { parentId: { ...int, nullable: true }, position: { type: 'integer', minimum: 0, maximum: 100000 }, version: int },
        },
        response: conflict,
      },
    },
    async (req) => service.moveItem(db, actorOf(req), req.params.id, req.body),
  );

  app.post<{ Params: { id: number }; Body: { label: string } }>(
    '/api/plans/:id/versions',
    {
      config: { permission: 'plan.edit' },
      schema: {
        tags: TAGS,
        summary: 'Spara planen som den ser ut nu som en numrerad version',
        params: idParam,
        body: { type: 'object', required: ['label'], additionalProperties: false, properties: { label: { type: 'string', minLength: 1, maxLength: 200 } } },
        response: conflict,
      },
    },
    async (req, reply) => reply.status(201).send(await service.snapshot(db, actorOf(req), req.params.id, req.body.label)),
  );

  app.get<{ Params: { id: number }; Querystring: { from: string; to?: string } }>(
    '/api/plans/:id/compare',
    {
      schema: {
        tags: TAGS,
        summary: 'Jämför två versioner: sammanslagna, borttagna, omformulerade och tillagda poster',
        params: idParam,
        querystring: { type: 'object', required: ['from'], additionalProperties: false, properties: { from: versionRef, to: versionRef } },
        response: errorReplies,
      },
    },
    async (req) => service.compareVersions(db, actorOf(req), req.params.id, refOf(req.query.from), refOf(req.query.to ?? 'current')),
  );

  app.post<{ Params: { id: number }; Body: { version: number; adoptedOn?: string } }>(
    '/api/plans/:id/adoption',
    {
      config: { permission: 'plan.adopt' },
      schema: {
        tags: TAGS,
        summary: 'Fastställ planen: den blir skrivskyddad och offentlig',
        params: idParam,
        body: { type: 'object', required: ['version'], additionalProperties: false, properties: { version: int, adoptedOn: isoDate } },
        response: conflict,
      },
    },
    async (req) => service.adopt(db, actorOf(req), req.params.id, req.body),
  );

  app.get<{ Params: { id: number } }>(
    '/api/plans/:id/reports',
    { schema: { tags: TAGS, summary: 'Delårsrapporter och verksamhetsberättelser för planen', params: idParam, response: errorReplies } },
    async (req) => service.listReports(db, actorOf(req), req.params.id),
  );

  app.post<{ Params: { id: number }; Body: { kind: ReportKind; period: string; asOf: string; deadline?: string | null } }>(
    '/api/plans/:id/reports',
    {
      config: { permission: 'plan.edit' },
      schema: {
        tags: TAGS,
        summary: 'Påbörja en delårsrapport eller verksamhetsberättelse för en fastställd plan',
        params: idParam,
        body: {
          type: 'object',
          required: ['kind', 'period', 'asOf'],
          additionalProperties: false,
          properties: {
            kind: { type: 'string', enum: [...REPORT_KINDS] },
            period: { type: 'string', minLength: 1, maxLength: 60 },
            asOf: isoDate,
            deadline: { ...shortText(10), description: 'Sista dag för de ansvariga, ÅÅÅÅ-MM-DD' },
          },
        },
        response: conflict,
      },
    },
    async (req, reply) => reply.status(201).send(await service.createReport(db, actorOf(req), req.params.id, req.body)),
  );

  app.get<{ Params: { id: number } }>(
    '/api/plan-reports/:id',
    { schema: { tags: TAGS, summary: 'Rapporten: status per post och sammanfattningen grön/gul/röd per nivå', params: idParam, response: errorReplies } },
    async (req) => service.getReport(db, actorOf(req), req.params.id),
  );

  app.put<{ Params: { id: number; itemId: number }; Body: service.EntryInput }>(
    '/api/plan-reports/:id/entries/:itemId',
    {
      config: { permission: 'plan.edit' },
      schema: {
        tags: TAGS,
        summary: 'Ange status (uppfyllt, delvis uppfyllt, ej uppfyllt), utfall och kommentar för en post i en öppen rapport; overrideReason åsidosätter en sammanvägd status',
        params: { type: 'object', required: ['id', 'itemId'], properties: { id: int, itemId: int } },
        body: {
          type: 'object',
          required: ['status'],
          additionalProperties: false,
          properties: {
            status: { type: 'string', enum: [...STATUSES], nullable: true },
            outcome: shortText(500),
            outcomeValue: { ...shortText(40), description: 'Styrtalets utfall som tal, t.ex. "6,3"' },
            outcomeUnit: { ...shortText(40), description: 'Utfallets enhet, t.ex. "%" eller "antal"' },
            comment: shortText(5000),
            overrideReason: { ...shortText(1000), description: 'Skälet när controllern sätter en annan status än den sammanvägda' },
            forecastValue: { ...shortText(40), description: 'Styrtalets prognos för året som tal, i utfallets enhet' },
            forecastComment: { ...shortText(2000), description: 'Kommentar till prognosen (styrtal)' },
            version,
          },
        },
        response: conflict,
      },
    },
    async (req) => service.setEntry(db, actorOf(req), req.params.id, req.params.itemId, req.body),
  );

  const transition = (step: 'submit' | 'reopen' | 'lock', path: string, permission: 'plan.edit' | 'plan.adopt', summary: string) =>
    app.post<{ Params: { id: number }; Body: { version: number } }>(
      `/api/plan-reports/:id/${path}`,
      {
        config: { permission },
        schema: {
          tags: TAGS,
          summary,
          params: idParam,
          body: { type: 'object', required: ['version'], additionalProperties: false, properties: { version: int } },
          response: conflict,
        },
      },
      async (req) => service.changeReportState(db, actorOf(req), req.params.id, step, req.body.version),
    );
  transition('submit', 'submission', 'plan.edit', 'Lämna in rapporten (öppen → inlämnad); den kan inte ändras förrän den öppnas igen');
  transition('reopen', 'reopening', 'plan.adopt', 'Öppna en inlämnad rapport igen för ändringar (inlämnad → öppen)');
  transition('lock', 'lock', 'plan.adopt', 'Lås en inlämnad rapport (inlämnad → låst); en låst rapport är skrivskyddad för gott');

  app.get<{ Params: { id: number } }>(
    '/api/plan-reports/:id/report.pdf',
    { schema: { tags: TAGS, summary: 'Rapporten som PDF, genererad ur posterna', params: idParam, response: errorReplies } },
    async (req, reply) => {
      const { bytes, fileName } = await service.reportPdf(db, actorOf(req), req.params.id);
      return sendFile(req, reply, { bytes, fileName });
    },
  );

  const reportItem = { type: 'object', required: ['id', 'itemId'], properties: { id: int, itemId: int } } as const;

  app.post<{ Params: { id: number; itemId: number }; Body: { version: number } }>(
    '/api/plan-reports/:id/entries/:itemId/sign-off',
    {
      config: { permission: 'plan.edit' },
      schema: {
        tags: TAGS,
        summary: 'Den ansvariges signering av postens uppföljning (vem och när); en senare ändring av uppföljningen tar bort signeringen',
        params: reportItem,
        body: { type: 'object', required: ['version'], additionalProperties: false, properties: { version: int } },
        response: conflict,
      },
    },
    async (req) => service.signOffEntry(db, actorOf(req), req.params.id, req.params.itemId, { version: req.body.version }),
  );

  app.delete<{ Params: { id: number; itemId: number }; Querystring: { version: number } }>(
    '/api/plan-reports/:id/entries/:itemId/sign-off',
    {
      config: { permission: 'plan.edit' },
      schema: {
        tags: TAGS,
        summary: 'Ta tillbaka signeringen av postens uppföljning; ?version= den version du såg',
        params: reportItem,
        querystring: { type: 'object', required: ['version'], additionalProperties: false, properties: { version: int } },
        response: conflict,
      },
    },
    async (req) => service.signOffEntry(db, actorOf(req), req.params.id, req.params.itemId, { version: req.query.version, withdraw: true }),
  );

  app.put<{ Params: { id: number }; Body: { deadline: string | null; version: number } }>(
    '/api/plan-reports/:id/deadline',
    {
      config: { permission: 'plan.edit' },
      schema: {
        tags: TAGS,
        summary: 'Sätt (eller ta bort) rapportperiodens sista dag för de ansvariga',
        params: idParam,
        body: { type: 'object', required: ['deadline', 'version'], additionalProperties: false, properties: { deadline: { ...shortText(10), description: 'ÅÅÅÅ-MM-DD' }, version: int } },
        response: conflict,
      },
    },
    async (req) => service.setReportDeadline(db, actorOf(req), req.params.id, req.body),
  );

  app.put<{ Params: { id: number }; Body: { responsible: string | null; responsibleEmail: string | null; version: number } }>(
    '/api/plan-items/:id/responsible',
    {
      config: { permission: 'plan.edit' },
      schema: {
        tags: TAGS,
        summary: 'Ändra postens ansvarige och dennes e-postadress (även i en fastställd plan: det är administration, inte det beslutade)',
        params: idParam,
        body: {
          type: 'object',
          required: ['responsible', 'responsibleEmail', 'version'],
          additionalProperties: false,
          properties: { responsible: itemFields.responsible, responsibleEmail: itemFields.responsibleEmail, version: int },
        },
        response: conflict,
      },
    },
    async (req) => service.setResponsible(db, actorOf(req), req.params.id, req.body),
  );

  app.put<{ Params: { id: number }; Body: { kpiSeriesId: number | null; version: number } }>(
    '/api/plan-items/:id/kpi-series',
    {
      config: { permission: 'plan.edit' },
      schema: {
        tags: TAGS,
        summary: 'Koppla ett styrtal till en nyckeltalsserie (även i en fastställd plan: vilken serie som mäter styrtalet är uppföljning, inte det beslutade)',
        params: idParam,
        body: { type: 'object', required: ['kpiSeriesId', 'version'], additionalProperties: false, properties: { kpiSeriesId: itemFields.kpiSeriesId, version: int } },
        response: conflict,
      },
    },
    async (req) => linkSeries(db, actorOf(req), req.params.id, req.body),
  );

  app.post<{ Params: { id: number } }>(
    '/api/plan-reports/:id/reminders',
    {
      config: { permission: 'plan.edit' },
      schema: {
        tags: TAGS,
        summary: 'Skicka påminnelser per e-post till de ansvariga som har osignerade poster i en öppen rapport med sista dag',
        params: idParam,
        response: conflict,
      },
    },
    async (req) => service.sendReminders(db, actorOf(req), req.params.id, { baseUrl: publicBaseUrl() }),
  );

  app.get<{ Params: { id: number } }>(
    '/api/plan-reports/:id/report.xlsx',
    { schema: { tags: TAGS, summary: 'Rapporten som Excel-arbetsbok: sammanfattningen per nivå och ursprung (summor som formler) och varje post', params: idParam, response: errorReplies } },
    async (req, reply) => {
      const { file, fileName } = await service.reportXlsx(db, actorOf(req), req.params.id);
      return reply.type(XLSX_MEDIA_TYPE).header('content-disposition', `attachment; filename="${fileName}"`).send(file);
    },
  );

  app.get<{ Params: { id: number } }>(
    '/api/plans/:id/plan.pdf',
    { schema: { tags: TAGS, summary: 'Verksamhetsplanen som PDF', params: idParam, response: errorReplies } },
    async (req, reply) => {
      const { bytes, fileName } = await service.planPdf(db, actorOf(req), req.params.id);
      return sendFile(req, reply, { bytes, fileName });
    },
  );

  app.get<{ Params: { id: number } }>(
    '/api/plans/:id/plan.xlsx',
    { schema: { tags: TAGS, summary: 'Verksamhetsplanen som Excel-arbetsbok: posterna med ursprung, ansvarig och sista datum, antal per nivå', params: idParam, response: errorReplies } },
    async (req, reply) => {
      const { file, fileName } = await service.planXlsx(db, actorOf(req), req.params.id);
      return reply.type(XLSX_MEDIA_TYPE).header('content-disposition', `attachment; filename="${fileName}"`).send(file);
    },
  );

  // ---- automatic reminders and the year's follow-up (issue 17.2, 17.4: dueReminders.ts, yearView.ts)
  app.get<{ Params: { id: number } }>(
    '/api/plan-reports/:id/due-reminders',
    { config: { permission: 'plan.edit' }, schema: { tags: TAGS, summary: 'Automatiska påminnelser före sista dag: vad som skickats till vem, misslyckade med nästa försök, och ansvariga utan e-postadress', params: idParam, response: errorReplies } },
    async (req) => dueReminders.dueRemindersOf(db, actorOf(req), req.params.id),
  );
  app.get(
    '/api/responsible-accounts',
    { config: { permission: 'plan.edit' }, schema: { tags: TAGS, summary: 'Aktiva konton som en ansvarig kan kopplas till (och om kontot har en e-postadress)' } },
    async (req) => dueReminders.responsibleAccounts(db, actorOf(req)),
  );
  app.put<{ Params: { id: number }; Body: { userId: number | null; version: number } }>(
    '/api/plan-items/:id/responsible-account',
    {
      config: { permission: 'plan.edit' },
      schema: {
        tags: TAGS, summary: 'Koppla postens ansvarige till ett konto (påminnelser går till kontots e-postadress); null tar bort kopplingen, fritexten står kvar', params: idParam,
        body: { type: 'object', required: ['userId', 'version'], additionalProperties: false, properties: { userId: { ...int, nullable: true }, version: int } },
        response: { ...errorReplies, 409: errorReplies[400], 422: errorReplies[400] },
      },
    },
    async (req) => dueReminders.linkResponsibleAccount(db, actorOf(req), req.params.id, req.body),
  );
  app.get<{ Params: { year: number } }>(
    '/api/follow-up/years/:year',
    { config: { permission: 'report.read-draft' }, schema: { tags: TAGS, summary: 'Uppföljning per år: planerna och rapporterna, återrapporteringens rubriker med texten och de uppföljningsposter som hör dit, internkontrollen', params: { type: 'object', required: ['year'], properties: { year: { type: 'integer', minimum: 2000, maximum: 2100 } } }, response: errorReplies } },
    async (req) => yearView.yearView(db, actorOf(req), req.params.year),
  );
  app.get<{ Params: { year: number } }>(
    '/api/follow-up/years/:year/state-report',
    { config: { permission: 'report.read-draft' }, schema: { tags: TAGS, summary: 'Vad årets uppföljningsrapporter ger återrapporteringens rubriker (kommentar och utfall, lästa ur rapporten)', params: { type: 'object', required: ['year'], properties: { year: { type: 'integer', minimum: 2000, maximum: 2100 } } }, response: errorReplies } },
    async (req) => yearView.stateReportFollowUp(db, actorOf(req), req.params.year),
  );
  app.put<{ Params: { id: number }; Body: { section: string | null; version: number } }>(
    '/api/plan-items/:id/state-report-section',
    {
      config: { permission: 'plan.edit' },
      schema: {
        tags: TAGS, summary: 'Koppla en målsättning, ett mål eller ett styrtal till den rubrik i återrapporteringen den hör till (t.ex. 1.4.1); null tar bort kopplingen', params: idParam,
        body: { type: 'object', required: ['section', 'version'], additionalProperties: false, properties: { section: { type: 'string', maxLength: 20, nullable: true }, version: int } },
        response: { ...errorReplies, 409: errorReplies[400], 422: errorReplies[400] },
      },
    },
    async (req) => yearView.setStateReportSection(db, actorOf(req), req.params.id, req.body),
  );
}

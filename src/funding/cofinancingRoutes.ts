/** HTTP for co-financing: applications, proposal, decision, extensions, payouts, letter, conditions and the 1:1 appropriation. */
import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/index.ts';
import { errorReplies, idParam, isoDate } from '../http/schemas.ts';
import { actorOf } from '../http/actor.ts';
import * as service from './cofinancingService.ts';
import { renderLetterPdf } from './cofinancingPdf.ts';
import { XLSX_MEDIA_TYPE } from '../kernel/xlsx.ts';
import { naturalPersonsChanged, queueMeetingsMentioning } from '../publish/publicEdge.ts';
import { TAGS, int, ore, positiveOre, nullableOre, text, yearParam, replies, application, override, amended, version, reason, decisionProps, budgetOverride, lines, condition } from './cofinancingSchemas.ts';


export function cofinancingRoutes(app: FastifyInstance, db: Db) {
  app.get<{ Querystring: { limit?: number; offset?: number } }>(
    '/api/cofinancing',
    {
      schema: {
        tags: TAGS,
        summary: 'Ansökningar om medfinansiering (allmänheten ser beviljade)',
        querystring: { type: 'object', additionalProperties: false, properties: { limit: { type: 'integer', minimum: 1, maximum: 500 }, offset: { type: 'integer', minimum: 0, maximum: 1000000 } } },
      },
    },
    async (req) => service.listApplications(db, actorOf(req), req.query),
  );

  app.post<{ Body: service.ApplicationInput }>(
    '/api/cofinancing',
    { config: { permission: 'funding.edit' }, schema: { tags: TAGS, summary: 'Registrera en ansökan (budgeten kontrolleras; svaret har findings)', body: application, response: replies } },
    async (req, reply) => reply.status(201).send(await service.createApplication(db, actorOf(req), req.body)),
  );

  app.get<{ Params: { id: number } }>(
    '/api/cofinancing/:id',
    { schema: { tags: TAGS, summary: 'En ansökan med budget, kontroller, beslut, förlängningar och utbetalningar', params: idParam, response: errorReplies } },
    async (req) => service.getApplication(db, actorOf(req), req.params.id),
  );

  app.put<{ Params: { id: number }; Body: service.ApplicationInput }>(
    '/api/cofinancing/:id',
    { config: { permission: 'funding.edit' }, schema: { tags: TAGS, summary: 'Ändra en ansökan som är ett utkast (ange version)', params: idParam, body: application, response: replies } },
    async (req) => service.updateApplication(db, actorOf(req), req.params.id, req.body),
  );

  app.put<{ Params: { id: number }; Body: { naturalPerson: boolean; version?: number } }>(
    '/api/cofinancing/:id/natural-person',
    {
      config: { permission: 'funding.edit' },
      schema: {
        tags: TAGS,
        summary: 'Markera sökanden som fysisk person (enskild firma) eller inte; namnet maskas då på alla allmänna vägar',
        params: idParam,
        body: { type: 'object', required: ['naturalPerson'], additionalProperties: false, properties: { naturalPerson: { type: 'boolean' }, version: int } },
        response: replies,
      },
    },
    async (req) => {
      const r = await db.tx(async (trx) => {
        const out = await service.setNaturalPerson(trx, actorOf(req), req.params.id, req.body);
        await queueMeetingsMentioning(trx, [out.name]);
        return out;
      });
      naturalPersonsChanged(db);
      return r;
    },
  );

  app.get<{ Params: { id: number }; Querystring: { bodyId?: number; year?: number } }>(
    '/api/cofinancing/:id/proposal',
    {
      config: { permission: 'funding.read' },
      schema: {
        tags: TAGS,
        summary: 'Förslag till beslut: att-satserna med standardvillkor och särskilda villkor, och prövningen mot årets anslag 1:1 (year: sammanträdets eller beslutsdatumets år; utan: det väntande förslagets sammanträdesår, annars i år)',
        params: idParam,
        querystring: { type: 'object', additionalProperties: false, properties: { bodyId: int, year: { type: 'integer', minimum: 2000, maximum: 2100 } } },
        response: errorReplies,
      },
    },
    async (req) => service.getProposal(db, actorOf(req), req.params.id, req.query.bodyId, req.query.year),
  );

  app.post<{ Params: { id: number }; Body: service.DecisionRequest }>(
    '/api/cofinancing/:id/decision',
    {
      config: { permission: 'funding.decide' },
      schema: {
        tags: TAGS,
        summary: 'Beslut: till nämnden (punkt på ett sammanträde) eller på delegation enligt punkt 3.2',
        params: idParam,
        body: { type: 'object', required: ['route'], additionalProperties: false, properties: { ...decisionProps, budgetOverride } },
        response: replies,
      },
    },
    async (req, reply) => reply.status(201).send(await service.decide(db, actorOf(req), req.params.id, req.body)),
  );

  app.post<{ Params: { id: number }; Body: service.ConfirmationRequest }>(
    '/api/cofinancing/:id/confirmation',
    {
      config: { permission: 'funding.decide' },
      schema: {
        tags: TAGS,
        summary: 'Registrera nämndens beslut ur det justerade protokollet: enligt förslaget, med ändring (amended) eller avslag (rejected)',
        params: idParam,
        body: { type: 'object', nullable: true, additionalProperties: false, properties: { override, version, amended, rejected: { type: 'object', nullable: true, required: ['reason'], additionalProperties: false, properties: { reason } } } },
        response: replies,
      },
    },
    async (req) => service.confirmDecision(db, actorOf(req), req.params.id, req.body ?? {}),
  );

  app.put<{ Params: { id: number }; Body: service.DecisionPriorityRequest }>(
    '/api/cofinancing-decisions/:id/priority',
    {
      config: { permission: 'funding.edit' },
      schema: {
        tags: TAGS,
        summary: 'Ange vilken av strategins prioriteringar beslutet avser (återrapporteringen räknar beslutet där); ange beslutets version',
        params: idParam,
        body: { type: 'object', required: ['strategyPriorityId', 'version'], additionalProperties: false, properties: { strategyPriorityId: int, version } },
        response: replies,
      },
    },
    async (req) => service.setDecisionPriority(db, actorOf(req), req.params.id, req.body),
  );

  app.post<{ Params: { id: number }; Body: { meetingId: number; version: number; presenters?: string[] } }>(
    '/api/cofinancing/:id/move',
    {
      config: { permission: 'funding.decide' },
      schema: {
        tags: TAGS,
        summary: 'Flytta förslaget till ett annat sammanträde (efter bordläggning eller återremiss)',
        params: idParam,
        body: { type: 'object', required: ['meetingId', 'version'], additionalProperties: false, properties: { meetingId: int, version, presenters: decisionProps.presenters } },
        response: replies,
      },
    },
    async (req) => service.moveDecision(db, actorOf(req), req.params.id, req.body),
  );

  app.post<{ Params: { id: number }; Body: { reason: string; withdrawnOn: string; version: number } }>(
    '/api/cofinancing/:id/withdrawal',
    {
      config: { permission: 'funding.edit' },
      schema: {
        tags: TAGS,
        summary: 'Sökanden återkallar ansökan (före första utbetalningen), med skäl',
        params: idParam,
        body: { type: 'object', required: ['reason', 'withdrawnOn', 'version'], additionalProperties: false, properties: { reason, withdrawnOn: isoDate, version } },
        response: replies,
      },
    },
    async (req) => service.withdrawApplication(db, actorOf(req), req.params.id, req.body),
  );

  app.post<{ Params: { id: number }; Body: service.RejectionRequest }>(
    '/api/cofinancing/:id/rejection',
    {
      config: { permission: 'funding.decide' },
      schema: {
        tags: TAGS,
        summary: 'Avslag med skäl: nämndens (ur det justerade protokollet) eller på delegation enligt punkt 3.2',
        params: idParam,
        body: {
          type: 'object',
          required: ['route', 'reason', 'version'],
          additionalProperties: false,
          properties: { route: decisionProps.route, reason, version, bodyId: int, decidedOn: isoDate },
        },
        response: replies,
      },
    },
    async (req) => service.rejectApplication(db, actorOf(req), req.params.id, req.body),
  );

  app.post<{ Params: { id: number }; Body: service.ExtensionRequest }>(
    '/api/cofinancing/:id/extensions',
    {
      config: { permission: 'funding.decide' },
      schema: {
        tags: TAGS,
        summary: 'Utökad medfinansiering och/eller förlängd projektperiod',
        params: idParam,
        body: { type: 'object', required: ['route'], additionalProperties: false, properties: { ...decisionProps, addedCapOre: { ...positiveOre, nullable: true }, newEnd: { ...isoDate, nullable: true } } },
        response: replies,
      },
    },
    async (req, reply) => reply.status(201).send(await service.extendDecision(db, actorOf(req), req.params.id, req.body)),
  );

  app.post<{ Params: { id: number }; Body: service.ClaimInput }>(
    '/api/cofinancing/:id/payouts',
    {
      config: { permission: 'funding.edit' },
      schema: {
        tags: TAGS,
        summary: 'Förbered en utbetalning på en rekvisition (period, bokförda kostnader); betalas först när en annan person attesterar den',
        params: idParam,
        body: {
          type: 'object',
          required: ['periodFrom', 'periodTo', 'bookedCostsOre', 'claimedOn'],
          additionalProperties: false,
          properties: {
            periodFrom: isoDate,
            periodTo: isoDate,
            bookedCostsOre: ore,
            claimedOn: isoDate,
            reference: { type: 'string', maxLength: 200, nullable: true },
            final: { type: 'boolean', nullable: true, description: 'Slutrekvisition: kräver slutrapportens datum; inga fler rekvisitioner efter den' },
            finalReportOn: { ...isoDate, nullable: true },
          },
        },
        response: replies,
      },
    },
    async (req, reply) => reply.status(201).send(await service.registerPayout(db, actorOf(req), req.params.id, req.body)),
  );

  app.post<{ Params: { id: number }; Body: { version?: number } | null }>(
    '/api/cofinancing-payouts/:id/attest',
    {
      config: { permission: 'funding.attest' },
      schema: {
        tags: TAGS,
        summary: 'Attestera en förberedd utbetalning (aldrig den som förberedde den): beloppet räknas om mot det som är utbetalt nu',
        params: idParam,
        body: { type: 'object', nullable: true, additionalProperties: false, properties: { version: int } },
        response: replies,
      },
    },
    async (req) => service.attestPayout(db, actorOf(req), req.params.id, req.body ?? {}),
  );

  app.post<{ Params: { id: number }; Body: { reason: string; version?: number } }>(
    '/api/cofinancing-payouts/:id/reversal',
    {
      config: { permission: 'funding.edit' },
      schema: {
        tags: TAGS,
        summary: 'Återför en utbetalning med skäl (en attesterad kräver attesträtt; en förberedd dras tillbaka)',
        params: idParam,
        body: { type: 'object', required: ['reason'], additionalProperties: false, properties: { reason: text(1000), version: int } },
        response: replies,
      },
    },
    async (req) => service.reversePayout(db, actorOf(req), req.params.id, req.body),
  );

  app.get<{ Querystring: { from: string; to: string } }>(
    '/api/cofinancing/payouts.csv',
    {
      config: { permission: 'funding.attest' },
      schema: {
        tags: TAGS,
        summary: 'Betalfilen till ekonomisystemet: attesterade utbetalningar med attestdatum from–to (CSV, UTF-8 med BOM, semikolon; docs/funding.md)',
        querystring: { type: 'object', required: ['from', 'to'], additionalProperties: false, properties: { from: isoDate, to: isoDate } },
        response: errorReplies,
      },
    },
    async (req, reply) =>
      reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="utbetalningar-${req.query.from}-${req.query.to}.csv"`)
        .send(await service.paymentFile(db, actorOf(req), req.query)),
  );

  app.get<{ Params: { id: number } }>(
    '/api/cofinancing/:id/letter.pdf',
    { schema: { tags: TAGS, summary: 'Beslutsbrevet för ett delegationsbeslut (PDF)', params: idParam, response: errorReplies } },
    async (req, reply) => {
      const data = await service.letterOf(db, actorOf(req), req.params.id);
      const pdf = await renderLetterPdf(data);
      return reply
        .type('application/pdf')
        .header('content-disposition', `inline; filename="beslut-${data.caseNumber}.pdf"`)
        .send(Buffer.from(pdf));
    },
  );

  app.get(
    '/api/cofinancing-conditions',
    { config: { permission: 'funding.read' }, schema: { tags: TAGS, summary: 'Standardvillkoren för medfinansiering (den förvaltade listan)' } },
    async () => service.listConditions(db),
  );

  app.post<{ Body: service.ConditionInput }>(
    '/api/cofinancing-conditions',
    { config: { permission: 'funding.settings' }, schema: { tags: TAGS, summary: 'Lägg till ett standardvillkor', body: condition, response: replies } },
    async (req, reply) => reply.status(201).send(await service.addCondition(db, actorOf(req), req.body)),
  );

  app.put<{ Params: { id: number }; Body: service.ConditionInput }>(
    '/api/cofinancing-conditions/:id',
    { config: { permission: 'funding.settings' }, schema: { tags: TAGS, summary: 'Ändra ett standardvillkor (ange version)', params: idParam, body: condition, response: replies } },
    async (req) => service.updateCondition(db, actorOf(req), req.params.id, req.body),
  );

  app.get<{ Params: { year: number } }>(
    '/api/appropriations/:year',
    { config: { permission: 'funding.read' }, schema: { tags: TAGS, summary: 'Anslaget 1:1 för ett år: fördelning, åtaganden, utfall och andelar', params: yearParam, response: errorReplies } },
    async (req) => service.getAppropriation(db, actorOf(req), req.params.year),
  );

  app.put<{ Params: { year: number }; Body: service.AppropriationInput }>(
    '/api/appropriations/:year',
    {
      config: { permission: 'funding.settings' },
      schema: {
        tags: TAGS,
        summary: 'Registrera eller ändra årets anslag 1:1',
        params: yearParam,
        body: {
          type: 'object',
          required: ['totalOre'],
          additionalProperties: false,
          properties: { totalOre: positiveOre, indicative: lines, followUpMaxOre: nullableOre, outcome: { ...lines, nullable: true }, version: int },
        },
        response: replies,
      },
    },
    async (req) => service.setAppropriation(db, actorOf(req), req.params.year, req.body),
  );

  app.post<{ Params: { year: number }; Body: { line: 'projects' | 'business-support' | 'follow-up'; amountOre: number; committedOn: string; text: string; caseNumber?: string | null; override?: service.OverrideInput | null } }>(
    '/api/appropriations/:year/commitments',
    {
      config: { permission: 'funding.decide' },
      schema: {
        tags: TAGS,
        summary: 'Ett åtagande mot anslaget (vägras utöver det som återstår, om inte ett undantag med motivering anges)',
        params: yearParam,
        body: {
          type: 'object',
          required: ['line', 'amountOre', 'committedOn', 'text'],
          additionalProperties: false,
          properties: {
            line: { type: 'string', enum: ['projects', 'business-support', 'follow-up'] },
            amountOre: positiveOre,
            committedOn: isoDate,
            text: text(500),
            caseNumber: { type: 'string', maxLength: 20, nullable: true },
            override,
          },
        },
        response: replies,
      },
    },
    async (req, reply) => reply.status(201).send(await service.addCommitment(db, actorOf(req), req.params.year, req.body)),
  );

  app.put<{ Params: { id: number }; Body: { years: Array<{ year: number; amountOre: number }>; version: number } }>(
    '/api/cofinancing/:id/payment-plan',
    {
      config: { permission: 'funding.edit' },
      schema: {
        tags: TAGS,
        summary: 'Betalningsplanen för en beviljad medfinansiering: planerade utbetalningar per år (summerar till beviljat belopp; ange version)',
        params: idParam,
        body: {
          type: 'object',
          required: ['years', 'version'],
          additionalProperties: false,
          properties: {
            years: { type: 'array', minItems: 1, maxItems: 20, items: { type: 'object', required: ['year', 'amountOre'], additionalProperties: false, properties: { year: { type: 'integer', minimum: 2000, maximum: 2100 }, amountOre: ore } } },
            version: int,
          },
        },
        response: replies,
      },
    },
    async (req) => service.setPaymentPlan(db, actorOf(req), req.params.id, req.body),
  );

  app.get<{ Querystring: { from: number; to: number } }>(
    '/api/appropriation-profile',
    {
      config: { permission: 'funding.read' },
      schema: {
        tags: TAGS,
        summary: 'Anslaget 1:1 år för år: beslutat, planerade utbetalningar, utbetalt och återstående, med varje beviljat projekts betalningsprofil',
        querystring: { type: 'object', required: ['from', 'to'], additionalProperties: false, properties: { from: { type: 'integer', minimum: 2000, maximum: 2100 }, to: { type: 'integer', minimum: 2000, maximum: 2100 } } },
        response: errorReplies,
      },
    },
    async (req) => service.appropriationProfile(db, actorOf(req), req.query),
  );

  app.get<{ Params: { kind: service.ListKind }; Querystring: { status?: string; year?: number; officer?: string; q?: string; format?: 'json' | 'csv' | 'xlsx' } }>(
    '/api/cofinancing-lists/:kind',
    {
      config: { permission: 'funding.read' },
      schema: {
        tags: TAGS,
        summary: 'Listor över ansökningar, beslut och utbetalningar med filter (status, år, handläggare, fritext), summor och export (csv, xlsx)',
        params: { type: 'object', required: ['kind'], properties: { kind: { type: 'string', enum: ['applications', 'decisions', 'payouts'] } } },
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            status: text(20),
            year: { type: 'integer', minimum: 2000, maximum: 2100 },
            officer: text(200),
            q: text(200),
            format: { type: 'string', enum: ['json', 'csv', 'xlsx'] },
          },
        },
        response: errorReplies,
      },
    },
    async (req, reply) => {
      const { format, ...filter } = req.query;
      const list = await service.cofinancingList(db, actorOf(req), req.params.kind, filter);
      const name = `medfinansiering-${req.params.kind}${filter.year ? `-${filter.year}` : ''}`;
      if (format === 'csv') return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}.csv"`).send(service.listCsv(list));
      if (format === 'xlsx') return reply.type(XLSX_MEDIA_TYPE).header('content-disposition', `attachment; filename="${name}.xlsx"`).send(await service.listXlsx(list));
      return list;
    },
  );
}

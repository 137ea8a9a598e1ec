/** HTTP for budgets: frames, what-if, parameters, areas, adoption and the follow-up report. */
import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/index.ts';
import { errorReplies, isoDate } from '../http/schemas.ts';
import { actorOf } from '../http/actor.ts';
import { XLSX_MEDIA_TYPE } from '../kernel/xlsx.ts';
import * as service from './service.ts';
import { PARAMETER_KEYS, STATEMENT_COLUMNS, STATEMENT_LINES, type AllocationParameters, type AreaInput, type AssociationInput } from './model.ts';

const TAGS = ['Budget'];
const MAX_ORE = 100_000_000_000_000;
const ore = { type: 'integer', minimum: 0, maximum: MAX_ORE, description: 'öre' } as const;
const signedOre = { type: 'integer', minimum: -MAX_ORE, maximum: MAX_ORE, description: 'öre' } as const;
const nullableOre = { type: 'integer', minimum: -MAX_ORE, maximum: MAX_ORE, nullable: true, description: 'öre' } as const;
const bp = { type: 'integer', minimum: 0, maximum: 10_000, description: 'baspunkter (310 = 3,1 %)' } as const;
const version = { type: 'integer', minimum: 1, maximum: 2147483647 } as const;
const params = {
  type: 'object',
  required: ['id', 'year'],
  properties: { id: { type: 'integer', minimum: 1, maximum: 2147483647 }, year: { type: 'integer', minimum: 2000, maximum: 2100 } },
} as const;
const bodyParam = { type: 'object', required: ['id'], properties: { id: { type: 'integer', minimum: 1, maximum: 2147483647 } } } as const;

const PARAM_SCHEMA: Record<keyof AllocationParameters, object> = {
  previousFrameOre: ore,
  indexBp: bp,
  frameChangeOre: signedOre,
  wageIncreaseBp: bp,
  poIncreaseBp: bp,
  priceIncreaseBp: bp,
  travelPerFteOre: ore,
  trainingPerFteOre: ore,
  otherPerFteOre: ore,
  projectHoursPerFte: { type: 'integer', minimum: 1, maximum: 8784 },
  sickPayDeductionBp: bp,
  planningReserveOre: ore,
  fumOre: ore,
};
const parameters = { type: 'object', additionalProperties: false, required: [...PARAMETER_KEYS], properties: PARAM_SCHEMA } as const;
const partialParameters = { type: 'object', additionalProperties: false, properties: PARAM_SCHEMA } as const;

const area = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'wageCostOre', 'poCostOre', 'otherCostOre', 'incomeOre', 'fteHundredths', 'projectHours', 'adjustmentOre'],
  properties: {
    name: { type: 'string', maxLength: 200 },
    wageCostOre: ore,
    poCostOre: ore,
    otherCostOre: ore,
    incomeOre: ore,
    fteHundredths: { type: 'integer', minimum: 0, maximum: 10_000_000, description: 'årsarbetare i hundradelar (1250 = 12,50)' },
    projectHours: { type: 'integer', minimum: 0, maximum: 100_000_000 },
    adjustmentOre: signedOre,
    note: { type: 'string', maxLength: 1000, nullable: true },
  },
} as const;
const association = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'kind', 'area', 'grantOre', 'upliftBp'],
  properties: {
    name: { type: 'string', maxLength: 200 },
    kind: { type: 'string', enum: ['förening', 'stiftelse'] },
    area: { type: 'string', maxLength: 200, nullable: true },
    grantOre: ore,
    upliftBp: { ...bp, nullable: true },
  },
} as const;
const statementLine = {
  type: 'object',
  additionalProperties: false,
  required: STATEMENT_COLUMNS.filter((c) => c !== 'budgetPeriod'),
  properties: Object.fromEntries(STATEMENT_COLUMNS.map((c) => [c, nullableOre])),
} as const;
const statement = {
  type: 'object',
  additionalProperties: false,
  required: STATEMENT_LINES.map((l) => l.key),
  properties: Object.fromEntries(STATEMENT_LINES.map((l) => [l.key, statementLine])),
} as const;
const operationsRow = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'budgetPeriodOre', 'outcomePeriodOre', 'turnoverPeriodOre', 'budgetPeriodPrevOre', 'outcomePeriodPrevOre', 'forecastOre'],
  properties: {
    name: { type: 'string', maxLength: 200 },
    budgetPeriodOre: signedOre,
    outcomePeriodOre: signedOre,
    turnoverPeriodOre: ore,
    budgetPeriodPrevOre: nullableOre,
    outcomePeriodPrevOre: nullableOre,
    forecastOre: nullableOre,
    budgetYearOre: nullableOre,
  },
} as const;
const investmentRow = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'outcomePeriodOre', 'forecastOre', 'budgetOre', 'outcomePrevYearOre'],
  properties: { name: { type: 'string', maxLength: 200 }, outcomePeriodOre: nullableOre, forecastOre: nullableOre, budgetOre: nullableOre, outcomePrevYearOre: nullableOre },
} as const;
const replies = { ...errorReplies, 409: errorReplies[400] } as const;

export function budgetRoutes(app: FastifyInstance, db: Db) {
  app.get<{ Params: { id: number } }>(
    '/api/bodies/:id/budgets',
    { schema: { tags: TAGS, summary: 'Nämndens budgetar (allmänheten ser fastställda)', params: bodyParam, response: errorReplies } },
    async (req) => service.listBudgets(db, actorOf(req), req.params.id),
  );

  app.post<{ Params: { id: number }; Body: service.CreateBudgetInput }>(
    '/api/bodies/:id/budgets',
    {
      config: { permission: 'budget.edit' },
      schema: {
        tags: TAGS,
        summary: 'Skapa ett budgetutkast för ett år',
        params: bodyParam,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['year'],
          properties: {
            year: { type: 'integer', minimum: 2000, maximum: 2100 },
            parameters: { ...parameters, nullable: true },
            areas: { type: 'array', maxItems: 200, items: area },
            associations: { type: 'array', maxItems: 500, items: association },
          },
        },
        response: replies,
      },
    },
    async (req, reply) => reply.status(201).send(await service.createBudget(db, actorOf(req), req.params.id, req.body)),
  );

  app.get<{ Params: { id: number; year: number } }>(
    '/api/bodies/:id/budgets/:year',
    { schema: { tags: TAGS, summary: 'Budgeten: parametrar, områden, beräknade ramar och uppföljning', params, response: errorReplies } },
    async (req) => service.getBudget(db, actorOf(req), req.params.id, req.params.year),
  );

  app.get<{ Params: { id: number; year: number } }>(
    '/api/bodies/:id/budgets/:year.xlsx',
    {
      schema: {
        tags: TAGS,
        summary: 'Budgeten som Excel-arbetsbok: ramar, parametrar, underlag och uppföljning; belopp som tal i kronor, summor som formler (utkast bara för den som får läsa dem)',
        params,
        response: errorReplies,
      },
    },
    async (req, reply) =>
      reply
        .type(XLSX_MEDIA_TYPE)
        .header('content-disposition', `attachment; filename="budget-${req.params.year}.xlsx"`)
        .send(await service.budgetXlsx(db, actorOf(req), req.params.id, req.params.year)),
  );

  app.get<{ Params: { id: number; year: number } }>(
    '/api/bodies/:id/budgets/:year/frames',
    { schema: { tags: TAGS, summary: 'Beräknade ramar per område, nämndens ram och det som återstår', params, response: replies } },
    async (req) => service.frames(db, actorOf(req), req.params.id, req.params.year),
  );

  app.post<{ Params: { id: number; year: number }; Body: { parameters?: Partial<AllocationParameters> } }>(
    '/api/bodies/:id/budgets/:year/what-if',
    {
      schema: {
        tags: TAGS,
        summary: 'Tänk om: ramarna med ändrade parametrar och skillnaden per område (sparas inte)',
        params,
        body: { type: 'object', additionalProperties: false, properties: { parameters: partialParameters } },
        response: replies,
      },
    },
    async (req) => service.whatIf(db, actorOf(req), req.params.id, req.params.year, req.body?.parameters ?? {}),
  );

  app.put<{ Params: { id: number; year: number }; Body: { parameters: AllocationParameters; version: number } }>(
    '/api/bodies/:id/budgets/:year/parameters',
    {
      config: { permission: 'budget.edit' },
      schema: {
        tags: TAGS,
        summary: 'Ändra fördelningsmodellens parametrar i ett utkast (ange versionen du utgick från)',
        params,
        body: { type: 'object', additionalProperties: false, required: ['parameters', 'version'], properties: { parameters, version } },
        response: replies,
      },
    },
    async (req) => service.setParameters(db, actorOf(req), req.params.id, req.params.year, req.body),
  );

  app.put<{ Params: { id: number; year: number }; Body: { areas: AreaInput[]; associations?: AssociationInput[]; version: number } }>(
    '/api/bodies/:id/budgets/:year/areas',
    {
      config: { permission: 'budget.edit' },
      schema: {
        tags: TAGS,
        summary: 'Ersätt områdena (och föreningarna) i ett utkast',
        params,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['areas', 'version'],
          properties: { areas: { type: 'array', maxItems: 200, items: area }, associations: { type: 'array', maxItems: 500, items: association }, version },
        },
        response: replies,
      },
    },
    async (req) => service.setAreas(db, actorOf(req), req.params.id, req.params.year, req.body),
  );

  app.post<{ Params: { id: number; year: number }; Body: { version: number } }>(
    '/api/bodies/:id/budgets/:year/adoption',
    {
      config: { permission: 'budget.adopt' },
      schema: {
        tags: TAGS,
        summary: 'Fastställ budgeten (därefter skrivskyddad och offentlig)',
        params,
        body: { type: 'object', additionalProperties: false, required: ['version'], properties: { version } },
        response: replies,
      },
    },
    async (req) => service.adopt(db, actorOf(req), req.params.id, req.params.year, req.body),
  );

  app.put<{ Params: { id: number; year: number }; Body: service.ReportInput }>(
    '/api/bodies/:id/budgets/:year/report',
    {
      config: { permission: 'budget.edit' },
      schema: {
        tags: TAGS,
        summary: 'Uppföljning för en period: resultatrapport (med budget för perioden), driftredovisning (med budget och prognos helår per område) och investeringar (avvikelser och summor beräknas)',
        params,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['periodLabel', 'periodEnd', 'statement', 'operations'],
          properties: {
            periodLabel: { type: 'string', maxLength: 100 },
            periodEnd: isoDate,
            statement,
            operations: { type: 'array', maxItems: 200, items: operationsRow },
            investments: { type: 'array', maxItems: 200, items: investmentRow },
            version,
          },
        },
        response: replies,
      },
    },
    async (req) => service.setReport(db, actorOf(req), req.params.id, req.params.year, req.body),
  );
}

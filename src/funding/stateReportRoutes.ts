/** HTTP for the state report (återrapportering): tables as JSON, CSV and xlsx, the whole report as PDF; the narrative per year. */
import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/index.ts';
import { errorReplies } from '../http/schemas.ts';
import { actorOf } from '../http/actor.ts';
import { XLSX_MEDIA_TYPE } from '../kernel/xlsx.ts';
import { ANALYSIS_KINDS, FINANCED_OPTIONS, MAX_ANALYSES, MAX_SECTION_CHARS, PURPOSES, SECTION_KEYS, type Analysis } from './stateReport.ts';
import * as service from './stateReportService.ts';

const TAGS = ['Återrapportering'];
const yearParam = {
  type: 'object',
  required: ['year'],
  additionalProperties: false,
  properties: { year: { type: 'integer', minimum: 2000, maximum: 2100, description: 'Rapportåret' } },
} as const;
const conflict = { 409: errorReplies[400], 403: errorReplies[400], 401: errorReplies[400] } as const;

export function stateReportRoutes(app: FastifyInstance, db: Db) {
  app.get<{ Params: { year: number } }>(
    '/api/state-report/:year',
    { schema: { tags: TAGS, summary: 'Återrapporteringens tabeller för året (avsnitt 2 och 5), beräknade ur registren', params: yearParam, response: errorReplies } },
    async (req) => service.tables(db, req.params.year),
  );

  app.get<{ Params: { year: number } }>(
    '/api/state-report/:year.csv',
    { schema: { tags: TAGS, summary: 'Tabellerna som CSV för Excel (UTF-8 med BOM, semikolon, hela kronor)', params: yearParam, response: errorReplies } },
    async (req, reply) =>
      reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="aterrapportering-${req.params.year}.csv"`)
        .send(await service.tablesAsCsv(db, req.params.year)),
  );

  app.get<{ Params: { year: number } }>(
    '/api/state-report/:year.xlsx',
    { schema: { tags: TAGS, summary: 'Tabellerna som Excel-arbetsbok (xlsx), ett blad per tabell', params: yearParam, response: errorReplies } },
    async (req, reply) =>
      reply
        .type(XLSX_MEDIA_TYPE)
        .header('content-disposition', `attachment; filename="aterrapportering-${req.params.year}.xlsx"`)
        .send(await service.tablesAsXlsx(db, req.params.year)),
  );

  app.get<{ Params: { year: number } }>(
    '/api/state-report/:year.pdf',
    {
      config: { permission: 'report.read-draft' },
      schema: { tags: TAGS, summary: 'Hela återrapporteringen som PDF: årets texter under varje rubrik och alla tabeller', params: yearParam, response: { ...errorReplies, 403: errorReplies[400], 401: errorReplies[400] } },
    },
    async (req, reply) =>
      reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="aterrapportering-${req.params.year}.pdf"`)
        .send(Buffer.from(await service.reportPdf(db, actorOf(req), req.params.year))),
  );

  app.get<{ Params: { year: number } }>(
    '/api/state-report/:year/narrative',
    { config: { permission: 'report.read-draft' }, schema: { tags: TAGS, summary: 'Årets texter, en per rubrik i återrapporteringen, och tabellen över analyser', params: yearParam, response: errorReplies } },
    async (req) => service.narrative(db, actorOf(req), req.params.year),
  );

  app.put<{ Params: { year: number }; Body: { version: number; sections?: Record<string, string>; analyses?: Analysis[] } }>(
    '/api/state-report/:year/narrative',
    {
      config: { permission: 'report.edit' },
      schema: {
        tags: TAGS,
        summary: 'Spara texter (bara de rubriker som anges ändras; tom text tar bort) och tabellen över analyser',
        params: yearParam,
        body: {
          type: 'object',
          required: ['version'],
          additionalProperties: false,
          properties: {
            version: { type: 'integer', minimum: 0, maximum: 2147483647, description: 'Versionen som ändringen bygger på; 0 för ett år utan sparade texter' },
            sections: {
              type: 'object',
              additionalProperties: false,
              properties: Object.fromEntries(SECTION_KEYS.map((k) => [k, { type: 'string', maxLength: MAX_SECTION_CHARS }])),
            },
            analyses: {
              type: 'array',
              maxItems: MAX_ANALYSES,
              items: {
                type: 'object',
                required: ['kind', 'name', 'financed', 'purpose'],
                additionalProperties: false,
                properties: {
                  kind: { type: 'string', enum: [...ANALYSIS_KINDS] },
                  name: { type: 'string', minLength: 1, maxLength: 1000 },
                  financed: { type: 'string', enum: [...FINANCED_OPTIONS] },
                  purpose: { type: 'string', enum: [...PURPOSES] },
                  use: { type: 'string', maxLength: 5000 },
                },
              },
            },
          },
        },
        response: { ...errorReplies, ...conflict },
      },
    },
    async (req) => service.saveNarrative(db, actorOf(req), req.params.year, req.body),
  );

  app.post<{ Params: { year: number } }>(
    '/api/state-report/:year/narrative/copy-from-previous',
    {
      config: { permission: 'report.edit' },
      schema: { tags: TAGS, summary: 'Utgå från förra årets text: kopiera det senaste tidigare årets texter till ett nytt utkast', params: yearParam, response: { ...errorReplies, ...conflict } },
    },
    async (req, reply) => reply.status(201).send(await service.copyFromPrevious(db, actorOf(req), req.params.year)),
  );

  const priorityBody = {
    code: { type: 'string', minLength: 1, maxLength: 40, description: 'Kod, fri text (t.ex. "1", "2b")' },
    name: { type: 'string', minLength: 1, maxLength: 300, description: 'Prioriteringens namn som inriktningsbeslutet skriver det' },
    position: { type: 'integer', minimum: 1, maximum: 1000, description: 'Ordningen i återrapporteringens tabell' },
  } as const;

  app.get(
    '/api/state-report/priorities',
    { schema: { tags: TAGS, summary: 'Den regionala utvecklingsstrategins prioriteringar (namn, kod, ordning)', response: errorReplies } },
    async () => ({ priorities: await service.listPriorities(db) }),
  );

  app.post<{ Body: service.PriorityInput }>(
    '/api/state-report/priorities',
    {
      config: { permission: 'report.edit' },
      schema: {
        tags: TAGS,
        summary: 'Lägg till en prioritering; ansökningar om medfinansiering med koden som rangordning pekar på den',
        body: { type: 'object', required: ['code', 'name', 'position'], additionalProperties: false, properties: priorityBody },
        response: { ...errorReplies, ...conflict },
      },
    },
    async (req, reply) => reply.status(201).send(await service.createPriority(db, actorOf(req), req.body)),
  );

  app.put<{ Params: { id: number }; Body: service.PriorityInput & { version: number } }>(
    '/api/state-report/priorities/:id',
    {
      config: { permission: 'report.edit' },
      schema: {
        tags: TAGS,
        summary: 'Ändra en prioriterings kod, namn eller ordning (optimistisk låsning med version)',
        params: { type: 'object', required: ['id'], additionalProperties: false, properties: { id: { type: 'integer', minimum: 1, maximum: 2147483647 } } },
        body: {
          type: 'object',
          required: ['version', 'code', 'name', 'position'],
          additionalProperties: false,
          properties: { version: { type: 'integer', minimum: 1, maximum: 2147483647 }, ...priorityBody },
        },
        response: { ...errorReplies, ...conflict, 404: errorReplies[400] },
      },
    },
    async (req) => service.updatePriority(db, actorOf(req), req.params.id, req.body),
  );
}

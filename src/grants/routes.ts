/** HTTP: grants to associations and foundations (issue 21.2). */
import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/index.ts';
import { errorReplies, idParam, isoDate } from '../http/schemas.ts';
import { actorOf } from '../http/actor.ts';
import * as service from './service.ts';
import { KINDS, OUTCOMES } from './model.ts';

const TAGS = ['Föreningsbidrag'];
const replies = { ...errorReplies, 409: errorReplies[400] };
const version = { type: 'integer', minimum: 1, maximum: 2147483647 } as const;
const ref = { type: 'integer', minimum: 1, maximum: 2147483647 } as const;
const optRef = { ...ref, nullable: true } as const;
const line = (max: number) => ({ type: 'string', maxLength: max }) as const;
const optLine = (max: number) => ({ type: 'string', maxLength: max, nullable: true }) as const;
const optDate = { ...isoDate, nullable: true } as const;
const ore = { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER } as const;
const year = { type: 'integer', minimum: 1900, maximum: 2100 } as const;
const caseNumber = { type: 'string', maxLength: 40, nullable: true, description: 'ett befintligt ärendes diarienummer, till exempel 19RS8345' } as const;
const appParams = { type: 'object', properties: { id: ref }, required: ['id'] } as const;
const subParams = { type: 'object', properties: { id: ref, entryId: ref }, required: ['id', 'entryId'] } as const;
const versionQuery = { type: 'object', required: ['version'], additionalProperties: false, properties: { version } } as const;

const organisationProps = {
  name: line(300),
  orgNumber: { type: 'string', maxLength: 20, nullable: true, description: 'NNNNNN-NNNN, kontrollsiffran prövas' },
  kind: { type: 'string', enum: [...KINDS] },
  naturalPerson: { type: 'boolean' },
  note: optLine(5000),
} as const;
const applicationProps = { year, amountOre: ore, purpose: line(2000), receivedOn: optDate, caseNumber, budgetLine: optLine(200) } as const;

export function grantRoutes(app: FastifyInstance, db: Db): void {
  app.get<{ Querystring: { q?: string } }>(
    '/api/foreningsbidrag',
    {
      schema: {
        tags: TAGS,
        summary: 'Föreningar och stiftelser med bidrag (för allmänheten bara beslutade ansökningar; en enskild person visas inte med namn)',
        querystring: { type: 'object', additionalProperties: false, properties: { q: line(200) } },
        response: { 400: errorReplies[400] },
      },
    },
    async (req) => service.listOrganisations(db, actorOf(req), req.query),
  );

  app.get<{ Querystring: { year?: number } }>(
    '/api/foreningsbidrag/budgetrader',
    {
      schema: {
        tags: TAGS,
        summary: 'Sökt och beviljat per år och budgetrad, bredvid budgetens bidrag till föreningen (för allmänheten bara beslutade ansökningar och fastställda budgetar)',
        querystring: { type: 'object', additionalProperties: false, properties: { year } },
        response: { 400: errorReplies[400] },
      },
    },
    async (req) => service.budgetLines(db, actorOf(req), req.query),
  );

  app.get<{ Params: { id: number } }>(
    '/api/foreningsbidrag/:id',
    { schema: { tags: TAGS, summary: 'En organisation med ansökningar, beslut, redovisningar och bidragshistorik (för allmänheten beslut och historik)', params: idParam, response: errorReplies } },
    async (req) => service.getOrganisation(db, actorOf(req), req.params.id),
  );

  app.post<{ Body: service.OrganisationInput }>(
    '/api/foreningsbidrag',
    {
      config: { permission: 'funding.edit' },
      schema: { tags: TAGS, summary: 'Registrera en förening, stiftelse eller annan organisation', body: { type: 'object', required: ['name', 'kind'], additionalProperties: false, properties: organisationProps }, response: replies },
    },
    async (req, reply) => reply.status(201).send(await service.createOrganisation(db, actorOf(req), req.body)),
  );

  app.put<{ Params: { id: number }; Body: Partial<service.OrganisationInput> & { version: number } }>(
    '/api/foreningsbidrag/:id',
    {
      config: { permission: 'funding.edit' },
      schema: { tags: TAGS, summary: 'Ändra en organisation (i den version du hämtade)', params: idParam, body: { type: 'object', required: ['version'], additionalProperties: false, properties: { version, ...organisationProps } }, response: replies },
    },
    async (req) => service.updateOrganisation(db, actorOf(req), req.params.id, req.body),
  );

  app.post<{ Params: { id: number }; Body: service.ApplicationInput & { version: number } }>(
    '/api/foreningsbidrag/:id/ansokningar',
    {
      config: { permission: 'funding.edit' },
      schema: {
        tags: TAGS,
        summary: 'Registrera en ansökan (år, sökt belopp, ändamål, ärende, budgetrad) i organisationens version',
        params: idParam,
        body: { type: 'object', required: ['version', 'year', 'amountOre', 'purpose'], additionalProperties: false, properties: { version, ...applicationProps } },
        response: replies,
      },
    },
    async (req, reply) => reply.status(201).send(await service.addApplication(db, actorOf(req), req.params.id, req.body)),
  );

  app.put<{ Params: { id: number }; Body: Partial<service.ApplicationInput> & { version: number } }>(
    '/api/foreningsbidrag/ansokningar/:id',
    {
      config: { permission: 'funding.edit' },
      schema: { tags: TAGS, summary: 'Ändra en ansökan (i den version du hämtade)', params: appParams, body: { type: 'object', required: ['version'], additionalProperties: false, properties: { version, ...applicationProps } }, response: replies },
    },
    async (req) => service.updateApplication(db, actorOf(req), req.params.id, req.body),
  );

  app.post<{ Params: { id: number }; Body: { version: number; meetingId: number; itemId: number } }>(
    '/api/foreningsbidrag/ansokningar/:id/punkt',
    {
      config: { permission: 'funding.edit' },
      schema: {
        tags: TAGS,
        summary: 'Koppla ansökan till punkten på föredragningslistan där nämnden ska besluta',
        params: appParams,
        body: { type: 'object', required: ['version', 'meetingId', 'itemId'], additionalProperties: false, properties: { version, meetingId: ref, itemId: ref } },
        response: replies,
      },
    },
    async (req) => service.placeOnAgenda(db, actorOf(req), req.params.id, req.body),
  );

  app.post<{ Params: { id: number }; Body: service.DecisionInput }>(
    '/api/foreningsbidrag/ansokningar/:id/beslut',
    {
      config: { permission: 'funding.decide' },
      schema: {
        tags: TAGS,
        summary: 'Registrera beslutet: bifall med beviljat belopp eller avslag med skäl, fattat under en punkt på föredragningslistan eller som delegationsbeslut',
        params: appParams,
        body: {
          type: 'object',
          required: ['version', 'outcome'],
          additionalProperties: false,
          properties: {
            version, outcome: { type: 'string', enum: [...OUTCOMES] }, grantedOre: { ...ore, nullable: true }, reason: optLine(5000), decidedOn: optDate,
            meetingId: optRef, itemId: optRef, bodyId: optRef, delegatedDecisionId: optRef, reportDue: optDate,
          },
        },
        response: replies,
      },
    },
    async (req) => service.decide(db, actorOf(req), req.params.id, req.body),
  );

  app.put<{ Params: { id: number }; Body: { version: number; reportDue?: string | null; reportReceivedOn?: string | null } }>(
    '/api/foreningsbidrag/ansokningar/:id/redovisning',
    {
      config: { permission: 'funding.edit' },
      schema: {
        tags: TAGS,
        summary: 'Den årliga redovisningen av ett beviljat bidrag: sista dag och dagen den kom in',
        params: appParams,
        body: { type: 'object', required: ['version'], additionalProperties: false, properties: { version, reportDue: optDate, reportReceivedOn: optDate } },
        response: replies,
      },
    },
    async (req) => service.setReport(db, actorOf(req), req.params.id, req.body),
  );

  app.post<{ Params: { id: number }; Body: { version: number; year: number; amountOre?: number | null; description?: string | null } }>(
    '/api/foreningsbidrag/:id/historik',
    {
      config: { permission: 'funding.edit' },
      schema: {
        tags: TAGS,
        summary: 'Lägg till en rad i bidragshistoriken (år, belopp, beskrivning)',
        params: idParam,
        body: { type: 'object', required: ['version', 'year'], additionalProperties: false, properties: { version, year, amountOre: { ...ore, nullable: true }, description: optLine(500) } },
        response: replies,
      },
    },
    async (req, reply) => reply.status(201).send(await service.addHistoryEntry(db, actorOf(req), req.params.id, req.body)),
  );

  app.delete<{ Params: { id: number; entryId: number }; Querystring: { version: number } }>(
    '/api/foreningsbidrag/:id/historik/:entryId',
    { config: { permission: 'funding.edit' }, schema: { tags: TAGS, summary: 'Ta bort en rad ur bidragshistoriken', params: subParams, querystring: versionQuery, response: replies } },
    async (req) => service.removeHistoryEntry(db, actorOf(req), req.params.id, req.params.entryId, req.query.version),
  );

  app.post<{ Params: { id: number }; Body: { version: number; text: string; title?: string | null; preview?: boolean } }>(
    '/api/foreningsbidrag/:id/historik/import',
    {
      config: { permission: 'funding.edit' },
      bodyLimit: 2 * 1024 * 1024,
      schema: {
        tags: TAGS,
        summary: 'Importera bidragshistorik ur en inklistrad tabell (år och belopp per rad); varje rad redovisas med vad som blev av den. preview: true sparar ingenting',
        params: idParam,
        body: { type: 'object', required: ['version', 'text'], additionalProperties: false, properties: { version, text: line(1_000_000), title: optLine(300), preview: { type: 'boolean' } } },
        response: replies,
      },
    },
    async (req) => service.importHistory(db, actorOf(req), req.params.id, req.body),
  );

  app.delete<{ Params: { id: number; entryId: number }; Querystring: { version: number } }>(
    '/api/foreningsbidrag/:id/historik/import/:entryId',
    { config: { permission: 'funding.edit' }, schema: { tags: TAGS, summary: 'Ångra en import av bidragshistorik (dess rader tas bort)', params: subParams, querystring: versionQuery, response: replies } },
    async (req) => service.removeImport(db, actorOf(req), req.params.id, req.params.entryId, req.query.version),
  );
}

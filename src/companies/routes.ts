/** HTTP: owned companies and foundations (issue 21.3). */
import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/index.ts';
import { errorReplies, idParam, isoDate } from '../http/schemas.ts';
import { actorOf } from '../http/actor.ts';
import * as service from './service.ts';
import { COMPANY_KINDS, DOCUMENT_KINDS, MAX_PDF_BYTES } from './model.ts';

const TAGS = ['Ägda bolag'];
const replies = { ...errorReplies, 409: errorReplies[400] };
const version = { type: 'integer', minimum: 1, maximum: 2147483647 } as const;
const ref = { type: 'integer', minimum: 1, maximum: 2147483647 } as const;
const line = (max: number) => ({ type: 'string', maxLength: max }) as const;
const optLine = (max: number) => ({ type: 'string', maxLength: max, nullable: true }) as const;
const optDate = { ...isoDate, nullable: true } as const;
const subParams = { type: 'object', properties: { id: ref, docId: ref }, required: ['id', 'docId'] } as const;
const versionQuery = { type: 'object', required: ['version'], additionalProperties: false, properties: { version } } as const;
const companyProps = {
  name: line(300),
  orgNumber: { type: 'string', maxLength: 20, nullable: true, description: 'NNNNNN-NNNN, kontrollsiffran prövas' },
  kind: { type: 'string', enum: [...COMPANY_KINDS] },
  share: { type: 'string', maxLength: 20, nullable: true, description: 'regionens ägarandel i procent, högst två decimaler: 49 eller 33,33' },
  aliases: { anyOf: [{ type: 'array', maxItems: 10, items: line(200) }, { type: 'string', maxLength: 2200 }], description: 'andra namn bolaget kallas i handlingarna, ett per rad' },
  note: optLine(5000),
} as const;

export function companyRoutes(app: FastifyInstance, db: Db): void {
  app.get('/api/bolag', { schema: { tags: TAGS, summary: 'Bolag och stiftelser som regionen äger eller har bildat, med regionens ägarandel', response: { 400: errorReplies[400] } } }, async (req) =>
    service.listCompanies(db, actorOf(req)),
  );

  app.get<{ Params: { id: number } }>(
    '/api/bolag/:id',
    { schema: { tags: TAGS, summary: 'Ett bolag med ägaranvisningar och avtal och deras giltighet (för tjänstemän även rapporterna som väntas)', params: idParam, response: errorReplies } },
    async (req) => service.getCompany(db, actorOf(req), req.params.id),
  );

  app.get<{ Params: { id: number } }>(
    '/api/bolag/:id/referenser',
    { config: { permission: 'funding.read' }, schema: { tags: TAGS, summary: 'Punkter, ärenden och handlingar som nämner bolaget (namnet eller dess andra namn)', params: idParam, response: errorReplies } },
    async (req) => service.references(db, actorOf(req), req.params.id),
  );

  app.post<{ Body: service.CompanyInput }>(
    '/api/bolag',
    {
      config: { permission: 'funding.edit' },
      schema: { tags: TAGS, summary: 'Registrera ett bolag eller en stiftelse', body: { type: 'object', required: ['name', 'kind'], additionalProperties: false, properties: companyProps }, response: replies },
    },
    async (req, reply) => reply.status(201).send(await service.createCompany(db, actorOf(req), req.body)),
  );

  app.put<{ Params: { id: number }; Body: Partial<service.CompanyInput> & { version: number } }>(
    '/api/bolag/:id',
    {
      config: { permission: 'funding.edit' },
      schema: { tags: TAGS, summary: 'Ändra ett bolag (i den version du hämtade)', params: idParam, body: { type: 'object', required: ['version'], additionalProperties: false, properties: { version, ...companyProps } }, response: replies },
    },
    async (req) => service.updateCompany(db, actorOf(req), req.params.id, req.body),
  );

  app.post<{ Params: { id: number }; Body: service.DocumentInput }>(
    '/api/bolag/:id/handlingar',
    {
      config: { permission: 'funding.edit' },
      bodyLimit: Math.ceil((MAX_PDF_BYTES * 4) / 3) + 64 * 1024,
      schema: {
        tags: TAGS,
        summary: 'Lägg till en ägaranvisning, ett finansieringsavtal eller annan styrande handling med giltighetstid: en PDF (base64) eller en hänvisning',
        params: idParam,
        body: {
          type: 'object',
          required: ['version', 'kind', 'title', 'validFrom'],
          additionalProperties: false,
          properties: {
            version, kind: { type: 'string', enum: [...DOCUMENT_KINDS] }, title: line(500), validFrom: isoDate, validTo: optDate, reference: optLine(500),
            fileBase64: { type: 'string', maxLength: Math.ceil((MAX_PDF_BYTES * 4) / 3) + 4, nullable: true }, fileName: optLine(255),
          },
        },
        response: replies,
      },
    },
    async (req, reply) => reply.status(201).send(await service.addDocument(db, actorOf(req), req.params.id, req.body)),
  );

  app.delete<{ Params: { id: number; docId: number }; Querystring: { version: number } }>(
    '/api/bolag/:id/handlingar/:docId',
    { config: { permission: 'funding.edit' }, schema: { tags: TAGS, summary: 'Ta bort en handling som registrerats fel', params: subParams, querystring: versionQuery, response: replies } },
    async (req) => service.removeDocument(db, actorOf(req), req.params.id, req.params.docId, req.query.version),
  );

  app.get<{ Params: { id: number; docId: number } }>(
    '/api/bolag/:id/handlingar/:docId/fil',
    { config: { permission: 'funding.read' }, schema: { tags: TAGS, summary: 'Handlingens PDF', params: subParams, response: errorReplies } },
    async (req, reply) => {
      const f = await service.documentFile(db, actorOf(req), req.params.id, req.params.docId);
      return reply.type('application/pdf').header('content-disposition', `inline; filename="${f.name.replace(/[^\w.-]/g, '_')}"`).send(f.bytes);
    },
  );

  app.put<{ Params: { id: number }; Body: service.ReportInput }>(
    '/api/bolag/:id/rapporter',
    {
      config: { permission: 'funding.edit' },
      schema: {
        tags: TAGS,
        summary: 'En rapport som väntas från bolaget ett år (till exempel årsredovisning): sista dag och dagen den kom in',
        params: idParam,
        body: {
          type: 'object',
          required: ['version', 'year', 'kind'],
          additionalProperties: false,
          properties: { version, year: { type: 'integer', minimum: 1900, maximum: 2100 }, kind: line(200), dueOn: optDate, receivedOn: optDate, caseNumber: { type: 'string', maxLength: 40, nullable: true } },
        },
        response: replies,
      },
    },
    async (req) => service.setReport(db, actorOf(req), req.params.id, req.body),
  );

  app.delete<{ Params: { id: number; docId: number }; Querystring: { version: number } }>(
    '/api/bolag/:id/rapporter/:docId',
    { config: { permission: 'funding.edit' }, schema: { tags: TAGS, summary: 'Ta bort en rapport som inte längre väntas', params: subParams, querystring: versionQuery, response: replies } },
    async (req) => service.removeReport(db, actorOf(req), req.params.id, req.params.docId, req.query.version),
  );
}

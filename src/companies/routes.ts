/** HTTP: owned companies and foundations (issue 21.3). Schemas and types: companies/contract.ts. */
import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/index.ts';
import { errorReplies } from '../http/schemas.ts';
import { actorOf } from '../http/actor.ts';
import { serve } from '../http/typed.ts';
import { companiesApi, DOCUMENT_BODY_LIMIT, SubParams } from './contract.ts';
import * as service from './service.ts';

export function companyRoutes(app: FastifyInstance, db: Db): void {
  serve(app, companiesApi.list, {}, async (req) => service.listCompanies(db, actorOf(req)));
  serve(app, companiesApi.get, {}, async (req) => service.getCompany(db, actorOf(req), req.params.id));
  serve(app, companiesApi.references, { permission: 'funding.read' }, async (req) => service.references(db, actorOf(req), req.params.id));
  serve(app, companiesApi.create, { permission: 'funding.edit' }, async (req) => service.createCompany(db, actorOf(req), req.body));
  serve(app, companiesApi.update, { permission: 'funding.edit' }, async (req) => service.updateCompany(db, actorOf(req), req.params.id, req.body));
  serve(app, companiesApi.addDocument, { permission: 'funding.edit', bodyLimit: DOCUMENT_BODY_LIMIT }, async (req) => service.addDocument(db, actorOf(req), req.params.id, req.body));
  serve(app, companiesApi.removeDocument, { permission: 'funding.edit' }, async (req) => service.removeDocument(db, actorOf(req), req.params.id, req.params.docId, req.query.version));
  serve(app, companiesApi.setReport, { permission: 'funding.edit' }, async (req) => service.setReport(db, actorOf(req), req.params.id, req.body));
  serve(app, companiesApi.removeReport, { permission: 'funding.edit' }, async (req) => service.removeReport(db, actorOf(req), req.params.id, req.params.docId, req.query.version));

  // the document's PDF: a file, not JSON, so registered outside the contract
  app.get<{ Params: { id: number; docId: number } }>(
    '/api/bolag/:id/handlingar/:docId/fil',
    { config: { permission: 'funding.read' }, schema: { tags: ['Ägda bolag'], summary: 'Handlingens PDF', params: SubParams, response: errorReplies } },
    async (req, reply) => {
      const f = await service.documentFile(db, actorOf(req), req.params.id, req.params.docId);
      return reply.type('application/pdf').header('content-disposition', `inline; filename="${f.name.replace(/[^\w.-]/g, '_')}"`).send(f.bytes);
    },
  );
}

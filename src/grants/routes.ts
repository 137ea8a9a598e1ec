/** HTTP: grants to associations and foundations (issue 21.2). Schemas and types: grants/contract.ts. */
import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/index.ts';
import { actorOf } from '../http/actor.ts';
import { serve } from '../http/typed.ts';
import { grantsApi, IMPORT_BODY_LIMIT } from './contract.ts';
import * as service from './service.ts';

export function grantRoutes(app: FastifyInstance, db: Db): void {
  serve(app, grantsApi.list, {}, async (req) => service.listOrganisations(db, actorOf(req), req.query));
  serve(app, grantsApi.budgetLines, {}, async (req) => service.budgetLines(db, actorOf(req), req.query));
  serve(app, grantsApi.get, {}, async (req) => service.getOrganisation(db, actorOf(req), req.params.id));
  serve(app, grantsApi.create, { permission: 'funding.edit' }, async (req) => service.createOrganisation(db, actorOf(req), req.body));
  serve(app, grantsApi.update, { permission: 'funding.edit' }, async (req) => service.updateOrganisation(db, actorOf(req), req.params.id, req.body));
  serve(app, grantsApi.addApplication, { permission: 'funding.edit' }, async (req) => service.addApplication(db, actorOf(req), req.params.id, req.body));
  serve(app, grantsApi.updateApplication, { permission: 'funding.edit' }, async (req) => service.updateApplication(db, actorOf(req), req.params.id, req.body));
  serve(app, grantsApi.placeOnAgenda, { permission: 'funding.edit' }, async (req) => service.placeOnAgenda(db, actorOf(req), req.params.id, req.body));
  serve(app, grantsApi.decide, { permission: 'funding.decide' }, async (req) => service.decide(db, actorOf(req), req.params.id, req.body));
  serve(app, grantsApi.setReport, { permission: 'funding.edit' }, async (req) => service.setReport(db, actorOf(req), req.params.id, req.body));
  serve(app, grantsApi.addHistoryEntry, { permission: 'funding.edit' }, async (req) => service.addHistoryEntry(db, actorOf(req), req.params.id, req.body));
  serve(app, grantsApi.removeHistoryEntry, { permission: 'funding.edit' }, async (req) =>
    service.removeHistoryEntry(db, actorOf(req), req.params.id, req.params.entryId, req.query.version),
  );
  serve(app, grantsApi.importHistory, { permission: 'funding.edit', bodyLimit: IMPORT_BODY_LIMIT }, async (req) => service.importHistory(db, actorOf(req), req.params.id, req.body));
  serve(app, grantsApi.removeImport, { permission: 'funding.edit' }, async (req) =>
    service.removeImport(db, actorOf(req), req.params.id, req.params.entryId, req.query.version),
  );
}

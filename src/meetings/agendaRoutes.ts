/** HTTP: the agenda builder (issue 14.2). Schemas and types: agendaContract.ts; the rules: agenda.ts. */
import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/index.ts';
import { actorOf } from '../http/actor.ts';
import { serve } from '../http/typed.ts';
import { indexSoon } from '../publish/search.ts';
import * as agenda from './agenda.ts';
import { agendaApi } from './agendaContract.ts';

export function agendaRoutes(app: FastifyInstance, db: Db): void {
  serve(app, agendaApi.getAgenda, { permission: 'agenda.edit' }, async (req) => agenda.agendaOf(db, actorOf(req), req.params.id));
  serve(app, agendaApi.addItem, { permission: 'agenda.edit' }, async (req) => {
    const r = await agenda.addItem(db, actorOf(req), req.params.id, req.body);
    indexSoon(db);
    return r;
  });
  serve(app, agendaApi.editItem, { permission: 'agenda.edit' }, async (req) => {
    const r = await agenda.editItem(db, actorOf(req), req.params.id, req.body);
    indexSoon(db);
    return r;
  });
  serve(app, agendaApi.removeItem, { permission: 'agenda.edit' }, async (req) => {
    const r = await agenda.removeItem(db, actorOf(req), req.params.id, req.query.version);
    indexSoon(db);
    return r;
  });
  serve(app, agendaApi.notificationCandidates, { permission: 'agenda.edit' }, async (req) => agenda.notificationCandidates(db, actorOf(req), req.params.id));
  serve(app, agendaApi.addListedItems, { permission: 'agenda.edit' }, async (req) => {
    const r = await agenda.addListedItems(db, actorOf(req), req.params.id, req.body);
    indexSoon(db);
    return r;
  });
  serve(app, agendaApi.reorder, { permission: 'agenda.edit' }, async (req) => {
    const r = await agenda.reorder(db, actorOf(req), req.params.id, req.body);
    indexSoon(db);
    return r;
  });
}

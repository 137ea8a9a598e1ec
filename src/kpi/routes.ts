/** HTTP for indicator series: public reading, import of Kolada files and targets for staff. Schemas and types: kpi/contract.ts. */
import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/index.ts';
import { actorOf } from '../http/actor.ts';
import { serve } from '../http/typed.ts';
import { kpiApi } from './contract.ts';
import * as service from './service.ts';

export function kpiRoutes(app: FastifyInstance, db: Db) {
  serve(app, kpiApi.listSeries, {}, async () => service.listSeries(db));
  serve(app, kpiApi.getSeries, {}, async (req) => service.getSeries(db, req.params.id));
  serve(app, kpiApi.importKolada, { permission: 'kpi.edit' }, async (req, reply) => {
    const r = await service.importKolada(db, actorOf(req), req.body);
    if (!r.created) reply.status(200);
    return r;
  });
  serve(app, kpiApi.updateSeries, { permission: 'kpi.edit' }, async (req) => service.updateSeries(db, actorOf(req), req.params.id, req.body));
}

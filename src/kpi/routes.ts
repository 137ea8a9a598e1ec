/** HTTP for indicator series: public reading, import of Kolada files and targets for staff. Schemas and types: kpi/contract.ts. */
import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/index.ts';
import { actorOf } from '../http/actor.ts';
import { serve } from '../http/typed.ts';
import { errorReplies } from '../http/schemas.ts';
import { IdParams } from '../kernel/contract.ts';
import { XLSX_MEDIA_TYPE } from '../kernel/xlsx.ts';
import { kpiApi } from './contract.ts';
import * as service from './service.ts';

export function kpiRoutes(app: FastifyInstance, db: Db) {
  serve(app, kpiApi.listSeries, {}, async () => service.listSeries(db));
  serve(app, kpiApi.getSeries, {}, async (req) => service.getSeries(db, req.params.id));
  // the workbooks (issue 17.7): files, not JSON, so registered outside the contracts; public like the series
  app.get(
    '/api/kpi/series.xlsx',
    { schema: { tags: ['Nyckeltal'], summary: 'Alla serier med senaste utfall och mål som Excel-arbetsbok (värden som tal)', response: errorReplies } },
    async (_req, reply) =>
      reply.type(XLSX_MEDIA_TYPE).header('content-disposition', 'attachment; filename="nyckeltal.xlsx"').send(await service.seriesListXlsx(db)),
  );
  app.get<{ Params: { id: number } }>(
    '/api/kpi/series/:id.xlsx',
    {
      schema: {
        tags: ['Nyckeltal'],
        summary: 'En serie som Excel-arbetsbok: värden per område, period och kön som tal, jämförelsemedel som formel, måluppfyllelse',
        params: IdParams,
        response: errorReplies,
      },
    },
    async (req, reply) =>
      reply.type(XLSX_MEDIA_TYPE).header('content-disposition', `attachment; filename="nyckeltal-${req.params.id}.xlsx"`).send(await service.seriesXlsx(db, req.params.id)),
  );
  serve(app, kpiApi.importKolada, { permission: 'kpi.edit' }, async (req, reply) => {
    const r = await service.importKolada(db, actorOf(req), req.body);
    if (!r.created) reply.status(200);
    return r;
  });
  serve(app, kpiApi.updateSeries, { permission: 'kpi.edit' }, async (req) => service.updateSeries(db, actorOf(req), req.params.id, req.body));
  serve(app, kpiApi.createSeries, { permission: 'kpi.edit' }, async (req) => service.createSeries(db, actorOf(req), req.body));
  serve(app, kpiApi.fetchKolada, { permission: 'kpi.edit' }, async (req) => service.fetchFromKolada(db, actorOf(req), req.params.id, req.body ?? {}));
  serve(app, kpiApi.setValue, { permission: 'kpi.edit' }, async (req) => service.setValue(db, actorOf(req), req.params.id, req.body));
}

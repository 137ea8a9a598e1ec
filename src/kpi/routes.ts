/** HTTP for indicator series: public reading, import of Kolada files and targets for staff. */
import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/index.ts';
import { errorReplies, idParam } from '../http/schemas.ts';
import { actorOf } from '../http/actor.ts';
import * as service from './service.ts';

const TAGS = ['Nyckeltal'];
const text = (max: number) => ({ type: 'string', maxLength: max, nullable: true }) as const;

export function kpiRoutes(app: FastifyInstance, db: Db) {
  app.get('/api/kpi/series', { schema: { tags: TAGS, summary: 'Nyckeltalsserierna med mål och senaste utfall för regionen' } }, async () => service.listSeries(db));

  app.get<{ Params: { id: number } }>(
    '/api/kpi/series/:id',
    { schema: { tags: TAGS, summary: 'En serie: värden per område, period och kön (exakta decimaltal som text) och måluppfyllelse per period', params: idParam, response: errorReplies } },
    async (req) => service.getSeries(db, req.params.id),
  );

  app.post<{ Body: service.ImportInput }>(
    '/api/kpi/imports',
    {
      config: { permission: 'kpi.edit' },
      schema: {
        tags: TAGS,
        summary: 'Läs in en sparad fil från Koladas API (data- eller nyckeltalssvar, JSON som text); samma fil två gånger ändrar ingenting',
        body: {
          type: 'object',
          required: ['fileName', 'json'],
          additionalProperties: false,
          properties: {
            fileName: { type: 'string', maxLength: 255 },
            json: { type: 'string', maxLength: 1_000_000 },
            title: text(300),
            unit: text(50),
            indicatorRef: text(300),
          },
        },
        response: errorReplies,
      },
    },
    async (req, reply) => {
      const r = await service.importKolada(db, actorOf(req), req.body);
      return reply.status(r.created ? 201 : 200).send(r);
    },
  );

  app.put<{ Params: { id: number }; Body: service.SeriesUpdate }>(
    '/api/kpi/series/:id',
    {
      config: { permission: 'kpi.edit' },
      schema: {
        tags: TAGS,
        summary: 'Ändra seriens rubrik, koppling till styrtal och mål (riktning, basår, målvärde eller jämförelsegrupp)',
        params: idParam,
        body: {
          type: 'object',
          required: ['title', 'target', 'version'],
          additionalProperties: false,
          properties: {
            title: { type: 'string', maxLength: 300 },
            description: text(5000),
            unit: text(50),
            indicatorRef: text(300),
            target: {
              type: 'object',
              required: ['kind'],
              additionalProperties: false,
              properties: {
                kind: { type: 'string', enum: ['none', 'fixed', 'baseline', 'comparison'] },
                direction: { type: 'string', enum: ['increase', 'decrease'], nullable: true },
                baselineYear: { type: 'integer', minimum: 1, maximum: 9999, nullable: true, description: 'basår, 1900–2100' },
                value: { type: 'string', maxLength: 40, nullable: true, description: 'exakt decimaltal, t.ex. "6.5"' },
                group: { type: 'array', maxItems: 50, items: { type: 'string', maxLength: 4 } },
              },
            },
            version: { type: 'integer', minimum: 1, maximum: 2147483647 },
          },
        },
        response: { ...errorReplies, 409: errorReplies[400] },
      },
    },
    async (req) => service.updateSeries(db, actorOf(req), req.params.id, req.body),
  );
}

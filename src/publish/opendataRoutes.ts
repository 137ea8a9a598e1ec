/** HTTP for the open-data API (OParl 1.1 shape) at /oparl/v1. Public; only public material. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Db } from '../db/index.ts';
import { OParl } from './opendata.ts';

const TAGS = ['Öppna data'];
const listQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    page: { type: 'integer', minimum: 1, maximum: 1_000_000 },
    limit: { type: 'integer', minimum: 1, maximum: 100 },
    modified_since: { type: 'string', maxLength: 40 },
    modified_until: { type: 'string', maxLength: 40 },
    created_since: { type: 'string', maxLength: 40 },
  },
} as const;
type ListQuery = { page?: number; limit?: number; modified_since?: string; modified_until?: string; created_since?: string };

export function opendataRoutes(app: FastifyInstance, db: Db) {
  const base = (req: FastifyRequest) => process.env.PUBLIC_BASE_URL?.replace(/\/$/, '') ?? `${req.protocol}://${req.headers.host ?? 'localhost'}`;
  const oparl = (req: FastifyRequest) => new OParl(db, base(req));
  const self = (req: FastifyRequest) => `${base(req)}${req.url.split('?')[0]}`;

  app.get('/oparl/v1/system', { schema: { tags: TAGS, summary: 'OParl System: ingången till öppna data' } }, async (req) => oparl(req).system());

  app.get<{ Querystring: ListQuery }>('/oparl/v1/bodies', { schema: { tags: TAGS, summary: 'OParl: nämnder (Body)', querystring: listQuery } }, async (req) => {
    const o = oparl(req);
    return o.page(await o.bodies(), self(req), req.query);
  });

  app.get<{ Params: { id: number } }>(
    '/oparl/v1/body/:id',
    { schema: { tags: TAGS, summary: 'OParl: en nämnd (Body)', params: { type: 'object', required: ['id'], properties: { id: { type: 'integer', minimum: 1, maximum: 2147483647 } } } } },
    async (req) => oparl(req).object('body', String(req.params.id)),
  );

  app.get<{ Params: { id: number; list: string }; Querystring: ListQuery }>(
    '/oparl/v1/body/:id/:list',
    {
      schema: {
        tags: TAGS,
        summary: 'OParl: en nämnds listor (organizations, people, memberships, meetings, agenda-items, papers, consultations, legislative-terms), sidindelade',
        params: { type: 'object', required: ['id', 'list'], properties: { id: { type: 'integer', minimum: 1, maximum: 2147483647 }, list: { type: 'string', maxLength: 40 } } },
        querystring: listQuery,
      },
    },
    async (req) => {
      const o = oparl(req);
      return o.page(await o.list(req.params.id, req.params.list), self(req), req.query);
    },
  );

  app.get<{ Params: { kind: string; id: string } }>(
    '/oparl/v1/:kind/:id',
    {
      schema: {
        tags: TAGS,
        summary: 'OParl: ett objekt (organization, person, membership, meeting, agendaitem, paper, consultation, legislativeterm)',
        params: { type: 'object', required: ['kind', 'id'], properties: { kind: { type: 'string', maxLength: 40 }, id: { type: 'string', maxLength: 60 } } },
      },
    },
    async (req) => oparl(req).object(req.params.kind, req.params.id),
  );
}

/** HTTP for search: GET /api/search?q=… */
import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/index.ts';
import { errorReplies } from '../http/schemas.ts';
import { search } from './search.ts';
import { decisionsFeed, meetingsFeed } from './feeds.ts';
import { idParam } from '../http/schemas.ts';

export function searchRoutes(app: FastifyInstance, db: Db) {
  app.get<{ Querystring: { q: string } }>(
    '/api/search',
    {
      schema: {
        tags: ['Sök'],
        summary: 'Sök på diarienummer, rubrik eller föredragande',
        querystring: { type: 'object', properties: { q: { type: 'string', maxLength: 200 } }, required: ['q'], additionalProperties: false },
        response: { 400: errorReplies[400] },
      },
    },
    async (req) => search(db, req.query.q),
  );

  const base = (req: { protocol: string; headers: { host?: string } }) => process.env.PUBLIC_BASE_URL?.replace(/\/$/, '') ?? `${req.protocol}://${req.headers.host ?? 'localhost'}`;

  app.get<{ Params: { id: number } }>(
    '/feeds/bodies/:id/meetings.atom',
    { schema: { tags: ['Sök'], summary: 'Atom-flöde: nya sammanträden för en nämnd', params: idParam } },
    async (req, reply) => reply.type('application/atom+xml; charset=utf-8').send(await meetingsFeed(db, req.params.id, base(req))),
  );

  app.get<{ Params: { id: number } }>(
    '/feeds/bodies/:id/decisions.atom',
    { schema: { tags: ['Sök'], summary: 'Atom-flöde: beslut ur justerade protokoll för en nämnd', params: idParam } },
    async (req, reply) => reply.type('application/atom+xml; charset=utf-8').send(await decisionsFeed(db, req.params.id, base(req))),
  );
}

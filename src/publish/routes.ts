/** HTTP for search: GET /api/search?q=… */
import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/index.ts';
import { errorReplies } from '../http/schemas.ts';
import { search } from './search.ts';

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
}

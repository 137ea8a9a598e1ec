/** HTTP: the staff start page's "what is due" (issue 14.8): GET /api/overview. */
import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/index.ts';
import { errorReplies } from '../http/schemas.ts';
import { actorOf } from '../http/actor.ts';
import { overview } from './overview.ts';

export function overviewRoutes(app: FastifyInstance, db: Db): void {
  app.get(
    '/api/overview',
    {
      config: { permission: 'minutes.read-draft' },
      schema: {
        tags: ['Sammanträden'],
        summary: 'Det som ska göras: nästa sammanträde per nämnd med det som saknas, och protokoll att justera, anslå eller ta ned',
        response: errorReplies,
      },
    },
    async (req) => overview(db, actorOf(req)),
  );
}

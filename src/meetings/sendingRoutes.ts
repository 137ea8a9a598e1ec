/**
 * HTTP: Utskick av kallelsen med e-post (issue 14.6): send the current book
 * version to the body's members and ersättare, the register of who was sent
 * what and when, "Försök igen" per failed recipient, and a person's address.
 */
import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/index.ts';
import { actorOf } from '../http/actor.ts';
import { publicBaseUrl } from '../http/headers.ts';
import { errorReplies, errorSchema, idParam } from '../http/schemas.ts';
import * as service from './sendingService.ts';

const TAGS = ['Sammanträden'];
const replies = {
  ...errorReplies,
  401: { ...errorSchema, description: 'Inte inloggad' },
  403: { ...errorSchema, description: 'Saknar behörighet' },
  409: { ...errorSchema, description: 'Kallelseboken är inte byggd eller inte aktuell, eller utskicket är redan gjort' },
  422: { ...errorSchema, description: 'E-postservern är inte inställd (SMTP_URL), eller ingen mottagare har en e-postadress' },
};

export function sendingRoutes(app: FastifyInstance, db: Db): void {
  app.post<{ Params: { id: number } }>(
    '/api/meetings/:id/kallelse/send',
    {
      config: { permission: 'agenda.edit' },
      schema: {
        tags: TAGS,
        summary: 'Skicka kallelsen med e-post till nämndens ledamöter och ersättare (den aktuella byggda versionen; sekretessbelagda punkter bara som "Sekretess enligt OSL …")',
        params: idParam,
        response: replies,
      },
    },
    async (req) => service.sendKallelse(db, actorOf(req), req.params.id, { baseUrl: publicBaseUrl() }),
  );

  app.get<{ Params: { id: number } }>(
    '/api/meetings/:id/kallelse/dispatches',
    {
      config: { permission: 'agenda.edit' },
      schema: { tags: TAGS, summary: 'Vem som fått vilken version av kallelsen och när, misslyckade utskick och vilka som saknar e-postadress', params: idParam, response: replies },
    },
    async (req) => service.listDispatches(db, actorOf(req), req.params.id),
  );

  app.post<{ Params: { id: number } }>(
    '/api/kallelse-dispatches/:id/retry',
    {
      config: { permission: 'agenda.edit' },
      schema: { tags: TAGS, summary: 'Försök igen att skicka kallelsen till en mottagare vars utskick misslyckades', params: idParam, response: replies },
    },
    async (req) => service.retryDispatch(db, actorOf(req), req.params.id, { baseUrl: publicBaseUrl() }),
  );

  app.put<{ Params: { id: number }; Body: { email: string | null; version?: number } }>(
    '/api/people/:id/email',
    {
      config: { permission: 'agenda.edit' },
      schema: {
        tags: TAGS,
        summary: 'En ledamots eller ersättares e-postadress (dit kallelsen skickas); tom tar bort den',
        params: idParam,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['email'],
          properties: {
            email: { type: 'string', maxLength: 254, nullable: true },
            version: { type: 'integer', minimum: 1, maximum: 2147483647, description: 'Personens version (för att upptäcka samtidiga ändringar)' },
          },
        },
        response: replies,
      },
    },
    async (req) => service.setPersonEmail(db, actorOf(req), req.params.id, req.body),
  );
}

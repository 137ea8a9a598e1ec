/** HTTP: expediering of signed extracts by e-mail (issue 15.6). Every route needs decision.dispatch (secretary, case officer, admin). */
import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/index.ts';
import { errorReplies, idParam } from '../http/schemas.ts';
import { actorOf } from '../http/actor.ts';
import { FileStore } from '../documents/files.ts';
import * as service from './dispatchService.ts';

const TAGS = ['Protokoll'];
const int = { type: 'integer', minimum: 1, maximum: 2147483647 } as const;
const version = { type: 'integer', minimum: 1, maximum: 2147483647 } as const;
const name = { type: 'string', minLength: 1, maxLength: 200 } as const;
const email = { type: 'string', maxLength: 254, nullable: true } as const;
const replies = { ...errorReplies, 409: errorReplies[400] };

export function dispatchRoutes(app: FastifyInstance, db: Db, files: FileStore = new FileStore()): void {
  const permission = { permission: 'decision.dispatch' } as const;

  app.get<{ Params: { id: number } }>(
    '/api/meetings/:id/expediering',
    { config: permission, schema: { tags: TAGS, summary: 'Expediering: per paragraf mottagarna (ur PM:ets och protokollets Skickas till, eller tillagda) och utskicken av det bestyrkta utdraget', params: idParam, response: errorReplies } },
    async (req) => service.getExpediering(db, actorOf(req), req.params.id),
  );

  app.post<{ Params: { id: number; number: number }; Body: { name: string; email?: string | null } }>(
    '/api/meetings/:id/expediering/items/:number/recipients',
    {
      config: permission,
      schema: {
        tags: TAGS,
        summary: 'Lägg till en mottagare av beslutet under en punkt (ett förslag ur Skickas till som bekräftas, eller en ny), med e-postadress',
        params: { type: 'object', properties: { id: int, number: int }, required: ['id', 'number'] },
        body: { type: 'object', required: ['name'], additionalProperties: false, properties: { name, email } },
        response: replies,
      },
    },
    async (req, reply) => reply.status(201).send(await service.addRecipient(db, actorOf(req), req.params.id, req.params.number, req.body)),
  );

  app.put<{ Params: { id: number }; Body: { name: string; email?: string | null; version?: number } }>(
    '/api/expediering-recipients/:id',
    {
      config: permission,
      schema: {
        tags: TAGS,
        summary: 'Ändra en mottagares namn eller e-postadress (inte när utdraget redan är skickat)',
        params: idParam,
        body: { type: 'object', required: ['name'], additionalProperties: false, properties: { name, email, version } },
        response: replies,
      },
    },
    async (req) => service.updateRecipient(db, actorOf(req), req.params.id, req.body),
  );

  app.delete<{ Params: { id: number }; Querystring: { version?: number } }>(
    '/api/expediering-recipients/:id',
    {
      config: permission,
      schema: {
        tags: TAGS,
        summary: 'Ta bort en mottagare som inget har skickats till',
        params: idParam,
        querystring: { type: 'object', additionalProperties: false, properties: { version } },
        response: replies,
      },
    },
    async (req) => service.removeRecipient(db, actorOf(req), req.params.id, req.query.version),
  );

  app.post<{ Params: { id: number }; Body: { method: string; version?: number } }>(
    '/api/expediering-recipients/:id/recorded',
    {
      config: permission,
      schema: {
        tags: TAGS,
        summary: 'Registrera att utdraget skickats på annat sätt än med e-post härifrån (så skickas en sekretessbelagd punkts utdrag), med hur',
        params: idParam,
        body: { type: 'object', required: ['method'], additionalProperties: false, properties: { method: { type: 'string', minLength: 1, maxLength: 300 }, version } },
        response: replies,
      },
    },
    async (req) => service.recordSentOtherwise(db, actorOf(req), req.params.id, req.body, { files }),
  );

  app.post<{ Params: { id: number }; Body: { itemNumbers?: number[] } }>(
    '/api/meetings/:id/expediering/send',
    {
      config: permission,
      schema: {
        tags: TAGS,
        summary:
          'Skicka de bestyrkta protokollsutdragen med e-post, det förseglade utdraget bifogat, till varje mottagare med adress som inte redan fått det (misslyckade försöks igen); bara efter justering; en sekretessbelagd punkts utdrag skickas aldrig med vanlig e-post',
        params: idParam,
        body: { type: 'object', additionalProperties: false, properties: { itemNumbers: { type: 'array', maxItems: 200, items: int } } },
        response: replies,
      },
    },
    async (req) => service.sendExtracts(db, actorOf(req), req.params.id, req.body ?? {}, { files }),
  );

  app.post<{ Params: { id: number } }>(
    '/api/extract-dispatches/:id/retry',
    { config: permission, schema: { tags: TAGS, summary: 'Försök igen: skicka utdraget på nytt till mottagarens nuvarande adress', params: idParam, response: replies } },
    async (req) => service.retryDispatch(db, actorOf(req), req.params.id, { files }),
  );
}

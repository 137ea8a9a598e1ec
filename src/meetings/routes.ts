/** HTTP for bodies and meetings: /api/bodies, /api/meetings. */
import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/index.ts';
import * as service from './service.ts';
import { errorReplies, idParam, isoDate } from '../http/schemas.ts';
import { actorOf } from '../http/actor.ts';
import { can } from '../access/model.ts';
import { publicMeeting } from '../publish/public.ts';

export function meetingRoutes(app: FastifyInstance, db: Db) {
  app.get('/api/bodies', { schema: { tags: ['Sammanträden'], summary: 'Nämnder och styrelser' } }, async () => service.listBodies(db));

  app.get<{ Params: { id: number } }>(
    '/api/bodies/:id',
    { schema: { tags: ['Sammanträden'], summary: 'En nämnd med ledamöter och ersättare', params: idParam, response: errorReplies } },
    async (req) => service.getBody(db, req.params.id),
  );

  app.get<{ Querystring: { bodyId?: number; from?: string; to?: string } }>(
    '/api/meetings',
    {
      schema: {
        tags: ['Sammanträden'],
        summary: 'Sammanträden, nyast först',
        querystring: {
          type: 'object',
          properties: { bodyId: { type: 'integer', minimum: 1, maximum: 2147483647 }, from: isoDate, to: isoDate },
          additionalProperties: false,
        },
        response: { 400: errorReplies[400] },
      },
    },
    async (req) => service.listMeetings(db, req.query),
  );

  app.post<{ Body: { bodyId: number; date: string; startTime?: string | null; endTime?: string | null; place?: string | null } }>(
    '/api/meetings',
    {
      config: { permission: 'agenda.edit' },
      schema: {
        tags: ['Sammanträden'],
        summary: 'Planera ett sammanträde',
        body: {
          type: 'object',
          required: ['bodyId', 'date'],
          additionalProperties: false,
          properties: {
            bodyId: { type: 'integer', minimum: 1, maximum: 2147483647 },
            date: isoDate,
            startTime: { type: 'string', maxLength: 5, nullable: true },
            endTime: { type: 'string', maxLength: 5, nullable: true },
            place: { type: 'string', maxLength: 300, nullable: true },
          },
        },
        response: errorReplies,
      },
    },
    async (req, reply) => reply.status(201).send(await service.createMeeting(db, actorOf(req), req.body)),
  );

  app.get<{ Params: { id: number } }>(
    '/api/meetings/:id',
    {
      schema: {
        tags: ['Sammanträden'],
        summary: 'Ett sammanträde med föredragningslista: punkter, förslag till beslut, beslutsunderlag',
        params: idParam,
        response: errorReplies,
      },
    },
    async (req) => {
      const actor = actorOf(req);
      const meeting = await service.getMeeting(db, req.params.id);
      // the body's members and officials read every paper (and that they read a secret one is logged); everyone else the public version
      if (!can(actor, 'minutes.read-draft') || !(await service.maySeeSecretsOfMeeting(db, actor, meeting.id))) return publicMeeting(meeting);
      const secret = meeting.items.filter((i) => i.secrecyRef || i.decisionBasis.some((b) => b.secrecyRef));
      if (secret.length) {
        await service.recordSecretRead(db, actor, {
          entity: 'meeting',
          entityId: meeting.id,
          meetingId: meeting.id,
          secrecyRefs: secret.flatMap((i) => [i.secrecyRef, ...i.decisionBasis.map((b) => b.secrecyRef)]),
          detail: { read: 'agenda', items: secret.map((i) => i.id) },
        });
      }
      return meeting;
    },
  );
}

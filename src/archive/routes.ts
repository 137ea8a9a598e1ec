/** HTTP: archive export as an FGS/E-ARK SIP (issue 21.5). Nämndsekreterare and administrators only (archive.export). */
import { createReadStream } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/index.ts';
import { errorReplies } from '../http/schemas.ts';
import { actorOf } from '../http/actor.ts';
import { contentDisposition } from '../http/headers.ts';
import * as service from './service.ts';

const TAGS = ['Arkivleverans'];
const replies = { ...errorReplies, 409: errorReplies[400] };
const ref = { type: 'integer', minimum: 1, maximum: 2147483647 } as const;
const year = { type: 'integer', minimum: 1900, maximum: 2200 } as const;
const scope = {
  type: 'object',
  required: ['bodyId'],
  additionalProperties: false,
  properties: { bodyId: ref, meetingId: ref, year },
} as const;

export function archiveRoutes(app: FastifyInstance, db: Db): void {
  app.get(
    '/api/arkiv/installningar',
    {
      config: { permission: 'archive.export' },
      schema: { tags: TAGS, summary: 'Arkivets identiteter som de är konfigurerade (arkivbildare, arkivbildarens id, arkiv, system, leveransöverenskommelse) och vad som saknas', response: errorReplies },
    },
    async (req) => service.settings(actorOf(req)),
  );

  app.get<{ Querystring: service.ArchiveQuery }>(
    '/api/arkiv/innehall',
    {
      config: { permission: 'archive.export' },
      schema: {
        tags: TAGS,
        summary: 'Vad leveranspaketet för ett sammanträde (meetingId) eller en nämnds år (year) kommer att innehålla: kallelsen, det justerade protokollet, utdragen och beslutsunderlagen, med sekretessmarkeringar',
        querystring: scope,
        response: replies,
      },
    },
    async (req) => service.planView(db, actorOf(req), req.query),
  );

  app.get<{ Querystring: { bodyId?: number } }>(
    '/api/arkiv/leveranser',
    {
      config: { permission: 'archive.export' },
      schema: {
        tags: TAGS,
        summary: 'Gjorda arkivleveranser, senaste först',
        querystring: { type: 'object', additionalProperties: false, properties: { bodyId: ref } },
        response: errorReplies,
      },
    },
    async (req) => service.listDeliveries(db, actorOf(req), req.query.bodyId),
  );

  app.post<{ Body: service.ArchiveQuery }>(
    '/api/arkiv/leveranser',
    {
      config: { permission: 'archive.export' },
      schema: {
        tags: TAGS,
        summary: 'Skapa leveranspaketet (FGS/E-ARK SIP som tar-fil) för ett justerat sammanträde eller en nämnds år och registrera leveransen; svaret är tar-filen',
        body: scope,
        response: replies,
      },
    },
    async (req, reply) => {
      const built = await service.buildPackage(db, actorOf(req), req.body);
      const stream = createReadStream(built.file);
      stream.on('close', () => void built.cleanup());
      return reply
        .status(201)
        .type('application/x-tar')
        .header('content-disposition', contentDisposition('attachment', built.delivery.fileName))
        .header('content-length', built.delivery.byteSize)
        .header('x-content-sha256', built.delivery.sha256)
        .header('x-package-id', built.delivery.packageId)
        .header('x-delivery-id', String(built.delivery.id))
        .send(stream);
    },
  );
}

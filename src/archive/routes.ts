/** HTTP: archive export as an FGS/E-ARK SIP (issue 21.5). Nämndsekreterare and administrators only (archive.export). */
import { createReadStream } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/index.ts';
import { errorReplies } from '../http/schemas.ts';
import { actorOf } from '../http/actor.ts';
import { contentDisposition } from '../http/headers.ts';
import { serve } from '../http/typed.ts';
import { archiveApi, ArchiveScope } from './contract.ts';
import * as service from './service.ts';

const TAGS = ['Arkivleverans'];
const replies = { ...errorReplies, 409: errorReplies[400] };

export function archiveRoutes(app: FastifyInstance, db: Db): void {
  serve(app, archiveApi.settings, { permission: 'archive.export' }, async (req) => service.settings(actorOf(req)));
  serve(app, archiveApi.plan, { permission: 'archive.export' }, async (req) => service.planView(db, actorOf(req), req.query));
  serve(app, archiveApi.deliveries, { permission: 'archive.export' }, async (req) => service.listDeliveries(db, actorOf(req), req.query.bodyId));

  // the package: a tar file, not JSON, so registered outside the contract (its body is the contract's ArchiveScope)
  app.post<{ Body: service.ArchiveQuery }>(
    '/api/arkiv/leveranser',
    {
      config: { permission: 'archive.export' },
      schema: {
        tags: TAGS,
        summary: 'Skapa leveranspaketet (FGS/E-ARK SIP som tar-fil) för ett justerat sammanträde eller en nämnds år och registrera leveransen; svaret är tar-filen',
        body: ArchiveScope,
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

/** HTTP: remisser – incoming consultations and outgoing ones (issue 21.1). Schemas and types: remiss/contract.ts. */
import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/index.ts';
import { errorReplies, idParam } from '../http/schemas.ts';
import { actorOf } from '../http/actor.ts';
import { serve } from '../http/typed.ts';
import { remissApi } from './contract.ts';
import * as service from './service.ts';

const TAGS = ['Remisser'];
const replies = { ...errorReplies, 409: errorReplies[400] };

export function remissRoutes(app: FastifyInstance, db: Db): void {
  serve(app, remissApi.list, {}, async (req) => service.listRemisser(db, actorOf(req), req.query));
  serve(app, remissApi.deadlines, { permission: 'minutes.read-draft' }, async () => service.remissDeadlines(db));
  serve(app, remissApi.get, { permission: 'minutes.read-draft' }, async (req) => service.getRemiss(db, actorOf(req), req.params.id));

  // the Svar på remiss as text and as PDF: files, not JSON, so registered outside the contract
  app.get<{ Params: { id: number } }>(
    '/api/remisser/:id/svar',
    { config: { permission: 'minutes.read-draft' }, schema: { tags: TAGS, summary: 'Svar på remiss (text): som det skickades, eller som nämndens beslut ger det', params: idParam, response: replies } },
    async (req, reply) => {
      const f = await service.answerFile(db, actorOf(req), req.params.id);
      return reply.type('text/plain; charset=utf-8').header('content-disposition', `attachment; filename="${f.fileName}"`).send(f.text);
    },
  );

  app.get<{ Params: { id: number } }>(
    '/api/remisser/:id/svar.pdf',
    { config: { permission: 'minutes.read-draft' }, schema: { tags: TAGS, summary: 'Svar på remiss som PDF', params: idParam, response: replies } },
    async (req, reply) => {
      const f = await service.answerPdf(db, actorOf(req), req.params.id);
      return reply.type('application/pdf').header('content-disposition', `inline; filename="${f.fileName}"`).send(Buffer.from(f.pdf));
    },
  );

  serve(app, remissApi.registerIncoming, { permission: 'case.register' }, async (req) => service.registerIncoming(db, actorOf(req), req.body));
  serve(app, remissApi.registerOutgoing, { permission: 'case.register' }, async (req) => service.registerOutgoing(db, actorOf(req), req.body));
  serve(app, remissApi.update, { permission: 'case.register' }, async (req) => service.updateRemiss(db, actorOf(req), req.params.id, req.body));
  serve(app, remissApi.placeOnAgenda, { permission: 'agenda.edit' }, async (req) => service.placeOnAgenda(db, actorOf(req), req.params.id, req.body));
  serve(app, remissApi.recordSending, { permission: 'case.register' }, async (req) => service.recordSending(db, actorOf(req), req.params.id, req.body));
  serve(app, remissApi.addRecipients, { permission: 'case.register' }, async (req) => service.addRecipients(db, actorOf(req), req.params.id, req.body));
  serve(app, remissApi.removeRecipient, { permission: 'case.register' }, async (req) =>
    service.removeRecipient(db, actorOf(req), req.params.id, req.params.recipientId, req.query.version),
  );
  serve(app, remissApi.recordAnswer, { permission: 'case.register' }, async (req) =>
    service.recordAnswer(db, actorOf(req), req.params.id, req.params.recipientId, req.body),
  );
}

/** HTTP: Föredragnings-PM som formulär och beslutsunderlagens namn och ordning (issue 14, points 4–5). */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Db } from '../db/index.ts';
import { authorize, type Permission } from '../access/model.ts';
import { actorOf } from '../http/actor.ts';
import { errorReplies, idParam } from '../http/schemas.ts';
import * as authoring from './memoAuthoring.ts';
import type { MemoForm, MemoFormState } from './memoForm.ts';

const TAGS = ['Handlingar'];
const requires = (permission: Permission) => ({ onRequest: async (req: FastifyRequest) => authorize(actorOf(req), permission) });
const int = { type: 'integer', minimum: 0 };
const str = { type: 'string', maxLength: 20000 };
const strList = { type: 'array', maxItems: 100, items: { type: 'string', maxLength: 2000 } };

const formSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    unit: str,
    officer: str,
    summary: str,
    description: str,
    clauses: strList,
    consequences: { type: 'object', additionalProperties: str },
    signatoryName: str,
    signatoryTitle: str,
    sendTo: strList,
  },
};

export function memoRoutes(app: FastifyInstance, db: Db): void {
  app.get<{ Params: { id: number } }>(
    '/api/agenda-items/:id/memo-form',
    { ...requires('case.register'), schema: { tags: TAGS, summary: 'Punktens föredragnings-PM som formulär', params: idParam, response: errorReplies } },
    async (req) => authoring.getMemoForm(db, actorOf(req), req.params.id),
  );

  app.put<{ Params: { id: number }; Body: { form: Partial<MemoForm>; version: number } }>(
    '/api/agenda-items/:id/memo-form',
    {
      ...requires('case.register'),
      schema: {
        tags: TAGS,
        summary: 'Spara föredragnings-PM:et som utkast',
        params: idParam,
        body: { type: 'object', additionalProperties: false, required: ['form', 'version'], properties: { form: formSchema, version: int } },
        response: errorReplies,
      },
    },
    async (req) => authoring.saveMemoDraft(db, actorOf(req), req.params.id, req.body),
  );

  app.post<{ Params: { id: number }; Body: { state: MemoFormState; version: number } }>(
    '/api/agenda-items/:id/memo-form/state',
    {
      ...requires('agenda.edit'),
      schema: {
        tags: TAGS,
        summary: 'Markera föredragnings-PM:et klart för kallelse (eller tillbaka till utkast)',
        params: idParam,
        body: { type: 'object', additionalProperties: false, required: ['state', 'version'], properties: { state: { type: 'string', enum: ['draft', 'ready'] }, version: int } },
        response: errorReplies,
      },
    },
    async (req) => authoring.setMemoState(db, actorOf(req), req.params.id, req.body),
  );

  app.put<{ Params: { id: number }; Body: { title: string; version: number } }>(
    '/api/attachments/:id/title',
    {
      ...requires('case.register'),
      schema: {
        tags: TAGS,
        summary: 'Byt namn på en handling (beslutsunderlag)',
        params: idParam,
        body: { type: 'object', additionalProperties: false, required: ['title', 'version'], properties: { title: { type: 'string', maxLength: 1000 }, version: int } },
        response: errorReplies,
      },
    },
    async (req, reply) => {
      await authoring.renameAttachment(db, actorOf(req), req.params.id, req.body);
      return reply.status(204).send();
    },
  );

  app.put<{ Params: { id: number }; Body: { ids: number[] } }>(
    '/api/agenda-items/:id/attachments/order',
    {
      ...requires('case.register'),
      schema: {
        tags: TAGS,
        summary: 'Ordna punktens handlingar',
        params: idParam,
        body: { type: 'object', additionalProperties: false, required: ['ids'], properties: { ids: { type: 'array', maxItems: 500, items: { type: 'integer', minimum: 1 } } } },
        response: errorReplies,
      },
    },
    async (req, reply) => {
      await authoring.reorderAttachments(db, actorOf(req), req.params.id, req.body.ids);
      return reply.status(204).send();
    },
  );
}

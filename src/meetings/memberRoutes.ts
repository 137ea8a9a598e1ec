/** HTTP: Mina sammanträden (issue 14.7) – a member's meetings, the kallelse read, private notes per item, förhinder; the secretary's view of the absences. */
import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/index.ts';
import { errorReplies, idParam } from '../http/schemas.ts';
import { actorOf } from '../http/actor.ts';
import * as members from './members.ts';

const TAGS = ['Mina sammanträden'];
const version = { type: 'integer', minimum: 0, maximum: 2147483647 } as const;

export function memberRoutes(app: FastifyInstance, db: Db): void {
  app.get(
    '/api/my/meetings',
    { config: { permission: 'minutes.read-draft' }, schema: { tags: TAGS, summary: 'Mina kommande sammanträden: kallelsen, vad som ändrats sedan jag läste den, mitt förhinder', response: errorReplies } },
    async (req) => members.myMeetings(db, actorOf(req)),
  );

  app.post<{ Params: { id: number }; Body: { version: number } }>(
    '/api/my/meetings/:id/read',
    {
      config: { permission: 'minutes.read-draft' },
      schema: {
        tags: TAGS,
        summary: 'Jag har läst den här versionen av kallelsen',
        params: idParam,
        body: { type: 'object', required: ['version'], additionalProperties: false, properties: { version: { ...version, minimum: 1 } } },
        response: errorReplies,
      },
    },
    async (req) => members.markRead(db, actorOf(req), req.params.id, req.body.version),
  );

  app.get<{ Params: { id: number } }>(
    '/api/my/meetings/:id/notes',
    { config: { permission: 'minutes.read-draft' }, schema: { tags: TAGS, summary: 'Mina anteckningar per punkt (bara jag ser dem)', params: idParam, response: errorReplies } },
    async (req) => members.myNotes(db, actorOf(req), req.params.id),
  );

  app.put<{ Params: { id: number }; Body: { text: string; version: number } }>(
    '/api/my/agenda-items/:id/note',
    {
      config: { permission: 'minutes.read-draft' },
      schema: {
        tags: TAGS,
        summary: 'Spara min anteckning på en punkt (tom text tar bort den)',
        params: idParam,
        body: { type: 'object', required: ['text', 'version'], additionalProperties: false, properties: { text: { type: 'string', maxLength: members.NOTE_MAX + 1000 }, version } },
        response: errorReplies,
      },
    },
    async (req, reply) => {
      const note = await members.saveNote(db, actorOf(req), req.params.id, req.body);
      return note ? note : reply.status(204).send();
    },
  );

  app.put<{ Params: { id: number }; Body: { absent: boolean; reason?: string | null } }>(
    '/api/my/meetings/:id/absence',
    {
      config: { permission: 'minutes.read-draft' },
      schema: {
        tags: TAGS,
        summary: 'Anmäl eller återkalla förhinder',
        params: idParam,
        body: { type: 'object', required: ['absent'], additionalProperties: false, properties: { absent: { type: 'boolean' }, reason: { type: 'string', maxLength: 1000, nullable: true } } },
        response: errorReplies,
      },
    },
    async (req) => ({ absence: await members.setAbsence(db, actorOf(req), req.params.id, req.body) }),
  );

  app.get<{ Params: { id: number } }>(
    '/api/meetings/:id/absences',
    {
      config: { permission: 'agenda.edit' },
      schema: { tags: ['Sammanträden'], summary: 'Anmälda förhinder och vilken ersättare som ska kallas in', params: idParam, response: errorReplies },
    },
    async (req) => members.absences(db, actorOf(req), req.params.id),
  );
}

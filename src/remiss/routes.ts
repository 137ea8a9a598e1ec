/** HTTP: remisser – incoming consultations and outgoing ones (issue 21.1). */
import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/index.ts';
import { errorReplies, idParam, isoDate } from '../http/schemas.ts';
import { actorOf } from '../http/actor.ts';
import * as service from './service.ts';
import { STANCES, type Direction } from './model.ts';

const TAGS = ['Remisser'];
const replies = { ...errorReplies, 409: errorReplies[400] };
const version = { type: 'integer', minimum: 1, maximum: 2147483647 } as const;
const ref = { type: 'integer', minimum: 1, maximum: 2147483647 } as const;
const line = (max: number) => ({ type: 'string', maxLength: max }) as const;
const optLine = (max: number) => ({ type: 'string', maxLength: max, nullable: true }) as const;
const optDate = { ...isoDate, nullable: true } as const;
const caseNumber = { type: 'string', maxLength: 40, nullable: true, description: 'ett befintligt ärendes diarienummer, till exempel 19RS10445' } as const;
const recipients = { anyOf: [{ type: 'array', maxItems: 500, items: line(300) }, { type: 'string', maxLength: 200_000 }], description: 'mottagare, en organisation per rad (eller en lista)' } as const;
const recipientParams = { type: 'object', properties: { id: ref, recipientId: ref }, required: ['id', 'recipientId'] } as const;

export function remissRoutes(app: FastifyInstance, db: Db): void {
  app.get<{ Querystring: { direction?: Direction; open?: boolean; q?: string } }>(
    '/api/remisser',
    {
      schema: {
        tags: TAGS,
        summary: 'Remissregistret: inkommande och utgående remisser (för allmänheten bara organisationer, rubriker, datum och status)',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { direction: { type: 'string', enum: ['incoming', 'outgoing'] }, open: { type: 'boolean' }, q: line(200) },
        },
        response: { 400: errorReplies[400] },
      },
    },
    async (req) => service.listRemisser(db, actorOf(req), req.query),
  );

  app.get(
    '/api/remisser/deadlines',
    {
      config: { permission: 'minutes.read-draft' },
      schema: { tags: TAGS, summary: 'Remissernas tidsfrister för startsidan: svar att lämna senast, remisstider som slutar', response: errorReplies },
    },
    async () => service.remissDeadlines(db),
  );

  app.get<{ Params: { id: number } }>(
    '/api/remisser/:id',
    { config: { permission: 'minutes.read-draft' }, schema: { tags: TAGS, summary: 'En remiss med frågan, handläggaren, punkten på föredragningslistan, beslutet, svaret och mottagarnas svar', params: idParam, response: errorReplies } },
    async (req) => service.getRemiss(db, actorOf(req), req.params.id),
  );

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

  app.post<{ Body: service.IncomingInput }>(
    '/api/remisser/incoming',
    {
      config: { permission: 'case.register' },
      schema: {
        tags: TAGS,
        summary: 'Registrera en inkommande remiss (avsändare, rubrik, fråga, sista svarsdag, vem som bereder svaret), i ett befintligt eller nytt ärende',
        body: {
          type: 'object',
          required: ['title', 'sender', 'replyDue'],
          additionalProperties: false,
          properties: {
            title: line(500), sender: line(300), senderRef: optLine(100), question: optLine(20_000), receivedOn: optDate, replyDue: isoDate,
            preparer: optLine(200), caseNumber, registerCase: { type: 'boolean' },
          },
        },
        response: replies,
      },
    },
    async (req, reply) => reply.status(201).send(await service.registerIncoming(db, actorOf(req), req.body)),
  );

  app.post<{ Body: service.OutgoingInput }>(
    '/api/remisser/outgoing',
    {
      config: { permission: 'case.register' },
      schema: {
        tags: TAGS,
        summary: 'Registrera en utgående remiss (rubrik, ärende, remisstid, sändlista)',
        body: {
          type: 'object',
          required: ['title', 'periodFrom', 'periodTo'],
          additionalProperties: false,
          properties: { title: line(500), question: optLine(20_000), periodFrom: isoDate, periodTo: isoDate, recipients, caseNumber, registerCase: { type: 'boolean' } },
        },
        response: replies,
      },
    },
    async (req, reply) => reply.status(201).send(await service.registerOutgoing(db, actorOf(req), req.body)),
  );

  app.put<{ Params: { id: number }; Body: service.RemissChange }>(
    '/api/remisser/:id',
    {
      config: { permission: 'case.register' },
      schema: {
        tags: TAGS,
        summary: 'Ändra en remiss (i den version du hämtade)',
        params: idParam,
        body: {
          type: 'object',
          required: ['version'],
          additionalProperties: false,
          properties: {
            version, title: line(500), sender: line(300), senderRef: optLine(100), question: optLine(20_000), receivedOn: optDate, replyDue: isoDate,
            preparer: optLine(200), periodFrom: isoDate, periodTo: isoDate, caseNumber, declined: { type: 'boolean' },
          },
        },
        response: replies,
      },
    },
    async (req) => service.updateRemiss(db, actorOf(req), req.params.id, req.body),
  );

  app.post<{ Params: { id: number }; Body: { version: number; meetingId: number; itemId?: number | null } }>(
    '/api/remisser/:id/agenda',
    {
      config: { permission: 'agenda.edit' },
      schema: {
        tags: TAGS,
        summary: 'Sätt svaret på ett sammanträdes föredragningslista: en ny beslutspunkt "Svar på remiss – …", eller en punkt som redan finns (itemId)',
        params: idParam,
        body: { type: 'object', required: ['version', 'meetingId'], additionalProperties: false, properties: { version, meetingId: ref, itemId: { ...ref, nullable: true } } },
        response: replies,
      },
    },
    async (req) => service.placeOnAgenda(db, actorOf(req), req.params.id, req.body),
  );

  app.post<{ Params: { id: number }; Body: { version: number; sentOn: string; sentTo?: string | null } }>(
    '/api/remisser/:id/sending',
    {
      config: { permission: 'case.register' },
      schema: {
        tags: TAGS,
        summary: 'Registrera att svaret skickats (datum och till vem); Svar på remiss sparas som det skickades',
        params: idParam,
        body: { type: 'object', required: ['version', 'sentOn'], additionalProperties: false, properties: { version, sentOn: isoDate, sentTo: optLine(300) } },
        response: replies,
      },
    },
    async (req) => service.recordSending(db, actorOf(req), req.params.id, req.body),
  );

  app.post<{ Params: { id: number }; Body: { version: number; names: string[] | string } }>(
    '/api/remisser/:id/recipients',
    {
      config: { permission: 'case.register' },
      schema: {
        tags: TAGS,
        summary: 'Lägg till mottagare på en utgående remiss sändlista',
        params: idParam,
        body: { type: 'object', required: ['version', 'names'], additionalProperties: false, properties: { version, names: recipients } },
        response: replies,
      },
    },
    async (req) => service.addRecipients(db, actorOf(req), req.params.id, req.body),
  );

  app.delete<{ Params: { id: number; recipientId: number }; Querystring: { version: number } }>(
    '/api/remisser/:id/recipients/:recipientId',
    {
      config: { permission: 'case.register' },
      schema: {
        tags: TAGS,
        summary: 'Ta bort en mottagare som inte har svarat',
        params: recipientParams,
        querystring: { type: 'object', required: ['version'], additionalProperties: false, properties: { version } },
        response: replies,
      },
    },
    async (req) => service.removeRecipient(db, actorOf(req), req.params.id, req.params.recipientId, req.query.version),
  );

  app.put<{ Params: { id: number; recipientId: number }; Body: { version: number; answeredOn: string; stance?: (typeof STANCES)[number] | null; summary?: string | null } }>(
    '/api/remisser/:id/recipients/:recipientId/answer',
    {
      config: { permission: 'case.register' },
      schema: {
        tags: TAGS,
        summary: 'Registrera en mottagares svar (datum, ställningstagande, sammanfattning)',
        params: recipientParams,
        body: {
          type: 'object',
          required: ['version', 'answeredOn'],
          additionalProperties: false,
          properties: { version, answeredOn: isoDate, stance: { type: 'string', enum: [...STANCES, null], nullable: true }, summary: optLine(20_000) },
        },
        response: replies,
      },
    },
    async (req) => service.recordAnswer(db, actorOf(req), req.params.id, req.params.recipientId, req.body),
  );
}

/** HTTP for search: GET /api/search?q=… */
import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/index.ts';
import { errorReplies } from '../http/schemas.ts';
import { publicBaseUrl } from '../http/headers.ts';
import { search } from './search.ts';
import { decisionsFeed, meetingsFeed } from './feeds.ts';
import { idParam } from '../http/schemas.ts';
import { actorOf } from '../http/actor.ts';
import { can } from '../access/model.ts';
import * as meetings from '../meetings/service.ts';
import { indexMeeting } from './search.ts';
import { register as supportRegister, setNaturalPerson as setSupportNaturalPerson } from '../funding/supportService.ts';
import { naturalPersonsChanged, queueAllMeetings } from './publicEdge.ts';
import { isoDate } from '../http/schemas.ts';

export function searchRoutes(app: FastifyInstance, db: Db) {
  app.get<{ Querystring: { q: string } }>(
    '/api/search',
    {
      schema: {
        tags: ['Sök'],
        summary: 'Sök på diarienummer, rubrik eller föredragande',
        querystring: { type: 'object', properties: { q: { type: 'string', maxLength: 200 } }, required: ['q'], additionalProperties: false },
        response: { 400: errorReplies[400] },
      },
    },
    async (req) => search(db, req.query.q, { publicOnly: !can(actorOf(req), 'minutes.read-draft') }),
  );

  // PUBLIC_BASE_URL, never the request's Host header
  const base = (_req: unknown) => publicBaseUrl();

  app.get<{ Params: { id: number } }>(
    '/feeds/bodies/:id/meetings.atom',
    { schema: { tags: ['Sök'], summary: 'Atom-flöde: nya sammanträden för en nämnd', params: idParam } },
    async (req, reply) => reply.type('application/atom+xml; charset=utf-8').send(await meetingsFeed(db, req.params.id, base(req))),
  );

  app.get<{ Params: { id: number } }>(
    '/feeds/bodies/:id/decisions.atom',
    { schema: { tags: ['Sök'], summary: 'Atom-flöde: beslut ur justerade protokoll för en nämnd', params: idParam } },
    async (req, reply) => reply.type('application/atom+xml; charset=utf-8').send(await decisionsFeed(db, req.params.id, base(req))),
  );

  const secrecyBody = {
    type: 'object',
    required: ['secrecyRef'],
    additionalProperties: false,
    properties: {
      secrecyRef: { type: 'string', maxLength: 200, nullable: true, description: 'Lagrum, t.ex. "OSL 31 kap. 16 §"; null gör handlingen offentlig' },
      version: { type: 'integer', minimum: 1, maximum: 2147483647, description: 'Versionen du utgår från (optimistisk låsning)' },
    },
  } as const;

  const secrecyRoutes = [
    { url: '/api/agenda-items/:id/secrecy', summary: 'Sekretessmarkera (eller avmarkera) en punkts handlingar', set: meetings.setItemSecrecy },
    { url: '/api/decision-basis/:id/secrecy', summary: 'Sekretessmarkera (eller avmarkera) ett beslutsunderlag', set: meetings.setDocumentSecrecy },
  ];
  for (const r of secrecyRoutes) {
    app.put<{ Params: { id: number }; Body: { secrecyRef: string | null; version?: number } }>(
      r.url,
      { config: { permission: 'agenda.edit' }, schema: { tags: ['Sök'], summary: r.summary, params: idParam, body: secrecyBody, response: errorReplies } },
      async (req) => {
        // the mark and the search index change together
        const meetingId = await db.tx(async (trx) => {
          const id = await r.set(trx, actorOf(req), req.params.id, req.body.secrecyRef, req.body.version);
          await indexMeeting(trx, id);
          return id;
        });
        return { meetingId, secrecyRef: req.body.secrecyRef };
      },
    );
  }

  app.get<{ Querystring: { from?: string; to?: string } }>(
    '/api/business-support',
    {
      schema: {
        tags: ['Sök'],
        summary: 'Företagsstödsregistret för en period, med summor per kön, stödtyp och kommun (enskilda näringsidkares namn maskas för allmänheten)',
        querystring: { type: 'object', additionalProperties: false, properties: { from: isoDate, to: isoDate } },
      },
    },
    async (req) => supportRegister(db, actorOf(req), req.query),
  );

  app.put<{ Params: { id: number }; Body: { naturalPerson: boolean } }>(
    '/api/business-support/:id/natural-person',
    {
      config: { permission: 'funding.edit' },
      schema: {
        tags: ['Sök'],
        summary: 'Markera en stödmottagare i företagsstödsregistret som fysisk person (enskild firma) eller inte; namnet maskas då på alla allmänna vägar',
        params: idParam,
        body: { type: 'object', required: ['naturalPerson'], additionalProperties: false, properties: { naturalPerson: { type: 'boolean' } } },
        response: errorReplies,
      },
    },
    async (req) => {
      const r = await db.tx(async (trx) => {
        const out = await setSupportNaturalPerson(trx, actorOf(req), req.params.id, req.body.naturalPerson);
        await queueAllMeetings(trx);
        return out;
      });
      naturalPersonsChanged(db);
      return r;
    },
  );
}

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
import { register as supportRegister, setNaturalPerson as setSupportNaturalPerson } from '../funding/supportService.ts';
import { naturalPersonsChanged, queueMeetingsMentioning } from './publicEdge.ts';
import { isoDate } from '../http/schemas.ts';
import { markSecrecy } from './secrecy.ts';
import { OSL_PROVISIONS, OTHER_PROVISION } from '../meetings/model.ts';

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
    async (req) => {
      const actor = actorOf(req);
      // non-public documents only of the bodies whose secret papers the user reads
      const access = can(actor, 'minutes.read-draft') ? await meetings.secretAccess(db, actor) : null;
      return search(db, req.query.q, { publicOnly: !access || (!access.all && access.bodies.size === 0), secretBodies: access?.all ? 'all' : [...(access?.bodies ?? [])], actor });
    },
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
      secrecyRef: {
        type: 'string',
        maxLength: 200,
        nullable: true,
        description: `Lagrum ur nämndens lista (${OSL_PROVISIONS.map((p) => p.ref).join(', ')}) eller "annan" med motivering i reason; null gör handlingen offentlig`,
      },
      reason: { type: 'string', maxLength: 180, nullable: true, description: 'Grunden för sekretessen när secrecyRef är "annan"' },
      version: { type: 'integer', minimum: 1, maximum: 2147483647, description: 'Versionen du utgår från (optimistisk låsning)' },
    },
  } as const;

  const secrecyRoutes = [
    { url: '/api/agenda-items/:id/secrecy', summary: 'Sekretessmarkera (eller avmarkera) en punkts handlingar', target: 'agenda-item' },
    { url: '/api/decision-basis/:id/secrecy', summary: 'Sekretessmarkera (eller avmarkera) ett beslutsunderlag', target: 'decision-basis' },
  ] as const;
  for (const r of secrecyRoutes) {
    app.put<{ Params: { id: number }; Body: { secrecyRef: string | null; reason?: string | null; version?: number } }>(
      r.url,
      { config: { permission: 'agenda.edit' }, schema: { tags: ['Sök'], summary: r.summary, params: idParam, body: secrecyBody, response: errorReplies } },
      async (req) => markSecrecy(db, actorOf(req), r.target, req.params.id, req.body, (err, meetingId) => req.log.error({ err, meetingId }, 'public kallelse edition failed')),
    );
  }

  app.get(
    '/api/secrecy-provisions',
    { schema: { tags: ['Sök'], summary: 'Lagrummen i offentlighets- och sekretesslagen som nämnden sekretessmarkerar med (och "annan" med motivering)' } },
    async () => ({ provisions: OSL_PROVISIONS, other: OTHER_PROVISION }),
  );

  // ── Which bodies an official serves (their secret papers are theirs to read) ──
  const bodyIds = { type: 'array', maxItems: 500, uniqueItems: true, items: { type: 'integer', minimum: 1, maximum: 2147483647 } } as const;
  app.get(
    '/api/user-bodies',
    { config: { permission: 'user.admin' }, schema: { tags: ['Behörighet'], summary: 'Nämnderna varje användare tjänstgör för (administratör)', response: errorReplies } },
    async (req) => meetings.allServedBodies(db, actorOf(req)),
  );
  app.put<{ Params: { id: number }; Body: { bodyIds: number[] } }>(
    '/api/users/:id/bodies',
    {
      config: { permission: 'user.admin' },
      schema: {
        tags: ['Behörighet'],
        summary: 'Ange vilka nämnder användaren tjänstgör för: dess sekretessmarkerade handlingar läses bara av nämndens ledamöter och tjänstepersoner',
        params: idParam,
        body: { type: 'object', required: ['bodyIds'], additionalProperties: false, properties: { bodyIds } },
        response: errorReplies,
      },
    },
    async (req) => ({ userId: req.params.id, bodyIds: await meetings.setServedBodies(db, actorOf(req), req.params.id, req.body.bodyIds) }),
  );

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
        await queueMeetingsMentioning(trx, [out.name]);
        return out;
      });
      naturalPersonsChanged(db);
      return r;
    },
  );
}

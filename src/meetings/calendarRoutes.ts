/** HTTP: the sammanträdesplan per body and year (issue 14.1), and each body's public iCalendar feed. Schemas and types: calendarContract.ts. */
import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/index.ts';
import { actorOf } from '../http/actor.ts';
import { publicBaseUrl } from '../http/headers.ts';
import { idParam } from '../http/schemas.ts';
import { serve } from '../http/typed.ts';
import { indexSoon } from '../publish/search.ts';
import * as calendar from './calendar.ts';
import { calendarApi } from './calendarContract.ts';

export function calendarRoutes(app: FastifyInstance, db: Db): void {
  serve(app, calendarApi.getCalendar, {}, async (req) => calendar.calendarOf(db, req.params.id, req.params.year));
  serve(app, calendarApi.createMeeting, { permission: 'agenda.edit' }, async (req) => calendar.createCalendarMeeting(db, actorOf(req), req.params.id, req.body));
  serve(app, calendarApi.addDates, { permission: 'agenda.edit' }, async (req, reply) => {
    const r = await calendar.addDateList(db, actorOf(req), req.params.id, req.body);
    if (!r.saved) reply.status(200);
    return r;
  });
  serve(app, calendarApi.moveMeeting, { permission: 'agenda.edit' }, async (req) => {
    const r = await calendar.moveMeeting(db, actorOf(req), req.params.id, req.body);
    indexSoon(db); // the search hits of a moved meeting carry its new date
    return r;
  });
  serve(app, calendarApi.cancelMeeting, { permission: 'agenda.edit' }, async (req) => calendar.cancelMeeting(db, actorOf(req), req.params.id, req.body));
  serve(app, calendarApi.setKallelseRule, { permission: 'agenda.edit' }, async (req) => calendar.setKallelseRule(db, actorOf(req), req.params.id, req.body));
  serve(app, calendarApi.deleteMeeting, { permission: 'agenda.edit' }, async (req) => calendar.deleteMeeting(db, actorOf(req), req.params.id, req.body));

  app.get<{ Params: { id: number } }>(
    '/api/bodies/:id/calendar.ics',
    {
      schema: {
        tags: ['Sammanträdesplan'],
        summary: 'Nämndens sammanträden som iCalendar-flöde att prenumerera på (datum, tid, plats, länk)',
        params: idParam,
        produces: ['text/calendar'],
      },
    },
    async (req, reply) =>
      reply
        .type('text/calendar; charset=utf-8')
        .header('content-disposition', `inline; filename="sammantradesplan-${req.params.id}.ics"`)
        .send(await calendar.calendarFeed(db, req.params.id, publicBaseUrl())),
  );
}

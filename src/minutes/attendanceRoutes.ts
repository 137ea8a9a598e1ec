/** HTTP: live minutes: attendance per item and ersättare called in (issue 15.1). */
import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/index.ts';
import { errorReplies } from '../http/schemas.ts';
import { actorOf } from '../http/actor.ts';
import * as service from './attendanceService.ts';

const TAGS = ['Protokoll'];
const int = { type: 'integer', minimum: 1, maximum: 2147483647 } as const;
const version = { type: 'integer', minimum: 0, maximum: 2147483647 } as const;
const base = '/api/meetings/:id/minutes/attendance';
const idParams = { type: 'object', properties: { id: int }, required: ['id'] } as const;
const changeParams = { type: 'object', properties: { id: int, changeId: int }, required: ['id', 'changeId'] } as const;
const replies = { ...errorReplies, 409: errorReplies[400] };

export function attendanceRoutes(app: FastifyInstance, db: Db): void {
  app.get<{ Params: { id: number } }>(
    `${base}/live`,
    {
      config: { permission: 'minutes.read-draft' },
      schema: {
        tags: TAGS,
        summary: 'Närvaron under sammanträdet: per punkt vilka som tjänstgör och om nämnden är beslutför, ändringarna (ankomst, avgång, inkallad ersättare) och vilka ersättare som står i tur',
        params: idParams,
        response: errorReplies,
      },
    },
    async (req) => service.getLiveAttendance(db, actorOf(req), req.params.id),
  );

  app.post<{ Params: { id: number }; Body: service.AttendanceChangeRequest }>(
    `${base}/changes`,
    {
      config: { permission: 'minutes.edit' },
      schema: {
        tags: TAGS,
        summary: 'Protokollför en ändring av närvaron: någon kommer till en punkt, lämnar efter en punkt, eller en ersättare kallas in att tjänstgöra för en ledamot enligt ersättarordningen',
        params: idParams,
        body: {
          type: 'object',
          required: ['version', 'personId', 'kind', 'itemNumber'],
          additionalProperties: false,
          properties: {
            version,
            personId: int,
            kind: { type: 'string', enum: ['arrives', 'leaves'] },
            itemNumber: int,
            replacesPersonId: { ...int, nullable: true },
          },
        },
        response: replies,
      },
    },
    async (req) => service.recordChange(db, actorOf(req), req.params.id, req.body),
  );

  app.delete<{ Params: { id: number; changeId: number }; Querystring: { version: number } }>(
    `${base}/changes/:changeId`,
    {
      config: { permission: 'minutes.edit' },
      schema: {
        tags: TAGS,
        summary: 'Ta bort en felaktigt protokollförd ändring av närvaron',
        params: changeParams,
        querystring: { type: 'object', required: ['version'], additionalProperties: false, properties: { version } },
        response: replies,
      },
    },
    async (req) => service.removeChange(db, actorOf(req), req.params.id, req.params.changeId, req.query.version),
  );
}

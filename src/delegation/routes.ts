/** HTTP for the delegation order, delegated decisions and the report. */
import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/index.ts';
import { errorReplies, idParam, isoDate } from '../http/schemas.ts';
import { actorOf } from '../http/actor.ts';
import * as service from './service.ts';
import type { DelegatedDecisionInput, DelegationPoint } from './model.ts';

const TAGS = ['Delegation'];
const int = { type: 'integer', minimum: 1, maximum: 2147483647 } as const;
const amount = { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER, nullable: true, description: 'öre' } as const;

export function delegationRoutes(app: FastifyInstance, db: Db) {
  app.get<{ Params: { id: number } }>(
    '/api/bodies/:id/delegation-order',
    { schema: { tags: TAGS, summary: 'Delegationsordningen: punkter, delegater och gränser', params: idParam, response: errorReplies } },
    async (req) => service.delegationOrder(db, req.params.id),
  );

  app.put<{ Params: { id: number; number: string }; Body: Omit<DelegationPoint, 'number'> & { version?: number } }>(
    '/api/bodies/:id/delegation-order/:number',
    {
      config: { permission: 'delegation.order' },
      schema: {
        tags: TAGS,
        summary: 'Lägg till eller ändra en punkt i delegationsordningen',
        params: { type: 'object', required: ['id', 'number'], properties: { id: int, number: { type: 'string', maxLength: 10 } } },
        body: {
          type: 'object',
          required: ['title', 'delegate', 'maxAmountOre', 'decisionTypes'],
          additionalProperties: false,
          properties: {
            title: { type: 'string', maxLength: 300 },
            delegate: { type: 'string', maxLength: 300 },
            maxAmountOre: amount,
            decisionTypes: { type: 'array', maxItems: 50, items: { type: 'string', maxLength: 100 } },
            version: { type: 'integer', minimum: 1, maximum: 2147483647 },
          },
        },
        response: errorReplies,
      },
    },
    async (req) => service.setPoint(db, actorOf(req), req.params.id, { ...req.body, number: req.params.number }),
  );

  app.get<{ Params: { id: number }; Querystring: { unreported?: boolean } }>(
    '/api/bodies/:id/delegated-decisions',
    {
      schema: {
        tags: TAGS,
        summary: 'Registret över delegationsbeslut',
        params: idParam,
        querystring: { type: 'object', additionalProperties: false, properties: { unreported: { type: 'boolean' } } },
      },
    },
    async (req) => service.register(db, req.params.id, req.query),
  );

  app.post<{ Params: { id: number }; Body: DelegatedDecisionInput }>(
    '/api/bodies/:id/delegated-decisions',
    {
      config: { permission: 'delegation.register' },
      schema: {
        tags: TAGS,
        summary: 'Registrera ett delegationsbeslut (vägras om det ligger utanför punktens gränser)',
        params: idParam,
        body: {
          type: 'object',
          required: ['pointNumber', 'decider', 'decidedOn', 'caseNumbers', 'text'],
          additionalProperties: false,
          properties: {
            pointNumber: { type: 'string', maxLength: 10 },
            decider: { type: 'string', maxLength: 300 },
            decidedOn: isoDate,
            caseNumbers: { type: 'array', minItems: 1, maxItems: 500, items: { type: 'string', maxLength: 20 } },
            text: { type: 'string', maxLength: 5000 },
            amountOre: amount,
            decisionType: { type: 'string', maxLength: 100, nullable: true },
          },
        },
        response: { ...errorReplies, 422: errorReplies[400] },
      },
    },
    async (req, reply) => reply.status(201).send(await service.registerDecision(db, actorOf(req), req.params.id, req.body)),
  );

  app.post<{ Params: { id: number } }>(
    '/api/meetings/:id/delegation-report',
    { config: { permission: 'agenda.edit' }, schema: { tags: TAGS, summary: 'Skapa punkten "Redovisning av delegationsbeslut" med alla oredovisade beslut', params: idParam, response: errorReplies } },
    async (req, reply) => reply.status(201).send(await service.createReport(db, actorOf(req), req.params.id)),
  );

  app.post<{ Params: { id: number; number: number } }>(
    '/api/meetings/:id/delegation-report/:number/approval',
    {
      config: { permission: 'minutes.edit' },
      schema: {
        tags: TAGS,
        summary: 'Markera redovisade beslut som anmälda när nämnden godkänt redovisningen',
        params: { type: 'object', required: ['id', 'number'], properties: { id: int, number: int } },
        response: errorReplies,
      },
    },
    async (req) => ({ reported: await service.approveReport(db, actorOf(req), req.params.id, req.params.number) }),
  );
}

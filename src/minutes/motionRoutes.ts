/** HTTP: yrkanden, propositionsordning and voting lists of the live minutes (issue 15.1). */
import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/index.ts';
import { errorReplies } from '../http/schemas.ts';
import { actorOf } from '../http/actor.ts';
import { MOTION_KINDS, type MotionRequest, type PropositionsRequest, type VoteRequest } from './motions.ts';
import * as service from './motionsService.ts';

const TAGS = ['Protokoll'];
const int = { type: 'integer', minimum: 1, maximum: 2147483647 } as const;
const version = { type: 'integer', minimum: 0, maximum: 2147483647 } as const;
const base = '/api/meetings/:id/minutes/items/:number';
const itemParams = { type: 'object', properties: { id: int, number: int }, required: ['id', 'number'] } as const;
const motionParams = { type: 'object', properties: { id: int, number: int, motionId: int }, required: ['id', 'number', 'motionId'] } as const;
const propositionParams = { type: 'object', properties: { id: int, number: int, position: int }, required: ['id', 'number', 'position'] } as const;
const versionQuery = { type: 'object', required: ['version'], additionalProperties: false, properties: { version } } as const;
const replies = { ...errorReplies, 409: errorReplies[400] };

const motionBody = {
  type: 'object',
  required: ['version', 'moverPersonId', 'kind'],
  additionalProperties: false,
  properties: {
    version,
    moverPersonId: int,
    supporters: { type: 'array', maxItems: 50, items: int },
    kind: { type: 'string', enum: MOTION_KINDS },
    text: { type: 'string', maxLength: 5000 },
  },
} as const;

export function motionRoutes(app: FastifyInstance, db: Db): void {
  app.get<{ Params: { id: number; number: number } }>(
    `${base}/motions`,
    {
      config: { permission: 'minutes.read-draft' },
      schema: { tags: TAGS, summary: 'Yrkanden, propositionsordning och omröstningar under en punkt, med de tjänstgörande och beslutförheten', params: itemParams, response: errorReplies },
    },
    async (req) => service.getSheet(db, actorOf(req), req.params.id, req.params.number),
  );

  app.post<{ Params: { id: number; number: number }; Body: MotionRequest }>(
    `${base}/motions`,
    {
      config: { permission: 'minutes.edit' },
      schema: { tags: TAGS, summary: 'Protokollför ett yrkande: vem som yrkar vad (bifall, avslag, ändring, återremiss, bordläggning) och vilka som instämmer', params: itemParams, body: motionBody, response: replies },
    },
    async (req) => service.addMotion(db, actorOf(req), req.params.id, req.params.number, req.body),
  );

  app.put<{ Params: { id: number; number: number; motionId: number }; Body: MotionRequest }>(
    `${base}/motions/:motionId`,
    { config: { permission: 'minutes.edit' }, schema: { tags: TAGS, summary: 'Ändra ett yrkande', params: motionParams, body: motionBody, response: replies } },
    async (req) => service.updateMotion(db, actorOf(req), req.params.id, req.params.number, req.params.motionId, req.body),
  );

  app.delete<{ Params: { id: number; number: number; motionId: number }; Querystring: { version: number } }>(
    `${base}/motions/:motionId`,
    {
      config: { permission: 'minutes.edit' },
      schema: { tags: TAGS, summary: 'Ta bort ett yrkande som inte ingår i propositionsordningen', params: motionParams, querystring: versionQuery, response: replies },
    },
    async (req) => service.removeMotion(db, actorOf(req), req.params.id, req.params.number, req.params.motionId, req.query.version),
  );

  app.put<{ Params: { id: number; number: number }; Body: PropositionsRequest }>(
    `${base}/propositions`,
    {
      config: { permission: 'minutes.edit' },
      schema: {
        tags: TAGS,
        summary: 'Propositionsordningen: ordförandens frågor i ordning (ett yrkande mot ett annat eller mot avslag) och vad ordföranden finner',
        params: itemParams,
        body: {
          type: 'object',
          required: ['version', 'propositions'],
          additionalProperties: false,
          properties: {
            version,
            acknowledgeNoQuorum: { type: 'boolean' },
            propositions: {
              type: 'array',
              maxItems: 20,
              items: {
                type: 'object',
                required: ['jaMotionId', 'chairFinds'],
                additionalProperties: false,
                properties: { jaMotionId: int, nejMotionId: { ...int, nullable: true }, chairFinds: { type: 'string', enum: ['ja', 'nej'] }, text: { type: 'string', maxLength: 5000 } },
              },
            },
          },
        },
        response: replies,
      },
    },
    async (req) => service.setPropositions(db, actorOf(req), req.params.id, req.params.number, req.body),
  );

  app.put<{ Params: { id: number; number: number; position: number }; Body: VoteRequest }>(
    `${base}/propositions/:position/vote`,
    {
      config: { permission: 'minutes.edit' },
      schema: {
        tags: TAGS,
        summary: 'Omröstning om en proposition: vad ja och nej innebär och röstlistan (varje tjänstgörande ja, nej eller avstår); vid lika röstetal avgör ordförandens röst',
        params: propositionParams,
        body: {
          type: 'object',
          required: ['version', 'votes'],
          additionalProperties: false,
          properties: {
            version,
            jaMeans: { type: 'string', maxLength: 1000 },
            nejMeans: { type: 'string', maxLength: 1000 },
            votes: {
              type: 'array',
              maxItems: 100,
              items: { type: 'object', required: ['personId', 'choice'], additionalProperties: false, properties: { personId: int, choice: { type: 'string', enum: ['ja', 'nej', 'avstår'] } } },
            },
          },
        },
        response: replies,
      },
    },
    async (req) => service.recordVote(db, actorOf(req), req.params.id, req.params.number, req.params.position, req.body),
  );

  app.delete<{ Params: { id: number; number: number; position: number }; Querystring: { version: number } }>(
    `${base}/propositions/:position/vote`,
    { config: { permission: 'minutes.edit' }, schema: { tags: TAGS, summary: 'Ta bort en omröstning (ordförandens utslag gäller då igen)', params: propositionParams, querystring: versionQuery, response: replies } },
    async (req) => service.removeVote(db, actorOf(req), req.params.id, req.params.number, req.params.position, req.query.version),
  );
}

/** HTTP for the case register: /api/cases. */
import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/index.ts';
import * as service from './service.ts';
import * as meetings from '../meetings/service.ts';
import type { CaseDetail, CaseSummary, Page, RegisterCaseRequest } from '../http/contract.ts';
import { errorReplies, isoDate } from '../http/schemas.ts';
import { actorOf } from '../http/actor.ts';

export function caseRoutes(app: FastifyInstance, db: Db) {
  const toSummary = (c: service.CaseRecord, count: number): CaseSummary => ({
    caseNumber: c.caseNumber,
    title: c.title,
    registeredOn: c.registeredOn,
    appearanceCount: count,
  });

  async function detail(c: service.CaseRecord): Promise<CaseDetail> {
    const appearances = await meetings.appearancesOfCase(db, c.id);
    return {
      ...toSummary(c, new Set(appearances.map((a) => a.meetingId)).size),
      year: c.year,
      series: c.series,
      serial: c.serial,
      appearances,
    };
  }

  app.get<{ Querystring: { q?: string; limit?: number; offset?: number } }>(
    '/api/cases',
    {
      schema: {
        tags: ['Diarium'],
        summary: 'Lista ärenden (nyast först), med filter på diarienummer eller ärendemening',
        querystring: {
          type: 'object',
          properties: {
            q: { type: 'string', maxLength: 200 },
            limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
            offset: { type: 'integer', minimum: 0, maximum: 10_000_000, default: 0 },
          },
          additionalProperties: false,
        },
        response: { 400: errorReplies[400] },
      },
    },
    async (req): Promise<Page<CaseSummary>> => {
      const page = await service.listCases(db, req.query);
      const counts = await meetings.countAppearances(db, page.items.map((c) => c.id));
      return { ...page, items: page.items.map((c) => toSummary(c, counts.get(c.id) ?? 0)) };
    },
  );

  app.get<{ Params: { caseNumber: string } }>(
    '/api/cases/:caseNumber',
    {
      schema: {
        tags: ['Diarium'],
        summary: 'Ett ärende med alla sammanträden det har behandlats på',
        params: { type: 'object', properties: { caseNumber: { type: 'string', maxLength: 20 } }, required: ['caseNumber'] },
        response: errorReplies,
      },
    },
    async (req) => detail(await service.getCase(db, req.params.caseNumber)),
  );

  app.post<{ Body: RegisterCaseRequest }>(
    '/api/cases',
    {
      config: { permission: 'case.register' },
      schema: {
        tags: ['Diarium'],
        summary: 'Registrera ett nytt ärende; nästa diarienummer för året och serien tilldelas',
        body: {
          type: 'object',
          properties: {
            title: { type: 'string', minLength: 1, maxLength: 2000 },
            series: { type: 'string', maxLength: 10 },
            registeredOn: isoDate,
          },
          required: ['title'],
          additionalProperties: false,
        },
        response: { 400: errorReplies[400] },
      },
    },
    async (req, reply) => {
      const created = await service.registerCase(db, actorOf(req), req.body);
      reply.status(201).header('location', `/api/cases/${created.caseNumber}`);
      return detail(created);
    },
  );
}

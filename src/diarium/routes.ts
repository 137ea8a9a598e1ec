/** HTTP for the case register: /api/cases. */
import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/index.ts';
import * as service from './service.ts';
import * as meetings from '../meetings/service.ts';
import type { CaseDetail, CaseSummary, Page, RegisterCaseRequest, UpdateCaseRequest } from '../http/contract.ts';
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
      officer: c.officer,
      status: c.status,
      statusLabel: service.CASE_STATUS_LABEL[c.status],
      closedOn: c.closedOn,
      version: c.version,
      links: await service.caseLinks(db, c.id),
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
        summary: 'Registrera ett nytt ärende; nästa diarienummer för året och serien tilldelas, eller det nummer ärendet redan har (caseNumber)',
        body: {
          type: 'object',
          properties: {
            title: { type: 'string', minLength: 1, maxLength: 2000 },
            series: { type: 'string', maxLength: 10 },
            registeredOn: isoDate,
            caseNumber: { type: 'string', maxLength: 20 },
            officer: { type: 'string', maxLength: 300, nullable: true },
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

  const caseParam = { type: 'object', properties: { caseNumber: { type: 'string', maxLength: 20 } }, required: ['caseNumber'] } as const;

  app.put<{ Params: { caseNumber: string }; Body: UpdateCaseRequest }>(
    '/api/cases/:caseNumber',
    {
      config: { permission: 'case.register' },
      schema: {
        tags: ['Diarium'],
        summary: 'Ändra ärendemening, handläggare eller status (öppet, vilande, avslutat)',
        params: caseParam,
        body: {
          type: 'object',
          required: ['version'],
          additionalProperties: false,
          properties: {
            version: { type: 'integer', minimum: 1, maximum: 2147483647 },
            title: { type: 'string', minLength: 1, maxLength: 2000 },
            officer: { type: 'string', maxLength: 300, nullable: true },
            status: { type: 'string', enum: ['open', 'dormant', 'closed'] },
            closedOn: { ...isoDate, nullable: true },
          },
        },
        response: errorReplies,
      },
    },
    async (req) => detail(await service.updateCase(db, actorOf(req), req.params.caseNumber, req.body)),
  );

  app.post<{ Params: { caseNumber: string }; Body: { caseNumber: string; kind: 'extends' | 'related' } }>(
    '/api/cases/:caseNumber/links',
    {
      config: { permission: 'case.register' },
      schema: {
        tags: ['Diarium'],
        summary: 'Länka ärendet till ett annat: en fortsättning (förlängning, ändring) på det eller relaterat',
        params: caseParam,
        body: {
          type: 'object',
          required: ['caseNumber', 'kind'],
          additionalProperties: false,
          properties: { caseNumber: { type: 'string', minLength: 1, maxLength: 20 }, kind: { type: 'string', enum: ['extends', 'related'] } },
        },
        response: errorReplies,
      },
    },
    async (req, reply) => reply.status(201).send(await service.linkCases(db, actorOf(req), req.params.caseNumber, req.body)),
  );

  app.delete<{ Params: { caseNumber: string; other: string } }>(
    '/api/cases/:caseNumber/links/:other',
    {
      config: { permission: 'case.register' },
      schema: {
        tags: ['Diarium'],
        summary: 'Ta bort länken mellan två ärenden',
        params: { type: 'object', properties: { caseNumber: { type: 'string', maxLength: 20 }, other: { type: 'string', maxLength: 20 } }, required: ['caseNumber', 'other'] },
        response: errorReplies,
      },
    },
    async (req) => service.unlinkCases(db, actorOf(req), req.params.caseNumber, req.params.other),
  );
}

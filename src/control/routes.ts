/** HTTP for the internal control plan (signed-in staff only). */
import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/index.ts';
import { errorReplies, idParam } from '../http/schemas.ts';
import { actorOf } from '../http/actor.ts';
import { XLSX_MEDIA_TYPE } from '../kernel/xlsx.ts';
import * as service from './service.ts';
import { STATUSES } from './model.ts';

const TAGS = ['Internkontroll'];
const scale = { type: 'integer', minimum: 1, maximum: 4, nullable: true } as const;
const text = (max: number) => ({ type: 'string', maxLength: max, nullable: true }) as const;
const riskBody = {
  type: 'object',
  required: ['area', 'risk', 'probability', 'consequence'],
  additionalProperties: false,
  properties: {
    area: { type: 'string', maxLength: 100 }, risk: { type: 'string', maxLength: 2000 }, probability: scale, consequence: scale,
    owner: { type: 'string', maxLength: 200, nullable: true, description: 'riskägaren; utelämnad: oförändrad' },
    residualProbability: { ...scale, description: 'restrisk efter åtgärderna: sannolikhet 1–4; utelämnad: oförändrad' },
    residualConsequence: { ...scale, description: 'restrisk efter åtgärderna: konsekvens 1–4; utelämnad: oförändrad' },
  },
} as const;
const actionProps = {
  text: { type: 'string', maxLength: 2000 },
  regionWide: { type: 'boolean' },
  status: { type: 'string', enum: [...STATUSES, null], nullable: true },
  comment: text(5000),
  effect: text(5000),
  effective: { type: 'boolean', nullable: true },
  responsible: text(200),
} as const;
const version = { type: 'integer', minimum: 1, maximum: 2147483647 } as const;
const replies = { ...errorReplies, 409: errorReplies[400], 422: errorReplies[400] };

export function controlRoutes(app: FastifyInstance, db: Db) {
  app.get(
    '/api/control/plans',
    { config: { permission: 'control.read' }, schema: { tags: TAGS, summary: 'Internkontrollplanerna' } },
    async (req) => service.listPlans(db, actorOf(req)),
  );

  app.get<{ Params: { id: number } }>(
    '/api/control/plans/:id',
    { config: { permission: 'control.read' }, schema: { tags: TAGS, summary: 'En plan: risker per område, åtgärder med status och riskmatrisen (sannolikhet × konsekvens)', params: idParam, response: errorReplies } },
    async (req) => service.getPlan(db, actorOf(req), req.params.id),
  );

  app.get<{ Params: { id: number } }>(
    '/api/control/plans/:id.xlsx',
    {
      config: { permission: 'control.read' },
      schema: { tags: TAGS, summary: 'Planen som Excel-arbetsbok: risker, åtgärder och riskmatrisen (antal som tal, summor som formler)', params: idParam, response: errorReplies },
    },
    async (req, reply) => {
      const { year, file } = await service.planXlsx(db, actorOf(req), req.params.id);
      return reply.type(XLSX_MEDIA_TYPE).header('content-disposition', `attachment; filename="internkontrollplan-${year}.xlsx"`).send(file);
    },
  );

  app.get<{ Params: { year: number } }>(
    '/api/control/years/:year',
    {
      config: { permission: 'control.read' },
      schema: {
        tags: TAGS,
        summary: 'Årets internkontrollplaner med uppföljningen (avsnittet i delårsrapporten och verksamhetsberättelsen)',
        params: { type: 'object', required: ['year'], properties: { year: { type: 'integer', minimum: 1900, maximum: 2100 } } },
        response: errorReplies,
      },
    },
    async (req) => service.followUpOfYear(db, actorOf(req), req.params.year),
  );

  app.post<{ Params: { id: number } }>(
    '/api/control/plans/:id/carry-over',
    {
      config: { permission: 'control.edit' },
      schema: { tags: TAGS, summary: 'För över planens öppna risker och åtgärder till nästa års plan (en gång; länkade till ursprunget)', params: idParam, response: replies },
    },
    async (req, reply) => reply.status(201).send(await service.carryOver(db, actorOf(req), req.params.id)),
  );

  app.post<{ Body: service.PlanImportInput }>(
    '/api/control/imports',
    {
      config: { permission: 'control.edit' },
      schema: {
        tags: TAGS,
        summary: 'Läs in internkontrollplanen ur texten till en delårsrapport eller verksamhetsberättelse (avsnittet Internkontrollplan)',
        body: {
          type: 'object',
          required: ['fileName', 'text', 'year'],
          additionalProperties: false,
          properties: { fileName: { type: 'string', maxLength: 255 }, text: { type: 'string', maxLength: 1_000_000 }, year: { type: 'integer', minimum: 1, maximum: 9999, description: 'planens år, 1900–2100' }, title: text(300) },
        },
        response: replies,
      },
    },
    async (req, reply) => {
      const r = await service.importPlan(db, actorOf(req), req.body);
      return reply.status(r.created ? 201 : 200).send(r);
    },
  );

  app.post<{ Params: { id: number }; Body: service.RiskInput }>(
    '/api/control/plans/:id/risks',
    { config: { permission: 'control.edit' }, schema: { tags: TAGS, summary: 'Lägg till en risk i planen', params: idParam, body: riskBody, response: replies } },
    async (req, reply) => reply.status(201).send(await service.addRisk(db, actorOf(req), req.params.id, req.body)),
  );

  app.put<{ Params: { id: number }; Body: service.RiskInput & { version: number } }>(
    '/api/control/risks/:id',
    {
      config: { permission: 'control.edit' },
      schema: {
        tags: TAGS,
        summary: 'Ändra en risk och dess bedömning (sannolikhet och konsekvens 1–4)',
        params: idParam,
        body: { ...riskBody, required: [...riskBody.required, 'version'], properties: { ...riskBody.properties, version } },
        response: replies,
      },
    },
    async (req) => service.updateRisk(db, actorOf(req), req.params.id, req.body),
  );

  app.post<{ Params: { id: number }; Body: service.ActionInput }>(
    '/api/control/risks/:id/actions',
    {
      config: { permission: 'control.edit' },
      schema: { tags: TAGS, summary: 'Lägg till en åtgärd mot risken', params: idParam, body: { type: 'object', required: ['text'], additionalProperties: false, properties: actionProps }, response: replies },
    },
    async (req, reply) => reply.status(201).send(await service.addAction(db, actorOf(req), req.params.id, req.body)),
  );

  app.put<{ Params: { id: number }; Body: service.ActionInput & { version: number } }>(
    '/api/control/actions/:id',
    {
      config: { permission: 'control.edit' },
      schema: {
        tags: TAGS,
        summary: 'Ändra en åtgärd: status (Pågående, Avvikelse, Avslutad, Ej genomförd), kommentar och om den haft effekt',
        params: idParam,
        body: { type: 'object', required: ['text', 'version'], additionalProperties: false, properties: { ...actionProps, version } },
        response: replies,
      },
    },
    async (req) => service.updateAction(db, actorOf(req), req.params.id, req.body),
  );
}

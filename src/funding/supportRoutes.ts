/**
 * HTTP: the business-support register (issue 16.6): the filtered register
 * with sums, one row, manual entry and correction, the import of the national
 * system's export (preview, then confirmation), and the list for the
 * delegation's redovisning (CSV, PDF). The older GET /api/business-support
 * (period only) stays in publish/routes.ts.
 */
import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/index.ts';
import { DomainError } from '../kernel/errors.ts';
import { errorReplies, idParam, isoDate } from '../http/schemas.ts';
import { actorOf } from '../http/actor.ts';
import { naturalPersonsChanged } from '../publish/publicEdge.ts';
import * as service from './supportService.ts';
import { MAX_IMPORT_FILE_BYTES } from './supportImport.ts';

const TAGS = ['Företagsstöd'];
const replies = { ...errorReplies, 409: errorReplies[400], 413: errorReplies[400], 415: errorReplies[400], 422: errorReplies[400] } as const;
const text = (maxLength: number, nullable = false) => ({ type: 'string', maxLength, ...(nullable ? { nullable: true } : {}) }) as const;
const override = { type: 'object', nullable: true, required: ['reason'], additionalProperties: false, properties: { reason: text(2000) } } as const;

const entry = {
  type: 'object',
  required: ['supportType', 'company', 'municipality', 'decider', 'decidedOn', 'rejected'],
  additionalProperties: false,
  properties: {
    nypsId: text(40, true),
    caseNumber: text(40, true),
    supportType: text(200),
    company: text(300),
    naturalPerson: { type: 'boolean', nullable: true, description: 'Fysisk person (enskild firma); utelämnat: härlett ur namnet' },
    sector: text(300, true),
    gender: { type: 'string', enum: ['K', 'M'], nullable: true, description: 'K, M eller null (blandat eller ej angivet)' },
    municipality: text(100),
    decidedOn: { ...isoDate, nullable: true },
    rejected: { type: 'boolean' },
    amountOre: { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER, nullable: true, description: 'öre' },
    rejectionReason: text(2000, true),
    decider: text(200),
    version: { type: 'integer', minimum: 1, maximum: 2147483647 },
    override,
  },
} as const;

const file = {
  fileName: { type: 'string', minLength: 1, maxLength: 300 },
  fileBase64: { type: 'string', minLength: 1, description: 'Filen (CSV eller xlsx) i base64' },
} as const;

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
function bytesOf(b64: string): Uint8Array {
  const s = b64.replace(/\s+/g, '');
  if (s.length % 4 === 1 || !BASE64.test(s)) throw new DomainError('invalid-request', 'Ogiltig begäran: fileBase64 ska vara filens innehåll i base64.');
  return Buffer.from(s, 'base64');
}

export function supportRoutes(app: FastifyInstance, db: Db): void {
  app.get<{ Querystring: service.RegisterFilter }>(
    '/api/business-support/decisions',
    {
      schema: {
        tags: TAGS,
        summary: 'Företagsstödsregistret filtrerat på år, stöd, kommun, kön och beslut, med summor (fysiska personers namn maskas för allmänheten)',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            from: isoDate,
            to: isoDate,
            year: { type: 'integer', minimum: 2000, maximum: 2100 },
            supportType: text(200),
            municipality: text(100),
            gender: { type: 'string', enum: ['K', 'M', 'none'] },
            outcome: { type: 'string', enum: ['granted', 'rejected'] },
          },
        },
        response: errorReplies,
      },
    },
    async (req) => service.register(db, actorOf(req), req.query),
  );

  app.get<{ Params: { id: number } }>(
    '/api/business-support/decisions/:id',
    { config: { permission: 'funding.read' }, schema: { tags: TAGS, summary: 'En rad i företagsstödsregistret med dess åtagande mot anslaget 1:1', params: idParam, response: errorReplies } },
    async (req) => service.getEntry(db, actorOf(req), req.params.id),
  );

  app.post<{ Body: service.EntryRequest }>(
    '/api/business-support/decisions',
    {
      config: { permission: 'funding.edit' },
      schema: { tags: TAGS, summary: 'Registrera ett beslut om företagsstöd för hand (ett beviljat stöd binder anslaget 1:1, företagsstöd)', body: entry, response: replies },
    },
    async (req, reply) => {
      const r = await service.createEntry(db, actorOf(req), req.body);
      naturalPersonsChanged(db);
      return reply.status(201).send(r);
    },
  );

  app.put<{ Params: { id: number }; Body: service.EntryRequest }>(
    '/api/business-support/decisions/:id',
    {
      config: { permission: 'funding.edit' },
      schema: { tags: TAGS, summary: 'Rätta en rad i företagsstödsregistret (ange radens version); åtagandet mot anslaget följer med', params: idParam, body: entry, response: replies },
    },
    async (req) => {
      const r = await service.updateEntry(db, actorOf(req), req.params.id, req.body);
      naturalPersonsChanged(db);
      return r;
    },
  );

  const bodyLimit = Math.ceil((MAX_IMPORT_FILE_BYTES * 4) / 3) + 64 * 1024;

  app.post<{ Body: { fileName: string; fileBase64: string } }>(
    '/api/business-support/imports/preview',
    {
      bodyLimit,
      config: { permission: 'funding.edit' },
      schema: {
        tags: TAGS,
        summary: 'Förhandsgranska en inläsning av det nationella systemets export (CSV eller xlsx): vad som skapas, uppdateras eller vägras, rad för rad; inget sparas',
        body: { type: 'object', required: ['fileName', 'fileBase64'], additionalProperties: false, properties: file },
        response: replies,
      },
    },
    async (req) => service.previewImport(db, actorOf(req), req.body.fileName, bytesOf(req.body.fileBase64)),
  );

  app.post<{ Body: { fileName: string; fileBase64: string; digest: string; override?: { reason: string } | null } }>(
    '/api/business-support/imports',
    {
      bodyLimit,
      config: { permission: 'funding.edit' },
      schema: {
        tags: TAGS,
        summary: 'Bekräfta en förhandsgranskad inläsning: allt eller inget sparas; vägrade rader redovisas med skäl',
        body: {
          type: 'object',
          required: ['fileName', 'fileBase64', 'digest'],
          additionalProperties: false,
          properties: { ...file, digest: { type: 'string', pattern: '^[0-9a-f]{64}$', description: 'Förhandsgranskningens digest' }, override },
        },
        response: replies,
      },
    },
    async (req, reply) => {
      const r = await service.confirmImport(db, actorOf(req), { fileName: req.body.fileName, bytes: bytesOf(req.body.fileBase64), digest: req.body.digest, override: req.body.override ?? null });
      naturalPersonsChanged(db);
      return reply.status(201).send(r);
    },
  );

  app.get<{ Querystring: { from: string; to: string; format?: 'json' | 'csv' | 'pdf' } }>(
    '/api/business-support/delegation-report',
    {
      config: { permission: 'funding.read' },
      schema: {
        tags: TAGS,
        summary: 'Företagsstöd beslutade under en period, för delegationens redovisning till nämnden (JSON, CSV eller PDF)',
        querystring: {
          type: 'object',
          required: ['from', 'to'],
          additionalProperties: false,
          properties: { from: isoDate, to: isoDate, format: { type: 'string', enum: ['json', 'csv', 'pdf'] } },
        },
        response: errorReplies,
      },
    },
    async (req, reply) => {
      const list = await service.delegationList(db, actorOf(req), req.query.from, req.query.to);
      const name = `foretagsstod-${list.from}-${list.to}`;
      if (req.query.format === 'csv') {
        return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}.csv"`).send(service.delegationCsv(list));
      }
      if (req.query.format === 'pdf') {
        return reply.type('application/pdf').header('content-disposition', `inline; filename="${name}.pdf"`).send(Buffer.from(await service.delegationPdf(list)));
      }
      return list;
    },
  );
}

/**
 * HTTP for attachments (multipart upload, list, download, delete), briefing
 * memos (JSON, PDF preview) and the kallelse book (build job with progress,
 * download, versions, what changed, sent).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import type { Db } from '../db/index.ts';
import { authorize, can, type Permission } from '../access/model.ts';
import { DomainError } from '../kernel/errors.ts';
import { actorOf } from '../http/actor.ts';
import { sendFile } from '../http/files.ts';
import { errorReplies, errorSchema, idParam } from '../http/schemas.ts';
import { MEMO_SECTIONS } from './model.ts';
import type { Received } from './files.ts';
import * as service from './service.ts';
import { indexSoon } from '../publish/search.ts';
import type { SaveMemoRequest } from './types.ts';

const TAGS = ['Handlingar'];
const int = { type: 'integer', minimum: 1, maximum: 2147483647 } as const;
const text = (max: number) => ({ type: 'string', maxLength: max, nullable: true }) as const;
const versionParams = { type: 'object', properties: { id: int, version: int }, required: ['id', 'version'] } as const;
const replies = {
  ...errorReplies,
  401: { ...errorSchema, description: 'Inte inloggad' },
  403: { ...errorSchema, description: 'Saknar behörighet' },
  409: { ...errorSchema, description: 'Någon annan har ändrat (gammal version)' },
  413: { ...errorSchema, description: 'Filen är för stor' },
  415: { ...errorSchema, description: 'Inte en PDF, eller inte multipart/form-data' },
  422: { ...errorSchema, description: 'Skadad, krypterad eller ofullständig handling' },
};
const logError = (req: FastifyRequest) => (err: unknown, meetingId: number) => req.log.error({ err, meetingId }, 'kallelse build failed');

/** Refuses the public and roles without the permission before anything is read from the request (the services check again). */
const requires = (permission: Permission) => ({
  onRequest: async (req: FastifyRequest) => authorize(actorOf(req), permission),
});

const memoBody = {
  type: 'object',
  additionalProperties: false,
  description: `Avsnitten i mallens ordning: ${MEMO_SECTIONS.map((s) => `${s.heading}${s.required ? ' (obligatoriskt)' : ''}`).join(', ')}. Förslag till beslut hämtas från punktens att-satser.`,
  properties: {
    version: { ...int, description: 'Versionen du ändrade (för att upptäcka samtidiga ändringar)' },
    unit: { ...text(200), description: 'Tjänsteställe, t.ex. "Ekonomi"' },
    officer: { ...text(200), description: 'Handläggare, t.ex. "Helena Torége"' },
    title: { ...text(500), description: 'Rubrik; punktens rubrik om den utelämnas' },
    summary: { ...text(20000), description: 'Sammanfattning' },
    description: { ...text(50000), description: 'Ärendebeskrivning' },
    assessment: { ...text(50000), description: 'Bedömning' },
    consequences: { ...text(20000), description: 'Konsekvenser för miljö-, barn- och jämställdhetsperspektiven' },
    economy: { ...text(20000), description: 'Ekonomiska konsekvenser' },
    followUp: { ...text(20000), description: 'Uppföljning' },
    decisionBasis: { type: 'array', maxItems: 50, items: { type: 'string', maxLength: 500 }, nullable: true, description: 'Beslutsunderlag' },
    signatory: {
      type: 'object',
      nullable: true,
      additionalProperties: false,
      properties: { name: text(200), title: text(200) },
      description: 'Underskrift: namn och titel',
    },
    sendTo: { type: 'array', maxItems: 50, items: { type: 'string', maxLength: 300 }, nullable: true, description: 'Skickas till' },
  },
} as const;

export function documentRoutes(app: FastifyInstance, db: Db, cfg: service.DocumentsConfig = service.configFromEnv()) {
  service.useConfig(db, cfg);
  app.register(async (scope) => {
    await scope.register(multipart, { limits: { fileSize: cfg.fileLimitBytes, files: 1, fields: 10, fieldSize: 1000, parts: 12 }, throwFileSizeLimit: false });
    documentScope(scope, db, cfg);
  });
}

async function receiveUpload(req: FastifyRequest, db: Db, cfg: service.DocumentsConfig, itemId: number) {
  await service.prepareUpload(db, actorOf(req), itemId);
  if (!req.isMultipart()) {
    throw new DomainError('multipart-required', 'Skicka filen som multipart/form-data med fältet "file".', { status: 415 });
  }
  const fields: Record<string, string> = {};
  let file: { fileName: string; received: Received } | null = null;
  try {
    for await (const part of req.parts()) {
      if (part.type === 'file') {
        if (file) {
          part.file.resume();
          continue;
        }
        const received = await cfg.files.receive(part.file, cfg.fileLimitBytes);
        file = { fileName: part.filename, received: { ...received, truncated: received.truncated || part.file.truncated } };
      } else if (typeof part.value === 'string') {
        fields[part.fieldname] = part.value;
      }
    }
  } catch (e) {
    if (file) await cfg.files.discard(file.received.tmpPath);
    if (e instanceof DomainError) throw e;
    const code = (e as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') {
      throw new DomainError('file-too-large', `Filen är för stor: högst ${Math.round(cfg.fileLimitBytes / 1024 / 1024)} MB kan bifogas.`, { status: 413 });
    }
    throw new DomainError('bad-upload', 'Uppladdningen kunde inte läsas (avbruten eller felaktig multipart-begäran). Försök igen.', { status: 400 });
  }
  if (!file) throw new DomainError('file-required', 'Ingen fil kom med i uppladdningen: skicka PDF-filen i fältet "file".');
  const basis = fields.decisionBasisId?.trim();
  let decisionBasisId: number | null = null;
  if (basis) {
    if (!/^\d{1,9}$/.test(basis)) {
      await cfg.files.discard(file.received.tmpPath);
      throw new DomainError('invalid-request', 'Ogiltig begäran: fältet decisionBasisId ska vara ett heltal.');
    }
    decisionBasisId = Number(basis);
  }
  return { ...file, title: fields.title ?? null, decisionBasisId };
}

function documentScope(app: FastifyInstance, db: Db, cfg: service.DocumentsConfig) {
  // ── Attachments ──
  app.post<{ Params: { id: number } }>(
    '/api/agenda-items/:id/attachments',
    {
      ...requires('case.register'),
      schema: {
        tags: TAGS,
        summary: 'Ladda upp en PDF till punktens beslutsunderlag',
        description: `multipart/form-data med fälten file (PDF, högst ${Math.round(cfg.fileLimitBytes / 1024 / 1024)} MB), title (valfri rubrik) och decisionBasisId (valfritt: det beslutsunderlag i föredragningslistan som filen är). Tomma, krypterade, skadade och andra filer än PDF avvisas och ingenting sparas.`,
        consumes: ['multipart/form-data'],
        params: idParam,
        response: replies,
      },
    },
    async (req, reply) => {
      const upload = await receiveUpload(req, db, cfg, req.params.id);
      const view = await service.uploadAttachment(db, actorOf(req), cfg, req.params.id, upload);
      indexSoon(db, cfg.files); // the PDF's text, through the search queue
      return reply.status(201).send(view);
    },
  );

  app.get<{ Params: { id: number } }>(
    '/api/agenda-items/:id/attachments',
    { schema: { tags: TAGS, summary: 'Punktens bilagor (uppladdade PDF-filer) i ordning', params: idParam, response: errorReplies } },
    async (req) => service.listAttachments(db, req.params.id, actorOf(req)),
  );

  app.get<{ Params: { id: number } }>(
    '/api/attachments/:id/file',
    { schema: { tags: TAGS, summary: 'Hämta en bilaga (PDF)', params: idParam, response: { 404: errorReplies[404] } } },
    async (req, reply) => {
      const { attachment, path } = await service.attachmentFile(db, actorOf(req), cfg, req.params.id);
      return sendFile(req, reply, { path, fileName: attachment.fileName, sha256: attachment.sha256 });
    },
  );

  app.delete<{ Params: { id: number }; Querystring: { version?: number } }>(
    '/api/attachments/:id',
    {
      ...requires('case.register'),
      schema: {
        tags: TAGS,
        summary: 'Ta bort en bilaga från punkten',
        params: idParam,
        querystring: { type: 'object', additionalProperties: false, properties: { version: int } },
        response: replies,
      },
    },
    async (req, reply) => {
      await service.deleteAttachment(db, actorOf(req), req.params.id, req.query.version);
      indexSoon(db, cfg.files);
      return reply.status(204).send();
    },
  );

  // ── Briefing memos ──
  app.put<{ Params: { id: number }; Body: SaveMemoRequest }>(
    '/api/agenda-items/:id/memo',
    { ...requires('case.register'), schema: { tags: TAGS, summary: 'Spara punktens föredragnings-PM (FöredragningsPM)', params: idParam, body: memoBody, response: replies } },
    async (req) => service.saveMemo(db, actorOf(req), req.params.id, req.body),
  );

  app.get<{ Params: { id: number } }>(
    '/api/agenda-items/:id/memo',
    { schema: { tags: TAGS, summary: 'Punktens föredragnings-PM', params: idParam, response: errorReplies } },
    async (req) => service.getMemo(db, req.params.id, actorOf(req)),
  );

  app.get<{ Params: { id: number } }>(
    '/api/agenda-items/:id/memo.pdf',
    { schema: { tags: TAGS, summary: 'Föredragnings-PM:et som PDF (förhandsgranskning)', params: idParam, response: { 404: errorReplies[404] } } },
    async (req, reply) => {
      const { pdf, fileName } = await service.memoPdf(db, req.params.id, actorOf(req));
      return sendFile(req, reply, { bytes: pdf, fileName });
    },
  );

  app.delete<{ Params: { id: number } }>(
    '/api/agenda-items/:id/memo',
    { ...requires('case.register'), schema: { tags: TAGS, summary: 'Ta bort punktens föredragnings-PM', params: idParam, response: replies } },
    async (req, reply) => {
      await service.deleteMemo(db, actorOf(req), req.params.id);
      return reply.status(204).send();
    },
  );

  // ── The kallelse book ──
  app.get<{ Params: { id: number } }>(
    '/api/meetings/:id/kallelse',
    {
      schema: {
        tags: TAGS,
        summary: 'Kallelsens versioner, om den senaste är aktuell, och vad en ny version skulle ändra',
        params: idParam,
        response: errorReplies,
      },
    },
    async (req) => service.bookStatus(db, actorOf(req), req.params.id),
  );

  app.post<{ Params: { id: number } }>(
    '/api/meetings/:id/kallelse',
    {
      ...requires('agenda.edit'),
      schema: {
        tags: TAGS,
        summary: 'Bygg kallelsen (kallelse, föredragningslista, avdelare och handlingar) i bakgrunden; följ förloppet via jobbet',
        params: idParam,
        response: { 202: { type: 'object', additionalProperties: true }, ...replies },
      },
    },
    async (req, reply) => {
      const job = await service.startBookBuild(db, actorOf(req), cfg, req.params.id, logError(req));
      return reply.status(202).header('location', `/api/meetings/${req.params.id}/kallelse/jobs/${job.jobId}`).send(job);
    },
  );

  app.get<{ Params: { id: number; jobId: string } }>(
    '/api/meetings/:id/kallelse/jobs/:jobId',
    {
      schema: {
        tags: TAGS,
        summary: 'Förloppet för ett bygge av kallelsen: fas, klara sidor av totalt, resultat eller fel',
        params: { type: 'object', properties: { id: int, jobId: { type: 'string', maxLength: 64 } }, required: ['id', 'jobId'] },
        response: errorReplies,
      },
    },
    async (req) => service.bookJob(db, actorOf(req), req.params.id, req.params.jobId),
  );

  app.get<{ Params: { id: number } }>(
    '/api/meetings/:id/kallelse.pdf',
    {
      schema: {
        tags: TAGS,
        summary: 'Kallelsen som PDF: för nämndsekreteraren byggs en ny version om föredragningslistan har ändrats, andra får den senaste versionen',
        params: idParam,
        response: { 404: errorReplies[404] },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      if (can(actor, 'agenda.edit')) await service.ensureBook(db, actor, cfg, req.params.id, logError(req));
      const v = await service.bookVersion(db, actor, cfg, req.params.id);
      reply.header('x-kallelse-version', v.version.version);
      return sendFile(req, reply, { path: v.path, fileName: v.fileName, sha256: v.version.sha256 });
    },
  );

  app.get<{ Params: { id: number; version: number } }>(
    '/api/meetings/:id/kallelse/versions/:version/file',
    { schema: { tags: TAGS, summary: 'En viss version av kallelsen som PDF', params: versionParams, response: { 404: errorReplies[404] } } },
    async (req, reply) => {
      const v = await service.bookVersion(db, actorOf(req), cfg, req.params.id, req.params.version);
      reply.header('x-kallelse-version', v.version.version);
      return sendFile(req, reply, { path: v.path, fileName: v.fileName, sha256: v.version.sha256 });
    },
  );

  app.get<{ Params: { id: number }; Querystring: { from?: number; to?: number } }>(
    '/api/meetings/:id/kallelse/diff',
    {
      schema: {
        tags: TAGS,
        summary: 'Vad som ändrats mellan två versioner av kallelsen: punkter tillagda, borttagna och ändrade',
        params: idParam,
        querystring: { type: 'object', additionalProperties: false, properties: { from: int, to: int } },
        response: errorReplies,
      },
    },
    async (req) => service.diffBookVersions(db, actorOf(req), req.params.id, req.query),
  );

  app.post<{ Params: { id: number; version: number } }>(
    '/api/meetings/:id/kallelse/versions/:version/sent',
    { ...requires('agenda.edit'), schema: { tags: TAGS, summary: 'Markera en version av kallelsen som utskickad', params: versionParams, response: replies } },
    async (req) => service.markBookSent(db, actorOf(req), req.params.id, req.params.version),
  );
}

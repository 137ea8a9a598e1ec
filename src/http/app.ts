/** The Fastify application: every module's routes, Swedish errors, OpenAPI at /api/docs, the built UI. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import type { Db } from '../db/index.ts';
import { errorHandler } from './errors.ts';
import { caseRoutes } from '../diarium/routes.ts';
import { meetingRoutes } from '../meetings/routes.ts';
import { importRoutes } from '../importer/routes.ts';
import { searchRoutes } from '../publish/routes.ts';
import { opendataRoutes } from '../publish/opendataRoutes.ts';
import { minutesRoutes } from '../minutes/routes.ts';
import { accessRoutes } from '../access/routes.ts';
import { oidcSettingsFromEnv, type OidcSettings } from '../access/oidc.ts';
import { authorize, type Permission } from '../access/model.ts';
import { actorOf } from './actor.ts';
import { delegationRoutes } from '../delegation/routes.ts';
import { documentRoutes } from '../documents/routes.ts';

declare module 'fastify' {
  interface FastifyInstance {
    routeList: Array<{ method: string; url: string }>;
  }
  interface FastifyContextConfig {
    /** The permission a route needs; checked before validation, and again by the service. */
    permission?: Permission;
  }
}

export const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');

export interface AppOptions {
  db: Db;
  logger?: boolean;
  webDist?: string;
  /** OpenID Connect settings; default from the environment (OIDC_ISSUER …), null to turn it off. */
  oidc?: OidcSettings | null;
}

export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger ? { level: process.env.LOG_LEVEL ?? 'info' } : false,
    bodyLimit: 1024 * 1024,
    ajv: { customOptions: { allErrors: false, coerceTypes: 'array', removeAdditional: false } },
  });
  app.setErrorHandler(errorHandler);
  // Every route, for the role × route test and for operators.
  const routes: Array<{ method: string; url: string }> = [];
  app.decorate('routeList', routes);
  app.addHook('onRoute', (r) => {
    for (const method of [r.method].flat()) if (method !== 'HEAD') routes.push({ method, url: r.url });
  });

  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Styrbord API',
        description: 'Ärenden, nämnder, sammanträden och föredragningslistor för Region Örebro län. Fel besvaras med 4xx och ett svenskt meddelande: { "error": { "code", "message" } }.',
        version: '0.1.0',
      },
      tags: [
        { name: 'Diarium', description: 'Ärenden och diarienummer' },
        { name: 'Sammanträden', description: 'Nämnder, ledamöter, sammanträden och föredragningslistor' },
        { name: 'Import', description: 'Inläsning av kallelser' },
        { name: 'Sök', description: 'Sökning' },
        { name: 'Protokoll', description: 'Protokoll, justering, anslag och expediering' },
        { name: 'Behörighet', description: 'Inloggning, användare och granskningslogg' },
        { name: 'Delegation', description: 'Delegationsordning, delegationsbeslut och redovisning' },
      ],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  await accessRoutes(app, opts.db, opts.oidc === undefined ? oidcSettingsFromEnv() : opts.oidc);
  app.addHook('preValidation', async (req) => {
    const permission = req.routeOptions.config.permission;
    if (permission) authorize(actorOf(req), permission);
  });
  app.get('/api/health', { schema: { hide: true } }, async () => {
    await opts.db.kysely.selectFrom('schema_migrations').select('id').limit(1).execute();
    return { ok: true, database: opts.db.kind };
  });
  caseRoutes(app, opts.db);
  meetingRoutes(app, opts.db);
  importRoutes(app, opts.db);
  searchRoutes(app, opts.db);
  opendataRoutes(app, opts.db);
  minutesRoutes(app, opts.db);
  delegationRoutes(app, opts.db);
  documentRoutes(app, opts.db);

  const webDist = opts.webDist ?? WEB_DIST;
  const hasUi = existsSync(path.join(webDist, 'index.html'));
  if (hasUi) {
    await app.register(fastifyStatic, { root: webDist, wildcard: true, index: 'index.html' });
  }
  app.setNotFoundHandler((req, reply) => {
    const accepts = req.headers.accept ?? '';
    if (req.url.startsWith('/api/') || req.method !== 'GET' || !accepts.includes('text/html')) {
      return reply.status(404).send({ error: { code: 'not-found', message: `Adressen ${req.url.slice(0, 100)} finns inte.` } });
    }
    if (!hasUi) {
      return reply.status(503).type('text/plain; charset=utf-8').send('Webbgränssnittet är inte byggt: kör npm start (som bygger det) eller npm run build:web.');
    }
    // The UI routes on the client: every page address gets the app.
    return reply.type('text/html; charset=utf-8').sendFile('index.html');
  });
  return app;
}

/** The Fastify application: every module's routes, Swedish errors, OpenAPI at /api/docs, the built UI. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import type { Db } from '../db/index.ts';
import { errorHandler } from './errors.ts';
import { baselineHeaders, publicBaseUrl, securityHeaders } from './headers.ts';
import { DomainError } from '../kernel/errors.ts';
import { caseRoutes } from '../diarium/routes.ts';
import { meetingRoutes } from '../meetings/routes.ts';
import { calendarRoutes } from '../meetings/calendarRoutes.ts';
import { agendaRoutes } from '../meetings/agendaRoutes.ts';
import { sendingRoutes } from '../meetings/sendingRoutes.ts';
import { memberRoutes } from '../meetings/memberRoutes.ts';
import { overviewRoutes } from '../meetings/overviewRoutes.ts';
import { memoRoutes } from '../documents/memoRoutes.ts';
import { importRoutes } from '../importer/routes.ts';
import { searchRoutes } from '../publish/routes.ts';
import { oparlRoutes } from '../publish/oparlRoutes.ts';
import { minutesRoutes } from '../minutes/routes.ts';
import { motionRoutes } from '../minutes/motionRoutes.ts';
import { remissRoutes } from '../remiss/routes.ts';
import { attendanceRoutes } from '../minutes/attendanceRoutes.ts';
import { dispatchRoutes } from '../minutes/dispatchRoutes.ts';
import { supportRoutes } from '../funding/supportRoutes.ts';
import { archiveRoutes } from '../archive/routes.ts';
import { grantRoutes } from '../grants/routes.ts';
import { companyRoutes } from '../companies/routes.ts';
import { accessRoutes } from '../access/routes.ts';
import { firstRunRoutes } from '../access/firstRun.ts';
import { oidcSettingsFromEnv, type OidcSettings } from '../access/oidc.ts';
import { appealCourtFromEnv } from '../minutes/appealCourt.ts';
import { authorize, type Permission } from '../access/model.ts';
import { actorOf } from './actor.ts';
import { delegationRoutes } from '../delegation/routes.ts';
import { documentRoutes } from '../documents/routes.ts';
import { cofinancingRoutes } from '../funding/cofinancingRoutes.ts';
import { steeringRoutes } from '../steering/routes.ts';
import { kpiRoutes } from '../kpi/routes.ts';
import { controlRoutes } from '../control/routes.ts';
import { budgetRoutes } from '../budget/routes.ts';
import { stateReportRoutes } from '../funding/stateReportRoutes.ts';
import { registerPublicEdge } from '../publish/publicEdge.ts';
import { maskPersonalNumbers } from '../publish/mask.ts';

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
    // the router's own refusals (before any route or error handler): Swedish JSON like every other error
    frameworkErrors: (error, _req, reply) => {
      const tooLong = error.code === 'FST_ERR_MAX_PARAM_LENGTH';
      baselineHeaders(reply as FastifyReply); // no hook runs for these
      void (reply as FastifyReply).status(tooLong ? 414 : 400).send({
        error: tooLong
          ? { code: 'uri-too-long', message: 'Adressen är för lång: en del av den har fler än 100 tecken.' }
          : { code: 'bad-url', message: 'Adressen kunde inte tolkas (felaktig procentkodning).' },
      });
    },
  });
  // absolute URLs need PUBLIC_BASE_URL when the server is reachable from other machines: refuse to start without it
  publicBaseUrl();
  // helmet and the caching and file headers, before every route and plugin so they cover every reply
  await securityHeaders(app);
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
        { name: 'Medfinansiering', description: 'Regionalt utvecklingsstöd: ansökningar, beslut, förlängningar, utbetalningar och anslaget 1:1' },
        { name: 'Budget', description: 'Ramanslag, resursfördelningsmodell, föreningsbidrag och budgetuppföljning' },
        { name: 'Verksamhetsplan', description: 'Verksamhetsplaner: mål, styrtal, uppdrag, versioner och uppföljning' },
        { name: 'Nyckeltal', description: 'Nyckeltalsserier från Kolada, mål och måluppfyllelse' },
        { name: 'Internkontroll', description: 'Internkontrollplanen: risker, åtgärder och riskmatris' },
      ],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  appealCourtFromEnv(); // a wrongly set APPEAL_COURT_NAME/ADDRESS stops the start, not every notice later
  await accessRoutes(app, opts.db, opts.oidc === undefined ? oidcSettingsFromEnv() : opts.oidc);
  registerPublicEdge(app, opts.db); // personal data masked in every reply to the public (publish/publicEdge.ts)
  app.addHook('preValidation', async (req) => {
    const permission = req.routeOptions.config.permission;
    if (permission) authorize(actorOf(req), permission);
  });
  app.addHook('preValidation', async (req) => refuseUnstorableText({ body: req.body, query: req.query, params: req.params }));
  app.get('/api/health', { schema: { hide: true } }, async () => {
    await opts.db.kysely.selectFrom('schema_migrations').select('id').limit(1).execute();
    return { ok: true, database: opts.db.kind };
  });
  firstRunRoutes(app, opts.db);
  caseRoutes(app, opts.db);
  meetingRoutes(app, opts.db);
  calendarRoutes(app, opts.db);
  agendaRoutes(app, opts.db);
  sendingRoutes(app, opts.db);
  memberRoutes(app, opts.db);
  overviewRoutes(app, opts.db);
  memoRoutes(app, opts.db);
  importRoutes(app, opts.db);
  searchRoutes(app, opts.db);
  oparlRoutes(app, opts.db);
  minutesRoutes(app, opts.db);
  motionRoutes(app, opts.db);
  remissRoutes(app, opts.db);
  attendanceRoutes(app, opts.db);
  dispatchRoutes(app, opts.db);
  supportRoutes(app, opts.db);
  archiveRoutes(app, opts.db);
  grantRoutes(app, opts.db);
  companyRoutes(app, opts.db);
  delegationRoutes(app, opts.db);
  documentRoutes(app, opts.db);
  cofinancingRoutes(app, opts.db);
  steeringRoutes(app, opts.db);
  kpiRoutes(app, opts.db);
  controlRoutes(app, opts.db);
  budgetRoutes(app, opts.db);
  stateReportRoutes(app, opts.db);

  const webDist = opts.webDist ?? WEB_DIST;
  const hasUi = existsSync(path.join(webDist, 'index.html'));
  if (hasUi) {
    await app.register(fastifyStatic, { root: webDist, wildcard: true, index: 'index.html' });
  }
  app.setNotFoundHandler((req, reply) => {
    const accepts = req.headers.accept ?? '';
    if (req.url.startsWith('/api/') || req.method !== 'GET' || !accepts.includes('text/html')) {
      return reply.status(404).send({ error: { code: 'not-found', message: `Adressen ${maskPersonalNumbers(readableUrl(req.url).slice(0, 100))} finns inte.` } });
    }
    if (!hasUi) {
      return reply.status(503).type('text/plain; charset=utf-8').send('Webbgränssnittet är inte byggt: kör npm start (som bygger det) eller npm run build:web.');
    }
    // The UI routes on the client: every page address gets the app.
    return reply.type('text/html; charset=utf-8').sendFile('index.html');
  });
  return app;
}

/** The address as a person reads it (percent-decoding undone where it can be), so that masking sees "+" and spaces. */
function readableUrl(url: string): string {
  try {
    return decodeURIComponent(url);
  } catch {
    return url;
  }
}

/** NUL, and half of a surrogate pair: valid in JSON, but PostgreSQL cannot store them (text, jsonb). */
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Refuses a request whose strings PostgreSQL could not store, naming the field (iterative: bodies may nest deeply). */
function refuseUnstorableText(input: Record<string, unknown>): void {
  const stack: Array<[unknown, string]> = Object.entries(input).map(([k, v]) => [v, k]);
  while (stack.length > 0) {
    const [value, where] = stack.pop()!;
    if (typeof value === 'string') {
      const m = UNSTORABLE.exec(value);
      if (m) {
        const field = where.replace(/^(body|query|params)\.?/, '') || 'begäran';
        throw new DomainError(
          'invalid-character',
          `Fältet ${field.slice(0, 80)} innehåller ett tecken som inte kan sparas (${m[0] === '\u0000' ? 'NUL-tecknet U+0000' : 'ett ensamt UTF-16-surrogattecken'}). Ta bort det och försök igen.`,
        );
      }
    } else if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) stack.push([v, Array.isArray(value) ? `${where}[${k}]` : `${where}.${k}`]);
    }
  }
}

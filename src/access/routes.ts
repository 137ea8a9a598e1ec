/** HTTP for sign-in, sessions (HTTP-only cookie + CSRF token), users and the audit log. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import cookie from '@fastify/cookie';
import type { Db } from '../db/index.ts';
import { DomainError } from '../kernel/errors.ts';
import { errorReplies } from '../http/schemas.ts';
import { publicBaseUrl } from '../http/headers.ts';
import { actorOf } from '../http/actor.ts';
import { ROLES, type Role } from './model.ts';
import * as service from './service.ts';
import { OidcLogin, type OidcSettings } from './oidc.ts';
import { auditChainStatus } from '../ops/auditVerify.ts';

export const SESSION_COOKIE = 'styrbord_session';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Secure cookies over HTTPS (or always with COOKIE_SECURE=1); plain http://localhost in development works too. */
const secureFor = (req: FastifyRequest) => process.env.COOKIE_SECURE === '1' || req.protocol === 'https';

export async function accessRoutes(app: FastifyInstance, db: Db, oidcSettings: OidcSettings | null = null) {
  await app.register(cookie);
  app.decorateRequest('session', null);

  app.addHook('onRequest', async (req) => {
    req.session = await service.sessionFor(db, req.cookies[SESSION_COOKIE]);
    if (req.session && UNSAFE.has(req.method) && req.url !== '/api/session') {
      if (req.headers['x-csrf-token'] !== req.session.csrfToken) {
        throw new DomainError('csrf', 'Säkerhetstoken saknas eller är fel. Ladda om sidan och försök igen.', { status: 403 });
      }
    }
  });

  const sessionReply = (reply: FastifyReply, s: { user: service.UserView; csrfToken: string } | null) =>
    reply.send({ ...(s ? { user: s.user, csrfToken: s.csrfToken } : { user: null, csrfToken: null }), oidc: Boolean(oidcSettings) });

  const setSessionCookie = (req: FastifyRequest, reply: FastifyReply, token: string) =>
    reply.setCookie(SESSION_COOKIE, token, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax', // the identity provider sends the browser back with a top-level navigation
      secure: secureFor(req),
      maxAge: service.SESSION_HOURS * 3600,
    });

  const oidc = oidcSettings ? new OidcLogin(oidcSettings) : null;
  const OIDC_COOKIE = 'styrbord_oidc';
  const notConfigured = () => new DomainError('oidc-not-configured', 'Inloggning via regionens identitetstjänst är inte konfigurerad.', { status: 404 });
  const baseOf = (_req: FastifyRequest) => publicBaseUrl(); // never the request's Host header

  app.get<{ Querystring: { next?: string } }>(
    '/api/oidc/login',
    {
      schema: {
        tags: ['Behörighet'],
        summary: 'Logga in via regionens identitetstjänst (OpenID Connect)',
        querystring: { type: 'object', additionalProperties: false, properties: { next: { type: 'string', maxLength: 500 } } },
      },
    },
    async (req, reply) => {
      if (!oidc) throw notConfigured();
      const { url, key } = await oidc.start(req.query.next ?? "/", new URL("/api/oidc/callback", `${baseOf(req)}/`).href);
      reply.setCookie(OIDC_COOKIE, key, { path: '/api/oidc', httpOnly: true, sameSite: 'lax', secure: secureFor(req), maxAge: 600 });
      return reply.redirect(url, 302);
    },
  );

  app.get('/api/oidc/callback', { schema: { tags: ['Behörighet'], summary: 'Svar från regionens identitetstjänst' } }, async (req, reply) => {
    if (!oidc) throw notConfigured();
    const current = new URL(req.url, `${baseOf(req)}/`);
    const { username, next } = await oidc.finish(current, req.cookies[OIDC_COOKIE]);
    const s = await service.loginVerified(db, username);
    reply.clearCookie(OIDC_COOKIE, { path: '/api/oidc' });
    setSessionCookie(req, reply, s.token);
    return reply.redirect(next, 302);
  });

  app.get('/api/session', { schema: { tags: ['Behörighet'], summary: 'Den inloggade användaren och CSRF-token' } }, async (req, reply) =>
    sessionReply(reply, req.session),
  );

  app.post<{ Body: { username: string; password: string } }>(
    '/api/session',
    {
      schema: {
        tags: ['Behörighet'],
        summary: 'Logga in (högst 5 misslyckade försök per 15 minuter)',
        body: {
          type: 'object',
          required: ['username', 'password'],
          additionalProperties: false,
          properties: { username: { type: 'string', maxLength: 64 }, password: { type: 'string', maxLength: 256 } },
        },
        response: errorReplies,
      },
    },
    async (req, reply) => {
      const s = await service.login(db, { ...req.body, ip: req.ip });
      reply.setCookie(SESSION_COOKIE, s.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'strict',
        secure: secureFor(req),
        maxAge: service.SESSION_HOURS * 3600,
      });
      return sessionReply(reply, s);
    },
  );

  app.delete('/api/session', { schema: { tags: ['Behörighet'], summary: 'Logga ut' } }, async (req, reply) => {
    const token = req.cookies[SESSION_COOKIE];
    if (token) await service.logout(db, token);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return sessionReply(reply, null);
  });

  app.get('/api/users', { schema: { tags: ['Behörighet'], summary: 'Användare (administratör)' } }, async (req) => service.listUsers(db, actorOf(req)));

  app.post<{ Body: { username: string; displayName: string; password: string; roles: Role[]; personId?: number | null } }>(
    '/api/users',
    {
      config: { permission: 'user.admin' },
      schema: {
        tags: ['Behörighet'],
        summary: 'Skapa användare (administratör)',
        body: {
          type: 'object',
          required: ['username', 'displayName', 'password', 'roles'],
          additionalProperties: false,
          properties: {
            username: { type: 'string', maxLength: 64 },
            displayName: { type: 'string', maxLength: 200 },
            password: { type: 'string', maxLength: 256 },
            roles: { type: 'array', items: { type: 'string', enum: [...ROLES] }, maxItems: ROLES.length },
            personId: { type: 'integer', minimum: 1, nullable: true },
          },
        },
        response: errorReplies,
      },
    },
    async (req, reply) => reply.status(201).send(await service.createUser(db, actorOf(req), req.body)),
  );

  const auditQuery = {
    type: 'object',
    additionalProperties: false,
    properties: { entity: { type: 'string', maxLength: 50 }, limit: { type: 'integer', minimum: 1, maximum: 10000 }, offset: { type: 'integer', minimum: 0 } },
  } as const;

  app.get<{ Querystring: { entity?: string; limit?: number; offset?: number } }>(
    '/api/audit',
    { schema: { tags: ['Behörighet'], summary: 'Granskningsloggen (administratör)', querystring: auditQuery } },
    async (req) => service.auditLog(db, actorOf(req), req.query),
  );

  // the audit log's hash chain (migration 024, src/ops/auditVerify.ts)
  app.get(
    '/api/audit/verify',
    { config: { permission: 'audit.read' }, schema: { tags: ['Behörighet'], summary: 'Kontrollerar granskningsloggens hashkedja (administratör)' } },
    async (req, reply) => reply.header('cache-control', 'no-store').send(await auditChainStatus(db, actorOf(req))),
  );

  app.get<{ Querystring: { entity?: string; limit?: number; offset?: number } }>(
    '/api/audit.csv',
    { schema: { tags: ['Behörighet'], summary: 'Granskningsloggen som CSV (administratör)', querystring: auditQuery } },
    async (req, reply) => {
      const entries = await service.auditLog(db, actorOf(req), { limit: 10000, ...req.query });
      return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="granskningslogg.csv"').send('\ufeff' + service.auditCsv(entries));
    },
  );
}

/** HTTP for sign-in, sessions (HTTP-only cookie + CSRF token), users and the audit log. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import cookie from '@fastify/cookie';
import type { Db } from '../db/index.ts';
import { DomainError } from '../kernel/errors.ts';
import { errorReplies } from '../http/schemas.ts';
import { publicBaseUrl } from '../http/headers.ts';
import { actorOf } from '../http/actor.ts';
import { permissionsOf, ROLES, type Role } from './model.ts';
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
    if (req.session && UNSAFE.has(req.method) && !(req.method === 'POST' && req.url === '/api/session')) {
      if (req.headers['x-csrf-token'] !== req.session.csrfToken) {
        throw new DomainError('csrf', 'Säkerhetstoken saknas eller är fel. Ladda om sidan och försök igen.', { status: 403 });
      }
    }
  });

  const sessionReply = (reply: FastifyReply, s: { user: service.UserView; csrfToken: string; authenticatedAt?: Date; via?: string } | null) =>
    reply.send({
      ...(s ? { user: { ...s.user, permissions: permissionsOf({ id: 'session', roles: s.user.roles }) }, csrfToken: s.csrfToken } : { user: null, csrfToken: null }),
      authenticatedAt: s?.authenticatedAt?.toISOString() ?? (s ? new Date().toISOString() : null),
      via: s ? (s.via ?? 'password') : null,
      oidc: Boolean(oidcSettings),
    });

  /** A 429 from the sign-in limiter says when to try again. */
  const withRetryAfter = async <T>(reply: FastifyReply, work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (e) {
      const seconds = e instanceof DomainError ? e.details?.retryAfterSeconds : undefined;
      if (typeof seconds === 'number') reply.header('retry-after', String(seconds));
      throw e;
    }
  };

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

  app.get<{ Querystring: { next?: string; reauth?: boolean } }>(
    '/api/oidc/login',
    {
      schema: {
        tags: ['Behörighet'],
        summary: 'Logga in via regionens identitetstjänst (OpenID Connect); reauth=true kräver en ny inloggning där',
        querystring: { type: 'object', additionalProperties: false, properties: { next: { type: 'string', maxLength: 500 }, reauth: { type: 'boolean' } } },
      },
    },
    async (req, reply) => {
      if (!oidc) throw notConfigured();
      const { url, key } = await oidc.start(req.query.next ?? '/', new URL('/api/oidc/callback', `${baseOf(req)}/`).href, { reauth: Boolean(req.query.reauth) });
      reply.setCookie(OIDC_COOKIE, key, { path: '/api/oidc', httpOnly: true, sameSite: 'lax', secure: secureFor(req), maxAge: 600 });
      return reply.redirect(url, 302);
    },
  );

  app.get('/api/oidc/callback', { schema: { tags: ['Behörighet'], summary: 'Svar från regionens identitetstjänst' } }, async (req, reply) => {
    if (!oidc) throw notConfigured();
    const current = new URL(req.url, `${baseOf(req)}/`);
    const { username, subject, authenticatedAt, next } = await oidc.finish(current, req.cookies[OIDC_COOKIE]);
    const s = await service.loginVerified(db, { username, subject, authenticatedAt }, req.cookies[SESSION_COOKIE]);
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
        summary: 'Logga in (efter misslyckade försök växande väntetider per konto, per adress och per konto och adress; 429 med Retry-After)',
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
      const s = await withRetryAfter(reply, () => service.login(db, { ...req.body, ip: req.ip }));
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

  const signedIn = async (req: FastifyRequest) => {
    if (!req.session) throw new DomainError('login-required', 'Logga in först.', { status: 401 });
  };

  app.post<{ Body: { password: string } }>(
    '/api/session/reauth',
    {
      preValidation: signedIn,
      schema: {
        tags: ['Behörighet'],
        summary: 'Bekräfta inloggningen med lösenordet igen (krävs för att signera: inloggning inom 10 minuter)',
        body: { type: 'object', required: ['password'], additionalProperties: false, properties: { password: { type: 'string', maxLength: 256 } } },
        response: errorReplies,
      },
    },
    async (req, reply) => {
      await withRetryAfter(reply, () => service.reauthenticate(db, req.session, { password: req.body.password, ip: req.ip }));
      return sessionReply(reply, await service.sessionFor(db, req.cookies[SESSION_COOKIE]));
    },
  );

  app.put<{ Body: { currentPassword: string; newPassword: string } }>(
    '/api/session/password',
    {
      preValidation: signedIn,
      schema: {
        tags: ['Behörighet'],
        summary: 'Byt det egna lösenordet (krävs efter en återställning)',
        body: {
          type: 'object',
          required: ['currentPassword', 'newPassword'],
          additionalProperties: false,
          properties: { currentPassword: { type: 'string', maxLength: 256 }, newPassword: { type: 'string', maxLength: 256 } },
        },
        response: errorReplies,
      },
    },
    async (req, reply) => {
      await withRetryAfter(reply, () => service.changePassword(db, req.session, { ...req.body, ip: req.ip }));
      return sessionReply(reply, await service.sessionFor(db, req.cookies[SESSION_COOKIE]));
    },
  );

  app.get('/api/users', { schema: { tags: ['Behörighet'], summary: 'Användare (administratör)' } }, async (req) => service.listUsers(db, actorOf(req)));

  app.get('/api/people', { config: { permission: 'user.admin' }, schema: { tags: ['Behörighet'], summary: 'Personer som ett konto kan kopplas till, med kontot var och en har (administratör)' } }, async (req) =>
    service.listPeople(db, actorOf(req)),
  );

  const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'integer', minimum: 1, maximum: 2147483647 } } } as const;

  app.put<{ Params: { id: number }; Body: { roles: Role[]; version?: number } }>(
    '/api/users/:id/roles',
    {
      config: { permission: 'user.admin' },
      schema: {
        tags: ['Behörighet'],
        summary: 'Ändra en användares roller (administratör)',
        params: idParams,
        body: {
          type: 'object',
          required: ['roles'],
          additionalProperties: false,
          properties: { roles: { type: 'array', items: { type: 'string', enum: [...ROLES] }, maxItems: ROLES.length }, version: { type: 'integer', minimum: 1 } },
        },
        response: errorReplies,
      },
    },
    async (req) => service.setRoles(db, actorOf(req), req.params.id, req.body),
  );

  app.put<{ Params: { id: number }; Body: { active: boolean; version?: number } }>(
    '/api/users/:id/active',
    {
      config: { permission: 'user.admin' },
      schema: {
        tags: ['Behörighet'],
        summary: 'Stänga av eller återaktivera ett konto (administratör); ett avstängt konto loggas ut direkt',
        params: idParams,
        body: { type: 'object', required: ['active'], additionalProperties: false, properties: { active: { type: 'boolean' }, version: { type: 'integer', minimum: 1 } } },
        response: errorReplies,
      },
    },
    async (req) => service.setActive(db, actorOf(req), req.params.id, req.body),
  );

  app.post<{ Params: { id: number } }>(
    '/api/users/:id/password-reset',
    {
      config: { permission: 'user.admin' },
      schema: {
        tags: ['Behörighet'],
        summary: 'Återställ lösenordet till ett engångslösenord som användaren måste byta vid nästa inloggning (administratör)',
        params: idParams,
        response: errorReplies,
      },
    },
    async (req) => service.resetPassword(db, actorOf(req), req.params.id),
  );

  app.post<{ Body: { username: string; displayName: string; password?: string; roles: Role[]; personId?: number | null; mustChangePassword?: boolean } }>(
    '/api/users',
    {
      config: { permission: 'user.admin' },
      schema: {
        tags: ['Behörighet'],
        summary: 'Skapa användare (administratör); utan lösenord skapas ett engångslösenord som visas en gång',
        body: {
          type: 'object',
          required: ['username', 'displayName', 'roles'],
          additionalProperties: false,
          properties: {
            username: { type: 'string', maxLength: 64 },
            displayName: { type: 'string', maxLength: 200 },
            password: { type: 'string', maxLength: 256 },
            roles: { type: 'array', items: { type: 'string', enum: [...ROLES] }, maxItems: ROLES.length },
            personId: { type: 'integer', minimum: 1, nullable: true },
            mustChangePassword: { type: 'boolean' },
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

/** Sign-in through an OpenID Connect provider: a small real provider in the test, the real client in the app. */
import { createHash, randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/index.ts';
import { dropTestSchemas, testDatabases } from '../helpers/db.ts';
import { buildApp } from '../../src/http/app.ts';
import { createUser } from '../../src/access/service.ts';
import { SYSTEM } from '../../src/access/model.ts';
import { safeNext } from '../../src/access/oidc.ts';

afterAll(dropTestSchemas);

describe.each(testDatabases)('OpenID Connect sign-in on $name', (tdb) => {
  let idp: FastifyInstance;
  let issuer: string;
  let db: Db;
  let app: FastifyInstance;
  let username = 'june.fors';
  /** The provider's stable identifier for the person (default: one per user name). */
  let subject: string | null = null;
  /** When the person authenticated at the provider (seconds), if it says. */
  let authTime: number | null = null;
  let lastAuthorize: Record<string, string> = {};
  const codes = new Map<string, { challenge: string; nonce: string; redirect: string }>();

  beforeAll(async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    idp = Fastify();
    idp.get('/.well-known/openid-configuration', async () => ({
      issuer,
      authorization_endpoint: `${issuer}/authorize`,
      token_endpoint: `${issuer}/token`,
      jwks_uri: `${issuer}/jwks`,
      response_types_supported: ['code'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
      code_challenge_methods_supported: ['S256'],
      token_endpoint_auth_methods_supported: ['client_secret_post'],
    }));
    idp.get('/jwks', async () => ({ keys: [jwk] }));
    idp.get<{ Querystring: Record<string, string> }>('/authorize', async (req, reply) => {
      const q = req.query;
      lastAuthorize = q;
      expect(q.client_id).toBe('styrbord');
      expect(q.code_challenge_method).toBe('S256');
      const code = randomBytes(8).toString('hex');
      codes.set(code, { challenge: q.code_challenge!, nonce: q.nonce!, redirect: q.redirect_uri! });
      return reply.redirect(`${q.redirect_uri}?code=${code}&state=${encodeURIComponent(q.state!)}&iss=${encodeURIComponent(issuer)}`, 302);
    });
    idp.post<{ Body: Record<string, string> }>('/token', async (req, reply) => {
      const b = req.body;
      const c = codes.get(b.code!);
      const verified = c && createHash('sha256').update(b.code_verifier!).digest('base64url') === c.challenge && b.client_secret === 'hemlig' && b.redirect_uri === c.redirect;
      if (!verified) return reply.status(400).send({ error: 'invalid_grant' });
      codes.delete(b.code!);
      const idToken = await new SignJWT({ nonce: c.nonce, preferred_username: username, ...(authTime !== null ? { auth_time: authTime } : {}) })
        .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
        .setIssuer(issuer)
        .setSubject(subject ?? `sub-${username}`)
        .setAudience('styrbord')
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(privateKey);
      return { access_token: 'at', token_type: 'Bearer', id_token: idToken, expires_in: 300 };
    });
    idp.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))));
    await idp.listen({ port: 0, host: '127.0.0.1' });
    issuer = `http://127.0.0.1:${(idp.server.address() as AddressInfo).port}`;

    db = await tdb.open();
    app = await buildApp({ db, oidc: { issuer: new URL(issuer), clientId: 'styrbord', clientSecret: 'hemlig', redirectUri: undefined, usernameClaim: 'preferred_username', allowHttp: true } });
    await createUser(db, SYSTEM, { username: 'june.fors', displayName: 'June Fors', password: 'ett långt lösenord', roles: ['secretary'] });
  });
  afterAll(async () => {
    await app.close();
    await db.close();
    await idp.close();
  });

  async function signInVia(next: string, opts: { reauth?: boolean; cookie?: string } = {}) {
    const start = await app.inject(`/api/oidc/login?next=${encodeURIComponent(next)}${opts.reauth ? '&reauth=true' : ''}`);
    expect(start.statusCode).toBe(302);
    const attempt = start.cookies.find((c) => c.name === 'styrbord_oidc')!;
    const back = await fetch(start.headers.location as string, { redirect: 'manual' });
    const callback = new URL(back.headers.get('location')!);
    return app.inject({ url: callback.pathname + callback.search, headers: { cookie: `styrbord_oidc=${attempt.value}${opts.cookie ? `; ${opts.cookie}` : ''}` } });
  }

  it('signs in a user the provider vouches for, with PKCE, state and nonce', async () => {
    const res = await signInVia('/arenden');
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('/arenden');
    const cookie = res.cookies.find((c) => c.name === 'styrbord_session')!;
    expect(cookie.httpOnly).toBe(true);
    const me = (await app.inject({ url: '/api/session', headers: { cookie: `styrbord_session=${cookie.value}` } })).json();
    expect(me).toMatchObject({ user: { username: 'june.fors', roles: ['secretary'] }, oidc: true });
    const log = await db.kysely.selectFrom('audit_log').select(['action', 'after']).where('action', '=', 'user.login').execute();
    expect(log.at(-1)!.after).toEqual({ via: 'oidc' });
  });

  it('refuses someone without an account here, a replayed or foreign callback, and open redirects', async () => {
    username = 'okand.person';
    const res = await signInVia('/');
    expect(res.statusCode).toBe(403);
    expect(res.json().error.message).toBe('Du är inloggad hos regionen som okand.person, men har inget konto i Styrbord. Kontakta administratören.');
    username = 'june.fors';
    const stray = await app.inject('/api/oidc/callback?code=x&state=y');
    expect(stray.statusCode).toBe(400);
    expect(stray.json().error.message).toMatch(/Försök igen/);
    expect(safeNext('https://evil.example/')).toBe('/');
    expect(safeNext('//evil.example/')).toBe('/');
    expect(safeNext('/sammantraden/1')).toBe('/sammantraden/1');
  });

  it('binds an account to the provider subject: a user name claim cannot take over an account bound to someone else', async () => {
    // june.fors signed in above, as sub-june.fors: the account is bound to that subject now
    const bound = await db.kysely.selectFrom('app_user').select('oidc_subject').where('username', '=', 'june.fors').executeTakeFirstOrThrow();
    expect(bound.oidc_subject).toBe(`${issuer}|sub-june.fors`);
    subject = 'sub-someone-else';
    const res = await signInVia('/');
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('oidc-subject-mismatch');
    // the bound subject signs into its account even when the provider's user name changes
    subject = 'sub-june.fors';
    username = 'june.fors.ny';
    const renamed = await signInVia('/');
    expect(renamed.statusCode).toBe(302);
    const me = (await app.inject({ url: '/api/session', headers: { cookie: `styrbord_session=${renamed.cookies.find((c) => c.name === 'styrbord_session')!.value}` } })).json();
    expect(me.user.username).toBe('june.fors');
    subject = null;
    username = 'june.fors';
    // a deactivated account is refused
    await db.kysely.updateTable('app_user').set({ active: false }).where('username', '=', 'june.fors').execute();
    expect((await signInVia('/')).json().error.code).toBe('account-deactivated');
    await db.kysely.updateTable('app_user').set({ active: true }).where('username', '=', 'june.fors').execute();
  });

  it("takes the session's sign-in time from the provider's auth_time, and asks it for a fresh sign-in on reauth", async () => {
    authTime = Math.floor(Date.now() / 1000) - 3600; // signed in at the provider an hour ago (single sign-on)
    const old = await signInVia('/');
    const cookie = `styrbord_session=${old.cookies.find((c) => c.name === 'styrbord_session')!.value}`;
    const me = (await app.inject({ url: '/api/session', headers: { cookie } })).json();
    expect(Date.now() - Date.parse(me.authenticatedAt)).toBeGreaterThan(59 * 60_000);
    expect(me.via).toBe('oidc');
    // reauth: max_age=0 and prompt=login; an answer without a fresh auth_time is refused
    const stale = await signInVia('/sammantraden/1/protokoll', { reauth: true, cookie });
    expect(lastAuthorize).toMatchObject({ max_age: '0', prompt: 'login' });
    expect(stale.statusCode).toBe(401);
    authTime = Math.floor(Date.now() / 1000);
    const fresh = await signInVia('/sammantraden/1/protokoll', { reauth: true, cookie });
    expect(fresh.statusCode).toBe(302);
    expect(fresh.headers.location).toBe('/sammantraden/1/protokoll');
    const renewed = (await app.inject({ url: '/api/session', headers: { cookie: `styrbord_session=${fresh.cookies.find((c) => c.name === 'styrbord_session')!.value}` } })).json();
    expect(Date.now() - Date.parse(renewed.authenticatedAt)).toBeLessThan(60_000);
    // the session it replaced is gone
    expect((await app.inject({ url: '/api/session', headers: { cookie } })).json().user).toBeNull();
    authTime = null;
  });

  it('answers 404 in Swedish when no provider is configured', async () => {
    const plain = await buildApp({ db, oidc: null });
    const res = await plain.inject('/api/oidc/login');
    expect(res.statusCode).toBe(404);
    expect(res.json().error.message).toBe('Inloggning via regionens identitetstjänst är inte konfigurerad.');
    await plain.close();
  });
});

/**
 * Security headers on every reply (helmet: CSP, nosniff, frame-ancestors,
 * referrer policy), Cache-Control no-store on everything not public, the
 * headers of served files, Swagger UI's own policy, and absolute URLs from
 * PUBLIC_BASE_URL, never from the Host header.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { dropTestSchemas, testDatabases } from '../helpers/db.ts';
import { signIn, type Client } from '../helpers/auth.ts';
import { useAugustMeeting } from '../helpers/august.ts';
import type { Db } from '../../src/db/index.ts';
import { buildApp } from '../../src/http/app.ts';
import { publicBaseUrl } from '../../src/http/headers.ts';
import type { MeetingDetail } from '../../src/http/contract.ts';

process.env.FILES_DIR = mkdtempSync(path.join(tmpdir(), 'styrbord-huvuden-'));
delete process.env.PUBLIC_BASE_URL;

/** The policy's directives by name. */
const csp = (res: LightMyRequestResponse) =>
  new Map(
    String(res.headers['content-security-policy'] ?? '')
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([k, ...v]) => [k!, v.join(' ')]),
  );

function expectSecurityHeaders(res: LightMyRequestResponse, what: string) {
  const policy = csp(res);
  expect(policy.get('frame-ancestors'), what).toBe("'none'");
  expect(policy.get('default-src'), what).toBe("'self'");
  expect(policy.get('script-src'), what).toBe("'self'");
  expect(policy.get('object-src'), what).toBe("'none'");
  expect(res.headers['x-content-type-options'], what).toBe('nosniff');
  expect(res.headers['referrer-policy'], what).toBe('no-referrer');
}

afterAll(dropTestSchemas);

describe.each(testDatabases)('security headers and public URLs on $name', (tdb) => {
  let db: Db;
  let app: FastifyInstance;
  let aug: MeetingDetail;
  let clerk: Client;
  let admin: Client;

  useAugustMeeting(tdb, (d, a, m) => {
    db = d;
    app = a;
    aug = m;
  });
  beforeAll(async () => {
    clerk = await signIn(app, db, ['secretary']);
    admin = await signIn(app, db, ['admin']);
  });

  it('sends the policy, nosniff, frame-ancestors none and the referrer policy on every kind of reply', async () => {
    const replies: Array<[string, LightMyRequestResponse]> = [
      ['a public read', await app.inject('/api/meetings')],
      ['a signed-in read', await app.inject({ url: '/api/meetings', headers: clerk.headers })],
      ['a 404 of the API', await app.inject('/api/finns-inte')],
      ['a validation error', await app.inject('/api/meetings/abc')],
      ['the router’s own refusal', await app.inject('/api/meetings/%zz')],
      ['a refused sign-in', await app.inject({ method: 'POST', url: '/api/session', payload: { username: 'ingen', password: 'fel lösenord här' } })],
      ['a write without permission', await app.inject({ method: 'POST', url: '/api/cases', payload: {} })],
      ['OParl', await app.inject('/oparl/v1/system')],
      ['a feed', await app.inject(`/feeds/bodies/${aug.bodyId}/meetings.atom`)],
    ];
    for (const [what, res] of replies) expectSecurityHeaders(res, what);
    expect(replies[0]![1].headers['x-frame-options']).toBe('DENY');
  });

  it('marks everything that is not public no-store: signed-in requests, every write, errors, replies that set a cookie', async () => {
    const publicRead = await app.inject('/api/meetings');
    expect(publicRead.statusCode).toBe(200);
    expect(publicRead.headers['cache-control']).toBe('no-cache');
    expect(String(publicRead.headers.vary)).toMatch(/cookie/i);
    const noStore: Array<[string, LightMyRequestResponse]> = [
      ['a signed-in read', await app.inject({ url: '/api/meetings', headers: clerk.headers })],
      ['a signed-in meeting', await app.inject({ url: `/api/meetings/${aug.id}`, headers: clerk.headers })],
      ['the session', await app.inject({ url: '/api/session', headers: clerk.headers })],
      ['a sign-in', await app.inject({ method: 'POST', url: '/api/session', payload: { username: 'ingen', password: 'fel lösenord här' } })],
      ['a public write', await app.inject({ method: 'POST', url: '/api/cases', payload: {} })],
      ['a signed-in write', await app.inject({ method: 'PUT', url: `/api/agenda-items/${aug.items[0]!.id}/memo`, payload: {}, headers: clerk.headers })],
      ['a 404', await app.inject('/api/meetings/999999')],
      ['the audit log', await app.inject({ url: '/api/audit', headers: admin.headers })],
    ];
    for (const [what, res] of noStore) expect(res.headers['cache-control'], what).toBe('no-store');
  });

  it('serves Swagger UI at /api/docs with a policy of its own that still forbids frames and foreign scripts', async () => {
    const page = await app.inject('/api/docs');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('swagger-ui-bundle.js');
    const policy = csp(page);
    expect(policy.get('frame-ancestors')).toBe("'none'");
    expect(policy.get('script-src')).toBe("'self'");
    expect(policy.get('style-src')).toContain("'unsafe-inline'");
    for (const asset of ['swagger-ui-bundle.js', 'swagger-initializer.js', 'swagger-ui.css']) {
      expect((await app.inject(`/api/docs/static/${asset}`)).statusCode, asset).toBe(200);
    }
    const spec = await app.inject('/api/docs/json');
    expect(spec.statusCode).toBe(200);
    expect(spec.json().info.title).toBe('Styrbord API');
  });

  it('serves files with Content-Disposition, a sandboxing policy and nosniff', async () => {
    const item = aug.items.find((i) => i.number === 4)!;
    const memo = {
      unit: 'Projektstöd',
      officer: 'Lena Kihl',
      summary: 'Sammanfattning.',
      description: 'Beskrivning.',
      consequences: 'Inga.',
      economy: 'Inom ram.',
      decisionBasis: ['Ansökan'],
      signatory: { name: 'Petter Arneback', title: 'Förvaltningschef' },
      sendTo: ['Sökanden'],
    };
    expect((await app.inject({ method: 'PUT', url: `/api/agenda-items/${item.id}/memo`, payload: memo, headers: clerk.headers })).statusCode).toBe(200);
    const files: Array<[string, LightMyRequestResponse, 'inline' | 'attachment']> = [
      ['the memo (public)', await app.inject(`/api/agenda-items/${item.id}/memo.pdf`), 'inline'],
      ['the memo (signed in)', await app.inject({ url: `/api/agenda-items/${item.id}/memo.pdf`, headers: clerk.headers }), 'inline'],
      ['the audit log as CSV', await app.inject({ url: '/api/audit.csv', headers: admin.headers }), 'attachment'],
    ];
    for (const [what, res, kind] of files) {
      expect(res.statusCode, what).toBe(200);
      expect(res.headers['content-security-policy'], what).toBe("sandbox; default-src 'none'");
      expect(res.headers['x-content-type-options'], what).toBe('nosniff');
      expect(String(res.headers['content-disposition']), what).toMatch(new RegExp(`^${kind}; filename="[ -~]+"; filename\\*=UTF-8''[A-Za-z0-9%._-]+$`));
    }
    expect(files[0]![1].headers['cache-control']).toBe('no-cache');
    expect(files[1]![1].headers['cache-control']).toBe('no-store');
    expect(files[2]![1].headers['content-disposition']).toContain("filename*=UTF-8''granskningslogg.csv");
  });

  it('lets the public keep the built app’s hashed assets, and checks its page every time', async () => {
    const webDist = mkdtempSync(path.join(tmpdir(), 'styrbord-webb-'));
    mkdirSync(path.join(webDist, 'assets'));
    writeFileSync(path.join(webDist, 'index.html'), '<!doctype html><html lang="sv"><head><script type="module" src="/assets/index-Ab12Cd34.js"></script></head><body></body></html>');
    writeFileSync(path.join(webDist, 'assets', 'index-Ab12Cd34.js'), 'console.log("hej")');
    const web = await buildApp({ db, webDist });
    try {
      const page = await web.inject({ url: '/sammantraden', headers: { accept: 'text/html' } });
      expect(page.statusCode).toBe(200);
      expectSecurityHeaders(page, 'the app’s page');
      expect(page.headers['cache-control']).toBe('no-cache');
      const asset = await web.inject('/assets/index-Ab12Cd34.js');
      expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expectSecurityHeaders(asset, 'an asset');
      const signedIn = await web.inject({ url: '/assets/index-Ab12Cd34.js', headers: { cookie: clerk.headers.cookie } });
      expect(signedIn.headers['cache-control']).toBe('no-store');
    } finally {
      await web.close();
    }
  });

  it('builds the URLs of OParl and the feeds from PUBLIC_BASE_URL, never from the Host header', async () => {
    const evil = { host: 'evil.example', 'x-forwarded-host': 'evil.example' };
    const urls = async () => [
      (await app.inject({ url: '/oparl/v1/system', headers: evil })).body,
      (await app.inject({ url: '/oparl/v1/bodies', headers: evil })).body,
      (await app.inject({ url: `/oparl/v1/meeting/${aug.id}`, headers: evil })).body,
      (await app.inject({ url: `/feeds/bodies/${aug.bodyId}/meetings.atom`, headers: evil })).body,
      (await app.inject({ url: `/feeds/bodies/${aug.bodyId}/decisions.atom`, headers: evil })).body,
    ];
    // on this machine only: the local address
    for (const body of await urls()) {
      expect(body).not.toContain('evil.example');
      expect(body).toContain('http://localhost:3000/');
    }
    process.env.PUBLIC_BASE_URL = 'https://styrbord.regionorebrolan.se/';
    try {
      for (const body of await urls()) {
        expect(body).not.toContain('evil.example');
        expect(body).not.toContain('localhost');
        expect(body).toContain('https://styrbord.regionorebrolan.se/');
      }
      const system = (await app.inject({ url: '/oparl/v1/system', headers: evil })).json();
      expect(system.id).toBe('https://styrbord.regionorebrolan.se/oparl/v1/system');
    } finally {
      delete process.env.PUBLIC_BASE_URL;
    }
  });
});

describe('PUBLIC_BASE_URL', () => {
  it('is required, in Swedish, when the server listens beyond this machine, and must be a plain http(s) address', async () => {
    expect(publicBaseUrl({ HOST: '127.0.0.1', PORT: '3000' })).toBe('http://localhost:3000');
    expect(publicBaseUrl({ HOST: 'localhost' })).toBe('http://localhost:3000');
    expect(publicBaseUrl({})).toBe('http://localhost:3000');
    expect(publicBaseUrl({ HOST: '0.0.0.0', PUBLIC_BASE_URL: 'https://styrbord.example.se/' })).toBe('https://styrbord.example.se');
    expect(publicBaseUrl({ HOST: '0.0.0.0', PUBLIC_BASE_URL: 'https://example.se/styrbord/' })).toBe('https://example.se/styrbord');
    expect(() => publicBaseUrl({ HOST: '0.0.0.0' })).toThrow(/PUBLIC_BASE_URL saknas.*0\.0\.0\.0/);
    expect(() => publicBaseUrl({ HOST: '10.1.2.3' })).toThrow(/PUBLIC_BASE_URL saknas/);
    expect(() => publicBaseUrl({ PUBLIC_BASE_URL: 'styrbord.example.se' })).toThrow(/ingen giltig adress/);
    expect(() => publicBaseUrl({ PUBLIC_BASE_URL: 'javascript:alert(1)' })).toThrow(/http- eller https-adress/);
    expect(() => publicBaseUrl({ PUBLIC_BASE_URL: 'https://example.se/?a=1' })).toThrow(/frågedel/);
  });

  it('keeps the app from being built without it on a public address', async () => {
    const saved = { HOST: process.env.HOST, PUBLIC_BASE_URL: process.env.PUBLIC_BASE_URL };
    process.env.HOST = '0.0.0.0';
    delete process.env.PUBLIC_BASE_URL;
    try {
      await expect(buildApp({ db: undefined as unknown as Db })).rejects.toThrow(/PUBLIC_BASE_URL saknas/);
    } finally {
      if (saved.HOST === undefined) delete process.env.HOST;
      else process.env.HOST = saved.HOST;
      if (saved.PUBLIC_BASE_URL !== undefined) process.env.PUBLIC_BASE_URL = saved.PUBLIC_BASE_URL;
    }
  });
});

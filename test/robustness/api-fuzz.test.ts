/**
 * Every write endpoint (POST, PUT and DELETE in app.routeList) under random
 * and hostile requests, generated with fast-check from the route's own JSON
 * schema (so most requests get past validation into the services) and mixed
 * with hostile values: strings up to ~1 MB, control characters, lone
 * surrogates, SQL and HTML injection, wrong types, negative and overflowing
 * numbers (1e308, 2^63), impossible and reversed dates, unknown and
 * prototype-polluting fields, malformed JSON, wrong content types, and
 * hostile path parameters. Signed in as admin, secretary (and sometimes an
 * adjuster, nobody, or with a wrong CSRF token).
 *
 * Every answer must be below 500; every refusal a 4xx with JSON
 * { error: { code, message } } in Swedish, and the database (every table but
 * audit_log and user_session) exactly as before the call: not one row
 * inserted, updated or deleted (see writeStamper; sequences are left out, as
 * PostgreSQL never rolls them back). Afterwards every
 * page that shows what was stored is read back: no 5xx there either.
 * On PGlite and, when DATABASE_URL is set, PostgreSQL.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { dropTestSchemas, testDatabases } from '../helpers/db.ts';
import { signIn, type Client } from '../helpers/auth.ts';
import type { Db } from '../../src/db/index.ts';
import { buildApp } from '../../src/http/app.ts';
import { importKallelse } from '../../src/importer/service.ts';
import { SYSTEM } from '../../src/access/model.ts';
import * as meetings from '../../src/meetings/service.ts';
import * as minutes from '../../src/minutes/service.ts';
import * as documents from '../../src/documents/service.ts';
import * as delegation from '../../src/delegation/service.ts';
import * as budget from '../../src/budget/service.ts';
import { PARAMETERS_2026 } from '../../src/budget/model.ts';
import { DEMO_AREAS_2026, DEMO_ASSOCIATIONS_2026 } from '../../src/budget/seeds.ts';
import { isSwedish, SEED_000, SEED_003, writeStamper } from './support.ts';

// stored files (attachments, books) of this test go to a folder of its own
const FILES = mkdtempSync(path.join(tmpdir(), 'styrbord-fuzz-files-'));
process.env.FILES_DIR = FILES;
afterAll(() => rmSync(FILES, { recursive: true, force: true }));
afterAll(dropTestSchemas);

const SEED = Number(process.env.FC_SEED ?? 20261124);
/** Requests per route: PGlite, PostgreSQL (FUZZ_RUNS overrides both). */
const RUNS = { pglite: 40, postgres: 20 } as const;
/** One request that takes longer than this is reported as hanging (a busy machine answers a request in well under a second). */
const REQUEST_LIMIT_MS = 60_000;
const UNCHANGED_EXCLUDE = new Set(['audit_log', 'audit_chain_head', 'user_session', 'login_throttle', 'login_known_address']); // the chain's head moves with every audit entry; the sign-in limiter counts refused attempts by design

// ── hostile values ──────────────────────────────────────────────────────

const MB = 1024 * 1024;
const HUGE = ['x'.repeat(MB), 'x'.repeat(MB - 64), 'å'.repeat(MB / 2 - 16), `1. ${'Protokollsjustering '.repeat(45_000)}`, 'a\u0000'.repeat(300_000)];
const HOSTILE_STRINGS = [
  "'; drop table diarium_case; --",
  "' or '1'='1",
  '1; select pg_sleep(10); --',
  "Robert'); DELETE FROM meeting; --",
  '$$; drop schema public cascade; $$',
  '\\',
  '%s%n%x',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '"><svg onload=alert(1)>',
  'javascript:alert(1)',
  '\u0000',
  'före\u0000efter',
  '\u0007\u001b[31mröd\u001b[0m',
  '\r\n\r\nHTTP/1.1 200 OK',
  '\u2028\u2029',
  '\uFEFFRS',
  '\uD800',
  'a\uDFFFb',
  'e\u0301\u0301\u0301',
  '\u202Eevil',
  '🏛️'.repeat(40),
  '𝕊𝕥𝕪𝕣𝕓𝕠𝕣𝕕',
  '../../../../etc/passwd',
  '%00%2e%2e%2f',
  '{{7*7}}${7*7}',
  '',
  ' ',
  '\t\n',
  'null',
  'undefined',
  'NaN',
  'Infinity',
  '-1',
  '1e308',
  '9223372036854775808',
  '0x1F',
  '２０２０-０２-１４',
  'å'.repeat(5000),
  '20RS',
  'RS6567',
  '20RS0',
  '99ÅÄÖ9999999999',
  'OSL 31 kap. 16 §',
  '3.2',
  '1.2.3.4.5.6.7.8.9',
];
const PLAIN_STRINGS = ['Bredband i Örebro län', 'förvaltningschef', 'Anna Berg', 'att bevilja stöd', '20RS3419', '20RS6567', 'OSL 31 kap. 16 §', 'Mikrobidrag', 'Region Örebro län'];
const DATES = ['2020-02-14', '2020-08-24', '2026-11-24', '2027-01-04', '2019-12-31', '2020-02-29', '2021-02-29', '2020-02-30', '2020-13-01', '2020-00-10', '0000-00-00', '9999-12-31', '1900-01-01', '2020-2-3', ' 2020-02-14', '2020-02-14T00:00:00Z', '2020-02-14\n'];
const NUMBERS = [0, -1, -0, 0.5, 1.5, -2147483648, 2147483647, 2147483648, 2 ** 53 - 1, 2 ** 53 + 2, 2 ** 63, -(2 ** 63), 1e308, -1e308, Number.MIN_VALUE];

const hostileString = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 3, arbitrary: fc.string({ maxLength: 60 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 60 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 60 }) },
  { weight: 1, arbitrary: fc.constantFrom(...HUGE) },
);
const hostileNumber = fc.oneof(fc.constantFrom(...NUMBERS), fc.integer(), fc.double());
const hostileScalar = fc.oneof(hostileString, hostileNumber, fc.boolean(), fc.constant(null));
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileScalar },
  { weight: 1, arbitrary: fc.array(hostileScalar, { maxLength: 4 }) },
  { weight: 1, arbitrary: fc.dictionary(fc.constantFrom('a', 'title', '__proto__', 'constructor', 'version', 'x'), hostileScalar, { maxKeys: 3 }) },
);
const UNKNOWN_KEYS = ['__proto__', 'constructor', 'prototype', 'isAdmin', 'roles', 'id', 'version ', 'Title', 'title\u0000', 'x'];

/** Kallelse texts for POST /api/imports: the real seed cut up, reordered, shifted or salted with hostile lines. */
const SEED_LINES = SEED_003.split('\n');
const kallelseText = fc.oneof(
  fc.array(fc.constantFrom(...SEED_LINES), { maxLength: 150 }).map((l) => l.join('\n')),
  fc
    .tuple(fc.nat(SEED_LINES.length), fc.nat(30), fc.array(fc.constantFrom(...HOSTILE_STRINGS), { minLength: 1, maxLength: 3 }))
    .map(([at, cut, lines]) => [...SEED_LINES.slice(0, at), ...lines, ...SEED_LINES.slice(at + cut)].join('\n')),
  fc.constantFrom(
    SEED_003.replace(/2020/g, '2031'),
    SEED_003.replace(/20RS/g, '20ÅÄ'),
    SEED_003.replace(/att /g, 'att\u0000 '),
    SEED_003.replace(/\n/g, '\r\n'),
    SEED_003.slice(0, SEED_003.length / 2),
    SEED_000.replace(/Protokollsjustering/g, '<script>alert(1)</script>'),
  ),
);

/**
 * A value for a JSON schema. 'valid': of the right type and within the schema's limits, but
 * adversarial (injection strings that fit maxLength, well-formed impossible dates, boundary
 * integers, ids that do not exist), so it gets past validation into the service. 'chaos':
 * anything may be the wrong type, missing, or joined by unknown and prototype-polluting keys.
 */
function fromSchema(schema: Record<string, unknown>, mode: 'valid' | 'chaos', depth = 0, key = ''): fc.Arbitrary<unknown> {
  const alts: Array<fc.WeightedArbitrary<unknown>> = [];
  const max = schema.maxLength as number | undefined;
  const min = (schema.minLength as number | undefined) ?? 0;
  if (Array.isArray(schema.enum)) alts.push({ weight: 8, arbitrary: fc.constantFrom(...(schema.enum as unknown[])) });
  else if (schema.type === 'object') {
    const props = (schema.properties ?? {}) as Record<string, Record<string, unknown>>;
    const required = ((schema.required ?? []) as string[]).filter((k) => k in props);
    const model = Object.fromEntries(Object.entries(props).map(([k, s]) => [k, fromSchema(s, mode, depth + 1, k)]));
    const rec = fc.record(model, { requiredKeys: required });
    if (mode === 'valid') alts.push({ weight: 8, arbitrary: rec });
    else
      alts.push({
        weight: 8,
        arbitrary: fc
          .tuple(rec, fc.option(fc.dictionary(fc.constantFrom(...UNKNOWN_KEYS), hostileValue, { minKeys: 1, maxKeys: 2 }), { freq: 3 }), fc.option(fc.nat(), { freq: 3 }))
          .map(([r, extra, drop]) => {
            const o: Record<string, unknown> = { ...(r as Record<string, unknown>) };
            if (extra) for (const [k, v] of Object.entries(extra)) Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
            if (drop !== null && required.length > 0) delete o[required[drop % required.length]!];
            return o;
          }),
      });
  } else if (schema.type === 'array') {
    const items = fromSchema((schema.items ?? {}) as Record<string, unknown>, mode, depth + 1, key);
    const maxItems = schema.maxItems as number | undefined;
    alts.push({ weight: 8, arbitrary: fc.array(items, { minLength: (schema.minItems as number | undefined) ?? 0, maxLength: Math.min(maxItems ?? 6, depth > 1 ? 3 : 6) }) });
    if (maxItems) alts.push({ weight: 1, arbitrary: items.map((v) => Array(mode === 'valid' ? maxItems : maxItems + 1).fill(v)) });
  } else if (schema.type === 'string') {
    if (typeof schema.pattern === 'string' && schema.pattern.includes('\\d{4}-\\d{2}-\\d{2}')) {
      alts.push({ weight: 8, arbitrary: fc.constantFrom(...DATES.filter((d) => mode === 'chaos' || /^\d{4}-\d{2}-\d{2}$/.test(d))) });
    } else if (schema.pattern === '^[0-9a-f]{64}$') {
      alts.push({ weight: 8, arbitrary: fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 64, maxLength: 64 }) });
    } else if (key === 'text' && max === undefined) {
      alts.push({ weight: 8, arbitrary: kallelseText }, { weight: 1, arbitrary: fc.constantFrom(...HUGE) });
    } else {
      const fits = (x: string) => x.length >= min && (max === undefined || x.length <= max);
      const plain = PLAIN_STRINGS.filter(fits);
      const hostile = HOSTILE_STRINGS.filter(fits);
      if (plain.length > 0) alts.push({ weight: 3, arbitrary: fc.constantFrom(...plain) });
      if (hostile.length > 0) alts.push({ weight: 4, arbitrary: fc.constantFrom(...hostile) });
      alts.push({ weight: 2, arbitrary: fc.string({ unit: 'grapheme', minLength: Math.max(min, 1), maxLength: Math.max(Math.min(max ?? 40, 40), 1) }) });
      if (max) alts.push({ weight: 1, arbitrary: fc.constantFrom('ö'.repeat(max), mode === 'valid' ? '🏛'.repeat(Math.floor(max / 2)) : 'x'.repeat(max + 1)) });
      else alts.push({ weight: 1, arbitrary: fc.constantFrom(...HUGE) });
    }
  } else if (schema.type === 'integer' || schema.type === 'number') {
    const lo = (schema.minimum as number | undefined) ?? -(2 ** 31);
    const hi = (schema.maximum as number | undefined) ?? 2 ** 31;
    alts.push({ weight: 8, arbitrary: fc.integer({ min: Math.max(lo, 1), max: Math.min(hi, Math.max(lo + 29, 30)) }) }, { weight: 2, arbitrary: fc.constantFrom(lo, hi, lo + 1, hi - 1) }); // small values, or the lowest 30 of a range such as years
    if (mode === 'chaos') alts.push({ weight: 2, arbitrary: hostileNumber });
  } else if (schema.type === 'boolean') alts.push({ weight: 8, arbitrary: fc.boolean() });
  else alts.push({ weight: 8, arbitrary: hostileValue });
  if (schema.nullable) alts.push({ weight: 1, arbitrary: fc.constant(null) });
  if (mode === 'chaos') alts.push({ weight: depth === 0 ? 1 : 2, arbitrary: hostileValue });
  return fc.oneof(...alts);
}

/** Bodies that are not JSON values at all. */
const RAW_BODIES = [
  '{',
  '{"title":',
  '[1,2',
  '{"a":1,,}',
  "{'title':'x'}",
  '{"title":"x"}garbage',
  '\uFEFF{}',
  '{"title":"\\ud800"}',
  '{"title":"\\u0000"}',
  '{"__proto__":{"admin":true},"title":"x"}',
  '{"constructor":{"prototype":{"admin":true}}}',
  '{"version":1e309}',
  '{"version":-0}',
  `{"version":1${'0'.repeat(400)}}`,
  '{"a":1,"a":2}',
  'null',
  'true',
  '"sträng"',
  '123',
  '[]',
  `${'['.repeat(20_000)}${']'.repeat(20_000)}`,
  `{"a":${'{"a":'.repeat(5_000)}1${'}'.repeat(5_001)}`,
  '',
];
const CONTENT_TYPES = ['text/plain', 'application/xml', 'application/x-www-form-urlencoded', 'application/json; charset=latin1', 'multipart/form-data; boundary=x', 'application/octet-stream'];

type Who = 'admin' | 'secretary' | 'adjuster' | 'anonymous' | 'bad-csrf';
interface Req {
  who: Who;
  params: Record<string, string>;
  body: { kind: 'json'; value: unknown } | { kind: 'raw'; text: string; contentType: string } | { kind: 'multipart'; parts: Array<{ name: string; filename?: string; data: string | Buffer }> };
}

const HOSTILE_PARAMS = ['%E0%A4%A', '%', '%zz', '0', '-1', '2147483648', '9223372036854775808', '1e3', '1.5', 'abc', '%00', '..%2F..', '%20', 'NaN', encodeURIComponent("1' or '1'='1"), encodeURIComponent('å'.repeat(300))];
const param = (name: string, url: string): fc.Arbitrary<string> => {
  const good =
    name === 'number' && url.includes('delegation-order')
      ? fc.constantFrom('3.2', '1', '7.1', '12.34')
      : name === 'year'
        ? fc.constantFrom('2026', '2020', '2021', '2027', '1999')
        : name === 'version'
        ? fc.integer({ min: 1, max: 3 }).map(String)
        : fc.integer({ min: 1, max: url.includes('/meetings/') ? 3 : 25 }).map(String);
  return fc.oneof({ weight: 9, arbitrary: good }, { weight: 1, arbitrary: fc.constantFrom(...HOSTILE_PARAMS) });
};

const PDF_HEAD = '%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\n';
const multipart = fc.array(
  fc.oneof(
    fc.record({ name: fc.constant('file'), filename: fc.constantFrom('bilaga.pdf', '../../etc/passwd', 'x'.repeat(300), 'å\u0000.pdf', ''), data: fc.oneof(fc.constantFrom(PDF_HEAD, `${PDF_HEAD}trailer<</Root 1 0 R>>\n%%EOF`, '', 'inte en pdf'), fc.uint8Array({ maxLength: 2000 }).map((a) => Buffer.from(a))) }),
    fc.record({ name: fc.constantFrom('title', 'decisionBasisId', 'x', 'file'), data: fc.oneof(hostileString, fc.integer().map(String)) }),
  ),
  { maxLength: 4 },
);

function requestFor(route: { method: string; url: string }, bodySchema: Record<string, unknown> | undefined): fc.Arbitrary<Req> {
  const names = [...route.url.matchAll(/:(\w+)/g)].map((m) => m[1]!);
  const params = fc.record(Object.fromEntries(names.map((n) => [n, param(n, route.url)]))) as fc.Arbitrary<Record<string, string>>;
  const who = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom<Who>('admin', 'secretary') },
    { weight: 2, arbitrary: fc.constant<Who>('adjuster') },
    { weight: 1, arbitrary: fc.constantFrom<Who>('anonymous', 'bad-csrf') },
  );
  const isUpload = route.url.endsWith('/attachments');
  const schema = bodySchema ?? { type: 'object', properties: {} };
  const body = fc.oneof(
    { weight: isUpload ? 1 : 10, arbitrary: fromSchema(schema, 'valid').map((value) => ({ kind: 'json' as const, value })) },
    { weight: isUpload ? 1 : 4, arbitrary: fromSchema(schema, 'chaos').map((value) => ({ kind: 'json' as const, value })) },
    { weight: 2, arbitrary: hostileValue.map((value) => ({ kind: 'json' as const, value })) },
    { weight: 2, arbitrary: fc.constantFrom(...RAW_BODIES).map((text) => ({ kind: 'raw' as const, text, contentType: 'application/json' })) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...CONTENT_TYPES), fc.constantFrom('{"title":"x"}', 'title=x', '<a/>', '--x\r\n\r\n--x--')).map(([contentType, text]) => ({ kind: 'raw' as const, text, contentType })) },
    { weight: isUpload ? 14 : 1, arbitrary: multipart.map((parts) => ({ kind: 'multipart' as const, parts })) },
  );
  return fc.record({ who, params, body });
}

function encodeMultipart(parts: Array<{ name: string; filename?: string; data: string | Buffer }>): { payload: Buffer; contentType: string } {
  const boundary = '----styrbordfuzz7MA4YWxkTrZu0gW';
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const disp = `form-data; name="${p.name}"${p.filename !== undefined ? `; filename="${p.filename}"` : ''}`;
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disp}\r\n${p.filename !== undefined ? 'Content-Type: application/pdf\r\n' : ''}\r\n`));
    chunks.push(Buffer.isBuffer(p.data) ? p.data : Buffer.from(p.data));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

const show = (r: Req) => {
  const b = r.body;
  const text = b.kind === 'json' ? JSON.stringify(b.value) ?? 'undefined' : b.kind === 'raw' ? `${b.contentType}: ${b.text}` : `multipart ${JSON.stringify(b.parts.map((p) => ({ ...p, data: String(p.data).slice(0, 40) })))}`;
  return `${r.who} ${JSON.stringify(r.params)} ${text.length > 160 ? `${text.slice(0, 160)}… (${text.length} tecken)` : text}`;
};

describe.each(testDatabases)('write endpoints under random and hostile input on $name', (tdb) => {
  let db: Db;
  let app: FastifyInstance;
  const clients = {} as Record<Exclude<Who, 'anonymous'>, Client>;
  let lastError: Error | null = null;

  beforeAll(async () => {
    db = await tdb.open();
    app = await buildApp({ db });
    app.addHook('onError', async (_req, _reply, err) => {
      lastError = err;
    });
    // something for the requests to work on: two meetings, minutes with attendance, a delegation point
    await importKallelse(db, SYSTEM, { fileName: '003.txt', text: SEED_003 });
    await importKallelse(db, SYSTEM, { fileName: '000.txt', text: SEED_000 });
    const m = (await meetings.listMeetings(db))[0]!;
    const body = await meetings.getBody(db, m.bodyId);
    await minutes.openMinutes(db, SYSTEM, m.id);
    await delegation.setPoint(db, SYSTEM, m.bodyId, { number: '3.2', title: 'Regionala utvecklingsstöd', delegate: 'förvaltningschef', maxAmountOre: 50_000_000, decisionTypes: [] });
    await budget.createBudget(db, SYSTEM, m.bodyId, { year: 2026, parameters: PARAMETERS_2026, areas: DEMO_AREAS_2026, associations: DEMO_ASSOCIATIONS_2026 });
    clients.admin = await signIn(app, db, ['admin']);
    clients.secretary = await signIn(app, db, ['secretary']);
    clients.adjuster = await signIn(app, db, ['adjuster', 'member'], body.memberships[0]!.personId);
    clients['bad-csrf'] = { headers: { ...clients.secretary.headers, 'x-csrf-token': 'fel' } };
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  /** A kallelse accepted for building (202) is built in the background: wait until it is done. */
  async function settle(res: LightMyRequestResponse, headers: Record<string, string>) {
    const location = res.headers.location;
    if (res.statusCode !== 202 || typeof location !== 'string') return;
    for (let i = 0; i < 600; i++) {
      const job = await app.inject({ method: 'GET', url: location, headers });
      const state = job.json()?.state ?? job.json()?.status;
      if (job.statusCode !== 200 || !['queued', 'running', 'pending', 'building'].includes(state)) return;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /**
   * Waits until no background work is left: the book builds and the public
   * editions they call for, and the deferred tasks (search indexing) those
   * queue in turn. Each is cheap when idle; three rounds cover the chain.
   */
  async function quiet() {
    for (let round = 0; round < 3; round++) {
      await documents.whenIdle(db);
      await db.settled();
    }
  }

  it('answers every request below 500; every refusal in Swedish JSON, with nothing changed', async () => {
    await app.ready();
    const doc = app.swagger() as { paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: Record<string, unknown> }> } }>> };
    // account changes (a reset password, a deactivated account, changed roles) can end or weaken the
    // fuzzing clients' own sessions: they go last, so every other route is fuzzed with the sessions intact
    const endsSessions = (url: string) => /^\/api\/users\/:id\/(password-reset|active|roles)$/.test(url);
    const routes = app.routeList
      .filter((r) => ['POST', 'PUT', 'DELETE'].includes(r.method) && r.url.startsWith('/api/') && !(r.method === 'DELETE' && r.url === '/api/session'))
      .sort((a, b) => Number(endsSessions(a.url)) - Number(endsSessions(b.url)));
    expect(routes.length).toBeGreaterThanOrEqual(25);
    const runs = Number(process.env.FUZZ_RUNS ?? RUNS[tdb.name]);
    const problems: string[] = [];
    const tally = new Map<string, number>();
    const count = (k: string) => tally.set(k, (tally.get(k) ?? 0) + 1);
    let tried = 0;
    const stamp = await writeStamper(db.kysely, UNCHANGED_EXCLUDE);
    await quiet(); // the set-up's imports are still being indexed in the background
    let before = await stamp();
    const t0 = performance.now();

    for (const [n, route] of routes.entries()) {
      const openapiPath = route.url.replace(/:(\w+)/g, '{$1}');
      const schema = doc.paths[openapiPath]?.[route.method.toLowerCase()]?.requestBody?.content?.['application/json']?.schema;
      const inputs = fc.sample(requestFor(route, schema), { numRuns: runs, seed: SEED + n });
      for (const req of inputs) {
        tried++;
        const url = route.url.replace(/:(\w+)/g, (_m, name: string) => req.params[name]!);
        const headers: Record<string, string> = req.who === 'anonymous' ? {} : { ...clients[req.who].headers };
        let payload: string | Buffer | undefined;
        if (req.body.kind === 'json') {
          payload = JSON.stringify(req.body.value);
          if (payload !== undefined) headers['content-type'] = 'application/json';
        } else if (req.body.kind === 'raw') {
          payload = req.body.text;
          headers['content-type'] = req.body.contentType;
        } else {
          const m = encodeMultipart(req.body.parts);
          payload = m.payload;
          headers['content-type'] = m.contentType;
        }
        let res: LightMyRequestResponse;
        lastError = null;
        try {
          // one request that never answers is a hang, found here by itself; the whole walk may take long on a busy machine
          let timer: NodeJS.Timeout | undefined;
          const hung = new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new Error(`inget svar på ${REQUEST_LIMIT_MS / 1000} s (hänger)`)), REQUEST_LIMIT_MS);
          });
          try {
            res = await Promise.race([app.inject({ method: route.method as 'POST', url, headers, ...(payload !== undefined ? { payload } : {}) }), hung]);
          } finally {
            clearTimeout(timer);
          }
        } catch (e) {
          problems.push(`${route.method} ${route.url}: inject kastade ${(e as Error).message} för ${show(req)}`);
          continue;
        }
        const where = `${route.method} ${url.slice(0, 80)} → ${res.statusCode}`;
        count(`${Math.floor(res.statusCode / 100)}xx`);
        if (process.env.FUZZ_DEBUG) count(`${route.method} ${route.url} ${res.statusCode} ${res.statusCode >= 400 ? (JSON.parse(res.body)?.error?.code ?? '') : ''}`);
        if (res.statusCode >= 500) {
          problems.push(`${where} (${(lastError as Error | null)?.message.slice(0, 160) ?? '?'}) för ${show(req)}`);
        }
        if (res.statusCode >= 400) {
          let error: { code?: unknown; message?: unknown } | undefined;
          try {
            error = (JSON.parse(res.body) as { error?: typeof error }).error;
          } catch {
            error = undefined;
          }
          if (typeof error?.code !== 'string' || !isSwedish(error.message)) problems.push(`${where} utan svenskt JSON-fel: ${res.body.slice(0, 200)} för ${show(req)}`);
          await quiet(); // background work the refused request started is its own, and counts
          const after = await stamp();
          const changed = Object.keys(after).filter((k) => after[k] !== before[k]);
          if (changed.length > 0) problems.push(`${where} men ${changed.join(', ')} ändrades, för ${show(req)}`);
          before = after;
        } else {
          await settle(res, headers);
          await quiet(); // the background work a success queued (a book's public edition, an import's search documents) is part of it
          before = await stamp();
        }
      }
    }
    const seconds = ((performance.now() - t0) / 1000).toFixed(1);
    console.log(
      `API-fuzz (${tdb.name}): ${tried} anrop mot ${routes.length} skrivande adresser på ${seconds} s – ${[...tally].sort().map(([k, v]) => `${v} × ${k}`).join(', ')}; frö ${SEED}`,
    );
    expect(problems.slice(0, 15)).toEqual([]);
    expect(tried).toBe(routes.length * runs);
  }, 1_800_000); // a walk of thousands of requests: each one is held to REQUEST_LIMIT_MS, the whole only to a generous bound

  it('still shows everything that was stored, to staff and to the public, without a 5xx', async () => {
    const problems: string[] = [];
    const get = async (url: string, headers: Record<string, string> = {}) => {
      const res = await app.inject({ method: 'GET', url, headers });
      if (res.statusCode >= 500) problems.push(`GET ${url} → ${res.statusCode} ${res.body.slice(0, 200)}`);
      return res;
    };
    const staff = clients.admin.headers;
    const cases = (await get('/api/cases?limit=500', staff)).json() as { items: Array<{ caseNumber: string }> };
    for (const c of cases.items) await get(`/api/cases/${encodeURIComponent(c.caseNumber)}`, staff);
    await get('/api/users', staff);
    await get('/api/audit', staff);
    await get('/api/audit.csv', staff);
    await get('/api/search?q=%C3%A4rende');
    await get('/api/notice-board');
    for (const m of (await get('/api/meetings')).json() as Array<{ id: number; bodyId: number }>) {
      for (const h of [staff, {}]) {
        await get(`/api/meetings/${m.id}`, h);
        await get(`/api/meetings/${m.id}/minutes`, h);
        await get(`/api/bodies/${m.bodyId}/delegation-order`, h);
        await get(`/api/bodies/${m.bodyId}/delegated-decisions`, h);
        await get(`/feeds/bodies/${m.bodyId}/meetings.atom`, h);
        await get(`/feeds/bodies/${m.bodyId}/decisions.atom`, h);
      }
      await get(`/api/meetings/${m.id}/minutes.pdf`, staff);
      await get(`/api/meetings/${m.id}/kallelse`, staff);
      const detail = (await get(`/api/meetings/${m.id}`, staff)).json() as { items?: Array<{ id: number }> };
      for (const i of detail.items ?? []) {
        await get(`/api/agenda-items/${i.id}/memo`, staff);
        await get(`/api/agenda-items/${i.id}/attachments`, staff);
      }
    }
    expect(problems.slice(0, 15)).toEqual([]);
  }, 120_000);
});

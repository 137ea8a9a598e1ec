/**
 * The first run: a new installation has no administrator and no default
 * password. While none exists, each start of the server issues a one-time
 * link (printed in its terminal) with which the first administrator chooses
 * user name, name and password in the browser. The token is random (256
 * bits), travels in the link's #fragment (never sent in a request line, so
 * in no access log), is stored only as its SHA-256 with an expiry, works once,
 * and not at all once an administrator exists. Table first_run, migration 025.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { hash } from '@node-rs/argon2';
import { sql } from 'kysely';
import { audit, type Db, type Executor } from '../db/index.ts';
import { DomainError } from '../kernel/errors.ts';
import { cleanLine } from '../kernel/text.ts';
import { errorReplies } from '../http/schemas.ts';
import { validatePassword, validateUsername } from './model.ts';
import * as store from './store.ts';

export const FIRST_RUN_PATH = '/forsta-inloggning';
export const FIRST_RUN_HOURS = 24;

const sha = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/** The base of links the server prints: PUBLIC_BASE_URL, else this machine on the port it listens on. */
export function linkBase(port: number, env: NodeJS.ProcessEnv = process.env): string {
  return env.PUBLIC_BASE_URL?.trim().replace(/\/+$/, '') || `http://localhost:${port}`;
}

/** The link for a token: the page reads it from the #fragment. */
export const firstRunUrl = (base: string, token: string) => `${base}${FIRST_RUN_PATH}#token=${token}`;

/**
 * At start: when no active administrator exists, a new one-time link (replacing
 * any earlier one), else null (and any old token is cleared).
 */
export async function issueFirstRunLink(db: Db, base: string, now: Date = new Date()): Promise<{ url: string; expiresAt: Date } | null> {
  const t = await issueFirstRunToken(db, now);
  return t && { url: firstRunUrl(base, t.token), expiresAt: t.expiresAt };
}

/** As issueFirstRunLink, for a server that knows its address only once it listens: the token, to be put in a link. */
export async function issueFirstRunToken(db: Db, now: Date = new Date()): Promise<{ token: string; expiresAt: Date } | null> {
  return db.tx(async (trx) => {
    await lockRow(trx);
    if ((await store.countAdmins(trx)) > 0) {
      await trx.updateTable('first_run').set({ token_sha256: null, issued_at: null, expires_at: null }).where('id', '=', 1).where('token_sha256', 'is not', null).execute();
      return null;
    }
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(now.getTime() + FIRST_RUN_HOURS * 3600_000);
    await trx.updateTable('first_run').set({ token_sha256: sha(token).toString('hex'), issued_at: now, expires_at: expiresAt }).where('id', '=', 1).execute();
    await audit(trx, { actor: 'system', action: 'first-run.link', entity: 'user', entityId: 'första administratören', after: { expiresAt: expiresAt.toISOString() } });
    return { token, expiresAt };
  });
}

/** The one row, locked until the transaction ends (created if a database lacks it). */
async function lockRow(trx: Executor) {
  await sql`insert into first_run (id) values (1) on conflict (id) do nothing`.execute(trx);
  return trx.selectFrom('first_run').selectAll().where('id', '=', 1).forUpdate().executeTakeFirstOrThrow();
}

/** Whether the first administrator can still be created with a link (none exists, and a link is valid). */
export async function firstRunOpen(db: Db, now: Date = new Date()): Promise<boolean> {
  if ((await store.countAdmins(db.kysely)) > 0) return false;
  const row = await db.kysely.selectFrom('first_run').select(['token_sha256', 'expires_at']).where('id', '=', 1).executeTakeFirst();
  return Boolean(row?.token_sha256 && row.expires_at && new Date(row.expires_at) > now);
}

const matches = (token: string, stored: string | null) => {
  if (!stored || !/^[0-9a-f]{64}$/.test(stored)) return false;
  return timingSafeEqual(sha(token), Buffer.from(stored, 'hex'));
};

const INVALID = 'Länken för den första administratören gäller inte: den är redan använd, eller ersatt av en nyare länk när servern startades om. Logga in om administratören redan finns; annars finns den senaste länken i terminalen där npm start körs.';

/** Checks the token (without using it): the reason it cannot be used, as a DomainError. */
function refuse(row: { token_sha256: string | null; expires_at: Date | string | null }, token: string, now: Date): void {
  if (!matches(token, row.token_sha256)) throw new DomainError('first-run-invalid', INVALID, { status: 403 });
  if (!row.expires_at || new Date(row.expires_at) <= now) {
    throw new DomainError('first-run-expired', `Länken har gått ut (den gäller i ${FIRST_RUN_HOURS} timmar). Starta om servern (Ctrl+C och npm start), så skrivs en ny länk ut i terminalen.`, { status: 410 });
  }
}

/**
 * Creates the first administrator with a one-time link's token: in one
 * transaction that locks the link's row, so the token is used at most once,
 * and never once an administrator exists.
 */
export async function completeFirstRun(
  db: Db,
  input: { token: string; username: string; displayName: string; password: string },
  now: Date = new Date(),
): Promise<{ username: string; displayName: string }> {
  const token = String(input.token ?? '');
  // the token first, before any costly work (an anonymous request must not buy a password hash)
  const before = await db.kysely.selectFrom('first_run').select(['token_sha256', 'expires_at']).where('id', '=', 1).executeTakeFirst();
  if (!before) throw new DomainError('first-run-invalid', INVALID, { status: 403 });
  refuse(before, token, now);
  if ((await store.countAdmins(db.kysely)) > 0) throw adminExists();
  const username = validateUsername(input.username);
  const displayName = cleanLine(input.displayName ?? '');
  if (!displayName) throw new DomainError('name-required', 'Ange ditt namn.');
  validatePassword(input.password, [username, displayName]);
  const passwordHash = await hash(input.password);
  return db.tx(async (trx) => {
    const row = await lockRow(trx);
    refuse(row, token, now);
    if ((await store.countAdmins(trx)) > 0) throw adminExists();
    if (await store.findUserByUsername(trx, username)) throw new DomainError('username-taken', `Användarnamnet ${username} är upptaget.`, { status: 409 });
    await store.insertUser(trx, { username, display_name: displayName, password_hash: passwordHash, roles: ['admin'], person_id: null, must_change_password: false });
    await trx.updateTable('first_run').set({ token_sha256: null, issued_at: null, expires_at: null }).where('id', '=', 1).execute();
    await audit(trx, { actor: `user:${username}`, action: 'user.create', entity: 'user', entityId: username, after: { username, displayName, roles: ['admin'], personId: null, via: 'first-run' } });
    return { username, displayName };
  });
}

const adminExists = () => new DomainError('admin-exists', 'Det finns redan en administratör. Logga in; nya användare skapas av en administratör.', { status: 409 });

/** HTTP: GET and POST /api/first-run. */
export function firstRunRoutes(app: FastifyInstance, db: Db): void {
  app.get(
    '/api/first-run',
    { schema: { tags: ['Behörighet'], summary: 'Om den första administratören kan skapas med engångslänken' } },
    async () => ({ open: await firstRunOpen(db) }),
  );
  app.post<{ Body: { token: string; username: string; displayName: string; password: string } }>(
    '/api/first-run',
    {
      schema: {
        tags: ['Behörighet'],
        summary: 'Skapa den första administratören med engångslänken som servern skrev ut vid start',
        body: {
          type: 'object',
          required: ['token', 'username', 'displayName', 'password'],
          additionalProperties: false,
          properties: {
            token: { type: 'string', maxLength: 100 },
            username: { type: 'string', maxLength: 64 },
            displayName: { type: 'string', maxLength: 200 },
            password: { type: 'string', maxLength: 256 },
          },
        },
        response: errorReplies,
      },
    },
    async (req, reply) => reply.status(201).send(await completeFirstRun(db, req.body)),
  );
}

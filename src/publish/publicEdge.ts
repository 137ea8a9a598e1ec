/**
 * The personal-data edge of every public response. Whoever may not see
 * personal data (the public: not signed in) gets every string of every JSON
 * reply, and every text reply (Atom feeds, CSV, plain text), with
 * personnummer/samordningsnummer and the names of natural persons masked
 * (mask.ts). The explicit masking in public.ts, the feeds, the minutes and
 * letter PDFs and the search index does the same for what they build; this
 * hook is the last line, so that a path nobody thought of leaks nothing
 * either. PDFs and other binary replies are masked where they are rendered.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import type { Db, Executor } from '../db/index.ts';
import { can, type Actor } from '../access/model.ts';
import { actorOf } from '../http/actor.ts';
import { naturalPersonNames } from '../funding/supportService.ts';
import { maskDeep, maskText } from './mask.ts';
import { indexSoon } from './search.ts';
export { queueMeetingsMentioning } from './queue.ts';

/** Signed-in users (every role) see personal data; the public does not. */
export const seesPersonalData = (actor: Actor): boolean => can(actor, 'minutes.read-draft');

const NAMES_TTL_MS = 5_000;
const cache = new WeakMap<object, { at: number; names: Promise<string[]> }>();

/**
 * The names of natural persons to mask, read at most every few seconds
 * (another process's change shows within that; this process's at once,
 * through `naturalPersonsChanged`).
 */
export function publicNames(db: Db): Promise<string[]> {
  const hit = cache.get(db);
  if (hit && Date.now() - hit.at < NAMES_TTL_MS) return hit.names;
  const names = naturalPersonNames(db.kysely).catch((e: unknown) => {
    cache.delete(db);
    throw e;
  });
  cache.set(db, { at: Date.now(), names });
  return names;
}

/** After the commit of a changed mark: forget the cached names and rebuild the queued search documents. */
export function naturalPersonsChanged(db: Db): void {
  cache.delete(db);
  indexSoon(db);
}

/** The public version of any JSON value for this request (unchanged for someone who sees personal data). */
export async function forRequest<T>(db: Db, req: FastifyRequest, value: T): Promise<T> {
  if (seesPersonalData(actorOf(req))) return value;
  return maskDeep(value, await publicNames(db));
}

const TEXT = /^(text\/|application\/(atom\+xml|xml|rss\+xml|csv|problem\+xml))/i;

/** Registers the edge on the app (before the routes). */
export function registerPublicEdge(app: FastifyInstance, db: Db): void {
  app.addHook('preSerialization', async (req, _reply, payload) => {
    if (payload === null || typeof payload !== 'object' || seesPersonalData(actorOf(req))) return payload;
    return maskDeep(payload, await publicNames(db));
  });
  app.addHook('onSend', async (req, reply, payload) => {
    if (typeof payload !== 'string' || seesPersonalData(actorOf(req))) return payload;
    const type = String(reply.getHeader('content-type') ?? '');
    if (!TEXT.test(type)) return payload; // JSON was masked before serialization (and numbers in it are not text)
    return maskText(payload, await publicNames(db));
  });
}

/**
 * Security headers on every response, caching rules, the headers of served
 * files, and the public base of absolute URLs. See docs/access.md
 * ("Säkerhetshuvuden").
 *
 * - helmet: a Content-Security-Policy the built web app passes (its scripts
 *   and styles are files of its own origin, the icon a data: URL), nosniff,
 *   frame-ancestors 'none' (and X-Frame-Options DENY), Referrer-Policy
 *   no-referrer, HSTS, the cross-origin policies.
 * - Cache-Control: no-store on everything that is not public: every request
 *   with a session cookie, every method but GET and HEAD, every error and every
 *   reply that sets a cookie. Public replies are "no-cache" (kept, but checked
 *   every time, so a mark of secrecy takes effect at once); the built app's
 *   hashed assets may be kept for a year.
 * - Files (PDF, CSV, Excel …): Content-Disposition (inline for PDF, attachment
 *   for everything else; an ASCII name and the real one as RFC 5987
 *   filename*), and `Content-Security-Policy: sandbox; default-src 'none'`,
 *   so a file opened in the browser runs nothing and reaches nothing.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import helmet from '@fastify/helmet';
import { DomainError } from '../kernel/errors.ts';

const SESSION_COOKIE = /(?:^|;\s*)styrbord_session=/;

/** The web app's policy: nothing but its own origin, no inline script or style, never in a frame. */
export const APP_CSP: Record<string, string[]> = {
  'default-src': ["'self'"],
  'base-uri': ["'self'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

/** Swagger UI at /api/docs sets inline styles (its own bundle, no inline script) and shows data: images. */
export const DOCS_CSP = serialize({ ...APP_CSP, 'style-src': ["'self'", "'unsafe-inline'"] });

/** A served file: shown, never run, never reaching anything. */
export const FILE_CSP = "sandbox; default-src 'none'";

function serialize(policy: Record<string, string[]>): string {
  return Object.entries(policy)
    .map(([k, v]) => `${k} ${v.join(' ')}`)
    .join('; ');
}

/** RFC 6266 Content-Disposition: an ASCII fallback name and the real (Swedish) one as RFC 5987 filename*. */
export function contentDisposition(kind: 'inline' | 'attachment', fileName: string): string {
  const ascii = fileName.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^\x20-\x7e]|["\\]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** The file name in a Content-Disposition value (filename* first), or null. */
function fileNameOf(disposition: string): string | null {
  const star = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(disposition);
  if (star) {
    try {
      return decodeURIComponent(star[1]!.trim());
    } catch {
      /* fall through to the plain name */
    }
  }
  const plain = /filename\s*=\s*"((?:[^"\\]|\\.)*)"|filename\s*=\s*([^;\s]+)/i.exec(disposition);
  return plain ? (plain[1] ?? plain[2] ?? '').replace(/\\(.)/g, '$1') : null;
}

const isPdf = (type: string) => /^application\/pdf\b/i.test(type);
/** Replies the browser shows as a page or uses as part of one: everything else served with a name is a file. */
const isPageResource = (type: string) => /^(text\/html|application\/json|text\/css|text\/javascript|application\/javascript|image\/|font\/|application\/atom\+xml|application\/xml|text\/xml)/i.test(type);

function fileHeaders(reply: FastifyReply): void {
  const type = String(reply.getHeader('content-type') ?? '');
  const disposition = reply.getHeader('content-disposition');
  if (!isPdf(type) && (disposition === undefined || isPageResource(type))) return;
  const kind = isPdf(type) ? 'inline' : 'attachment';
  const name = (disposition !== undefined && fileNameOf(String(disposition))) || (isPdf(type) ? 'dokument.pdf' : 'fil');
  reply.header('content-disposition', contentDisposition(kind, name));
  reply.header('content-security-policy', FILE_CSP);
  reply.header('x-content-type-options', 'nosniff');
}

function cacheControl(req: FastifyRequest, reply: FastifyReply): void {
  const signedIn = Boolean(req.session) || SESSION_COOKIE.test(req.headers.cookie ?? '') || req.headers.authorization !== undefined;
  const safe = req.method === 'GET' || req.method === 'HEAD';
  if (signedIn || !safe || reply.statusCode >= 400 || reply.hasHeader('set-cookie')) {
    reply.header('cache-control', 'no-store');
    return;
  }
  const hashedAsset = /^\/assets\/[^/?]+-[A-Za-z0-9_-]{8,}\.(js|css|woff2?|svg|png)(\?|$)/.test(req.url);
  reply.header('cache-control', hashedAsset && reply.statusCode === 200 ? 'public, max-age=31536000, immutable' : 'no-cache');
  reply.header('vary', 'Cookie');
}

/** The essentials, for replies made before any hook runs (the router's own refusals). */
export function baselineHeaders(reply: FastifyReply): void {
  reply.header('content-security-policy', serialize(APP_CSP));
  reply.header('x-content-type-options', 'nosniff');
  reply.header('x-frame-options', 'DENY');
  reply.header('referrer-policy', 'no-referrer');
  reply.header('cache-control', 'no-store');
}

/** Registers helmet and the hooks; call first, before any route or plugin. */
export async function securityHeaders(app: FastifyInstance): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: Object.fromEntries(Object.entries(APP_CSP).map(([k, v]) => [k, v])) },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginResourcePolicy: { policy: 'same-origin' },
  });
  app.addHook('onSend', async (req, reply, payload) => {
    // the open data may be read from any origin (OParl asks for it)
    if (req.url.startsWith('/oparl/') || req.url.startsWith('/feeds/')) reply.header('cross-origin-resource-policy', 'cross-origin');
    if (req.url === '/api/docs' || req.url.startsWith('/api/docs/')) reply.header('content-security-policy', DOCS_CSP);
    // replies made before any hook ran (the router's own refusals) get the essentials too
    if (!reply.hasHeader('content-security-policy')) reply.header('content-security-policy', serialize(APP_CSP));
    if (!reply.hasHeader('x-content-type-options')) reply.header('x-content-type-options', 'nosniff');
    if (!reply.hasHeader('referrer-policy')) reply.header('referrer-policy', 'no-referrer');
    fileHeaders(reply);
    cacheControl(req, reply);
    return payload;
  });
}

// ── The public base of absolute URLs ──────────────────────────────────────

const LOCAL_HOSTS = /^(localhost|127(\.\d{1,3}){3}|::1|\[::1\])$/i;

/**
 * The start of every absolute URL the app writes (OParl, feeds, the sign-in
 * redirect): PUBLIC_BASE_URL, never the request's Host header (which anyone
 * can set). Without it the server may only listen on this machine
 * (HOST localhost or 127.0.0.1), and the base is http://localhost:PORT.
 */
export function publicBaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env.PUBLIC_BASE_URL?.trim();
  if (configured) {
    let url: URL;
    try {
      url = new URL(configured);
    } catch {
      throw badBase(`PUBLIC_BASE_URL (${configured.slice(0, 100)}) är ingen giltig adress.`);
    }
    if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.search || url.hash || url.username || url.password) {
      throw badBase(`PUBLIC_BASE_URL (${configured.slice(0, 100)}) ska vara en http- eller https-adress utan frågedel, #-del och inloggningsuppgifter, till exempel https://styrbord.regionorebrolan.se.`);
    }
    return url.href.replace(/\/+$/, '');
  }
  const host = (env.HOST ?? '127.0.0.1').trim();
  if (!LOCAL_HOSTS.test(host)) {
    throw badBase(
      `PUBLIC_BASE_URL saknas. Servern ska lyssna på ${host.slice(0, 100)}, alltså nås från andra datorer, och länkarna i öppna data, flöden och inloggningen måste då peka på den adress användarna når den på. Ange till exempel PUBLIC_BASE_URL=https://styrbord.regionorebrolan.se och starta igen.`,
    );
  }
  return `http://localhost:${env.PORT ?? 3000}`;
}

const badBase = (message: string) => new DomainError('public-base-url', message, { status: 500 });

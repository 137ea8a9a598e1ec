/**
 * Serving a file (PDF above all) to a browser or an API client, from one
 * place for every route that sends one (issue 20, item 5):
 *
 * - `ETag` is the file's SHA-256 in quotes – a strong validator, since stored
 *   files are content-addressed (src/documents/files.ts) and a file made in
 *   memory is hashed as it is sent. `If-None-Match` with it (or `*`) gets 304
 *   without a body.
 * - `Range: bytes=…` (RFC 9110 §14): one range – `a-b`, an open `a-` or a
 *   suffix `-n` – gets 206 with `Content-Range` and only those bytes, read
 *   from disk at that offset, so a browser's PDF viewer can load a 300-page
 *   book page by page. A range that starts beyond the end gets 416 with
 *   `Content-Range: bytes *\/size`; a malformed header, several ranges, or an
 *   `If-Range` that is not the current ETag get the whole file (200), as the
 *   RFC allows. `Accept-Ranges: bytes` tells the client it may ask.
 * - HEAD gets the headers of GET (the real Content-Length) without the file
 *   being read.
 * - Content-Disposition (an ASCII and the real name), `x-content-sha256`;
 *   Cache-Control, the sandboxing CSP and nosniff are set for every reply in
 *   src/http/headers.ts (no-store for anything a signed-in user reads, so a
 *   secret paper never lands in a shared or a disk cache; no-cache for the
 *   public, which revalidates with the ETag).
 *
 * Why not @fastify/static / @fastify/send, which also do Range: their ETag
 * is weak and made from the file's size and mtime, and the conditionals
 * (If-None-Match, If-Range) are checked against that one only, so the
 * content hash could not be the validator; and the protokoll and the
 * generated PDFs are bytes in memory, not files under a root. The range
 * logic here is small and tested in test/integration/pdf-serving.test.ts.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../kernel/errors.ts';
import { contentDisposition } from './headers.ts';

export interface ServedFile {
  /** A stored file on disk … */
  path?: string;
  /** … or bytes made in memory (exactly one of the two). */
  bytes?: Uint8Array;
  fileName: string;
  /** The content's SHA-256 (hex); computed from `bytes` when left out. */
  sha256?: string | null;
  /** Default inline (a PDF shown in the browser). */
  disposition?: 'inline' | 'attachment';
  /** Default application/pdf. */
  type?: string;
}

export interface ByteRange {
  start: number;
  /** Inclusive. */
  end: number;
}

/**
 * The one range a `Range` header asks of a file of `size` bytes: a range,
 * 'unsatisfiable' (416) or null when the header is to be ignored (absent,
 * not bytes, malformed, or several ranges – the whole file is sent).
 */
export function parseRange(header: string | undefined, size: number): ByteRange | 'unsatisfiable' | null {
  if (header === undefined) return null;
  const m = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  if (!m) return null; // another unit, several ranges, or not a range at all
  const [, first, last] = m as unknown as [string, string, string];
  if (first === '' && last === '') return null;
  if (first === '') {
    // a suffix: the last n bytes
    const n = Number(last);
    if (n === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - n), end: size - 1 };
  }
  const start = Number(first);
  if (last !== '' && Number(last) < start) return null; // invalid: ignored
  if (start >= size) return 'unsatisfiable';
  return { start, end: last === '' ? size - 1 : Math.min(Number(last), size - 1) };
}

/** Whether an If-None-Match list holds the ETag (`*` holds every one; weak comparison, RFC 9110 §13.1.2). */
function listHolds(header: string, etag: string): boolean {
  return header.split(',').some((t) => {
    const tag = t.trim();
    return tag === '*' || tag === etag || tag === `W/${etag}`;
  });
}

const missing = (fileName: string) => new DomainError('file-missing', `Filen ${fileName} saknas i fillagret. Kontakta förvaltningen.`, { status: 500 });

/** Sends the file as the request asks: whole, a range, 304 or 416 (see above). */
export async function sendFile(req: FastifyRequest, reply: FastifyReply, file: ServedFile): Promise<FastifyReply> {
  let size: number;
  if (file.bytes) size = file.bytes.length;
  else if (file.path) size = (await stat(file.path).catch(() => Promise.reject(missing(file.fileName)))).size;
  else throw missing(file.fileName);
  const sha256 = file.sha256 || (file.bytes ? createHash('sha256').update(file.bytes).digest('hex') : null);
  const etag = sha256 ? `"${sha256}"` : null;

  reply.header('accept-ranges', 'bytes').header('content-disposition', contentDisposition(file.disposition ?? 'inline', file.fileName));
  if (etag) reply.header('etag', etag).header('x-content-sha256', sha256);

  const ifNoneMatch = req.headers['if-none-match'];
  if (etag && ifNoneMatch !== undefined && listHolds(ifNoneMatch, etag)) return reply.status(304).send();

  // If-Range: the range only while the client's copy is this very file (a date is never strong enough here)
  const ifRange = [req.headers['if-range']].flat()[0];
  // (ranges are defined for GET only: HEAD gets the headers of the whole file)
  const rangeHeader = req.method === 'GET' && (ifRange === undefined || (etag !== null && ifRange.trim() === etag)) ? req.headers.range : undefined;
  const range = parseRange(rangeHeader, size);
  if (range === 'unsatisfiable') {
    reply.header('content-range', `bytes */${size}`);
    throw new DomainError('range-not-satisfiable', `Det begärda intervallet (${String(rangeHeader).slice(0, 60)}) ligger utanför filen, som är ${size} byte.`, { status: 416 });
  }
  const { start, end } = range ?? { start: 0, end: size - 1 };
  const length = size === 0 ? 0 : end - start + 1;
  reply.type(file.type ?? 'application/pdf').header('content-length', length);
  if (range) reply.status(206).header('content-range', `bytes ${start}-${end}/${size}`);

  // HEAD: the headers only; an empty stream keeps Fastify from replacing Content-Length with 0
  if (req.method === 'HEAD') return reply.send(Readable.from([]));
  if (length === 0) return reply.send(Buffer.alloc(0));
  if (file.bytes) return reply.send(Buffer.from(file.bytes.buffer, file.bytes.byteOffset + start, length));
  return reply.send(createReadStream(file.path!, { start, end }));
}

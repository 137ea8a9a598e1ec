/**
 * The backup archive (POSIX tar) through the `tar` package: written from a
 * staging directory (stored files linked into it, not copied), and read back
 * by node-tar's parser in strict mode, so a damaged or cut archive is
 * refused. Any `tar` program lists and extracts the result
 * (`tar -tf kopia.styrbord`). Entries are then read in place (offset and
 * size), so memory stays bounded however large they are.
 */
import { createHash } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import * as tar from 'tar';
import { DomainError } from '../kernel/errors.ts';

const BLOCK = 512;
const CHUNK = 1 << 20;

export interface TarEntry {
  name: string;
  size: number;
  /** Byte offset of the entry's data in the archive. */
  offset: number;
}

/**
 * Writes `file` with the entries `names` (paths relative to `staging`, in
 * this order). Symbolic links in the staging directory are followed, so a
 * stored file linked there goes in with its content.
 */
export async function createTar(file: string, staging: string, names: string[]): Promise<void> {
  await tar.create({ file, cwd: staging, portable: true, follow: true, noDirRecurse: true, strict: true }, names);
  const fh = await open(file, 'r+');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

const bad = (file: string, why: string) =>
  new DomainError('backup-unreadable', `Filen ${file} är ingen läsbar säkerhetskopia från Styrbord (${why}).`, { status: 422 });

const META = new Set(['ExtendedHeader', 'GlobalExtendedHeader', 'NextFileHasLongPath', 'NextFileHasLongLinkpath', 'OldExtendedHeader']);
const padding = (size: number) => (BLOCK - (size % BLOCK)) % BLOCK;

/** Lists the regular files of an archive (name, size, where the data is). */
export async function listTar(file: string): Promise<TarEntry[]> {
  let fh: FileHandle;
  try {
    fh = await open(file, 'r');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new DomainError('not-found', `Säkerhetskopian ${file} finns inte.`, { status: 404 });
    throw e;
  }
  try {
    const total = (await fh.stat()).size;
    if (total < 2 * BLOCK) throw bad(file, 'arkivet är tomt eller avkortat');
    // the parser's view: every entry (pax names and sizes applied), or an error for a damaged archive
    const parsed: Array<{ name: string; size: number; file: boolean }> = [];
    try {
      await tar.list({
        file,
        strict: true,
        onReadEntry: (e) => {
          parsed.push({ name: e.path, size: e.size, file: e.type === 'File' || e.type === 'OldFile' || e.type === 'ContiguousFile' });
        },
      });
    } catch (e) {
      throw bad(file, /checksum|invalid/i.test((e as Error).message) ? 'en rubrik i arkivet är skadad' : 'arkivet är avkortat eller skadat');
    }
    // where each entry's data starts: walk the headers, skipping the meta entries
    const offsets: number[] = [];
    const block = Buffer.alloc(BLOCK);
    for (let pos = 0; offsets.length < parsed.length; ) {
      if (pos + BLOCK > total) throw bad(file, 'arkivet tar slut mitt i en post');
      await fh.read(block, 0, BLOCK, pos);
      const h = new tar.Header(block);
      if (!h.cksumValid) throw bad(file, 'en rubrik i arkivet är skadad');
      const size = h.size ?? 0;
      if (!META.has(h.type)) offsets.push(pos + BLOCK);
      pos += BLOCK + size + padding(size);
    }
    const entries: TarEntry[] = [];
    parsed.forEach((p, i) => {
      if (!p.file) return;
      const offset = offsets[i]!;
      if (offset + p.size > total) throw bad(file, `posten ${p.name} är avkortad`);
      entries.push({ name: p.name, size: p.size, offset });
    });
    return entries;
  } finally {
    await fh.close();
  }
}

/** The whole content of a (small) entry. */
export async function readEntry(file: string, entry: TarEntry): Promise<Buffer> {
  const fh = await open(file, 'r');
  try {
    const buf = Buffer.alloc(entry.size);
    let done = 0;
    while (done < entry.size) {
      const { bytesRead } = await fh.read(buf, done, entry.size - done, entry.offset + done);
      if (bytesRead === 0) throw bad(file, `posten ${entry.name} är avkortad`);
      done += bytesRead;
    }
    return buf;
  } finally {
    await fh.close();
  }
}

/** The SHA-256 of a file or an entry's content, read in chunks. */
export async function sha256Of(stream: Readable): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of stream) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export async function entrySha256(file: string, entry: TarEntry): Promise<string> {
  return sha256Of(entryStream(file, entry));
}

/** A stream of one entry's bytes (for large entries: pg_restore's input, stored files). */
export function entryStream(file: string, entry: TarEntry): Readable {
  if (entry.size === 0) return Readable.from([]);
  return createReadStream(file, { start: entry.offset, end: entry.offset + entry.size - 1, highWaterMark: CHUNK });
}

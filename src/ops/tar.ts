/**
 * A minimal ustar archive (POSIX tar) for backups: regular files only,
 * written and read with positional file I/O so memory stays bounded however
 * large the entries are. Any `tar` program can list and extract the result
 * (`tar -tf kopia.styrbord`). Sizes above 8 GiB use the GNU base-256 form.
 */
import { createHash } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { DomainError } from '../kernel/errors.ts';

const BLOCK = 512;
const CHUNK = 1 << 20;

export interface TarEntry {
  name: string;
  size: number;
  /** Byte offset of the entry's data in the archive. */
  offset: number;
}

function octal(value: number, width: number): string {
  return value.toString(8).padStart(width - 1, '0') + '\0';
}

function header(name: string, size: number, mtime: Date): Buffer {
  const h = Buffer.alloc(BLOCK);
  let prefix = '';
  let base = name;
  if (Buffer.byteLength(name) > 100) {
    const cut = name.lastIndexOf('/', 155);
    if (cut <= 0 || Buffer.byteLength(name.slice(cut + 1)) > 100) throw new Error(`Namnet ${name} är för långt för arkivet.`);
    prefix = name.slice(0, cut);
    base = name.slice(cut + 1);
  }
  h.write(base, 0, 100, 'utf8');
  h.write(octal(0o644, 8), 100, 'ascii');
  h.write(octal(0, 8), 108, 'ascii');
  h.write(octal(0, 8), 116, 'ascii');
  if (size < 8 ** 11) h.write(octal(size, 12), 124, 'ascii');
  else {
    h[124] = 0x80; // GNU base-256: the big-endian size fills the rest of the field
    h.writeBigUInt64BE(BigInt(size), 128);
  }
  h.write(octal(Math.floor(mtime.getTime() / 1000), 12), 136, 'ascii');
  h.write('        ', 148, 'ascii');
  h.write('0', 156, 'ascii');
  h.write('ustar\0', 257, 'ascii');
  h.write('00', 263, 'ascii');
  h.write(prefix, 345, 155, 'utf8');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(octal(sum, 7) + ' ', 148, 'ascii');
  return h;
}

const padding = (size: number) => (BLOCK - (size % BLOCK)) % BLOCK;

/** Writes an archive entry by entry; `finish` ends it. */
export class TarWriter {
  private position = 0;

  private constructor(private readonly fh: FileHandle) {}

  static async create(file: string): Promise<TarWriter> {
    return new TarWriter(await open(file, 'wx'));
  }

  private async write(data: Uint8Array): Promise<void> {
    let done = 0;
    while (done < data.length) {
      const { bytesWritten } = await this.fh.write(data, done, data.length - done, this.position);
      done += bytesWritten;
      this.position += bytesWritten;
    }
  }

  /** Adds an entry; returns the SHA-256 of its content. */
  async addBuffer(name: string, data: Uint8Array, mtime = new Date()): Promise<string> {
    await this.write(header(name, data.length, mtime));
    await this.write(data);
    await this.write(Buffer.alloc(padding(data.length)));
    return createHash('sha256').update(data).digest('hex');
  }

  /** Copies a file into the archive in chunks; returns the SHA-256 of what was copied. */
  async addFile(name: string, source: string): Promise<string> {
    const src = await open(source, 'r');
    try {
      const { size, mtime } = await src.stat();
      await this.write(header(name, size, mtime));
      const buf = Buffer.allocUnsafe(CHUNK);
      const hash = createHash('sha256');
      let copied = 0;
      while (copied < size) {
        const { bytesRead } = await src.read(buf, 0, Math.min(CHUNK, size - copied), copied);
        if (bytesRead === 0) throw new Error(`Filen ${source} blev kortare medan den kopierades.`);
        hash.update(buf.subarray(0, bytesRead));
        await this.write(buf.subarray(0, bytesRead));
        copied += bytesRead;
      }
      await this.write(Buffer.alloc(padding(size)));
      return hash.digest('hex');
    } finally {
      await src.close();
    }
  }

  get bytes(): number {
    return this.position;
  }

  async finish(): Promise<void> {
    await this.write(Buffer.alloc(2 * BLOCK));
    await this.fh.sync();
    await this.fh.close();
  }

  async abort(): Promise<void> {
    await this.fh.close().catch(() => undefined);
  }
}

const bad = (file: string, why: string) =>
  new DomainError('backup-unreadable', `Filen ${file} är ingen läsbar säkerhetskopia från Styrbord (${why}).`, { status: 422 });

function cString(buf: Buffer, start: number, length: number): string {
  const field = buf.subarray(start, start + length);
  const end = field.indexOf(0);
  return field.subarray(0, end === -1 ? length : end).toString('utf8');
}

function sizeOf(h: Buffer): number {
  if ((h[124]! & 0x80) !== 0) return Number(h.readBigUInt64BE(128));
  const s = cString(h, 124, 12).trim();
  if (!/^[0-7]+$/.test(s)) return Number.NaN;
  return parseInt(s, 8);
}

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
    const entries: TarEntry[] = [];
    const h = Buffer.alloc(BLOCK);
    let pos = 0;
    for (;;) {
      if (pos + BLOCK > total) throw bad(file, 'arkivet tar slut mitt i en post');
      await fh.read(h, 0, BLOCK, pos);
      if (h.every((b) => b === 0)) break;
      let sum = 0;
      for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : h[i]!;
      if (parseInt(cString(h, 148, 8).trim(), 8) !== sum) throw bad(file, 'en rubrik i arkivet är skadad');
      const size = sizeOf(h);
      if (!Number.isSafeInteger(size) || size < 0) throw bad(file, 'en post har en ogiltig storlek');
      const prefix = cString(h, 345, 155);
      const name = (prefix ? `${prefix}/` : '') + cString(h, 0, 100);
      const type = String.fromCharCode(h[156]!);
      const offset = pos + BLOCK;
      if (offset + size > total) throw bad(file, `posten ${name} är avkortad`);
      if (type === '0' || type === '\0') entries.push({ name, size, offset });
      pos = offset + size + padding(size);
    }
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

/** The SHA-256 of an entry's content, read in chunks. */
export async function entrySha256(file: string, entry: TarEntry): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of entryStream(file, entry)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** A stream of one entry's bytes (for large entries: pg_restore's input, stored files). */
export function entryStream(file: string, entry: TarEntry): Readable {
  if (entry.size === 0) return Readable.from([]);
  return createReadStream(file, { start: entry.offset, end: entry.offset + entry.size - 1, highWaterMark: CHUNK });
}

/**
 * Files stored by content hash on disk: `<root>/ab/cdef…` where `abcdef…` is
 * the file's SHA-256. A file is written to `<root>/tmp/` first and renamed
 * into place only when it is complete, so a reader never sees half a file,
 * and the same content is stored once however often it is uploaded. Rows in
 * the database (stored_file, attachment, kallelse_book) refer to the hash.
 *
 * The root is FILES_DIR, or `files/` inside DATA_DIR (default ./data).
 *
 * Several app processes on one PostgreSQL (issue 20.6): when the store has a
 * shared backend (`shareFiles`, set at start-up when DATABASE_URL is set; see
 * src/documents/blobs.ts), a complete file is put there BEFORE it gets its
 * name on disk, so before any row can refer to it; the disk is then a cache.
 * A process that lacks a file on its disk fetches it from the shared store
 * into tmp/, checks its hash and renames it into place (`localPath`, `read`).
 */
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, type ReadStream, type WriteStream } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { SharedBlobs } from './blobs.ts';

const SHA256 = /^[0-9a-f]{64}$/;

export function filesRoot(env: NodeJS.ProcessEnv = process.env): string {
  if (env.FILES_DIR) return path.resolve(env.FILES_DIR);
  const dataDir = env.DATA_DIR && !env.DATA_DIR.startsWith('memory://') ? env.DATA_DIR : 'data';
  return path.resolve(dataDir, 'files');
}

export interface Received {
  tmpPath: string;
  sha256: string;
  size: number;
  /** True when the stream held more than the limit (the rest was not kept). */
  truncated: boolean;
}

/** A file being written: bytes go to a temporary file while they are hashed. */
export class FileSink {
  private readonly hash = createHash('sha256');
  private size = 0;
  private closed = false;

  private constructor(
    private readonly store: FileStore,
    readonly tmpPath: string,
    private readonly out: WriteStream,
  ) {}

  static async open(store: FileStore): Promise<FileSink> {
    const tmpPath = await store.tmpPath();
    const out = createWriteStream(tmpPath, { flags: 'wx', highWaterMark: 1 << 20 });
    await new Promise<void>((resolve, reject) => out.once('open', () => resolve()).once('error', reject));
    return new FileSink(store, tmpPath, out);
  }

  get bytesWritten(): number {
    return this.size;
  }

  /** Writes a chunk; waits when the disk is behind, so memory stays bounded. */
  async write(chunk: Uint8Array): Promise<void> {
    this.hash.update(chunk);
    this.size += chunk.length;
    if (!this.out.write(chunk)) await new Promise<void>((resolve, reject) => this.out.once('drain', resolve).once('error', reject));
  }

  /** Completes the temporary file without giving it its name yet (the caller adopts or discards it). */
  async finish(): Promise<{ tmpPath: string; sha256: string; size: number }> {
    await this.close();
    return { tmpPath: this.tmpPath, sha256: this.hash.digest('hex'), size: this.size };
  }

  /** Completes the file and moves it to its place by hash. */
  async commit(): Promise<{ sha256: string; size: number }> {
    const { sha256, size } = await this.finish();
    await this.store.adopt(this.tmpPath, sha256);
    return { sha256, size };
  }

  /** Throws the partial file away. */
  async abort(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      await new Promise<void>((resolve) => this.out.end(() => resolve()));
    }
    await rm(this.tmpPath, { force: true });
  }

  private async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await new Promise<void>((resolve, reject) => {
      this.out.once('error', reject);
      this.out.end(() => resolve());
    });
  }
}

let sharedDefault: SharedBlobs | null = null;

/** Makes every FileStore created with the default backend share its files through `blobs` (null: local disk only). */
export function shareFiles(blobs: SharedBlobs | null): void {
  sharedDefault = blobs;
}

export class FileStore {
  readonly root: string;
  readonly shared: SharedBlobs | null;

  constructor(root: string = filesRoot(), shared: SharedBlobs | null = sharedDefault) {
    this.root = path.resolve(root);
    this.shared = shared;
  }

  pathOf(sha256: string): string {
    if (!SHA256.test(sha256)) throw new Error(`Ogiltig SHA-256: ${sha256}`);
    return path.join(this.root, sha256.slice(0, 2), sha256.slice(2));
  }

  async tmpPath(): Promise<string> {
    const dir = path.join(this.root, 'tmp');
    await mkdir(dir, { recursive: true });
    return path.join(dir, `${randomUUID()}.part`);
  }

  /**
   * Removes temporary files left by a process that died while writing them
   * (kill -9 during an upload or a kallelse build). Call it at start-up,
   * before the server takes requests: then no write can be in progress.
   * Returns how many were removed.
   */
  async sweepTemporary(): Promise<number> {
    const dir = path.join(this.root, 'tmp');
    let names: string[];
    try {
      names = await readdir(dir);
    } catch {
      return 0;
    }
    const parts = names.filter((n) => n.endsWith('.part'));
    await Promise.all(parts.map((n) => rm(path.join(dir, n), { force: true })));
    return parts.length;
  }

  /** Whether the file is on this process's disk. */
  async hasLocal(sha256: string): Promise<boolean> {
    try {
      return (await stat(this.pathOf(sha256))).isFile();
    } catch {
      return false;
    }
  }

  /** Whether the file is stored (on this disk, or in the shared store). */
  async has(sha256: string): Promise<boolean> {
    if (await this.hasLocal(sha256)) return true;
    return this.shared ? this.shared.has(sha256) : false;
  }

  async size(sha256: string): Promise<number> {
    if (this.shared && !(await this.hasLocal(sha256))) {
      const n = await this.shared.size(sha256);
      if (n !== null) return n;
    }
    return (await stat(this.pathOf(sha256))).size;
  }

  /**
   * The file's path on this disk, fetched from the shared store first when it
   * is not here yet (written to tmp/, its hash checked, then renamed into
   * place). Without a shared store (or when it lacks the file too) the path
   * is returned as it is; reading it then fails as a missing file does.
   */
  async localPath(sha256: string): Promise<string> {
    const target = this.pathOf(sha256);
    if (!this.shared || (await this.hasLocal(sha256))) return target;
    const chunks = await this.shared.chunks(sha256);
    if (!chunks) return target;
    const sink = await FileSink.open(this);
    try {
      for await (const c of chunks) await sink.write(c);
      const got = await sink.finish();
      if (got.sha256 !== sha256) throw new Error(`Filen ${sha256} i den delade lagringen har fel innehåll (${got.sha256}).`);
    } catch (e) {
      await sink.abort();
      throw e;
    }
    await this.placeLocally(sink.tmpPath, sha256);
    return target;
  }

  /**
   * Moves a complete temporary file to its place by hash (or drops it when that
   * content is already stored). With a shared store the file is put there first,
   * so it is reachable from every process before anything can refer to it.
   */
  async adopt(tmpPath: string, sha256: string): Promise<string> {
    if (!SHA256.test(sha256)) throw new Error(`Ogiltig SHA-256: ${sha256}`);
    if (this.shared && !(await this.shared.has(sha256))) await this.shared.putFile(tmpPath, sha256);
    return this.placeLocally(tmpPath, sha256);
  }

  private async placeLocally(tmpPath: string, sha256: string): Promise<string> {
    const target = this.pathOf(sha256);
    if (await this.hasLocal(sha256)) {
      await rm(tmpPath, { force: true });
      return target;
    }
    await mkdir(path.dirname(target), { recursive: true });
    // Make the content durable before it becomes visible under its name.
    const fh = await open(tmpPath, 'r');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmpPath, target);
    return target;
  }

  /** Streams `input` into a temporary file, hashing it, keeping at most `limit` bytes. */
  async receive(input: Readable, limit: number): Promise<Received> {
    const sink = await FileSink.open(this);
    let truncated = false;
    try {
      for await (const chunk of input as AsyncIterable<Buffer>) {
        if (sink.bytesWritten + chunk.length > limit) {
          truncated = true; // read on to the end, keeping nothing more
          continue;
        }
        await sink.write(chunk);
      }
      if ((input as Readable & { truncated?: boolean }).truncated) truncated = true;
    } catch (e) {
      await sink.abort();
      throw e;
    }
    // Not committed yet: the caller validates and then adopts (or discards) the file.
    return { ...(await sink.finish()), truncated };
  }

  async putBytes(bytes: Uint8Array): Promise<{ sha256: string; size: number }> {
    const sink = await FileSink.open(this);
    try {
      await sink.write(bytes);
      return await sink.commit();
    } catch (e) {
      await sink.abort();
      throw e;
    }
  }

  async read(sha256: string): Promise<Buffer> {
    return readFile(await this.localPath(sha256));
  }

  /** A stream of a file on this disk (call `localPath` first when the store is shared). */
  stream(sha256: string): ReadStream {
    return createReadStream(this.pathOf(sha256));
  }

  async discard(tmpPath: string): Promise<void> {
    await rm(tmpPath, { force: true });
  }
}

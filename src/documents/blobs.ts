/**
 * Stored files in PostgreSQL (issue 20.6, migration 057), so that several app
 * processes on one database, each with its own disk, serve the same files.
 *
 * A file is its content in `file_blob_chunk` rows of at most 1 MiB and one
 * `file_blob` row (hash, size, chunk count), written LAST: the head row is the
 * commit point. A reader asks for the head first, so it sees the whole file or
 * none of it, never half, and a process that dies while writing leaves chunks
 * without a head, which a later write of the same content simply completes
 * (content-addressed: the same hash, the same bytes in every chunk). Written
 * once: a hash whose head exists is not written again, and two processes
 * storing the same content at the same moment write the same rows (`on
 * conflict do nothing`). No statement of it opens a transaction, so the
 * chunks go to the server one by one and memory holds one chunk at a time –
 * on writing and on reading – however large the file.
 *
 * src/documents/files.ts keeps the local disk as a cache in front of it: a file
 * is put here before it gets its name on disk (so before any row refers to it),
 * and a process that lacks a file locally fetches it from here into files/tmp,
 * checks its hash and renames it into place.
 */
import { createReadStream } from 'node:fs';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { DomainError } from '../kernel/errors.ts';

export const CHUNK_BYTES = 1 << 20;

/** Where files are shared between processes; FileStore calls it. */
export interface SharedBlobs {
  /** Whether the whole file is stored. */
  has(sha256: string): Promise<boolean>;
  size(sha256: string): Promise<number | null>;
  /** Stores a complete local file under its (already computed) hash; does nothing when it is stored. */
  putFile(file: string, sha256: string): Promise<void>;
  /** The file's chunks in order (null when it is not stored). */
  chunks(sha256: string): Promise<AsyncIterable<Uint8Array> | null>;
}

/**
 * The input in pieces of exactly CHUNK_BYTES (the last one shorter): every
 * writer of the same content cuts it at the same places, whatever sizes the
 * reads return, so concurrent or resumed writes agree on every chunk.
 */
async function* exactChunks(input: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  let parts: Buffer[] = [];
  let held = 0;
  for await (const piece of input) {
    let rest = piece;
    while (held + rest.length >= CHUNK_BYTES) {
      const take = CHUNK_BYTES - held;
      parts.push(rest.subarray(0, take));
      yield Buffer.concat(parts);
      parts = [];
      held = 0;
      rest = rest.subarray(take);
    }
    if (rest.length > 0) {
      parts.push(rest);
      held += rest.length;
    }
  }
  if (held > 0) yield Buffer.concat(parts);
}

export class PgBlobStore implements SharedBlobs {
  constructor(private readonly kysely: Kysely<Database>) {}

  async has(sha256: string): Promise<boolean> {
    return (await this.size(sha256)) !== null;
  }

  async size(sha256: string): Promise<number | null> {
    const r = await this.kysely.selectFrom('file_blob').select('byte_size').where('sha256', '=', sha256).executeTakeFirst();
    return r ? Number(r.byte_size) : null;
  }

  async putFile(file: string, sha256: string): Promise<void> {
    if (await this.has(sha256)) return;
    let seq = 0;
    let size = 0;
    for await (const chunk of exactChunks(createReadStream(file, { highWaterMark: CHUNK_BYTES }))) {
      await this.kysely
        .insertInto('file_blob_chunk')
        .values({ sha256, seq: seq++, data: chunk })
        .onConflict((oc) => oc.columns(['sha256', 'seq']).doNothing())
        .execute();
      size += chunk.length;
    }
    // the head last: from now on the file is there, whole
    await this.kysely
      .insertInto('file_blob')
      .values({ sha256, byte_size: size, chunk_count: seq })
      .onConflict((oc) => oc.column('sha256').doNothing())
      .execute();
  }

  async chunks(sha256: string): Promise<AsyncIterable<Uint8Array> | null> {
    const head = await this.kysely.selectFrom('file_blob').select(['chunk_count']).where('sha256', '=', sha256).executeTakeFirst();
    if (!head) return null;
    const kysely = this.kysely;
    const count = head.chunk_count;
    return (async function* () {
      for (let seq = 0; seq < count; seq++) {
        const r = await sql<{ data: Uint8Array }>`select data from file_blob_chunk where sha256 = ${sha256} and seq = ${seq}`.execute(kysely);
        const data = r.rows[0]?.data;
        if (!data) throw new Error(`Filen ${sha256} saknar del ${seq} i databasen.`);
        yield data;
      }
    })();
  }
}

/**
 * Where the stored files of this process live, from FILE_STORE_URL:
 * - unset: in PostgreSQL when the database is PostgreSQL (several processes
 *   share them), else on the local disk (PGlite: one process);
 * - `postgres` (or `database`): in PostgreSQL (requires DATABASE_URL);
 * - `disk` (or `file:`): on this process's disk only (one app process);
 * - `s3://…`: an S3-compatible object store – not built (no AWS SDK installed);
 *   refused with a message rather than silently using the disk.
 */
export function sharedBlobsFor(db: { kind: 'pglite' | 'postgres'; kysely: Kysely<Database> }, env: NodeJS.ProcessEnv = process.env): SharedBlobs | null {
  const setting = (env.FILE_STORE_URL ?? '').trim();
  if (setting === '') return db.kind === 'postgres' ? new PgBlobStore(db.kysely) : null;
  if (setting === 'disk' || setting.startsWith('file:')) return null;
  if (setting === 'postgres' || setting === 'database') {
    if (db.kind !== 'postgres') throw new DomainError('invalid-file-store', 'FILE_STORE_URL=postgres kräver att databasen är PostgreSQL (DATABASE_URL); med den inbäddade databasen ligger filerna på disken.');
    return new PgBlobStore(db.kysely);
  }
  if (/^s3:\/\//i.test(setting)) {
    throw new DomainError('invalid-file-store', 'Fillagring i en S3-kompatibel objektlagring (FILE_STORE_URL=s3://…) är inte inbyggd ännu. Låt FILE_STORE_URL vara tom (filerna i PostgreSQL) eller ange disk.');
  }
  throw new DomainError('invalid-file-store', `FILE_STORE_URL=${setting.slice(0, 60)} känns inte igen. Ange postgres, disk eller lämna den tom.`);
}

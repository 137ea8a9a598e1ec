/**
 * Stored files shared through PostgreSQL (issue 20.6, src/documents/blobs.ts):
 * two file stores with disks of their own on one database, as two app
 * processes on two machines have. PostgreSQL only (PGlite is one process and
 * keeps its files on disk); skipped, saying so, without DATABASE_URL.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../src/db/index.ts';
import { CHUNK_BYTES, PgBlobStore, sharedBlobsFor } from '../../src/documents/blobs.ts';
import { FileStore } from '../../src/documents/files.ts';
import { backup, restore } from '../../src/ops/backup.ts';
import { adminQuery, freshPgDatabase } from '../robustness/support.ts';

const PG_URL = process.env.DATABASE_URL;
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe.skipIf(!PG_URL)('stored files in PostgreSQL, shared by processes with disks of their own (PostgreSQL only: skipped without DATABASE_URL)', () => {
  let db: Db;
  let work: string;
  const schema = `t_${randomBytes(6).toString('hex')}`;
  let a: FileStore;
  let b: FileStore;

  beforeAll(async () => {
    db = await openDb({ url: PG_URL, schema });
    work = mkdtempSync(path.join(tmpdir(), 'delade-filer-'));
    a = new FileStore(path.join(work, 'a'), new PgBlobStore(db.kysely));
    b = new FileStore(path.join(work, 'b'), new PgBlobStore(db.kysely));
  });
  afterAll(async () => {
    await db.close();
    await adminQuery(`drop schema if exists ${schema} cascade`);
    rmSync(work, { recursive: true, force: true });
  });

  it('serves a file one store wrote from the other, chunk by chunk, its hash checked, the disk a cache', async () => {
    const bytes = randomBytes(Math.round(CHUNK_BYTES * 3.5)); // four chunks, the last half full
    const { sha256, size } = await a.putBytes(bytes);
    expect(sha256).toBe(sha(bytes));
    const chunks = await db.kysely.selectFrom('file_blob_chunk').select(['seq', sql<number>`length(data)`.as('n')]).where('sha256', '=', sha256).orderBy('seq').execute();
    expect(chunks.map((c) => Number(c.n))).toEqual([CHUNK_BYTES, CHUNK_BYTES, CHUNK_BYTES, CHUNK_BYTES / 2]);
    // b has it without having it on its disk
    expect(await b.hasLocal(sha256)).toBe(false);
    expect(await b.has(sha256)).toBe(true);
    expect(await b.size(sha256)).toBe(size);
    const p = await b.localPath(sha256);
    expect(await b.hasLocal(sha256)).toBe(true);
    expect(sha(await readFile(p))).toBe(sha256);
    expect(readdirSync(path.join(b.root, 'tmp'))).toEqual([]);
    // and the disk is only a cache: without it, the file comes back from the database
    rmSync(p);
    expect(sha(await b.read(sha256))).toBe(sha256);
  });

  it('writes a content once, however often and however concurrently it is stored', async () => {
    const bytes = randomBytes(200_000);
    await Promise.all([a.putBytes(bytes), b.putBytes(bytes), a.putBytes(bytes)]);
    const heads = await db.kysely.selectFrom('file_blob').select(['byte_size', 'chunk_count']).where('sha256', '=', sha(bytes)).execute();
    expect(heads).toEqual([{ byte_size: 200_000, chunk_count: 1 }]);
  });

  it('refuses a file whose content in the database does not match its hash, leaving nothing on disk', async () => {
    const bytes = randomBytes(5000);
    const { sha256 } = await a.putBytes(bytes);
    await db.kysely.updateTable('file_blob_chunk').set({ data: randomBytes(5000) }).where('sha256', '=', sha256).execute();
    const c = new FileStore(path.join(work, 'c'), new PgBlobStore(db.kysely));
    await expect(c.read(sha256)).rejects.toThrow(/fel innehåll/);
    expect(await c.hasLocal(sha256)).toBe(false);
    expect(readdirSync(path.join(c.root, 'tmp'))).toEqual([]);
  });

  it('chooses the store from FILE_STORE_URL: PostgreSQL by default, the disk on request, S3 refused in Swedish as not built', () => {
    expect(sharedBlobsFor(db, {})).toBeInstanceOf(PgBlobStore);
    expect(sharedBlobsFor(db, { FILE_STORE_URL: 'disk' })).toBeNull();
    expect(() => sharedBlobsFor(db, { FILE_STORE_URL: 's3://styrbord-filer' })).toThrow(/inte inbyggd/);
    expect(sharedBlobsFor({ kind: 'pglite', kysely: db.kysely }, {})).toBeNull();
    expect(() => sharedBlobsFor({ kind: 'pglite', kysely: db.kysely }, { FILE_STORE_URL: 'postgres' })).toThrow(/kräver att databasen är PostgreSQL/);
  });

  it('keeps the files in the backup: a restored database with an empty disk serves them', async () => {
    const bytes = randomBytes(CHUNK_BYTES + 10);
    const { sha256 } = await a.putBytes(bytes);
    const file = path.join(work, 'kopia.tar');
    await backup(db, file, { filesDir: null });
    const fresh = await freshPgDatabase('delade_filer');
    try {
      await restore(file, { url: fresh.url, filesDir: path.join(work, 'aterstallda') });
      const restored = await openDb({ url: fresh.url, schema, migrate: false });
      try {
        const d = new FileStore(path.join(work, 'd'), new PgBlobStore(restored.kysely));
        expect(existsSync(d.pathOf(sha256))).toBe(false);
        expect(sha(await d.read(sha256))).toBe(sha256);
      } finally {
        await restored.close();
      }
    } finally {
      await fresh.drop();
    }
  }, 120_000);
});

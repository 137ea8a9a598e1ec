/** Backup and restore into a fresh database, every table compared, on PGlite and PostgreSQL. */
import { mkdtempSync, rmSync } from 'node:fs';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../src/db/index.ts';
import { backup, restore } from '../../src/ops/backup.ts';
import { importKallelse } from '../../src/importer/service.ts';
import { registerCase } from '../../src/diarium/service.ts';
import { actorWith } from '../helpers/auth.ts';

async function fingerprint(db: Db): Promise<Record<string, string>> {
  const tables = (await sql<{ t: string }>`select tablename as t from pg_tables where schemaname = current_schema() order by 1`.execute(db.kysely)).rows.map((r) => r.t);
  const out: Record<string, string> = {};
  for (const t of tables) {
    const r = await sql<{ n: number; h: string | null }>`select count(*)::int as n, md5(string_agg(x::text, '|' order by x::text)) as h from ${sql.table(t)} x`.execute(db.kysely);
    out[t] = `${r.rows[0]!.n}:${r.rows[0]!.h}`;
  }
  return out;
}

async function fill(db: Db) {
  await importKallelse(db, actorWith('secretary'), { fileName: '000.txt', text: readFileSync(new URL('../../seeds/000_97425d05012e62df.txt', import.meta.url), 'utf8') });
  await registerCase(db, actorWith('case-officer'), { title: 'Efter säkerhetskopian', registeredOn: '2026-11-24' });
}

describe('backup and restore', () => {
  it('restores a PGlite data directory into an empty one with every table equal', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'styrbord-backup-'));
    try {
      const db = await openDb({ url: '', dataDir: path.join(root, 'a') });
      await fill(db);
      const before = await fingerprint(db);
      await backup(db, path.join(root, 'kopia.tar.gz'));
      await db.close();
      await expect(restore(path.join(root, 'kopia.tar.gz'), { dataDir: path.join(root, 'a') })).rejects.toMatchObject({ code: 'target-not-empty' });
      await restore(path.join(root, 'kopia.tar.gz'), { dataDir: path.join(root, 'b') });
      const again = await openDb({ url: '', dataDir: path.join(root, 'b') });
      expect(await fingerprint(again)).toEqual(before);
      expect(Object.keys(before).length).toBeGreaterThan(20);
      await again.close();
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it.runIf(Boolean(process.env.DATABASE_URL))('restores a pg_dump into a fresh PostgreSQL database with every table equal', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'styrbord-backup-'));
    const schema = `b_${randomBytes(5).toString('hex')}`;
    const fresh = `restore_${randomBytes(5).toString('hex')}`;
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    const url = new URL(process.env.DATABASE_URL!);
    url.pathname = `/${fresh}`;
    try {
      const db = await openDb({ url: process.env.DATABASE_URL, schema });
      await fill(db);
      const before = await fingerprint(db);
      await backup(db, path.join(root, 'kopia.dump'));
      await db.close();
      await admin.query(`create database ${fresh}`);
      await restore(path.join(root, 'kopia.dump'), { url: url.href });
      const again = await openDb({ url: url.href, schema, migrate: false });
      expect(await fingerprint(again)).toEqual(before);
      await again.close();
      await expect(restore(path.join(root, 'kopia.dump'), { url: `${url.href}?options=-c%20search_path%3D${schema}` })).rejects.toMatchObject({ code: 'target-not-empty' });
    } finally {
      await admin.query(`drop database if exists ${fresh}`);
      await admin.query(`drop schema if exists ${schema} cascade`);
      await admin.end();
      rmSync(root, { recursive: true, force: true });
    }
  });
});

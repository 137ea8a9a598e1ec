/**
 * The databases every integration test runs on: embedded PGlite always, and
 * PostgreSQL when DATABASE_URL is set (each test database in its own schema,
 * dropped afterwards).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { openDb, type Db } from '../../src/db/index.ts';
import { buildApp } from '../../src/http/app.ts';

export interface TestDatabase {
  name: 'pglite' | 'postgres';
  open(): Promise<Db>;
}

const schemas: string[] = [];

export const testDatabases: TestDatabase[] = [
  { name: 'pglite', open: () => openDb({ url: '', dataDir: 'memory://' }) },
  ...(process.env.DATABASE_URL
    ? [
        {
          name: 'postgres' as const,
          open: async () => {
            const schema = `t_${randomBytes(6).toString('hex')}`;
            schemas.push(schema);
            return openDb({ url: process.env.DATABASE_URL, schema });
          },
        },
      ]
    : []),
];

/** Drops the schemas this test file created on the PostgreSQL server. */
export async function dropTestSchemas(): Promise<void> {
  if (!process.env.DATABASE_URL || schemas.length === 0) return;
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    for (const s of schemas.splice(0)) await client.query(`drop schema if exists ${s} cascade`);
  } finally {
    await client.end();
  }
}

/** Opens a test database and the app on it before a block's tests (handing both to `use`), and closes them after. */
export function useApp(tdb: TestDatabase, use: (db: Db, app: FastifyInstance) => void): void {
  let db: Db;
  let app: FastifyInstance;
  beforeAll(async () => {
    db = await tdb.open();
    app = await buildApp({ db });
    use(db, app);
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });
}

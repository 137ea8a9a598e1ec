/**
 * The databases every integration test runs on: embedded PGlite always, and
 * PostgreSQL when DATABASE_URL is set (each test database in its own schema,
 * dropped afterwards).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDb, type Db } from '../../src/db/index.ts';

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

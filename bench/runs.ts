/**
 * What the per-database benchmarks share: running on PGlite and (when
 * DATABASE_URL is set) PostgreSQL, BENCH_ONLY=pglite|postgres to run one
 * (e.g. to re-measure after a change), dropping a run's PostgreSQL schema,
 * and keeping results per database and scale in bench/results/NAME.json,
 * where a database or scale not run this time keeps its last result.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';

export type BenchDatabase = 'pglite' | 'postgres';

export async function onEachDatabase<T>(run: (kind: BenchDatabase) => Promise<T>): Promise<T[]> {
  const only = process.env.BENCH_ONLY;
  return [
    ...(only !== 'postgres' ? [await run('pglite')] : []),
    ...(process.env.DATABASE_URL && only !== 'pglite' ? [await run('postgres')] : []),
  ];
}

export async function dropSchema(schema: string): Promise<void> {
  const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await c.connect();
  await c.query(`drop schema if exists ${schema} cascade`);
  await c.end();
}

export function keepResults<T extends { database: string; scale: number }>(root: string, name: string, runs: T[]): void {
  mkdirSync(path.join(root, 'bench/results'), { recursive: true });
  const resultFile = path.join(root, `bench/results/${name}.json`);
  const earlier = (existsSync(resultFile) ? (JSON.parse(readFileSync(resultFile, 'utf8')) as Array<{ database: string; scale: number }>) : []).filter(
    (r) => !runs.some((x) => x.database === r.database && x.scale === r.scale),
  );
  writeFileSync(resultFile, JSON.stringify([...runs, ...earlier], null, 2) + '\n');
}

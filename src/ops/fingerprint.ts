/**
 * A fingerprint of the database's contents: per table the row count and an
 * MD5 over every row (in primary-key order), per sequence its position. Two
 * databases with equal fingerprints hold the same data. Backups record it;
 * a restore is checked against it.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database, Executor } from '../db/index.ts';

export interface Fingerprint {
  tables: Record<string, { rows: number; md5: string }>;
  sequences: Record<string, string>;
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

async function compute(trx: Transaction<Database>, exclude: ReadonlySet<string>): Promise<Fingerprint> {
  // the rows' text forms depend on these settings; fix them so two servers agree
  await sql`select set_config('TimeZone', 'UTC', true), set_config('DateStyle', 'ISO, YMD', true),
            set_config('IntervalStyle', 'postgres', true), set_config('extra_float_digits', '1', true),
            set_config('bytea_output', 'hex', true)`.execute(trx);
  const tables = (
    await sql<{ t: string }>`select tablename as t from pg_tables where schemaname = current_schema() order by 1`.execute(trx)
  ).rows
    .map((r) => r.t)
    .filter((t) => !exclude.has(t));
  const keys = (
    await sql<{ t: string; col: string }>`
      select c.relname as t, a.attname as col
      from pg_index i
      join pg_class c on c.oid = i.indrelid
      join pg_namespace n on n.oid = c.relnamespace
      join lateral unnest(i.indkey::int2[]) with ordinality k(attnum, pos) on true
      join pg_attribute a on a.attrelid = c.oid and a.attnum = k.attnum
      where i.indisprimary and n.nspname = current_schema()
      order by c.relname, k.pos`.execute(trx)
  ).rows;
  const order = new Map<string, string[]>();
  for (const k of keys) order.set(k.t, [...(order.get(k.t) ?? []), `x.${ident(k.col)}`]);

  const out: Fingerprint = { tables: {}, sequences: {} };
  if (tables.length > 0) {
    // one statement for all tables: a row per table
    const parts = tables.map((t) => {
      const by = (order.get(t) ?? ['x::text']).join(', ');
      return `select ${sqlString(t)} as t, count(*)::int as n, coalesce(md5(string_agg(md5(x::text), '' order by ${by})), '') as h from ${ident(t)} x`;
    });
    const rows = (await sql.raw<{ t: string; n: number; h: string }>(parts.join('\nunion all\n')).execute(trx)).rows;
    for (const r of rows) out.tables[r.t] = { rows: r.n, md5: r.h };
  }
  const seqs = (
    await sql<{ s: string }>`select sequencename as s from pg_sequences where schemaname = current_schema() order by 1`.execute(trx)
  ).rows.map((r) => r.s);
  if (seqs.length > 0) {
    const parts = seqs.map((s) => `select ${sqlString(s)} as s, last_value::text || case when is_called then '' else ' (oanvänd)' end as v from ${ident(s)}`);
    for (const r of (await sql.raw<{ s: string; v: string }>(parts.join('\nunion all\n')).execute(trx)).rows) out.sequences[r.s] = r.v;
  }
  return out;
}

function sqlString(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/** The fingerprint of the current schema, in one snapshot (its own transaction unless given one). */
export async function fingerprint(ex: Executor, options: { exclude?: Iterable<string> } = {}): Promise<Fingerprint> {
  const exclude = new Set(options.exclude ?? []);
  if (ex.isTransaction) return compute(ex as Transaction<Database>, exclude);
  return (ex as Kysely<Database>).transaction().setIsolationLevel('repeatable read').execute((trx) => compute(trx, exclude));
}

/** What differs between two fingerprints, in Swedish, one line per table or sequence (empty when equal). */
export function differences(expected: Fingerprint, actual: Fingerprint): string[] {
  const out: string[] = [];
  for (const t of new Set([...Object.keys(expected.tables), ...Object.keys(actual.tables)])) {
    const e = expected.tables[t];
    const a = actual.tables[t];
    if (!e) out.push(`tabellen ${t} finns inte i säkerhetskopian`);
    else if (!a) out.push(`tabellen ${t} saknas`);
    else if (e.rows !== a.rows) out.push(`tabellen ${t} har ${a.rows} rader, säkerhetskopian ${e.rows}`);
    else if (e.md5 !== a.md5) out.push(`tabellen ${t} har andra värden än säkerhetskopian`);
  }
  for (const s of new Set([...Object.keys(expected.sequences), ...Object.keys(actual.sequences)])) {
    const e = expected.sequences[s];
    const a = actual.sequences[s];
    // Sequences stand outside every snapshot: pg_dump reads them after the fingerprint, so a writer
    // that took a number meanwhile (it serialises on the audit chain, so one often does) leaves the
    // dump's sequence ahead. Ahead is harmless (the numbers beyond are in no row); behind is not.
    if (e !== a && !(e !== undefined && a !== undefined && position(a) > position(e))) out.push(`sekvensen ${s} står på ${a ?? '–'}, säkerhetskopian ${e ?? '–'}`);
  }
  return out;
}

/** A sequence's position as compute() writes it: "48", or "1 (oanvänd)" just before 1. */
function position(v: string): number {
  const n = Number.parseInt(v, 10);
  return v.endsWith('(oanvänd)') ? n - 0.5 : n;
}

export const totalRows = (f: Fingerprint) => Object.values(f.tables).reduce((n, t) => n + t.rows, 0);

/**
 * src/db/schema.ts is written by hand; this test holds it to the migrated
 * database (issue 19): the same tables, the same columns, a column the
 * database allows to be null is typed with `null` (or is generated), and a
 * column typed Generated has a default in the database. Read
 * with the TypeScript compiler's own parser, not with regular expressions.
 */
import { readFileSync } from 'node:fs';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Db } from '../../src/db/index.ts';
import { dropTestSchemas, testDatabases } from '../helpers/db.ts';

interface DeclaredColumn {
  nullable: boolean;
  generated: boolean;
}

/** Tables and columns of the `Database` interface, as declared. */
function declaredTables(): Map<string, Map<string, DeclaredColumn>> {
  const file = 'src/db/schema.ts';
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const aliases = new Map<string, ts.TypeNode>();
  let database: ts.InterfaceDeclaration | undefined;
  source.forEachChild((node) => {
    if (ts.isTypeAliasDeclaration(node)) aliases.set(node.name.text, node.type);
    if (ts.isInterfaceDeclaration(node) && node.name.text === 'Database') database = node;
  });
  if (!database) throw new Error('src/db/schema.ts har inget interface Database');
  const interfaces = new Map<string, ts.InterfaceDeclaration>();
  source.forEachChild((node) => {
    if (ts.isInterfaceDeclaration(node)) interfaces.set(node.name.text, node);
  });
  const membersOf = (type: ts.TypeNode): ts.NodeArray<ts.TypeElement> => {
    if (ts.isTypeLiteralNode(type)) return type.members;
    if (ts.isTypeReferenceNode(type)) {
      const name = type.typeName.getText(source);
      const i = interfaces.get(name);
      if (i) return i.members;
      const alias = aliases.get(name);
      if (alias) return membersOf(alias);
    }
    throw new Error(`kan inte läsa tabelltypen ${type.getText(source)}`);
  };
  const mentionsNull = (text: string, seen = new Set<string>()): boolean => {
    if (/\bnull\b/.test(text)) return true;
    for (const [name, node] of aliases) {
      if (seen.has(name) || !new RegExp(`\\b${name}\\b`).test(text)) continue;
      seen.add(name);
      if (mentionsNull(node.getText(source), seen)) return true;
    }
    return false;
  };
  const tables = new Map<string, Map<string, DeclaredColumn>>();
  for (const member of database.members) {
    if (!ts.isPropertySignature(member) || !member.type) continue;
    const columns = new Map<string, DeclaredColumn>();
    for (const column of membersOf(member.type)) {
      if (!ts.isPropertySignature(column) || !column.type) continue;
      const text = column.type.getText(source);
      columns.set(column.name.getText(source).replace(/^['"]|['"]$/g, ''), {
        nullable: mentionsNull(text) || column.questionToken !== undefined,
        generated: /\bGenerated(Always)?</.test(text),
      });
    }
    tables.set(member.name.getText(source).replace(/^['"]|['"]$/g, ''), columns);
  }
  return tables;
}

async function migratedTables(db: Db): Promise<Map<string, Map<string, { nullable: boolean; hasDefault: boolean; computed: boolean }>>> {
  const rows = await sql<{ table_name: string; column_name: string; is_nullable: string; column_default: string | null; is_generated: string | null; is_identity: string | null }>`
    select c.table_name, c.column_name, c.is_nullable, c.column_default, c.is_generated, c.is_identity
    from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
    where c.table_schema = current_schema() and t.table_type = 'BASE TABLE'
  `.execute(db.kysely);
  const tables = new Map<string, Map<string, { nullable: boolean; hasDefault: boolean; computed: boolean }>>();
  for (const r of rows.rows) {
    if (!tables.has(r.table_name)) tables.set(r.table_name, new Map());
    tables.get(r.table_name)!.set(r.column_name, { nullable: r.is_nullable === 'YES', hasDefault: r.column_default !== null || r.is_identity === 'YES', computed: r.is_generated === 'ALWAYS' });
  }
  return tables;
}

const declared = declaredTables();

describe.each(testDatabases)('src/db/schema.ts against the migrated database on $name', (tdb) => {
  afterAll(dropTestSchemas);

  it('declares exactly the tables and columns the migrations create, null where the database allows it', async () => {
    const db = await tdb.open();
    try {
      const actual = await migratedTables(db);
      // a BEFORE INSERT trigger may fill columns (the audit chain's hashes, migration 024)
      const triggered = new Set(
        (
          await sql<{ table: string }>`
            select event_object_table as table from information_schema.triggers
            where trigger_schema = current_schema() and event_manipulation = 'INSERT' and action_timing = 'BEFORE'
          `.execute(db.kysely)
        ).rows.map((r) => r.table),
      );
      const problems: string[] = [];
      for (const table of [...actual.keys()].sort()) {
        if (!declared.has(table)) problems.push(`tabellen ${table} saknas i schema.ts`);
      }
      for (const [table, columns] of declared) {
        const real = actual.get(table);
        if (!real) {
          problems.push(`schema.ts har tabellen ${table}, som databasen inte har`);
          continue;
        }
        for (const column of real.keys()) if (!columns.has(column)) problems.push(`${table}.${column} saknas i schema.ts`);
        for (const [column, decl] of columns) {
          const r = real.get(column);
          if (!r) problems.push(`schema.ts har ${table}.${column}, som databasen inte har`);
          else if (r.nullable && !decl.nullable && !decl.generated && !r.computed) problems.push(`${table}.${column} kan vara null i databasen men inte i schema.ts`);
          // Generated<…> lets an insert leave the column out: the database must then fill it
          else if (decl.generated && !r.nullable && !r.hasDefault && !r.computed && !triggered.has(table)) problems.push(`${table}.${column} är Generated i schema.ts men databasen har inget standardvärde`);
        }
      }
      expect(problems).toEqual([]);
      expect(declared.size).toBeGreaterThan(20);
    } finally {
      await db.close();
    }
  });
});

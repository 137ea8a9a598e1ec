/**
 * Styrbord's command line.
 *   start            open the database (migrating it), import the demo papers on first start, serve on PORT (3000)
 *   import <file…>   import kallelser, PDF or text (one transaction per file); flagged table rows need --bekrafta
 *   import-kolada <file…>  read saved Kolada API responses (JSON) into indicator series
 *   backup <file>    write a backup (database and stored files) to one file
 *   restore <file>   restore a backup into an empty database or data directory (--force: move the old aside)
 *   create-admin <user> <name>  the first administrator, when the server is not running (else: the one-time link)
 * Each of them locks a PGlite data directory while it has it open (src/db/lock.ts): a second process on
 * it is refused, naming the holder. With no administrator, start prints a one-time link to choose the
 * first one in the browser (src/access/firstRun.ts).
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { migrate, openDb } from './db/index.ts';
import { grantAppRole, roleOf } from './db/appRole.ts';
import { parseAnchor, verifyAuditChain, type Anchor, type ChainStatus } from './ops/auditVerify.ts';
import { importDemoData } from './importer/demo.ts';
import { buildApp } from './http/app.ts';
import { publicBaseUrl } from './http/headers.ts';
import { importKallelse } from './importer/service.ts';
import type { TableReport } from './importer/types.ts';
import { DomainError } from './kernel/errors.ts';
import { createFirstAdmin } from './access/service.ts';
import { backup, readManifest, restore } from './ops/backup.ts';
import { FIRST_RUN_HOURS, firstRunUrl, issueFirstRunToken, linkBase } from './access/firstRun.ts';
import { FileStore, shareFiles } from './documents/files.ts';
import { sharedBlobsFor } from './documents/blobs.ts';
import { configFromEnv as documentsConfig, shareBookJobs, stopSharedBookJobs } from './documents/service.ts';
import { indexQueued } from './publish/search.ts';
import { importKoladaFiles } from './kpi/cli.ts';
import { startDueReminders } from './steering/dueReminders.ts';

async function start() {
  // absolute URLs (OParl, feeds, sign-in) need PUBLIC_BASE_URL when the server is reachable from other machines
  try {
    publicBaseUrl();
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    console.error(e.message);
    process.exit(1);
  }
  // a PGlite data directory is locked to this process until it ends (a second start, or create-admin, is refused)
  const db = await openDb();
  // several processes on one PostgreSQL (issue 20.6): the stored files in the database (FILE_STORE_URL), the book builds as pg-boss jobs
  try {
    shareFiles(sharedBlobsFor(db));
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    console.error(e.message);
    await db.close();
    process.exit(1);
  }
  await importDemoData(db, (m) => console.log(m));
  // search documents a stop left unbuilt (the import had committed, its indexing had not)
  const indexed = await indexQueued(db);
  if (indexed > 0) console.log(`Sökindexet byggdes för ${indexed} sammanträden.`);
  const swept = await new FileStore().sweepTemporary();
  if (swept > 0) console.log(`${swept} ofullständiga temporärfiler från en avbruten uppladdning eller kallelsebyggnad togs bort.`);
  const app = await buildApp({ db, logger: true });
  if (db.kind === 'postgres' && process.env.JOBS !== 'memory') {
    try {
      await shareBookJobs(db, documentsConfig());
    } catch (e) {
      // pg-boss creates its schema on first start: the app's role needs CREATE on the database, or the schema made for it (docs/scaling.md)
      console.error(`Jobbkön (pg-boss) kunde inte startas: ${e instanceof Error ? e.message : String(e)}. Se docs/scaling.md (schemat pgboss), eller kör en enda process med JOBS=memory.`);
      await app.close();
      await db.close();
      process.exit(1);
    }
  }
  const port = Number(process.env.PORT ?? 3000);
  const host = process.env.HOST ?? '127.0.0.1';
  const shutdown = async () => {
    await app.close();
    await stopSharedBookJobs(db);
    await db.close();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  // no administrator yet (a new installation): a one-time link to choose the first one in the browser
  // (its token is stored before the server listens, so the link works as soon as it is printed)
  const firstRun = await issueFirstRunToken(db);
  await app.listen({ port, host });
  const actualPort = (app.server.address() as AddressInfo).port;
  console.log(`Styrbord körs på http://${host === '0.0.0.0' ? 'localhost' : host}:${actualPort} (databas: ${db.kind === 'pglite' ? 'inbäddad PGlite' : 'PostgreSQL'})`);
  if (firstRun) {
    console.log(
      [
        '',
        'Det finns ingen administratör ännu. Öppna den här länken i webbläsaren för att skapa den första',
        `(du väljer användarnamn, namn och lösenord; länken fungerar en gång och i ${FIRST_RUN_HOURS} timmar, och en ny skrivs ut vid nästa start):`,
        '',
        `  ${firstRunUrl(linkBase(actualPort), firstRun.token)}`,
        '',
      ].join('\n'),
    );
  }
  // reminders before a report period's deadline: checked now and every REMINDER_INTERVAL_MINUTES (issue 17.2)
  startDueReminders(db, { baseUrl: publicBaseUrl() });
}

/** An import's tables, row by row (issue 18.3), as the import page shows them. */
function printTables(tables: TableReport[]): void {
  for (const t of tables) {
    console.log(`  ${t.label}: ${t.read} rader lästa, ${t.kept} sparade, ${t.flagged.length} flaggade.`);
    for (const f of t.flagged) console.log(`    ${f.line ? `rad ${f.line}: ` : ''}${f.reason} ("${f.row}")`);
    for (const n of t.notes ?? []) console.log(`    ${n}`);
  }
}

async function importFiles(args: string[]) {
  // flagged rows in a file's tables need an explicit confirmation, as on the import page
  const confirm = args.some((a) => a === '--bekrafta' || a === '--bekräfta' || a === '--confirm');
  const files = args.filter((a) => !/^--(?:bekr[aä]fta|confirm)$/.test(a));
  if (files.length === 0) {
    console.error('Ange minst en fil: npm run import -- <fil.pdf|fil.txt>');
    process.exit(2);
  }
  const db = await openDb();
  shareFiles(sharedBlobsFor(db));
  let failed = 0;
  try {
    for (const file of files) {
      try {
        // the bytes as they are: a PDF, or a text in UTF-8 or Windows-1252 (importer/source.ts tells them apart)
        const bytes = await readFile(file);
        const r = await importKallelse(db, { id: 'cli', system: true }, { fileName: path.basename(file), bytes }, undefined, { requireConfirm: true, confirm });
        console.log(
          !r.created
            ? `${file}: redan importerad (sammanträde ${r.meetingId}); ingenting ändrades.`
            : r.replaced
              ? `${file}: sammanträde ${r.meetingId} uppdaterat på plats (${r.items} punkter, ${r.cases} ärenden; punkternas id och sekretessmarkeringar behålls).`
              : `${file}: importerad som sammanträde ${r.meetingId} (${r.items} punkter, ${r.cases} ärenden).`,
        );
        for (const line of r.report) console.log(`  ${line}`);
        // the rest of the import's report, as it is stored with the import (importer/service.ts) and shown on the import page
        printTables(r.plan.tables);
        for (const line of r.plan.flags.filter((f) => !r.report.includes(f))) console.log(`  Flagga: ${line}`);
        for (const d of r.plan.documents) console.log(`  Punkt ${d.itemNumber}: "${d.title}", sidorna ${d.fromPage}–${d.toPage} i filen, som bilaga.`);
        if (r.importId !== null) console.log(`  Importen sparades med sin rapport som import ${r.importId} (sidan Import, /import/${r.importId}).`);
      } catch (e) {
        failed++;
        if (e instanceof DomainError && e.code === 'import-rows-unconfirmed') {
          console.error(e.message);
          printTables((e.details?.tables ?? []) as TableReport[]);
          console.error(`  Kör igen med --bekrafta (eller --confirm) för att importera ${path.basename(file)} med de flaggade raderna: npm run import -- --bekrafta ${file}`);
        } else if (e instanceof DomainError) console.error(`${file}: ${e.message}`);
        else if ((e as NodeJS.ErrnoException).code === 'ENOENT') console.error(`${file}: filen finns inte.`);
        else throw e;
      }
    }
  } finally {
    await db.close();
  }
  process.exit(failed ? 1 : 0);
}

/** Reads a password without echoing it (or from STYRBORD_PASSWORD, for scripts). */
async function readPassword(prompt: string): Promise<string> {
  if (process.env.STYRBORD_PASSWORD) return process.env.STYRBORD_PASSWORD;
  if (!process.stdin.isTTY) {
    let data = '';
    for await (const chunk of process.stdin) data += chunk;
    return data.split(/\r?\n/)[0] ?? '';
  }
  process.stdout.write(prompt);
  process.stdin.setRawMode(true);
  return new Promise((resolve) => {
    let pw = '';
    process.stdin.on('data', (buf) => {
      for (const ch of buf.toString('utf8')) {
        if (ch === '\r' || ch === '\n') {
          process.stdin.setRawMode(false);
          process.stdout.write('\n');
          process.stdin.pause();
          resolve(pw);
          return;
        }
        if (ch === '\u0003') process.exit(130);
        pw = ch === '\u007f' ? pw.slice(0, -1) : pw + ch;
      }
    });
  });
}

async function createAdmin(args: string[]) {
  const [username, ...nameParts] = args;
  if (!username || nameParts.length === 0) {
    console.error('Användning: npm run create-admin -- <användarnamn> <Förnamn Efternamn>  (lösenordet frågas efter, eller STYRBORD_PASSWORD)');
    process.exit(2);
  }
  // the data directory first: while the server has it open this is refused (pointing to the one-time link), before a password is asked for
  const db = await openDb();
  try {
    const password = await readPassword('Lösenord (minst 12 tecken och svårt att gissa, till exempel fyra ord som inte hör ihop): ');
    const user = await createFirstAdmin(db, { username, displayName: nameParts.join(' '), password });
    console.log(`Administratören ${user.username} är skapad.`);
  } catch (e) {
    if (e instanceof DomainError) {
      console.error(e.message);
      process.exitCode = 1;
    } else throw e;
  } finally {
    await db.close();
  }
}

const sv = (n: number) => n.toLocaleString('sv-SE');

async function backupCommand(args: string[]) {
  const force = args.includes('--force');
  const file = args.find((a) => !a.startsWith('--'));
  if (!file) {
    console.error('Användning: npm run backup -- <fil> [--force]');
    process.exit(2);
  }
  try {
    if (existsSync(file) && !force) throw new DomainError('file-exists', `Filen ${file} finns redan. Välj ett annat namn, eller ange --force för att skriva över den.`);
    if (!process.env.DATABASE_URL) {
      const dataDir = path.resolve(process.env.DATA_DIR ?? 'data');
      if (!existsSync(path.join(dataDir, 'PG_VERSION'))) throw new DomainError('not-found', `Det finns ingen databas i ${dataDir} att säkerhetskopiera.`);
    }
    // with PGlite, openDb takes the data directory's lock: a running server's directory is refused, with who holds it
    const db = await openDb({ migrate: false });
    try {
      const r = await backup(db, file, { force });
      console.log(
        `Säkerhetskopian ${file} är skriven: ${r.kind === 'pglite' ? 'inbäddad PGlite' : 'PostgreSQL (pg_dump)'}, ${r.tables} tabeller, ${sv(r.rows)} rader, ${r.files} lagrade filer, ${sv(Math.ceil(r.bytes / 1024))} kB.`,
      );
      reportChain(r.auditChain, 'Säkerhetskopian är tagen ändå (den bevarar läget som det är) och brottet står i dess innehållsförteckning.');
    } finally {
      await db.close();
    }
  } catch (e) {
    if (e instanceof DomainError) {
      console.error(e.message);
      process.exit(1);
    }
    throw e;
  }
}

async function restoreCommand(args: string[]) {
  const force = args.includes('--force');
  const file = args.find((a) => !a.startsWith('--'));
  if (!file) {
    console.error('Användning: npm run restore -- <fil> [--force]');
    process.exit(2);
  }
  try {
    const r = await restore(file, { url: process.env.DATABASE_URL || undefined, dataDir: process.env.DATA_DIR ?? path.resolve('data'), force });
    console.log(
      `Databasen är återställd från ${file} (tagen ${r.createdAt.slice(0, 16).replace('T', ' ')} UTC): ${r.tables} tabeller och ${sv(r.rows)} rader stämmer med säkerhetskopian; ${r.files} lagrade filer.` +
        (r.movedAside ? ` Det tidigare innehållet finns kvar i ${r.kind === 'pglite' ? 'katalogen' : 'schemat'} ${r.movedAside}.` : ''),
    );
    reportChain(r.auditChain, 'Den återställda granskningsloggen är alltså inte hel.');
  } catch (e) {
    if (e instanceof DomainError) {
      console.error(e.message);
      process.exit(1);
    }
    throw e;
  }
}

/** After a backup or restore: the audit chain's state; a broken one loudly, with exit code 3. */
function reportChain(chain: ChainStatus, after: string) {
  if (chain.ok === false) {
    console.error(`VARNING: GRANSKNINGSLOGGEN ÄR INTE HEL. ${chain.message} ${after} Kör npm run audit-verify för detaljer.`);
    process.exitCode = 3;
  } else console.log(chain.message);
}

/** `npm run migrate`: applies the migrations, as the schema's owner (MIGRATION_DATABASE_URL, else DATABASE_URL); docs/access.md. */
async function migrateCommand() {
  const url = process.env.MIGRATION_DATABASE_URL || process.env.DATABASE_URL || undefined;
  const db = await openDb({ url, migrate: false });
  try {
    const applied = await migrate(db);
    console.log(applied.length > 0 ? `Migrering ${applied.join(', ')} är genomförd.` : 'Databasen är redan migrerad; ingenting ändrades.');
    // the role the app runs as: APP_DB_ROLE, or DATABASE_URL's user when the owner's URL is MIGRATION_DATABASE_URL
    const appRole = process.env.APP_DB_ROLE || (process.env.MIGRATION_DATABASE_URL && process.env.DATABASE_URL ? roleOf(process.env.DATABASE_URL) : null);
    if (db.kind === 'postgres' && appRole && appRole !== roleOf(url!)) {
      await grantAppRole(db.kysely, appRole);
      console.log(`Rollen ${appRole} har fått appens rättigheter (läsa och lägga till i granskningsloggen, inte ändra den; docs/access.md).`);
    }
  } finally {
    await db.close();
  }
}

/**
 * `npm run audit-verify [-- --anchor <id>:<hash> …] [--anchor-from <backup> …] [--json]`: walks the audit log's hash chain.
 * Exit code 0: whole; 1: broken (the first broken entry is named); 3: no chain yet (before migration 24).
 */
async function auditVerifyCommand(args: string[]) {
  const anchors: Anchor[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] !== '--anchor') continue;
    const a = parseAnchor(args[++i] ?? '');
    if (!a) {
      console.error('--anchor tar <id>:<hash>, t.ex. --anchor 1234:3f9a… (hashen med 64 hexadecimala tecken, som en tidigare kontroll skrev ut).');
      process.exit(2);
    }
    anchors.push(a);
  }
  // the last entry a backup saw: the log must still have it, with the same hash
  for (let i = 0; i < args.length; i++) {
    if (args[i] !== '--anchor-from') continue;
    const file = args[++i] ?? '';
    try {
      const head = (await readManifest(file)).manifest.auditChain?.head;
      if (!head) {
        console.error(`Säkerhetskopian ${file} är äldre än granskningsloggens hashkedja och har ingen post att jämföra med.`);
        process.exit(2);
      }
      anchors.push({ id: head.id, hash: head.hash });
    } catch (e) {
      if (e instanceof DomainError) {
        console.error(e.message);
        process.exit(2);
      }
      throw e;
    }
  }
  if (!process.env.DATABASE_URL) {
    const dataDir = path.resolve(process.env.DATA_DIR ?? 'data');
    if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
      console.error(`Det finns ingen databas i ${dataDir} att kontrollera (ange DATA_DIR eller DATABASE_URL).`);
      process.exit(2);
    }
  }
  const db = await openDb({ migrate: false });
  let status: ChainStatus;
  try {
    status = await verifyAuditChain(db.kysely, { anchors });
  } finally {
    await db.close();
  }
  if (args.includes('--json')) console.log(JSON.stringify(status, null, 2));
  else if (status.ok === false) {
    const b = status.broken!;
    console.error(`GRANSKNINGSLOGGEN ÄR INTE HEL. ${status.message}`);
    if (b.stored || b.expected) console.error(`  lagrat: ${b.stored ?? '–'}\n  väntat: ${b.expected ?? '–'}`);
    console.error(`  ${sv(status.entries)} ${status.entries === 1 ? 'post' : 'poster'} före den var hela. Utred vem som har haft ägarrollen till tabellen audit_log (docs/access.md).`);
  } else console.log(`${status.message} (${sv(status.ms)} ms)`);
  process.exit(status.ok === true ? 0 : status.ok === false ? 1 : 3);
}

const [command, ...args] = process.argv.slice(2);
try {
  if (command === 'start') await start();
  else if (command === 'import') await importFiles(args);
  else if (command === 'import-kolada') process.exit(await importKoladaFiles(args));
  else if (command === 'create-admin') await createAdmin(args);
  else if (command === 'backup') await backupCommand(args);
  else if (command === 'restore') await restoreCommand(args);
  else if (command === 'migrate') await migrateCommand();
  else if (command === 'audit-verify') await auditVerifyCommand(args);
  else {
    console.error('Användning: tsx src/cli.ts start | import [--bekrafta] <fil.pdf|fil.txt…> | create-admin <användarnamn> <namn> | backup <fil> [--force] | restore <fil> [--force] | migrate | audit-verify [--anchor <id>:<hash>] [--anchor-from <säkerhetskopia>] [--json]');
    process.exit(2);
  }
} catch (e) {
  // a refusal the user can act on (a data directory another process holds, …): its Swedish message, no stack
  if (!(e instanceof DomainError)) throw e;
  console.error(e.message);
  process.exit(1);
}

/**
 * One process owns a PGlite data directory. PGlite has no lock of its own
 * (it is one embedded Postgres per process), so two processes on one
 * directory would each write their own pages and WAL over the other's: the
 * second one's work is lost and the directory can be damaged. Every command
 * that opens a data directory (start, import, create-admin, backup, restore)
 * therefore takes an exclusive lock on it for as long as it has it open, and a
 * second one is refused with a Swedish message naming the holder.
 *
 * The lock is proper-lockfile's, rather than an O_EXCL file with a pid in it:
 * - it is a directory made with mkdir, which is atomic on every file system,
 *   network file systems included (O_EXCL is not reliable over NFS);
 * - its holder refreshes its mtime every few seconds, so a lock left by a
 *   process that died is recognised as stale by age alone: this works across
 *   containers and hosts sharing a volume, where a pid means nothing (another
 *   pid namespace, or the pid reused by an unrelated process);
 * - it notices when its lock was taken over (the mtime is not the one it set)
 *   and says so, instead of two writers carrying on;
 * - it removes the lock on every exit it can (signal-exit), Ctrl+C included.
 * Besides that we write who holds it (pid, command, since when, host) into the
 * lock directory, for the message, and on the same host we take over at once
 * a lock whose process no longer exists (after kill -9), instead of making the
 * user wait until it is stale.
 *
 * The lock sits beside the data directory (`data.lock` for `data`), not in
 * it: PGlite's dump of the directory (the backup) must not carry it, and a
 * restore moves the directory aside and puts another in its place while it
 * holds the lock.
 */
import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import path from 'node:path';
import lockfile from 'proper-lockfile';
import { DomainError } from '../kernel/errors.ts';

/** Who holds a data directory. */
export interface LockOwner {
  pid: number;
  /** The command, as the user typed it where we can tell (npm start, npm run create-admin …). */
  command: string;
  /** ISO instant the lock was taken. */
  since: string;
  host: string;
}

export interface DataDirLock {
  /** The lock directory (beside the data directory). */
  readonly path: string;
  /** Releases the lock (once; later calls do nothing). */
  release(): Promise<void>;
}

const OWNER_FILE = 'agare.json';
/** A lock not refreshed for this long is stale (its holder is gone, or hung far longer than any request). */
const STALE_MS = 30_000;
/** How often the holder refreshes the lock's mtime. */
const UPDATE_MS = 5_000;

/** The Styrbord command this process runs ("start", "create-admin" …), when it is the CLI. */
export function cliCommand(argv = process.argv): string | null {
  const script = argv[1] ?? '';
  return /(^|[\\/])cli\.ts$/.test(script) ? (argv[2] ?? null) : null;
}

/** How the user started this process, as they would recognise it. */
export function describeProcess(argv = process.argv): string {
  const cmd = cliCommand(argv);
  if (cmd === 'start') return 'npm start';
  if (cmd) return `npm run ${cmd}`;
  return [path.basename(argv[1] ?? argv[0] ?? 'node'), ...argv.slice(2)].join(' ').slice(0, 120);
}

/** The data directory's canonical path (symlinks resolved), also when it does not exist yet. */
function canonical(dir: string): string {
  const abs = path.resolve(dir);
  try {
    return fs.realpathSync(abs);
  } catch {
    try {
      return path.join(fs.realpathSync(path.dirname(abs)), path.basename(abs));
    } catch {
      return abs;
    }
  }
}

/**
 * The file system proper-lockfile works through: the same, except that the
 * lock directory gets our owner file as it is made (before proper-lockfile
 * sets the mtime it will check), and is removed with it.
 */
function ownerFs(owner: LockOwner) {
  return {
    ...fs,
    mkdir(p: string, cb: (err: NodeJS.ErrnoException | null) => void) {
      fs.mkdir(p, (err) => {
        if (err) return cb(err);
        fs.writeFile(path.join(p, OWNER_FILE), JSON.stringify(owner), (werr) => {
          if (!werr) return cb(null);
          fs.rm(p, { recursive: true, force: true }, () => cb(werr));
        });
      });
    },
    rmdir(p: string, cb: (err: NodeJS.ErrnoException | null) => void) {
      fs.rm(p, { recursive: true }, (err) => cb(err ?? null));
    },
    rmdirSync(p: string) {
      fs.rmSync(p, { recursive: true });
    },
  };
}

async function readOwner(lockPath: string): Promise<LockOwner | null> {
  // the holder writes the file just after making the directory: give it a moment
  for (let i = 0; i < 5; i++) {
    try {
      const o = JSON.parse(await fs.promises.readFile(path.join(lockPath, OWNER_FILE), 'utf8')) as LockOwner;
      if (Number.isInteger(o.pid)) return o;
      return null;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') return null;
      await new Promise((r) => setTimeout(r, 40));
    }
  }
  return null;
}

/** Whether a process with this pid exists on this host (EPERM: it does, under another user). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the lock of a process that no longer exists. The lock is first
 * renamed (atomic) to a name of our own, so that of two processes doing this
 * at once only one removes it, and only the dead holder's lock: if what we
 * moved is not the lock we judged (another process took the lock in
 * between), it goes back.
 */
async function takeOverDead(lockPath: string, dead: LockOwner): Promise<boolean> {
  const moved = `${lockPath}.dod-${randomBytes(4).toString('hex')}`;
  try {
    await fs.promises.rename(lockPath, moved);
  } catch {
    return false;
  }
  const what = await readOwner(moved);
  if (what && what.pid === dead.pid && what.since === dead.since && what.host === dead.host) {
    await fs.promises.rm(moved, { recursive: true, force: true });
    return true;
  }
  await fs.promises.rename(moved, lockPath).catch(() => fs.promises.rm(moved, { recursive: true, force: true }));
  return false;
}

const when = (iso: string) => new Date(iso).toLocaleString('sv-SE', { timeZone: 'Europe/Stockholm' });

/** The refusal: who holds the directory, and what to do. */
export function lockedMessage(dir: string, holder: LockOwner | null, ours: string | null = cliCommand()): string {
  const who = holder
    ? `process ${holder.pid} (${holder.command}), sedan ${when(holder.since)}${holder.host !== hostname() ? ` på datorn ${holder.host}` : ''}`
    : 'en annan process';
  const serverHolds = !holder || /\bstart\b|\bdev\b/.test(holder.command);
  const parts = [
    `Datakatalogen ${dir} används redan av ${who}.`,
    'Två processer på samma inbäddade databas kan skada den, så den här fick inte öppna den.',
    serverHolds
      ? 'Stoppa servern (Ctrl+C i terminalen där npm start körs) och försök igen.'
      : `Vänta tills ${holder.command} är klar, eller avbryt den med Ctrl+C, och försök igen.`,
  ];
  if (ours === 'create-admin') {
    parts.push(
      'Medan servern körs skapar du den första administratören i webbläsaren i stället: öppna engångslänken som servern skrev ut i terminalen när den startade (…/forsta-inloggning#token=…). Startar du om servern skrivs en ny länk ut.',
    );
  } else if (ours === 'import') {
    parts.push('Medan servern körs kan en nämndsekreterare läsa in kallelsen i webbgränssnittet eller via POST /api/imports.');
  } else if (ours === 'backup') {
    parts.push('En säkerhetskopia av den inbäddade databasen tas när servern är stoppad.');
  }
  if (holder && holder.host !== hostname()) parts.push(`Har processen på ${holder.host} redan slutat släpps låset av sig självt inom ${STALE_MS / 1000} sekunder.`);
  return parts.join(' ');
}

/**
 * Takes the exclusive lock on a PGlite data directory, or refuses with a
 * Swedish DomainError ('data-dir-locked', 423) naming the holder. The lock is
 * held until `release()` or the end of the process. `onCompromised`: when the
 * lock is found taken over while held (default: say so and end the process,
 * since another process may be writing the same files).
 */
export async function lockDataDir(dataDir: string, options: { command?: string; onCompromised?: (err: Error) => void } = {}): Promise<DataDirLock> {
  const dir = canonical(dataDir);
  const lockPath = `${dir}.lock`;
  const owner: LockOwner = { pid: process.pid, command: options.command ?? describeProcess(), since: new Date().toISOString(), host: hostname() };
  const onCompromised =
    options.onCompromised ??
    ((err: Error) => {
      console.error(`Låset på datakatalogen ${dir} gick förlorat (${err.message}); en annan process kan ha öppnat den. Styrbord avslutas för att inte skada databasen.`);
      process.exit(75);
    });
  for (let attempt = 0; ; attempt++) {
    try {
      const release = await lockfile.lock(dir, { realpath: false, lockfilePath: lockPath, stale: STALE_MS, update: UPDATE_MS, fs: ownerFs(owner), onCompromised });
      let released = false;
      return {
        path: lockPath,
        async release() {
          if (released) return;
          released = true;
          await release().catch((e: NodeJS.ErrnoException) => {
            if (e.code !== 'ERELEASED') throw e;
          });
        },
      };
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'ELOCKED') {
        if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
          throw new DomainError('data-dir-unwritable', `Låset för datakatalogen ${dir} kan inte skapas (${lockPath}: ${code}). Kontrollera att katalogen ovanför är skrivbar för den här användaren.`, { status: 500 });
        }
        throw e;
      }
      const holder = await readOwner(lockPath);
      if (attempt < 2 && holder && holder.host === hostname() && !alive(holder.pid) && (await takeOverDead(lockPath, holder))) continue;
      throw new DomainError('data-dir-locked', lockedMessage(dir, holder), { status: 423, details: holder ? { holder } : undefined });
    }
  }
}

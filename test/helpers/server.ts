/**
 * A real server on a random port over a fresh embedded database with the demo papers imported
 * (in this process); and the real command line as a child process (startServerProcess, runCli).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { openDb, type Db } from '../../src/db/index.ts';
import { buildApp } from '../../src/http/app.ts';
import { importDemoData } from '../../src/importer/demo.ts';

export interface TestServer {
  url: string;
  db: Db;
  close(): Promise<void>;
}

export async function startTestServer(options: { db?: Db } = {}): Promise<TestServer> {
  const db = options.db ?? (await openDb({ url: '', dataDir: 'memory://' }));
  // the 2020-08-24 minutes stay unopened: browser tests take them through the cycle themselves (npm start adjusts them, issue 15.8)
  await importDemoData(db, () => {}, { minutesCycle: false, delegationReport: false });
  const app = await buildApp({ db });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    db,
    async close() {
      await app.close();
      await db.close();
    },
  };
}

/** The real command line (`node --import tsx src/cli.ts …`) as a child process of its own. */
export const ROOT = path.resolve(import.meta.dirname, '../..');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs one CLI command to its end (embedded database unless env says otherwise). */
export function runCli(args: string[], env: Record<string, string>, input = ''): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: '', LOG_LEVEL: 'warn', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

export interface ServerProcess {
  /** http://127.0.0.1:<port> */
  url: string;
  child: ChildProcess;
  /** Everything it wrote so far (stdout and stderr). */
  output(): string;
  /** Resolves when it has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Ctrl+C (SIGINT) and wait for the exit. */
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * `npm start` as a user runs it (src/cli.ts start, on a free port), on the data
 * directory in env.DATA_DIR; resolves once it listens ("Styrbord körs på …").
 */
export async function startServerProcess(env: Record<string, string>, timeoutMs = 180_000): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'start'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: '', LOG_LEVEL: 'warn', HOST: '127.0.0.1', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`servern lyssnade inte inom ${timeoutMs} ms: ${out.slice(-1500)}`)), timeoutMs);
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /Styrbord körs på http:\/\/[^:\s]+:(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${m[1]}`);
      }
    });
    child.stderr!.on('data', (d) => (out += d));
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`servern avslutades (${code ?? signal}) innan den lyssnade: ${out.slice(-1500)}`));
    });
  });
  return {
    url,
    child,
    output: () => out,
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
      return exited;
    },
  };
}

/**
 * Waits until the server's output matches (e.g. the first-run link, printed just after it listens).
 * A server that exits is reported at once; a slow one (a busy machine) gets two minutes before it counts as hung.
 */
export async function waitForOutput(server: ServerProcess, pattern: RegExp, ms = 120_000): Promise<RegExpExecArray> {
  const until = Date.now() + ms;
  for (;;) {
    const m = pattern.exec(server.output());
    if (m) return m;
    if (server.child.exitCode !== null || server.child.signalCode !== null) throw new Error(`servern avslutades innan ${pattern} kom: ${server.output().slice(-800)}`);
    if (Date.now() > until) throw new Error(`väntade förgäves på ${pattern}: ${server.output().slice(-800)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * kill -9 in the middle of the first start's import (the server imports the
 * demo kallelser, one transaction per file, before it listens), restart on
 * the same data, and check: every meeting is either wholly there or not at
 * all, and the restarted server completes the import. Embedded PGlite.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { MeetingDetail, MeetingSummary } from '../../src/http/contract.ts';
import { openDb } from '../../src/db/index.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const EXPECTED_ITEMS: Record<string, number> = { '2020-02-14': 13, '2020-08-24': 8 };

function start(dataDir: string, port: number): { child: ChildProcess; ready: Promise<void>; firstImport: Promise<void> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'start'], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), DATABASE_URL: '', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let imported: () => void = () => {};
  const firstImport = new Promise<void>((r) => (imported = r));
  const ready = new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      if (out.includes('Importerade ')) imported();
      if (out.includes('Styrbord körs på')) resolve();
    });
    child.on('exit', (code, signal) => reject(new Error(`servern avslutades (${code ?? signal}): ${out.slice(-500)}`)));
  });
  return { child, ready, firstImport };
}

async function meetingsOf(port: number) {
  const list = (await (await fetch(`http://127.0.0.1:${port}/api/meetings`)).json()) as MeetingSummary[];
  return Promise.all(list.map(async (m) => (await (await fetch(`http://127.0.0.1:${port}/api/meetings/${m.id}`)).json()) as MeetingDetail));
}

describe('a crash in the middle of an import', () => {
  it('leaves every meeting whole or absent, and the next start completes the import', async () => {
    const outcomes: string[] = [];
    // kill at a fixed time (during start-up or the first import), or just after the first file is in (during the second)
    for (const when of [{ ms: 1500 }, { afterFirst: 0 }, { afterFirst: 40 }, { afterFirst: 120 }]) {
      const delay = 'ms' in when ? `${when.ms} ms` : `${when.afterFirst} ms efter första filen`;
      const dir = mkdtempSync(path.join(tmpdir(), 'styrbord-crash-'));
      const port = 20000 + Math.floor(Math.random() * 20000);
      try {
        const first = start(dir, port);
        first.ready.catch(() => undefined);
        if ('ms' in when) await new Promise((r) => setTimeout(r, when.ms));
        else {
          await first.firstImport;
          await new Promise((r) => setTimeout(r, when.afterFirst));
        }
        first.child.kill('SIGKILL');
        await new Promise((r) => first.child.once('exit', r));

        // right after the crash: what is on disk is consistent
        const db = await openDb({ url: '', dataDir: dir });
        const after = await sql<{ date: string; items: number; files: number }>`
          select m.date::text as date, (select count(*)::int from agenda_item ai where ai.meeting_id = m.id) as items,
                 (select count(*)::int from import_file f where f.meeting_id = m.id) as files
          from meeting m order by m.date`.execute(db.kysely);
        const orphans = await sql<{ n: number }>`select count(*)::int as n from import_file f where not exists (select 1 from meeting m where m.id = f.meeting_id)`.execute(db.kysely);
        await db.close();
        for (const m of after.rows) {
          expect(m.items, m.date).toBe(EXPECTED_ITEMS[m.date]);
          expect(m.files, m.date).toBe(1);
        }
        expect(orphans.rows[0]!.n).toBe(0);
        const atCrash = after.rows.length;

        const second = start(dir, port);
        await second.ready;
        try {
          const ms = await meetingsOf(port);
          for (const m of ms) {
            expect(m.items.length, m.date).toBe(EXPECTED_ITEMS[m.date]);
            expect(m.items.every((i) => i.kind !== 'decision' || (i.proposal?.clauses.length ?? 0) > 0 || i.proposal === null)).toBe(true);
          }
          expect(ms.map((m) => m.date).sort()).toEqual(['2020-02-14', '2020-08-24']);
          outcomes.push(`${delay}: ${atCrash} hela sammanträden efter kraschen, ${ms.length} efter omstart`);
        } finally {
          second.child.kill('SIGTERM');
          await new Promise((r) => second.child.once('exit', r));
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
    console.log(outcomes.join('; '));
  }, 240_000);
});

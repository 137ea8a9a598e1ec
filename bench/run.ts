/**
 * `npm run bench`: runs every benchmark in bench/ (each .ts here but this
 * runner, the fixtures and the load worker), each in its own Node process with --expose-gc so
 * memory can be measured after a collection. Each prints its measurements and,
 * as its last line, the ratio it measures. `npm run bench -- kallelse` runs one.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const NOT_BENCHES = new Set(['run.ts', 'fixtures.ts', 'load-worker.mjs']);
const only = process.argv.slice(2);
const benches = readdirSync(here)
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !NOT_BENCHES.has(f))
  .filter((f) => only.length === 0 || only.includes(f.replace(/\.ts$/, '')))
  .sort();

let failed = 0;
for (const b of benches) {
  console.log(`── ${b.replace(/\.ts$/, '')} ──`);
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', path.join(here, b)], { stdio: 'inherit', cwd: path.resolve(here, '..') });
  if (r.status !== 0) {
    failed++;
    console.log(`${b}: misslyckades (status ${r.status})`);
  }
}
process.exit(failed ? 1 : 0);

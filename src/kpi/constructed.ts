/**
 * Which series hold constructed values (issue 17.3): those whose KPI is in
 * the demo's constructed Kolada data file (test/fixtures/kolada/rtn-data.json,
 * made up, not downloaded) once that very file (by SHA-256) has been
 * imported. The flag stays while the file's values are in the series; a real
 * Kolada file read later does not clear it (better labelled too much than too
 * little). The UI and the xlsx export show it as "Konstruerade exempelvärden".
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Executor } from '../db/index.ts';
import { parseKolada } from './model.ts';
import * as store from './store.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CONSTRUCTED_DATA_FILE = path.join(ROOT, 'test/fixtures/kolada/rtn-data.json');

let fixture: Promise<{ sha256: string; kpis: Set<string> } | null> | null = null;

function constructedFile() {
  fixture ??= readFile(CONSTRUCTED_DATA_FILE, 'utf8').then(
    (json) => {
      const parsed = parseKolada(json);
      return { sha256: createHash('sha256').update(json, 'utf8').digest('hex'), kpis: new Set(parsed.kind === 'data' ? parsed.values.map((v) => v.kpi) : []) };
    },
    () => null, // an installation without the fixture has no constructed series
  );
  return fixture;
}

/** The KPI ids whose values are constructed. */
export async function constructedKpis(ex: Executor): Promise<ReadonlySet<string>> {
  const f = await constructedFile();
  if (!f || !(await store.findImport(ex, f.sha256))) return new Set();
  return f.kpis;
}

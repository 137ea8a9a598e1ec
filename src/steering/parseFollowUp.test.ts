/** The follow-up papers' own summary matrices (seeds 000 and 003) against what they follow up. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { followedUpItems, readPrintedMatrix } from './parseFollowUp.ts';
import { matrixLine, summaryMatrix, type ItemKind, type Status } from './model.ts';

const seed = (f: string) => readFileSync(new URL(`../../seeds/${f}`, import.meta.url), 'utf8');
const INTERIM_2020 = seed('000_97425d05012e62df.txt');
const ANNUAL_2019 = seed('003_f8eb7d47c03ea706.txt');

describe('the interim report January–July 2020 (seed 000)', () => {
  const printed = readPrintedMatrix(INTERIM_2020);
  const items = followedUpItems(INTERIM_2020);

  it('prints the summary matrix per level', () => {
    expect(printed).toEqual([
      { label: 'Effektmål från regionfullmäktige', green: 3, yellow: 1, red: 0 },
      { label: 'Nämndens mål', green: 8, yellow: 8, red: 2 },
      { label: 'Nämndens uppdrag', green: 4, yellow: 3, red: 0 },
    ]);
  });

  it('follows up exactly as many items per level as the matrix counts', () => {
    expect(items.effectGoals).toEqual(['7', '9', '10', '11']);
    expect(3 + 1).toBe(items.effectGoals.length);
    expect(items.objectives).toBe(8 + 8 + 2);
    // the body's seven assignments are under "Invånare och samhälle"; the one under
    // effektmål 11 (economy) is the assembly's and is not in the row
    expect(items.assignmentsBySection).toEqual({ '3.2 Invånare och samhälle': 7, '3.4 Resurs': 1 });
    expect(items.assignmentsBySection['3.2 Invånare och samhälle']).toBe(4 + 3);
  });

  it('gives a matrix our summary reproduces line for line when the statuses are stored', () => {
    const stored: Array<{ kind: ItemKind; status: Status }> = [];
    for (const [kind, row] of [['strategic-goal', printed[0]!], ['objective', printed[1]!], ['assignment', printed[2]!]] as const) {
      for (const [status, n] of [['met', row.green], ['partly', row.yellow], ['not-met', row.red]] as const) for (let i = 0; i < n; i++) stored.push({ kind, status });
    }
    const m = summaryMatrix(stored);
    expect([m[0]!, m[1]!, m[3]!].map((r, i) => matrixLine({ ...r, label: printed[i]!.label }))).toEqual([
      'Effektmål från regionfullmäktige 3 1',
      'Nämndens mål 8 8 2',
      'Nämndens uppdrag 4 3',
    ]);
  });

  it('cannot take the statuses from the prose: the comments forecast 2 done and 4 partly, the symbols said 4 and 3', () => {
    const f = items.assignmentForecasts.slice(0, 7);
    expect(f.filter((x) => x === 'met')).toHaveLength(2);
    expect(f.filter((x) => x === 'partly')).toHaveLength(4);
    expect(f.filter((x) => x === null)).toHaveLength(1);
  });
});

describe('the annual report 2019 (seed 003)', () => {
  it('prints its own levels: goals and assignments from the assembly, goals from the body', () => {
    expect(readPrintedMatrix(ANNUAL_2019)).toEqual([
      { label: 'Mål från regionfullmäktige', green: 10, yellow: 2, red: 0 },
      { label: 'Uppdrag från regionfullmäktige', green: 16, yellow: 2, red: 0 },
      { label: 'Mål från nämnden', green: 3, yellow: 0, red: 0 },
    ]);
  });
});

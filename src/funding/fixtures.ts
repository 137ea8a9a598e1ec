/**
 * Test support: the seeds' co-financing decisions transcribed as records,
 * and a reader for line ranges of the seed files. Used by the *.test.ts files
 * beside it; nothing in the application imports it.
 */
import { readFileSync } from 'node:fs';
import { kronorToOre } from '../kernel/kronor.ts';
import { standardConditions, type CoFinancingDecision } from './decision.ts';
import { normaliseExtracted } from './proposal.ts';

export const SEED_000 = '000_97425d05012e62df.txt';
export const SEED_002 = '002_cbe33cfb0cec96bb.txt';
export const SEED_003 = '003_f8eb7d47c03ea706.txt';

const cache = new Map<string, string[]>();

/** Lines from..to (1-based, inclusive) of a seed file, raw. */
export function seedRaw(file: string, from: number, to: number): string {
  let lines = cache.get(file);
  if (!lines) {
    lines = readFileSync(new URL(`../../seeds/${file}`, import.meta.url), 'utf8').split('\n');
    cache.set(file, lines);
  }
  return lines.slice(from - 1, to).join('\n');
}

/** Lines from..to of a seed, with the PDF extraction's white space normalised (normaliseExtracted). */
export function seedText(file: string, from: number, to: number): string {
  return normaliseExtracted(seedRaw(file, from, to));
}

export const kr = kronorToOre;

/** 000 item 3 (dnr 20RS4642), lines 45–58. */
export const VAGAR: CoFinancingDecision = {
  applicant: { name: 'Region Örebro län', orgNumber: '232100-0164' },
  projectName: 'Vägar till hållbar utveckling i Örebro län',
  rateBp: 1000,
  capOre: kr(474_529),
  period: { start: '2020-05-01', end: '2022-09-20' },
  fundingSource: 'state-1-1',
  conditions: standardConditions(),
};

/** 000 item 4 (dnr 20RS3419), lines 84–101; memo lines 2837–2854. */
export const SMART_TILLVAXT: CoFinancingDecision = {
  applicant: { name: 'Almi Företagspartner Mälardalen AB' },
  projectName: 'Smart tillväxt 2021 – 2023',
  rateBp: 1300,
  capOre: kr(1_912_400),
  period: { start: '2021-01-01', end: '2023-03-31' },
  fundingSource: 'state-1-1',
  conditions: standardConditions({ noDistortion: true }),
};

/**
 * 000 item 5 (dnr 17RS1250): the decision before the extension. The seed
 * gives rate 13 %, start 2017-08-01 and, by difference, the cap 1 310 000 kr
 * (3 610 000 − 2 300 000). The previous end date is not in the seeds;
 * 2020-07-31 (three years, "under sina tre första år") is assumed and does not
 * appear in any tested text.
 */
export const TRANSMISSION_BEFORE: CoFinancingDecision = {
  applicant: { name: 'Mälardalens högskola' },
  projectName: 'TransMission',
  rateBp: 1300,
  capOre: kr(1_310_000),
  period: { start: '2017-08-01', end: '2020-07-31' },
  fundingSource: 'state-1-1',
  conditions: [],
};

/** 003 item 9 (dnr 19RS10513), lines 293–306; memo lines 16946–16960. */
export const RUS: CoFinancingDecision = {
  applicant: { name: 'Region Örebro län' },
  projectName: 'Genomförande av Regional utvecklingsstrategi, RUS 2020-2021',
  rateBp: 4200,
  capOre: kr(2_000_000),
  period: { start: '2020-01-01', end: '2021-12-31' },
  fundingSource: 'state-1-1',
  conditions: standardConditions(),
};

/** 003 item 11 (dnr 19RS10286), lines 370–383; memo lines 22081–22094. */
export const ELVAG: CoFinancingDecision = {
  applicant: { name: 'Region Örebro län' },
  projectName: 'Elväg Örebro - Hallsberg',
  rateBp: 5000,
  capOre: kr(1_866_339),
  period: { start: '2020-01-01', end: '2022-12-31' },
  fundingSource: 'state-1-1',
  conditions: standardConditions(),
};

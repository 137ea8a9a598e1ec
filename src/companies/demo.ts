/**
 * The demo company: Almi Företagspartner Mälardalen AB, the applicant in
 * seeds 000 and 003 ("Almi" in the papers' own text). The seeds say Almi has
 * "statliga och regionala ägare" but not the region's share, its
 * organisationsnummer, an ägaranvisning or an agreement, so none is
 * recorded: the share stays empty. Idempotent.
 */
import type { Db } from '../db/index.ts';
import { SYSTEM } from '../access/model.ts';
import * as service from './service.ts';

export const DEMO_COMPANY = 'Almi Företagspartner Mälardalen AB';

export async function loadCompaniesDemo(db: Db, log: (msg: string) => void = () => {}): Promise<{ almi: number }> {
  const existing = await service.findCompanyId(db, DEMO_COMPANY);
  if (existing !== null) return { almi: existing };
  const c = await service.createCompany(db, SYSTEM, {
    name: DEMO_COMPANY,
    kind: 'bolag',
    share: null,
    aliases: ['Almi'],
    note: 'Almi är i grunden en anslagsfinansierad verksamhet med statliga och regionala ägare (seed 000, Smart tillväxt). Regionens ägarandel står inte i handlingarna.',
  });
  log(`Registrerade ${DEMO_COMPANY} bland ägda bolag.`);
  return { almi: c.id };
}

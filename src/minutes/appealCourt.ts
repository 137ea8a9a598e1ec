/**
 * Where the public sends an appeal (laglighetsprövning, kommunallagen 13 kap.):
 * the förvaltningsrätt of the region's county, which is a setting per region,
 * not a constant – Region Örebro län's is Förvaltningsrätten i Karlstad, which
 * is the default. A region elsewhere sets APPEAL_COURT_NAME (for example
 * "Förvaltningsrätten i Umeå") and APPEAL_COURT_ADDRESS (its postal address).
 * The three weeks count the day the appeal arrives at the court (13 kap. 5 §),
 * so the notice tells people to send it there directly.
 */
export interface AppealCourt {
  name: string;
  address: string;
}

export const DEFAULT_APPEAL_COURT: AppealCourt = { name: 'Förvaltningsrätten i Karlstad', address: 'Box 568, 651 12 Karlstad' };

export function appealCourtFromEnv(env: Record<string, string | undefined> = process.env): AppealCourt {
  const name = env.APPEAL_COURT_NAME?.trim();
  const address = env.APPEAL_COURT_ADDRESS?.trim();
  if (!name) return DEFAULT_APPEAL_COURT;
  if (!/^Förvaltningsrätten i \p{Lu}/u.test(name)) {
    throw new Error(`APPEAL_COURT_NAME ska vara en förvaltningsrätt, till exempel "Förvaltningsrätten i Umeå" (fick "${name}").`);
  }
  if (!address) throw new Error('APPEAL_COURT_ADDRESS saknas: ange förvaltningsrättens postadress när APPEAL_COURT_NAME är satt.');
  return { name, address };
}

/** The notice's appeal instruction (13 kap. 5 och 8 §§ kommunallagen). */
export function howToAppeal(court: AppealCourt = appealCourtFromEnv()): string {
  return (
    `Beslutet kan överklagas genom laglighetsprövning enligt 13 kap. kommunallagen. Överklagandet ska ha kommit in till ${court.name} ` +
    'inom tre veckor från den dag då justeringen av protokollet tillkännagavs på anslagstavlan. ' +
    `Skicka det därför direkt till ${court.name}, ${court.address}, och skriv vilket beslut du överklagar (protokollets datum och paragraf) ` +
    'och varför du anser att det ska upphävas (13 kap. 8 § kommunallagen).'
  );
}

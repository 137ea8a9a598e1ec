/**
 * Who may do what. Policies are checked in every service function (not only
 * in routes) through `authorize`, so no path around the HTTP layer skips them.
 */
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as zxcvbnCommon from '@zxcvbn-ts/language-common';
import { DomainError } from '../kernel/errors.ts';
import { ROLES, type Permission, type Role } from './contract.ts';

export { ROLES, type Permission, type Role };

export const ROLE_LABEL: Record<Role, string> = {
  member: 'ledamot/ersättare',
  'case-officer': 'handläggare',
  secretary: 'nämndsekreterare',
  adjuster: 'justerare/ordförande',
  admin: 'administratör',
};

export interface Actor {
  /** For the audit log: "user:june.fors", "system", "cli". */
  id: string;
  userId?: number | null;
  /** The person (ledamot) the user is, for signing as adjuster. */
  personId?: number | null;
  /** No roles: the public, not signed in. */
  roles?: readonly Role[];
  /** Trusted internal work (start-up import, CLI): every permission. */
  system?: boolean;
  /** When the user last proved who they are (password or the identity provider): signing needs it recent. */
  authenticatedAt?: Date | null;
  /** How: with the password or through the region's identity provider (recorded with an adjuster's signature). */
  authenticatedVia?: 'password' | 'oidc' | null;
  /** Signed in with a one-time password: nothing is allowed until the password is changed. */
  mustChangePassword?: boolean;
}

export const SYSTEM: Actor = { id: 'system', system: true };
export const PUBLIC: Actor = { id: 'public', roles: [] };

const GRANTS: Record<Permission, readonly Role[]> = {
  'case.register': ['case-officer', 'secretary', 'admin'],
  'agenda.edit': ['secretary', 'admin'],
  'delegation.register': ['case-officer', 'secretary', 'admin'],
  'delegation.order': ['secretary', 'admin'],
  'import.kallelse': ['secretary', 'admin'],
  'minutes.read-draft': ['member', 'case-officer', 'secretary', 'adjuster', 'admin'],
  'minutes.edit': ['secretary', 'admin'],
  'minutes.sign': ['member', 'adjuster'],
  'notice.post': ['secretary', 'admin'],
  'decision.dispatch': ['secretary', 'case-officer', 'admin'],
  'user.admin': ['admin'],
  'audit.read': ['admin'],
  'plan.read-draft': ['member', 'case-officer', 'secretary', 'adjuster', 'admin'],
  'plan.edit': ['secretary', 'case-officer', 'admin'],
  'plan.adopt': ['secretary', 'admin'],
  'funding.read': ['member', 'case-officer', 'secretary', 'adjuster', 'admin'],
  'funding.edit': ['case-officer', 'secretary', 'admin'],
  'funding.decide': ['secretary', 'admin'],
  // The second person of a payout: never the one who prepared it (cofinancingService.attestPayout).
  'funding.attest': ['secretary', 'admin'],
  'funding.settings': ['secretary', 'admin'],
  'kpi.edit': ['case-officer', 'secretary', 'admin'],
  'control.read': ['member', 'case-officer', 'secretary', 'adjuster', 'admin'],
  'control.edit': ['case-officer', 'secretary', 'admin'],
  'budget.read-draft': ['member', 'case-officer', 'secretary', 'adjuster', 'admin'],
  'budget.edit': ['secretary', 'case-officer', 'admin'],
  'budget.adopt': ['secretary', 'admin'],
  'report.read-draft': ['member', 'case-officer', 'secretary', 'adjuster', 'admin'],
  'report.edit': ['secretary', 'case-officer', 'admin'],
  'archive.export': ['secretary', 'admin'],
};

const WHAT: Record<Permission, string> = {
  'case.register': 'registrera ärenden',
  'agenda.edit': 'ändra sammanträden och föredragningslistor',
  'delegation.register': 'registrera delegationsbeslut',
  'delegation.order': 'ändra delegationsordningen',
  'import.kallelse': 'importera kallelser',
  'minutes.read-draft': 'läsa protokoll som inte är justerade',
  'minutes.edit': 'ändra protokoll',
  'minutes.sign': 'justera protokoll',
  'notice.post': 'anslå på anslagstavlan',
  'decision.dispatch': 'expediera beslut',
  'user.admin': 'administrera användare',
  'audit.read': 'läsa granskningsloggen',
  'plan.read-draft': 'läsa utkast till verksamhetsplan',
  'plan.edit': 'ändra verksamhetsplaner och deras uppföljning',
  'plan.adopt': 'fastställa verksamhetsplaner',
  'funding.read': 'läsa ansökningar om medfinansiering',
  'funding.edit': 'registrera ansökningar om medfinansiering och utbetalningar',
  'funding.decide': 'besluta om medfinansiering',
  'funding.attest': 'attestera och återföra utbetalningar av medfinansiering',
  'funding.settings': 'ändra villkorslistan och anslaget 1:1',
  'kpi.edit': 'läsa in och ändra nyckeltal',
  'control.read': 'läsa internkontrollplanen',
  'control.edit': 'ändra internkontrollplanen',
  'budget.read-draft': 'läsa budgetutkast',
  'budget.edit': 'ändra budgetutkast och budgetuppföljning',
  'budget.adopt': 'fastställa budgetar',
  'report.read-draft': 'läsa utkast till återrapporteringen',
  'report.edit': 'skriva återrapporteringen till staten',
  'archive.export': 'leverera sammanträdens handlingar till e-arkivet',
};

export function can(actor: Actor, permission: Permission): boolean {
  if (actor.system) return true;
  return (actor.roles ?? []).some((r) => GRANTS[permission].includes(r));
}

/**
 * Every permission an actor holds, for the session's view: the web shows an
 * action when the server would allow it, from this one table (GRANTS), and
 * keeps no role lists of its own. Record-level rules (the preparer may not
 * attest, a locked report is read-only) stay with the records' views.
 */
export function permissionsOf(actor: Actor): Permission[] {
  return (Object.keys(GRANTS) as Permission[]).filter((p) => can(actor, p));
}

/** Throws 401 for the public and 403 for a signed-in user without the permission. */
export function authorize(actor: Actor, permission: Permission): void {
  if (actor.mustChangePassword) {
    throw new DomainError('password-change-required', 'Du har loggat in med ett tillfälligt lösenord. Byt lösenord innan du fortsätter.', { status: 403 });
  }
  if (can(actor, permission)) return;
  if (!actor.roles?.length && !actor.userId) {
    throw new DomainError('login-required', `Logga in för att ${WHAT[permission]}.`, { status: 401 });
  }
  throw new DomainError('forbidden', `Du saknar behörighet att ${WHAT[permission]}.`, { status: 403 });
}

export const MIN_PASSWORD = 12;
/** zxcvbn's score (0–4) a password must reach: 3 is "safely unguessable" (about 10^8 guesses and up). */
export const MIN_PASSWORD_SCORE = 3;

/** zxcvbn's feedback in Swedish (its keys, translated). */
const SV_FEEDBACK = {
  warnings: {
    straightRow: 'Rader av tangenter intill varandra är lätta att gissa.',
    keyPattern: 'Korta tangentbordsmönster är lätta att gissa.',
    simpleRepeat: 'Upprepade tecken som "aaa" är lätta att gissa.',
    extendedRepeat: 'Upprepade teckenmönster som "abcabcabc" är lätta att gissa.',
    sequences: 'Vanliga teckenföljder som "abc" eller "1234" är lätta att gissa.',
    recentYears: 'Årtal från de senaste åren är lätta att gissa.',
    dates: 'Datum är lätta att gissa.',
    topTen: 'Det här är ett av de tio vanligaste lösenorden.',
    topHundred: 'Det här är ett av de hundra vanligaste lösenorden.',
    common: 'Det här är ett vanligt lösenord.',
    similarToCommon: 'Det liknar ett vanligt lösenord.',
    wordByItself: 'Ett ensamt ord är lätt att gissa.',
    namesByThemselves: 'Ensamma för- eller efternamn är lätta att gissa.',
    commonNames: 'Vanliga för- och efternamn är lätta att gissa.',
    userInputs: 'Lösenordet får inte bygga på ditt namn eller användarnamn.',
    pwned: 'Lösenordet har läckt i ett dataintrång på internet.',
  },
  suggestions: {
    l33t: 'Undvik förutsägbara teckenbyten som "@" för "a".',
    reverseWords: 'Undvik baklänges stavade vanliga ord.',
    allUppercase: 'Versaler hjälper lite; använd dem inne i ord, inte överallt.',
    capitalization: 'Versaler hjälper mer inne i ord än i början.',
    dates: 'Undvik datum och årtal som har med dig att göra.',
    recentYears: 'Undvik de senaste årtalen.',
    associatedYears: 'Undvik årtal som har med dig att göra.',
    sequences: 'Undvik vanliga teckenföljder.',
    repeated: 'Undvik upprepade ord och tecken.',
    longerKeyboardPattern: 'Använd längre tangentbordsmönster med fler riktningsbyten.',
    anotherWord: 'Lägg till fler ord som är mindre vanliga.',
    useWords: 'Använd flera ord, men undvik vanliga fraser.',
    noNeed: 'Du kan skapa starka lösenord utan symboler, siffror eller versaler.',
    pwned: 'Byt lösenordet överallt där du använder det.',
  },
  timeEstimation: {
    ltSecond: 'under en sekund', second: 'en sekund', seconds: 'sekunder', minute: 'en minut', minutes: 'minuter', hour: 'en timme', hours: 'timmar',
    day: 'en dag', days: 'dagar', month: 'en månad', months: 'månader', year: 'ett år', years: 'år', centuries: 'århundraden',
  },
};

let zxcvbn: ZxcvbnFactory | null = null;

/**
 * Refuses a password shorter than 12 characters or weaker than zxcvbn's score 3; the user's own
 * user name and name (and their parts) count as known words, so "june.fors2024" is weak for June Fors.
 */
export function validatePassword(password: string, userInputs: readonly string[] = []): void {
  if (typeof password !== 'string' || password.length < MIN_PASSWORD) {
    throw new DomainError('weak-password', `Lösenordet måste vara minst ${MIN_PASSWORD} tecken.`);
  }
  if (password.length > 256) throw new DomainError('weak-password', 'Lösenordet får vara högst 256 tecken.');
  if (/^(.)\1*$/.test(password)) throw new DomainError('weak-password', 'Lösenordet får inte bestå av ett enda upprepat tecken.');
  zxcvbn ??= new ZxcvbnFactory({ dictionary: { ...zxcvbnCommon.dictionary }, graphs: zxcvbnCommon.adjacencyGraphs, translations: SV_FEEDBACK });
  const inputs = [...new Set(userInputs.flatMap((u) => [u, ...u.split(/[\s._-]+/)]).map((u) => u.trim().toLowerCase()).filter((u) => u.length >= 2))];
  // zxcvbn's cost grows with the length; the first 100 characters decide (a longer password is no weaker)
  const r = zxcvbn.check(password.slice(0, 100), inputs);
  if (r.score < MIN_PASSWORD_SCORE) {
    const why = [r.feedback.warning, ...r.feedback.suggestions].filter(Boolean).join(' ');
    throw new DomainError(
      'weak-password',
      `Lösenordet är för lätt att gissa${r.score <= 1 ? ' (det provas tidigt av den som gissar lösenord)' : ''}. ${why} Välj till exempel tre eller fyra ord som inte hör ihop.`.replace(/\s+/g, ' ').trim(),
      { details: { score: r.score, required: MIN_PASSWORD_SCORE } },
    );
  }
}

/** Signing needs a sign-in (password or the identity provider) this recent. */
export const REAUTH_MINUTES = 10;

/**
 * Refuses an actor whose last sign-in is older than REAUTH_MINUTES (or unknown): the UI then asks
 * for the password again (code reauth-required) and retries. Trusted internal work passes.
 */
export function requireRecentSignIn(actor: Actor, now: Date = new Date()): void {
  if (actor.system) return;
  const at = actor.authenticatedAt ? new Date(actor.authenticatedAt).getTime() : NaN;
  if (Number.isFinite(at) && now.getTime() - at <= REAUTH_MINUTES * 60_000 && at <= now.getTime() + 60_000) return;
  throw new DomainError(
    'reauth-required',
    `Bekräfta att det är du: logga in igen med ditt lösenord (eller via regionens identitetstjänst). För att signera måste du ha loggat in under de senaste ${REAUTH_MINUTES} minuterna.`,
    { status: 401 },
  );
}

export function validateUsername(username: string): string {
  const u = String(username ?? '').trim().toLowerCase();
  if (!/^[a-z0-9._-]{2,64}$/.test(u)) {
    throw new DomainError('invalid-username', 'Användarnamnet ska vara 2–64 tecken: bokstäver a–z, siffror, punkt, bindestreck eller understreck.');
  }
  return u;
}

/**
 * Sign-in throttling: failures are counted per account (over every address), per address (over every
 * account: password spraying) and per account and address. From the `free`-th failure on, each
 * makes the counter's holder wait `base · 2^(n − free)` seconds, at most `cap`: a growing delay,
 * never a lockout. Counters are forgotten `windowMinutes` after their last failure. The account-wide
 * delay does not apply from an address the account has signed in from (an attacker elsewhere cannot
 * keep its owner out); the per-address and per-pair delays still do.
 */
export interface ThrottlePolicy {
  free: number;
  baseSeconds: number;
  capSeconds: number;
}

export const THROTTLE: { account: ThrottlePolicy; address: ThrottlePolicy; pair: ThrottlePolicy; windowMinutes: number; knownAddressDays: number; maxRows: number } = {
  pair: { free: 5, baseSeconds: 2, capSeconds: 15 * 60 },
  account: { free: 5, baseSeconds: 2, capSeconds: 5 * 60 },
  address: { free: 10, baseSeconds: 2, capSeconds: 15 * 60 },
  windowMinutes: 60,
  knownAddressDays: 90,
  /** Hard bound on the limiter's table: the oldest counters go first. */
  maxRows: 50_000,
};

/** Seconds to wait after the n-th failure (0: none yet). */
export function throttleDelaySeconds(failures: number, p: ThrottlePolicy): number {
  if (failures < p.free) return 0;
  return Math.min(p.capSeconds, p.baseSeconds * 2 ** Math.min(30, failures - p.free));
}

/** The address a counter is kept for: IPv4 as is, IPv6 by its /64 (one subscriber's whole network). */
export function addressKey(ip: string): string {
  const a = String(ip ?? '').trim().toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(a);
  if (mapped) return mapped[1]!;
  if (!a.includes(':')) return a.slice(0, 45);
  const [head = '', tail = ''] = a.split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = a.includes('::') ? [...h, ...Array(Math.max(0, 8 - h.length - t.length)).fill('0'), ...t] : h;
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}

/** "45 sekunder", "3 minuter" */
export function waitText(seconds: number): string {
  if (seconds < 60) return `${seconds} ${seconds === 1 ? 'sekund' : 'sekunder'}`;
  const m = Math.ceil(seconds / 60);
  return `${m} ${m === 1 ? 'minut' : 'minuter'}`;
}

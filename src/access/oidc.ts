/**
 * Sign-in through the region's identity provider (OpenID Connect,
 * authorization code flow with PKCE, state and nonce), configured by
 * environment:
 *   OIDC_ISSUER          the provider's issuer URL (discovery at /.well-known/openid-configuration)
 *   OIDC_CLIENT_ID       Styrbord's client id
 *   OIDC_CLIENT_SECRET   its secret (omit for a public client)
 *   OIDC_REDIRECT_URI    default <PUBLIC_BASE_URL>/api/oidc/callback
 *   OIDC_USERNAME_CLAIM  the claim holding the Styrbord user name (default preferred_username)
 *   OIDC_ALLOW_HTTP=1    only for tests and local providers
 */
import { randomBytes } from 'node:crypto';
import * as oidc from 'openid-client';
import { DomainError } from '../kernel/errors.ts';

export interface OidcSettings {
  issuer: URL;
  clientId: string;
  clientSecret: string | undefined;
  redirectUri: string | undefined;
  usernameClaim: string;
  allowHttp: boolean;
}

export function oidcSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): OidcSettings | null {
  if (!env.OIDC_ISSUER || !env.OIDC_CLIENT_ID) return null;
  return {
    issuer: new URL(env.OIDC_ISSUER),
    clientId: env.OIDC_CLIENT_ID,
    clientSecret: env.OIDC_CLIENT_SECRET || undefined,
    redirectUri: env.OIDC_REDIRECT_URI || undefined,
    usernameClaim: env.OIDC_USERNAME_CLAIM || 'preferred_username',
    allowHttp: env.OIDC_ALLOW_HTTP === '1',
  };
}

interface Pending {
  verifier: string;
  state: string;
  nonce: string;
  next: string;
  redirectUri: string;
  expires: number;
  /** A fresh sign-in was asked for (max_age=0): the provider must authenticate the user again. */
  reauth: boolean;
}

const PENDING_MINUTES = 10;

export class OidcLogin {
  private config: Promise<oidc.Configuration> | null = null;
  private readonly pending = new Map<string, Pending>();

  constructor(private readonly settings: OidcSettings) {}

  private configuration(): Promise<oidc.Configuration> {
    this.config ??= oidc
      .discovery(
        this.settings.issuer,
        this.settings.clientId,
        this.settings.clientSecret ? { client_secret: this.settings.clientSecret } : undefined,
        this.settings.clientSecret ? oidc.ClientSecretPost(this.settings.clientSecret) : oidc.None(),
        this.settings.allowHttp ? { execute: [oidc.allowInsecureRequests] } : undefined,
      )
      .catch((e: unknown) => {
        this.config = null;
        throw new DomainError('oidc-unavailable', `Regionens inloggningstjänst svarar inte (${(e as Error).message}). Försök igen senare.`, { status: 502 });
      });
    return this.config;
  }

  /** Where to send the browser, and the key of this attempt (kept in a short-lived cookie). */
  async start(next: string, defaultRedirect: string, opts: { reauth?: boolean } = {}): Promise<{ url: string; key: string }> {
    const config = await this.configuration();
    const now = Date.now();
    for (const [k, p] of this.pending) if (p.expires < now) this.pending.delete(k);
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const redirectUri = this.settings.redirectUri ?? defaultRedirect;
    const key = randomBytes(24).toString('base64url');
    const reauth = Boolean(opts.reauth);
    this.pending.set(key, { verifier, state, nonce, next: safeNext(next), redirectUri, expires: now + PENDING_MINUTES * 60_000, reauth });
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: 'openid profile email',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
      ...(reauth ? { max_age: '0', prompt: 'login' } : {}),
    });
    return { url: url.href, key };
  }

  /**
   * Checks the provider's answer and returns the user name it vouches for, its stable subject
   * (issuer and sub) and when the user authenticated there (auth_time; now when the provider does
   * not say). After a reauth request the provider must report an auth_time after the request.
   */
  async finish(currentUrl: URL, key: string | undefined): Promise<{ username: string; subject: string; authenticatedAt: Date; next: string }> {
    const pending = key ? this.pending.get(key) : undefined;
    if (key) this.pending.delete(key);
    if (!pending || pending.expires < Date.now()) {
      throw new DomainError('oidc-expired', 'Inloggningen tog för lång tid eller startades i en annan webbläsare. Försök igen.', { status: 400 });
    }
    const config = await this.configuration();
    let tokens;
    try {
      tokens = await oidc.authorizationCodeGrant(config, currentUrl, {
        pkceCodeVerifier: pending.verifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
        ...(pending.reauth ? { maxAge: PENDING_MINUTES * 60 } : {}),
      });
    } catch (e) {
      throw new DomainError('oidc-failed', `Inloggningen via regionens identitetstjänst misslyckades: ${(e as Error).message}`, { status: 401 });
    }
    const claims = tokens.claims();
    const username = claims?.[this.settings.usernameClaim];
    if (typeof username !== 'string' || !username) {
      throw new DomainError('oidc-no-username', `Identitetstjänsten skickade inget användarnamn (${this.settings.usernameClaim}).`, { status: 401 });
    }
    if (typeof claims?.sub !== 'string' || !claims.sub) {
      throw new DomainError('oidc-no-subject', 'Identitetstjänsten skickade ingen identitet (sub).', { status: 401 });
    }
    const authTime = typeof claims.auth_time === 'number' ? new Date(claims.auth_time * 1000) : null;
    if (pending.reauth && (!authTime || authTime.getTime() < pending.expires - PENDING_MINUTES * 60_000 - 60_000)) {
      throw new DomainError('oidc-not-fresh', 'Regionens identitetstjänst bekräftade ingen ny inloggning. Försök igen eller ange ditt lösenord.', { status: 401 });
    }
    return { username, subject: `${claims.iss}|${claims.sub}`, authenticatedAt: authTime ?? new Date(), next: pending.next };
  }
}

/** Only same-site paths: never an open redirect. */
export function safeNext(next: string | undefined): string {
  return next && /^\/(?!\/)[^\s\\]*$/.test(next) ? next : '/';
}

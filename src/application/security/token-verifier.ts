import { createHash } from 'node:crypto';
import { inject, injectable } from 'inversify';
import type { Clock, StoredToken, TokenScope, TokenStore } from '../../ports';
import { TOKENS } from '../tokens';
import { type CredentialsResult, type PresentedToken, readCredentials } from './credentials';
import type { SecuritySettings } from './security-settings';
import { DECOY_HASH, secretMatches } from './token-secret';

/** Who a verified token belongs to. */
export interface Principal {
  readonly tokenId: string;
  readonly label: string;
  readonly scope: TokenScope;
  /** The devices it may post for; `null`: any. */
  readonly devices: ReadonlySet<string> | null;
}

/** Why a request was not authenticated. */
export type AuthFailure = 'missing' | 'malformed' | 'invalid' | 'revoked' | 'wrong_scope';

export type AuthOutcome =
  | { readonly ok: true; readonly principal: Principal }
  | { readonly ok: false; readonly reason: AuthFailure };

const MAX_CACHED = 20_000;

const principalOf = (token: StoredToken): Principal => ({
  tokenId: token.id,
  label: token.label,
  scope: token.scope,
  devices: token.devices.length === 0 ? null : new Set(token.devices),
});

/**
 * Checks the token of a request against the stored hashes. The check runs in constant time per
 * token (an unknown id is compared against a decoy hash), and its outcome is remembered for
 * `tokenCacheMs` under a hash of the presented token, so the store and the hash are consulted
 * once per token and period, not once per request. A revocation takes effect within that period.
 */
@injectable()
export class TokenVerifier {
  private readonly cache = new Map<string, { readonly outcome: AuthOutcome; readonly until: number }>();

  constructor(
    @inject(TOKENS.tokens) private readonly store: TokenStore,
    @inject(TOKENS.Clock) private readonly clock: Clock,
    @inject(TOKENS.SecuritySettings) private readonly settings: SecuritySettings,
  ) {}

  /** Verifies the `Authorization` header of a request for one scope. */
  async verify(authorization: string | undefined, scope: TokenScope): Promise<AuthOutcome> {
    return this.verifyCredentials(readCredentials(authorization), scope);
  }

  /** Verifies credentials already read from a request (its header, or its `token` query parameter). */
  async verifyCredentials(credentials: CredentialsResult, scope: TokenScope): Promise<AuthOutcome> {
    if (credentials.kind === 'none') return { ok: false, reason: 'missing' };
    if (credentials.kind === 'malformed') return { ok: false, reason: 'malformed' };
    const outcome = await this.check(credentials.token);
    if (outcome.ok && outcome.principal.scope !== scope) return { ok: false, reason: 'wrong_scope' };
    return outcome;
  }

  private async check(token: PresentedToken): Promise<AuthOutcome> {
    const now = this.clock.now();
    const key = createHash('sha256').update(token.id).update('.').update(token.secret).digest('base64url');
    const cached = this.cache.get(key);
    if (cached !== undefined && cached.until > now) return cached.outcome;
    const stored = await this.store.get(token.id);
    const matches = secretMatches(token.secret, stored?.secretHash ?? DECOY_HASH);
    const outcome: AuthOutcome =
      stored === undefined || !matches
        ? { ok: false, reason: 'invalid' }
        : stored.revokedAt !== null && stored.revokedAt <= now
          ? { ok: false, reason: 'revoked' }
          : { ok: true, principal: principalOf(stored) };
    if (this.settings.tokenCacheMs > 0) {
      if (this.cache.size >= MAX_CACHED) this.cache.clear();
      this.cache.set(key, { outcome, until: now + this.settings.tokenCacheMs });
    }
    return outcome;
  }
}

import { inject, injectable } from 'inversify';
import type { Clock } from '../../ports';
import { isPlainObject } from '../receive/parse-locations';
import { TOKENS } from '../tokens';
import { exceedsJsonDepth } from './json-depth';
import { presentedCredentials, TOKEN_QUERY_PARAMETER, type TokenSource } from './query-token';
import { RateLimiter } from './rate-limiter';
import { type Refusal, refusal } from './refusal';
import type { SecuritySettings } from './security-settings';
import { type AuthFailure, type Principal, TokenVerifier } from './token-verifier';

/** What the guard needs to know of a request before its body is read. */
export interface RequestFacts {
  readonly authorization: string | undefined;
  /**
   * The query string of a route whose apps send the token there (`?token=`, see
   * the ingest routes' `tokenInQuery`); `undefined` on every other route, whose query is never read for a token.
   */
  readonly tokenQuery?: string;
  /** The client's address (the socket's, or API Gateway's `sourceIp`). */
  readonly clientIp: string;
}

export type Admission =
  | { readonly ok: true; readonly principal: Principal | null }
  | { readonly ok: false; readonly refusal: Refusal };

const AUTH_MESSAGES: Readonly<Record<AuthFailure, string>> = {
  missing:
    'a device token is required (Authorization: Bearer <token>, or HTTP Basic with the token as password)',
  malformed: 'the Authorization header does not hold a Locus token',
  invalid: 'the token is not valid',
  revoked: 'the token was revoked',
  wrong_scope: 'the token does not allow this',
};

/** Where the failed token was looked for, when not only in the `Authorization` header. */
export interface AuthContext {
  /** Where the token was read from. */
  readonly source?: TokenSource;
  /** Whether the route also takes it as `?token=`. */
  readonly queryAccepted?: boolean;
}

const authMessage = (reason: AuthFailure, context: AuthContext): string => {
  if (reason === 'missing' && context.queryAccepted === true) {
    return (
      'a device token is required (Authorization: Bearer <token>, HTTP Basic with the token as ' +
      `password, or ?${TOKEN_QUERY_PARAMETER}=<token> in the URL)`
    );
  }
  if (reason === 'malformed' && context.source === 'query') {
    return `the ${TOKEN_QUERY_PARAMETER} query parameter does not hold a Locus token`;
  }
  return AUTH_MESSAGES[reason];
};

/** The refusal of a failed authentication. */
export const unauthorized = (reason: AuthFailure, context: AuthContext = {}): Refusal =>
  refusal('unauthorized', authMessage(reason, context));

/** The refusal of a rate limit, with the seconds to wait. */
export const tooManyRequests = (retryAfterSeconds: number, what: string): Refusal => ({
  reason: 'too_many_requests',
  message: `too many requests from this ${what}; retry in ${retryAfterSeconds} s`,
  retryAfterSeconds,
});

/** The device ids a body names (one location, or `{ locations: [...] }`), as sent. */
export const deviceIdsOf = (body: unknown): string[] => {
  if (!isPlainObject(body)) return [];
  const items = Array.isArray(body.locations) ? body.locations : [body];
  const ids: string[] = [];
  for (const item of items)
    if (isPlainObject(item) && typeof item.deviceId === 'string') ids.push(item.deviceId);
  return ids;
};

/**
 * The ingest rules every transport applies the same way (local server and `parse_request`):
 * per-address limit, device token, per-token limit before the body is read; JSON depth before it
 * is parsed; the token's devices once it is.
 */
@injectable()
export class IngestGuard {
  private readonly perIp: RateLimiter | null;
  private readonly perToken: RateLimiter | null;

  constructor(
    @inject(TokenVerifier) private readonly verifier: TokenVerifier,
    @inject(TOKENS.SecuritySettings) private readonly settings: SecuritySettings,
    @inject(TOKENS.Clock) clock: Clock,
  ) {
    const { perIp, perToken } = settings.rateLimits;
    this.perIp = perIp === null ? null : new RateLimiter(perIp, clock);
    this.perToken = perToken === null ? null : new RateLimiter(perToken, clock);
  }

  /** Whether {@link admit} lets every request in (no tokens, no per-address limit): nothing to check before the body. */
  get admitsAll(): boolean {
    return !this.settings.auth && this.perIp === null;
  }

  /** Refused when the client's address has used up its rate. */
  limitAddress(clientIp: string): Refusal | undefined {
    const byIp = this.perIp?.take(clientIp);
    return byIp === undefined || byIp.ok ? undefined : tooManyRequests(byIp.retryAfterSeconds, 'address');
  }

  /**
   * Whether a request may be read at all, and as whom. The token is the `Authorization` header's,
   * or, when the header is absent and the route takes it, the `token` query parameter's: checked
   * alike (same verification, same per-token limit, same devices).
   */
  async admit(facts: RequestFacts): Promise<Admission> {
    const limited = this.limitAddress(facts.clientIp);
    if (limited !== undefined) return { ok: false, refusal: limited };
    if (!this.settings.auth) return { ok: true, principal: null };
    const presented = presentedCredentials(facts.authorization, facts.tokenQuery);
    const auth = await this.verifier.verifyCredentials(presented.credentials, 'ingest');
    if (!auth.ok) return { ok: false, refusal: unauthorized(auth.reason, presented) };
    const byToken = this.perToken?.take(auth.principal.tokenId);
    if (byToken !== undefined && !byToken.ok) {
      return { ok: false, refusal: tooManyRequests(byToken.retryAfterSeconds, 'token') };
    }
    return { ok: true, principal: auth.principal };
  }

  /** Refused when the body nests deeper than allowed; checked on the text, before parsing. */
  checkText(text: string): Refusal | undefined {
    return exceedsJsonDepth(text, this.settings.maxJsonDepth)
      ? refusal('invalid_json', `the body nests deeper than ${this.settings.maxJsonDepth} levels`)
      : undefined;
  }

  /** Refused when a request's locations (their device ids) name a device the token is not bound to. */
  checkDevices(principal: Principal | null, deviceIds: readonly string[]): Refusal | undefined {
    if (principal?.devices == null) return undefined;
    for (const deviceId of deviceIds) {
      if (!principal.devices.has(deviceId)) {
        return refusal('forbidden', `this token may not post locations of device "${deviceId}"`);
      }
    }
    return undefined;
  }
}

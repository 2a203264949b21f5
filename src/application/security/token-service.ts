import { inject, injectable } from 'inversify';
import { DEVICE_ID_PATTERN } from '../../domain';
import { type Clock, LocusError, type StoredToken, type TokenScope, type TokenStore } from '../../ports';
import { TOKENS } from '../tokens';
import { hashSecret, issueSecret, TOKEN_ID } from './token-secret';

/** A token as listed: everything but its hash. */
export type TokenListing = Omit<StoredToken, 'secretHash'>;

/** A token just made: the one time its secret is shown. */
export interface CreatedToken extends TokenListing {
  readonly token: string;
}

export interface CreateTokenRequest {
  readonly label: string;
  readonly scope: TokenScope;
  readonly devices?: readonly string[];
}

const LABEL = /^[A-Za-z0-9][A-Za-z0-9 ._:@-]{0,63}$/;

const listing = ({ secretHash: _hash, ...rest }: StoredToken): TokenListing => rest;

/** Creates, lists and revokes tokens (`locus token create|list|revoke`). Only hashes are kept. */
@injectable()
export class TokenService {
  constructor(
    @inject(TOKENS.tokens) private readonly store: TokenStore,
    @inject(TOKENS.Clock) private readonly clock: Clock,
  ) {}

  async create(request: CreateTokenRequest): Promise<CreatedToken> {
    if (!LABEL.test(request.label)) {
      throw new LocusError(
        'CONFIGURATION',
        `the label "${request.label}" must be 1-64 letters, digits, spaces and ._:@-`,
      );
    }
    const devices = [...new Set(request.devices ?? [])];
    const bad = devices.filter((device) => !DEVICE_ID_PATTERN.test(device));
    if (bad.length > 0)
      throw new LocusError('CONFIGURATION', `not device ids: ${bad.map((d) => `"${d}"`).join(', ')}`);
    if (request.scope === 'download' && devices.length > 0) {
      throw new LocusError('CONFIGURATION', 'a download token is not bound to devices');
    }
    const issued = issueSecret();
    const stored: StoredToken = {
      id: issued.id,
      label: request.label,
      scope: request.scope,
      secretHash: hashSecret(issued.secret),
      devices,
      createdAt: this.clock.now(),
      revokedAt: null,
    };
    await this.store.put(stored);
    return { ...listing(stored), token: issued.token };
  }

  async list(): Promise<TokenListing[]> {
    return (await this.store.list()).map(listing);
  }

  /** Whether some token of the scope is still valid (a server open to the network needs one). */
  async hasActive(scope: TokenScope): Promise<boolean> {
    return (await this.store.list()).some((token) => token.scope === scope && token.revokedAt === null);
  }

  /** Revokes a token by id (or the `<id>.<secret>` text); revoking twice keeps the first time. */
  async revoke(idOrToken: string): Promise<TokenListing> {
    const id = idOrToken.split('.')[0] ?? '';
    const stored = TOKEN_ID.test(id) ? await this.store.get(id) : undefined;
    if (stored === undefined) throw new LocusError('OBJECT_NOT_FOUND', `no token ${id}`);
    if (stored.revokedAt !== null) return listing(stored);
    const revoked = { ...stored, revokedAt: this.clock.now() };
    await this.store.put(revoked);
    return listing(revoked);
  }
}

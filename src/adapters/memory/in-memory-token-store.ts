import { randomBytes } from 'node:crypto';
import { injectable } from 'inversify';
import type { SigningKeys, StoredToken, TokenStore } from '../../ports';

const copy = (token: StoredToken): StoredToken => ({ ...token, devices: [...token.devices] });

/** Tokens held in process memory (hashes only, like every store). */
@injectable()
export class InMemoryTokenStore implements TokenStore {
  private readonly tokens = new Map<string, StoredToken>();

  async put(token: StoredToken): Promise<void> {
    this.tokens.set(token.id, copy(token));
  }

  async get(id: string): Promise<StoredToken | undefined> {
    const token = this.tokens.get(id);
    return token === undefined ? undefined : copy(token);
  }

  async list(): Promise<readonly StoredToken[]> {
    return [...this.tokens.values()]
      .map(copy)
      .sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
  }
}

/** Keys made at random on first use and kept for the life of the process. */
@injectable()
export class InMemorySigningKeys implements SigningKeys {
  private readonly keys = new Map<string, Uint8Array>();

  async key(name: string): Promise<Uint8Array> {
    let key = this.keys.get(name);
    if (key === undefined) {
      key = randomBytes(32);
      this.keys.set(name, key);
    }
    return key;
  }
}

/** What a token lets its holder do: post locations, or download reports. */
export type TokenScope = 'ingest' | 'download';

/**
 * A credential as the store keeps it: never the secret itself, only a salted hash of it
 * (`sha256$<salt>$<digest>`). The token a client sends is `<id>.<secret>`.
 */
export interface StoredToken {
  /** The public half of the token (lower-case letters and digits). */
  readonly id: string;
  /** What the operator called it (`fleet-a`, `analyst`). */
  readonly label: string;
  readonly scope: TokenScope;
  readonly secretHash: string;
  /** The device ids an ingest token may post for; empty: any device. */
  readonly devices: readonly string[];
  readonly createdAt: number;
  /** When it was revoked (epoch ms); `null` while it is valid. */
  readonly revokedAt: number | null;
}

/** Where credentials are kept: a SQLite table locally, SSM parameters on AWS. */
export interface TokenStore {
  /** Creates or replaces a token by id. Throws `STORE_UNAVAILABLE`. */
  put(token: StoredToken): Promise<void>;
  /** One token by id; `undefined` when there is none. */
  get(id: string): Promise<StoredToken | undefined>;
  /** Every token, revoked ones included, by creation time. */
  list(): Promise<readonly StoredToken[]>;
}

/** Persistent random keys (e.g. the key that signs download links), made on first use. */
export interface SigningKeys {
  /** The key of that name (32 random bytes), the same on every call and in every process. */
  key(name: string): Promise<Uint8Array>;
}

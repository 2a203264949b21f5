import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import path from 'node:path';
import { inject, injectable } from 'inversify';
import type { SigningKeys, StoredToken, TokenScope, TokenStore } from '../../ports';
import { LOCAL_TOKENS, type LocalAdapterConfig } from './local-tokens';
import { LazyDatabase, type SqliteDatabase, sqliteFailure } from './sqlite-database';

/** The SQLite file of the tokens and keys: readable by its owner only. */
export const securityDatabaseFile = (dataDir: string): string => path.join(dataDir, 'security.db');

interface TokenRow {
  readonly id: string;
  readonly label: string;
  readonly scope: string;
  readonly secret_hash: string;
  readonly devices: string;
  readonly created_at: number;
  readonly revoked_at: number | null;
}

const prepare = (db: SqliteDatabase) => {
  db.exec(`
    CREATE TABLE IF NOT EXISTS tokens (
      id TEXT PRIMARY KEY,
      label TEXT NOT NULL,
      scope TEXT NOT NULL,
      secret_hash TEXT NOT NULL,
      devices TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      revoked_at INTEGER
    );
    CREATE TABLE IF NOT EXISTS signing_keys (name TEXT PRIMARY KEY, value BLOB NOT NULL);
  `);
  return {
    put: db.prepare<[string, string, string, string, string, number, number | null]>(
      `INSERT INTO tokens (id, label, scope, secret_hash, devices, created_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET label = excluded.label, scope = excluded.scope,
         secret_hash = excluded.secret_hash, devices = excluded.devices, created_at = excluded.created_at,
         revoked_at = excluded.revoked_at`,
    ),
    get: db.prepare<[string], TokenRow>('SELECT * FROM tokens WHERE id = ?'),
    list: db.prepare<[], TokenRow>('SELECT * FROM tokens ORDER BY created_at, id'),
    getKey: db.prepare<[string], { value: Buffer }>('SELECT value FROM signing_keys WHERE name = ?'),
    addKey: db.prepare<[string, Buffer]>(
      'INSERT INTO signing_keys (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING',
    ),
  };
};

const tokenOf = (row: TokenRow): StoredToken => ({
  id: row.id,
  label: row.label,
  scope: row.scope as TokenScope,
  secretHash: row.secret_hash,
  devices: JSON.parse(row.devices) as string[],
  createdAt: row.created_at,
  revokedAt: row.revoked_at,
});

/** Creates the database file readable and writable by its owner only (before SQLite opens it). */
const createPrivateFile = (file: string): void => {
  mkdirSync(path.dirname(file), { recursive: true });
  closeSync(openSync(file, 'a', 0o600));
  chmodSync(file, 0o600);
};

/**
 * Tokens and signing keys in `<dataDir>/security.db` (mode 0600, WAL, `synchronous=FULL`), apart
 * from the queue and journal so that it can be guarded and backed up on its own. Only salted
 * hashes of token secrets are stored.
 */
@injectable()
export class SqliteTokenStore implements TokenStore, SigningKeys {
  private readonly database: LazyDatabase<ReturnType<typeof prepare>>;

  constructor(@inject(LOCAL_TOKENS.Config) config: LocalAdapterConfig) {
    const file = securityDatabaseFile(config.dataDir);
    this.database = new LazyDatabase(file, (db) => prepare(db));
    this.ensureFile = () => createPrivateFile(file);
  }

  private ensureFile: (() => void) | undefined;

  async put(token: StoredToken): Promise<void> {
    this.run('store a token', (sql) => {
      sql.put.run(
        token.id,
        token.label,
        token.scope,
        token.secretHash,
        JSON.stringify(token.devices),
        token.createdAt,
        token.revokedAt,
      );
    });
  }

  async get(id: string): Promise<StoredToken | undefined> {
    return this.run('read a token', (sql) => {
      const row = sql.get.get(id);
      return row === undefined ? undefined : tokenOf(row);
    });
  }

  async list(): Promise<readonly StoredToken[]> {
    return this.run('list the tokens', (sql) => sql.list.all().map(tokenOf));
  }

  /** The named key, made (32 random bytes) and kept the first time it is asked for. */
  async key(name: string): Promise<Uint8Array> {
    return this.run('read a signing key', (sql) => {
      const found = sql.getKey.get(name);
      if (found !== undefined) return new Uint8Array(found.value);
      sql.addKey.run(name, randomBytes(32));
      return new Uint8Array((sql.getKey.get(name) as { value: Buffer }).value);
    });
  }

  /** Closes the database (it is opened again on the next call). */
  async close(): Promise<void> {
    this.database.close();
  }

  private run<T>(action: string, work: (sql: ReturnType<typeof prepare>) => T): T {
    try {
      if (this.ensureFile !== undefined) {
        this.ensureFile();
        this.ensureFile = undefined;
      }
      return work(this.database.get().sql);
    } catch (error) {
      throw sqliteFailure('STORE_UNAVAILABLE', `could not ${action}`, error);
    }
  }
}

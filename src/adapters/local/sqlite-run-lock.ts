import { inject, injectable } from 'inversify';
import { TOKENS } from '../../application/tokens';
import type { Clock, RunLock } from '../../ports';
import { journalDatabaseFile } from './data-dir-layout';
import { LOCAL_TOKENS, type LocalAdapterConfig } from './local-tokens';
import { LazyDatabase, type SqliteDatabase, sqliteFailure } from './sqlite-database';

interface LockRow {
  readonly holder: string;
  readonly expires_at: number;
}

const prepare = (db: SqliteDatabase) => {
  db.exec(`
    CREATE TABLE IF NOT EXISTS run_locks (
      name TEXT PRIMARY KEY,
      holder TEXT NOT NULL,
      expires_at INTEGER NOT NULL
    );
  `);
  return {
    get: db.prepare<[string], LockRow>('SELECT holder, expires_at FROM run_locks WHERE name = ?'),
    put: db.prepare<[string, string, number]>(
      `INSERT INTO run_locks (name, holder, expires_at) VALUES (?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at`,
    ),
    release: db.prepare<[string, string]>('DELETE FROM run_locks WHERE name = ? AND holder = ?'),
  };
};

/**
 * Run locks as rows `(name, holder, expires_at)` in `<dataDir>/journal.db`, each change made in an
 * IMMEDIATE transaction (so two processes never both take a lock); expiry follows the injected clock.
 */
@injectable()
export class SqliteRunLock implements RunLock {
  private readonly database: LazyDatabase<ReturnType<typeof prepare>>;

  constructor(
    @inject(LOCAL_TOKENS.Config) config: LocalAdapterConfig,
    @inject(TOKENS.Clock) private readonly clock: Clock,
  ) {
    this.database = new LazyDatabase(journalDatabaseFile(config.dataDir), prepare);
  }

  /** Takes the lock when it is free, expired, or already this holder's. */
  async acquire(name: string, holder: string, ttlMs: number): Promise<boolean> {
    return this.inTransaction('acquire', name, (sql) => {
      const now = this.clock.now();
      const row = sql.get.get(name);
      if (row !== undefined && row.holder !== holder && row.expires_at > now) return false;
      sql.put.run(name, holder, now + ttlMs);
      return true;
    });
  }

  /** Extends the lease while the row is still this holder's (even if it lapsed and nobody took it). */
  async renew(name: string, holder: string, ttlMs: number): Promise<boolean> {
    return this.inTransaction('renew', name, (sql) => {
      const row = sql.get.get(name);
      if (row === undefined || row.holder !== holder) return false;
      sql.put.run(name, holder, this.clock.now() + ttlMs);
      return true;
    });
  }

  async release(name: string, holder: string): Promise<void> {
    this.inTransaction('release', name, (sql) => {
      sql.release.run(name, holder);
    });
  }

  /** Closes the database (it is opened again on the next call). */
  async close(): Promise<void> {
    this.database.close();
  }

  private inTransaction<T>(action: string, name: string, work: (sql: ReturnType<typeof prepare>) => T): T {
    try {
      const { db, sql } = this.database.get();
      return db.transaction(() => work(sql)).immediate();
    } catch (error) {
      throw sqliteFailure('STORE_UNAVAILABLE', `could not ${action} the lock ${name}`, error);
    }
  }
}

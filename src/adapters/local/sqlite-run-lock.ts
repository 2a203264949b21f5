import { inject, injectable } from 'inversify';
import type { Clock, LockHolder, RunLock } from '../../ports';
import { TOKENS } from '../../ports/tokens';
import { hasEndedHere, processIdentity } from '../system/process-identity';
import { journalDatabaseFile } from './data-dir-layout';
import { LOCAL_TOKENS, type LocalAdapterConfig } from './local-tokens';
import { LazyDatabase, type SqliteDatabase, sqliteFailure } from './sqlite-database';

interface LockRow {
  readonly holder: string;
  readonly expires_at: number;
  readonly host: string | null;
  readonly pid: number | null;
  readonly since: number | null;
}

/** Columns added after the table first shipped: added in place to an older `journal.db`. */
const LATER_COLUMNS = { host: 'TEXT', pid: 'INTEGER', since: 'INTEGER' } as const;

const prepare = (db: SqliteDatabase) => {
  db.exec(`
    CREATE TABLE IF NOT EXISTS run_locks (
      name TEXT PRIMARY KEY,
      holder TEXT NOT NULL,
      expires_at INTEGER NOT NULL
    );
  `);
  const present = new Set(
    (db.prepare('PRAGMA table_info(run_locks)').all() as { name: string }[]).map((c) => c.name),
  );
  for (const [column, type] of Object.entries(LATER_COLUMNS)) {
    if (!present.has(column)) db.exec(`ALTER TABLE run_locks ADD COLUMN ${column} ${type}`);
  }
  return {
    get: db.prepare<[string], LockRow>(
      'SELECT holder, expires_at, host, pid, since FROM run_locks WHERE name = ?',
    ),
    put: db.prepare<[string, string, number, string, number, number]>(
      `INSERT INTO run_locks (name, holder, expires_at, host, pid, since) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at,
         host = excluded.host, pid = excluded.pid, since = excluded.since`,
    ),
    extend: db.prepare<[number, string]>('UPDATE run_locks SET expires_at = ? WHERE name = ?'),
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

  /**
   * Takes the lock when it is free, expired, already this holder's, or held by a process of this
   * machine that has ended (a crashed run's lease need not run out first: its process can write
   * nothing more, and a run that still wrote would find the lock gone at its next fence).
   */
  async acquire(name: string, holder: string, ttlMs: number): Promise<boolean> {
    return this.inTransaction('acquire', name, (sql) => {
      const now = this.clock.now();
      const row = sql.get.get(name);
      const live = row !== undefined && row.expires_at > now && !hasEndedHere(row.host, row.pid);
      if (live && row.holder !== holder) return false;
      const { host, pid } = processIdentity();
      const since = row?.holder === holder ? (row.since ?? now) : now;
      sql.put.run(name, holder, now + ttlMs, host, pid, since);
      return true;
    });
  }

  /** Extends the lease while the row is still this holder's (even if it lapsed and nobody took it). */
  async renew(name: string, holder: string, ttlMs: number): Promise<boolean> {
    return this.inTransaction('renew', name, (sql) => {
      const row = sql.get.get(name);
      if (row === undefined || row.holder !== holder) return false;
      sql.extend.run(this.clock.now() + ttlMs, name);
      return true;
    });
  }

  async release(name: string, holder: string): Promise<void> {
    this.inTransaction('release', name, (sql) => {
      sql.release.run(name, holder);
    });
  }

  async holderOf(name: string): Promise<LockHolder | undefined> {
    return this.inTransaction('read', name, (sql) => {
      const row = sql.get.get(name);
      if (row === undefined) return undefined;
      return {
        holder: row.holder,
        host: row.host ?? 'unknown',
        pid: row.pid ?? 0,
        since: row.since ?? row.expires_at,
        expiresAt: row.expires_at,
      };
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

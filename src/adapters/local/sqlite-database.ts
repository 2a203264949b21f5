import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { isLocusError, LocusError } from '../../ports';

/** A better-sqlite3 connection, as the local adapters use it. */
export type SqliteDatabase = Database.Database;

/**
 * Opens (creating if needed) a SQLite file for durable use: write-ahead log, and
 * `synchronous=FULL` so that a committed transaction survives a power loss.
 */
export const openDurableDatabase = (file: string, busyTimeoutMs = 5000): SqliteDatabase => {
  mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file, { timeout: busyTimeoutMs });
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
};

/**
 * What a SQLite call threw, as the port's error: a `LocusError` passes on as it is; anything else
 * becomes a retryable `code` error that says what could not be done (`what: <driver message>`).
 */
export const sqliteFailure = (
  code: 'QUEUE_UNAVAILABLE' | 'STORE_UNAVAILABLE',
  what: string,
  error: unknown,
): LocusError =>
  isLocusError(error)
    ? error
    : new LocusError(code, `${what}: ${(error as Error)?.message}`, { cause: error, retryable: true });

/** A database opened on first use, with its statements prepared once. */
export class LazyDatabase<Statements> {
  private opened: { readonly db: SqliteDatabase; readonly sql: Statements } | undefined;

  constructor(
    private readonly file: string,
    private readonly prepare: (db: SqliteDatabase) => Statements,
    private readonly busyTimeoutMs = 5000,
  ) {}

  /** The open connection and its statements (opening the file the first time). */
  get(): { readonly db: SqliteDatabase; readonly sql: Statements } {
    if (this.opened === undefined) {
      const db = openDurableDatabase(this.file, this.busyTimeoutMs);
      try {
        this.opened = { db, sql: this.prepare(db) };
      } catch (error) {
        db.close();
        throw error;
      }
    }
    return this.opened;
  }

  /** Closes the connection; the next `get` opens it again. */
  close(): void {
    this.opened?.db.close();
    this.opened = undefined;
  }
}

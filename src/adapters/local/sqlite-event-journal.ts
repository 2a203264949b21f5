import { inject, injectable } from 'inversify';
import { TOKENS } from '../../application/tokens';
import type { LocusEvent } from '../../domain';
import type { Clock, EventJournal, JournalEntry } from '../../ports';
import { journalDatabaseFile } from './data-dir-layout';
import { LOCAL_TOKENS, type LocalAdapterConfig } from './local-tokens';
import { LazyDatabase, type SqliteDatabase, sqliteFailure } from './sqlite-database';

/** Sorts after every text that starts with a given prefix (SQLite compares UTF-8 bytes). */
const AFTER_PREFIX = '\u{10FFFF}';

interface EntryRow {
  readonly stream: string;
  readonly event: string;
  readonly recorded_at: number;
}

const prepare = (db: SqliteDatabase) => {
  db.exec(`
    CREATE TABLE IF NOT EXISTS events (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      stream TEXT NOT NULL,
      event TEXT NOT NULL,
      recorded_at INTEGER NOT NULL
    );
    CREATE INDEX IF NOT EXISTS events_by_stream ON events (stream, seq);
  `);
  return {
    append: db.prepare<[string, string, number]>(
      'INSERT INTO events (stream, event, recorded_at) VALUES (?, ?, ?)',
    ),
    readStream: db.prepare<[string], { event: string }>(
      'SELECT event FROM events WHERE stream = ? ORDER BY seq',
    ),
    listStreams: db.prepare<[string, string], { stream: string }>(
      'SELECT DISTINCT stream FROM events WHERE stream >= ? AND stream < ? ORDER BY stream',
    ),
    tail: db.prepare<[number], EntryRow>(
      `SELECT stream, event, recorded_at FROM
         (SELECT seq, stream, event, recorded_at FROM events ORDER BY seq DESC LIMIT ?)
       ORDER BY seq`,
    ),
  };
};

/**
 * The event journal in SQLite (`<dataDir>/journal.db`, WAL, `synchronous=FULL`): one row per
 * event, in append order; an append is one transaction.
 */
@injectable()
export class SqliteEventJournal implements EventJournal {
  private readonly database: LazyDatabase<ReturnType<typeof prepare>>;

  constructor(
    @inject(LOCAL_TOKENS.Config) config: LocalAdapterConfig,
    @inject(TOKENS.Clock) private readonly clock: Clock,
  ) {
    this.database = new LazyDatabase(journalDatabaseFile(config.dataDir), prepare);
  }

  async append(stream: string, events: readonly LocusEvent[]): Promise<void> {
    if (events.length === 0) return;
    this.run('append to', stream, ({ db, sql }) => {
      const recordedAt = this.clock.now();
      const rows = events.map((event) => JSON.stringify(event));
      db.transaction(() => {
        for (const row of rows) sql.append.run(stream, row, recordedAt);
      }).immediate();
    });
  }

  async readStream(stream: string): Promise<readonly LocusEvent[]> {
    return this.run('read', stream, ({ sql }) =>
      sql.readStream.all(stream).map((row) => JSON.parse(row.event) as LocusEvent),
    );
  }

  async listStreams(prefix: string): Promise<readonly string[]> {
    return this.run('list', `${prefix}*`, ({ sql }) =>
      sql.listStreams.all(prefix, prefix + AFTER_PREFIX).map((row) => row.stream),
    );
  }

  async tail(limit: number): Promise<readonly JournalEntry[]> {
    if (limit <= 0) return [];
    return this.run('read', 'the latest entries', ({ sql }) =>
      sql.tail.all(Math.floor(limit)).map((row) => ({
        stream: row.stream,
        event: JSON.parse(row.event) as LocusEvent,
        recordedAt: row.recorded_at,
      })),
    );
  }

  /** Closes the database (it is opened again on the next call). */
  async close(): Promise<void> {
    this.database.close();
  }

  private run<T>(
    action: string,
    what: string,
    work: (connection: { db: SqliteDatabase; sql: ReturnType<typeof prepare> }) => T,
  ): T {
    try {
      return work(this.database.get());
    } catch (error) {
      throw sqliteFailure('STORE_UNAVAILABLE', `the journal could not ${action} ${what}`, error);
    }
  }
}

import { inject, injectable } from 'inversify';
import { type ExpectedStreamVersion, type LocusEvent, matchesExpectedVersion } from '../../domain';
import type { AppendResult, Clock, EventJournal, JournalEntry, StreamAppend, StreamRead } from '../../ports';
import { TOKENS } from '../../ports/tokens';
import { versionConflict } from '../journal/version-conflict';
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
  addVersions(db);
  return {
    append: db.prepare<[string, number, string, number]>(
      'INSERT INTO events (stream, version, event, recorded_at) VALUES (?, ?, ?, ?)',
    ),
    version: db.prepare<[string], { version: number | null }>(
      'SELECT max(version) AS version FROM events WHERE stream = ?',
    ),
    readStream: db.prepare<[string], { event: string }>(
      'SELECT event FROM events WHERE stream = ? ORDER BY version',
    ),
    readStreams: db.prepare<[string, string], { stream: string; event: string }>(
      // Versions follow `seq` within a stream, so the index gives the order without a sort.
      'SELECT stream, event FROM events WHERE stream >= ? AND stream < ? ORDER BY stream, seq',
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
 * Gives every event its version in its stream (1, 2, …), unique per stream: a journal written
 * before versions existed is numbered in append order, once.
 */
const addVersions = (db: SqliteDatabase): void => {
  const columns = db.prepare('PRAGMA table_info(events)').all() as { name: string }[];
  if (columns.some((column) => column.name === 'version')) return;
  db.transaction(() => {
    db.exec('ALTER TABLE events ADD COLUMN version INTEGER');
    db.exec(`UPDATE events SET version =
      (SELECT count(*) FROM events AS earlier WHERE earlier.stream = events.stream AND earlier.seq <= events.seq)`);
    db.exec('CREATE UNIQUE INDEX IF NOT EXISTS events_stream_version ON events (stream, version)');
  }).immediate();
};

/**
 * The event journal in SQLite (`<dataDir>/journal.db`, WAL, `synchronous=FULL`): one row per
 * event with its version in its stream, unique per (stream, version); an append is one IMMEDIATE
 * transaction that checks the expected version first, so two processes never both append at one version.
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

  async append(
    stream: string,
    events: readonly LocusEvent[],
    expectedVersion: ExpectedStreamVersion,
  ): Promise<AppendResult> {
    const [result] = await this.appendAll([{ stream, events, expectedVersion }]);
    return result as AppendResult;
  }

  /** Every part in one IMMEDIATE transaction (one commit, one fsync); a conflict rolls it all back. */
  async appendAll(appends: readonly StreamAppend[]): Promise<readonly AppendResult[]> {
    const parts = appends.map(({ stream, events, expectedVersion }) => ({
      stream,
      expectedVersion,
      rows: events.map((event) => JSON.stringify(event)),
    }));
    const what = parts.length === 1 ? (parts[0]?.stream ?? '') : `${parts.length} streams`;
    return this.run('append to', what, ({ db, sql }) => {
      const recordedAt = this.clock.now();
      return db
        .transaction(() =>
          parts.map(({ stream, expectedVersion, rows }): AppendResult => {
            const current = sql.version.get(stream)?.version ?? 0;
            if (rows.length === 0) return { nextExpectedVersion: current };
            // Thrown inside the transaction: every part appended before it is rolled back.
            if (!matchesExpectedVersion(current, expectedVersion)) {
              throw versionConflict(stream, expectedVersion, current);
            }
            for (const [i, row] of rows.entries()) sql.append.run(stream, current + i + 1, row, recordedAt);
            return { nextExpectedVersion: current + rows.length };
          }),
        )
        .immediate();
    });
  }

  async readStream(stream: string): Promise<StreamRead> {
    const events = this.run('read', stream, ({ sql }) =>
      sql.readStream.all(stream).map((row) => JSON.parse(row.event) as LocusEvent),
    );
    return { events, version: events.length };
  }

  async listStreams(prefix: string): Promise<readonly string[]> {
    return this.run('list', `${prefix}*`, ({ sql }) =>
      sql.listStreams.all(prefix, prefix + AFTER_PREFIX).map((row) => row.stream),
    );
  }

  async readStreams(prefix: string): Promise<ReadonlyMap<string, StreamRead>> {
    const rows = this.run('read', `${prefix}*`, ({ sql }) =>
      sql.readStreams.all(prefix, prefix + AFTER_PREFIX),
    );
    const events = new Map<string, LocusEvent[]>();
    for (const row of rows) {
      const held = events.get(row.stream) ?? [];
      held.push(JSON.parse(row.event) as LocusEvent);
      events.set(row.stream, held);
    }
    return new Map([...events].map(([stream, held]) => [stream, { events: held, version: held.length }]));
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

import type { Statement } from 'better-sqlite3';
import type { SqliteDatabase } from './sqlite-database';

/**
 * The queue's tables: `messages` (one row per request; `visible_at` when it was enqueued,
 * `receives` how many of its leases expired), `message_leases` (the leases: runs of consecutive
 * message ids, one token, held until `visible_at`; a range covers exactly the messages its lease
 * still holds) and `quarantined_messages` (messages set aside: they could not be decoded, or were
 * leased too often). A message is leased while a lasting range covers it, ready otherwise: leasing
 * writes one range row per run of ids and no message row, acknowledging deletes by range.
 * `receipt` is only read for messages leased by an earlier version, which moved `visible_at` ahead.
 * `queue_counts` holds how many messages there are (see {@link countMessages}), so that the queue
 * is counted without reading every message (130 ms a million, on the thread serving requests).
 */
export const createQueueSchema = (db: SqliteDatabase): void => {
  db.exec(`
    CREATE TABLE IF NOT EXISTS messages (
      id INTEGER PRIMARY KEY,
      body TEXT NOT NULL,
      visible_at INTEGER NOT NULL,
      receipt TEXT,
      receives INTEGER NOT NULL DEFAULT 0
    );
    DROP INDEX IF EXISTS messages_by_visibility;
    CREATE TABLE IF NOT EXISTS message_leases (
      first_id INTEGER PRIMARY KEY,
      last_id INTEGER NOT NULL,
      token TEXT NOT NULL,
      visible_at INTEGER NOT NULL
    );
    CREATE INDEX IF NOT EXISTS message_leases_by_token ON message_leases (token);
    CREATE TABLE IF NOT EXISTS quarantined_messages (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      body TEXT NOT NULL,
      reason TEXT NOT NULL,
      quarantined_at INTEGER NOT NULL
    );
  `);
  countMessages(db);
  const columns = db.prepare<[], { name: string }>('PRAGMA table_info(messages)').all();
  if (!columns.some((column) => column.name === 'receives')) {
    // A queue written before messages counted their leases: they start again from zero.
    db.exec('ALTER TABLE messages ADD COLUMN receives INTEGER NOT NULL DEFAULT 0');
  }
};

/**
 * Creates the message count, counting the messages already there (once, in the same transaction,
 * so that no insert of another connection falls between), its insert trigger (whoever inserts: the
 * writer thread, a redrive, an older version) and the index of the messages an earlier version
 * leased (none but theirs enter it). Deletes are counted by the statements that make them
 * ({@link QueueStatements.uncount}): a trigger would cost each acknowledged message 0.7 µs, 1.7 s
 * over a nominal day's store runs. A lease that finds the queue drained counts the messages again
 * ({@link QueueStatements.recount}), so a delete made elsewhere is not miscounted for long.
 */
const countMessages = (db: SqliteDatabase): void => {
  const counted = db
    .prepare<[], { name: string }>(
      "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name = 'messages_inserted'",
    )
    .get();
  if (counted !== undefined) return;
  db.transaction(() => {
    db.exec(`
      CREATE TABLE IF NOT EXISTS queue_counts (id INTEGER PRIMARY KEY CHECK (id = 0), messages INTEGER NOT NULL);
      DELETE FROM queue_counts;
      INSERT INTO queue_counts (id, messages) SELECT 0, count(*) FROM messages;
      CREATE TRIGGER IF NOT EXISTS messages_inserted AFTER INSERT ON messages
        BEGIN UPDATE queue_counts SET messages = messages + 1 WHERE id = 0; END;
      CREATE INDEX IF NOT EXISTS messages_leased_before ON messages (visible_at) WHERE receipt IS NOT NULL;
    `);
  }).immediate();
};

/**
 * The queue's counts, none of which reads the messages: their number from `queue_counts`; those
 * leased by a version that marked leases by moving `visible_at` ahead, through their own index
 * (every other message is visible from its insert on); the quarantined ones.
 */
export const QUEUE_DEPTH_SQL = `SELECT
       (SELECT messages FROM queue_counts WHERE id = 0) AS messages,
       (SELECT count(*) FROM messages WHERE receipt IS NOT NULL AND visible_at > ?) AS legacyLeased,
       (SELECT count(*) FROM quarantined_messages) AS quarantined`;

/** A message row as the lease reads it: id, body, times leased without acknowledgement. */
export type MessageRow = readonly [id: number, body: string, receives: number];

/** The statements the queue runs, prepared once per connection. */
export interface QueueStatements {
  readonly activeLeases: Statement<[number], LeaseRange>;
  readonly dropExpiredLeases: Statement<[number]>;
  /** Ready messages as `[id, body, receives]` rows (arrays: no object per row on a lease of thousands). */
  readonly readyBetween: Statement<[number, number, number, number], MessageRow>;
  readonly expiredLeases: Statement<[number], LeaseRange>;
  readonly countExpiry: Statement<[number, number]>;
  readonly addLease: Statement<[number, number, string, number]>;
  readonly leasesOverlapping: Statement<[string, number, number], LeaseRange>;
  readonly removeRange: Statement<[number, number]>;
  /** Takes deleted messages off the count (every delete of a message runs it with its changes). */
  readonly uncount: Statement<[number]>;
  /** Counts the messages again (cheap only when few are left: a lease that found the queue drained). */
  readonly recount: Statement<[]>;
  readonly heldIn: Statement<[number, number], { held: number }>;
  readonly dropLease: Statement<[number]>;
  readonly quarantine: Statement<[string, string, number]>;
  readonly quarantined: Statement<[], { id: number; body: string; reason: string; quarantined_at: number }>;
  readonly quarantinedOne: Statement<
    [number],
    { id: number; body: string; reason: string; quarantined_at: number }
  >;
  readonly release: Statement<[number]>;
  readonly requeue: Statement<[string, number]>;
  readonly remove: Statement<[number]>;
  readonly depth: Statement<[number], { messages: number; legacyLeased: number; quarantined: number }>;
}

/** One run of consecutive message ids leased under one token. */
export interface LeaseRange {
  readonly first_id: number;
  readonly last_id: number;
  readonly token: string;
  readonly visible_at: number;
}

export const prepareQueueStatements = (db: SqliteDatabase): QueueStatements => ({
  activeLeases: db.prepare<[number], LeaseRange>(
    'SELECT first_id, last_id, token, visible_at FROM message_leases WHERE visible_at > ? ORDER BY first_id',
  ),
  dropExpiredLeases: db.prepare<[number]>('DELETE FROM message_leases WHERE visible_at <= ?'),
  readyBetween: db
    .prepare<[number, number, number, number], MessageRow>(
      'SELECT id, body, receives FROM messages WHERE id > ? AND id < ? AND visible_at <= ? ORDER BY id LIMIT ?',
    )
    .raw(true),
  expiredLeases: db.prepare<[number], LeaseRange>(
    'SELECT first_id, last_id, token, visible_at FROM message_leases WHERE visible_at <= ?',
  ),
  countExpiry: db.prepare<[number, number]>(
    'UPDATE messages SET receives = receives + 1 WHERE id BETWEEN ? AND ?',
  ),
  addLease: db.prepare<[number, number, string, number]>(
    'INSERT OR REPLACE INTO message_leases (first_id, last_id, token, visible_at) VALUES (?, ?, ?, ?)',
  ),
  leasesOverlapping: db.prepare<[string, number, number], LeaseRange>(
    'SELECT first_id, last_id, token, visible_at FROM message_leases WHERE token = ? AND first_id <= ? AND last_id >= ?',
  ),
  removeRange: db.prepare<[number, number]>('DELETE FROM messages WHERE id BETWEEN ? AND ?'),
  uncount: db.prepare<[number]>('UPDATE queue_counts SET messages = messages - ? WHERE id = 0'),
  recount: db.prepare<[]>('UPDATE queue_counts SET messages = (SELECT count(*) FROM messages) WHERE id = 0'),
  heldIn: db.prepare<[number, number], { held: number }>(
    'SELECT count(*) AS held FROM messages WHERE id BETWEEN ? AND ?',
  ),
  dropLease: db.prepare<[number]>('DELETE FROM message_leases WHERE first_id = ?'),
  // A new row each time: message ids can come back once the highest is gone, quarantine ids must not.
  quarantine: db.prepare<[string, string, number]>(
    'INSERT INTO quarantined_messages (body, reason, quarantined_at) VALUES (?, ?, ?)',
  ),
  quarantined: db.prepare<[], { id: number; body: string; reason: string; quarantined_at: number }>(
    'SELECT id, body, reason, quarantined_at FROM quarantined_messages ORDER BY id',
  ),
  quarantinedOne: db.prepare<[number], { id: number; body: string; reason: string; quarantined_at: number }>(
    'SELECT id, body, reason, quarantined_at FROM quarantined_messages WHERE id = ?',
  ),
  release: db.prepare<[number]>('DELETE FROM quarantined_messages WHERE id = ?'),
  requeue: db.prepare<[string, number]>('INSERT INTO messages (body, visible_at) VALUES (?, ?)'),
  remove: db.prepare<[number]>('DELETE FROM messages WHERE id = ?'),
  depth: db.prepare<[number], { messages: number; legacyLeased: number; quarantined: number }>(
    QUEUE_DEPTH_SQL,
  ),
});

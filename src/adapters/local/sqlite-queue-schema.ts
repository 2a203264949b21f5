import type { Statement } from 'better-sqlite3';
import type { SqliteDatabase } from './sqlite-database';

/**
 * The queue's tables: `messages` (one row per request; `receipt` set while leased, `visible_at`
 * the time it may be leased next, `receives` how often it was leased) and `quarantined_messages`
 * (messages set aside: they could not be decoded, or were leased too often).
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
    CREATE INDEX IF NOT EXISTS messages_by_visibility ON messages (visible_at, id);
    CREATE TABLE IF NOT EXISTS quarantined_messages (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      body TEXT NOT NULL,
      reason TEXT NOT NULL,
      quarantined_at INTEGER NOT NULL
    );
  `);
  const columns = db.prepare<[], { name: string }>('PRAGMA table_info(messages)').all();
  if (!columns.some((column) => column.name === 'receives')) {
    // A queue written before messages counted their leases: they start again from zero.
    db.exec('ALTER TABLE messages ADD COLUMN receives INTEGER NOT NULL DEFAULT 0');
  }
};

/** The statements the queue runs, prepared once per connection. */
export interface QueueStatements {
  readonly lease: Statement<[string, number, number, number], { id: number; body: string; receives: number }>;
  readonly quarantine: Statement<[string, string, number]>;
  readonly quarantined: Statement<[], { id: number; body: string; reason: string; quarantined_at: number }>;
  readonly quarantinedOne: Statement<
    [number],
    { id: number; body: string; reason: string; quarantined_at: number }
  >;
  readonly release: Statement<[number]>;
  readonly requeue: Statement<[string, number]>;
  readonly remove: Statement<[number]>;
  readonly acknowledge: Statement<[number, string]>;
  readonly depth: Statement<[number, number], { ready: number; leased: number; quarantined: number }>;
}

export const prepareQueueStatements = (db: SqliteDatabase): QueueStatements => ({
  lease: db.prepare<[string, number, number, number], { id: number; body: string; receives: number }>(
    `UPDATE messages SET receipt = ?, visible_at = ?, receives = receives + 1
     WHERE id IN (SELECT id FROM messages WHERE visible_at <= ? ORDER BY visible_at, id LIMIT ?)
     RETURNING id, body, receives`,
  ),
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
  acknowledge: db.prepare<[number, string]>('DELETE FROM messages WHERE id = ? AND receipt = ?'),
  depth: db.prepare<[number, number], { ready: number; leased: number; quarantined: number }>(
    `SELECT
       (SELECT count(*) FROM messages WHERE visible_at <= ?) AS ready,
       (SELECT count(*) FROM messages WHERE receipt IS NOT NULL AND visible_at > ?) AS leased,
       (SELECT count(*) FROM quarantined_messages) AS quarantined`,
  ),
});

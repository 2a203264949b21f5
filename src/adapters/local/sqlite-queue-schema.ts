import type { Statement } from 'better-sqlite3';
import type { SqliteDatabase } from './sqlite-database';

/**
 * The queue's tables: `messages` (one row per request; `receipt` set while leased, `visible_at`
 * the time it may be leased next) and `quarantined_messages` (rows that could not be decoded).
 */
export const createQueueSchema = (db: SqliteDatabase): void => {
  db.exec(`
    CREATE TABLE IF NOT EXISTS messages (
      id INTEGER PRIMARY KEY,
      body TEXT NOT NULL,
      visible_at INTEGER NOT NULL,
      receipt TEXT
    );
    CREATE INDEX IF NOT EXISTS messages_by_visibility ON messages (visible_at, id);
    CREATE TABLE IF NOT EXISTS quarantined_messages (
      id INTEGER PRIMARY KEY,
      body TEXT NOT NULL,
      reason TEXT NOT NULL,
      quarantined_at INTEGER NOT NULL
    );
  `);
};

/** The statements the queue runs, prepared once per connection. */
export interface QueueStatements {
  readonly lease: Statement<[string, number, number, number], { id: number; body: string }>;
  readonly quarantine: Statement<[number, string, string, number]>;
  readonly remove: Statement<[number]>;
  readonly acknowledge: Statement<[number, string]>;
  readonly depth: Statement<[number, number], { ready: number; leased: number; quarantined: number }>;
}

export const prepareQueueStatements = (db: SqliteDatabase): QueueStatements => ({
  lease: db.prepare<[string, number, number, number], { id: number; body: string }>(
    `UPDATE messages SET receipt = ?, visible_at = ?
     WHERE id IN (SELECT id FROM messages WHERE visible_at <= ? ORDER BY visible_at, id LIMIT ?)
     RETURNING id, body`,
  ),
  quarantine: db.prepare<[number, string, string, number]>(
    'INSERT OR REPLACE INTO quarantined_messages (id, body, reason, quarantined_at) VALUES (?, ?, ?, ?)',
  ),
  remove: db.prepare<[number]>('DELETE FROM messages WHERE id = ?'),
  acknowledge: db.prepare<[number, string]>('DELETE FROM messages WHERE id = ? AND receipt = ?'),
  depth: db.prepare<[number, number], { ready: number; leased: number; quarantined: number }>(
    `SELECT
       (SELECT count(*) FROM messages WHERE visible_at <= ?) AS ready,
       (SELECT count(*) FROM messages WHERE receipt IS NOT NULL AND visible_at > ?) AS leased,
       (SELECT count(*) FROM quarantined_messages) AS quarantined`,
  ),
});

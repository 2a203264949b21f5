import { promises as fs } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

/** The queue of a stopped `locus serve` against the record ids its 202s named. */
export interface QueueCheck {
  /** Records in the queue's messages, and how many distinct record ids they hold. */
  readonly records: number;
  readonly distinct: number;
  /** Record ids answered with 202, and how many of them the queue lacks. */
  readonly answered: number;
  readonly missing: number;
  /** Records in the queue no 202 named: requests in flight when a load run ended. */
  readonly unanswered: number;
  readonly quarantined: number;
  readonly batchFiles: number;
  /** Every answered id in the queue once, no record twice, nothing quarantined nor stored. */
  readonly exact: boolean;
}

/**
 * Reads queue.db (read-only) after the server stopped: each message body is CSV lines whose first
 * field is the record id. `inFlightBound` is how many records unanswered requests may have added.
 */
export const countQueue = async (
  dataDir: string,
  answeredIds: readonly string[],
  inFlightBound = Number.POSITIVE_INFINITY,
): Promise<QueueCheck> => {
  const db = new Database(path.join(dataDir, 'queue.db'), { readonly: true, fileMustExist: true });
  const inQueue = new Set<string>();
  let records = 0;
  let quarantined = 0;
  try {
    for (const row of db.prepare('SELECT body FROM messages').iterate() as Iterable<{ body: string }>) {
      for (const line of row.body.split('\n')) {
        records += 1;
        inQueue.add(line.slice(0, line.indexOf(',')));
      }
    }
    quarantined = (db.prepare('SELECT count(*) AS n FROM quarantined_messages').get() as { n: number }).n;
  } finally {
    db.close();
  }
  const answered = new Set(answeredIds);
  let missing = 0;
  for (const id of answered) if (!inQueue.has(id)) missing += 1;
  const unanswered = inQueue.size - (answered.size - missing);
  const batchFiles = (await fs.readdir(path.join(dataDir, 'work')).catch(() => [] as string[])).length;
  return {
    records,
    distinct: inQueue.size,
    answered: answeredIds.length,
    missing,
    unanswered,
    quarantined,
    batchFiles,
    exact:
      answered.size === answeredIds.length &&
      missing === 0 &&
      records === inQueue.size &&
      unanswered <= inFlightBound &&
      quarantined === 0 &&
      batchFiles === 0,
  };
};

import { previewRecords, previewUnreadable } from '../../domain';
import type { QuarantinedMessage, RedriveOutcome } from '../../ports';
import { decodeQueueMessage } from './queue-message-codec';
import type { SqliteDatabase } from './sqlite-database';
import type { QueueStatements } from './sqlite-queue-schema';

interface QuarantineRow {
  readonly id: number;
  readonly body: string;
  readonly reason: string;
  readonly quarantined_at: number;
}

/** A quarantined row as the port shows it, and its body's records count when it can be read. */
const describeRow = (row: QuarantineRow): QuarantinedMessage => {
  let records: number | null = null;
  let preview: string;
  try {
    const decoded = decodeQueueMessage(row.body);
    records = decoded.length;
    preview = previewRecords(decoded);
  } catch {
    preview = previewUnreadable(row.body);
  }
  return { id: String(row.id), reason: row.reason, quarantinedAt: row.quarantined_at, records, preview };
};

/** Every row of `quarantined_messages`, oldest first. */
export const listQuarantine = (sql: QueueStatements): QuarantinedMessage[] =>
  sql.quarantined.all().map(describeRow);

/**
 * Moves readable quarantined rows (those of `ids`, else all) back into `messages`, ready at `now`,
 * in one transaction: a row is either back in the queue or still quarantined, never both.
 */
export const redriveQuarantine = (
  db: SqliteDatabase,
  sql: QueueStatements,
  now: number,
  ids: readonly string[] | undefined,
): RedriveOutcome =>
  db
    .transaction((): RedriveOutcome => {
      const rows =
        ids === undefined
          ? sql.quarantined.all()
          : ids.flatMap((id) => {
              const number = Number(id);
              const row = Number.isSafeInteger(number) ? sql.quarantinedOne.get(number) : undefined;
              return row === undefined ? [] : [row];
            });
      const redriven: string[] = [];
      const unreadable: QuarantinedMessage[] = [];
      let records = 0;
      for (const row of rows) {
        const message = describeRow(row);
        if (message.records === null) {
          unreadable.push(message);
          continue;
        }
        sql.requeue.run(row.body, now);
        sql.release.run(row.id);
        redriven.push(message.id);
        records += message.records;
      }
      const found = new Set(rows.map((row) => String(row.id)));
      return { redriven, records, unreadable, notFound: (ids ?? []).filter((id) => !found.has(id)) };
    })
    .immediate();

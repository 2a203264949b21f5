import { randomBytes } from 'node:crypto';
import { inject, injectable, optional } from 'inversify';
import type { LocationRecord } from '../../domain';
import {
  type Clock,
  type LeasedMessage,
  type LocationQueue,
  LocusError,
  type QuarantinedMessage,
  type QueueDepth,
  type RedriveOutcome,
} from '../../ports';
import { TOKENS } from '../../ports/tokens';
import { queueDatabaseFile } from './data-dir-layout';
import { GroupCommit } from './group-commit';

import { LOCAL_TOKENS, type LocalAdapterConfig } from './local-tokens';
import { encodeQueueMessage } from './queue-message-codec';
import type { QueueTuning } from './queue-tuning';

import { LazyDatabase, type SqliteDatabase, sqliteFailure } from './sqlite-database';
import { acknowledgeReceipts, leasedCount, leaseReady } from './sqlite-queue-leases';
import { listQuarantine, redriveQuarantine } from './sqlite-queue-quarantine';
import { createQueueSchema, prepareQueueStatements, type QueueStatements } from './sqlite-queue-schema';
import { SqliteQueueWriter } from './sqlite-queue-writer';

/**
 * Under load, each group is the requests that arrived while the previous one was committing, so
 * the window only matters when the writer was idle. A window of 0 commits as soon as the pending
 * I/O events are handled: in-process, 50 concurrent enqueuers got ~85k enqueues/s with it and ~25k
 * with a 1 ms window, which every group then waited for, a latency nothing bought back.
 */
export const DEFAULT_QUEUE_TUNING: QueueTuning = {
  flushIntervalMs: 0,
  maxGroupMessages: 512,
  maxGroupBytes: 4 << 20,
  busyTimeoutMs: 5000,
};

const unavailable = (what: string, error: unknown): LocusError =>
  sqliteFailure('QUEUE_UNAVAILABLE', what, error);

/**
 * The durable embedded queue: SQLite (`<dataDir>/queue.db`, WAL, `synchronous=FULL`). Enqueues
 * are group-committed: the requests of a few milliseconds share one transaction and one fsync,
 * made on a writer thread while the event loop goes on taking requests, and each enqueue resolves
 * only once that transaction has committed. Leases, acknowledgements and counts run on this
 * thread's own connection (`synchronous=NORMAL`: losing one of those in a crash only repeats messages).
 */
@injectable()
export class SqliteLocationQueue implements LocationQueue {
  private readonly tuning: QueueTuning;
  private readonly group: GroupCommit<string>;
  private readonly database: LazyDatabase<QueueStatements>;
  private readonly writer: SqliteQueueWriter;
  private closed = false;
  private closing: Promise<void> | undefined;

  constructor(
    @inject(LOCAL_TOKENS.Config) config: LocalAdapterConfig,
    @inject(TOKENS.Clock) private readonly clock: Clock,
    @inject(LOCAL_TOKENS.QueueTuning) @optional() tuning?: Partial<QueueTuning>,
  ) {
    this.tuning = { ...DEFAULT_QUEUE_TUNING, ...tuning };
    this.database = new LazyDatabase(
      queueDatabaseFile(config.dataDir),
      (db) => {
        // Only leases and acknowledgements commit on this connection: one lost in a crash makes
        // messages come back (a duplicate that partition drops, never a loss), so they skip the
        // fsync per commit (3 ms here, 18 times per store run). Enqueues commit with
        // synchronous=FULL on the writer's connection; the write-ahead log stays consistent either way.
        db.pragma('synchronous = NORMAL');
        // Acknowledged (and purged) messages are overwritten with zeros in the database file
        // rather than left in free space until it is reused.
        db.pragma('secure_delete = ON');
        createQueueSchema(db);
        return prepareQueueStatements(db);
      },
      this.tuning.busyTimeoutMs,
    );
    this.writer = new SqliteQueueWriter(queueDatabaseFile(config.dataDir), this.tuning.busyTimeoutMs);
    this.group = new GroupCommit<string>(
      (bodies) => this.commitGroup(bodies),
      (error) => unavailable('the queue could not commit the records', error),
      {
        flushIntervalMs: this.tuning.flushIntervalMs,
        maxItems: this.tuning.maxGroupMessages,
        maxWeight: this.tuning.maxGroupBytes,
      },
    );
  }

  /** Resolves once the records are committed to disk (with the other requests of their group). */
  async enqueue(records: readonly LocationRecord[]): Promise<void> {
    if (this.closed) throw new LocusError('QUEUE_UNAVAILABLE', 'the queue is closed');
    if (records.length === 0) return;
    const body = encodeQueueMessage(records);
    await this.group.add(body, body.length);
  }

  /**
   * Leases ready messages in one transaction: they get a new receipt and are not handed out again
   * for `leaseMs`. A message that cannot be decoded, or (with `maxReceives`) was leased too
   * often, is moved to the quarantine table instead.
   */
  async lease(maxMessages: number, leaseMs: number): Promise<readonly LeasedMessage[]> {
    if (maxMessages <= 0) return [];
    const { db, sql } = this.usable();
    const now = this.clock.now();
    const options = {
      now,
      until: now + leaseMs,
      limit: Math.floor(maxMessages),
      token: randomBytes(8).toString('hex'),
      maxReceives: this.tuning.maxReceives,
    };
    try {
      return db.transaction(() => leaseReady(sql, options)).immediate();
    } catch (error) {
      throw unavailable('the queue could not lease messages', error);
    }
  }

  /** Deletes the leased messages whose receipt is still theirs; other receipts are ignored. */
  async acknowledge(receipts: readonly string[]): Promise<void> {
    if (receipts.length === 0) return;
    const { db, sql } = this.usable();
    try {
      db.transaction(() => acknowledgeReceipts(sql, receipts)).immediate();
    } catch (error) {
      throw unavailable('the queue could not acknowledge messages', error);
    }
  }

  async depth(): Promise<QueueDepth> {
    const { db, sql } = this.usable();
    const now = this.clock.now();
    try {
      const { leased, row } = db.transaction(() => ({
        leased: leasedCount(sql, now),
        row: sql.depth.get(now),
      }))();
      const visible = (row?.messages ?? 0) - (row?.legacyLeased ?? 0);
      return {
        ready: visible - leased,
        leased: leased + (row?.legacyLeased ?? 0),
        quarantined: row?.quarantined ?? 0,
      };
    } catch (error) {
      throw unavailable('the queue could not count messages', error);
    }
  }

  async quarantine(): Promise<readonly QuarantinedMessage[]> {
    const { sql } = this.usable();
    try {
      return listQuarantine(sql);
    } catch (error) {
      throw unavailable('the queue could not list its quarantine', error);
    }
  }

  /** Moves readable quarantined messages back into the queue (one transaction); unreadable ones stay. */
  async redrive(ids?: readonly string[]): Promise<RedriveOutcome> {
    const { db, sql } = this.usable();
    try {
      return redriveQuarantine(db, sql, this.clock.now(), ids);
    } catch (error) {
      throw unavailable('the queue could not redrive its quarantine', error);
    }
  }

  /** Commits the open group, then closes the database; later calls fail with `QUEUE_UNAVAILABLE`. */
  close(): Promise<void> {
    this.closed = true;
    this.closing ??= (async () => {
      await this.group.drain();
      await this.writer.close();
      this.database.close();
    })();
    return this.closing;
  }

  private usable(): { readonly db: SqliteDatabase; readonly sql: QueueStatements } {
    if (this.closed) throw new LocusError('QUEUE_UNAVAILABLE', 'the queue is closed');
    try {
      return this.database.get();
    } catch (error) {
      throw unavailable('the queue database cannot be opened', error);
    }
  }

  /** Inserts one group's messages in one transaction (on the writer thread), visible from now on. */
  private commitGroup(bodies: readonly string[]): Promise<void> {
    this.database.get();
    return this.writer.commit(bodies, this.clock.now());
  }
}

import type { LocationRecord } from '../domain';

/**
 * The `work/` objects: one per stored batch, written whole and atomically, pending until the
 * partition phase has filed their records.
 */
export interface BatchStore {
  /** Writes a batch as one object; readers never see part of it. Writing an id again replaces it. */
  put(batchId: string, records: readonly LocationRecord[]): Promise<void>;
  /** Ids of the batches not yet marked done, in id order (ids sort by time). */
  listPending(): Promise<readonly string[]>;
  /** A pending batch's records, in chunks. Throws `OBJECT_NOT_FOUND` or `CORRUPT_OBJECT`. */
  read(batchId: string): AsyncIterable<readonly LocationRecord[]>;
  /** Takes a batch out of pending for good; marking a done or missing batch is not an error. */
  markDone(batchId: string): Promise<void>;
  /** Optional: `markDone` for many batches at once (where the store can do it cheaper than one by one). */
  markDoneAll?(batchIds: readonly string[]): Promise<void>;
  /** Sets an unreadable batch aside (kept, not pending, counted by `quarantined`). */
  quarantine(batchId: string, reason: string): Promise<void>;
  quarantined(): Promise<readonly string[]>;
  /** Why a batch was quarantined; `undefined` when it is not (or its reason is gone). */
  quarantineReason(batchId: string): Promise<string | undefined>;
  /**
   * Puts a quarantined batch back among the pending ones (once its object was repaired), its
   * reason removed. Throws `OBJECT_NOT_FOUND` when no batch of that id is quarantined.
   */
  restore(batchId: string): Promise<void>;
}

import type { LocationRecord } from '../domain';

/**
 * The batches kept after the partition phase filed them (`archive/work/<id>.csv`). They are the
 * raw history of what was received; a purge rewrites them like every other store.
 */
export interface BatchArchive {
  /** Ids of the kept batches, sorted. */
  list(): Promise<readonly string[]>;
  /** A kept batch's records, in chunks. Throws `OBJECT_NOT_FOUND` or `CORRUPT_OBJECT`. */
  read(batchId: string): AsyncIterable<readonly LocationRecord[]>;
  /** Replaces a kept batch whole and atomically (readers see the old object or the new one). */
  replace(batchId: string, records: readonly LocationRecord[]): Promise<void>;
}

import { earlierCopy, type LocationRecord, type RecordIndex } from '../../domain';

export interface MergeTally {
  /** Records new to the part. */
  added: number;
  /** Copies dropped because the record id was already there (or came twice). */
  duplicatesDropped: number;
  /** Records in the part after the merge. */
  total: number;
}

/** Called once the existing records are read, before any fresh one is written: may throw to abandon the write. */
export type ExistingCheck = (existing: number) => void;

/**
 * Streams a part's existing records merged with fresh ones: a fresh record whose id the part
 * already holds is dropped (the earliest received copy is kept), the rest are appended.
 * `fresh` is consumed (the records merged are deleted from it).
 */
export async function* mergeIntoPart(
  existing: AsyncIterable<readonly LocationRecord[]>,
  fresh: RecordIndex,
  tally: MergeTally,
  chunkSize: number,
  checkExisting: ExistingCheck = () => {},
): AsyncGenerator<readonly LocationRecord[]> {
  let read = 0;
  for await (const chunk of existing) {
    read += chunk.length;
    const out: LocationRecord[] = new Array(chunk.length);
    for (let i = 0; i < chunk.length; i++) {
      const record = chunk[i] as LocationRecord;
      const incoming = fresh.get(record.recordId);
      if (incoming === undefined) {
        out[i] = record;
      } else {
        out[i] = earlierCopy(record, incoming);
        fresh.delete(record.recordId);
        tally.duplicatesDropped++;
      }
    }
    tally.total += out.length;
    yield out;
  }
  checkExisting(read);
  let out: LocationRecord[] = [];
  for (const record of fresh.values()) {
    out.push(record);
    if (out.length >= chunkSize) {
      tally.added += out.length;
      tally.total += out.length;
      yield out;
      out = [];
    }
  }
  if (out.length > 0) {
    tally.added += out.length;
    tally.total += out.length;
    yield out;
  }
}

/**
 * Collects fresh records (those `keep` accepts) into an index by id, keeping the earliest received
 * copy; returns the repeats dropped.
 */
export const collectFresh = async (
  sources: readonly AsyncIterable<readonly LocationRecord[]>[],
  into: RecordIndex,
  keep: (record: LocationRecord) => boolean = () => true,
): Promise<number> => {
  let duplicates = 0;
  for (const source of sources) {
    for await (const chunk of source) {
      for (const record of chunk) {
        if (keep(record) && into.add(record)) duplicates++;
      }
    }
  }
  return duplicates;
};

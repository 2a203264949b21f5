import { earlierCopy, type LocationRecord } from '../../domain';

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
 * `fresh` is consumed.
 */
export async function* mergeIntoPart(
  existing: AsyncIterable<readonly LocationRecord[]>,
  fresh: Map<string, LocationRecord>,
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
  fresh.clear();
}

/**
 * Collects fresh records (those `keep` accepts) into a map by id, keeping the earliest received
 * copy; returns the repeats dropped.
 */
export const collectFresh = async (
  sources: readonly AsyncIterable<readonly LocationRecord[]>[],
  into: Map<string, LocationRecord>,
  keep: (record: LocationRecord) => boolean = () => true,
): Promise<number> => {
  let duplicates = 0;
  for (const source of sources) {
    for await (const chunk of source) {
      for (const record of chunk) {
        if (!keep(record)) continue;
        const seen = into.get(record.recordId);
        if (seen === undefined) into.set(record.recordId, record);
        else {
          duplicates++;
          into.set(record.recordId, earlierCopy(seen, record));
        }
      }
    }
  }
  return duplicates;
};

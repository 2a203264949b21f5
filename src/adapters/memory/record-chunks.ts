import type { LocationRecord } from '../../domain';

/** How many records an in-memory read hands out at a time. */
export const MEMORY_CHUNK_SIZE = 5_000;

/** A copy of a record, so that what a store holds is never shared with its callers. */
export const copyRecord = (record: LocationRecord): LocationRecord => ({ ...record });

export const copyRecords = (records: readonly LocationRecord[]): LocationRecord[] => records.map(copyRecord);

/** Hands out copies of records in chunks; nothing at all for no records. */
export async function* chunksOf(
  records: readonly LocationRecord[],
  size: number = MEMORY_CHUNK_SIZE,
): AsyncGenerator<readonly LocationRecord[]> {
  for (let i = 0; i < records.length; i += size) yield copyRecords(records.slice(i, i + size));
}

/** Takes every chunk of a source before anything is kept, so a failing source changes nothing. */
export const collectRecords = async (
  source: AsyncIterable<readonly LocationRecord[]>,
): Promise<LocationRecord[]> => {
  const out: LocationRecord[] = [];
  for await (const chunk of source) for (const record of chunk) out.push(copyRecord(record));
  return out;
};

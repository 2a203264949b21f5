import { earlierCopy, type LocationRecord } from './location-record';

/** The value of a hex digit (any other character gives some number from 0 to 15). */
const hexDigit = (code: number): number => (code > 57 ? code - 87 : code - 48) & 15;

/** A record id's first seven hex digits as a number (a small integer, which a `Map` hashes cheaply). */
const keyOf = (recordId: string): number => {
  let key = 0;
  for (let i = 0; i < 7; i++) key = key * 16 + hexDigit(recordId.charCodeAt(i));
  return key;
};

/** Entries a map holds before the numbers are spread over twice as many maps. */
const ENTRIES_PER_MAP = 2048;
const MAX_MAPS = 4096;

/**
 * Records by id, in order of first sight, for the thousands to millions of ids a run holds.
 * Two costs of a `Map`, measured on Node 20, shaped it: hashing a new 32-character id costs about
 * 300 ns, so a record is found by the number its id's first seven hex digits make (an id whose
 * number another id already has is found by its whole id, a rare case); and past 4,096 entries a
 * `Map` costs about ten times more per entry, so the numbers are spread over several maps.
 */
export class RecordIndex {
  private byKey: Map<number, number>[] = [new Map()];
  private mask = 0;
  /** The slots of ids whose number another id had first. */
  private readonly byId = new Map<string, number>();
  private readonly ids: string[] = [];
  /** `undefined`: deleted. */
  private readonly records: (LocationRecord | undefined)[] = [];
  private held = 0;

  /** `expected`: about how many records it will hold (it grows past that as records come). */
  constructor(expected = 0) {
    this.spread(expected);
  }

  /** How many records it holds. */
  get size(): number {
    return this.held;
  }

  get(recordId: string): LocationRecord | undefined {
    const slot = this.slotOf(recordId, keyOf(recordId));
    return slot === undefined ? undefined : this.records[slot];
  }

  /** Adds a record, or keeps the earlier received of it and the copy held; whether a copy was held. */
  add(record: LocationRecord): boolean {
    const key = keyOf(record.recordId);
    const slot = this.slotOf(record.recordId, key);
    if (slot === undefined) {
      if (this.ids.length >= this.byKey.length * ENTRIES_PER_MAP) this.spread(this.ids.length + 1);
      const map = this.byKey[key & this.mask] as Map<number, number>;
      if (map.has(key)) this.byId.set(record.recordId, this.ids.length);
      else map.set(key, this.ids.length);
      this.ids.push(record.recordId);
      this.records.push(record);
      this.held++;
      return false;
    }
    const held = this.records[slot];
    this.records[slot] = held === undefined ? record : earlierCopy(held, record);
    if (held === undefined) this.held++;
    return held !== undefined;
  }

  /** Removes a record; whether it was held. */
  delete(recordId: string): boolean {
    const slot = this.slotOf(recordId, keyOf(recordId));
    if (slot === undefined || this.records[slot] === undefined) return false;
    this.records[slot] = undefined;
    this.held--;
    return true;
  }

  /** The records held, in order of first sight. */
  *values(): IterableIterator<LocationRecord> {
    for (const record of this.records) if (record !== undefined) yield record;
  }

  /** The records held, in order of first sight, as an array. */
  toArray(): LocationRecord[] {
    if (this.held === this.records.length) return this.records.slice() as LocationRecord[];
    return this.records.filter((record): record is LocationRecord => record !== undefined);
  }

  /**
   * Spreads the numbers over enough maps for `entries` (about {@link ENTRIES_PER_MAP} a map, at
   * most 4,096 maps): the maps are made again from the ids in order of first sight, so each number
   * keeps the first id that had it.
   */
  private spread(entries: number): void {
    let shards = this.byKey.length;
    while (shards < MAX_MAPS && shards * ENTRIES_PER_MAP < entries) shards *= 2;
    if (shards === this.byKey.length) return;
    this.byKey = Array.from({ length: shards }, () => new Map<number, number>());
    this.mask = shards - 1;
    for (let slot = 0; slot < this.ids.length; slot++) {
      const key = keyOf(this.ids[slot] as string);
      const map = this.byKey[key & this.mask] as Map<number, number>;
      if (!map.has(key)) map.set(key, slot);
    }
  }

  /** The slot of an id ever added (deleted or not). */
  private slotOf(recordId: string, key: number): number | undefined {
    const slot = (this.byKey[key & this.mask] as Map<number, number>).get(key);
    if (slot === undefined) return undefined;
    return this.ids[slot] === recordId ? slot : this.byId.get(recordId);
  }
}

/** Drops repeated record ids, keeping the earliest received copy of each; order of first sight is kept. */
export const dedupeRecords = (
  records: readonly LocationRecord[],
): { readonly unique: LocationRecord[]; readonly duplicates: number } => {
  const index = new RecordIndex(records.length);
  let duplicates = 0;
  for (const record of records) if (index.add(record)) duplicates++;
  return { unique: index.toArray(), duplicates };
};

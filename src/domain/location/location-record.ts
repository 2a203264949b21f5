/**
 * One location as Locus keeps it: validated, canonical and identified by its content.
 *
 * Times are epoch milliseconds (UTC). Optional measurements are `null` when the device did not send them.
 */
export interface LocationRecord {
  /** Stable hash of every field except `receivedAt`: the same location sent twice has the same id. */
  readonly recordId: string;
  readonly deviceId: string;
  readonly recordedAt: number;
  readonly latitude: number;
  readonly longitude: number;
  readonly accuracy: number | null;
  readonly altitude: number | null;
  readonly speed: number | null;
  readonly heading: number | null;
  readonly receivedAt: number;
}

/** The measured content of a location, before it is identified. */
export type LocationContent = Omit<LocationRecord, 'recordId' | 'receivedAt'>;

/**
 * Letters, digits and `._:@-`, 1 to 128 characters, starting with a letter or a digit: the
 * contract's device id. The first character rule keeps a device id from ever reading as a
 * spreadsheet formula (`=`, `+`, `-`, `@`) in a report cell.
 */
export const DEVICE_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$/;

/** Why a device id is refused, as the edges word it. */
export const DEVICE_ID_RULE =
  '1-128 characters of letters, digits and ._:@-, starting with a letter or digit';

/** Bounds of the contract's numeric fields. */
export const LOCATION_BOUNDS = {
  latitude: { min: -90, max: 90 },
  longitude: { min: -180, max: 180 },
  accuracy: { min: 0, max: Number.MAX_VALUE },
  altitude: { min: -Number.MAX_VALUE, max: Number.MAX_VALUE },
  speed: { min: 0, max: Number.MAX_VALUE },
  heading: { min: 0, max: 360 },
} as const;

/** Of two copies of one record, the one received first is kept; ties keep the first argument. */
export const earlierCopy = (a: LocationRecord, b: LocationRecord): LocationRecord =>
  b.receivedAt < a.receivedAt ? b : a;

/** The value of a hex digit (any other character gives some number from 0 to 15). */
const hexDigit = (code: number): number => (code > 57 ? code - 87 : code - 48) & 15;

/** A record id's first seven hex digits as a number (a small integer, which a `Map` hashes cheaply). */
const idKey = (recordId: string): number => {
  let key = 0;
  for (let i = 0; i < 7; i++) key = key * 16 + hexDigit(recordId.charCodeAt(i));
  return key;
};

/**
 * Drops repeated record ids, keeping the earliest received copy of each; order of first sight is
 * kept. Costs per record, measured on Node 20, shaped this: hashing a new 32-character id costs
 * a `Map` about 300 ns, so records are indexed by the number their id's first seven hex digits
 * make (the rare record whose number another id already has is looked up by its whole id); and
 * past 4,096 entries a `Map` costs about ten times more per entry, so the numbers are spread over
 * several maps by their last hex digits.
 */
export const dedupeRecords = (
  records: readonly LocationRecord[],
): { readonly unique: LocationRecord[]; readonly duplicates: number } => {
  const shards = records.length <= 4096 ? 1 : records.length <= 65_536 ? 16 : 256;
  const indexes = Array.from({ length: shards }, () => new Map<number, number>());
  /** The records whose key was taken by another id, by whole id. */
  const others = new Map<string, number>();
  const unique: LocationRecord[] = [];
  let duplicates = 0;
  for (const record of records) {
    const key = idKey(record.recordId);
    const index = indexes[key & (shards - 1)] as Map<number, number>;
    let at = index.get(key);
    if (at === undefined) {
      index.set(key, unique.length);
      unique.push(record);
      continue;
    }
    if ((unique[at] as LocationRecord).recordId !== record.recordId) {
      at = others.get(record.recordId);
      if (at === undefined) {
        others.set(record.recordId, unique.length);
        unique.push(record);
        continue;
      }
    }
    duplicates++;
    unique[at] = earlierCopy(unique[at] as LocationRecord, record);
  }
  return { unique, duplicates };
};

/** The report's order: `device_id`, then `recorded_at`, then `record_id`. */
export const compareForReport = (a: LocationRecord, b: LocationRecord): number =>
  a.deviceId < b.deviceId
    ? -1
    : a.deviceId > b.deviceId
      ? 1
      : a.recordedAt - b.recordedAt || (a.recordId < b.recordId ? -1 : a.recordId > b.recordId ? 1 : 0);

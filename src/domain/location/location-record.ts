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

/** The report's order: `device_id`, then `recorded_at`, then `record_id`. */
export const compareForReport = (a: LocationRecord, b: LocationRecord): number =>
  a.deviceId < b.deviceId
    ? -1
    : a.deviceId > b.deviceId
      ? 1
      : a.recordedAt - b.recordedAt || (a.recordId < b.recordId ? -1 : a.recordId > b.recordId ? 1 : 0);

import type { Rejection } from '../receive/parse-locations';

/**
 * A location in the shape of the native contract (`deviceId`, `latitude`, `longitude`,
 * `timestamp`, `accuracy`, `altitude`, `speed`, `heading`), with units already converted but values
 * not yet validated: the receive rules judge it exactly as they judge `POST /locations`.
 */
export type NativeLocation = Readonly<Record<string, unknown>>;

/** One location of a tracking app's message and where it was in that message. */
export interface MappedItem {
  /** The item's index in the app's payload (0 for a payload of one location). */
  readonly index: number;
  readonly location: NativeLocation;
}

/** A tracking app's message once read from its wire format: its locations and the items refused while reading. */
export interface ClientMessage {
  /** The app (`owntracks`, `overland`, `osmand`): kept with each refused item. */
  readonly client: string;
  /** The app's name of each native field, for the rejections (`latitude` → `lat`). */
  readonly fieldNames: Readonly<Record<string, string>>;
  readonly items: readonly MappedItem[];
  /** Items refused while reading (their shape is not a location of the format). */
  readonly rejected: readonly Rejection[];
  /** Items that are not locations and are acknowledged without being stored. */
  readonly ignored: number;
  /** The item at an index of the app's payload as the app sent it (JSON, or query text), kept when it is refused. */
  raw(index: number): string;
  /** The device id an item names, when it names one (kept with a refused item). */
  deviceIdOf(index: number): string | null;
}

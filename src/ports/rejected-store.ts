import type { CalendarDate } from '../domain';

/** Of a refused item's raw text, at most this many characters are kept. */
export const REJECTED_ITEM_MAX_CHARS = 4096;

/** One item of a tracking app's message that Locus refused, kept so that it is never lost silently. */
export interface RejectedItem {
  /** Stable over resends: the same item refused for the same reason has the same id. */
  readonly itemId: string;
  /** When the message arrived (epoch ms). */
  readonly arrivedAt: number;
  /** The request that carried it. */
  readonly requestId: string;
  /** The route it came in on (`/overland`). */
  readonly route: string;
  /** The app's format (`owntracks`, `overland`, `osmand`). */
  readonly client: string;
  /** The device id the item names, as sent (possibly itself the reason); `null` when it names none. */
  readonly deviceId: string | null;
  /** The item's index in the app's payload. */
  readonly index: number;
  /** The app's name of the refused field(s), comma-separated; empty when the item as a whole was refused. */
  readonly field: string;
  /** Why, in words; several reasons are separated by `; `. */
  readonly reason: string;
  /** The item as the app sent it (JSON or query text), cut to {@link REJECTED_ITEM_MAX_CHARS}. */
  readonly item: string;
}

/** A set of kept items to take out of a date (a device's purge, retention). */
export type RejectedMatch = (item: RejectedItem) => boolean;

/**
 * The `rejected/` objects: every refused item of a tracking app's message, filed by the date
 * (in `LOCUS_TIMEZONE`) on which it arrived. `keep` resolves only once the items are durable;
 * keeping an item again (a resend) does not make a second copy of it.
 */
export interface RejectedStore {
  keep(date: CalendarDate, items: readonly RejectedItem[]): Promise<void>;
  /** A date's items, by arrival then id; empty when it has none. */
  list(date: CalendarDate): Promise<readonly RejectedItem[]>;
  /** How many items a date holds. */
  count(date: CalendarDate): Promise<number>;
  /** The dates that hold items, in order. */
  dates(): Promise<readonly CalendarDate[]>;
  /** Erases a date's matching items; how many went. */
  erase(date: CalendarDate, match: RejectedMatch): Promise<number>;
}

/** The contract's folder of a date's rejected items. */
export const rejectedFolder = (date: CalendarDate): string => `rejected/dt=${date}/`;

/** Cuts an item's raw text to the kept size. */
export const boundedItemText = (text: string): string =>
  text.length <= REJECTED_ITEM_MAX_CHARS ? text : `${text.slice(0, REJECTED_ITEM_MAX_CHARS - 1)}…`;

/** Orders items by arrival, then id. */
export const byArrival = (a: RejectedItem, b: RejectedItem): number =>
  a.arrivedAt - b.arrivedAt || (a.itemId < b.itemId ? -1 : a.itemId > b.itemId ? 1 : 0);

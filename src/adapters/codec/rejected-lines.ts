import { createHash } from 'node:crypto';
import { byArrival, LocusError, type RejectedItem, type RejectedMatch } from '../../ports';

/**
 * The name of the object that keeps a group of rejected items under their date's folder: a hash
 * of their ids, so that a resent message (the same items) is kept in the same object again.
 */
export const rejectedObjectName = (items: readonly RejectedItem[]): string =>
  `${createHash('sha256')
    .update(
      items
        .map((item) => item.itemId)
        .sort()
        .join(','),
    )
    .digest('hex')
    .slice(0, 32)}.jsonl`;

/** Matches an object name of a date's rejected items. */
export const REJECTED_OBJECT = /^[0-9a-f]{32}\.jsonl$/;

/** Items as JSON lines, one item a line. */
export const encodeRejectedLines = (items: readonly RejectedItem[]): string =>
  items
    .map((item) =>
      JSON.stringify({
        itemId: item.itemId,
        arrivedAt: item.arrivedAt,
        requestId: item.requestId,
        route: item.route,
        client: item.client,
        deviceId: item.deviceId,
        index: item.index,
        field: item.field,
        reason: item.reason,
        item: item.item,
      }),
    )
    .map((line) => `${line}\n`)
    .join('');

const TEXT_FIELDS = ['itemId', 'requestId', 'route', 'client', 'field', 'reason', 'item'] as const;

const itemOf = (value: unknown): RejectedItem | undefined => {
  if (typeof value !== 'object' || value === null) return undefined;
  const fields = value as Record<string, unknown>;
  if (TEXT_FIELDS.some((name) => typeof fields[name] !== 'string')) return undefined;
  if (typeof fields.arrivedAt !== 'number' || typeof fields.index !== 'number') return undefined;
  if (fields.deviceId !== null && typeof fields.deviceId !== 'string') return undefined;
  return value as RejectedItem;
};

/** The items of an object's text; `CORRUPT_OBJECT` when a line is not one. */
export const decodeRejectedLines = (text: string, key: string): RejectedItem[] =>
  text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, at) => {
      let item: RejectedItem | undefined;
      try {
        item = itemOf(JSON.parse(line));
      } catch {
        item = undefined;
      }
      if (item === undefined)
        throw new LocusError('CORRUPT_OBJECT', `${key} line ${at + 1} is not a rejected item`);
      return item;
    });

/** One kept item per id: the first arrival of an item kept more than once. */
export const firstOfEach = (items: readonly RejectedItem[]): RejectedItem[] => {
  const seen = new Map<string, RejectedItem>();
  for (const item of [...items].sort(byArrival)) if (!seen.has(item.itemId)) seen.set(item.itemId, item);
  return [...seen.values()];
};

/**
 * Erases the matching items of a date's objects: each object that holds some is replaced by one
 * holding the rest (`replace` writes the rest, if any, and removes the object). How many distinct
 * items went.
 */
export const eraseMatching = async <O extends { readonly items: readonly RejectedItem[] }>(
  objects: readonly O[],
  match: RejectedMatch,
  replace: (object: O, kept: readonly RejectedItem[]) => Promise<void>,
): Promise<number> => {
  let removed = 0;
  for (const object of objects) {
    const kept = object.items.filter((item) => !match(item));
    if (kept.length === object.items.length) continue;
    removed += firstOfEach(object.items).length - firstOfEach(kept).length;
    await replace(object, kept);
  }
  return removed;
};

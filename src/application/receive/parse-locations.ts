import { createLocationRecord, type LocationRecord, locationViolations, type TimePolicy } from '../../domain';
import { checkLocation } from './location-check';

/** Why one item of a request was refused. */
export interface Rejection {
  readonly index: number;
  readonly field: string;
  readonly reason: string;
}

export interface ParsedLocations {
  /** Valid records with the index they had in the request. */
  readonly records: readonly { readonly index: number; readonly record: LocationRecord }[];
  readonly rejected: readonly Rejection[];
  /** Set when the request as a whole has the wrong shape (nothing in it is read). */
  readonly malformed?: string;
}

/** Whether a JSON value is an object (not an array, not null). */
export const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const parseItem = (
  item: unknown,
  index: number,
  receivedAt: number,
  policy: TimePolicy,
): LocationRecord | Rejection[] => {
  if (!isPlainObject(item)) return [{ index, field: '', reason: 'a location must be a JSON object' }];
  const checked = checkLocation(item);
  if (!checked.ok)
    return checked.errors.map((error) => ({ index, field: error.field, reason: error.reason }));
  const content = checked.content;
  const violations = locationViolations(content, receivedAt, policy);
  if (violations.length > 0)
    return violations.map((v) => ({ index, field: v.field, reason: `${v.field} ${v.reason}` }));
  return createLocationRecord(content, receivedAt, policy);
};

/**
 * Reads a request body (already parsed JSON): one location, or `{ "locations": [...] }` with at
 * most `maxItems` items. Each invalid item is reported with its index, field and reason.
 */
export const parseLocations = (
  body: unknown,
  receivedAt: number,
  policy: TimePolicy,
  maxItems: number,
): ParsedLocations => {
  let items: readonly unknown[];
  if (Array.isArray(body)) {
    return {
      records: [],
      rejected: [],
      malformed: 'send one location object or an object { "locations": [...] }, not a bare array',
    };
  }
  if (!isPlainObject(body)) {
    return { records: [], rejected: [], malformed: 'the body must be a JSON object' };
  }
  if ('locations' in body) {
    const list = body.locations;
    if (!Array.isArray(list)) return { records: [], rejected: [], malformed: '"locations" must be an array' };
    if (list.length === 0) return { records: [], rejected: [], malformed: '"locations" is empty' };
    if (list.length > maxItems) {
      return {
        records: [],
        rejected: [],
        malformed: `at most ${maxItems} locations per request, got ${list.length}`,
      };
    }
    items = list;
  } else {
    items = [body];
  }
  const records: { index: number; record: LocationRecord }[] = [];
  const rejected: Rejection[] = [];
  items.forEach((item, index) => {
    const result = parseItem(item, index, receivedAt, policy);
    if (Array.isArray(result)) rejected.push(...result);
    else records.push({ index, record: result });
  });
  return { records, rejected };
};

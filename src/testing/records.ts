import { isDeepStrictEqual } from 'node:util';
import {
  type CalendarDate,
  calendarDate,
  computeRecordId,
  createLocationRecord,
  type LocationContent,
  type LocationRecord,
} from '../domain';
import { seededRandom } from '../simulator/random';

/** What a test may set on a record: its content and the time it was received. */
export type RecordOverrides = Partial<LocationContent> & { readonly receivedAt?: number };

const DEFAULT_RECORDED_AT = Date.UTC(2026, 10, 28, 9, 15, 0, 123);

const defaults = (overrides: RecordOverrides): { content: LocationContent; receivedAt: number } => {
  const { receivedAt, ...content } = overrides;
  const merged: LocationContent = {
    deviceId: 'phone-0042',
    recordedAt: DEFAULT_RECORDED_AT,
    latitude: 35.681236,
    longitude: 139.767125,
    accuracy: 12.5,
    altitude: null,
    speed: null,
    heading: null,
    ...content,
  };
  return { content: merged, receivedAt: receivedAt ?? merged.recordedAt + 1_500 };
};

/** A valid record (made by the domain's factory, so its id is right). */
export const aRecord = (overrides: RecordOverrides = {}): LocationRecord => {
  const { content, receivedAt } = defaults(overrides);
  return createLocationRecord(content, receivedAt);
};

/**
 * A record as a store may hold it, with its id computed from its content but without the checks
 * made at receipt: stores must keep any text, so device ids the HTTP API would refuse are allowed.
 */
export const aStoredRecord = (overrides: RecordOverrides = {}): LocationRecord => {
  const { content, receivedAt } = defaults(overrides);
  return { recordId: computeRecordId(content), ...content, receivedAt };
};

/** Device ids that are hard on a text format: separators, quotes, line ends, non-ASCII text. */
export const AWKWARD_DEVICE_IDS: readonly string[] = [
  'a,b',
  'say "hi"',
  '"',
  'line\nbreak',
  'carriage\r\nreturn',
  ' padded ',
  'café-東京-🚗',
  "it's;tab\there",
  '=1+2',
  '\\back\\slash',
  'x'.repeat(128),
];

/** One record per awkward device id, with every optional field both present and absent. */
export const awkwardRecords = (): LocationRecord[] =>
  AWKWARD_DEVICE_IDS.map((deviceId, i) =>
    aStoredRecord({
      deviceId,
      recordedAt: DEFAULT_RECORDED_AT + i * 1_000,
      latitude: i % 2 === 0 ? -89.999999 : 0.1 + i,
      longitude: i % 2 === 0 ? 179.999999 : -0.000001,
      accuracy: i % 3 === 0 ? null : 0,
      altitude: i % 3 === 1 ? null : -412.75 * i + 0,
      speed: i % 3 === 2 ? null : 1e-7 * i,
      heading: i % 2 === 0 ? 360 : null,
      receivedAt: DEFAULT_RECORDED_AT + i * 1_000 + 999,
    }),
  );

export interface SomeRecordsOptions {
  /** The UTC date the records' `recorded_at` fall on (default 2026-11-28). */
  readonly date?: CalendarDate;
  /** How many distinct devices send them (default 37). */
  readonly devices?: number;
}

const round = (value: number, digits: number): number => {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor + 0;
};

/**
 * `n` valid records with distinct ids, deterministic for a seed, spread over one UTC date and
 * several devices, in no particular order of device or time.
 */
export const someRecords = (n: number, seed = 1, options: SomeRecordsOptions = {}): LocationRecord[] => {
  const random = seededRandom(seed);
  const date = calendarDate(options.date ?? '2026-11-28');
  const devices = options.devices ?? 37;
  const dayStart = Date.parse(`${date}T00:00:00.000Z`);
  const step = Math.max(1, Math.floor(86_400_000 / Math.max(n, 1)));
  const records: LocationRecord[] = [];
  for (let i = 0; i < n; i++) {
    const recordedAt = dayStart + ((i * step + Math.floor(random() * step)) % 86_400_000);
    const withOptional = random() < 0.5;
    records.push(
      createLocationRecord(
        {
          deviceId: `dev-${Math.floor(random() * devices)
            .toString()
            .padStart(4, '0')}`,
          recordedAt,
          latitude: round(random() * 180 - 90, 6),
          longitude: round(random() * 360 - 180, 6),
          accuracy: withOptional ? round(random() * 100, 1) : null,
          altitude: withOptional ? round(random() * 9_000 - 500, 2) : null,
          speed: withOptional ? round(random() * 40, 2) : null,
          heading: withOptional ? round(random() * 360, 1) : null,
        },
        recordedAt + Math.floor(random() * 120_000),
      ),
    );
  }
  return records;
};

/** Every record an iterable of chunks yields, in order. */
export const readAll = async (
  chunks: AsyncIterable<readonly LocationRecord[]>,
): Promise<LocationRecord[]> => {
  const out: LocationRecord[] = [];
  for await (const chunk of chunks) out.push(...chunk);
  return out;
};

/** The chunks an iterable yields, each copied. */
export const readChunks = async <T>(chunks: AsyncIterable<readonly T[]>): Promise<T[][]> => {
  const out: T[][] = [];
  for await (const chunk of chunks) out.push([...chunk]);
  return out;
};

/** Records handed out in chunks of `size`. */
export async function* inChunks<T>(items: readonly T[], size = 1_000): AsyncGenerator<readonly T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

/** Hands out the first `before` items in chunks, then fails with `error`. */
export async function* failingAfter<T>(
  items: readonly T[],
  before: number,
  error: Error = new Error('the source failed'),
  size = 100,
): AsyncGenerator<readonly T[]> {
  yield* inChunks(items.slice(0, before), size);
  throw error;
}

/**
 * Asserts two lists of records are equal, reporting only the first difference: a plain `toEqual`
 * on thousands of records spends minutes drawing its diff when they differ.
 */
export const expectSameRecords = (
  actual: readonly LocationRecord[] | undefined,
  expected: readonly LocationRecord[] | undefined,
): void => {
  if (actual === undefined || expected === undefined) {
    expect(actual).toEqual(expected);
    return;
  }
  const length = Math.min(actual.length, expected.length);
  let at = 0;
  while (at < length && isDeepStrictEqual(actual[at], expected[at])) at++;
  if (at === length && actual.length === expected.length) return;
  expect({ count: actual.length, firstDifferenceAt: at, record: actual[at] }).toEqual({
    count: expected.length,
    firstDifferenceAt: at,
    record: expected[at],
  });
};

import fc from 'fast-check';
import { dedupeRecords, earlierCopy, type LocationRecord } from '../../src/domain';
import { aStoredRecord } from '../support/records';

/** The rule written plainly: one entry per id, the earliest received copy, in order of first sight. */
const reference = (records: readonly LocationRecord[]) => {
  const byId = new Map<string, LocationRecord>();
  for (const record of records) {
    const seen = byId.get(record.recordId);
    byId.set(record.recordId, seen === undefined ? record : earlierCopy(seen, record));
  }
  return { unique: [...byId.values()], duplicates: records.length - byId.size };
};

/** A record with the given id (ids here are made up: only the id and the receipt time matter). */
const record = (recordId: string, receivedAt: number): LocationRecord => ({
  ...aStoredRecord({ receivedAt }),
  recordId,
});

const hex = (n: number, width: number): string => n.toString(16).padStart(width, '0');

/**
 * Ids drawn from a small set, so that they repeat, many of them sharing their first seven hex
 * digits (the index's key) with another id, plus ids that are not hex at all.
 */
const someId = fc.oneof(
  fc
    .tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 3 }))
    .map(([prefix, tail]) => `${hex(prefix * 0x1000003, 7)}${hex(tail, 25)}`),
  fc.constantFrom('', 'x', 'not-hex-at-all', 'ZZZZZZZ0000'),
);

describe('dropping repeated records', () => {
  it('keeps the earliest received copy of each id, in order of first sight, like the plain rule', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(someId, fc.integer({ min: 0, max: 20 })), { maxLength: 200 }),
        (pairs) => {
          const records = pairs.map(([id, at]) => record(id, at));
          expect(dedupeRecords(records)).toEqual(reference(records));
        },
      ),
      { numRuns: 300 },
    );
  });

  // 4,096 and 65,536 records are where the index is spread over more maps.
  it.each([4_096, 4_097, 65_537])('gives the same answer with %i records', (count) => {
    const records: LocationRecord[] = [];
    for (let i = 0; i < count; i++) {
      // Every third id is repeated later; ids i and i + 1 share their first seven digits when i is even.
      const id = `${hex(Math.floor(i / 2) * 0x9e3779, 7).slice(-7)}${hex(i, 25)}`;
      records.push(record(id, count - i));
      if (i % 3 === 0) records.push(record(id, count - i - 1));
    }
    const result = dedupeRecords(records);
    expect(result.duplicates).toBe(Math.ceil(count / 3));
    expect(result).toEqual(reference(records));
  });
});

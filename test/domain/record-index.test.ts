import fc from 'fast-check';
import { dedupeRecords, earlierCopy, type LocationRecord, RecordIndex } from '../../src/domain';
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

  // Past 2,048 records the index is spread over more maps.
  it.each([2_048, 2_049, 70_000])('gives the same answer with %i records', (count) => {
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
    // Not told the size: the index grows its maps as records come.
    const growing = new RecordIndex();
    for (const record of records) growing.add(record);
    expect(growing.toArray()).toEqual(reference(records).unique);
    expect(records.every((record) => growing.get(record.recordId) !== undefined)).toBe(true);
  });

  it('gets, adds and deletes like a map of the earliest copies, whatever ids share their leading digits', () => {
    const step = fc.oneof(
      fc.tuple(fc.constant('add' as const), someId, fc.integer({ min: 0, max: 20 })),
      fc.tuple(fc.constant('delete' as const), someId, fc.constant(0)),
    );
    fc.assert(
      fc.property(
        fc.array(step, { maxLength: 150 }),
        fc.constantFrom(1, 5_000, 100_000),
        (steps, expected) => {
          const index = new RecordIndex(expected);
          const plain = new Map<string, LocationRecord>();
          for (const [action, id, at] of steps) {
            if (action === 'add') {
              const held = plain.get(id);
              expect(index.add(record(id, at))).toBe(held !== undefined);
              plain.set(id, held === undefined ? record(id, at) : earlierCopy(held, record(id, at)));
            } else {
              expect(index.delete(id)).toBe(plain.delete(id));
            }
            expect(index.get(id)).toEqual(plain.get(id));
            expect(index.size).toBe(plain.size);
          }
          // Order of first sight: a record deleted and added again keeps its first place.
          const order = [...new Set(steps.filter(([action]) => action === 'add').map(([, id]) => id))];
          const held = order.filter((id) => plain.has(id)).map((id) => plain.get(id));
          expect([...index.values()]).toEqual(held);
          expect(index.toArray()).toEqual(held);
        },
      ),
      { numRuns: 300 },
    );
  });
});

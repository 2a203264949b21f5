import {
  choosePartCount,
  digitReachesPart,
  type PartitionWritten,
  partIndexOf,
  partitionDecider,
} from '../../src/domain';
import { DeciderSpecification } from '../support/decider-spec';

const spec = DeciderSpecification.for(partitionDecider);
const base = {
  date: '2026-11-28',
  runId: 'r1',
  parts: 2,
  added: 5,
  duplicatesDropped: 1,
  recordsIn: null,
  batchIds: ['b1'],
  at: 100,
};
const first: PartitionWritten = {
  type: 'PartitionWritten',
  data: {
    date: '2026-11-28',
    runId: 'r1',
    parts: 2,
    partCounts: [3, 2],
    recordCount: 5,
    added: 5,
    duplicatesDropped: 1,
    recordsIn: null,
    batchIds: ['b1'],
    revision: 1,
    writtenAt: 100,
  },
};

describe('partition decider', () => {
  it('writes the first revision of a date', () => {
    spec
      .given([])
      .when({ type: 'RecordPartitionWritten', data: { ...base, partCounts: [3, 2] } })
      .then([first]);
  });

  it('keeps the counts of parts a later write did not touch', () => {
    spec
      .given([first])
      .when({
        type: 'RecordPartitionWritten',
        data: { ...base, runId: 'r2', partCounts: [null, 4], added: 2, duplicatesDropped: 0, at: 200 },
      })
      .then([
        {
          type: 'PartitionWritten',
          data: {
            ...first.data,
            runId: 'r2',
            partCounts: [3, 4],
            recordCount: 7,
            added: 2,
            duplicatesDropped: 0,
            revision: 2,
            writtenAt: 200,
          },
        },
      ]);
  });

  it('makes a new revision even when a rewrite only met duplicates (the part was rewritten)', () => {
    spec
      .given([first])
      .when({ type: 'RecordPartitionWritten', data: { ...base, partCounts: [3, null], added: 0, at: 300 } })
      .then([
        {
          type: 'PartitionWritten',
          data: { ...first.data, added: 0, revision: 2, writtenAt: 300 },
        },
      ]);
  });

  it('records nothing when no part was written', () => {
    spec
      .given([first])
      .when({ type: 'RecordPartitionWritten', data: { ...base, partCounts: [null, null] } })
      .thenNothingHappens();
  });

  it('writes a merge whose records in are all added or dropped as duplicates, and keeps the count', () => {
    spec
      .given([])
      .when({ type: 'RecordPartitionWritten', data: { ...base, recordsIn: 6, partCounts: [3, 2] } })
      .then([{ ...first, data: { ...first.data, recordsIn: 6 } }]);
  });

  it('refuses a merge that lost or invented records between reading the batches and writing the parts', () => {
    spec
      .given([])
      .when({ type: 'RecordPartitionWritten', data: { ...base, recordsIn: 7, partCounts: [3, 2] } })
      .thenThrows('PARTITION_MISMATCH');
    spec
      .given([first])
      .when({ type: 'RecordPartitionWritten', data: { ...base, recordsIn: 5, partCounts: [null, 4] } })
      .thenThrows('PARTITION_MISMATCH');
  });

  it('refuses to change the number of parts of a date', () => {
    spec
      .given([first])
      .when({ type: 'RecordPartitionWritten', data: { ...base, parts: 4, partCounts: [1, 1, 1, 1] } })
      .thenThrows('PART_COUNT_CHANGED');
  });
});

describe('part planning', () => {
  it('chooses the fewest power-of-two parts under the target, at most 64', () => {
    expect(choosePartCount(0, 100)).toBe(1);
    expect(choosePartCount(100, 100)).toBe(1);
    expect(choosePartCount(101, 100)).toBe(2);
    expect(choosePartCount(350, 100)).toBe(4);
    expect(choosePartCount(1e9, 100)).toBe(64);
  });

  it('puts a record in the part named by the top bits of its id', () => {
    expect(partIndexOf('f0000000000000000000000000000000', 1)).toBe(0);
    expect(partIndexOf('f0000000000000000000000000000000', 4)).toBe(3);
    expect(partIndexOf('a0000000000000000000000000000000', 16)).toBe(10);
    expect(partIndexOf('a7000000000000000000000000000000', 64)).toBe(41);
    expect(partIndexOf('ff000000000000000000000000000000', 64)).toBe(63);
    expect(() => partIndexOf('a0', 3)).toThrow(expect.objectContaining({ code: 'INVALID_PART_COUNT' }));
    expect(() => partIndexOf('a0', 128)).toThrow(expect.objectContaining({ code: 'INVALID_PART_COUNT' }));
  });

  it('routes every first hex digit to the parts it can reach, and only those', () => {
    for (const of of [1, 2, 4, 8, 16, 32, 64]) {
      for (let value = 0; value < 256; value++) {
        const id = value.toString(16).padStart(2, '0');
        const digit = value >> 4;
        const index = partIndexOf(id, of);
        expect(digitReachesPart(digit, index, of)).toBe(true);
      }
    }
    expect(digitReachesPart(0, 2, 32)).toBe(false);
    expect(digitReachesPart(4, 0, 4)).toBe(false);
    expect(digitReachesPart(1, 2, 32)).toBe(true);
  });
});

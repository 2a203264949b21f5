import { type BatchStored, batchDecider } from '../../src/domain';
import { DeciderSpecification } from '../support/decider-spec';

const spec = DeciderSpecification.for(batchDecider);
const stored: BatchStored = {
  type: 'BatchStored',
  data: {
    batchId: 'b1',
    recordCount: 3,
    messageCount: 2,
    duplicatesDropped: 1,
    byDate: { '2026-11-28': 3 },
    storedAt: 10,
  },
};

describe('batch decider', () => {
  it('records a batch stored once', () => {
    spec.given([]).when({ type: 'RecordBatchStored', data: stored.data }).then([stored]);
  });

  it('ignores a repeated store of the same batch', () => {
    spec.given([stored]).when({ type: 'RecordBatchStored', data: stored.data }).thenNothingHappens();
  });

  it('marks a stored batch partitioned', () => {
    spec
      .given([stored])
      .when({ type: 'MarkBatchPartitioned', data: { batchId: 'b1', runId: 'r1', at: 20 } })
      .then([{ type: 'BatchPartitioned', data: { batchId: 'b1', runId: 'r1', partitionedAt: 20 } }]);
  });

  it('does not partition a batch twice', () => {
    spec
      .given([stored, { type: 'BatchPartitioned', data: { batchId: 'b1', runId: 'r1', partitionedAt: 20 } }])
      .when({ type: 'MarkBatchPartitioned', data: { batchId: 'b1', runId: 'r2', at: 30 } })
      .thenNothingHappens();
  });

  it('partitions a batch whose store was never journalled (crash between write and journal)', () => {
    spec
      .given([])
      .when({ type: 'MarkBatchPartitioned', data: { batchId: 'b9', runId: 'r1', at: 20 } })
      .then([{ type: 'BatchPartitioned', data: { batchId: 'b9', runId: 'r1', partitionedAt: 20 } }]);
  });
});

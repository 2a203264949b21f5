import { InMemoryEventJournal } from '../../src/adapters/memory';
import { DEFAULT_CORE_SETTINGS } from '../../src/application/settings';
import { PipelineProjection } from '../../src/application/status/pipeline-projection';
import type { LocusEvent } from '../../src/domain';
import type { EventJournal } from '../../src/ports';
import { ManualClock } from '../support/manual-clock';

const stored = (batchId: string, byDate: Record<string, number>): LocusEvent => ({
  type: 'BatchStored',
  data: {
    batchId,
    recordCount: Object.values(byDate).reduce((sum, n) => sum + n, 0),
    messageCount: 1,
    duplicatesDropped: 0,
    byDate,
    storedAt: Date.UTC(2026, 10, 28, 9),
  },
});

describe('PipelineProjection', () => {
  it('folds the same view from a journal without readStreams, reading its streams one by one', async () => {
    const journal = new InMemoryEventJournal(new ManualClock());
    await journal.append('batch-b1', [stored('b1', { '2026-11-27': 2, '2026-11-28': 3 })], 'no_stream');
    await journal.append('batch-b2', [stored('b2', { '2026-11-28': 4 })], 'no_stream');
    await journal.append(
      'batch-b1',
      [
        {
          type: 'BatchPartitioned',
          data: { batchId: 'b1', runId: 'r1', partitionedAt: Date.UTC(2026, 10, 29) },
        },
      ],
      1,
    );
    await journal.append(
      'store-runs-2026-11-29',
      [
        {
          type: 'QueueDrained',
          data: {
            runId: 'r2',
            startedAt: Date.UTC(2026, 10, 29, 1),
            drainedAt: Date.UTC(2026, 10, 29, 1),
            batchId: null,
          },
        },
      ],
      'no_stream',
    );
    const withoutReadStreams: EventJournal = {
      append: (...args) => journal.append(...args),
      readStream: (stream) => journal.readStream(stream),
      listStreams: (prefix) => journal.listStreams(prefix),
      tail: (limit) => journal.tail(limit),
    };
    const view = await new PipelineProjection(journal, DEFAULT_CORE_SETTINGS).load();
    expect([...view.batches.keys()].sort()).toEqual(['b1', 'b2']);
    expect(view.batches.get('b1')?.partitioned).toBe(true);
    expect(view.lastDrain?.startedAt).toBe(Date.UTC(2026, 10, 29, 1));
    expect(await new PipelineProjection(withoutReadStreams, DEFAULT_CORE_SETTINGS).load()).toEqual(view);
  });
});

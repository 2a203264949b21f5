import { dayView, lastRuns } from '../../src/adapters/http/console/console-views';
import type { DayReconciliation } from '../../src/application/status';

const day = (overrides: Partial<DayReconciliation> = {}): DayReconciliation => ({
  date: '2026-11-28',
  timeZone: 'UTC',
  accepted: 10,
  stored: 10,
  batches: 1,
  partitioned: 10,
  partitionRevision: 1,
  reported: 10,
  reportedRevision: 1,
  state: 'current',
  reportCurrent: true,
  waiting: [],
  duplicatesDropped: 0,
  pendingRecords: 0,
  ...overrides,
});

describe('the days view', () => {
  it("shows the projection's state and, for a stale day, what it waits for on one line", () => {
    expect(dayView(day())).toEqual(expect.objectContaining({ state: 'current', waiting: null }));
    const stale = dayView(
      day({
        state: 'stale',
        reportCurrent: false,
        waiting: ['1200 record(s) in stored batches wait for the partition phase', 'not reported yet'],
      }),
    );
    expect(stale).toEqual(
      expect.objectContaining({
        state: 'stale',
        waiting: '1200 record(s) in stored batches wait for the partition phase; not reported yet',
      }),
    );
    expect(dayView(day({ state: 'empty', partitioned: 0, reported: null, reportCurrent: false })).state).toBe(
      'empty',
    );
  });
});

describe('the pipeline view', () => {
  it("takes each phase's latest event, with the daily run's own outcome", () => {
    const runs = lastRuns([
      { at: 1, stream: 'batch-1', type: 'BatchStored', data: {} },
      { at: 5, stream: 'batch-2', type: 'BatchStored', data: {} },
      { at: 6, stream: 'collection-server', type: 'CollectionServerStarted', data: {} },
      {
        at: 7,
        stream: 'collection-server',
        type: 'CollectionServerStopped',
        data: { outcome: 'failed', error: 'boom' },
      },
    ]);
    expect(runs).toEqual([
      expect.objectContaining({ phase: 'store', at: 5, outcome: 'succeeded', stream: 'batch-2' }),
      expect.objectContaining({ phase: 'daily', at: 7, outcome: 'failed', error: 'boom' }),
    ]);
  });
});

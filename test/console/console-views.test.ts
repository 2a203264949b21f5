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
  reportCurrent: true,
  duplicatesDropped: 0,
  pendingRecords: 0,
  ...overrides,
});

describe('the days view', () => {
  it('tells current, stale with what waits, and empty days apart', () => {
    expect(dayView(day())).toEqual(expect.objectContaining({ state: 'current', waiting: null }));
    expect(dayView(day({ reportCurrent: false, pendingRecords: 1200 }))).toEqual(
      expect.objectContaining({ state: 'stale', waiting: '1,200 records stored, not yet partitioned' }),
    );
    expect(dayView(day({ reportCurrent: false, partitionRevision: 3, reportedRevision: 2 })).waiting).toBe(
      'report made from revision 2, partition is at 3',
    );
    expect(dayView(day({ reported: null, reportedRevision: null, reportCurrent: false })).waiting).toBe(
      'no report yet',
    );
    expect(
      dayView(day({ accepted: 0, stored: 0, partitioned: 0, reported: null, reportCurrent: false })).state,
    ).toBe('empty');
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

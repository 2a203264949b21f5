import {
  type DayStanding,
  dayStanding,
  emptyPipelineView,
  evolvePipelineView,
  foldPipelineView,
  type LocusEvent,
  type PipelineView,
  RecordDateResolver,
} from '../../src/domain';

const DATE = '2026-11-28';
const zone = new RecordDateResolver('Asia/Tokyo');
const END = zone.endOf(DATE);
const SKEW = 5 * 60_000;

const stored = (batchId: string, count: number): LocusEvent => ({
  type: 'BatchStored',
  data: {
    batchId,
    recordCount: count,
    messageCount: 1,
    duplicatesDropped: 0,
    byDate: { [DATE]: count },
    storedAt: END - 1,
  },
});
const partitioned = (batchId: string): LocusEvent => ({
  type: 'BatchPartitioned',
  data: { batchId, runId: 'r', partitionedAt: END + 1 },
});
const written = (revision: number, recordCount: number): LocusEvent => ({
  type: 'PartitionWritten',
  data: {
    date: DATE,
    runId: 'r',
    revision,
    parts: 1,
    partCounts: [recordCount],
    recordCount,
    added: recordCount,
    duplicatesDropped: 0,
    recordsIn: recordCount,
    batchIds: [],
    writtenAt: END + 1,
  },
});
const published = (revision: number, rowCount: number): LocusEvent => ({
  type: 'ReportPublished',
  data: {
    date: DATE,
    rowCount,
    partitionRevision: revision,
    location: 'x',
    checksum: 'c',
    publishedAt: END + 2,
  },
});
const drained = (startedAt: number): LocusEvent => ({
  type: 'QueueDrained',
  data: { runId: 'd', startedAt, drainedAt: startedAt, batchId: null },
});
const accepted = (at: number): LocusEvent => ({
  type: 'LocationsAccepted',
  data: { requestId: 'q', recordIds: [], byDate: { [DATE]: 1 }, acceptedAt: at },
});

/** Given these events (in any order of streams), where does the date stand? */
const given = (...events: LocusEvent[]): DayStanding =>
  dayStanding(events.reduce(evolvePipelineView, emptyPipelineView()), DATE, { dateEnd: END, skewMs: SKEW });

describe('where a date stands (the pipeline projection)', () => {
  const afterDay = END + SKEW + 1;
  const complete = [stored('b1', 3), partitioned('b1'), written(1, 3), published(1, 3)];

  it('is current once everything stored is filed, the queue was drained after the day ended and the report holds every record', () => {
    expect(given(...complete, drained(afterDay))).toEqual({ date: DATE, state: 'current', waiting: [] });
  });

  it('is empty when no record exists and nothing can be waiting', () => {
    expect(given(drained(afterDay))).toEqual({ date: DATE, state: 'empty', waiting: [] });
    expect(given(published(0, 0), drained(afterDay)).state).toBe('empty');
  });

  it('is stale while the queue has not been drained since the day ended (plus the allowed skew)', () => {
    expect(given(...complete).waiting).toEqual(['no store run has drained the queue since the day ended']);
    const early = given(...complete, drained(END + SKEW - 1));
    expect(early.state).toBe('stale');
    expect(early.waiting[0]).toMatch(/the last began 2026-11-28T15:04:59.999Z/);
    expect(given(drained(END)).state).toBe('stale');
  });

  it('is stale while records of it accepted after the last drain began wait in the queue', () => {
    expect(given(...complete, drained(afterDay), accepted(afterDay + 10)).waiting).toEqual([
      'records accepted at 2026-11-28T15:05:00.011Z wait in the queue for a store run',
    ]);
    expect(given(...complete, accepted(afterDay - 10), drained(afterDay)).state).toBe('current');
  });

  it('is stale while stored batches are not filed, and names how many records wait', () => {
    expect(given(...complete, stored('b2', 2), drained(afterDay)).waiting).toEqual([
      '2 record(s) in stored batches wait for the partition phase',
    ]);
  });

  it('is stale while records sit in quarantined batches', () => {
    const quarantined: LocusEvent = {
      type: 'BatchQuarantined',
      data: { batchId: 'b2', reason: 'truncated', quarantinedAt: END + 3 },
    };
    const standing = given(...complete, stored('b2', 4), quarantined, drained(afterDay));
    expect(standing.state).toBe('stale');
    expect(standing.waiting).toEqual([expect.stringMatching(/^4 record\(s\) are in quarantined batches/)]);
  });

  it('is stale when not reported yet, reported from an older revision, or the last report run was refused', () => {
    expect(given(stored('b1', 3), partitioned('b1'), written(1, 3), drained(afterDay)).waiting).toEqual([
      'not reported yet',
    ]);
    expect(given(...complete, written(2, 5), drained(afterDay)).waiting).toEqual([
      'the report was made from partition revision 1; the partition is at 2',
    ]);
    const refused: LocusEvent = {
      type: 'ReportRejected',
      data: {
        date: DATE,
        rowCount: 2,
        partitionRevision: 1,
        partitionRecords: 3,
        reason: 'rows lost',
        rejectedAt: END + 4,
      },
    };
    expect(given(...complete, refused, drained(afterDay)).waiting).toEqual([
      'the last report run was refused: rows lost',
    ]);
    expect(given(...complete, refused, published(1, 3), drained(afterDay)).state).toBe('current');
  });

  it('folds to the same view whatever order the streams are read in', () => {
    const events = [...complete, stored('b2', 2), accepted(END - 5), drained(afterDay)];
    const forward = events.reduce(evolvePipelineView, emptyPipelineView());
    const backward = [stored('b2', 2), drained(afterDay), accepted(END - 5), ...complete].reduce(
      evolvePipelineView,
      emptyPipelineView(),
    );
    expect(backward).toEqual(forward);
  });

  it('folds many events at once to the view of folding them one by one, leaving the view it starts from alone', () => {
    const quarantined: LocusEvent = {
      type: 'BatchQuarantined',
      data: { batchId: 'b3', reason: 'unreadable', quarantinedAt: END + 3 },
    };
    const restored: LocusEvent = {
      type: 'BatchRestored',
      data: { batchId: 'b3', restoredAt: END + 4 },
    };
    const first = [...complete, stored('b3', 4), quarantined, accepted(END - 5)];
    const then = [restored, drained(afterDay), drained(afterDay - 10), written(2, 7), published(2, 7)];
    const oneByOne = (from: PipelineView, events: LocusEvent[]): PipelineView =>
      events.reduce(evolvePipelineView, from);
    const start = oneByOne(emptyPipelineView(), first);
    const startCopy = structuredClone(start);
    expect(foldPipelineView(emptyPipelineView(), first)).toEqual(start);
    expect(foldPipelineView(start, then)).toEqual(oneByOne(start, then));
    expect(start).toEqual(startCopy);
    expect(foldPipelineView(start, []).batches).not.toBe(start.batches);
  });
});

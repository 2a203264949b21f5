import type { LocusEvent } from '../../src/domain';
import type { EventJournal } from '../../src/ports';

export interface EventJournalFixture {
  journal: EventJournal;
  teardown?(): Promise<void>;
}

const stored = (batchId: string, recordCount = 1): LocusEvent => ({
  type: 'BatchStored',
  data: {
    batchId,
    recordCount,
    messageCount: 1,
    duplicatesDropped: 0,
    byDate: { '2026-11-28': recordCount },
    storedAt: Date.UTC(2026, 10, 28, 9, 20),
  },
});

const published = (date: string, rowCount: number): LocusEvent => ({
  type: 'ReportPublished',
  data: {
    date,
    rowCount,
    partitionRevision: 2,
    location: `download/locations-${date}.csv`,
    publishedAt: Date.UTC(2026, 10, 29, 0, 10),
  },
});

/**
 * The behaviour every {@link EventJournal} adapter shows through the port: streams keep their
 * events in append order, are listed by prefix, and the tail shows the latest entries.
 */
export const describeEventJournalContract = (
  adapterName: string,
  createFixture: () => Promise<EventJournalFixture>,
): void => {
  describe(`${adapterName} (EventJournal contract)`, () => {
    let fixture: EventJournalFixture;
    let journal: EventJournal;

    beforeEach(async () => {
      fixture = await createFixture();
      journal = fixture.journal;
    });

    afterEach(async () => {
      await fixture?.teardown?.();
    });

    it('reads an unknown stream as empty and lists no streams when empty', async () => {
      expect(await journal.readStream('batch-none')).toEqual([]);
      expect(await journal.listStreams('')).toEqual([]);
      expect(await journal.tail(10)).toEqual([]);
    });

    it('reads a stream back in the order its events were appended', async () => {
      const first = [stored('b1', 1), stored('b1', 2)];
      const second = [published('2026-11-28', 3)];
      await journal.append('batch-b1', first);
      await journal.append('batch-b1', second);
      expect(await journal.readStream('batch-b1')).toEqual([...first, ...second]);
    });

    it('keeps order across many appends of one event each', async () => {
      const events = Array.from({ length: 30 }, (_, i) => stored(`b${i}`, i));
      for (const event of events) await journal.append('partition-2026-11-28', [event]);
      expect(await journal.readStream('partition-2026-11-28')).toEqual(events);
    });

    it('keeps event data intact: nested values, empty arrays, non-ASCII text', async () => {
      const event: LocusEvent = {
        type: 'PartitionWritten',
        data: {
          date: '2026-11-28',
          runId: 'run-東京-é',
          revision: 1,
          parts: 4,
          partCounts: [600_000, 0, 1_199_999, 600_001],
          recordCount: 2_400_000,
          added: 0,
          duplicatesDropped: 12,
          batchIds: [],
          writtenAt: Date.UTC(2026, 10, 29, 0, 5, 0, 1),
        },
      };
      const stopped: LocusEvent = {
        type: 'CollectionServerStopped',
        data: { runId: 'r1', outcome: 'failed', error: 'line 1\nline "2", with comma', stoppedAt: 1 },
      };
      await journal.append('partition-2026-11-28', [event]);
      await journal.append('collection-server', [stopped]);
      expect(await journal.readStream('partition-2026-11-28')).toEqual([event]);
      expect(await journal.readStream('collection-server')).toEqual([stopped]);
    });

    it('keeps streams apart', async () => {
      await journal.append('batch-a', [stored('a')]);
      await journal.append('batch-b', [stored('b')]);
      await journal.append('batch-a', [stored('a', 2)]);
      expect(await journal.readStream('batch-a')).toEqual([stored('a'), stored('a', 2)]);
      expect(await journal.readStream('batch-b')).toEqual([stored('b')]);
    });

    it('changes nothing when appending no events', async () => {
      await journal.append('batch-a', [stored('a')]);
      await journal.append('batch-a', []);
      await journal.append('batch-empty', []);
      expect(await journal.readStream('batch-a')).toEqual([stored('a')]);
      expect(await journal.readStream('batch-empty')).toEqual([]);
      expect(await journal.tail(10)).toHaveLength(1);
    });

    it('is not affected by changes made to appended or returned events', async () => {
      const event = stored('a', 1) as { data: { recordCount: number } };
      const events = [event as unknown as LocusEvent];
      await journal.append('batch-a', events);
      event.data.recordCount = 99;
      events.length = 0;
      const read = await journal.readStream('batch-a');
      (read[0]?.data as { recordCount: number }).recordCount = 77;
      expect(await journal.readStream('batch-a')).toEqual([stored('a', 1)]);
    });

    it('keeps every event of concurrent appends to one stream', async () => {
      const events = Array.from({ length: 10 }, (_, i) => stored(`c${i}`, i));
      await Promise.all(events.map((event) => journal.append('batch-c', [event])));
      const read = await journal.readStream('batch-c');
      expect(read).toHaveLength(10);
      expect(read).toEqual(expect.arrayContaining(events));
    });

    it('lists the streams that start with a prefix, sorted', async () => {
      for (const stream of [
        'report-2026-11-28',
        'batch-b',
        'partition-2026-11-28',
        'batch-a',
        'batchy',
        'collection-server',
      ]) {
        await journal.append(stream, [stored(stream)]);
      }
      await journal.append('batch-a', [stored('again')]);
      expect(await journal.listStreams('batch-')).toEqual(['batch-a', 'batch-b']);
      expect(await journal.listStreams('batch')).toEqual(['batch-a', 'batch-b', 'batchy']);
      expect(await journal.listStreams('')).toEqual([
        'batch-a',
        'batch-b',
        'batchy',
        'collection-server',
        'partition-2026-11-28',
        'report-2026-11-28',
      ]);
      expect(await journal.listStreams('report-2026-11-28')).toEqual(['report-2026-11-28']);
      expect(await journal.listStreams('nothing-')).toEqual([]);
    });

    it('tails the latest entries of all streams, oldest first', async () => {
      await journal.append('batch-a', [stored('a1'), stored('a2')]);
      await journal.append('report-2026-11-28', [published('2026-11-28', 5)]);
      await journal.append('batch-a', [stored('a3')]);
      const all = await journal.tail(10);
      expect(all.map((e) => [e.stream, e.event])).toEqual([
        ['batch-a', stored('a1')],
        ['batch-a', stored('a2')],
        ['report-2026-11-28', published('2026-11-28', 5)],
        ['batch-a', stored('a3')],
      ]);
      const times = all.map((e) => e.recordedAt);
      expect(times.every((t) => Number.isFinite(t))).toBe(true);
      expect([...times].sort((x, y) => x - y)).toEqual(times);
      expect((await journal.tail(2)).map((e) => e.event)).toEqual([published('2026-11-28', 5), stored('a3')]);
      expect(await journal.tail(0)).toEqual([]);
    });
  });
};

import { handleCommand } from '../application/shared/handle-command';
import { batchDecider, type LocusEvent } from '../domain';
import { type EventJournal, isLocusError } from '../ports';

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
 * events in append order at versions 1, 2, …, an append at a version that no longer holds is
 * refused (`VERSION_CONFLICT`) and changes nothing, of two writers at one version exactly one
 * wins; streams are listed by prefix, and the tail shows the latest entries.
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
      expect(await journal.readStream('batch-none')).toEqual({ events: [], version: 0 });
      expect(await journal.listStreams('')).toEqual([]);
      expect(await journal.tail(10)).toEqual([]);
    });

    it('reads a stream back in the order its events were appended', async () => {
      const first = [stored('b1', 1), stored('b1', 2)];
      const second = [published('2026-11-28', 3)];
      expect(await journal.append('batch-b1', first, 'no_stream')).toEqual({ nextExpectedVersion: 2 });
      expect(await journal.append('batch-b1', second, 2)).toEqual({ nextExpectedVersion: 3 });
      expect(await journal.readStream('batch-b1')).toEqual({ events: [...first, ...second], version: 3 });
    });

    it('keeps order across many appends of one event each', async () => {
      const events = Array.from({ length: 30 }, (_, i) => stored(`b${i}`, i));
      for (const [i, event] of events.entries()) await journal.append('partition-2026-11-28', [event], i);
      expect((await journal.readStream('partition-2026-11-28')).events).toEqual(events);
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
      await journal.append('partition-2026-11-28', [event], 'no_stream');
      await journal.append('collection-server', [stopped], 'any');
      expect((await journal.readStream('partition-2026-11-28')).events).toEqual([event]);
      expect((await journal.readStream('collection-server')).events).toEqual([stopped]);
    });

    it('keeps streams apart', async () => {
      await journal.append('batch-a', [stored('a')], 'no_stream');
      await journal.append('batch-b', [stored('b')], 'no_stream');
      await journal.append('batch-a', [stored('a', 2)], 1);
      expect((await journal.readStream('batch-a')).events).toEqual([stored('a'), stored('a', 2)]);
      expect((await journal.readStream('batch-b')).events).toEqual([stored('b')]);
    });

    it('changes nothing when appending no events', async () => {
      await journal.append('batch-a', [stored('a')], 'no_stream');
      expect(await journal.append('batch-a', [], 7)).toEqual({ nextExpectedVersion: 1 });
      await journal.append('batch-empty', [], 'stream_exists');
      expect((await journal.readStream('batch-a')).events).toEqual([stored('a')]);
      expect(await journal.readStream('batch-empty')).toEqual({ events: [], version: 0 });
      expect(await journal.tail(10)).toHaveLength(1);
    });

    it('is not affected by changes made to appended or returned events', async () => {
      const event = stored('a', 1) as { data: { recordCount: number } };
      const events = [event as unknown as LocusEvent];
      await journal.append('batch-a', events, 'no_stream');
      event.data.recordCount = 99;
      events.length = 0;
      const read = (await journal.readStream('batch-a')).events;
      (read[0]?.data as { recordCount: number }).recordCount = 77;
      expect((await journal.readStream('batch-a')).events).toEqual([stored('a', 1)]);
    });

    it('refuses an append whose expected version no longer holds, changing nothing', async () => {
      await journal.append('batch-v', [stored('v1')], 'no_stream');
      const refusals = [
        journal.append('batch-v', [stored('v2')], 'no_stream'),
        journal.append('batch-v', [stored('v2')], 0),
        journal.append('batch-v', [stored('v2')], 2),
        journal.append('batch-w', [stored('w')], 'stream_exists'),
        journal.append('batch-w', [stored('w')], 1),
      ];
      for (const refusal of refusals) {
        await expect(refusal).rejects.toMatchObject({ code: 'VERSION_CONFLICT', retryable: true });
      }
      expect(await journal.readStream('batch-v')).toEqual({ events: [stored('v1')], version: 1 });
      expect(await journal.readStream('batch-w')).toEqual({ events: [], version: 0 });
      expect(await journal.append('batch-v', [stored('v2')], 'stream_exists')).toEqual({
        nextExpectedVersion: 2,
      });
      expect(await journal.append('batch-v', [stored('v3')], 'any')).toEqual({ nextExpectedVersion: 3 });
      expect(await journal.tail(10)).toHaveLength(3);
    });

    it('lets exactly one of two writers that read the same version append', async () => {
      await journal.append('partition-x', [stored('x0')], 'no_stream');
      const { version } = await journal.readStream('partition-x');
      const outcomes = await Promise.allSettled([
        journal.append('partition-x', [stored('writer-a')], version),
        journal.append('partition-x', [stored('writer-b')], version),
      ]);
      const won = outcomes.filter((outcome) => outcome.status === 'fulfilled');
      const lost = outcomes.filter((outcome) => outcome.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect(isLocusError((lost[0] as PromiseRejectedResult).reason, 'VERSION_CONFLICT')).toBe(true);
      const read = await journal.readStream('partition-x');
      expect(read.version).toBe(2);
      expect(read.events.filter((event) => event.type === 'BatchStored')).toHaveLength(2);
    });

    it('keeps every event of concurrent appends that retry on conflict, each at its own version', async () => {
      const events = Array.from({ length: 6 }, (_, i) => stored(`c${i}`, i));
      const appendRetrying = async (event: LocusEvent): Promise<void> => {
        for (;;) {
          const { version } = await journal.readStream('batch-c');
          try {
            await journal.append('batch-c', [event], version);
            return;
          } catch (error) {
            if (!isLocusError(error, 'VERSION_CONFLICT')) throw error;
          }
        }
      };
      await Promise.all(events.map(appendRetrying));
      const read = await journal.readStream('batch-c');
      expect(read.version).toBe(6);
      expect(read.events).toHaveLength(6);
      expect(read.events).toEqual(expect.arrayContaining(events));
    });

    it('decides a command once however many handlers race on its stream (read, decide, append at the version read)', async () => {
      const command = { type: 'MarkBatchPartitioned', data: { batchId: 'b9', runId: 'r1', at: 5 } } as const;
      await journal.append('batch-b9', [stored('b9')], 'no_stream');
      const handled = await Promise.all(
        Array.from({ length: 4 }, () => handleCommand(journal, batchDecider, 'batch-b9', command, 8)),
      );
      expect(handled.flatMap((outcome) => outcome.events)).toHaveLength(1);
      const read = await journal.readStream('batch-b9');
      expect(read.events.map((event) => event.type)).toEqual(['BatchStored', 'BatchPartitioned']);
      expect(handled.every((outcome) => outcome.state.status === 'partitioned')).toBe(true);
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
        await journal.append(stream, [stored(stream)], 'no_stream');
      }
      await journal.append('batch-a', [stored('again')], 1);
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
      await journal.append('batch-a', [stored('a1'), stored('a2')], 'no_stream');
      await journal.append('report-2026-11-28', [published('2026-11-28', 5)], 'no_stream');
      await journal.append('batch-a', [stored('a3')], 2);
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

import type { LocusEvent } from '../domain';
import type { EventJournal, StreamRead } from '../ports';
import type { EventJournalFixture } from './event-journal.contract';

const partitioned = (batchId: string): LocusEvent => ({
  type: 'BatchPartitioned',
  data: { batchId, runId: 'run-1', partitionedAt: Date.UTC(2026, 10, 29, 0, 5) },
});

/**
 * The behaviour of the optional {@link EventJournal.readStreams}, for the adapters that have it:
 * a prefix's streams read at once, equal to `listStreams` and then `readStream` of each, and
 * reading again shows every append made since.
 */
export const describeEventJournalReadStreamsContract = (
  adapterName: string,
  createFixture: () => Promise<EventJournalFixture>,
): void => {
  describe(`${adapterName} (EventJournal readStreams contract)`, () => {
    let fixture: EventJournalFixture;
    let journal: EventJournal;

    const readStreams = (prefix: string): Promise<ReadonlyMap<string, StreamRead>> => {
      if (journal.readStreams === undefined) throw new Error(`${adapterName} has no readStreams`);
      return journal.readStreams(prefix);
    };

    /** What `listStreams` and `readStream` of each give, for comparison. */
    const oneByOne = async (prefix: string): Promise<[string, StreamRead][]> => {
      const read: [string, StreamRead][] = [];
      for (const stream of await journal.listStreams(prefix))
        read.push([stream, await journal.readStream(stream)]);
      return read;
    };

    beforeEach(async () => {
      fixture = await createFixture();
      journal = fixture.journal;
    });

    afterEach(async () => {
      await fixture?.teardown?.();
    });

    it('reads every stream of a prefix as listing and reading each would, sorted by name', async () => {
      for (const stream of ['batch-b', 'batch-a', 'batchy', 'batch-é/1 x', 'report-2026-11-28']) {
        await journal.append(stream, [partitioned(`${stream}-1`)], 'no_stream');
      }
      await journal.append('batch-a', [partitioned('a-2'), partitioned('a-3')], 1);
      await journal.append('batch-a', [partitioned('a-4')], 3);
      for (const prefix of ['batch-', 'batch', 'report-', '', 'nothing-']) {
        const read = await readStreams(prefix);
        expect([...read]).toEqual(await oneByOne(prefix));
      }
      const batches = await readStreams('batch-');
      expect([...batches.keys()]).toEqual(['batch-a', 'batch-b', 'batch-é/1 x']);
      expect(batches.get('batch-a')).toEqual({
        events: ['batch-a-1', 'a-2', 'a-3', 'a-4'].map(partitioned),
        version: 4,
      });
    });

    it('shows, read again, the appends made since and the streams begun since', async () => {
      await journal.append('batch-a', [partitioned('a-1')], 'no_stream');
      expect([...(await readStreams('batch-')).keys()]).toEqual(['batch-a']);
      await journal.append('batch-a', [partitioned('a-2')], 1);
      await journal.append('batch-0', [partitioned('0-1')], 'no_stream');
      const again = await readStreams('batch-');
      expect([...again]).toEqual([
        ['batch-0', { events: [partitioned('0-1')], version: 1 }],
        ['batch-a', { events: [partitioned('a-1'), partitioned('a-2')], version: 2 }],
      ]);
    });

    it('is not affected by changes made to the events it returned (whether it lets them be made or not)', async () => {
      await journal.append('batch-a', [partitioned('a-1')], 'no_stream');
      const [event] = (await readStreams('batch-')).get('batch-a')?.events ?? [];
      try {
        (event?.data as { batchId: string }).batchId = 'changed';
      } catch (error) {
        // A journal that hands out frozen events refuses the change.
        expect(error).toBeInstanceOf(TypeError);
      }
      expect((await readStreams('batch-')).get('batch-a')?.events).toEqual([partitioned('a-1')]);
      expect((await journal.readStream('batch-a')).events).toEqual([partitioned('a-1')]);
    });
  });
};

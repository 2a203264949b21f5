import type { LocusEvent } from '../domain';
import type { EventJournal } from '../ports';
import type { EventJournalFixture } from './event-journal.contract';

const partitioned = (batchId: string): LocusEvent => ({
  type: 'BatchPartitioned',
  data: { batchId, runId: 'run-1', partitionedAt: Date.UTC(2026, 10, 29, 0, 5) },
});

/**
 * The behaviour of the optional {@link EventJournal.appendAll}, for the adapters that have it:
 * several streams appended at once at their own expected versions, all or none.
 */
export const describeEventJournalAppendAllContract = (
  adapterName: string,
  createFixture: () => Promise<EventJournalFixture>,
): void => {
  describe(`${adapterName} (EventJournal appendAll contract)`, () => {
    let fixture: EventJournalFixture;
    let journal: EventJournal;

    const appendAll: EventJournal['appendAll'] = (appends) => {
      if (journal.appendAll === undefined) throw new Error(`${adapterName} has no appendAll`);
      return journal.appendAll(appends);
    };

    beforeEach(async () => {
      fixture = await createFixture();
      journal = fixture.journal;
    });

    afterEach(async () => {
      await fixture?.teardown?.();
    });

    it('appends to several streams at once, each at its own version, and says where each stands', async () => {
      await journal.append('batch-a', [partitioned('a0')], 'no_stream');
      const results = await appendAll([
        { stream: 'batch-a', events: [partitioned('a1')], expectedVersion: 1 },
        { stream: 'batch-b', events: [partitioned('b1'), partitioned('b2')], expectedVersion: 'no_stream' },
        { stream: 'batch-c', events: [], expectedVersion: 5 },
        { stream: 'batch-a', events: [partitioned('a2')], expectedVersion: 2 },
      ]);
      expect(results).toEqual([
        { nextExpectedVersion: 2 },
        { nextExpectedVersion: 2 },
        { nextExpectedVersion: 0 },
        { nextExpectedVersion: 3 },
      ]);
      expect((await journal.readStream('batch-a')).events).toEqual(['a0', 'a1', 'a2'].map(partitioned));
      expect(await journal.readStream('batch-b')).toEqual({
        events: ['b1', 'b2'].map(partitioned),
        version: 2,
      });
      expect((await journal.tail(10)).map((entry) => entry.stream)).toEqual([
        'batch-a',
        'batch-a',
        'batch-b',
        'batch-b',
        'batch-a',
      ]);
    });

    it('appends nothing at all when one expected version does not hold', async () => {
      await journal.append('batch-x', [partitioned('x0')], 'no_stream');
      const refused = appendAll([
        { stream: 'batch-w', events: [partitioned('w1')], expectedVersion: 'no_stream' },
        { stream: 'batch-x', events: [partitioned('x1')], expectedVersion: 'no_stream' },
        { stream: 'batch-y', events: [partitioned('y1')], expectedVersion: 'no_stream' },
      ]);
      await expect(refused).rejects.toMatchObject({ code: 'VERSION_CONFLICT', retryable: true });
      expect(await journal.listStreams('batch-')).toEqual(['batch-x']);
      expect(await journal.readStream('batch-x')).toEqual({ events: [partitioned('x0')], version: 1 });
      expect(await journal.tail(10)).toHaveLength(1);
    });

    it('lets exactly one of two writers that read the same versions append', async () => {
      const both = (writer: string) =>
        appendAll([
          { stream: 'batch-p', events: [partitioned(`p-${writer}`)], expectedVersion: 'no_stream' },
          { stream: 'batch-q', events: [partitioned(`q-${writer}`)], expectedVersion: 'no_stream' },
        ]);
      const outcomes = await Promise.allSettled([both('one'), both('two')]);
      expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
      const winner = (stream: string) =>
        journal
          .readStream(stream)
          .then(({ events }) => events.map((event) => JSON.stringify(event.data).replace('"q-', '"p-')));
      const [p, q] = [await winner('batch-p'), await winner('batch-q')];
      expect(p).toHaveLength(1);
      expect(q).toEqual(p);
    });
  });
};

import { InMemoryEventJournal } from '../../src/adapters/memory';
import { PartitionService, ReceiveService, ReportService, StoreService } from '../../src/application';
import { AcceptedTally, StatusService } from '../../src/application/status';
import { TOKENS } from '../../src/application/tokens';
import { createCliRoot } from '../../src/composition/cli-root';
import { readLocusConfig } from '../../src/config/locus-config';
import type { LocationsAccepted } from '../../src/domain';
import { ManualClock } from '../support/manual-clock';

const NOW = Date.UTC(2026, 10, 28, 9, 15, 0);

const acceptedEvent = (byDate: Record<string, number>): LocationsAccepted => ({
  type: 'LocationsAccepted',
  data: { requestId: 'r', recordIds: [], byDate, acceptedAt: NOW },
});

describe('AcceptedTally', () => {
  it('journals one summary per date and keeps the counts when the journal fails', async () => {
    const clock = new ManualClock(NOW);
    const journal = new InMemoryEventJournal(clock);
    let failing = true;
    const flaky = Object.assign(Object.create(journal), {
      append: async (stream: string, events: Parameters<typeof journal.append>[1]) => {
        if (failing) throw new Error('journal down');
        return journal.append(stream, events, 'any');
      },
    });
    const tally = new AcceptedTally(flaky, { next: () => 'run-1' });
    tally.add(acceptedEvent({ '2026-11-27': 2, '2026-11-28': 1 }));
    tally.add(acceptedEvent({ '2026-11-28': 4 }));
    await expect(tally.flush()).rejects.toThrow('journal down');
    expect(tally.unflushed).toBe(7);
    failing = false;
    await tally.flush();
    expect(tally.unflushed).toBe(0);
    const {
      events: [summary],
    } = await journal.readStream('accepted-2026-11-28');
    expect(summary).toEqual({
      type: 'LocationsAccepted',
      data: {
        requestId: expect.stringMatching(/^tally-run-1-\d+$/),
        recordIds: [],
        byDate: { '2026-11-28': 5 },
        acceptedAt: NOW,
      },
    });
    expect(await journal.listStreams('accepted-')).toEqual(['accepted-2026-11-27', 'accepted-2026-11-28']);
  });
});

describe('StatusService', () => {
  it('follows a date from acceptance to a report that goes stale when late data arrives', async () => {
    const clock = new ManualClock(NOW);
    const root = await createCliRoot(readLocusConfig({ env: { LOCUS_PROFILE: 'memory' }, cwd: '/' }), {
      clock,
    });
    try {
      const receive = root.get(ReceiveService);
      const tally = root.get(AcceptedTally);
      const accept = async (deviceId: string) => {
        const outcome = await receive.accept(
          { deviceId, latitude: 1, longitude: 2, timestamp: '2026-11-28T01:00:00Z' },
          { requestId: deviceId, receivedAt: clock.now() },
        );
        if (outcome.kind === 'accepted') tally.add(outcome.event);
      };
      await accept('a');
      await accept('a');
      await accept('b');
      await tally.flush();
      await root.get(StoreService).run();
      await root.get(PartitionService).run();
      await root.get(ReportService).run('2026-11-28');
      await accept('c');
      await root.get(StoreService).run();
      await root.get(PartitionService).run();

      const status = root.get(StatusService);
      expect(await status.day('2026-11-28')).toEqual({
        date: '2026-11-28',
        timeZone: 'UTC',
        accepted: 3,
        stored: 3,
        batches: 2,
        partitioned: 3,
        partitionRevision: 2,
        reported: 2,
        reportedRevision: 1,
        state: 'stale',
        reportCurrent: false,
        waiting: [
          'no store run has drained the queue since the day ended (the last began 2026-11-28T09:15:00.000Z)',
          'the report was made from partition revision 1; the partition is at 2',
        ],
      });
      const pipeline = await status.pipeline(3);
      expect(pipeline.queue).toEqual({ ready: 0, leased: 0, quarantined: 0 });
      expect(pipeline.batches).toEqual({ pending: 0, quarantined: 0 });
      expect(pipeline.partitions).toEqual([{ date: '2026-11-28', revision: 2, parts: 1, records: 3 }]);
      expect(pipeline.reports).toEqual([
        expect.objectContaining({ date: '2026-11-28', rows: 2, current: false }),
      ]);
      expect(pipeline.lastDrain).toEqual({ startedAt: NOW, drainedAt: NOW });
      expect(pipeline.recentEvents.map((event) => event.type)).toEqual([
        'QueueDrained',
        'PartitionWritten',
        'BatchPartitioned',
      ]);
      expect(pipeline.collectionServer).toBe('stopped');
    } finally {
      await root.close();
    }
  });

  it('reports a queue that cannot be read instead of failing', async () => {
    const root = await createCliRoot(readLocusConfig({ env: { LOCUS_PROFILE: 'memory' }, cwd: '/' }));
    try {
      const queue = root.get(TOKENS.queue);
      queue.depth = async () => {
        throw new Error('queue offline');
      };
      expect((await root.get(StatusService).pipeline()).queue).toEqual({ error: 'queue offline' });
    } finally {
      await root.close();
    }
  });
});

import { Container, ContainerModule } from 'inversify';
import { TOKENS } from '../../../src/application/tokens';
import { PORT_NAMES } from '../../../src/composition/adapter-binders';
import { memoryBinders } from '../../../src/composition/memory-binders';
import { ManualClock } from '../../support/manual-clock';
import { aRecord, inChunks, readAll } from '../../support/records';

const containerWithMemoryAdapters = (clock = new ManualClock()): Container => {
  const binders = memoryBinders();
  const container = new Container();
  container.loadSync(
    new ContainerModule((options) => {
      options.bind(TOKENS.Clock).toConstantValue(clock);
      for (const port of PORT_NAMES) binders[port](options);
    }),
  );
  return container;
};

describe('memoryBinders', () => {
  it('binds every port to one instance per container', () => {
    const container = containerWithMemoryAdapters();
    const tokens = [
      TOKENS.LocationQueue,
      TOKENS.BatchStore,
      TOKENS.PartitionStore,
      TOKENS.ReportQuery,
      TOKENS.ReportStore,
      TOKENS.EventJournal,
      TOKENS.RunLock,
      TOKENS.ScratchSpace,
      TOKENS.ServerLifecycle,
    ];
    expect(Object.keys(memoryBinders()).sort()).toEqual([...PORT_NAMES].sort());
    for (const token of tokens) expect(container.get(token)).toBe(container.get(token));
  });

  it('gives the report query the partition store of the same container', async () => {
    const container = containerWithMemoryAdapters();
    const record = aRecord({ recordedAt: Date.UTC(2026, 10, 28, 12) });
    await container
      .get(TOKENS.PartitionStore)
      .writePart({ date: '2026-11-28', index: 0, of: 1 }, inChunks([record]));
    expect(await readAll(container.get(TOKENS.ReportQuery).rowsFor('2026-11-28'))).toEqual([record]);
  });

  it('gives the time-dependent adapters the bound clock', async () => {
    const clock = new ManualClock();
    const container = containerWithMemoryAdapters(clock);
    const lock = container.get(TOKENS.RunLock);
    expect(await lock.acquire('partition', 'run-1', 1_000)).toBe(true);
    expect(await lock.acquire('partition', 'run-2', 1_000)).toBe(false);
    clock.advance(1_001);
    expect(await lock.acquire('partition', 'run-2', 1_000)).toBe(true);
    const journal = container.get(TOKENS.EventJournal);
    await journal.append(
      'collection-server',
      [{ type: 'CollectionServerStarted', data: { runId: 'r', date: '2026-11-28', startedAt: 1 } }],
      'any',
    );
    expect((await journal.tail(1))[0]?.recordedAt).toBe(clock.now());
  });
});

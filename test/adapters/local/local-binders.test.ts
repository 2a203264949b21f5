import { Container, ContainerModule } from 'inversify';
import { DuckDbReportQuery } from '../../../src/adapters/local/duckdb-report-query';
import { FileBatchStore } from '../../../src/adapters/local/file-batch-store';
import { FilePartitionStore } from '../../../src/adapters/local/file-partition-store';
import { FileReportStore } from '../../../src/adapters/local/file-report-store';
import { FileScratchSpace } from '../../../src/adapters/local/file-scratch-space';
import { LocalServerLifecycle } from '../../../src/adapters/local/local-server-lifecycle';
import { SqliteEventJournal } from '../../../src/adapters/local/sqlite-event-journal';
import { SqliteLocationQueue } from '../../../src/adapters/local/sqlite-location-queue';
import { SqliteRunLock } from '../../../src/adapters/local/sqlite-run-lock';
import { TOKENS } from '../../../src/application/tokens';
import { PORT_NAMES } from '../../../src/composition/adapter-binders';
import { localBinders } from '../../../src/composition/local-binders';
import { isLocusError } from '../../../src/ports';
import { ManualClock } from '../../support/manual-clock';
import { aRecord } from '../../support/records';
import { tempDataDir } from './temp-data-dir';

describe('localBinders', () => {
  let dataDir: string;
  let remove: () => Promise<void>;

  beforeEach(async () => {
    ({ dataDir, remove } = await tempDataDir());
  });

  afterEach(() => remove());

  const containerWith = (ports: readonly (typeof PORT_NAMES)[number][]): Container => {
    const container = new Container();
    container.bind(TOKENS.Clock).toConstantValue(new ManualClock());
    const binders = localBinders({ dataDir });
    for (const port of ports) container.loadSync(new ContainerModule((options) => binders[port](options)));
    return container;
  };

  it('binds every port to its local adapter, once per container', async () => {
    const container = containerWith(PORT_NAMES);
    const expected = [
      [TOKENS.LocationQueue, SqliteLocationQueue],
      [TOKENS.BatchStore, FileBatchStore],
      [TOKENS.PartitionStore, FilePartitionStore],
      [TOKENS.ReportQuery, DuckDbReportQuery],
      [TOKENS.ReportStore, FileReportStore],
      [TOKENS.EventJournal, SqliteEventJournal],
      [TOKENS.RunLock, SqliteRunLock],
      [TOKENS.ScratchSpace, FileScratchSpace],
      [TOKENS.ServerLifecycle, LocalServerLifecycle],
    ] as const;
    for (const [token, adapter] of expected) {
      const instance = container.get<object>(token);
      expect(instance).toBeInstanceOf(adapter);
      expect(container.get<object>(token)).toBe(instance);
    }
    await container.unbindAll();
  });

  it('binds a single port on its own, with the data folder it was given', async () => {
    const container = containerWith(['batches']);
    await container.get(TOKENS.BatchStore).put('b-1', [aRecord()]);
    expect(await new FileBatchStore({ dataDir }).listPending()).toEqual(['b-1']);
    expect(container.isBound(TOKENS.LocationQueue)).toBe(false);
  });

  it('closes the queue database when the container unbinds it', async () => {
    const container = containerWith(['queue']);
    const queue = container.get(TOKENS.LocationQueue);
    await queue.enqueue([aRecord()]);
    await container.unbindAll();
    const error = await queue.enqueue([aRecord()]).catch((e: unknown) => e);
    expect(isLocusError(error, 'QUEUE_UNAVAILABLE')).toBe(true);
  });
});

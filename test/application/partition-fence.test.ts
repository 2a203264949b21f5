import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FileBatchStore } from '../../src/adapters/local/file-batch-store';
import { FilePartitionStore } from '../../src/adapters/local/file-partition-store';
import { FileScratchSpace } from '../../src/adapters/local/file-scratch-space';
import { SqliteEventJournal } from '../../src/adapters/local/sqlite-event-journal';
import { SqliteRunLock } from '../../src/adapters/local/sqlite-run-lock';
import {
  InMemoryBatchStore,
  InMemoryEventJournal,
  InMemoryPartitionStore,
  InMemoryRunLock,
  InMemoryScratchSpace,
} from '../../src/adapters/memory';
import { type CoreSettings, DEFAULT_CORE_SETTINGS, PartitionService } from '../../src/application';
import { batchStream, type LocationRecord, type PartRef, partitionStream } from '../../src/domain';
import type {
  BatchStore,
  EventJournal,
  PartitionStore,
  RunLock,
  ScratchSpace,
  WritePartOptions,
} from '../../src/ports';
import { ManualClock } from '../support/manual-clock';
import { readAll, someRecords } from '../support/records';
import { putStoredBatch } from '../support/stored-batch';

const DATE = '2026-11-28';
const SETTINGS: CoreSettings = {
  ...DEFAULT_CORE_SETTINGS,
  // 120 records of one date make 4 parts.
  partition: { ...DEFAULT_CORE_SETTINGS.partition, targetRecordsPerPart: 40 },
};
const TTL = SETTINGS.partition.lockTtlMs;
const PART_NAME = /^part-\d{2}-of-\d{2}\.csv$/;

interface Ports {
  readonly batches: BatchStore;
  readonly partitions: PartitionStore;
  readonly journal: EventJournal;
  readonly scratch: ScratchSpace;
  readonly lock: RunLock;
  /** Names in the date's folder as the technology holds them (temp files included), when it has any. */
  dateFolder(): Promise<string[] | undefined>;
  close(): Promise<void>;
}

const memoryPorts = async (clock: ManualClock): Promise<Ports> => ({
  batches: new InMemoryBatchStore(),
  partitions: new InMemoryPartitionStore(),
  journal: new InMemoryEventJournal(clock),
  scratch: new InMemoryScratchSpace(),
  lock: new InMemoryRunLock(clock),
  dateFolder: async () => undefined,
  close: async () => {},
});

const localPorts = async (clock: ManualClock): Promise<Ports> => {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'locus-fence-'));
  const config = { dataDir };
  const journal = new SqliteEventJournal(config, clock);
  const lock = new SqliteRunLock(config, clock);
  return {
    batches: new FileBatchStore(config),
    partitions: new FilePartitionStore(config),
    journal,
    scratch: new FileScratchSpace(config),
    lock,
    dateFolder: async () => (await fs.readdir(path.join(dataDir, 'storage', `dt=${DATE}`))).sort(),
    close: async () => {
      await journal.close();
      await lock.close();
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
};

interface Deferred {
  readonly promise: Promise<void>;
  resolve(): void;
}

const deferred = (): Deferred => {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
};

/**
 * A partition store whose `stallAt`-th write takes every record it is given and then hangs, inside
 * the write and before its commit, until the test lets it go on: a run stalled mid-write.
 */
class StallingPartitionStore implements PartitionStore {
  /** Resolved once the stalled write has taken all its records. */
  readonly stalled = deferred();
  /** What the stalled write carries. */
  readonly carried: LocationRecord[] = [];
  private readonly gate = deferred();
  private writes = 0;

  constructor(
    private readonly inner: PartitionStore,
    private readonly stallAt: number,
  ) {}

  /** Lets the stalled write go on. */
  resume(): void {
    this.gate.resolve();
  }

  listDates() {
    return this.inner.listDates();
  }

  listParts(date: string) {
    return this.inner.listParts(date);
  }

  readPart(part: PartRef) {
    return this.inner.readPart(part);
  }

  writePart(part: PartRef, records: AsyncIterable<readonly LocationRecord[]>, options?: WritePartOptions) {
    if (++this.writes !== this.stallAt) return this.inner.writePart(part, records, options);
    const stall = async function* (this: StallingPartitionStore) {
      for await (const chunk of records) {
        this.carried.push(...chunk);
        yield chunk;
      }
      this.stalled.resolve();
      await this.gate.promise;
    }.call(this);
    return this.inner.writePart(part, stall, options);
  }
}

/** Every record of the date, over all its parts. */
const recordsOfDate = async (partitions: PartitionStore): Promise<LocationRecord[]> => {
  const all: LocationRecord[] = [];
  for (const part of await partitions.listParts(DATE))
    all.push(...(await readAll(partitions.readPart(part))));
  return all;
};

const idsOf = (records: readonly LocationRecord[]): string[] => records.map((r) => r.recordId).sort();

describe.each([
  ['memory', memoryPorts],
  ['local', localPorts],
] as const)('partition runs fenced by their lease (%s adapters)', (_name, makePorts) => {
  let clock: ManualClock;
  let ports: Ports;
  let nextRun = 0;

  beforeEach(async () => {
    clock = new ManualClock(Date.UTC(2026, 10, 29, 0, 10));
    ports = await makePorts(clock);
  });

  afterEach(async () => {
    await ports.close();
  });

  const service = (partitions: PartitionStore = ports.partitions): PartitionService =>
    new PartitionService(
      ports.batches,
      partitions,
      ports.journal,
      ports.scratch,
      ports.lock,
      clock,
      { next: () => `run-${++nextRun}` },
      SETTINGS,
    );

  const first = someRecords(120, 1, { date: DATE });
  const late = someRecords(60, 2, { date: DATE });

  it('a run that stalls inside a part write past its lease replaces nothing once another run took over', async () => {
    await putStoredBatch(ports, 'b-1', first);
    const stalling = new StallingPartitionStore(ports.partitions, 2);
    const runA = service(stalling).run();
    const outcomeA = runA.catch((error: unknown) => error);
    await stalling.stalled.promise;

    // Run A hangs in its second part write; its lease runs out, late records arrive, run B does the job.
    clock.advance(TTL + 1);
    await putStoredBatch(ports, 'b-2', late);
    const outcomeB = await service().run();
    expect(outcomeB.batches).toEqual(['b-1', 'b-2']);
    const afterB = await recordsOfDate(ports.partitions);

    stalling.resume();
    expect(await outcomeA).toMatchObject({ code: 'LOCK_LOST' });

    // A's part would have dropped the late records of its part: it never became visible.
    const stalledPart = stalling.carried.map((r) => r.recordId);
    expect(late.some((r) => !stalledPart.includes(r.recordId))).toBe(true);
    const final = await recordsOfDate(ports.partitions);
    expect(idsOf(final)).toEqual(idsOf(afterB));
    expect(idsOf(final)).toEqual(idsOf([...first, ...late]));
    // Nothing of A's write is left beside the parts (its temp file, in the folder tree, is gone).
    expect((await ports.dateFolder())?.filter((name) => !PART_NAME.test(name)) ?? []).toEqual([]);
    expect(await ports.batches.listPending()).toEqual([]);

    // The journal holds B's work only: A wrote no partition event and marked no batch.
    const { events: written } = await ports.journal.readStream(partitionStream(DATE));
    expect(written.map((event) => [event.type, (event.data as { runId: string }).runId])).toEqual([
      ['PartitionWritten', 'run-2'],
    ]);
    for (const batchId of ['b-1', 'b-2']) {
      const partitioned = (await ports.journal.readStream(batchStream(batchId))).events.filter(
        (event) => event.type === 'BatchPartitioned',
      );
      expect(partitioned.map((event) => (event.data as { runId: string }).runId)).toEqual(['run-2']);
    }
    // A let go of nothing it did not hold, and the lock is free.
    expect(await ports.lock.acquire('partition', 'run-next', TTL)).toBe(true);
  });

  it('a stalled run whose lease is held by another run when it resumes stops with LOCK_LOST', async () => {
    await putStoredBatch(ports, 'b-1', first);
    const stalling = new StallingPartitionStore(ports.partitions, 3);
    const runA = service(stalling).run();
    const outcomeA = runA.catch((error: unknown) => error);
    await stalling.stalled.promise;
    const beforeResume = await recordsOfDate(ports.partitions);
    const partsBefore = await ports.partitions.listParts(DATE);

    clock.advance(TTL + 1);
    expect(await ports.lock.acquire('partition', 'run-other', TTL)).toBe(true);
    stalling.resume();
    expect(await outcomeA).toMatchObject({ code: 'LOCK_LOST' });

    expect(await ports.partitions.listParts(DATE)).toEqual(partsBefore);
    expect(idsOf(await recordsOfDate(ports.partitions))).toEqual(idsOf(beforeResume));
    expect((await ports.journal.readStream(partitionStream(DATE))).events).toEqual([]);
    expect(await ports.batches.listPending()).toEqual(['b-1']);
    // The other run's lease is untouched.
    expect(await ports.lock.acquire('partition', 'run-third', TTL)).toBe(false);
  });

  it('a stalled run whose expired lease nobody took renews it at the commit and finishes', async () => {
    await putStoredBatch(ports, 'b-1', first);
    const stalling = new StallingPartitionStore(ports.partitions, 2);
    const runA = service(stalling).run();
    await stalling.stalled.promise;

    clock.advance(TTL + 1);
    stalling.resume();
    const outcome = await runA;
    expect(outcome.batches).toEqual(['b-1']);
    expect(idsOf(await recordsOfDate(ports.partitions))).toEqual(idsOf(first));
    expect(await ports.batches.listPending()).toEqual([]);
  });
});

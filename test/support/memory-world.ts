import { Container } from 'inversify';
import {
  InMemoryBatchStore,
  InMemoryEventJournal,
  InMemoryLocationQueue,
  InMemoryPartitionStore,
  InMemoryReportQuery,
  InMemoryReportStore,
  InMemoryRunLock,
  InMemoryScratchSpace,
  InMemoryServerLifecycle,
} from '../../src/adapters/memory';
import {
  type CoreSettings,
  DailyRunService,
  DEFAULT_CORE_SETTINGS,
  PartitionService,
  ReceiveService,
  ReportService,
  StoreService,
  TOKENS,
} from '../../src/application';
import { buildContainer } from '../../src/composition/build-container';
import type { LocationRecord } from '../../src/domain';
import type { LeasedMessage, LocationQueue, QueueDepth } from '../../src/ports';
import { CrashPlan, withCrashes } from './faults';
import { ManualClock } from './manual-clock';

/**
 * A standard queue's at-least-once delivery: every third lease also hands out again a message
 * from an earlier lease, under a receipt that acknowledges nothing.
 */
export class RedeliveringQueue implements LocationQueue {
  private readonly seen: LeasedMessage[] = [];
  private leases = 0;
  private copies = 0;

  constructor(private readonly inner: LocationQueue) {}

  enqueue(records: readonly LocationRecord[]): Promise<void> {
    return this.inner.enqueue(records);
  }

  async lease(maxMessages: number, leaseMs: number): Promise<readonly LeasedMessage[]> {
    const leased = await this.inner.lease(maxMessages, leaseMs);
    this.leases++;
    const extra: LeasedMessage[] = [];
    const earlier = this.seen[this.leases % Math.max(1, this.seen.length)];
    if (leased.length > 0 && this.leases % 3 === 0 && earlier !== undefined) {
      extra.push({ receipt: `copy-${this.copies++}`, records: earlier.records });
    }
    this.seen.push(...leased);
    return [...leased, ...extra];
  }

  acknowledge(receipts: readonly string[]): Promise<void> {
    return this.inner.acknowledge(receipts.filter((r) => !r.startsWith('copy-')));
  }

  depth(): Promise<QueueDepth> {
    return this.inner.depth();
  }
}

/**
 * Memory adapters that outlive a "process": a crash throws out of the services, and a restart
 * builds a new container over the same stores. Every port call passes through a crash plan.
 */
export class MemoryWorld {
  readonly clock: ManualClock;
  readonly plan = new CrashPlan();
  readonly raw;
  private nextId = 0;
  container!: Container;

  constructor(
    readonly settings: CoreSettings = DEFAULT_CORE_SETTINGS,
    start = Date.UTC(2026, 10, 29, 0, 10),
  ) {
    this.clock = new ManualClock(start);
    const partitions = new InMemoryPartitionStore();
    this.raw = {
      queue: new RedeliveringQueue(new InMemoryLocationQueue(this.clock)),
      batches: new InMemoryBatchStore(),
      partitions,
      reportQuery: new InMemoryReportQuery(partitions),
      reports: new InMemoryReportStore(),
      journal: new InMemoryEventJournal(this.clock),
      lock: new InMemoryRunLock(this.clock),
      scratch: new InMemoryScratchSpace(),
      lifecycle: new InMemoryServerLifecycle(),
    };
    this.restart();
  }

  /** A new process over the same stores (nothing of the old one's memory survives). */
  restart(): void {
    const p = this.plan;
    const r = this.raw;
    this.container = buildContainer({
      profile: 'memory',
      settings: this.settings,
      clock: this.clock,
      ids: { next: () => `id${String(this.nextId++).padStart(6, '0')}` },
      profiles: {
        memory: () => ({
          queue: ({ bind }) => bind(TOKENS.LocationQueue).toConstantValue(withCrashes(r.queue, 'queue', p)),
          batches: ({ bind }) =>
            bind(TOKENS.BatchStore).toConstantValue(withCrashes(r.batches, 'batches', p)),
          partitions: ({ bind }) =>
            bind(TOKENS.PartitionStore).toConstantValue(withCrashes(r.partitions, 'partitions', p)),
          reportQuery: ({ bind }) =>
            bind(TOKENS.ReportQuery).toConstantValue(withCrashes(r.reportQuery, 'reportQuery', p)),
          reports: ({ bind }) =>
            bind(TOKENS.ReportStore).toConstantValue(withCrashes(r.reports, 'reports', p)),
          journal: ({ bind }) =>
            bind(TOKENS.EventJournal).toConstantValue(withCrashes(r.journal, 'journal', p)),
          lock: ({ bind }) => bind(TOKENS.RunLock).toConstantValue(withCrashes(r.lock, 'lock', p)),
          scratch: ({ bind }) =>
            bind(TOKENS.ScratchSpace).toConstantValue(withCrashes(r.scratch, 'scratch', p)),
          lifecycle: ({ bind }) =>
            bind(TOKENS.ServerLifecycle).toConstantValue(withCrashes(r.lifecycle, 'lifecycle', p)),
        }),
      },
    });
  }

  get receive(): ReceiveService {
    return this.container.get(ReceiveService);
  }
  get store(): StoreService {
    return this.container.get(StoreService);
  }
  get partition(): PartitionService {
    return this.container.get(PartitionService);
  }
  get report(): ReportService {
    return this.container.get(ReportService);
  }
  get daily(): DailyRunService {
    return this.container.get(DailyRunService);
  }

  /** Reads a published report back as text. */
  async reportText(date: string): Promise<string | undefined> {
    const bytes = await this.raw.reports.open(date);
    if (bytes === undefined) return undefined;
    const parts: Buffer[] = [];
    for await (const chunk of bytes) parts.push(Buffer.from(chunk));
    return Buffer.concat(parts).toString('utf8');
  }
}

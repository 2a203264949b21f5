import type { Container } from 'inversify';
import {
  type CoreSettings,
  DailyRunService,
  DEFAULT_CORE_SETTINGS,
  PartitionService,
  ReceiveService,
  ReportService,
  StoreService,
} from '../../src/application';
import { PipelineProjection } from '../../src/application/status';
import type { DayStanding, LocationRecord } from '../../src/domain';
import type {
  LeasedMessage,
  LocationQueue,
  QuarantinedMessage,
  QueueDepth,
  RedriveOutcome,
} from '../../src/ports';
import { CrashPlan, withCrashes } from './faults';
import { ManualClock } from './manual-clock';
import { containerOver, memoryPorts, type PortSet, readReport } from './memory-ports';

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

  quarantine(): Promise<readonly QuarantinedMessage[]> {
    return this.inner.quarantine();
  }

  redrive(ids?: readonly string[]): Promise<RedriveOutcome> {
    return this.inner.redrive(ids);
  }
}

/**
 * Memory adapters that outlive a "process": a crash throws out of the services, and a restart
 * builds a new container over the same stores. Every port call passes through a crash plan.
 */
export class MemoryWorld {
  readonly clock: ManualClock;
  readonly plan = new CrashPlan();
  readonly raw: PortSet;
  private nextId = 0;
  container!: Container;

  constructor(
    readonly settings: CoreSettings = DEFAULT_CORE_SETTINGS,
    start = Date.UTC(2026, 10, 29, 0, 10),
  ) {
    this.clock = new ManualClock(start);
    const ports = memoryPorts(this.clock);
    this.raw = { ...ports, queue: new RedeliveringQueue(ports.queue) };
    this.restart();
  }

  /** A new process over the same stores (nothing of the old one's memory survives). */
  restart(): void {
    const plan = this.plan;
    this.container = containerOver(
      this.raw,
      {
        settings: this.settings,
        clock: this.clock,
        ids: { next: () => `id${String(this.nextId++).padStart(6, '0')}` },
      },
      (adapter, port) => withCrashes(adapter, port, plan),
    );
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

  /** Where a date stands, from the pipeline projection. */
  async standing(date: string): Promise<DayStanding> {
    const projection = this.container.get(PipelineProjection);
    return projection.standing(await projection.load(), date);
  }

  /** Reads a published report back as text. */
  reportText(date: string): Promise<string | undefined> {
    return readReport(this.raw.reports, date);
  }
}

import type { Container } from 'inversify';
import {
  type CoreSettings,
  DailyRunService,
  PartitionService,
  ReceiveService,
  ReportService,
  StoreService,
} from '../../../src/application';
import { ReportCatalog, StatusService } from '../../../src/application/status';
import type { IdSource } from '../../../src/ports';
import { seededRandom } from '../../../src/simulator/random';
import { AtLeastOnceQueue, FaultInjector } from '../../support/fault-injection';
import { ManualClock } from '../../support/manual-clock';
import { containerOver, memoryPorts, type PortSet, readReport } from '../../support/memory-ports';

/**
 * The application services (and the status services) of one "process" over the given adapters,
 * each port wrapped by the fault injector.
 */
export const containerOverPorts = (
  ports: PortSet,
  faults: FaultInjector | undefined,
  plan: { settings: CoreSettings; clock: ManualClock; ids: IdSource },
): Container => {
  const container = containerOver(
    ports,
    plan,
    faults === undefined ? undefined : (adapter, port) => faults.wrap(adapter, port),
  );
  container.bind(ReportCatalog).toSelf().inSingletonScope();
  container.bind(StatusService).toSelf().inSingletonScope();
  return container;
};

/** The services of the process that runs now. */
export interface Services {
  readonly receive: ReceiveService;
  readonly store: StoreService;
  readonly partition: PartitionService;
  readonly report: ReportService;
  readonly daily: DailyRunService;
  readonly status: StatusService;
}

export const servicesOf = (container: Container): Services => ({
  receive: container.get(ReceiveService),
  store: container.get(StoreService),
  partition: container.get(PartitionService),
  report: container.get(ReportService),
  daily: container.get(DailyRunService),
  status: container.get(StatusService),
});

/**
 * A profile's stores that outlive the processes working on them: a "crash" throws out of the
 * services, and {@link restart} starts a new process (new container, new adapters where the
 * profile opens files) over the same stores. The clock is manual; ids are unique across restarts.
 */
export interface PipelineWorld {
  readonly name: string;
  readonly clock: ManualClock;
  readonly faults: FaultInjector;
  readonly settings: CoreSettings;
  /** The running process's services (their ports go through the fault injector). */
  readonly services: Services;
  /** The adapters themselves, without faults, for checks. */
  readonly raw: PortSet;
  /** The queue's redeliveries so far (copies of messages handed out twice). */
  readonly redelivered: number;
  /** The process died: a new one starts over the same stores. */
  restart(): Promise<void>;
  /** Another process over the same stores, running at the same time as {@link services}. */
  spawn(faults?: FaultInjector): Promise<Services>;
  /** A published report's text, read without faults. */
  reportText(date: string): Promise<string | undefined>;
  close(): Promise<void>;
}

/** Ids `<prefix>000001`, … that never repeat in one world. */
export const counterIds = (prefix: string): IdSource => {
  let next = 0;
  return { next: () => `${prefix}${String(++next).padStart(6, '0')}` };
};

export interface WorldOptions {
  readonly settings: CoreSettings;
  readonly start: number;
  readonly faults?: FaultInjector;
  /** Seed of the queue's random redeliveries; none when absent. */
  readonly redeliverySeed?: number;
}

/** The memory profile's adapters, kept across restarts. */
export class MemoryPipelineWorld implements PipelineWorld {
  readonly name = 'memory';
  readonly clock: ManualClock;
  readonly faults: FaultInjector;
  readonly settings: CoreSettings;
  readonly raw: PortSet;
  private readonly ids = counterIds('m');
  private readonly delivery: AtLeastOnceQueue | undefined;
  services!: Services;

  constructor(options: WorldOptions) {
    this.settings = options.settings;
    this.clock = new ManualClock(options.start);
    this.faults = options.faults ?? new FaultInjector();
    const ports = memoryPorts(this.clock);
    this.delivery =
      options.redeliverySeed === undefined
        ? undefined
        : new AtLeastOnceQueue(ports.queue, seededRandom(options.redeliverySeed));
    this.raw = { ...ports, queue: this.delivery ?? ports.queue };
    this.start();
  }

  get redelivered(): number {
    return this.delivery?.redelivered ?? 0;
  }

  async restart(): Promise<void> {
    this.faults.restart();
    this.start();
  }

  async spawn(faults = new FaultInjector()): Promise<Services> {
    return servicesOf(
      containerOverPorts(this.raw, faults, { settings: this.settings, clock: this.clock, ids: this.ids }),
    );
  }

  reportText(date: string): Promise<string | undefined> {
    return readReport(this.raw.reports, date);
  }

  async close(): Promise<void> {}

  private start(): void {
    this.services = servicesOf(
      containerOverPorts(this.raw, this.faults, {
        settings: this.settings,
        clock: this.clock,
        ids: this.ids,
      }),
    );
  }
}

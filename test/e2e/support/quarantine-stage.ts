import type { Container } from 'inversify';
import {
  type CoreSettings,
  DEFAULT_CORE_SETTINGS,
  ReceiveService,
  ReportService,
  StoreService,
} from '../../../src/application';
import { PartitionService } from '../../../src/application/partition/partition-service';
import { QuarantineService } from '../../../src/application/quarantine/quarantine-service';
import { StatusService } from '../../../src/application/status';
import { formatPipelineStatus } from '../../../src/cli/output/status-text';
import { type BatchStore, LocusError } from '../../../src/ports';
import { inRequests, sampleLocations } from '../../reliability/support/locations';
import { containerOverPorts, counterIds } from '../../reliability/support/pipeline-world';
import { eventually } from '../../support/eventually';
import type { ManualClock } from '../../support/manual-clock';
import type { PortSet } from '../../support/memory-ports';
import { readReport } from '../../support/memory-ports';

/** One profile's pipeline for the scenario: its ports, and how its store phase is broken and mended. */
export interface QuarantineStage {
  readonly ports: PortSet;
  readonly clock: ManualClock;
  readonly settings: CoreSettings;
  /** Makes `batches.put` fail (a missing bucket, a full disk) or work again. */
  breakStore(): Promise<void>;
  mendStore(): Promise<void>;
  /** Lets the leases of a failed run expire (the manual clock, or real time on SQS). */
  letLeasesExpire(): Promise<void>;
  close(): Promise<void>;
}

/** A batch store whose `put` fails while `broken` says so, as a store without its bucket does. */
export const breakableBatches = (inner: BatchStore, broken: () => boolean): BatchStore =>
  new Proxy(inner, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (property !== 'put' || typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (broken())
          throw new LocusError('STORE_UNAVAILABLE', 'the work bucket does not exist', { retryable: true });
        return value.apply(target, args);
      };
    },
  });

/**
 * A stage on a manual clock whose batch store can be broken: leases expire when the clock moves
 * past the configured lease.
 */
export const manualStage = (
  ports: PortSet,
  clock: ManualClock,
  close: () => Promise<void>,
  settings: CoreSettings = DEFAULT_CORE_SETTINGS,
): QuarantineStage => {
  let broken = false;
  return {
    clock,
    settings,
    ports: { ...ports, batches: breakableBatches(ports.batches, () => broken) },
    breakStore: async () => {
      broken = true;
    },
    mendStore: async () => {
      broken = false;
    },
    letLeasesExpire: async () => clock.advance(settings.store.leaseMs + 1),
    close,
  };
};

/** What the scenario checks at the end: how often each accepted record id is in the reports. */
export interface ScenarioResult {
  readonly accepted: ReadonlySet<string>;
  readonly reported: ReadonlyMap<string, number>;
  readonly failedRuns: number;
  readonly alarm: string;
  readonly emptyStoreAfterRecovery: number;
}

const MESSAGES = 8;

/** The services of one process over the stage's ports. */
const servicesOver = (stage: QuarantineStage) => {
  const container: Container = containerOverPorts(stage.ports, undefined, {
    settings: stage.settings,
    clock: stage.clock,
    ids: counterIds('q'),
  });
  return {
    get: <T>(id: new (...args: never[]) => T): T => container.get(id),
    close: () => container.unbindAll(),
  };
};

/** Posts 40 locations in 8 requests (8 messages); the ids of the `202`. */
const postLocations = async (receive: ReceiveService, clock: ManualClock): Promise<Set<string>> => {
  const accepted = new Set<string>();
  for (const request of inRequests(sampleLocations(5 * MESSAGES, clock.now(), 12, 1), 5)) {
    const outcome = await receive.accept({ locations: request }, { requestId: 'r', receivedAt: clock.now() });
    if (outcome.kind !== 'accepted') throw new Error(`not accepted: ${outcome.kind}`);
    for (const id of outcome.ids) accepted.add(id);
  }
  return accepted;
};

/**
 * Posts locations, runs store `runs` times while the batch store is broken, then mends it: what
 * the failed runs set aside, and what the first healthy run stored.
 */
export const storeThroughFailures = async (stage: QuarantineStage, runs: number) => {
  const services = servicesOver(stage);
  const accepted = await postLocations(services.get(ReceiveService), stage.clock);
  await stage.breakStore();
  let failedRuns = 0;
  for (let run = 0; run < runs; run++) {
    await services
      .get(StoreService)
      .run()
      .catch(() => failedRuns++);
    await stage.letLeasesExpire();
  }
  const quarantined = await stage.ports.queue.quarantine();
  await stage.mendStore();
  const stored = await services.get(StoreService).run();
  await services.close();
  return { accepted: accepted.size, failedRuns, quarantined: quarantined.length, stored: stored.recordCount };
};

/**
 * Posts locations, runs store while the batch store is broken until the queue has set every
 * message aside, mends the store (which then finds nothing), redrives the quarantine, and runs
 * store, partition and the reports of every date.
 */
export const replayQuarantineScenario = async (stage: QuarantineStage): Promise<ScenarioResult> => {
  const services = servicesOver(stage);
  const { get } = services;
  const accepted = await postLocations(get(ReceiveService), stage.clock);
  const messages = MESSAGES;

  await stage.breakStore();
  let failedRuns = 0;
  await eventually(
    async () => {
      await get(StoreService)
        .run()
        .catch((error: unknown) => {
          if (!(error instanceof LocusError) || error.code !== 'STORE_UNAVAILABLE') throw error;
          failedRuns++;
        });
      await stage.letLeasesExpire();
      return stage.ports.queue.quarantine();
    },
    (listed) => listed.length === messages,
    { timeoutMs: 30_000, intervalMs: 200 },
  );

  await stage.mendStore();
  const recovery = await get(StoreService).run();
  const alarm = formatPipelineStatus(await get(StatusService).pipeline(), 'Locus');

  const redriven = await get(QuarantineService).redrive();
  if (redriven.redriven.length !== messages)
    throw new Error(`redrove ${redriven.redriven.length} of ${messages}`);
  await eventually(
    () => get(StoreService).run(),
    (outcome) => outcome.recordCount > 0,
    { timeoutMs: 15_000, intervalMs: 100 },
  );
  await get(PartitionService).run();
  const reported = new Map<string, number>();
  for (const date of await stage.ports.partitions.listDates()) {
    await get(ReportService).run(date);
    const text = (await readReport(stage.ports.reports, date)) ?? '';
    for (const line of text.split('\r\n').slice(1)) {
      if (line === '') continue;
      const id = line.slice(0, 32);
      reported.set(id, (reported.get(id) ?? 0) + 1);
    }
  }
  await services.close();
  return { accepted, reported, failedRuns, alarm, emptyStoreAfterRecovery: recovery.recordCount };
};

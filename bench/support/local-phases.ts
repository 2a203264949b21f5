import { performance } from 'node:perf_hooks';
import type { Container } from 'inversify';
import { RandomIdSource } from '../../src/adapters/system/random-id-source';
import { SystemClock } from '../../src/adapters/system/system-clock';
import { DEFAULT_CORE_SETTINGS, PartitionService, ReportService, StoreService } from '../../src/application';
import { LOCAL_ADAPTERS } from '../../src/composition/local-adapters';
import { presetContainer } from '../../test/support/preset-container';
import { peakRssMiB } from './benchmarks-file';
import { serveRpc } from './child-rpc';

export interface StoreRun {
  readonly ms: number;
  readonly records: number;
  readonly duplicatesDropped: number;
  /** Whether the run found the queue empty. */
  readonly drained: boolean;
}

export interface PartitionRun {
  readonly ms: number;
  readonly batches: number;
  readonly dates: readonly { date: string; parts: number; recordCount: number; duplicatesDropped: number }[];
  readonly rssMiB: number;
}

export interface ReportRun {
  readonly ms: number;
  readonly rows: number;
  readonly bytes: number;
  readonly rssMiB: number;
}

/**
 * The child process that runs the phases on the local profile (a container over `dataDir`, the
 * system clock and random ids, default settings unless `partTarget` sets the partition's target
 * records per part, as `LOCUS_PART_TARGET_RECORDS` does), one call at a time, timing each. Its peak RSS
 * is the figure the targets speak of: records are made in the parent.
 */
export const servePhases = (dataDir: string, partTarget?: number): void => {
  const { partition } = DEFAULT_CORE_SETTINGS;
  const container: Container = presetContainer('local', LOCAL_ADAPTERS, {
    settings:
      partTarget === undefined
        ? DEFAULT_CORE_SETTINGS
        : { ...DEFAULT_CORE_SETTINGS, partition: { ...partition, targetRecordsPerPart: partTarget } },
    clock: new SystemClock(),
    ids: new RandomIdSource(),
    dataDir,
    reclaimMemory: true,
  });
  serveRpc({
    store: async (): Promise<StoreRun> => {
      const started = performance.now();
      const outcome = await container.get(StoreService).run();
      return {
        ms: performance.now() - started,
        records: outcome.recordCount,
        duplicatesDropped: outcome.duplicatesDropped,
        drained: outcome.drained,
      };
    },
    partition: async (): Promise<PartitionRun> => {
      const started = performance.now();
      const outcome = await container.get(PartitionService).run();
      const ms = performance.now() - started;
      return {
        ms,
        batches: outcome.batches.length,
        dates: outcome.dates.map(({ date, parts, recordCount, duplicatesDropped }) => ({
          date,
          parts,
          recordCount,
          duplicatesDropped,
        })),
        rssMiB: peakRssMiB(),
      };
    },
    report: async (dates: unknown): Promise<ReportRun> => {
      const started = performance.now();
      let rows = 0;
      let bytes = 0;
      for (const date of dates as string[]) {
        const outcome = await container.get(ReportService).run(date);
        rows += outcome.rowCount;
        bytes += outcome.bytes;
      }
      return { ms: performance.now() - started, rows, bytes, rssMiB: peakRssMiB() };
    },
    rss: async () => peakRssMiB(),
    close: async () => {
      await container.unbindAll();
      setImmediate(() => process.disconnect?.());
      return peakRssMiB();
    },
  });
};

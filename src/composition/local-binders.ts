import type { ContainerModuleLoadOptions } from 'inversify';
import { DuckDbPartitionRefiler } from '../adapters/local/duckdb-partition-refiler';
import { DuckDbReportQuery } from '../adapters/local/duckdb-report-query';
import { FileBatchStore } from '../adapters/local/file-batch-store';
import { FilePartitionStore } from '../adapters/local/file-partition-store';
import { FileRejectedStore } from '../adapters/local/file-rejected-store';
import { FileReportStore } from '../adapters/local/file-report-store';
import { FileScratchSpace } from '../adapters/local/file-scratch-space';
import { LocalServerLifecycle } from '../adapters/local/local-server-lifecycle';
import { LOCAL_TOKENS, type LocalAdapterConfig } from '../adapters/local/local-tokens';
import { SqliteEventJournal } from '../adapters/local/sqlite-event-journal';
import { SqliteLocationQueue } from '../adapters/local/sqlite-location-queue';
import { SqliteRunLock } from '../adapters/local/sqlite-run-lock';
import { TOKENS } from '../application/tokens';
import type { AdapterBinders, PortBinder } from './adapter-binders';

export type { LocalAdapterConfig } from '../adapters/local/local-tokens';

/** Closes an adapter that holds a database handle (called when the container unbinds it). */
const closeHandles = async (adapter: object): Promise<void> => {
  const close = (adapter as { close?: unknown }).close;
  if (typeof close === 'function') await close.call(adapter);
};

/**
 * The `local` profile: one machine, durable, no cloud. SQLite queue and journal, a folder tree
 * under `dataDir` as object store, DuckDB over the date partitions. Every adapter is a singleton;
 * those holding a database handle close it when the container unbinds them.
 */
export const localBinders = (config: LocalAdapterConfig): AdapterBinders => {
  /** Binds the config once, whichever ports of this profile a container takes. */
  const withConfig =
    (bindPort: PortBinder): PortBinder =>
    (options: ContainerModuleLoadOptions) => {
      if (!options.isBound(LOCAL_TOKENS.Config)) options.bind(LOCAL_TOKENS.Config).toConstantValue(config);
      bindPort(options);
    };

  return {
    queue: withConfig(({ bind }) => {
      bind(TOKENS.LocationQueue).to(SqliteLocationQueue).inSingletonScope().onDeactivation(closeHandles);
    }),
    batches: withConfig(({ bind }) => {
      bind(TOKENS.BatchStore).to(FileBatchStore).inSingletonScope();
    }),
    partitions: withConfig(({ bind }) => {
      bind(TOKENS.PartitionStore).to(FilePartitionStore).inSingletonScope();
      // The partition phase's bulk re-filing, used when the batches are this folder's files too.
      bind(TOKENS.PartitionRefiler).to(DuckDbPartitionRefiler).inSingletonScope();
    }),
    reportQuery: withConfig(({ bind }) => {
      bind(TOKENS.ReportQuery).to(DuckDbReportQuery).inSingletonScope().onDeactivation(closeHandles);
    }),
    reports: withConfig(({ bind }) => {
      bind(TOKENS.ReportStore).to(FileReportStore).inSingletonScope();
    }),
    journal: withConfig(({ bind }) => {
      bind(TOKENS.EventJournal).to(SqliteEventJournal).inSingletonScope().onDeactivation(closeHandles);
    }),
    lock: withConfig(({ bind }) => {
      bind(TOKENS.RunLock).to(SqliteRunLock).inSingletonScope().onDeactivation(closeHandles);
    }),
    scratch: withConfig(({ bind }) => {
      bind(TOKENS.ScratchSpace).to(FileScratchSpace).inSingletonScope();
    }),
    lifecycle: withConfig(({ bind }) => {
      bind(TOKENS.ServerLifecycle).to(LocalServerLifecycle).inSingletonScope();
    }),
    rejected: withConfig(({ bind }) => {
      bind(TOKENS.RejectedStore).to(FileRejectedStore).inSingletonScope();
    }),
  };
};

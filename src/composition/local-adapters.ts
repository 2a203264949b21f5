import { DuckDbPartitionRefiler } from '../adapters/local/duckdb-partition-refiler';
import { DuckDbReportQuery } from '../adapters/local/duckdb-report-query';
import { FileBatchArchive } from '../adapters/local/file-batch-archive';
import { FileBatchStore } from '../adapters/local/file-batch-store';
import { FilePartitionStore } from '../adapters/local/file-partition-store';
import { FileRejectedStore } from '../adapters/local/file-rejected-store';
import { FileReportStore } from '../adapters/local/file-report-store';
import { FileScratchSpace } from '../adapters/local/file-scratch-space';
import { LocalServerLifecycle } from '../adapters/local/local-server-lifecycle';
import { LOCAL_TOKENS } from '../adapters/local/local-tokens';
import { SqliteEventJournal } from '../adapters/local/sqlite-event-journal';
import { SqliteLocationQueue } from '../adapters/local/sqlite-location-queue';
import { SqliteRunLock } from '../adapters/local/sqlite-run-lock';
import { SqliteTokenStore } from '../adapters/local/sqlite-token-store';
import { readQueryMemory } from '../config/local-query-config';
import { TOKENS } from '../ports/tokens';
import { type AdapterTable, once, singleton } from './adapter-entry';

/** The data folder and the query engine's memory (`LOCUS_QUERY_MEMORY`), bound once for every local adapter. */
const dataDir = once(LOCAL_TOKENS.Config, ({ dataDir, reclaimMemory, variables }) => ({
  dataDir,
  reclaimMemory,
  queryMemoryBytes: readQueryMemory(variables),
}));

/**
 * The partition phase's bulk re-filing in DuckDB, bound with the folder partitions: it takes a run
 * only when the batches are this folder's files too (else the phase streams through the scratch space).
 */
const refiler = once(TOKENS.PartitionRefiler, (_, { get }) => get(DuckDbPartitionRefiler));

/** One machine, durable, no cloud: SQLite databases and a folder tree under `LOCUS_DATA_DIR`, DuckDB. */
export const LOCAL_ADAPTERS: AdapterTable = {
  queue: { sqlite: singleton(SqliteLocationQueue, dataDir) },
  batches: { folder: singleton(FileBatchStore, dataDir) },
  archive: { folder: singleton(FileBatchArchive, dataDir) },
  partitions: { folder: singleton(FilePartitionStore, dataDir, refiler) },
  scratch: { folder: singleton(FileScratchSpace, dataDir) },
  reportQuery: { duckdb: singleton(DuckDbReportQuery, dataDir) },
  reports: { folder: singleton(FileReportStore, dataDir) },
  journal: { sqlite: singleton(SqliteEventJournal, dataDir) },
  lock: { sqlite: singleton(SqliteRunLock, dataDir) },
  server: { process: singleton(LocalServerLifecycle) },
  rejected: { folder: singleton(FileRejectedStore, dataDir) },
  tokens: { sqlite: singleton(SqliteTokenStore, dataDir) },
  keys: { sqlite: singleton(SqliteTokenStore, dataDir) },
};

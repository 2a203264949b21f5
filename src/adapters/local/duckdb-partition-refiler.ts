import { inject, injectable } from 'inversify';
import type { PartitionRefiler, RefileArea, RefileContext } from '../../ports';
import { DuckDbRefileArea } from './duckdb-refile-area';
import { FileBatchStore } from './file-batch-store';
import { FilePartitionStore } from './file-partition-store';
import { LOCAL_TOKENS, type LocalAdapterConfig } from './local-tokens';
import { makeTempFolder } from './temp-folders';

/**
 * A partition run's re-filing done by DuckDB over the folder tree: the pending `work/*.csv`
 * batches are read in one statement into a table of the run's own in-memory database (each row
 * with its batch, its date, the first byte of its id and whether it is a record; what exceeds
 * the memory limit spills to the run's folder); the later copies of a record id are marked, and a
 * date's records split out by part, one copy each. A new part is its split file, flushed, fenced
 * and renamed; an existing one is rewritten by one statement that keeps one copy per record id
 * (the earliest received) of its old records and its staged ones, to a temp file that is flushed,
 * fenced and renamed over the part (see {@link DuckDbRefileArea}). Serves only the folder-tree
 * batch and partition stores of its own data folder.
 */
@injectable()
export class DuckDbPartitionRefiler implements PartitionRefiler {
  constructor(@inject(LOCAL_TOKENS.Config) private readonly config: LocalAdapterConfig) {}

  async open(name: string, context: RefileContext): Promise<RefileArea | null> {
    const { batches, partitions } = context;
    const dataDir = this.config.dataDir;
    if (!(batches instanceof FileBatchStore) || !(partitions instanceof FilePartitionStore)) return null;
    if (batches.dataDir !== dataDir || partitions.dataDir !== dataDir) return null;
    return new DuckDbRefileArea(dataDir, await makeTempFolder(dataDir, name), context.timeZone);
  }
}

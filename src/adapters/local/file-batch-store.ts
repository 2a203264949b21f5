import { promises as fs } from 'node:fs';
import path from 'node:path';
import { inject, injectable } from 'inversify';
import type { LocationRecord } from '../../domain';
import { type BatchStore, LocusError } from '../../ports';
import { fsyncDirectory, listVisible, moveFileDurably, writeFileAtomically } from './atomic-file';
import { fileOf, objectKeys } from './data-dir-layout';
import { LOCAL_TOKENS, type LocalAdapterConfig } from './local-tokens';
import { assertObjectName } from './object-name';
import { readRecordFile, storeError, writeRecords } from './record-file';

const BATCH_FILE = /^(.+)\.csv$/;

/** The ids of the `<id>.csv` files of a folder, sorted. */
export const batchIdsIn = async (dir: string): Promise<string[]> =>
  (await listVisible(dir))
    .map((name) => BATCH_FILE.exec(name)?.[1])
    .filter((id): id is string => id !== undefined)
    .sort();

/**
 * Batches as files: `work/<id>.csv` while pending, moved to `archive/work/` when done and to
 * `quarantine/work/` (with a `.reason.txt`) when unreadable. Every write is atomic.
 */
@injectable()
export class FileBatchStore implements BatchStore {
  constructor(@inject(LOCAL_TOKENS.Config) private readonly config: LocalAdapterConfig) {}

  /** Writes `work/<id>.csv` whole, replacing any earlier version. */
  async put(batchId: string, records: readonly LocationRecord[]): Promise<void> {
    const key = objectKeys.pendingBatch(assertObjectName(batchId, 'batch id'));
    try {
      await writeFileAtomically(this.file(key), (writer) => writeRecords(writer, records));
    } catch (error) {
      throw storeError(error, key, 'write');
    }
  }

  async listPending(): Promise<readonly string[]> {
    try {
      return await batchIdsIn(this.file('work'));
    } catch (error) {
      throw storeError(error, 'work/', 'list');
    }
  }

  async *read(batchId: string): AsyncIterable<readonly LocationRecord[]> {
    const key = objectKeys.pendingBatch(assertObjectName(batchId, 'batch id'));
    yield* readRecordFile(this.file(key), key, 'fail');
  }

  /** Moves the batch to `archive/work/`; a batch already moved (or never written) is left alone. */
  async markDone(batchId: string): Promise<void> {
    const from = objectKeys.pendingBatch(assertObjectName(batchId, 'batch id'));
    try {
      await moveFileDurably(this.file(from), this.file(objectKeys.doneBatch(batchId)));
    } catch (error) {
      throw storeError(error, from, 'archive');
    }
  }

  /** Moves the batches to `archive/work/`, then makes both folders durable once (not once per batch). */
  async markDoneAll(batchIds: readonly string[]): Promise<void> {
    if (batchIds.length === 0) return;
    const keys = batchIds.map((batchId) => objectKeys.pendingBatch(assertObjectName(batchId, 'batch id')));
    try {
      await fs.mkdir(this.file(path.dirname(objectKeys.doneBatch(batchIds[0] as string))), {
        recursive: true,
      });
    } catch (error) {
      throw storeError(error, 'archive/work/', 'archive');
    }
    for (const [i, batchId] of batchIds.entries()) {
      const from = keys[i] as string;
      try {
        await fs.rename(this.file(from), this.file(objectKeys.doneBatch(batchId)));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw storeError(error, from, 'archive');
      }
    }
    try {
      await fsyncDirectory(path.dirname(this.file(objectKeys.doneBatch(batchIds[0] as string))));
      await fsyncDirectory(path.dirname(this.file(keys[0] as string)));
    } catch (error) {
      throw storeError(error, 'archive/work/', 'archive');
    }
  }

  /** Writes the reason, then moves the batch to `quarantine/work/`. */
  async quarantine(batchId: string, reason: string): Promise<void> {
    const from = objectKeys.pendingBatch(assertObjectName(batchId, 'batch id'));
    try {
      await writeFileAtomically(this.file(objectKeys.quarantineReason(batchId)), (writer) =>
        writer.write(`${reason}\n`),
      );
      await moveFileDurably(this.file(from), this.file(objectKeys.quarantinedBatch(batchId)));
    } catch (error) {
      throw storeError(error, from, 'quarantine');
    }
  }

  async quarantined(): Promise<readonly string[]> {
    try {
      return await batchIdsIn(this.file('quarantine/work'));
    } catch (error) {
      throw storeError(error, 'quarantine/work/', 'list');
    }
  }

  async quarantineReason(batchId: string): Promise<string | undefined> {
    const key = objectKeys.quarantineReason(assertObjectName(batchId, 'batch id'));
    try {
      return (await fs.readFile(this.file(key), 'utf8')).trimEnd();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw storeError(error, key, 'read');
    }
  }

  /** Moves `quarantine/work/<id>.csv` back to `work/`, then removes its reason. */
  async restore(batchId: string): Promise<void> {
    const from = objectKeys.quarantinedBatch(assertObjectName(batchId, 'batch id'));
    let moved: boolean;
    try {
      moved = await moveFileDurably(this.file(from), this.file(objectKeys.pendingBatch(batchId)));
      await fs.rm(this.file(objectKeys.quarantineReason(batchId)), { force: true });
    } catch (error) {
      throw storeError(error, from, 'restore');
    }
    if (!moved) throw new LocusError('OBJECT_NOT_FOUND', `no quarantined batch ${batchId} (${from})`);
  }

  /** The data folder whose files this store keeps. */
  get dataDir(): string {
    return this.config.dataDir;
  }

  private file(key: string): string {
    return fileOf(this.config.dataDir, key);
  }
}

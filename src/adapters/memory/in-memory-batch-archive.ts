import { inject, injectable } from 'inversify';
import { TOKENS } from '../../application/tokens';
import type { LocationRecord } from '../../domain';
import { type BatchArchive, type BatchStore, LocusError } from '../../ports';
import { InMemoryBatchStore } from './in-memory-batch-store';
import { chunksOf, copyRecords } from './record-chunks';

const ARCHIVED = /^archive\/work\/(.+)\.csv$/;
const archivedKey = (batchId: string): string => `archive/work/${batchId}.csv`;

type Objects = Map<string, readonly LocationRecord[] | string>;

/**
 * The kept batches of the in-memory batch store, read and replaced in place: the memory profile
 * keeps every object of the store in one map, under the contract's keys.
 */
@injectable()
export class InMemoryBatchArchive implements BatchArchive {
  private readonly objects: Objects;

  constructor(@inject(TOKENS.BatchStore) store: BatchStore) {
    const objects = (store as unknown as { objects?: unknown }).objects;
    if (!(store instanceof InMemoryBatchStore) || !(objects instanceof Map)) {
      throw new LocusError('CONFIGURATION', 'the memory batch archive needs the memory batch store');
    }
    this.objects = objects as Objects;
  }

  async list(): Promise<readonly string[]> {
    const ids: string[] = [];
    for (const key of this.objects.keys()) {
      const id = ARCHIVED.exec(key)?.[1];
      if (id !== undefined) ids.push(id);
    }
    return ids.sort();
  }

  async *read(batchId: string): AsyncIterable<readonly LocationRecord[]> {
    const records = this.objects.get(archivedKey(batchId));
    if (records === undefined || typeof records === 'string') {
      throw new LocusError('OBJECT_NOT_FOUND', `no kept batch ${batchId}`);
    }
    yield* chunksOf(records);
  }

  async replace(batchId: string, records: readonly LocationRecord[]): Promise<void> {
    this.objects.set(archivedKey(batchId), copyRecords(records));
  }
}

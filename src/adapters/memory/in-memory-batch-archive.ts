import { inject, injectable } from 'inversify';
import type { LocationRecord } from '../../domain';
import { type BatchArchive, type BatchStore, LocusError } from '../../ports';
import { TOKENS } from '../../ports/tokens';
import { InMemoryBatchStore } from './in-memory-batch-store';

/**
 * The kept batches of the in-memory batch store (`archive/work/`), read and replaced in place:
 * the memory profile keeps every object of the store in the store itself.
 */
@injectable()
export class InMemoryBatchArchive implements BatchArchive {
  private readonly store: InMemoryBatchStore;

  constructor(@inject(TOKENS.batches) store: BatchStore) {
    if (!(store instanceof InMemoryBatchStore)) {
      throw new LocusError('CONFIGURATION', 'the memory batch archive needs the memory batch store');
    }
    this.store = store;
  }

  async list(): Promise<readonly string[]> {
    return this.store.keptIds();
  }

  read(batchId: string): AsyncIterable<readonly LocationRecord[]> {
    return this.store.readKept(batchId);
  }

  async replace(batchId: string, records: readonly LocationRecord[]): Promise<void> {
    this.store.replaceKept(batchId, records);
  }
}

import { injectable } from 'inversify';
import type { LocationRecord } from '../../domain';
import { type BatchStore, LocusError } from '../../ports';
import { chunksOf, copyRecords } from './record-chunks';

const pendingKey = (batchId: string): string => `work/${batchId}.csv`;
const doneKey = (batchId: string): string => `archive/work/${batchId}.csv`;
const quarantinedKey = (batchId: string): string => `quarantine/work/${batchId}.csv`;
const reasonKey = (batchId: string): string => `quarantine/work/${batchId}.reason.txt`;

const PENDING = /^work\/(.+)\.csv$/;
const DONE = /^archive\/work\/(.+)\.csv$/;
const QUARANTINED = /^quarantine\/work\/(.+)\.csv$/;

/**
 * Batches held in process memory under the same keys as the durable stores: `work/` while
 * pending, moved to `archive/work/` when done or to `quarantine/work/` (with its reason) when unreadable.
 */
@injectable()
export class InMemoryBatchStore implements BatchStore {
  private readonly objects = new Map<string, readonly LocationRecord[] | string>();

  /** Keeps a copy of the records as the batch's one object, replacing any earlier one. */
  async put(batchId: string, records: readonly LocationRecord[]): Promise<void> {
    this.objects.set(pendingKey(batchId), copyRecords(records));
  }

  async listPending(): Promise<readonly string[]> {
    return this.idsMatching(PENDING);
  }

  read(batchId: string): AsyncGenerator<readonly LocationRecord[]> {
    return this.recordsAt(pendingKey(batchId), `batch ${batchId} is not pending (${pendingKey(batchId)})`);
  }

  async markDone(batchId: string): Promise<void> {
    this.move(batchId, doneKey(batchId));
  }

  async quarantine(batchId: string, reason: string): Promise<void> {
    this.move(batchId, quarantinedKey(batchId));
    this.objects.set(reasonKey(batchId), reason);
  }

  async quarantined(): Promise<readonly string[]> {
    return this.idsMatching(QUARANTINED);
  }

  async restore(batchId: string): Promise<void> {
    const records = this.objects.get(quarantinedKey(batchId));
    if (records === undefined || typeof records === 'string')
      throw new LocusError('OBJECT_NOT_FOUND', `no quarantined batch ${batchId}`);
    this.objects.delete(quarantinedKey(batchId));
    this.objects.delete(reasonKey(batchId));
    this.objects.set(pendingKey(batchId), records);
  }

  async quarantineReason(batchId: string): Promise<string | undefined> {
    return this.objects.has(quarantinedKey(batchId)) ? this.reasonOf(batchId) : undefined;
  }

  /** The reason a batch was quarantined for, or `undefined` when it was not. */
  reasonOf(batchId: string): string | undefined {
    const reason = this.objects.get(reasonKey(batchId));
    return typeof reason === 'string' ? reason : undefined;
  }

  /** The ids of the kept batches (`archive/work/`), for the memory batch archive. */
  keptIds(): string[] {
    return this.idsMatching(DONE);
  }

  /** A kept batch's records, for the memory batch archive. */
  readKept(batchId: string): AsyncGenerator<readonly LocationRecord[]> {
    return this.recordsAt(doneKey(batchId), `no kept batch ${batchId}`);
  }

  /** Replaces a kept batch with a copy of the records, for the memory batch archive. */
  replaceKept(batchId: string, records: readonly LocationRecord[]): void {
    this.objects.set(doneKey(batchId), copyRecords(records));
  }

  private async *recordsAt(key: string, missing: string): AsyncGenerator<readonly LocationRecord[]> {
    const records = this.objects.get(key);
    if (records === undefined || typeof records === 'string')
      throw new LocusError('OBJECT_NOT_FOUND', missing);
    yield* chunksOf(records);
  }

  private move(batchId: string, to: string): void {
    const records = this.objects.get(pendingKey(batchId));
    if (records === undefined) return;
    this.objects.delete(pendingKey(batchId));
    this.objects.set(to, records);
  }

  private idsMatching(pattern: RegExp): string[] {
    const ids: string[] = [];
    for (const key of this.objects.keys()) {
      const match = pattern.exec(key);
      if (match?.[1] !== undefined) ids.push(match[1]);
    }
    return ids.sort();
  }
}

import { inject, injectable } from 'inversify';
import type { LocationRecord } from '../../domain';
import type { BatchArchive } from '../../ports';
import { writeFileAtomically } from './atomic-file';
import { fileOf, objectKeys } from './data-dir-layout';
import { batchIdsIn } from './file-batch-store';
import { LOCAL_TOKENS, type LocalAdapterConfig } from './local-tokens';
import { assertObjectName } from './object-name';
import { readRecordFile, storeError, writeRecords } from './record-file';

/** The kept batches as files, `archive/work/<id>.csv`; a replacement is atomic. */
@injectable()
export class FileBatchArchive implements BatchArchive {
  constructor(@inject(LOCAL_TOKENS.Config) private readonly config: LocalAdapterConfig) {}

  async list(): Promise<readonly string[]> {
    try {
      return await batchIdsIn(fileOf(this.config.dataDir, 'archive/work'));
    } catch (error) {
      throw storeError(error, 'archive/work/', 'list');
    }
  }

  async *read(batchId: string): AsyncIterable<readonly LocationRecord[]> {
    const key = objectKeys.doneBatch(assertObjectName(batchId, 'batch id'));
    yield* readRecordFile(fileOf(this.config.dataDir, key), key, 'fail');
  }

  async replace(batchId: string, records: readonly LocationRecord[]): Promise<void> {
    const key = objectKeys.doneBatch(assertObjectName(batchId, 'batch id'));
    try {
      await writeFileAtomically(fileOf(this.config.dataDir, key), (writer) => writeRecords(writer, records));
    } catch (error) {
      throw storeError(error, key, 'write');
    }
  }
}

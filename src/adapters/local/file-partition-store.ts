import { inject, injectable } from 'inversify';
import { type CalendarDate, calendarDate, type LocationRecord, type PartRef } from '../../domain';
import { confirmPartCommit, type PartitionStore, type WritePartOptions } from '../../ports';
import { reclaimMemory } from '../system/reclaim-memory';
import { listVisible, writeFileAtomically } from './atomic-file';
import { DATE_DIR, fileOf, objectKeys, PART_FILE } from './data-dir-layout';
import { LOCAL_TOKENS, type LocalAdapterConfig } from './local-tokens';
import { readRecordFile, storeError, writeRecords } from './record-file';
import { guardSource, SourceFailure, unlessSourceFailed } from './source-failure';

/**
 * Date partitions as files: `storage/dt=YYYY-MM-DD/part-II-of-NN.csv`, CSV lines without header.
 * A part is replaced whole and atomically; writing streams the records to disk as they come.
 */
@injectable()
export class FilePartitionStore implements PartitionStore {
  constructor(@inject(LOCAL_TOKENS.Config) private readonly config: LocalAdapterConfig) {}

  async listDates(): Promise<readonly CalendarDate[]> {
    try {
      const dates: CalendarDate[] = [];
      for (const name of await listVisible(this.file('storage'))) {
        const date = DATE_DIR.exec(name)?.[1];
        if (date !== undefined && (await this.listParts(date)).length > 0) dates.push(date);
      }
      return dates.sort();
    } catch (error) {
      throw storeError(error, 'storage/', 'list');
    }
  }

  async listParts(date: CalendarDate): Promise<readonly PartRef[]> {
    const key = objectKeys.partitionDir(calendarDate(date));
    try {
      const parts: PartRef[] = [];
      for (const name of await listVisible(this.file(key))) {
        const match = PART_FILE.exec(name);
        if (match !== null) parts.push({ date, index: Number(match[1]), of: Number(match[2]) });
      }
      return parts.sort((a, b) => a.of - b.of || a.index - b.index);
    } catch (error) {
      throw storeError(error, `${key}/`, 'list');
    }
  }

  async *readPart(part: PartRef): AsyncIterable<readonly LocationRecord[]> {
    const key = objectKeys.part({ ...part, date: calendarDate(part.date) });
    yield* readRecordFile(this.file(key), key, 'empty');
  }

  /**
   * Streams the records to a temp file in the date's folder, flushes it to disk, runs the commit
   * check and only then renames it over the part; a failing source or a refused check removes it.
   */
  async writePart(
    part: PartRef,
    records: AsyncIterable<readonly LocationRecord[]>,
    options?: WritePartOptions,
  ): Promise<{ recordCount: number }> {
    const key = objectKeys.part({ ...part, date: calendarDate(part.date) });
    const beforeRename = async (): Promise<void> => {
      try {
        await confirmPartCommit(options, key);
      } catch (error) {
        // The check's own answer, passed on as it is (not taken for a storage error).
        throw new SourceFailure(error);
      }
    };
    try {
      const { result } = await writeFileAtomically(
        this.file(key),
        async (writer) => {
          let recordCount = 0;
          for await (const chunk of guardSource(records)) {
            await writeRecords(writer, chunk);
            recordCount += chunk.length;
          }
          return recordCount;
        },
        { beforeRename },
      );
      if (this.config.reclaimMemory) reclaimMemory();
      return { recordCount: result };
    } catch (error) {
      throw unlessSourceFailed(error, (cause) => storeError(cause, key, 'write'));
    }
  }

  /** The data folder whose files this store keeps. */
  get dataDir(): string {
    return this.config.dataDir;
  }

  private file(key: string): string {
    return fileOf(this.config.dataDir, key);
  }
}

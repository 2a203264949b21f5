import { promises as fs } from 'node:fs';
import { inject, injectable } from 'inversify';
import { type CalendarDate, calendarDate } from '../../domain';
import { type RejectedItem, type RejectedMatch, type RejectedStore, rejectedFolder } from '../../ports';
import {
  decodeRejectedLines,
  encodeRejectedLines,
  eraseMatching,
  firstOfEach,
  REJECTED_OBJECT,
  rejectedObjectName,
} from '../codec/rejected-lines';
import { fsyncDirectory, listVisible, writeFileAtomically } from './atomic-file';
import { DATE_DIR, fileOf } from './data-dir-layout';
import { LOCAL_TOKENS, type LocalAdapterConfig } from './local-tokens';
import { storeError } from './record-file';

/**
 * Rejected items as files under the data folder, the same keys as in S3:
 * `rejected/dt=YYYY-MM-DD/<hash of the item ids>.jsonl`, one JSON line per item, each file
 * written whole and durably (temp file, fsync, rename). Refusals are rare and small, so a file per
 * message costs little; a date is listed, counted, purged or dropped by its folder alone.
 */
@injectable()
export class FileRejectedStore implements RejectedStore {
  constructor(@inject(LOCAL_TOKENS.Config) private readonly config: LocalAdapterConfig) {}

  async keep(date: CalendarDate, items: readonly RejectedItem[]): Promise<void> {
    if (items.length === 0) return;
    const key = `${rejectedFolder(calendarDate(date))}${rejectedObjectName(items)}`;
    const file = fileOf(this.config.dataDir, key);
    try {
      // A resent message: its items are kept already, with their first arrival.
      if (
        await fs.stat(file).then(
          () => true,
          () => false,
        )
      )
        return;
      await writeFileAtomically(file, (writer) => writer.write(encodeRejectedLines(items)));
    } catch (error) {
      throw storeError(error, key, 'write');
    }
  }

  async list(date: CalendarDate): Promise<readonly RejectedItem[]> {
    const objects = await this.objects(date);
    return firstOfEach(objects.flatMap((object) => object.items));
  }

  async count(date: CalendarDate): Promise<number> {
    return (await this.list(date)).length;
  }

  async dates(): Promise<readonly CalendarDate[]> {
    try {
      const names = await listVisible(fileOf(this.config.dataDir, 'rejected'));
      return names.flatMap((name) => DATE_DIR.exec(name)?.[1] ?? []).sort();
    } catch (error) {
      throw storeError(error, 'rejected/', 'list');
    }
  }

  async erase(date: CalendarDate, match: RejectedMatch): Promise<number> {
    const folder = fileOf(this.config.dataDir, rejectedFolder(date));
    const removed = await eraseMatching(await this.objects(date), match, async (object, kept) => {
      try {
        if (kept.length > 0) await this.keep(date, kept);
        await fs.rm(object.file, { force: true });
        await fsyncDirectory(folder);
      } catch (error) {
        throw storeError(error, object.file, 'rewrite');
      }
    });
    // A date whose last item went leaves no folder behind (it is no longer listed).
    if (removed > 0) await fs.rmdir(folder).catch(() => undefined);
    return removed;
  }

  private async objects(date: CalendarDate): Promise<{ file: string; items: RejectedItem[] }[]> {
    const folder = rejectedFolder(calendarDate(date));
    try {
      const names = (await listVisible(fileOf(this.config.dataDir, folder))).filter((name) =>
        REJECTED_OBJECT.test(name),
      );
      const objects: { file: string; items: RejectedItem[] }[] = [];
      for (const name of names.sort()) {
        const file = fileOf(this.config.dataDir, `${folder}${name}`);
        const text = await fs.readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
          if (error.code === 'ENOENT') return '';
          throw error;
        });
        objects.push({ file, items: decodeRejectedLines(text, `${folder}${name}`) });
      }
      return objects;
    } catch (error) {
      throw storeError(error, folder, 'read');
    }
  }
}

import { promises as fs } from 'node:fs';
import path from 'node:path';
import { type CalendarDate, LOCATION_COLUMNS, type PartRef } from '../../domain';
import {
  isLocusError,
  LocusError,
  type PartMerged,
  type RefileArea,
  type StagedBatches,
  type WritePartOptions,
} from '../../ports';
import { fileOf, objectKeys } from './data-dir-layout';
import { sqlString } from './duckdb-engine';
import { RefileDatabase } from './duckdb-refile-database';
import {
  COLUMNS,
  COPIES_BY_ID_BYTE_SQL,
  countIdByte,
  dateSql,
  ID_BYTE,
  MARK_LATER_COPIES_SQL,
  mergedPartSql,
  mergeMemoryLimit,
  PART_CSV_OPTIONS,
  partRecords,
  REPEATED_IDS_SQL,
  splitByPartSql,
} from './duckdb-refile-sql';
import { locationCsvSource, validRowSql } from './location-csv-sql';
import { commitPartFile } from './part-file-commit';
import { tempFileIn } from './temp-folders';

/**
 * One partition run's staging area in DuckDB: its own in-memory database, spilling to the run's
 * temp folder, which disposing the area removes.
 */
export class DuckDbRefileArea implements RefileArea {
  private readonly database: RefileDatabase;
  /** The folder of each date's staged records split by part, by `split-<date>-of-<parts>`. */
  private readonly splits = new Map<string, Promise<string>>();
  /** Each date's staged valid records by the first byte of their id (256 counts). */
  private readonly byIdByte = new Map<CalendarDate, number[]>();
  /** Of those, the later copies of a record id (not split out), by date and id byte. */
  private readonly copiesByIdByte = new Map<CalendarDate, number[]>();

  constructor(
    private readonly dataDir: string,
    private readonly dir: string,
    private readonly timeZone: string,
  ) {
    this.database = new RefileDatabase(dir);
  }

  async stage(batchIds: readonly string[]): Promise<StagedBatches> {
    const files = new Map(batchIds.map((id) => [fileOf(this.dataDir, objectKeys.pendingBatch(id)), id]));
    const batches = new Map<string, Map<CalendarDate, number> | LocusError>();
    if (files.size === 0) return { batches, countsByDate: new Map() };
    await this.database.query(
      `CREATE TABLE staged (${LOCATION_COLUMNS.map((column) => `${column} VARCHAR`).join(', ')},
        batch INTEGER, valid BOOLEAN, id_byte INTEGER, dt VARCHAR, later_copy BOOLEAN)`,
      `stage the pending batches in ${this.stagingFile}`,
    );
    // Each staged row holds its batch file's index: 4 bytes where the batch's name took about 60.
    await this.database.query(
      `CREATE TABLE batch_files AS SELECT * FROM (VALUES ${[...files.keys()]
        .map((file, index) => `(${sqlString(file)}, ${index})`)
        .join(', ')}) AS batch_files(filename, batch)`,
      `stage the pending batches in ${this.stagingFile}`,
    );
    try {
      await this.stageFiles([...files.keys()]);
    } catch (error) {
      if (isLocusError(error)) throw error;
      // One file (or more) cannot be read (the statement added nothing): each is read on its own to tell which.
      for (const [file, batchId] of files) {
        try {
          await this.stageFiles([file]);
        } catch (failure) {
          if (isLocusError(failure)) throw failure;
          await fs.access(file).catch((missing: unknown) => {
            throw new LocusError('OBJECT_NOT_FOUND', `work/${batchId}.csv does not exist`, {
              cause: missing,
            });
          });
          batches.set(batchId, unreadable(`work/${batchId}.csv`, failure));
        }
      }
    }
    /** The batch ids by the index the staged rows hold. */
    const staged = [...files.values()];
    const countsByDate = new Map<CalendarDate, number>();
    const bad = new Map<string, number>();
    // One scan counts both each batch's records by date and each date's records by id byte (a part's share).
    for (const row of await this.database.query(
      `SELECT batch, dt, id_byte, grouping(batch) AS by_id_byte, count(*) FILTER (WHERE valid)::BIGINT AS n,
         count(*) FILTER (WHERE NOT valid)::BIGINT AS bad
       FROM staged GROUP BY GROUPING SETS ((batch, dt), (dt, id_byte))`,
      `count the staged batches in ${this.stagingFile}`,
    )) {
      if (Number(row.by_id_byte) === 1) {
        countIdByte(this.byIdByte, row);
        continue;
      }
      const batchId = staged[Number(row.batch)];
      if (batchId === undefined) throw new Error(`staged rows of a file that is not a batch of the run`);
      const n = Number(row.n);
      const date = String(row.dt);
      if (Number(row.bad) > 0) bad.set(batchId, (bad.get(batchId) ?? 0) + Number(row.bad));
      if (n === 0) continue;
      countsByDate.set(date, (countsByDate.get(date) ?? 0) + n);
      let counts = batches.get(batchId);
      if (counts === undefined) {
        counts = new Map();
        batches.set(batchId, counts);
      }
      if (!(counts instanceof Error)) counts.set(date, n);
    }
    for (const batchId of batchIds) {
      const rows = bad.get(batchId);
      if (rows !== undefined) {
        batches.set(
          batchId,
          new LocusError(
            'CORRUPT_OBJECT',
            `work/${batchId}.csv cannot be read: ${rows} row(s) are not records`,
          ),
        );
      } else if (!batches.has(batchId)) batches.set(batchId, new Map());
    }
    if (countsByDate.size > 0) await this.markLaterCopies();
    return { batches, countsByDate };
  }

  /**
   * Marks every staged copy of a record id but the earliest received, once for the whole run, so
   * that the split writes each part's records one copy each: a part that does not exist yet is
   * then its split file, flushed and renamed, without being read and written again.
   */
  private async markLaterCopies(): Promise<void> {
    await this.database.query(REPEATED_IDS_SQL, `find the repeated record ids in ${this.stagingFile}`);
    for (const row of await this.database.query(COPIES_BY_ID_BYTE_SQL, `count the repeated record ids`)) {
      countIdByte(this.copiesByIdByte, row);
    }
    await this.database.query(MARK_LATER_COPIES_SQL, `mark the later copies in ${this.stagingFile}`);
  }

  async mergePart(
    part: PartRef,
    checkExisting: (existing: number) => void,
    options: WritePartOptions,
  ): Promise<PartMerged | null> {
    if (!this.database.opened) return null;
    const key = objectKeys.part(part);
    const target = fileOf(this.dataDir, key);
    const fresh = partRecords(this.byIdByte.get(part.date) ?? [], part);
    if (fresh === 0) return null;
    const existing = await this.existingRecords(target, key);
    checkExisting(existing);
    const freshFiles = await this.splitFiles(part);
    if (freshFiles.length === 0) throw new Error(`the staged records of ${key} were not split out`);
    const dir = path.dirname(target);
    await fs.mkdir(dir, { recursive: true });
    const [only] = freshFiles;
    if (existing === 0 && freshFiles.length === 1 && only !== undefined) {
      // A new part is its split file, which holds one copy of each of its records.
      const total = fresh - partRecords(this.copiesByIdByte.get(part.date) ?? [], part);
      await commitPartFile(only, target, key, options);
      return { added: total, duplicatesDropped: fresh - total, total };
    }
    const merged = mergedPartSql(
      locationCsvSource(freshFiles),
      existing === 0 ? null : locationCsvSource([target]),
    );
    const temp = await tempFileIn(dir);
    await this.database.query(
      `SET memory_limit = '${mergeMemoryLimit(fresh + existing)}'`,
      `size the merge of ${key}`,
    );
    try {
      const total = await this.database.copiedRows(
        `COPY (${merged}) TO ${sqlString(temp)} (${PART_CSV_OPTIONS})`,
        `write ${key}`,
      );
      await commitPartFile(temp, target, key, options);
      const added = total - existing;
      return { added, duplicatesDropped: fresh - added, total };
    } catch (error) {
      await fs.rm(temp, { force: true }).catch(() => undefined);
      if (isLocusError(error)) throw error;
      throw new LocusError('STORE_UNAVAILABLE', `could not write ${key}: ${(error as Error)?.message}`, {
        cause: error,
        retryable: true,
      });
    }
  }

  /**
   * The files of a part's staged records. The first part of a date asked for has every part of
   * the date written out by one statement (a scan of the staging table per part would read the
   * whole table, spilled to disk, once for each part).
   */
  private async splitFiles(part: PartRef): Promise<string[]> {
    const name = `split-${part.date}-of-${part.of}`;
    let split = this.splits.get(name);
    if (split === undefined) {
      const folder = path.join(this.dir, name);
      split = (async () => {
        await fs.rm(folder, { recursive: true, force: true });
        const rows = await this.database.copiedRows(
          splitByPartSql(part.date, part.of, folder),
          `split the staged records of ${part.date}`,
        );
        const sum = (counts: readonly number[] | undefined) => (counts ?? []).reduce((a, n) => a + n, 0);
        const expected = sum(this.byIdByte.get(part.date)) - sum(this.copiesByIdByte.get(part.date));
        if (rows !== expected) {
          throw new Error(`${rows} staged records of ${part.date} were split out, not ${expected}`);
        }
        return folder;
      })();
      // A split that failed is made again by the next part that asks.
      split.catch(() => this.splits.delete(name));
      this.splits.set(name, split);
    }
    const dir = path.join(await split, `part=${part.index}`);
    const names = await fs.readdir(dir).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [] as string[];
      throw error;
    });
    return names.sort().map((file) => path.join(dir, file));
  }

  async dispose(): Promise<void> {
    await this.database.close();
    await fs.rm(this.dir, { recursive: true, force: true });
  }

  /** Adds the rows of batch files to the staging table (all of them or none). */
  private async stageFiles(files: readonly string[]): Promise<void> {
    await this.database.query(
      `
      INSERT INTO staged
      SELECT ${COLUMNS}, coalesce(batch, -1), valid, id_byte,
        CASE WHEN valid THEN ${dateSql(this.timeZone)} ELSE 'invalid' END AS dt, false
      FROM (
        SELECT rows.*, batch_files.batch, ${validRowSql} AS valid, ${ID_BYTE} AS id_byte
        FROM ${locationCsvSource(files, true)} AS rows LEFT JOIN batch_files USING (filename)
      )`,
      `stage the pending batches in ${this.stagingFile}`,
    );
  }

  /** How many records a part holds now (0 when it does not exist); `CORRUPT_OBJECT` when a row is not a record. */
  private async existingRecords(file: string, key: string): Promise<number> {
    try {
      await fs.access(file);
    } catch {
      return 0;
    }
    let row: Record<string, unknown> | undefined;
    try {
      [row] = await this.database.query(
        `SELECT count(*)::BIGINT AS n, count(*) FILTER (WHERE NOT (${validRowSql}))::BIGINT AS bad
         FROM ${locationCsvSource([file])}`,
        `read ${key}`,
      );
    } catch (error) {
      if (isLocusError(error)) throw error;
      throw unreadable(key, error);
    }
    if (Number(row?.bad ?? 0) > 0) {
      throw new LocusError('CORRUPT_OBJECT', `${key} cannot be read: ${row?.bad} row(s) are not records`);
    }
    return Number(row?.n ?? 0);
  }

  /** The run's staging table as the error messages name it (with the folder it spills to). */
  private get stagingFile(): string {
    return `the staging table (spilling to ${path.relative(this.dataDir, this.dir)})`;
  }
}

const unreadable = (key: string, error: unknown): LocusError =>
  new LocusError('CORRUPT_OBJECT', `${key} cannot be read: ${(error as Error)?.message}`, { cause: error });

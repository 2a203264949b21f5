import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inject, injectable } from 'inversify';
import { TOKENS } from '../../application/tokens';
import { type CalendarDate, compareForReport, dedupeRecords, type LocationRecord } from '../../domain';
import { LocusError, type PartitionStore, type ReportDraft, type ReportQuery } from '../../ports';
import { DuckDbEngine } from '../local/duckdb-engine';
import { ReportDraftFolder } from '../local/report-draft-folder';
import { chunksOf } from './record-chunks';

/** Where drafts go: shared memory where the system has it (no disk involved), else its temp folder. */
const DRAFT_ROOT = path.join(existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir(), 'locus-memory-reports');

/** One DuckDB for every in-memory query of the process: opening one per report costs more than the report. */
const engine = new DuckDbEngine(DRAFT_ROOT, { preserveOrder: true });

/**
 * The report's query as a scan in memory: every part of the date is read from the injected
 * partition store, each record id kept once (the earliest received copy), rows sorted for the
 * report. Its draft is the CSV written from those rows and the Parquet DuckDB makes of it, in
 * process (one instance shared by the process), in a folder of shared memory (or the system's temp
 * directory) that discarding the draft removes.
 */
@injectable()
export class InMemoryReportQuery implements ReportQuery {
  constructor(@inject(TOKENS.PartitionStore) private readonly partitions: PartitionStore) {}

  async *rowsFor(date: CalendarDate): AsyncGenerator<readonly LocationRecord[]> {
    const all: LocationRecord[] = [];
    for (const part of await this.partitions.listParts(date)) {
      for await (const chunk of this.partitions.readPart(part)) for (const record of chunk) all.push(record);
    }
    const rows = dedupeRecords(all).unique.sort(compareForReport);
    yield* chunksOf(rows);
  }

  async draft(date: CalendarDate): Promise<ReportDraft> {
    const folder = await ReportDraftFolder.create(path.join(DRAFT_ROOT, 'drafts'));
    try {
      const rows = await folder.writeCsvFromRows(this.rowsFor(date));
      const connection = await engine.connect();
      let parquetRows: number;
      try {
        parquetRows = await folder.writeParquet(connection);
      } catch (error) {
        throw new LocusError('QUERY_FAILED', `writing the Parquet of ${date}: ${(error as Error).message}`, {
          cause: error,
        });
      } finally {
        connection.closeSync();
      }
      return await folder.draft(rows, parquetRows, false);
    } catch (error) {
      await folder.discard();
      throw error;
    }
  }
}

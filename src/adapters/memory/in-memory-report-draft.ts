import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CalendarDate, LocationRecord } from '../../domain';
import { LocusError, type ReportDraft } from '../../ports';
import { DuckDbEngine } from '../local/duckdb-engine';
import { ReportDraftFolder } from '../local/report-draft-folder';

/** Where drafts go: shared memory where the system has it (no disk involved), else its temp folder. */
const DRAFT_ROOT = path.join(existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir(), 'locus-memory-reports');

/** One DuckDB for every in-memory draft of the process: opening one per report costs more than the report. */
const engine = new DuckDbEngine(DRAFT_ROOT, { preserveOrder: true });

/**
 * A report drafted from its rows: the CSV written by the domain's codec and the Parquet DuckDB
 * makes of it, in process, in a folder of shared memory (or the system's temp folder) that
 * discarding the draft removes.
 */
export const draftFromRows = async (
  date: CalendarDate,
  rows: AsyncIterable<readonly LocationRecord[]>,
): Promise<ReportDraft> => {
  const folder = await ReportDraftFolder.create(DRAFT_ROOT);
  try {
    const csvRows = await folder.writeCsvFromRows(rows);
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
    return await folder.draft(csvRows, parquetRows, false);
  } catch (error) {
    await folder.discard();
    throw error;
  }
};

import { inject, injectable } from 'inversify';
import { type CalendarDate, compareForReport, dedupeRecords, type LocationRecord } from '../../domain';
import type { PartitionStore, ReportDraft, ReportQuery } from '../../ports';
import { TOKENS } from '../../ports/tokens';
import { reportCsv } from '../codec/report-csv';
import { chunksOf } from './record-chunks';

/**
 * The module that drafts with DuckDB, loaded on the first draft only: the deployed bundles carry
 * the memory profile as stand-ins for ports they do not use, and never a native engine.
 */
const DRAFT_MODULE = './in-memory-report-draft';
type DraftModule = typeof import('./in-memory-report-draft');

/**
 * The report's query as a scan in memory: every part of the date is read from the injected
 * partition store, each record id kept once (the earliest received copy), rows sorted for the
 * report. Its draft is those rows as the CSV and the Parquet DuckDB makes of it, in process.
 */
@injectable()
export class InMemoryReportQuery implements ReportQuery {
  constructor(@inject(TOKENS.partitions) private readonly partitions: PartitionStore) {}

  async *rowsFor(date: CalendarDate): AsyncGenerator<readonly LocationRecord[]> {
    const all: LocationRecord[] = [];
    for (const part of await this.partitions.listParts(date)) {
      for await (const chunk of this.partitions.readPart(part)) for (const record of chunk) all.push(record);
    }
    const rows = dedupeRecords(all).unique.sort(compareForReport);
    yield* chunksOf(rows);
  }

  /** Without DuckDB at hand (a bundle), the draft is the CSV alone, made as the rows stream by. */
  async draft(date: CalendarDate): Promise<ReportDraft> {
    let drafts: DraftModule;
    try {
      drafts = require(DRAFT_MODULE) as DraftModule;
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'MODULE_NOT_FOUND') throw error;
      const csv = reportCsv(this.rowsFor(date));
      return { files: { csv: { bytes: csv.text, rows: csv.rows } }, discard: async () => undefined };
    }
    return drafts.draftFromRows(date, this.rowsFor(date));
  }
}

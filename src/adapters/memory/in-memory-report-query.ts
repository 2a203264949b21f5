import { inject, injectable } from 'inversify';
import { type CalendarDate, compareForReport, dedupeRecords, type LocationRecord } from '../../domain';
import type { PartitionStore, ReportQuery } from '../../ports';
import { TOKENS } from '../../ports/tokens';
import { chunksOf } from './record-chunks';

/**
 * The report's query as a scan in memory: every part of the date is read from the injected
 * partition store, each record id kept once (the earliest received copy), rows sorted for the report.
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
}

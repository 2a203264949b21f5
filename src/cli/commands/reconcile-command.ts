import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { TOKENS } from '../../application/tokens';
import { type CalendarDate, CsvRowReader, RecordDateResolver } from '../../domain';
import { LocusError } from '../../ports';
import type { CommandContext } from '../command-context';
import { type OutputOptions, printOutcome } from '../output/print-outcome';

/** One date's reconciliation: the accepted ids found once, missing, or found more than once. */
export interface DateReconciliation {
  readonly date: CalendarDate;
  readonly accepted: number;
  readonly foundOnce: number;
  readonly missing: readonly string[];
  readonly duplicated: readonly string[];
  /** Whether the day's report exists at all. */
  readonly reported: boolean;
}

interface AcceptedRecord {
  readonly recordId: string;
  readonly recordedAt: string;
}

const readAccepted = async (file: string): Promise<readonly AcceptedRecord[]> => {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new LocusError('CONFIGURATION', `cannot read ${file}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const records = (JSON.parse(text) as { records?: unknown }).records;
  if (
    !Array.isArray(records) ||
    records.some((r) => typeof r?.recordId !== 'string' || typeof r?.recordedAt !== 'string')
  ) {
    throw new LocusError(
      'CONFIGURATION',
      `${file} is not a file written by locus simulate --out (no "records")`,
    );
  }
  return records as AcceptedRecord[];
};

/** How many times each id occurs in the first column of a report's CSV. */
const countIds = async (csv: AsyncIterable<Uint8Array>): Promise<Map<string, number>> => {
  const counts = new Map<string, number>();
  const reader = new CsvRowReader();
  const decoder = new TextDecoder();
  const rows: string[][] = [];
  const take = () => {
    for (const row of rows) if (row[0] !== undefined) counts.set(row[0], (counts.get(row[0]) ?? 0) + 1);
    rows.length = 0;
  };
  for await (const chunk of csv) {
    reader.push(decoder.decode(chunk, { stream: true }), rows);
    take();
  }
  reader.end(rows);
  take();
  return counts;
};

const describe = (days: readonly DateReconciliation[]): string =>
  days
    .map((day) => {
      const head = `${day.date}  ${day.foundOnce}/${day.accepted} accepted records found once`;
      if (!day.reported) return `${head}: no report for this date (run locus daily --date ${day.date})\n`;
      const problems = [
        day.missing.length > 0
          ? `  missing (${day.missing.length}): ${day.missing.slice(0, 10).join(' ')}`
          : '',
        day.duplicated.length > 0
          ? `  more than once (${day.duplicated.length}): ${day.duplicated.slice(0, 10).join(' ')}`
          : '',
      ].filter((line) => line !== '');
      return `${head}${problems.length === 0 ? ' ✓' : ''}\n${problems.map((line) => `${line}\n`).join('')}`;
    })
    .join('');

/**
 * `locus reconcile accepted.json [--date D]`: every record the simulator got a 202 for must be in
 * the report of its date (in LOCUS_TIMEZONE) exactly once. Exits 1 when one is missing or
 * repeated, or a date has no report.
 */
export const reconcileCommand = (
  context: CommandContext,
  file: string,
  options: OutputOptions & { date?: CalendarDate },
): Promise<number> =>
  context.withRoot(async (root) => {
    const accepted = await readAccepted(path.resolve(context.io.cwd, file));
    const dates = new RecordDateResolver(context.config.core.timeZone);
    const byDate = new Map<CalendarDate, string[]>();
    for (const record of accepted) {
      const date = dates.dateOf(Date.parse(record.recordedAt));
      if (options.date !== undefined && date !== options.date) continue;
      const ids = byDate.get(date);
      if (ids === undefined) byDate.set(date, [record.recordId]);
      else ids.push(record.recordId);
    }
    if (options.date !== undefined && !byDate.has(options.date)) byDate.set(options.date, []);
    const reports = root.get(TOKENS.reports);
    const days: DateReconciliation[] = [];
    for (const date of [...byDate.keys()].sort()) {
      const ids = [...new Set(byDate.get(date))];
      const csv = await reports.open(date);
      const counts = csv === undefined ? new Map<string, number>() : await countIds(csv);
      days.push({
        date,
        accepted: ids.length,
        foundOnce: ids.filter((id) => counts.get(id) === 1).length,
        missing: ids.filter((id) => !counts.has(id)),
        duplicated: ids.filter((id) => (counts.get(id) ?? 0) > 1),
        reported: csv !== undefined,
      });
    }
    printOutcome(context, options, describe(days), { dates: days });
    return days.every((day) => day.reported && day.foundOnce === day.accepted) ? 0 : 1;
  });

import type { DailyRunOutcome, PartitionOutcome, ReportOutcome, StoreOutcome } from '../../application';
import type { DayStanding } from '../../domain';

const n = (value: number): string => value.toLocaleString('en-US');

/** Counts of a store run, for logs and `--json` (no records). */
export const storeCounts = (outcome: StoreOutcome): Record<string, unknown> => ({ ...outcome });

export const partitionCounts = (outcome: PartitionOutcome): Record<string, unknown> => ({
  runId: outcome.runId,
  batches: outcome.batches.length,
  dates: outcome.dates.length,
  added: outcome.dates.reduce((sum, date) => sum + date.added, 0),
  duplicatesDropped: outcome.dates.reduce((sum, date) => sum + date.duplicatesDropped, 0),
  quarantined: outcome.quarantined.length,
});

export const dailyCounts = (outcome: DailyRunOutcome): Record<string, unknown> => ({
  ...partitionCounts(outcome.partition),
  runId: outcome.runId,
  date: outcome.date,
  reports: outcome.reports.map((report) => `${report.date}:${report.rowCount}`).join(' '),
});

export const describeStore = (outcome: StoreOutcome): string =>
  outcome.batchId === null
    ? 'the queue is empty: nothing to store\n'
    : `stored batch ${outcome.batchId}: ${n(outcome.recordCount)} records from ${n(outcome.messageCount)} ` +
      `messages (${n(outcome.duplicatesDropped)} duplicates dropped)` +
      `${outcome.drained ? '' : '; more wait in the queue for the next run'}\n`;

/** A date's standing after a report: silent when current, else what is waiting. */
export const describeStanding = (standing: DayStanding): string => {
  if (standing.state === 'current') return '';
  if (standing.state === 'empty') return `${standing.date} has no records: the report is empty\n`;
  return `${standing.date} is stale, the report may miss records:\n${standing.waiting.map((w) => `  - ${w}\n`).join('')}`;
};

export const describePartition = (outcome: PartitionOutcome): string => {
  if (outcome.batches.length === 0 && outcome.quarantined.length === 0)
    return 'no pending batch: nothing to partition\n';
  const lines = [`partitioned ${n(outcome.batches.length)} batches into ${n(outcome.dates.length)} dates`];
  for (const date of outcome.dates) {
    lines.push(
      `  ${date.date}  +${n(date.added)} records (${n(date.duplicatesDropped)} duplicates dropped), ` +
        `${n(date.recordCount)} in ${date.parts} ${date.parts === 1 ? 'part' : 'parts'}`,
    );
  }
  if (outcome.quarantined.length > 0)
    lines.push(`quarantined (unreadable): ${outcome.quarantined.join(', ')}`);
  if (outcome.unjournalled.length > 0)
    lines.push(
      `left alone (never journalled as stored; their messages were stored again): ${outcome.unjournalled.join(', ')}`,
    );
  return `${lines.join('\n')}\n`;
};

export const describeReport = (outcome: ReportOutcome): string =>
  `report ${outcome.date}: ${n(outcome.rowCount)} rows, ${n(outcome.bytes)} bytes, from partition revision ` +
  `${outcome.partitionRevision} → ${outcome.location}\n` +
  (outcome.parquet === null
    ? ''
    : `  parquet: ${n(outcome.parquet.bytes)} bytes → ${outcome.parquet.location}\n`);

export const describeDaily = (outcome: DailyRunOutcome): string =>
  (outcome.store === null ? '' : describeStore(outcome.store)) +
  `daily run ${outcome.runId} for ${outcome.date}\n` +
  describePartition(outcome.partition) +
  outcome.reports.map(describeReport).join('');

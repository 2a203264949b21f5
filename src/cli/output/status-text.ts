import type { DayReconciliation, DayStatus, PipelineStatus } from '../../application/status';
import { formatQuarantineAlarm } from './quarantine-text';

const n = (value: number): string => value.toLocaleString('en-US');

const time = (epochMillis: number): string => new Date(epochMillis).toISOString();

const shown = (key: string, value: unknown): string => {
  if (typeof value === 'number' && key.endsWith('At')) return time(value);
  if (Array.isArray(value)) return `[${value.map((item) => shown('', item)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value)
      .map(([k, v]) => `${k}:${shown(k, v)}`)
      .join(',')}}`;
  }
  return String(value);
};

/** An event's data on one line, times as ISO 8601. */
const fields = (data: Readonly<Record<string, unknown>>): string =>
  Object.entries(data)
    .map(([key, value]) => `${key}=${shown(key, value)}`)
    .join(' ');

/** A `locus serve` running on the data folder, as its lock file tells. */
export interface ServingStatus {
  readonly pid: number;
  readonly startedAt: string;
  readonly url?: string;
}

const servingLine = (serving: ServingStatus | null | undefined): string =>
  serving === undefined
    ? 'serve        (no data folder: the profile keeps none)'
    : serving === null
      ? 'serve        not running on this data folder'
      : `serve        running${serving.url === undefined ? '' : ` at ${serving.url}`} (pid ${serving.pid}, since ${serving.startedAt})`;

/**
 * The pipeline's state as a person reads it. `serving`: the `locus serve` on this data folder,
 * `null` when none runs, `undefined` when the profile has no data folder.
 */
export const formatPipelineStatus = (
  status: PipelineStatus,
  heading: string,
  serving?: ServingStatus | null,
): string => {
  const lines = [heading, '', servingLine(serving)];
  const alarm = formatQuarantineAlarm(status.quarantine);
  if (alarm.length > 0) lines.push(...alarm, '');
  const queue = status.queue;
  lines.push(
    'error' in queue
      ? `queue        cannot be read: ${queue.error}`
      : `queue        ${n(queue.ready)} ready, ${n(queue.leased)} leased, ${n(queue.quarantined)} quarantined`,
  );
  const batches = status.batches;
  lines.push(
    'error' in batches
      ? `batches      cannot be read: ${batches.error}`
      : `batches      ${n(batches.pending)} pending, ${n(batches.quarantined)} quarantined`,
  );
  lines.push(`daily server ${status.collectionServer} (runs during the daily run only)`);
  lines.push(
    `last drain   ${status.lastDrain === null ? 'never (no store run has found the queue empty)' : `a store run that began ${time(status.lastDrain.startedAt)} found the queue empty`}`,
  );
  lines.push('', `partitions   ${status.partitions.length === 0 ? 'none' : ''}`.trimEnd());
  for (const p of status.partitions) {
    lines.push(
      `  ${p.date}  ${n(p.records).padStart(12)} records  ${p.parts} ${p.parts === 1 ? 'part ' : 'parts'}  revision ${p.revision}`,
    );
  }
  lines.push('', `reports      ${status.reports.length === 0 ? 'none' : ''}`.trimEnd());
  for (const r of status.reports) {
    const rows = r.rows === null ? '?' : n(r.rows);
    const standing = r.state === 'stale' ? `stale (${r.waiting.join('; ')})` : r.state;
    lines.push(`  ${r.date}  ${rows.padStart(12)} rows     ${standing}`);
  }
  lines.push('', `last events  ${status.recentEvents.length === 0 ? 'none' : ''}`.trimEnd());
  for (const e of status.recentEvents)
    lines.push(`  ${time(e.at)}  ${e.stream}  ${e.type}  ${fields(e.data)}`);
  return `${lines.join('\n')}\n`;
};

/** One date's counts from acceptance to the report (with duplicates and pending records when given). */
export const formatDayStatus = (day: DayStatus | DayReconciliation): string => {
  const report = day.reported === null ? 'not reported yet' : `${n(day.reported)} (${day.state})`;
  return [
    `${day.date} (${day.timeZone})`,
    `  accepted     ${n(day.accepted)}`,
    `  stored       ${n(day.stored)} in ${n(day.batches)} ${day.batches === 1 ? 'batch' : 'batches'}`,
    ...('pendingRecords' in day
      ? [`  pending      ${n(day.pendingRecords)} stored, not yet partitioned`]
      : []),
    `  partitioned  ${n(day.partitioned)} (revision ${day.partitionRevision})`,
    ...('duplicatesDropped' in day
      ? [`  duplicates   ${n(day.duplicatesDropped)} dropped while partitioning`]
      : []),
    `  reported     ${report}`,
    `  standing     ${day.state}`,
    ...day.waiting.map((reason) => `    - ${reason}`),
    '',
  ].join('\n');
};

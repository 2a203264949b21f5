import type { PurgeRequest } from '../../application/security/purge-service';
import type { PipelineStatus } from '../../application/status';
import type { CalendarDate } from '../../domain';

/** What a purge would erase, as far as it can be told without erasing: the partitions it touches. */
export interface PurgePlan {
  readonly deviceId: string | null;
  readonly before: CalendarDate | null;
  /** The dates whose partitions the purge reads, with their record counts (all devices). */
  readonly dates: readonly { readonly date: CalendarDate; readonly records: number }[];
  /** Queue messages and pending batches it reads too. */
  readonly queued: number;
  readonly pendingBatches: number;
}

export const planPurge = (
  request: Pick<PurgeRequest, 'deviceId' | 'before'>,
  status: PipelineStatus,
): PurgePlan => ({
  deviceId: request.deviceId,
  before: request.before,
  dates: status.partitions
    .filter((p) => request.before === null || p.date < request.before)
    .map((p) => ({ date: p.date, records: p.records })),
  queued: 'error' in status.queue ? 0 : status.queue.ready + status.queue.leased,
  pendingBatches: 'error' in status.batches ? 0 : status.batches.pending,
});

const n = (value: number): string => value.toLocaleString('en-US');

/** The plan as a person reads it. */
export const describePlan = (plan: PurgePlan): string => {
  const whose = plan.deviceId === null ? "every device's records" : `the records of device ${plan.deviceId}`;
  const when = plan.before === null ? '' : ` dated before ${plan.before}`;
  const total = plan.dates.reduce((sum, d) => sum + d.records, 0);
  const scope =
    plan.deviceId === null
      ? `${n(total)} partitioned records in ${plan.dates.length} date(s)`
      : `its records among ${n(total)} partitioned records in ${plan.dates.length} date(s)`;
  return (
    `would erase ${whose}${when}: ${scope}, and any among ${n(plan.queued)} queued message(s) ` +
    `and ${n(plan.pendingBatches)} pending batch(es); reports of those dates are made again\n` +
    plan.dates.map((d) => `  ${d.date}  ${n(d.records).padStart(12)} records\n`).join('')
  );
};

import type { CalendarDate } from '../location/record-date';
import { type Command, type Decider, type Event } from '../shared/decider';
import type { PartitionState } from './partition';

export type PublishReport = Command<
  'PublishReport',
  { date: CalendarDate; rowCount: number; partitionRevision: number; location: string; at: number }
>;

export type ReportPublished = Event<
  'ReportPublished',
  { date: CalendarDate; rowCount: number; partitionRevision: number; location: string; publishedAt: number }
>;

export interface ReportState {
  /** The partition revision the last published report was made from; `null` before the first. */
  readonly partitionRevision: number | null;
  readonly rowCount: number;
  readonly publishedAt: number | null;
}

/** One date's report: publishing again overwrites it, and each publication is journalled. */
export const reportDecider: Decider<ReportState, PublishReport, ReportPublished> = {
  initialState: () => ({ partitionRevision: null, rowCount: 0, publishedAt: null }),
  decide: (command) => {
    const { at, ...data } = command.data;
    return [{ type: 'ReportPublished', data: { ...data, publishedAt: at } }];
  },
  evolve: (_state, event) => ({
    partitionRevision: event.data.partitionRevision,
    rowCount: event.data.rowCount,
    publishedAt: event.data.publishedAt,
  }),
};

/** A report is current when it was made from the partition's latest revision. */
export const isReportCurrent = (report: ReportState, partition: PartitionState): boolean =>
  report.partitionRevision !== null && report.partitionRevision === partition.revision;

/** The journal stream of one date's report. */
export const reportStream = (date: CalendarDate): string => `report-${date}`;

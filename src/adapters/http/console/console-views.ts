import type { DayReconciliation, PipelineStatus, RecentEvent } from '../../../application/status';
import type { CalendarDate } from '../../../domain';

/** Where a date stands: the pipeline projection's `current`, `stale` or `empty`. */
export type { DayState } from '../../../domain';

/** One row of the days view: the counts of `locus status --date`, what a stale day waits for in one line. */
export interface DayView extends Omit<DayReconciliation, 'waiting'> {
  /** What a stale day waits for, in words (`null` unless stale). */
  readonly waiting: string | null;
}

/** A date's counts and standing, as `locus status --date` gives them. */
export const dayView = (day: DayReconciliation): DayView => ({
  ...day,
  waiting: day.state === 'stale' ? day.waiting.join('; ') : null,
});

/** The dates the days view lists: partitioned or reported ones, and today, newest first. */
export const datesOf = (pipeline: PipelineStatus, today: CalendarDate, limit: number): CalendarDate[] => {
  const dates = new Set<CalendarDate>([today]);
  for (const partition of pipeline.partitions) dates.add(partition.date);
  for (const report of pipeline.reports) dates.add(report.date);
  return [...dates].sort((a, b) => b.localeCompare(a)).slice(0, limit);
};

/** The phases whose last run the journal tells, and the events that tell it. */
const PHASE_OF_EVENT: Readonly<Record<string, string>> = {
  LocationsAccepted: 'receive',
  BatchStored: 'store',
  PartitionWritten: 'partition',
  BatchPartitioned: 'partition',
  ReportPublished: 'report',
  CollectionServerStarted: 'daily',
  CollectionServerStopped: 'daily',
  DeviceRecordsPurged: 'purge',
};

export interface PhaseRun {
  readonly phase: string;
  readonly at: number;
  readonly event: string;
  /** `succeeded` for a journalled step; the daily run's own outcome, or `running` while it goes. */
  readonly outcome: string;
  readonly stream: string;
  readonly error?: string;
}

/** Each phase's latest event among the journal's recent ones. */
export const lastRuns = (events: readonly RecentEvent[]): PhaseRun[] => {
  const latest = new Map<string, PhaseRun>();
  for (const event of events) {
    const phase = PHASE_OF_EVENT[event.type];
    if (phase === undefined) continue;
    const seen = latest.get(phase);
    if (seen !== undefined && seen.at > event.at) continue;
    const outcome =
      event.type === 'CollectionServerStarted'
        ? 'running'
        : event.type === 'CollectionServerStopped'
          ? String(event.data.outcome)
          : 'succeeded';
    const error = typeof event.data.error === 'string' ? { error: event.data.error } : {};
    latest.set(phase, { phase, at: event.at, event: event.type, outcome, stream: event.stream, ...error });
  }
  const order = [...new Set(Object.values(PHASE_OF_EVENT))];
  return [...latest.values()].sort((a, b) => order.indexOf(a.phase) - order.indexOf(b.phase));
};

/** The next runs of `locus serve`'s schedules (ISO 8601), when it runs them. */
export interface NextRuns {
  readonly store: string | null;
  readonly daily: string | null;
}

/** The pipeline view: `locus status`'s state, each phase's last run and the next scheduled ones. */
export const pipelineView = (pipeline: PipelineStatus, nextRuns: NextRuns | null) => ({
  timeZone: pipeline.timeZone,
  queue: pipeline.queue,
  batches: pipeline.batches,
  collectionServer: pipeline.collectionServer,
  lastRuns: lastRuns(pipeline.recentEvents),
  nextRuns,
  recentEvents: pipeline.recentEvents,
});

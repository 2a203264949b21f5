import { inject, injectable } from 'inversify';
import {
  type CalendarDate,
  type DayStanding,
  dayStanding,
  emptyPipelineView,
  foldPipelineView,
  type LocusEvent,
  type PipelineView,
  RecordDateResolver,
  STORE_RUNS_PREFIX,
} from '../../domain';
import { type EventJournal, readEachStream, type StreamRead } from '../../ports';
import type { CoreSettings } from '../settings';
import { TOKENS } from '../tokens';

/** The streams the pipeline view folds; store runs are read from the latest day's stream only. */
const FOLDED_PREFIXES = ['batch-', 'partition-', 'report-', 'accepted-'] as const;

/**
 * The one read model behind every status view (`locus status`, `GET /reports`, the report catalog)
 * and behind the phases' "what is stale" questions: the journal's streams folded into a
 * {@link PipelineView}, and each date's {@link DayStanding} from it.
 */
@injectable()
export class PipelineProjection {
  private readonly dates: RecordDateResolver;

  constructor(
    @inject(TOKENS.journal) private readonly journal: EventJournal,
    @inject(TOKENS.CoreSettings) private readonly settings: CoreSettings,
  ) {
    this.dates = new RecordDateResolver(settings.timeZone);
  }

  /** Folds the journal into the pipeline view (the events of every stream, then one fold). */
  async load(): Promise<PipelineView> {
    const events: LocusEvent[] = [];
    for (const prefix of FOLDED_PREFIXES) {
      for (const read of (await this.readStreams(prefix)).values())
        for (const event of read.events) events.push(event);
    }
    const latest = (await this.journal.listStreams(STORE_RUNS_PREFIX)).at(-1);
    // Read as a prefix too, so that a journal that keeps what it read does not read it again.
    const runs = latest === undefined ? undefined : (await this.readStreams(latest)).get(latest);
    for (const event of runs?.events ?? []) events.push(event);
    return foldPipelineView(emptyPipelineView(), events);
  }

  /** A prefix's streams, in one read where the journal can, else one by one. */
  private readStreams(prefix: string): Promise<ReadonlyMap<string, StreamRead>> {
    return this.journal.readStreams?.(prefix) ?? readEachStream(this.journal, prefix);
  }

  /** Where a date stands in a view. */
  standing(view: PipelineView, date: CalendarDate): DayStanding {
    return dayStanding(view, date, {
      dateEnd: this.dates.endOf(date),
      skewMs: this.settings.timePolicy.maxFutureSkewMs,
    });
  }

  /** Every date the view knows of, sorted. */
  knownDates(view: PipelineView): CalendarDate[] {
    const dates = new Set(view.dates.keys());
    for (const batch of view.batches.values()) for (const date of Object.keys(batch.byDate)) dates.add(date);
    return [...dates].sort();
  }
}

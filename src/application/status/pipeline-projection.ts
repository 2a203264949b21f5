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
import type { EventJournal } from '../../ports';
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
    const take = async (stream: string): Promise<void> => {
      for (const event of (await this.journal.readStream(stream)).events) events.push(event);
    };
    for (const prefix of FOLDED_PREFIXES) {
      for (const stream of await this.journal.listStreams(prefix)) await take(stream);
    }
    const latest = (await this.journal.listStreams(STORE_RUNS_PREFIX)).at(-1);
    if (latest !== undefined) await take(latest);
    return foldPipelineView(emptyPipelineView(), events);
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

import { DailyRunService, PartitionService, ReportService, StoreService } from '../../application';
import { PipelineProjection } from '../../application/status/pipeline-projection';
import type { CalendarDate } from '../../domain';
import type { CommandContext } from '../command-context';
import {
  dailyCounts,
  describeDaily,
  describePartition,
  describeReport,
  describeStanding,
  describeStore,
} from '../output/phase-summaries';
import { type OutputOptions, printOutcome } from '../output/print-outcome';
import { partitionProgressBar } from '../output/progress-bar';
import { stepProgressBar } from '../output/step-progress';

/** `locus store`: drains the queue into one batch under `work/`. */
export const storeCommand = async (context: CommandContext, options: OutputOptions): Promise<number> =>
  context.withRoot(async (root) => {
    const progress = stepProgressBar(context.io.stderr, ['storing']);
    const outcome = await progress.run('storing', () => root.get(StoreService).run());
    progress.stop();
    printOutcome(context, options, describeStore(outcome), outcome);
    return 0;
  });

/** `locus partition`: files every pending batch under its records' dates, with a progress bar on a terminal. */
export const partitionCommand = async (context: CommandContext, options: OutputOptions): Promise<number> =>
  context.withRoot(async (root) => {
    const progress = partitionProgressBar(context.io.stderr);
    try {
      const outcome = await root.get(PartitionService).run(progress.onProgress);
      progress.stop();
      printOutcome(context, options, describePartition(outcome), outcome);
      return 0;
    } finally {
      progress.stop();
    }
  });

/** `locus report --date D`: publishes one date's CSV and Parquet. */
export const reportCommand = async (
  context: CommandContext,
  options: OutputOptions & { date: CalendarDate },
): Promise<number> =>
  context.withRoot(async (root) => {
    const step = `reporting ${options.date}`;
    const progress = stepProgressBar(context.io.stderr, [step]);
    const outcome = await progress.run(step, () => root.get(ReportService).run(options.date));
    progress.stop();
    const projection = root.get(PipelineProjection);
    const standing = projection.standing(await projection.load(), options.date);
    printOutcome(context, options, describeReport(outcome) + describeStanding(standing), {
      ...outcome,
      state: standing.state,
      waiting: standing.waiting,
    });
    return 0;
  });

/**
 * `locus daily [--date D]`: stores what the queue holds (unless `--no-store`), then the daily
 * run: start the server, partition, report the date (default: yesterday in the zone) and every
 * stale report, stop the server.
 */
export const dailyCommand = async (
  context: CommandContext,
  options: OutputOptions & { date?: CalendarDate; store: boolean },
): Promise<number> =>
  context.withRoot(async (root) => {
    const daily = root.get(DailyRunService);
    const date = options.date ?? daily.defaultDate();
    const run = `${options.store ? 'storing, ' : ''}partitioning, reporting ${date}`;
    const progress = stepProgressBar(context.io.stderr, [run]);
    const outcome = await progress.run(run, () => daily.run(date, { store: options.store }));
    progress.stop();
    context.logger.debug(dailyCounts(outcome), 'daily run finished');
    printOutcome(context, options, describeDaily(outcome), outcome);
    return 0;
  });

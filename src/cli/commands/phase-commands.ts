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

/** `locus store`: drains the queue into one batch under `work/`. */
export const storeCommand = async (context: CommandContext, options: OutputOptions): Promise<number> =>
  context.withRoot(async (root) => {
    const outcome = await root.get(StoreService).run();
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

/** `locus report --date D`: publishes one date's CSV. */
export const reportCommand = async (
  context: CommandContext,
  options: OutputOptions & { date: CalendarDate },
): Promise<number> =>
  context.withRoot(async (root) => {
    const outcome = await root.get(ReportService).run(options.date);
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
    const outcome = await daily.run(options.date ?? daily.defaultDate(), { store: options.store });
    context.logger.debug(dailyCounts(outcome), 'daily run finished');
    printOutcome(context, options, describeDaily(outcome), outcome);
    return 0;
  });

import { StatusService } from '../../application/status';
import type { CalendarDate } from '../../domain';
import type { CommandContext } from '../command-context';
import { type OutputOptions, printOutcome } from '../output/print-outcome';
import { formatDayStatus, formatPipelineStatus } from '../output/status-text';
import { runningServer, usesDataDir } from '../serve/serve-lock';

/**
 * `locus status [--date D]`: the `locus serve` running on the data folder (if any), queue depth, pending batches, partitions, reports (current or
 * stale) and the last journal events; with `--date`, that date's accepted → stored →
 * partitioned → reported counts, the duplicates dropped and the records not yet partitioned.
 */
export const statusCommand = async (
  context: CommandContext,
  options: OutputOptions & { date?: CalendarDate },
): Promise<number> =>
  context.withRoot(async (root) => {
    const status = root.get(StatusService);
    const { config } = context;
    if (options.date !== undefined) {
      const day = await status.reconcile(options.date);
      printOutcome(context, options, formatDayStatus(day), day);
      return 0;
    }
    const pipeline = await status.pipeline();
    const profiles = Object.entries(config.adapters)
      .map(([port, profile]) => ` ${port}=${profile}`)
      .join('');
    const heading = `Locus: profile ${config.profile}${profiles}, data ${config.dataDir}, zone ${pipeline.timeZone}`;
    const serving = usesDataDir(config) ? (runningServer(config.dataDir) ?? null) : undefined;
    printOutcome(context, options, formatPipelineStatus(pipeline, heading, serving), {
      ...pipeline,
      serving,
    });
    return 0;
  });

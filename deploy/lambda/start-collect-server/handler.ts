import type { Context } from 'aws-lambda';
import { CollectionServerRuns } from '../../../src/application/daily/collection-server-runs';
import type { CalendarDate } from '../../../src/domain';
import type { EntryRoot } from '../shared/entry-root';
import { type ScheduleInput, scheduleSource } from '../shared/scheduled-event';
import { count, METRIC, type Telemetry, withInvocation } from '../shared/telemetry';

export interface ServerStarted {
  readonly runId: string;
  /** The day the run reports: yesterday in `LOCUS_TIMEZONE`. */
  readonly date: CalendarDate;
}

export type StartCollectServerHandler = (event: ScheduleInput, context: Context) => Promise<ServerStarted>;

/**
 * `start_collect_server`, run by the daily schedule: starts the collect server through the
 * server lifecycle port (waiting until it runs) and journals `CollectionServerStarted` for a new
 * run of yesterday's date. The server, once booted, runs partition and report, then stops itself.
 */
export const createStartCollectServerHandler = (
  root: EntryRoot,
  telemetry: Telemetry,
): StartCollectServerHandler => {
  const daily = root.get(CollectionServerRuns);
  const { logger } = telemetry;
  return (event, context) =>
    withInvocation(telemetry, context, context.awsRequestId, async () => {
      const started: ServerStarted = { runId: root.ids.next(), date: daily.defaultDate() };
      try {
        await daily.startServer(started.runId, started.date);
      } catch (error) {
        count(telemetry, { [METRIC.serverStarts]: 0 });
        logger.error('the collect server could not be started', { ...started, error: error as Error });
        throw error;
      }
      count(telemetry, { [METRIC.serverStarts]: 1 });
      logger.info('collect server started', { ...started, trigger: scheduleSource(event) });
      return started;
    });
};

import type { Context } from 'aws-lambda';
import { TOKENS } from '../../../src/application/tokens';
import type { EntryRoot } from '../shared/entry-root';
import { count, METRIC, type Telemetry, withInvocation } from '../shared/telemetry';
import { type StopRequest, stopRequestFields } from './stop-request';

export type StopCollectServerHandler = (
  event: StopRequest | null | undefined,
  context: Context,
) => Promise<{ readonly stopped: true }>;

/**
 * `stop_collect_server`, invoked by the collect server when its run is over (the run's outcome is
 * already in the journal): stops the server through the lifecycle port, waiting until it is
 * stopped. Stopping a stopped server succeeds.
 */
export const createStopCollectServerHandler = (
  root: EntryRoot,
  telemetry: Telemetry,
): StopCollectServerHandler => {
  const lifecycle = root.get(TOKENS.server);
  const { logger } = telemetry;
  return (event, context) =>
    withInvocation(telemetry, context, context.awsRequestId, async () => {
      const request = stopRequestFields(event);
      try {
        await lifecycle.stop();
      } catch (error) {
        count(telemetry, { [METRIC.serverStops]: 0 });
        logger.error('the collect server could not be stopped', { ...request, error: error as Error });
        throw error;
      }
      count(telemetry, { [METRIC.serverStops]: 1 });
      logger.info('collect server stopped', { ...request });
      return { stopped: true } as const;
    });
};

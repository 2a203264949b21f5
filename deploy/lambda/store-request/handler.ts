import type { Context } from 'aws-lambda';
import { type StoreOutcome, StoreService } from '../../../src/application';
import type { EntryRoot } from '../shared/entry-root';
import { type ScheduleInput, scheduleSource } from '../shared/scheduled-event';
import { count, METRIC, type Telemetry, withInvocation } from '../shared/telemetry';

export type StoreRequestHandler = (event: ScheduleInput, context: Context) => Promise<StoreOutcome>;

/**
 * `store_request`, run by a schedule: drains the queue into one de-duplicated batch object, then
 * acknowledges the messages. Counts stored records, messages and dropped duplicates. A failure is
 * logged and rethrown (the invocation fails; the messages come back after their lease).
 */
export const createStoreRequestHandler = (root: EntryRoot, telemetry: Telemetry): StoreRequestHandler => {
  const store = root.get(StoreService);
  const { logger } = telemetry;
  return (event, context) =>
    withInvocation(telemetry, context, context.awsRequestId, async () => {
      try {
        const outcome = await store.run();
        count(telemetry, {
          [METRIC.storedRecords]: outcome.recordCount,
          [METRIC.storedMessages]: outcome.messageCount,
          [METRIC.duplicatesDropped]: outcome.duplicatesDropped,
        });
        logger.info(outcome.batchId === null ? 'the queue was empty' : 'batch stored', {
          trigger: scheduleSource(event),
          ...outcome,
        });
        return outcome;
      } catch (error) {
        count(telemetry, { [METRIC.storedRecords]: 0 });
        logger.error('the store run failed; its messages return to the queue after their lease', {
          trigger: scheduleSource(event),
          error: error as Error,
        });
        throw error;
      }
    });
};

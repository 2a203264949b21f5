import type { Logger } from '@aws-lambda-powertools/logger';
import { type DailyRunOutcome, DailyRunService, ReportService } from '../../src/application';
import { TOKENS } from '../../src/application/tokens';
import {
  type CalendarDate,
  COLLECTION_SERVER_STREAM,
  type CollectionServerEvent,
  collectionServerDecider,
  isCalendarDate,
  replay,
} from '../../src/domain';
import { isLocusError } from '../../src/ports';
import type { EntryRoot } from '../lambda/shared/entry-root';
import type { RunArguments } from './run-arguments';
import { StopFunctionServerLifecycle } from './stop-function-lifecycle';

export interface CollectRunOptions extends RunArguments {
  /** A date read from the instance's tag: reported too, after the run's own date. */
  readonly taggedDate?: string;
}

/** How the run ended: the process exits with `exitCode`. */
export interface CollectRunResult {
  readonly runId: string;
  readonly date: CalendarDate;
  readonly outcome: 'succeeded' | 'failed';
  /** Whether the server was asked to stop (the outcome may still have failed to be journalled). */
  readonly stopped: boolean;
  readonly exitCode: 0 | 1;
}

/** The run `start_collect_server` journalled for this date, if the server is on record as running it. */
const journalledRun = async (root: EntryRoot, date: CalendarDate): Promise<string | undefined> => {
  const { events } = await root.get(TOKENS.journal).readStream(COLLECTION_SERVER_STREAM);
  const state = replay(collectionServerDecider, events as unknown as readonly CollectionServerEvent[]);
  return state.status === 'running' && state.date === date ? state.runId : undefined;
};

const summary = (outcome: DailyRunOutcome) => ({
  batches: outcome.partition.batches.length,
  quarantined: outcome.partition.quarantined,
  dates: outcome.partition.dates.map((d) => ({ date: d.date, added: d.added, records: d.recordCount })),
  reports: outcome.reports.map((r) => ({ date: r.date, rows: r.rowCount, location: r.location })),
});

/**
 * The collect server's run: partition every pending batch, report yesterday in `LOCUS_TIMEZONE`
 * (or the date given), then every stale report and the tagged date, and stop the server, also
 * when a step failed. A failure is logged first; the batches it did not file stay pending for the
 * next run. The run continues the one `start_collect_server` journalled, or journals its own start.
 */
export const runCollectServer = async (
  root: EntryRoot,
  logger: Logger,
  options: CollectRunOptions = {},
): Promise<CollectRunResult> => {
  const daily = root.get(DailyRunService);
  const date = options.date ?? daily.defaultDate();
  let runId = root.ids.next();
  let outcome: 'succeeded' | 'failed' = 'succeeded';
  let failure: unknown;
  logger.appendKeys({ date });
  try {
    runId = (await journalledRun(root, date)) ?? runId;
    logger.appendKeys({ runId });
    await daily.startServer(runId, date);
    logger.info('the daily run starts');
    const done = await daily.collect(runId, date, { store: false });
    const tagged = options.taggedDate;
    if (tagged !== undefined && tagged !== date && !done.reports.some((r) => r.date === tagged)) {
      const extra = await root.get(ReportService).run(tagged);
      logger.info('the tagged date was reported', { tagged, rows: extra.rowCount, location: extra.location });
    }
    logger.info('the daily run succeeded', summary(done));
  } catch (error) {
    outcome = 'failed';
    failure = error;
    logger.error('the daily run failed; the batches not yet filed stay pending for the next run', {
      error: error as Error,
    });
  }
  let stopped = true;
  try {
    const lifecycle = root.get(TOKENS.server);
    if (lifecycle instanceof StopFunctionServerLifecycle) lifecycle.describeRun(runId, outcome);
    await daily.stopServer(runId, outcome, failure);
    logger.info('the server is being stopped', { outcome });
  } catch (error) {
    // The stop is asked even when journalling the outcome failed; only a lifecycle failure means it was not.
    stopped = !isLocusError(error, 'LIFECYCLE_FAILED');
    logger.error(
      stopped
        ? 'the end of the run could not be journalled; the server is being stopped'
        : 'the server could not be stopped; it powers itself off when this process ends',
      { error: error as Error },
    );
  }
  return { runId, date, outcome, stopped, exitCode: outcome === 'succeeded' && stopped ? 0 : 1 };
};

/** A tag's value as a date, or why it is not one. */
export const taggedDateOf = (value: string | undefined): { date?: string; problem?: string } => {
  if (value === undefined || value === '') return {};
  return isCalendarDate(value) ? { date: value } : { problem: `"${value}" is not a date YYYY-MM-DD` };
};

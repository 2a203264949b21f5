import { closeHttpServer, createHttpServer } from '../../adapters/http/http-server';
import { LocusMetrics } from '../../adapters/http/metrics-registry';
import { SharedDeviceIds } from '../../adapters/ingest/shared-device-ids';
import { PhaseSchedules } from '../../adapters/schedule/phase-schedules';
import { DailyRunService, ReceiveService, StoreService } from '../../application';
import { ClientIntake } from '../../application/clients/client-intake';
import { AcceptedTally, ReportCatalog, StatusService } from '../../application/status';
import { TOKENS } from '../../application/tokens';
import { cliSecuritySettings, createCliRoot } from '../../composition/cli-root';
import { readConsoleSettings } from '../../config/console-settings';
import { formatDuration } from '../../config/units';
import type { CommandContext } from '../command-context';
import { dailyCounts, storeCounts } from '../output/phase-summaries';
import { warnMissingBuckets } from '../serve/bucket-warning';
import { listenWithHint } from '../serve/listen-hint';
import { serveLockFor } from '../serve/serve-lock';
import { checkServeSecurity, httpSecurity, runRetention } from '../serve/serve-security';
import { locusVersion } from '../version';

const pad2 = (n: number): string => String(n).padStart(2, '0');

/**
 * `locus serve`: HTTP ingest and report downloads, the store schedule and the daily run (unless
 * `LOCUS_SCHEDULES=off`: then the phases, and the adapters only they use, are left alone). Runs
 * until SIGTERM or SIGINT, then stops accepting, lets requests in flight finish, waits for a
 * scheduled run that is going, journals the counts, closes the adapters and returns 0. A second
 * signal ends the process at once.
 */
export const serveCommand = async (context: CommandContext): Promise<number> => {
  const { config, logger, io } = context;
  const lock = serveLockFor(config);
  const root = await createCliRoot(config).catch((error) => {
    lock.release();
    throw error;
  });
  try {
    const security = cliSecuritySettings(config);
    await checkServeSecurity(root.container, config, security, logger);
    warnMissingBuckets(config, logger);
    const clock = root.get(TOKENS.Clock);
    const queue = root.get(TOKENS.queue);
    const tally = root.get(AcceptedTally);
    const batches = root.get(TOKENS.batches);
    const metrics = new LocusMetrics({
      queueDepth: () => queue.depth(),
      pendingBatches: () => batches.listPending(),
      quarantinedBatches: () => batches.quarantined(),
    });
    const accessLog = config.observability.accessLog ? context.accessLogger() : undefined;
    const storeNow = () =>
      metrics.measure('store', async () => {
        const outcome = await root.get(StoreService).run();
        metrics.stored(outcome);
        return outcome;
      });
    // Two phones that send one device id through different tokens: warned once, listed for status.
    const sharedIds = new SharedDeviceIds({
      onShared: (shared) =>
        logger.warn(
          { deviceId: shared.deviceId, tokenIds: shared.tokenIds },
          'locations for one device id arrive through two tokens: two phones may share the id',
        ),
    });
    root.container.bind(SharedDeviceIds).toConstantValue(sharedIds);
    const app = createHttpServer({
      receive: root.get(ReceiveService),
      clients: root.get(ClientIntake),
      reports: root.get(ReportCatalog),
      queueDepth: () => queue.depth(),
      onAccepted: (event) => tally.add(event),
      clock,
      logger,
      maxBodyBytes: config.http.maxBodyBytes,
      trustProxy: config.http.trustProxy,
      security: { ...httpSecurity(root.container, security), sharedIds },
      // An ingest-only server (no schedules: the container behind a load balancer) has no console.
      console:
        config.serve.schedules === 'off'
          ? undefined
          : {
              status: root.get(StatusService),
              settings: readConsoleSettings(config.variables),
              links: root.get(TOKENS.links),
              secureCookie: security.publicUrl.startsWith('https:'),
              nextRuns: () => ({
                store: schedules?.store.nextRun()?.toISOString() ?? null,
                daily: schedules?.daily.nextRun()?.toISOString() ?? null,
              }),
            },
      observability: {
        metrics,
        metricsToken: config.observability.metricsToken,
        accessLog,
        openApi: { version: locusVersion(), maxBatch: config.core.maxBatchItems },
      },
    });
    const schedules =
      config.serve.schedules === 'off'
        ? undefined
        : new PhaseSchedules({
            timeZone: config.core.timeZone,
            storeEveryMs: config.schedule.storeEveryMs,
            dailyAt: config.schedule.dailyAt,
            logger,
            store: async () => storeCounts(await storeNow()),
            daily: () =>
              metrics.measure('daily', async () => {
                // Stored first (and measured as a store run): the queue's last minutes reach the report.
                await storeNow();
                const counts = dailyCounts(await root.get(DailyRunService).run(undefined, { store: false }));
                const retention = await runRetention(root.container, security);
                return retention === null
                  ? counts
                  : { ...counts, retentionPurged: retention.removed.partitions };
              }),
          });
    if (schedules !== undefined) {
      // Resolved now, so that a phase that cannot be built stops the start rather than a run.
      root.get(StoreService);
      root.get(DailyRunService);
    }
    const flushTally = () =>
      tally
        .flush()
        .catch((error) => logger.warn({ err: error }, 'the accepted counts could not be journalled'));
    const flushTimer = setInterval(flushTally, config.serve.tallyEveryMs);
    flushTimer.unref();

    let stopping = false;
    let stop: (signal: string) => void = () => {};
    const stopped = new Promise<string>((resolve) => (stop = resolve));
    const unlisten = io.onStopSignal((signal) => {
      if (stopping) {
        logger.warn({ signal }, 'second stop signal: exiting now');
        io.exitNow(1);
        return;
      }
      stopping = true;
      stop(signal);
    });

    try {
      const url = await listenWithHint(app, config.http);
      lock.listening(url);
      schedules?.start();
      const { hour, minute } = config.schedule.dailyAt;
      logger.info(
        {
          url,
          profile: config.profile,
          ...(Object.keys(config.adapters).length > 0 ? { adapters: config.adapters } : {}),
          dataDir: config.dataDir,
          timeZone: config.core.timeZone,
          ...(schedules === undefined
            ? { schedules: 'off' }
            : {
                storeEvery: formatDuration(config.schedule.storeEveryMs),
                dailyAt: `${pad2(hour)}:${pad2(minute)}`,
                nextStore: schedules.store.nextRun()?.toISOString(),
                nextDaily: schedules.daily.nextRun()?.toISOString(),
              }),
          auth: security.auth ? 'on' : 'off',
          downloads: security.downloads,
        },
        'listening',
      );
      const signal = await stopped;
      logger.info({ signal }, 'stopping: finishing the requests in flight');
      await closeHttpServer(app);
      await schedules?.stop();
    } finally {
      clearInterval(flushTimer);
      unlisten();
      accessLog?.flush();
      await flushTally();
    }
    logger.info('stopped');
    return 0;
  } finally {
    await root.close();
    lock.release();
  }
};

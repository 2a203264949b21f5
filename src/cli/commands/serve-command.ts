import { closeHttpServer, createHttpServer } from '../../adapters/http/http-server';
import { PhaseSchedules } from '../../adapters/schedule/phase-schedules';
import { DailyRunService, ReceiveService, StoreService } from '../../application';
import { ClientIntake } from '../../application/clients/client-intake';
import { SharedDeviceIds } from '../../application/clients/shared-device-ids';
import { AcceptedTally, ReportCatalog } from '../../application/status';
import { TOKENS } from '../../application/tokens';
import { createCliRoot } from '../../composition/cli-root';
import {
  checkServeSecurity,
  cliSecuritySettings,
  ensureCliSecurity,
  httpSecurity,
  runRetention,
} from '../../composition/cli-security';
import { formatDuration } from '../../config/units';
import type { CommandContext } from '../command-context';
import { dailyCounts, storeCounts } from '../output/phase-summaries';

/** How often the accepted counts are journalled. */
const TALLY_FLUSH_MS = 10_000;

const pad2 = (n: number): string => String(n).padStart(2, '0');

/**
 * `locus serve`: HTTP ingest and report downloads, the store schedule and the daily run. Runs
 * until SIGTERM or SIGINT, then stops accepting, lets requests in flight finish, waits for a
 * scheduled run that is going, journals the counts, closes the adapters and returns 0. A second
 * signal ends the process at once.
 */
export const serveCommand = async (context: CommandContext): Promise<number> => {
  const { config, logger, io } = context;
  const root = await createCliRoot(config);
  try {
    await ensureCliSecurity(root.container, config);
    const security = cliSecuritySettings(config);
    await checkServeSecurity(root.container, config, security, logger);
    const clock = root.get(TOKENS.Clock);
    const queue = root.get(TOKENS.LocationQueue);
    const tally = root.get(AcceptedTally);
    const store = root.get(StoreService);
    const daily = root.get(DailyRunService);
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
      security: { ...httpSecurity(root.container, security), sharedIds, now: () => clock.now() },
    });
    const schedules = new PhaseSchedules({
      timeZone: config.core.timeZone,
      storeEveryMs: config.schedule.storeEveryMs,
      dailyAt: config.schedule.dailyAt,
      logger,
      store: async () => storeCounts(await store.run()),
      daily: async () => {
        // The queue's last minutes of the day go into a batch first, so the report has them.
        await store.run();
        const counts = dailyCounts(await daily.run());
        const retention = await runRetention(root.container, security);
        return retention === null ? counts : { ...counts, retentionPurged: retention.removed.partitions };
      },
    });
    const flushTally = () =>
      tally
        .flush()
        .catch((error) => logger.warn({ err: error }, 'the accepted counts could not be journalled'));
    const flushTimer = setInterval(flushTally, TALLY_FLUSH_MS);
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
      const url = await app.listen({ host: config.http.host, port: config.http.port });
      schedules.start();
      const { hour, minute } = config.schedule.dailyAt;
      logger.info(
        {
          url,
          profile: config.profile,
          ...(Object.keys(config.adapters).length > 0 ? { adapters: config.adapters } : {}),
          dataDir: config.dataDir,
          timeZone: config.core.timeZone,
          storeEvery: formatDuration(config.schedule.storeEveryMs),
          dailyAt: `${pad2(hour)}:${pad2(minute)}`,
          nextStore: schedules.store.nextRun()?.toISOString(),
          nextDaily: schedules.daily.nextRun()?.toISOString(),
          auth: security.auth ? 'on' : 'off',
          downloads: security.downloads,
        },
        'listening',
      );
      const signal = await stopped;
      logger.info({ signal }, 'stopping: finishing the requests in flight');
      await closeHttpServer(app);
      await schedules.stop();
    } finally {
      clearInterval(flushTimer);
      unlisten();
      await flushTally();
    }
    logger.info('stopped');
    return 0;
  } finally {
    await root.close();
  }
};

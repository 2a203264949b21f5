import type { ClockTime } from '../../config/units';
import type { Logger } from '../logging/create-logger';
import { dailyAt, repeatEvery } from './cron-pattern';
import { ScheduledJob } from './scheduled-job';

export interface PhaseSchedulesOptions {
  readonly timeZone: string;
  readonly storeEveryMs: number;
  readonly dailyAt: ClockTime;
  /** The store phase; resolves to counts to log. */
  readonly store: () => Promise<Record<string, unknown>>;
  /** The daily run (partition, then report of the previous day); resolves to counts to log. */
  readonly daily: () => Promise<Record<string, unknown>>;
  readonly logger: Logger;
}

/** The server's two schedules: store every few minutes, the daily run just after midnight in the zone. */
export class PhaseSchedules {
  readonly store: ScheduledJob;
  readonly daily: ScheduledJob;

  constructor(options: PhaseSchedulesOptions) {
    const { timeZone, logger } = options;
    this.store = new ScheduledJob({
      name: 'store',
      plan: repeatEvery(options.storeEveryMs),
      timeZone,
      task: options.store,
      logger,
    });
    this.daily = new ScheduledJob({
      name: 'daily',
      plan: { pattern: dailyAt(options.dailyAt) },
      timeZone,
      task: options.daily,
      logger,
    });
  }

  start(): void {
    this.store.start();
    this.daily.start();
  }

  /** Stops both schedules and waits for runs that are going. */
  async stop(): Promise<void> {
    await Promise.all([this.store.stop(), this.daily.stop()]);
  }
}

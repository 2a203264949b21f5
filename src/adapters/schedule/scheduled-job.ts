import { Cron } from 'croner';
import type { Logger } from '../logging/create-logger';
import type { RepeatPlan } from './cron-pattern';

export interface ScheduledJobOptions {
  readonly name: string;
  readonly plan: RepeatPlan;
  readonly timeZone: string;
  /** The work; what it resolves to is logged as the run's outcome (counts only, never records). */
  readonly task: () => Promise<Record<string, unknown>>;
  readonly logger: Logger;
}

/**
 * One job on a croner schedule, in a time zone. A run still going when the next one is due is
 * not started twice (croner's overrun protection; the skipped run is logged). Failures are logged
 * and the schedule goes on.
 */
export class ScheduledJob {
  private cron: Cron | undefined;
  private running: Promise<void> | undefined;

  constructor(private readonly options: ScheduledJobOptions) {}

  get name(): string {
    return this.options.name;
  }

  start(): void {
    if (this.cron !== undefined) return;
    const { plan, timeZone, logger, name } = this.options;
    this.cron = new Cron(
      plan.pattern,
      {
        timezone: timeZone,
        protect: () => logger.warn({ job: name }, 'the previous run is still going; this run is skipped'),
        ...(plan.intervalSeconds === undefined
          ? {}
          : { interval: plan.intervalSeconds, startAt: new Date(Date.now() + plan.intervalSeconds * 1000) }),
      },
      () => this.runOnce(),
    );
  }

  /** When the job runs next, if it is scheduled. */
  nextRun(): Date | null {
    return this.cron?.nextRun() ?? null;
  }

  /** Runs the job now unless a run is going (then waits for that one). */
  runOnce(): Promise<void> {
    this.running ??= this.execute().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** Stops the schedule and waits for a run that is going. */
  async stop(): Promise<void> {
    this.cron?.stop();
    this.cron = undefined;
    await this.running;
  }

  private async execute(): Promise<void> {
    const { logger, name, task } = this.options;
    const started = performance.now();
    logger.info({ job: name }, `${name} run started`);
    try {
      const outcome = await task();
      logger.info(
        { job: name, ms: Math.round(performance.now() - started), ...outcome },
        `${name} run finished`,
      );
    } catch (error) {
      logger.error(
        { job: name, ms: Math.round(performance.now() - started), err: error },
        `${name} run failed`,
      );
    }
  }
}

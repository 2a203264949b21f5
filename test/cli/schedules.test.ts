import { createLogger } from '../../src/adapters/logging/create-logger';
import { dailyAt, repeatEvery } from '../../src/adapters/schedule/cron-pattern';
import { PhaseSchedules } from '../../src/adapters/schedule/phase-schedules';
import { ScheduledJob } from '../../src/adapters/schedule/scheduled-job';
import { eventually } from '../support/eventually';

const capture = () => {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({
    level: 'info',
    stream: { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) },
  });
  return { lines, logger };
};

describe('schedule patterns', () => {
  it.each([
    [30_000, { pattern: '*/30 * * * * *' }],
    [300_000, { pattern: '0 */5 * * * *' }],
    [3_600_000, { pattern: '0 0 */1 * * *' }],
    [6 * 3_600_000, { pattern: '0 0 */6 * * *' }],
    [420_000, { pattern: '* * * * * *', intervalSeconds: 420 }],
    [86_400_000, { pattern: '* * * * * *', intervalSeconds: 86_400 }],
  ])('repeats every %d ms as %j', (ms, plan) => {
    expect(repeatEvery(ms)).toEqual(plan);
  });

  it('runs the daily job at the time of day in the configured zone', async () => {
    const { logger } = capture();
    const schedules = new PhaseSchedules({
      timeZone: 'Asia/Tokyo',
      storeEveryMs: 300_000,
      dailyAt: { hour: 0, minute: 5 },
      store: async () => ({}),
      daily: async () => ({}),
      logger,
    });
    schedules.start();
    try {
      const next = schedules.daily.nextRun();
      expect(next?.toISOString()).toMatch(/T15:05:00\.000Z$/);
      expect(next!.getTime() - Date.now()).toBeLessThanOrEqual(86_400_000);
      expect(schedules.store.nextRun()!.getUTCMinutes() % 5).toBe(0);
    } finally {
      await schedules.stop();
    }
    expect(dailyAt({ hour: 23, minute: 0 })).toBe('0 0 23 * * *');
  });
});

describe('a scheduled job', () => {
  it('does not start a run while the previous one is still going', async () => {
    const { lines, logger } = capture();
    let started = 0;
    let release: () => void = () => {};
    const job = new ScheduledJob({
      name: 'slow',
      plan: { pattern: '* * * * * *' },
      timeZone: 'UTC',
      logger,
      task: () => {
        started++;
        return new Promise((resolve) => {
          release = () => resolve({ records: 3 });
        });
      },
    });
    job.start();
    try {
      await eventually(
        async () => lines.filter((line) => line.level === 'warn').length,
        (n) => n >= 1,
        {
          timeoutMs: 5_000,
        },
      );
      expect(started).toBe(1);
    } finally {
      const stopping = job.stop();
      release();
      await stopping;
    }
    expect(lines.find((line) => line.msg === 'slow run finished')).toEqual(
      expect.objectContaining({ job: 'slow', records: 3 }),
    );
  });

  it('logs a failed run and keeps the schedule going', async () => {
    const { lines, logger } = capture();
    let runs = 0;
    const job = new ScheduledJob({
      name: 'flaky',
      plan: { pattern: '* * * * * *' },
      timeZone: 'UTC',
      logger,
      task: async () => {
        runs++;
        if (runs === 1) throw new Error('disk unplugged');
        return {};
      },
    });
    job.start();
    try {
      await eventually(
        async () => runs,
        (n) => n >= 2,
        { timeoutMs: 5_000 },
      );
    } finally {
      await job.stop();
    }
    const failure = lines.find((line) => line.msg === 'flaky run failed');
    expect(failure).toEqual(
      expect.objectContaining({
        level: 'error',
        err: expect.objectContaining({ message: 'disk unplugged' }),
      }),
    );
  });

  it('waits for a run that is going when it is stopped', async () => {
    const { logger } = capture();
    let finished = false;
    const job = new ScheduledJob({
      name: 'manual',
      plan: { pattern: '0 0 0 1 1 *' },
      timeZone: 'UTC',
      logger,
      task: async () => {
        await new Promise((resolve) => setTimeout(resolve, 100));
        finished = true;
        return {};
      },
    });
    job.start();
    void job.runOnce();
    await job.stop();
    expect(finished).toBe(true);
  });
});

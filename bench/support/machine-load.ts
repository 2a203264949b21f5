import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';

/** The 1-minute load average, two decimals. */
export const load1 = (): number => Math.round((os.loadavg()[0] ?? 0) * 100) / 100;

/** The three load averages as `1.23 / 2.34 / 3.45`. */
export const loadLine = (): string =>
  os
    .loadavg()
    .map((value) => value.toFixed(2))
    .join(' / ');

export interface QuietOptions {
  /** Wait until the 1-minute load average is at or below this (env `LOAD_TARGET`, default 1.0). */
  readonly target?: number;
  /** Give up waiting after this long and go on (env `LOAD_WAIT_S`, default 180 s). */
  readonly maxWaitMs?: number;
}

/**
 * Waits (polling every 5 s) until the machine's 1-minute load average is at or below the target,
 * or the wait is over; returns the load then, which the figures are reported with.
 * The machine is shared, so a measurement runs at the quietest moment it can get.
 */
export const waitForQuiet = async (label: string, options: QuietOptions = {}): Promise<number> => {
  const target = options.target ?? Number(process.env.LOAD_TARGET ?? 1.0);
  const maxWaitMs = options.maxWaitMs ?? Number(process.env.LOAD_WAIT_S ?? 180) * 1000;
  const deadline = Date.now() + maxWaitMs;
  while (load1() > target && Date.now() < deadline) {
    process.stdout.write(`  waiting for a quiet machine before ${label}: load ${load1()} > ${target}\n`);
    await sleep(5_000);
  }
  return load1();
};

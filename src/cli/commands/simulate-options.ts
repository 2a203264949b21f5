import { type Command, InvalidArgumentError, Option } from 'commander';
import { parseDuration } from '../../config/units';
import {
  DEFAULT_SIMULATION,
  SIMULATOR_FORMATS,
  type SimulatorFormat,
} from '../../simulator/simulation-defaults';

/** `locus simulate`'s options, read and checked. */
export interface SimulateOptions {
  readonly url: string;
  readonly format: SimulatorFormat;
  readonly devices: number;
  readonly rate: number;
  readonly duration: number;
  readonly concurrency: number;
  readonly timeout: number;
  readonly drain: number;
  readonly offline: number;
  readonly duplicates: number;
  readonly seed: number;
  readonly out?: string;
  readonly token?: string;
}

export const DEFAULT_URL = 'http://127.0.0.1:3000';

/** The local server `locus serve` starts with the same variables: 127.0.0.1 on `PORT` (3000). */
export const localServerUrl = (env: Readonly<Record<string, string | undefined>>): string => {
  const port = env.PORT?.trim();
  return port === undefined || port === '' || port === '0' ? DEFAULT_URL : `http://127.0.0.1:${port}`;
};

const whole =
  (min: number, max: number) =>
  (text: string): number => {
    const value = Number(text);
    if (!/^\d+$/.test(text.trim()) || value < min || value > max) {
      throw new InvalidArgumentError(`"${text}" is not a whole number from ${min} to ${max}.`);
    }
    return value;
  };

const positive = (text: string): number => {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value <= 0) {
    throw new InvalidArgumentError(`"${text}" is not a number above 0.`);
  }
  return value;
};

const probability = (text: string): number => {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < 0 || value > 1) {
    throw new InvalidArgumentError(`"${text}" is not a probability from 0 to 1.`);
  }
  return value;
};

const duration = (text: string): number => {
  const ms = parseDuration(text);
  if (ms === undefined || ms <= 0)
    throw new InvalidArgumentError(`"${text}" is not a duration such as 30s, 5m or 1h.`);
  return ms;
};

const httpUrl = (text: string): string => {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InvalidArgumentError(`"${text}" is not a URL.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InvalidArgumentError(`"${text}" is not an http(s) URL.`);
  }
  if (url.search !== '' || url.hash !== '')
    throw new InvalidArgumentError(`"${text}" must not have a query or fragment.`);
  return text.replace(/\/+$/, '');
};

/**
 * Declares `locus simulate` on `program`; `run` gets the checked options. Declared apart from its
 * action so that the program loads the simulator only when the command runs.
 */
export const defineSimulateCommand = (
  program: Command,
  run: (options: SimulateOptions) => Promise<void>,
): Command =>
  program
    .command('simulate')
    .description(
      'simulate devices sending locations to a Locus server (walking, driving, stationary, going offline, ' +
        'resending on timeouts); prints a live summary and, at the end, the records it got 202 for',
    )
    .addOption(
      new Option(
        '--url <url>',
        `the server to talk to (and only it); default: ${DEFAULT_URL}, or port $PORT when set`,
      ).argParser(httpUrl),
    )
    .addOption(
      new Option('--format <format>', 'the request format').choices(SIMULATOR_FORMATS).default('native'),
    )
    .addOption(
      new Option('--devices <n>', 'how many devices')
        .default(DEFAULT_SIMULATION.devices)
        .argParser(whole(1, 100_000)),
    )
    .addOption(
      new Option('--rate <n>', 'location fixes per second, all devices together')
        .default(DEFAULT_SIMULATION.rate)
        .argParser(positive),
    )
    .addOption(
      new Option('--duration <time>', 'how long to take fixes, e.g. 30s, 5m')
        .default(60_000, '1m')
        .argParser(duration),
    )
    .addOption(
      new Option('--concurrency <n>', 'most requests in flight at once')
        .default(DEFAULT_SIMULATION.concurrency)
        .argParser(whole(1, 10_000)),
    )
    .addOption(
      new Option('--timeout <time>', 'a request without an answer by then is sent again')
        .default(DEFAULT_SIMULATION.timeoutMs, '10s')
        .argParser(duration),
    )
    .addOption(
      new Option('--drain <time>', 'after the run, how long backlogs and resends may still be sent')
        .default(DEFAULT_SIMULATION.drainMs, '15s')
        .argParser(duration),
    )
    .addOption(
      new Option('--offline <probability>', 'per fix, the chance a device goes offline for 5-30 fixes')
        .default(DEFAULT_SIMULATION.offlineChance)
        .argParser(probability),
    )
    .addOption(
      new Option(
        '--duplicates <probability>',
        'per accepted request, the chance it is sent again (a lost answer)',
      )
        .default(DEFAULT_SIMULATION.duplicateChance)
        .argParser(probability),
    )
    .addOption(
      new Option('--seed <n>', 'seed of the paths and events')
        .default(DEFAULT_SIMULATION.seed)
        .argParser(whole(0, 2 ** 32 - 1)),
    )
    .addOption(new Option('--out <file>', 'write the accepted records (JSON) to this file instead of stdout'))
    .addOption(
      new Option('--token <token>', 'a device token, sent as Authorization: Bearer on every request'),
    )
    .action(run);

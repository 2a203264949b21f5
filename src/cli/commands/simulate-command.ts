import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { SystemClock } from '../../adapters/system/system-clock';
import type { Clock } from '../../ports';
import { fetchSender, type Sender } from '../../simulator/http-sender';
import { Simulation, type SimulationOptions } from '../../simulator/simulation';
import { acceptedDocument, progressLine, summaryText } from '../../simulator/simulation-report';
import type { CliIo } from '../cli-io';
import type { SimulateOptions } from './simulate-options';

/** What the command runs on; tests replace the sender or the clock. */
export interface SimulateDeps {
  readonly clock?: Clock;
  readonly send?: Sender;
}

/**
 * `locus simulate`: runs the devices against `--url` until `--duration` has passed (or a stop
 * signal: the first ends the run and lets the backlogs go out, a second ends at once), showing a
 * live summary on stderr. At the end it prints the summary and the accepted records: as JSON on
 * stdout, or into `--out`. Exits 1 when requests were sent and none was answered 202.
 */
export const simulateCommand = async (
  io: CliIo,
  options: SimulateOptions,
  deps: SimulateDeps = {},
): Promise<number> => {
  const settings: SimulationOptions = {
    format: options.format,
    devices: options.devices,
    rate: options.rate,
    durationMs: options.duration,
    concurrency: options.concurrency,
    timeoutMs: options.timeout,
    drainMs: options.drain,
    offlineChance: options.offline,
    duplicateChance: options.duplicates,
    seed: options.seed,
  };
  const live = io.stderr.isTTY === true;
  const simulation = new Simulation(settings, {
    clock: deps.clock ?? new SystemClock(),
    send: deps.send ?? fetchSender(options.url, options.token),
    progressEveryMs: live ? 1_000 : 10_000,
    onProgress: (stats) => {
      const line = progressLine(stats, settings.durationMs);
      io.stderr.write(live ? `\r${line}\u001b[K` : `${line}\n`);
    },
  });
  let signals = 0;
  const unlisten = io.onStopSignal(() => {
    signals++;
    if (signals === 1) {
      io.stderr.write('\nstopping: sending what is still queued (signal again to stop at once)\n');
      simulation.stop();
    } else {
      simulation.abandon();
    }
  });
  io.stderr.write(
    `simulating ${settings.devices} device(s), ${settings.rate} fix(es)/s for ${settings.durationMs / 1000} s, ` +
      `${settings.format} format, against ${options.url}\n`,
  );
  let result: Awaited<ReturnType<Simulation['run']>>;
  try {
    result = await simulation.run();
  } finally {
    unlisten();
  }
  if (live) io.stderr.write('\n');
  io.stderr.write(summaryText(result, settings, options.url));
  const document = `${JSON.stringify(acceptedDocument(result, settings, options.url), null, 2)}\n`;
  if (options.out === undefined) {
    io.stdout.write(document);
  } else {
    const file = resolve(io.cwd, options.out);
    await writeFile(file, document, 'utf8');
    io.stdout.write(`${result.accepted.length} accepted record(s) written to ${file}\n`);
  }
  return result.stats.requests > 0 && result.stats.accepted === 0 ? 1 : 0;
};

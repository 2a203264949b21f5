import type { Clock } from '../ports';
import type { Sender } from './http-sender';
import type { SimulatorFormat } from './simulation-defaults';
import type { SimulationStats } from './simulation-tally';

/** What to simulate. */
export interface SimulationOptions {
  readonly format: SimulatorFormat;
  readonly devices: number;
  /** Location fixes per second, all devices together (one request each while nothing is queued). */
  readonly rate: number;
  readonly durationMs: number;
  /** Most requests in flight at once. */
  readonly concurrency: number;
  /** A request without a complete answer by then counts as timed out and is sent again. */
  readonly timeoutMs: number;
  /** After the run, how long devices may still send their backlogs and resends. */
  readonly drainMs: number;
  /** At each turn, the chance that an online device goes offline (for 5 to 30 of its turns). */
  readonly offlineChance: number;
  /** For each accepted request, the chance that it is sent again as if its answer was lost. */
  readonly duplicateChance: number;
  readonly seed: number;
}

/** What a simulation talks to: the clock, the sender, and who hears of its progress. */
export interface SimulationDeps {
  readonly clock: Clock;
  readonly send: Sender;
  readonly onProgress?: (stats: SimulationStats) => void;
  readonly progressEveryMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

import { createDeviceFleet } from './device-fleet';
import type { SendResult } from './http-sender';
import { seededRandom } from './random';
import { RequestSlots } from './request-slots';
import { SendOutcomes } from './send-outcomes';
import type { SimDevice } from './sim-device';
import type { SimulationDeps, SimulationOptions } from './simulation-options';
import { type SimulationResult, type SimulationStats, SimulationTally } from './simulation-tally';

export type { SimulationDeps, SimulationOptions } from './simulation-options';
export type { SimulationResult, SimulationStats } from './simulation-tally';

const MAX_TURNS_PER_TICK = 1000;

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * N devices moving along plausible paths (walking, driving, stationary), taking fixes at a given
 * overall rate for a given time and sending them in one format to one server: some go offline
 * and send their backlog later, requests without an answer are sent again unchanged, and a few
 * answered ones are sent twice. Keeps the set of records answered with 202.
 */
export class Simulation {
  private readonly devices: SimDevice[];
  private readonly slots: RequestSlots;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly tally = new SimulationTally();
  private readonly outcomes: SendOutcomes;
  private readonly tasks = new Set<Promise<void>>();
  private startedAt = 0;
  private phase: 'run' | 'drain' | 'abandon' = 'run';

  constructor(
    private readonly options: SimulationOptions,
    private readonly deps: SimulationDeps,
  ) {
    const random = seededRandom(options.seed);
    this.slots = new RequestSlots(Math.max(1, options.concurrency));
    this.sleep = deps.sleep ?? pause;
    this.outcomes = new SendOutcomes(this.tally, deps.clock, random, options.duplicateChance);
    this.devices = createDeviceFleet(options.devices, random, deps.clock.now());
  }

  /** Ends the run early: no more fixes; the backlogs and resends are still sent (within the drain time). */
  stop(): void {
    if (this.phase === 'run') this.phase = 'drain';
  }

  /** Ends at once: nothing more is sent; requests in flight are awaited. */
  abandon(): void {
    this.phase = 'abandon';
  }

  /** Runs the simulation to its end and returns what was accepted. */
  async run(): Promise<SimulationResult> {
    const { clock, onProgress } = this.deps;
    const { rate, durationMs, drainMs } = this.options;
    const progressEvery = this.deps.progressEveryMs ?? 1_000;
    this.startedAt = clock.now();
    let nextProgress = this.startedAt + progressEvery;
    let turns = 0;
    const progress = () => {
      if (onProgress !== undefined && clock.now() >= nextProgress) {
        nextProgress += progressEvery;
        onProgress(this.stats());
      }
    };
    while (this.phase === 'run' && this.devices.length > 0) {
      const now = clock.now();
      const elapsed = now - this.startedAt;
      if (elapsed >= durationMs) break;
      const due = Math.min(Math.floor((elapsed * rate) / 1000) + 1 - turns, MAX_TURNS_PER_TICK);
      for (let i = 0; i < due; i++) this.turn(this.devices[turns++ % this.devices.length] as SimDevice, now);
      progress();
      const nextTurnAt = this.startedAt + (turns * 1000) / rate;
      await this.sleep(Math.min(100, Math.max(1, nextTurnAt - clock.now())));
    }
    if (this.phase !== 'abandon') this.phase = 'drain';
    for (const device of this.devices) device.goOnline();
    const drainUntil = clock.now() + drainMs;
    while (
      this.phase === 'drain' &&
      clock.now() < drainUntil &&
      (this.tasks.size > 0 || this.devices.some((d) => d.waiting > 0))
    ) {
      for (const device of this.devices) this.dispatch(device);
      progress();
      await this.sleep(50);
    }
    this.phase = 'abandon';
    while (this.tasks.size > 0) await Promise.allSettled([...this.tasks]);
    return {
      startedAt: this.startedAt,
      finishedAt: clock.now(),
      stats: this.stats(),
      accepted: this.tally.accepted(),
      unconfirmed: this.tally.unconfirmed(),
      problems: this.tally.problems(),
    };
  }

  /** The counts so far. */
  stats(): SimulationStats {
    return {
      elapsedMs: this.deps.clock.now() - this.startedAt,
      ...this.tally.counts,
      inFlight: this.tasks.size,
      waiting: this.devices.reduce((sum, d) => sum + d.waiting, 0),
      offlineDevices: this.devices.filter((d) => d.offline).length,
      acceptedRecords: this.tally.acceptedCount,
    };
  }

  private turn(device: SimDevice, now: number): void {
    device.record(now);
    this.tally.counts.fixes++;
    if (!device.offlineThisTurn(this.options.offlineChance)) this.dispatch(device);
  }

  private dispatch(device: SimDevice): void {
    const now = this.deps.clock.now();
    if (this.phase === 'abandon' || device.inFlight || device.offline || now < device.retryAt) return;
    const outgoing = device.next(this.options.format, now);
    if (outgoing === undefined) return;
    device.inFlight = true;
    this.tally.sent(outgoing.records);
    if (outgoing.attempts > 0 || outgoing.duplicate) this.tally.counts.resent++;
    outgoing.attempts++;
    this.tally.counts.requests++;
    const task = this.slots
      .run(() => this.deps.send(outgoing.request, this.options.timeoutMs))
      .catch((error: unknown): SendResult => ({ kind: 'network', message: String(error) }))
      .then((result) => {
        device.inFlight = false;
        this.outcomes.settle(device, outgoing, result);
        this.dispatch(device);
      });
    this.tasks.add(task);
    void task.finally(() => this.tasks.delete(task));
  }
}

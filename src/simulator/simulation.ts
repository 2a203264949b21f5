import type { Clock } from '../ports';
import type { Sender, SendResult } from './http-sender';
import type { Movement } from './movement';
import { between, type Random, seededRandom, weighted } from './random';
import { type Outgoing, SimDevice } from './sim-device';
import type { SimulatorFormat } from './simulation-defaults';
import type { ExpectedRecord } from './wire-formats';

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

/** Counts of a run so far. */
export interface SimulationStats {
  readonly elapsedMs: number;
  /** Fixes taken. */
  readonly fixes: number;
  /** Requests sent, resends included. */
  readonly requests: number;
  /** Requests sent again (after a timeout or an error, or as a deliberate duplicate). */
  readonly resent: number;
  /** 202 answers. */
  readonly accepted: number;
  readonly timeouts: number;
  readonly networkErrors: number;
  /** 5xx, 408 and 429 answers (sent again). */
  readonly serverErrors: number;
  /** Other 4xx and 3xx answers (not sent again). */
  readonly refused: number;
  /** 2xx answers other than 202 (nothing stored). */
  readonly otherAnswers: number;
  /** Requests given up after too many attempts. */
  readonly gaveUp: number;
  /** Record ids the server named that differ from the ones the simulator computed. */
  readonly idMismatches: number;
  readonly inFlight: number;
  /** Fixes and resends waiting on the devices. */
  readonly waiting: number;
  readonly offlineDevices: number;
  /** Distinct records the server accepted (202). */
  readonly acceptedRecords: number;
}

/** The outcome of a run: what to reconcile the day's CSV against. */
export interface SimulationResult {
  readonly startedAt: number;
  readonly finishedAt: number;
  readonly stats: SimulationStats;
  /** Records the server answered 202 for, by device and time: each must be in the CSV exactly once. */
  readonly accepted: readonly ExpectedRecord[];
  /** Records sent but never confirmed (no answer in time): each may or may not be in the CSV. */
  readonly unconfirmed: readonly ExpectedRecord[];
  /** The first distinct problems seen (refusals, network errors). */
  readonly problems: readonly string[];
}

export interface SimulationDeps {
  readonly clock: Clock;
  readonly send: Sender;
  readonly onProgress?: (stats: SimulationStats) => void;
  readonly progressEveryMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

const MAX_ATTEMPTS = 8;
const MAX_TURNS_PER_TICK = 1000;
const MAX_PROBLEMS = 10;
/** Where the devices start: around Tokyo Station. */
const CENTRE = { latitude: 35.681236, longitude: 139.767125 };
const MOVEMENTS: readonly (readonly [Movement, number])[] = [
  ['walking', 0.5],
  ['driving', 0.3],
  ['stationary', 0.2],
];

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Hands out at most `max` slots; a released slot goes straight to the next waiter. */
class Slots {
  private active = 0;
  private readonly waiters: (() => void)[] = [];

  constructor(private readonly max: number) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.active < this.max) this.active++;
    else await new Promise<void>((resolve) => this.waiters.push(resolve));
    try {
      return await work();
    } finally {
      const next = this.waiters.shift();
      if (next !== undefined) next();
      else this.active--;
    }
  }
}

const backoff = (attempts: number): number => Math.min(5_000, 250 * 2 ** Math.max(0, attempts - 1));

const byDeviceAndTime = (a: ExpectedRecord, b: ExpectedRecord): number =>
  a.deviceId.localeCompare(b.deviceId) ||
  a.recordedAt.localeCompare(b.recordedAt) ||
  a.recordId.localeCompare(b.recordId);

/** What a 202 body says: the ids it names, and whether it is a (partial) Overland `result`. */
const readAnswer = (text: string): { ids?: readonly string[]; incomplete: boolean } => {
  try {
    const body = JSON.parse(text) as unknown;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return { incomplete: false };
    const { ids, result } = body as { ids?: unknown; result?: unknown };
    return {
      ...(Array.isArray(ids) && ids.every((id) => typeof id === 'string') ? { ids } : {}),
      incomplete: result !== undefined && result !== 'ok',
    };
  } catch {
    return { incomplete: false };
  }
};

/**
 * N devices moving along plausible paths (walking, driving, stationary), taking fixes at a given
 * overall rate for a given time and sending them in one format to one server: some go offline
 * and send their backlog later, requests without an answer are sent again unchanged, and a few
 * answered ones are sent twice. Keeps the set of records answered with 202.
 */
export class Simulation {
  private readonly random: Random;
  private readonly devices: SimDevice[];
  private readonly slots: Slots;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly acceptedRecords = new Map<string, ExpectedRecord>();
  private readonly sentRecords = new Map<string, ExpectedRecord>();
  private readonly problems = new Set<string>();
  private readonly tasks = new Set<Promise<void>>();
  private counts = {
    fixes: 0,
    requests: 0,
    resent: 0,
    accepted: 0,
    timeouts: 0,
    networkErrors: 0,
    serverErrors: 0,
    refused: 0,
    otherAnswers: 0,
    gaveUp: 0,
    idMismatches: 0,
  };
  private startedAt = 0;
  private phase: 'run' | 'drain' | 'abandon' = 'run';

  constructor(
    private readonly options: SimulationOptions,
    private readonly deps: SimulationDeps,
  ) {
    this.random = seededRandom(options.seed);
    this.slots = new Slots(Math.max(1, options.concurrency));
    this.sleep = deps.sleep ?? pause;
    const width = Math.max(4, String(options.devices).length);
    const now = deps.clock.now();
    this.devices = Array.from({ length: options.devices }, (_, i) => {
      const start = {
        latitude: CENTRE.latitude + between(this.random, -0.05, 0.05),
        longitude: CENTRE.longitude + between(this.random, -0.05, 0.05),
      };
      const name = `sim-${String(i + 1).padStart(width, '0')}`;
      return new SimDevice(name, weighted(this.random, MOVEMENTS), start, this.random, now);
    });
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
    const accepted = [...this.acceptedRecords.values()].sort(byDeviceAndTime);
    const unconfirmed = [...this.sentRecords.values()]
      .filter((record) => !this.acceptedRecords.has(record.recordId))
      .sort(byDeviceAndTime);
    return {
      startedAt: this.startedAt,
      finishedAt: clock.now(),
      stats: this.stats(),
      accepted,
      unconfirmed,
      problems: [...this.problems],
    };
  }

  /** The counts so far. */
  stats(): SimulationStats {
    return {
      elapsedMs: this.deps.clock.now() - this.startedAt,
      ...this.counts,
      inFlight: this.tasks.size,
      waiting: this.devices.reduce((sum, d) => sum + d.waiting, 0),
      offlineDevices: this.devices.filter((d) => d.offline).length,
      acceptedRecords: this.acceptedRecords.size,
    };
  }

  private turn(device: SimDevice, now: number): void {
    device.record(now);
    this.counts.fixes++;
    if (!device.offlineThisTurn(this.options.offlineChance)) this.dispatch(device);
  }

  private dispatch(device: SimDevice): void {
    const now = this.deps.clock.now();
    if (this.phase === 'abandon' || device.inFlight || device.offline || now < device.retryAt) return;
    const outgoing = device.next(this.options.format, now);
    if (outgoing === undefined) return;
    device.inFlight = true;
    for (const record of outgoing.records) this.sentRecords.set(record.recordId, record);
    if (outgoing.attempts > 0 || outgoing.duplicate) this.counts.resent++;
    outgoing.attempts++;
    this.counts.requests++;
    const task = this.slots
      .run(() => this.deps.send(outgoing.request, this.options.timeoutMs))
      .catch((error: unknown): SendResult => ({ kind: 'network', message: String(error) }))
      .then((result) => {
        device.inFlight = false;
        this.settle(device, outgoing, result);
        this.dispatch(device);
      });
    this.tasks.add(task);
    void task.finally(() => this.tasks.delete(task));
  }

  private settle(device: SimDevice, outgoing: Outgoing, result: SendResult): void {
    if (result.kind !== 'answer') {
      if (result.kind === 'timeout') this.counts.timeouts++;
      else {
        this.counts.networkErrors++;
        this.problem(`network: ${result.message}`);
      }
      this.retry(device, outgoing);
    } else if (result.status === 202) {
      this.counts.accepted++;
      const answer = readAnswer(result.text);
      this.confirm(outgoing, answer.ids);
      // Overland keeps a batch that was not wholly stored and sends it again, as the app does.
      if (answer.incomplete) this.retry(device, outgoing);
      else if (!outgoing.duplicate && this.random() < this.options.duplicateChance)
        device.duplicateLater(outgoing);
    } else if (result.status >= 500 || result.status === 408 || result.status === 429) {
      this.counts.serverErrors++;
      this.retry(device, outgoing);
    } else if (result.status >= 200 && result.status < 300) {
      this.counts.otherAnswers++;
    } else {
      this.counts.refused++;
      const { method, path } = outgoing.request;
      this.problem(`${result.status} ${method} ${path}: ${result.text.slice(0, 300)}`);
    }
  }

  /** Takes a request's records as accepted: those the answer names, or all when it names none. */
  private confirm(outgoing: Outgoing, ids: readonly string[] | undefined): void {
    const named = ids === undefined ? undefined : new Set(ids);
    if (named !== undefined) {
      const expected = new Set(outgoing.records.map((r) => r.recordId));
      this.counts.idMismatches += [...named].filter((id) => !expected.has(id)).length;
    }
    for (const record of outgoing.records) {
      if (named === undefined || named.has(record.recordId))
        this.acceptedRecords.set(record.recordId, record);
    }
  }

  private retry(device: SimDevice, outgoing: Outgoing): void {
    if (outgoing.attempts >= MAX_ATTEMPTS) {
      this.counts.gaveUp++;
      return;
    }
    device.sendAgain(outgoing, this.deps.clock.now() + backoff(outgoing.attempts));
  }

  private problem(text: string): void {
    if (this.problems.size < MAX_PROBLEMS) this.problems.add(text);
  }
}

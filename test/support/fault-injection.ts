import type { LocationRecord } from '../../src/domain';
import {
  type LeasedMessage,
  type LocationQueue,
  LocusError,
  type LocusErrorCode,
  type QuarantinedMessage,
  type QueueDepth,
  type RedriveOutcome,
} from '../../src/ports';
import { SimulatedCrash } from './faults';

/**
 * What can go wrong with one port call:
 * - `fail`: a retryable {@link LocusError} before the call has any effect;
 * - `fail-after`: the call takes effect, then the caller sees a retryable error (a batch written,
 *   the answer lost);
 * - `timeout`: like `fail-after`, with a time-out's code and message (the caller cannot tell
 *   whether the effect happened);
 * - `crash-before` / `crash-after`: a {@link SimulatedCrash} before or after the effect, and the
 *   process is dead from then on: every later call crashes too, until {@link FaultInjector.restart}.
 */
export type FaultKind = 'fail' | 'fail-after' | 'timeout' | 'crash-before' | 'crash-after';

export const FAULT_KINDS: readonly FaultKind[] = [
  'fail',
  'fail-after',
  'timeout',
  'crash-before',
  'crash-after',
];

/**
 * A fault at the `at`-th fault point (1-based, counted over the whole scenario, restarts included),
 * or, with `port`, at the `at`-th fault point of that port.
 */
export interface Fault {
  readonly at: number;
  readonly kind: FaultKind;
  readonly port?: string;
}

/** A fault that happened: where, and whether the call's effect took place. */
export interface FiredFault {
  readonly at: number;
  readonly kind: FaultKind;
  /** `port.method`, or `port.method#chunk` when it hit a stream between two chunks. */
  readonly point: string;
}

/** The code of the error a port's callers expect when it is unavailable. */
const unavailableCode = (port: string): LocusErrorCode => {
  if (port === 'queue') return 'QUEUE_UNAVAILABLE';
  if (port === 'reportQuery') return 'QUERY_FAILED';
  if (port === 'server') return 'LIFECYCLE_FAILED';
  return 'STORE_UNAVAILABLE';
};

const portOf = (point: string): string => point.slice(0, point.indexOf('.'));

/** Whether an error is one this module injected (or a crash): everything else is a real failure. */
export const isInjected = (error: unknown): boolean =>
  error instanceof SimulatedCrash ||
  (error instanceof LocusError && (error as InjectedError).injected === true);

type InjectedError = LocusError & { injected?: boolean };

const injectedError = (point: string, kind: 'fail' | 'fail-after' | 'timeout'): LocusError => {
  const port = portOf(point);
  const code: LocusErrorCode =
    kind === 'timeout' && port === 'reportQuery' ? 'QUERY_TIMEOUT' : unavailableCode(port);
  const message =
    kind === 'fail'
      ? `injected failure of ${point}`
      : kind === 'fail-after'
        ? `injected failure of ${point} after it took effect`
        : `injected time-out of ${point} (it took effect)`;
  const error: InjectedError = new LocusError(code, message, { retryable: true });
  error.injected = true;
  return error;
};

const isAsyncIterable = (value: unknown): value is AsyncIterable<unknown> =>
  value !== null && typeof value === 'object' && Symbol.asyncIterator in value;

/** Port methods that hand out a stream (an async iterable, returned at once). */
const STREAM_METHODS = new Set(['read', 'readPart', 'rowsFor']);
/** Port methods that answer at once, without a promise. */
const SYNC_METHODS = new Set(['keys']);

interface Hook {
  readonly point: string;
  readonly moment: 'before' | 'after';
  readonly action: () => Promise<void>;
}

/** A stream that first runs `action`, then hands out what `open` returns. */
async function* deferredStream(
  action: () => Promise<void>,
  open: () => AsyncIterable<unknown>,
): AsyncGenerator<unknown> {
  await action();
  yield* open();
}

async function* failingStream(error: Error): AsyncGenerator<never> {
  yield* [];
  throw error;
}

const isPromise = (value: unknown): value is Promise<unknown> =>
  value !== null && typeof value === 'object' && typeof (value as { then?: unknown }).then === 'function';

/**
 * Decides, at every fault point of the wrapped ports, whether a fault happens there. A fault point
 * is a port call, or the pull of one chunk from a stream a port returned. Points are counted over
 * the whole scenario, so a schedule drawn once spreads its faults over every phase and every retry,
 * and a finite schedule always lets a retried phase succeed in the end.
 */
export class FaultInjector {
  /** Fault points passed so far. */
  points = 0;
  readonly fired: FiredFault[] = [];
  /** Every port call made, by `port.method` (for checks that a phase was exercised). */
  readonly calls = new Map<string, number>();
  private readonly planned = new Map<number, FaultKind>();
  private readonly plannedByPort = new Map<string, Map<number, FaultKind>>();
  private readonly pointsByPort = new Map<string, number>();
  private readonly hooks: Hook[] = [];
  private dead = false;

  constructor(faults: readonly Fault[] = []) {
    for (const fault of faults) {
      if (fault.port === undefined) this.planned.set(fault.at, fault.kind);
      else {
        const planned = this.plannedByPort.get(fault.port) ?? new Map<number, FaultKind>();
        planned.set(fault.at, fault.kind);
        this.plannedByPort.set(fault.port, planned);
      }
    }
  }

  /** Adds a fault at a point still to come, `ahead` points from now (1 = the next point). */
  inject(kind: FaultKind, ahead = 1): void {
    this.planned.set(this.points + ahead, kind);
  }

  /**
   * Runs `action` once, the next time the process passes `point` (`port.method`, or
   * `port.method#chunk` for a chunk of a stream), before or after the call's effect; the call waits
   * for it. This is how a test makes another process act in the middle of a run.
   */
  when(point: string, moment: 'before' | 'after', action: () => Promise<void>): void {
    this.hooks.push({ point, moment, action });
  }

  /** Whether the "process" crashed and has not been restarted. */
  get crashed(): boolean {
    return this.dead;
  }

  /** A new process: calls go through again (the schedule and the count go on). */
  restart(): void {
    this.dead = false;
  }

  /** Wraps every method of a port (and of the scratch areas it opens) with this injector's faults. */
  wrap<T extends object>(port: T, name: string): T {
    return new Proxy(port, {
      get: (target, property, receiver) => {
        const value = Reflect.get(target, property, receiver);
        if (typeof value !== 'function' || property === 'constructor') return value;
        const point = `${name}.${String(property)}`;
        return (...args: unknown[]) => this.call(point, () => value.apply(target, args));
      },
    });
  }

  private next(point: string): FaultKind | undefined {
    if (this.dead) throw new SimulatedCrash(point);
    this.points++;
    const port = portOf(point);
    const nth = (this.pointsByPort.get(port) ?? 0) + 1;
    this.pointsByPort.set(port, nth);
    const byPort = this.plannedByPort.get(port);
    const kind = this.planned.get(this.points) ?? byPort?.get(nth);
    if (kind === undefined) return undefined;
    this.planned.delete(this.points);
    byPort?.delete(nth);
    this.fired.push({ at: this.points, kind, point });
    if (kind === 'crash-before') {
      this.dead = true;
      throw new SimulatedCrash(point);
    }
    return kind;
  }

  private after(point: string, kind: FaultKind | undefined): void {
    if (kind === 'crash-after') {
      this.dead = true;
      throw new SimulatedCrash(`${point} (after its effect)`);
    }
    if (kind === 'fail-after' || kind === 'timeout') throw injectedError(point, kind);
  }

  private takeHook(point: string, moment: 'before' | 'after'): Hook | undefined {
    const index = this.hooks.findIndex((hook) => hook.point === point && hook.moment === moment);
    return index < 0 ? undefined : this.hooks.splice(index, 1)[0];
  }

  private call(point: string, effect: () => unknown): unknown {
    const before = this.takeHook(point, 'before');
    if (before !== undefined) {
      return STREAM_METHODS.has(point.slice(point.indexOf('.') + 1))
        ? deferredStream(before.action, () => this.call(point, effect) as AsyncIterable<unknown>)
        : before.action().then(() => this.call(point, effect));
    }
    const after = this.takeHook(point, 'after');
    if (after !== undefined) {
      const result = this.call(point, effect);
      if (!isPromise(result)) return result;
      return result.then(async (value) => {
        await after.action();
        return value;
      });
    }
    this.calls.set(point, (this.calls.get(point) ?? 0) + 1);
    const method = point.slice(point.indexOf('.') + 1);
    const kind = this.next(point);
    if (kind === 'fail') {
      const error = injectedError(point, 'fail');
      if (SYNC_METHODS.has(method)) throw error;
      if (STREAM_METHODS.has(method)) return failingStream(error);
      return Promise.reject(error);
    }
    const result = effect();
    if (isPromise(result)) {
      return result.then((value) => {
        this.after(point, kind);
        return point === 'scratch.open' ? this.wrap(value as object, 'scratch') : value;
      });
    }
    if (isAsyncIterable(result)) return this.stream(point, result, kind);
    this.after(point, kind);
    return result;
  }

  /** A stream whose every chunk is a fault point; a fault planned on the call itself hits its end. */
  private async *stream(
    point: string,
    source: AsyncIterable<unknown>,
    atEnd: FaultKind | undefined,
  ): AsyncGenerator<unknown> {
    for await (const chunk of source) {
      const before = this.takeHook(`${point}#chunk`, 'before');
      if (before !== undefined) await before.action();
      const kind = this.next(`${point}#chunk`);
      if (kind === 'crash-after') {
        this.dead = true;
        throw new SimulatedCrash(`${point}#chunk`);
      }
      if (kind !== undefined) throw injectedError(`${point}#chunk`, kind === 'fail' ? 'fail' : 'timeout');
      yield chunk;
      const after = this.takeHook(`${point}#chunk`, 'after');
      if (after !== undefined) await after.action();
    }
    this.after(point, atEnd);
  }
}

/**
 * A standard queue's at-least-once delivery, at random: a lease sometimes also hands out again a
 * message of an earlier lease, under a receipt that acknowledges nothing (the copy SQS may deliver
 * while the original is still in flight).
 */
export class AtLeastOnceQueue implements LocationQueue {
  private readonly seen: LeasedMessage[] = [];
  private copies = 0;

  constructor(
    private readonly inner: LocationQueue,
    private readonly random: () => number,
    private readonly redeliveryRate = 0.25,
  ) {}

  /** Copies handed out so far. */
  get redelivered(): number {
    return this.copies;
  }

  enqueue(records: readonly LocationRecord[]): Promise<void> {
    return this.inner.enqueue(records);
  }

  async lease(maxMessages: number, leaseMs: number): Promise<readonly LeasedMessage[]> {
    const leased = await this.inner.lease(maxMessages, leaseMs);
    const extra: LeasedMessage[] = [];
    if (leased.length > 0 && this.seen.length > 0 && this.random() < this.redeliveryRate) {
      const earlier = this.seen[Math.floor(this.random() * this.seen.length)] as LeasedMessage;
      extra.push({ receipt: `copy-${this.copies++}`, records: earlier.records });
    }
    this.seen.push(...leased);
    return [...leased, ...extra];
  }

  acknowledge(receipts: readonly string[]): Promise<void> {
    return this.inner.acknowledge(receipts.filter((receipt) => !receipt.startsWith('copy-')));
  }

  depth(): Promise<QueueDepth> {
    return this.inner.depth();
  }

  quarantine(): Promise<readonly QuarantinedMessage[]> {
    return this.inner.quarantine();
  }

  redrive(ids?: readonly string[]): Promise<RedriveOutcome> {
    return this.inner.redrive(ids);
  }
}

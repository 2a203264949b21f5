import { type Movement, Path, type Place } from './movement';
import { type Random, wholeBetween } from './random';
import type { SimulatorFormat } from './simulation-defaults';
import {
  type ExpectedRecord,
  expectedRecords,
  MAX_BATCH,
  requestFor,
  sendsBatches,
  type TimedFix,
  type WireRequest,
} from './wire-formats';

/** A request of a device with the records it carries. */
export interface Outgoing {
  readonly request: WireRequest;
  readonly records: readonly ExpectedRecord[];
  /** How many times it has been sent. */
  attempts: number;
  /** A deliberate resend of a request that was answered (as if the answer had been lost). */
  readonly duplicate: boolean;
}

/**
 * One simulated phone: it takes a fix on each of its turns, keeps the fixes it could not send
 * (offline, or a request in flight) and sends them later, and sends a request again, unchanged,
 * when it got no answer or a server error. Like the apps, it has one request in flight at a time.
 */
export class SimDevice {
  private readonly path: Path;
  private readonly unsent: TimedFix[] = [];
  private readonly retries: Outgoing[] = [];
  private offlineTurns = 0;
  private lastFixAt: number;
  /** Whether a request of this device is waiting for its answer. */
  inFlight = false;
  /** No request is sent before this time (epoch ms): the back-off after a failure. */
  retryAt = 0;

  constructor(
    readonly name: string,
    readonly movement: Movement,
    start: Place,
    private readonly random: Random,
    startedAt: number,
  ) {
    this.path = new Path(movement, start, random);
    this.lastFixAt = startedAt;
  }

  /** Takes a fix at `now` (kept until it is sent). */
  record(now: number): void {
    const fix = this.path.advance(now - this.lastFixAt);
    this.lastFixAt = now;
    this.unsent.push({ ...fix, at: now });
  }

  /** Decides at a turn whether the device is offline: it drops out with `chance`, for 5 to 30 turns. */
  offlineThisTurn(chance: number): boolean {
    if (this.offlineTurns > 0) {
      this.offlineTurns--;
      return true;
    }
    if (this.random() < chance) {
      this.offlineTurns = wholeBetween(this.random, 5, 30);
      return true;
    }
    return false;
  }

  get offline(): boolean {
    return this.offlineTurns > 0;
  }

  /** Back online (at the end of a run, to send the backlog). */
  goOnline(): void {
    this.offlineTurns = 0;
  }

  /** Fixes not yet sent plus requests waiting to be sent again. */
  get waiting(): number {
    return this.unsent.length + this.retries.length;
  }

  /** The next request to send: a resend first, then the oldest fixes (a batch in the batch formats). */
  next(format: SimulatorFormat, now: number): Outgoing | undefined {
    const retry = this.retries.shift();
    if (retry !== undefined) return retry;
    if (this.unsent.length === 0) return undefined;
    const fixes = this.unsent.splice(0, sendsBatches(format) ? MAX_BATCH : 1);
    const request = requestFor(format, this.name, fixes);
    return { request, records: expectedRecords(format, request, now), attempts: 0, duplicate: false };
  }

  /** Keeps a request to send again, first, not before `at`. */
  sendAgain(outgoing: Outgoing, at: number): void {
    this.retries.unshift(outgoing);
    this.retryAt = at;
  }

  /** Sends an answered request once more later, as if its answer had been lost. */
  duplicateLater(outgoing: Outgoing): void {
    this.retries.push({ ...outgoing, attempts: 0, duplicate: true });
  }
}

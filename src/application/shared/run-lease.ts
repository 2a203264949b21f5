import { type Clock, type LockHolder, LocusError, type RunLock } from '../../ports';

const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * The refusal a run gets while another holds the lock: who holds it, since when, when its lease
 * ends, and what to do.
 */
export const lockBusyError = (name: string, held: LockHolder | undefined, now: number): LocusError => {
  if (held === undefined) {
    return new LocusError(
      'PHASE_BUSY',
      `another ${name} run took the lock just now; try again when it has finished`,
      {
        retryable: true,
      },
    );
  }
  const minutes = Math.max(0, Math.ceil((held.expiresAt - now) / 60_000));
  return new LocusError(
    'PHASE_BUSY',
    `another ${name} run holds the lock: run ${held.holder} on ${held.host} (pid ${held.pid}) since ` +
      `${iso(held.since)}; its lease ends at ${iso(held.expiresAt)} (in ${minutes} min) unless it is renewed. ` +
      `Wait for that run to finish; if its process is gone, run ${name} again after ${iso(held.expiresAt)}.`,
    { retryable: true },
  );
};

/**
 * Holds a run lock for the length of a run and renews it at checkpoints once half its time to
 * live has passed, so a long run keeps its lease and a crashed one loses it.
 */
export class RunLease {
  private renewedAt: number;

  private constructor(
    private readonly lock: RunLock,
    private readonly clock: Clock,
    private readonly name: string,
    private readonly holder: string,
    private readonly ttlMs: number,
  ) {
    this.renewedAt = clock.now();
  }

  /**
   * Takes the lock (or fails with `PHASE_BUSY` when another run holds it), runs `work` under the
   * lease, and releases the lock whatever happens.
   */
  static async hold<T>(
    lock: RunLock,
    clock: Clock,
    name: string,
    holder: string,
    ttlMs: number,
    work: (lease: RunLease) => Promise<T>,
  ): Promise<T> {
    if (!(await lock.acquire(name, holder, ttlMs))) {
      throw lockBusyError(name, await lock.holderOf(name).catch(() => undefined), clock.now());
    }
    const lease = new RunLease(lock, clock, name, holder, ttlMs);
    try {
      return await work(lease);
    } finally {
      await lease.release();
    }
  }

  /** Renews the lease when due; fails with `LOCK_LOST` when another run has taken it over. */
  async checkpoint(): Promise<void> {
    if (this.clock.now() - this.renewedAt < this.ttlMs / 2) return;
    if (!(await this.lock.renew(this.name, this.holder, this.ttlMs))) {
      throw new LocusError('LOCK_LOST', `the ${this.name} lock expired and was taken by another run`);
    }
    this.renewedAt = this.clock.now();
  }

  /**
   * Renews the lease now, whatever its age: the check a store makes just before an effect becomes
   * visible (`commitIf`). `false` when another run has taken the lock over.
   */
  async fence(): Promise<boolean> {
    if (!(await this.lock.renew(this.name, this.holder, this.ttlMs))) return false;
    this.renewedAt = this.clock.now();
    return true;
  }

  private async release(): Promise<void> {
    await this.lock.release(this.name, this.holder);
  }
}

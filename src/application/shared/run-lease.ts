import { type Clock, LocusError, type RunLock } from '../../ports';

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
      throw new LocusError(
        'PHASE_BUSY',
        `another ${name} run is in progress; try again when it has finished`,
        {
          retryable: true,
        },
      );
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

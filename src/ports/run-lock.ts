/** Who holds a lock, for the message that tells another run to wait. */
export interface LockHolder {
  /** The holder's id (the run id). */
  readonly holder: string;
  /** The machine and process that took the lock. */
  readonly host: string;
  readonly pid: number;
  /** When the lock was taken and when its lease ends unless renewed (epoch ms). */
  readonly since: number;
  readonly expiresAt: number;
}

/**
 * A named lease that keeps two runs of one phase apart. A lease that is not renewed expires, so a
 * crashed holder never blocks the phase for longer than its time to live.
 */
export interface RunLock {
  /** Takes the lock for `ttlMs` unless another holder's lease is still live; `true` when taken. */
  acquire(name: string, holder: string, ttlMs: number): Promise<boolean>;
  /** Extends a held lease; `false` when it expired and was taken by another holder meanwhile. */
  renew(name: string, holder: string, ttlMs: number): Promise<boolean>;
  /** Gives the lock up; releasing a lock one does not hold changes nothing. */
  release(name: string, holder: string): Promise<void>;
  /** The lock's current (possibly expired) holder; `undefined` when nobody holds it. */
  holderOf(name: string): Promise<LockHolder | undefined>;
}

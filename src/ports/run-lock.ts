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
}

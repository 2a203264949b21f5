import { inject, injectable } from 'inversify';
import type { Clock, LockHolder, RunLock } from '../../ports';
import { TOKENS } from '../../ports/tokens';
import { processIdentity } from '../system/process-identity';

/** Named leases held in process memory, expiring on the injected clock. */
@injectable()
export class InMemoryRunLock implements RunLock {
  private readonly leases = new Map<string, LockHolder>();

  constructor(@inject(TOKENS.Clock) private readonly clock: Clock) {}

  async acquire(name: string, holder: string, ttlMs: number): Promise<boolean> {
    const now = this.clock.now();
    const current = this.leases.get(name);
    if (current !== undefined && current.holder !== holder && current.expiresAt > now) return false;
    const since = current?.holder === holder ? current.since : now;
    this.leases.set(name, { holder, ...processIdentity(), since, expiresAt: now + ttlMs });
    return true;
  }

  /** Extends the lease while it is still the holder's, even past its expiry if nobody took it. */
  async renew(name: string, holder: string, ttlMs: number): Promise<boolean> {
    const current = this.leases.get(name);
    if (current === undefined || current.holder !== holder) return false;
    this.leases.set(name, { ...current, expiresAt: this.clock.now() + ttlMs });
    return true;
  }

  async release(name: string, holder: string): Promise<void> {
    if (this.leases.get(name)?.holder === holder) this.leases.delete(name);
  }

  async holderOf(name: string): Promise<LockHolder | undefined> {
    const current = this.leases.get(name);
    return current === undefined ? undefined : { ...current };
  }
}

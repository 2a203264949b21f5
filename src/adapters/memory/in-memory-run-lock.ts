import { inject, injectable } from 'inversify';
import { TOKENS } from '../../application/tokens';
import type { Clock, RunLock } from '../../ports';

interface Lease {
  readonly holder: string;
  readonly expiresAt: number;
}

/** Named leases held in process memory, expiring on the injected clock. */
@injectable()
export class InMemoryRunLock implements RunLock {
  private readonly leases = new Map<string, Lease>();

  constructor(@inject(TOKENS.Clock) private readonly clock: Clock) {}

  async acquire(name: string, holder: string, ttlMs: number): Promise<boolean> {
    const now = this.clock.now();
    const current = this.leases.get(name);
    if (current !== undefined && current.holder !== holder && current.expiresAt > now) return false;
    this.leases.set(name, { holder, expiresAt: now + ttlMs });
    return true;
  }

  /** Extends the lease while it is still the holder's, even past its expiry if nobody took it. */
  async renew(name: string, holder: string, ttlMs: number): Promise<boolean> {
    const current = this.leases.get(name);
    if (current === undefined || current.holder !== holder) return false;
    this.leases.set(name, { holder, expiresAt: this.clock.now() + ttlMs });
    return true;
  }

  async release(name: string, holder: string): Promise<void> {
    if (this.leases.get(name)?.holder === holder) this.leases.delete(name);
  }
}

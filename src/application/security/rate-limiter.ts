import type { Clock } from '../../ports';
import type { Rate } from './security-settings';

interface Bucket {
  tokens: number;
  at: number;
}

/** Whether a request may go on, and if not, when to try again. */
export type RateDecision = { readonly ok: true } | { readonly ok: false; readonly retryAfterSeconds: number };

const ALLOWED: RateDecision = { ok: true };

/**
 * Token buckets by key (a client address, a token id): each holds up to `rate.amount` requests
 * and refills at `amount / perMs`. Buckets that have refilled completely are forgotten when the
 * map grows past `maxKeys`, so memory stays bounded whatever the number of clients.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly perRequestMs: number;

  constructor(
    private readonly rate: Rate,
    private readonly clock: Clock,
    private readonly maxKeys = 50_000,
  ) {
    this.perRequestMs = rate.perMs / rate.amount;
  }

  /** Takes one request from `key`'s bucket. */
  take(key: string): RateDecision {
    const now = this.clock.now();
    let bucket = this.buckets.get(key);
    if (bucket === undefined) {
      if (this.buckets.size >= this.maxKeys) this.sweep(now);
      bucket = { tokens: this.rate.amount, at: now };
      this.buckets.set(key, bucket);
    } else {
      bucket.tokens = Math.min(this.rate.amount, bucket.tokens + (now - bucket.at) / this.perRequestMs);
      bucket.at = now;
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return ALLOWED;
    }
    return {
      ok: false,
      retryAfterSeconds: Math.max(1, Math.ceil(((1 - bucket.tokens) * this.perRequestMs) / 1000)),
    };
  }

  private sweep(now: number): void {
    for (const [key, bucket] of this.buckets) {
      if (bucket.tokens + (now - bucket.at) / this.perRequestMs >= this.rate.amount) this.buckets.delete(key);
    }
    if (this.buckets.size >= this.maxKeys) this.buckets.clear();
  }
}

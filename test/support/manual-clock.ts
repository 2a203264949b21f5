import type { Clock } from '../../src/ports';

/** A clock that moves only when told to. */
export class ManualClock implements Clock {
  private current: number;

  constructor(start: number = Date.UTC(2026, 10, 28, 9, 15, 0)) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  /** Moves the time forward by `ms` milliseconds. */
  advance(ms: number): void {
    if (ms < 0) throw new Error('a clock cannot go back');
    this.current += ms;
  }

  /** Sets the time (epoch milliseconds). */
  set(epochMillis: number): void {
    this.current = epochMillis;
  }
}

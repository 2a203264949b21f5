import { injectable } from 'inversify';
import type { Clock } from '../../ports';

/** The machine's clock. */
@injectable()
export class SystemClock implements Clock {
  now(): number {
    return Date.now();
  }
}

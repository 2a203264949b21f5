import { randomUUID } from 'node:crypto';
import { injectable } from 'inversify';
import type { IdSource } from '../../ports';

/** Random version 4 UUIDs: lower-case hex digits and `-`. */
@injectable()
export class RandomIdSource implements IdSource {
  next(): string {
    return randomUUID();
  }
}

import type { LocusEvent } from '../../../domain';
import { LocusError } from '../../../ports/errors';
import { mapWithConcurrency } from '../concurrency';
import type { S3Objects } from './s3-objects';

/** One append: the object's whole content. */
export interface AppendObject {
  readonly stream: string;
  readonly recordedAt: number;
  readonly events: readonly LocusEvent[];
  /** The version of the first event (absent in appends written before versions existed). */
  readonly firstVersion?: number;
  /** Unique per append: tells a writer whether the object it reads back is its own. */
  readonly token?: string;
}

/** The folder of a stream's appends, in the work bucket. */
export const streamFolder = (stream: string): string => `journal/${encodeURIComponent(stream)}/`;

const READ_CONCURRENCY = 8;

/**
 * Reads appends by key, `concurrency` at a time; one that is gone reads as an empty append of no
 * stream, one that is not JSON fails with `CORRUPT_OBJECT`.
 */
export const readAppends = (
  objects: S3Objects,
  bucket: string,
  keys: readonly string[],
  concurrency = READ_CONCURRENCY,
): Promise<AppendObject[]> =>
  mapWithConcurrency(keys, concurrency, async (key) => {
    const object = await objects.readText({ bucket, key });
    if (object === undefined) return { stream: '', recordedAt: 0, events: [] };
    try {
      return JSON.parse(object.text) as AppendObject;
    } catch (error) {
      throw new LocusError('CORRUPT_OBJECT', `journal object ${key} is not valid JSON`, { cause: error });
    }
  });
